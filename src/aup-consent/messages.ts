import { commonEnglish } from '../internal/messages.js';

/**
 * Every string `<aup-consent>` shows or announces, in English. A host
 * overrides any of them per instance through the `strings` property; Welsh
 * is loaded on demand when the element's language is `cy`.
 */
export const aupConsentEnglish = {
  ...commonEnglish,
  policyLabel: 'Acceptable Use Policy',
  loading: 'Loading the policy…',
  loadFailed: 'The policy could not be shown.',
  retry: 'Try loading the policy again',
  opensInNewTab: '(opens in a new tab)',
  hintUnread: 'Scroll to the end of the policy before you accept it.',
  hintRead: 'You have reached the end of the policy.',
  readAnnouncement: 'You have reached the end of the policy. You can now accept it.',
  mustReadFirst: 'You need to scroll to the end of the policy before you can accept it.',
  accept: 'Accept',
  accepting: 'Accepting…',
  decline: 'Decline',
  /** The earlier acceptance named by `accepted-at`; the user must accept again. */
  earlierAcceptance: (when: string) =>
    `You last accepted the Acceptable Use Policy on ${when}. Read it again and accept it to continue.`,
  confirmationTitle: 'You have accepted the Acceptable Use Policy',
  confirmationBody: (version: string, when: string) =>
    version ? `You accepted version ${version} on ${when}.` : `You accepted it on ${when}.`,
  withdraw: 'Withdraw my acceptance',
  errorRequired: 'Read the Acceptable Use Policy to the end and accept it',
};

export type AupConsentMessages = typeof aupConsentEnglish;
