import { englishOrdinal } from '../internal/i18n.js';
import { commonEnglish } from '../internal/messages.js';

/** "You have 3 attempts left.", "The caller has 1 attempt left."; `no` only where a failure says so. */
const attemptsLeft = (who: string, n: number | 'no') => `${who} ${n} attempt${n === 1 ? '' : 's'} left.`;

/**
 * Every string `<secret-challenge>` shows or announces, in English. A host
 * overrides any of them per instance through the `strings` property; Welsh
 * is loaded on demand when the element's language is `cy`. Strings that
 * differ by mode come in pairs: `…Self` for the user checking their own
 * secret, `…Agent` for the helpdesk agent typing what a caller reads out.
 */
export const secretChallengeEnglish = {
  ...commonEnglish,
  /** "2nd": positions are named by ordinal everywhere. */
  ordinal: englishOrdinal,
  /** The label of each box. */
  charLabel: (n: number) => `${englishOrdinal(n)} character`,
  legendSelf: 'Enter these characters from your account secret',
  legendAgent: 'Ask the caller for these characters of their account secret',
  hintSelf: 'Enter one letter in each box. Capital and small letters are treated the same.',
  hintAgent: 'Type one letter in each box as the caller reads it out. Capital and small letters are treated the same.',
  attemptsSelf: (n: number) => attemptsLeft('You have', n),
  attemptsAgent: (n: number) => attemptsLeft('The caller has', n),
  loading: 'Getting the characters to ask for…',
  retry: 'Try again',
  show: 'Show',
  hide: 'Hide',
  showCharacters: 'Show characters',
  hideCharacters: 'Hide characters',
  charactersShown: 'The characters are visible',
  charactersHidden: 'The characters are hidden',
  fullSecretLabel: 'Or enter your whole account secret',
  fullSecretHint:
    'You can paste it or let your password manager fill it in. Only the characters asked for are used and sent; this box is cleared at once.',
  fullSecretTaken: (ordinals: string, verify: string) =>
    `The ${ordinals} characters have been taken from your secret and it has been cleared. Select ${verify} to check them.`,
  errorFullSecretShort: (n: number) =>
    `What you entered has fewer than ${n} letters, so it cannot be your account secret. Check you entered your account secret, not your password.`,
  errorFullSecretLetters:
    'Your account secret contains only letters. Check you entered your account secret, not your password.',
  /** "2nd, 5th and 8th". */
  list: (items: string[]) =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`,
  verify: 'Verify',
  verifying: 'Checking…',
  errorNotLetter: (n: number) => `The ${englishOrdinal(n)} character must be a letter`,
  errorPasteNotLetters: 'Only letters can be pasted into these boxes',
  errorPasteMismatch:
    'What you pasted does not fit these boxes. Paste one letter for each box, or your whole account secret.',
  errorMissingGroup: 'Enter a letter in each box',
  errorMissing: (n: number) => `Enter the ${englishOrdinal(n)} character`,
  failedSelf: (n: number) => `Those characters are not right. ${attemptsLeft('You have', n || 'no')}`,
  failedAgent: (n: number) => `The characters given are not right. ${attemptsLeft('The caller has', n || 'no')}`,
  lockedTitle: 'Checks are locked',
  lockedSelf: (time: string) =>
    `You have entered the wrong characters too many times. You can try again after ${time}.`,
  lockedAgent: (time: string) =>
    `The wrong characters were given too many times. Do not check this caller's secret again before ${time}: confirm their identity another way, following your local process.`,
  lockedAdminSelf:
    'You have entered the wrong characters too many times, and your checks are locked until they are unlocked for you. Contact your Local Administrator.',
  lockedAdminAgent:
    "The wrong characters were given too many times, and this caller's checks are locked until an administrator unlocks them. Confirm their identity another way, following your local process, and ask them to contact their Local Administrator.",
  expired: 'That check had expired, so there are new characters to ask for. Enter them below.',
  verifiedTitleSelf: 'Your account secret is correct',
  verifiedBodySelf: 'The characters you entered are right.',
  verifiedTitleAgent: 'Identity checked',
  verifiedBodyAgent: 'The caller gave the right characters of their account secret.',
  helpSelf: 'Forgotten your account secret? Contact your Local Administrator.',
  helpAgent: 'If the caller has forgotten their account secret, they need to contact their Local Administrator.',
};

export type SecretChallengeMessages = typeof secretChallengeEnglish;
