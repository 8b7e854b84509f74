import { commonEnglish } from '../internal/messages.js';

/**
 * Every string `<secret-setup>` shows or announces, in English. A host
 * overrides any of them per instance through the `strings` property; Welsh
 * is loaded on demand when the element's language is `cy`.
 */
export const secretSetupEnglish = {
  ...commonEnglish,
  warningTitle: 'Important',
  warning:
    'You will never be asked for your whole account secret, only some of its characters. Never share it with anyone: doing so puts your account at risk.',
  secretLabel: 'Account secret',
  secretHint: 'Choose a word made of letters that you will remember.',
  confirmLabel: 'Enter your account secret again',
  show: 'Show',
  hide: 'Hide',
  showSecret: 'Show secret',
  hideSecret: 'Hide secret',
  secretShown: 'Your secret is visible',
  secretHidden: 'Your secret is hidden',
  rulesTitle: 'Your secret must:',
  ruleLetters: 'contain only letters',
  ruleNotName: "not be your name or your organisation's name",
  ruleLength: (min: number) => `be at least ${min} letters long`,
  ruleTooLong: (max: number) => `be no more than ${max} letters long`,
  ruleHistory: (size: number) => `not be one of your last ${size} secrets`,
  ruleMatch: 'match in both boxes',
  stateMet: 'Done:',
  stateUnmet: 'To do:',
  statePending: 'Checked when you save:',
  rulesSummary: (met: number, total: number) => `${met} of ${total} rules met`,
  rulesAllMet: 'All rules met',
  save: 'Save secret',
  saving: 'Saving…',
  errorEmpty: 'Enter an account secret',
  errorLetters: 'Your secret must contain only letters (A to Z)',
  errorLettersUnicode: 'Your secret must contain only letters',
  errorNotName: "Your secret must not be your name or your organisation's name",
  errorTooShort: (min: number) => `Your secret must be at least ${min} letters long`,
  errorTooLong: (max: number) => `Your secret must be ${max} letters or fewer`,
  errorHistory: (size: number) => `Your secret must not be one of your last ${size} secrets`,
  errorConfirmEmpty: 'Enter your account secret again',
  errorMatch: 'The secrets you entered do not match',
  successTitle: 'Your account secret has been saved',
  successBody:
    'Remember it: a helpdesk agent may ask you for some of its characters to check who you are. Nobody will ask for the whole secret.',
  ok: 'OK',
};

export type SecretSetupMessages = typeof secretSetupEnglish;

/** Locale packs other than English, loaded on demand; one table for every instance. */
export const secretSetupLocales = { cy: () => import('./messages.cy.js').then((m) => m.secretSetupWelsh) };
