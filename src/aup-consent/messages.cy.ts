import { commonWelsh } from '../internal/messages.cy.js';
import type { AupConsentMessages } from './messages.js';

/** Welsh strings of `<aup-consent>`, loaded only when the element's language is `cy`. */
export const aupConsentWelsh: AupConsentMessages = {
  ...commonWelsh,
  policyLabel: 'Polisi Defnydd Derbyniol',
  loading: "Wrthi'n llwytho'r polisi…",
  loadFailed: 'Nid oedd modd dangos y polisi.',
  retry: "Rhowch gynnig arall ar lwytho'r polisi",
  opensInNewTab: '(yn agor mewn tab newydd)',
  hintUnread: 'Sgroliwch i ddiwedd y polisi cyn i chi ei dderbyn.',
  hintRead: 'Rydych wedi cyrraedd diwedd y polisi.',
  readAnnouncement: 'Rydych wedi cyrraedd diwedd y polisi. Gallwch ei dderbyn nawr.',
  mustReadFirst: 'Mae angen i chi sgrolio i ddiwedd y polisi cyn y gallwch ei dderbyn.',
  accept: 'Derbyn',
  accepting: "Wrthi'n derbyn…",
  decline: 'Gwrthod',
  earlierAcceptance: (when: string) =>
    `Gwnaethoch dderbyn y Polisi Defnydd Derbyniol ddiwethaf ar ${when}. Darllenwch ef eto a'i dderbyn i barhau.`,
  confirmationTitle: 'Rydych wedi derbyn y Polisi Defnydd Derbyniol',
  confirmationBody: (version: string, when: string) =>
    version ? `Gwnaethoch dderbyn fersiwn ${version} ar ${when}.` : `Gwnaethoch ei dderbyn ar ${when}.`,
  withdraw: 'Tynnu fy nerbyniad yn ôl',
  errorRequired: "Darllenwch y Polisi Defnydd Derbyniol hyd at y diwedd a'i dderbyn",
};
