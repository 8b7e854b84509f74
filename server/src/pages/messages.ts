/**
 * Every string the journey pages show, in English and Welsh. What an
 * element also says (labels, rules, error messages, ordinals) comes from
 * the element's own tables (`src/*\/messages*.ts`), so a page and the
 * element that enhances it say the same thing in both languages; only the
 * pages' own strings are written here.
 */
import { aupConsentWelsh } from '../../../src/aup-consent/messages.cy.js';
import { aupConsentEnglish } from '../../../src/aup-consent/messages.js';
import { timeOfDay } from '../../../src/internal/i18n.js';
import { secretChallengeWelsh } from '../../../src/secret-challenge/messages.cy.js';
import { secretChallengeEnglish } from '../../../src/secret-challenge/messages.js';
import { secretSetupWelsh } from '../../../src/secret-setup/messages.cy.js';
import { secretSetupEnglish } from '../../../src/secret-setup/messages.js';

export type Lang = 'en' | 'cy';

const pagesEnglish = {
  serviceName: 'Your account secret',
  skipLink: 'Skip to main content',
  /** The link to the other language, written in that language. */
  otherLanguage: 'Cymraeg',
  signedInAs: (userId: string) => `Signed in as ${userId}`,
  signOut: 'Sign out',
  continue: 'Continue',

  signInTitle: 'Sign in',
  signInIntro: 'Development sign-in: for trying the service on your own computer. Anyone can sign in as anyone here.',
  userIdLabel: 'User ID',
  givenNameLabel: 'Given name',
  familyNameLabel: 'Family name',
  organisationLabel: 'Organisation',
  agentLabel: 'Helpdesk agent',
  agentHint: 'Tick this to check callers’ identities too.',
  signInButton: 'Sign in',
  errorUserIdEmpty: 'Enter your User ID',
  errorUserIdLong: 'Your User ID must be 128 characters or fewer',
  errorNameLong: 'This must be 200 characters or fewer',

  aupTitle: 'Read and accept the Acceptable Use Policy',
  aupIntro: 'Read the policy to the end. You need to accept it before you use your account.',
  /** Said before a policy that exists in English only (empty in English). */
  aupEnglishOnly: '',
  acceptAndContinue: 'Accept and continue',

  secretTitle: 'Set your account secret',
  secretTitleNew: 'Set a new account secret',
  secretIntro: 'Helpdesk agents and your Local Administrator use your account secret to check who you are.',
  secretResecured: 'Your account has been re-secured. Choose a new account secret.',
  secretExposed: 'Helpdesk agents have been told several characters of your account secret, so choose a new one.',
  signInAgainTitle: 'Sign in again',
  signInAgain:
    'To set your account secret you must have signed in within the last 15 minutes. Sign in again, then set it.',

  accountTitle: 'Your account secret',
  accountIntro: 'Your account secret is set.',
  checkOwnLink: 'Check your account secret',
  checkCallerLink: 'Check a caller’s identity',
  changeSecretLink: 'Change your account secret',

  checkTitle: 'Check your account secret',
  checkAgain: 'Check it again',
  backToAccount: 'Back to your account',

  helpdeskTitle: 'Check a caller’s identity',
  callerIdLabel: 'The caller’s User ID',
  callerIdHint: 'Ask the caller for their User ID.',
  errorCallerIdEmpty: 'Enter the caller’s User ID',
  errorCallerIdLong: 'A User ID is 128 characters or fewer',
  errorNoSuchCaller: 'There is no user with this User ID, or they have not set an account secret',
  errorOwnAccount: 'You cannot check your own identity here. Use Check your account secret.',
  callerIs: (userId: string) => `Caller: ${userId}`,
  checkAnotherCaller: 'Check another caller',
  notAgent: 'Only a helpdesk agent can check a caller’s identity.',

  errorPageTitle: 'Sorry, there is a problem',
  errorFormExpired: 'This form has expired or did not come from this service. Go back, reload the page and try again.',
  errorNotForm: 'This page takes forms sent from the service’s own pages only.',
  errorTooLarge: 'What was sent is too large. Go back and try again.',
  errorNotFound: 'Page not found',
  errorNotFoundBody: 'If you typed the web address, check it is correct.',
  startAgain: 'Start again',
};

type PageMessages = typeof pagesEnglish;

const pagesWelsh: PageMessages = {
  serviceName: 'Cyfrinach eich cyfrif',
  skipLink: "Neidio i'r prif gynnwys",
  otherLanguage: 'English',
  signedInAs: (userId: string) => `Wedi mewngofnodi fel ${userId}`,
  signOut: 'Allgofnodi',
  continue: 'Parhau',

  signInTitle: 'Mewngofnodi',
  signInIntro:
    'Mewngofnodi datblygu: ar gyfer rhoi cynnig ar y gwasanaeth ar eich cyfrifiadur eich hun. Gall unrhyw un fewngofnodi fel unrhyw un yma.',
  userIdLabel: 'ID defnyddiwr',
  givenNameLabel: 'Enw cyntaf',
  familyNameLabel: 'Cyfenw',
  organisationLabel: 'Sefydliad',
  agentLabel: 'Asiant desg gymorth',
  agentHint: 'Ticiwch hwn i wirio hunaniaeth galwyr hefyd.',
  signInButton: 'Mewngofnodi',
  errorUserIdEmpty: 'Rhowch eich ID defnyddiwr',
  errorUserIdLong: "Rhaid i'ch ID defnyddiwr fod yn 128 nod neu lai",
  errorNameLong: 'Rhaid i hwn fod yn 200 nod neu lai',

  aupTitle: 'Darllenwch a derbyniwch y Polisi Defnydd Derbyniol',
  aupIntro: 'Darllenwch y polisi hyd at y diwedd. Mae angen i chi ei dderbyn cyn i chi ddefnyddio eich cyfrif.',
  aupEnglishOnly: "Mae'r polisi hwn ar gael yn Saesneg yn unig.",
  acceptAndContinue: 'Derbyn a pharhau',

  secretTitle: 'Gosod cyfrinach eich cyfrif',
  secretTitleNew: 'Gosod cyfrinach newydd i’ch cyfrif',
  secretIntro:
    "Mae asiantau desg gymorth a'ch Gweinyddwr Lleol yn defnyddio cyfrinach eich cyfrif i wirio pwy ydych chi.",
  secretResecured: "Mae eich cyfrif wedi cael ei ddiogelu eto. Dewiswch gyfrinach newydd i'ch cyfrif.",
  secretExposed:
    'Mae asiantau desg gymorth wedi cael gwybod sawl nod o gyfrinach eich cyfrif, felly dewiswch un newydd.',
  signInAgainTitle: 'Mewngofnodwch eto',
  signInAgain:
    'I osod cyfrinach eich cyfrif, rhaid eich bod wedi mewngofnodi yn ystod y 15 munud diwethaf. Mewngofnodwch eto, yna gosodwch hi.',

  accountTitle: 'Cyfrinach eich cyfrif',
  accountIntro: "Mae cyfrinach eich cyfrif wedi'i gosod.",
  checkOwnLink: 'Gwirio cyfrinach eich cyfrif',
  checkCallerLink: 'Gwirio hunaniaeth galwr',
  changeSecretLink: 'Newid cyfrinach eich cyfrif',

  checkTitle: 'Gwirio cyfrinach eich cyfrif',
  checkAgain: 'Ei gwirio eto',
  backToAccount: "Yn ôl i'ch cyfrif",

  helpdeskTitle: 'Gwirio hunaniaeth galwr',
  callerIdLabel: 'ID defnyddiwr y galwr',
  callerIdHint: "Gofynnwch i'r galwr am eu ID defnyddiwr.",
  errorCallerIdEmpty: 'Rhowch ID defnyddiwr y galwr',
  errorCallerIdLong: 'Mae ID defnyddiwr yn 128 nod neu lai',
  errorNoSuchCaller: "Nid oes defnyddiwr gyda'r ID defnyddiwr hwn, neu nid ydynt wedi gosod cyfrinach cyfrif",
  errorOwnAccount: 'Ni allwch wirio eich hunaniaeth eich hun yma. Defnyddiwch Gwirio cyfrinach eich cyfrif.',
  callerIs: (userId: string) => `Galwr: ${userId}`,
  checkAnotherCaller: 'Gwirio galwr arall',
  notAgent: "Dim ond asiant desg gymorth sy'n gallu gwirio hunaniaeth galwr.",

  errorPageTitle: "Mae'n ddrwg gennym, mae problem wedi codi",
  errorFormExpired:
    "Mae'r ffurflen hon wedi dod i ben, neu ni ddaeth o'r gwasanaeth hwn. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni.",
  errorNotForm: "Mae'r dudalen hon yn derbyn ffurflenni a anfonwyd o dudalennau'r gwasanaeth ei hun yn unig.",
  errorTooLarge: "Mae'r hyn a anfonwyd yn rhy fawr. Ewch yn ôl a rhowch gynnig arall arni.",
  errorNotFound: "Heb ddod o hyd i'r dudalen",
  errorNotFoundBody: "Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir.",
  startAgain: 'Dechrau eto',
};

/** Everything one page may say, in one language: the pages' strings and the elements'. */
export interface Messages {
  lang: Lang;
  page: PageMessages;
  setup: typeof secretSetupEnglish;
  challenge: typeof secretChallengeEnglish;
  aup: typeof aupConsentEnglish;
  /** A time of day (with the date when not today), as the elements write it. */
  time(date: Date): string;
}

const tables: Record<Lang, Messages> = {
  en: {
    lang: 'en',
    page: pagesEnglish,
    setup: secretSetupEnglish,
    challenge: secretChallengeEnglish,
    aup: aupConsentEnglish,
    time: (date) => timeOfDay(date, 'en'),
  },
  cy: {
    lang: 'cy',
    page: pagesWelsh,
    setup: secretSetupWelsh,
    challenge: secretChallengeWelsh,
    aup: aupConsentWelsh,
    time: (date) => timeOfDay(date, 'cy'),
  },
};

export function messagesFor(lang: Lang): Messages {
  return tables[lang];
}

/**
 * The page's language: `?lang=` first (a person's explicit choice), then
 * the one kept from an earlier choice, then the browser's
 * `Accept-Language` (the first of `cy` and `en` by quality), else English.
 */
export function chooseLanguage(
  query: string | undefined,
  kept: string | undefined,
  acceptLanguage: string | undefined,
): { lang: Lang; chosen: boolean } {
  if (query === 'cy' || query === 'en') return { lang: query, chosen: true };
  if (kept === 'cy' || kept === 'en') return { lang: kept, chosen: false };
  let best: { lang: Lang; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const primary = tag.split('-')[0];
    if (primary !== 'cy' && primary !== 'en') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang: primary, q };
  }
  return { lang: best?.lang ?? 'en', chosen: false };
}
