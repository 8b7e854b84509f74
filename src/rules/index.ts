/**
 * The account secret rules: pure logic, no DOM, no Lit.
 *
 * The same module runs in the browser (inside `<secret-setup>`) and on a
 * server (`import { evaluateSecret } from 'account-secret-elements/rules'`),
 * so a backend can apply exactly the checks the user saw.
 */

/** Stable public rule ids, in display order. The HTTP API uses them too. */
export const RULE_IDS = ['letters', 'not-name', 'length', 'history', 'match'] as const;

export type RuleId = (typeof RULE_IDS)[number];

/**
 * `pending`: the client cannot decide and the server will (history, or the
 * name rule when no names are known).
 */
export type RuleState = 'met' | 'unmet' | 'pending';

export interface RuleResult {
  id: RuleId;
  state: RuleState;
}

export type Alphabet = 'latin' | 'unicode';

export interface SecretContext {
  givenName?: string;
  familyName?: string;
  organisation?: string;
  /** Fewest characters allowed. Default 9 ("longer than 8 characters"). */
  minLength?: number;
  /** Most characters allowed. Default 64. */
  maxLength?: number;
  /** `latin`: A-Z and a-z only (default). `unicode`: any letter after NFC. */
  alphabet?: Alphabet;
}

export const DEFAULT_MIN_LENGTH = 9;
export const DEFAULT_MAX_LENGTH = 64;

const LATIN_LETTERS = /^[A-Za-z]+$/;
const UNICODE_LETTERS = /^\p{L}+$/u;
const NON_LETTERS = /\P{L}/gu;

/**
 * Lower case one code point at a time. `toLowerCase` is locale-independent
 * (`toLocaleLowerCase` in a tr-TR process turns `I` into `ı`); taking each
 * code point on its own also drops the one context rule, so a Σ is σ
 * wherever it stands, not ς at the end of a word.
 */
function lowerEach(text: string): string[] {
  return Array.from(text, (codePoint) => codePoint.toLowerCase());
}

/**
 * The canonical characters of a secret: one entry per code point of its
 * NFC form, each lower-cased on its own, so the n-th entry is always the
 * person's n-th letter (a lower-cased entry may be longer: `İ` gives `i̇`).
 * The reference server and the mocks compare and hash this form; use it for
 * any comparison of secrets or of their characters.
 */
export function canonicalCharacters(text: string): string[] {
  return lowerEach(text.normalize('NFC'));
}

/** The canonical form of a whole secret: its canonical characters, joined. */
export function canonicalSecret(text: string): string {
  return canonicalCharacters(text).join('');
}

/**
 * Folds a name or secret for comparison: compatibility forms unified (so
 * full-width or ligature letters match their plain forms), lower case as in
 * the canonical form, and every non-letter dropped (so "Mary-Jane O'Neil"
 * and "maryjaneoneil" match).
 */
export function foldForComparison(text: string): string {
  const normal = text.normalize('NFKC');
  // Lower-casing the whole string differs from lower-casing each code point
  // only at a final sigma (the one context rule): same result without a Σ,
  // and far faster than one string per code point (it runs on every keystroke).
  const lower = normal.includes('\u03a3') ? lowerEach(normal).join('') : normal.toLowerCase();
  return lower.replace(NON_LETTERS, '');
}

/** Length as a person counts it: code points after NFC, so "é" is one. */
export function secretLength(secret: string): number {
  let n = 0;
  // Iterating a string walks code points, not UTF-16 units.
  for (const _ of secret.normalize('NFC')) n++;
  return n;
}

function lettersState(secret: string, alphabet: Alphabet): RuleState {
  const pattern = alphabet === 'unicode' ? UNICODE_LETTERS : LATIN_LETTERS;
  return pattern.test(secret.normalize('NFC')) ? 'met' : 'unmet';
}

/** The folded names for the last names asked about: they change far less often than the secret, which changes on every keystroke. */
let namesSeen: string[] = [];
let namesFolded: { equalTo: string[]; contains: string[] } | undefined;

/** What the secret must not equal, and must not contain; undefined when no name is known. */
function foldedNames(context: SecretContext): typeof namesFolded {
  const names = [context.givenName ?? '', context.familyName ?? '', context.organisation ?? ''];
  if (names.some((name, index) => name !== namesSeen[index])) {
    const [given, family, organisation] = names.map(foldForComparison);
    const fullNames = given && family ? [given + family, family + given] : [];
    namesSeen = names;
    namesFolded =
      given || family || organisation
        ? {
            equalTo: [given, family, organisation, ...fullNames].filter(Boolean),
            contains: [organisation, ...fullNames].filter(Boolean),
          }
        : undefined;
  }
  return namesFolded;
}

function notNameState(secret: string, context: SecretContext): RuleState {
  if (secret === '') return 'unmet';
  const names = foldedNames(context);
  if (!names) return 'pending';
  const folded = foldForComparison(secret);
  return names.equalTo.includes(folded) || names.contains.some((name) => folded.includes(name)) ? 'unmet' : 'met';
}

function lengthState(secret: string, min: number, max: number): RuleState {
  const n = secretLength(secret);
  return n >= min && n <= max ? 'met' : 'unmet';
}

/**
 * Evaluates a candidate secret against the rules the client can check.
 *
 * Returns `letters`, `not-name`, `length` and `history` in display order.
 * `history` is always `pending` here: only the server knows earlier secrets.
 * `match` belongs to `<secret-setup>`'s confirmation field and is not
 * returned.
 */
export function evaluateSecret(secret: string, context: SecretContext = {}): RuleResult[] {
  const min = context.minLength ?? DEFAULT_MIN_LENGTH;
  const max = context.maxLength ?? DEFAULT_MAX_LENGTH;
  return [
    { id: 'letters', state: lettersState(secret, context.alphabet ?? 'latin') },
    { id: 'not-name', state: notNameState(secret, context) },
    { id: 'length', state: lengthState(secret, min, max) },
    { id: 'history', state: 'pending' },
  ];
}

/** Whether two secrets are the same to a server (history): their canonical forms are equal. */
export function sameSecret(a: string, b: string): boolean {
  return canonicalSecret(a) === canonicalSecret(b);
}

/** Whether a string is a rule id (for validating server answers). */
export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && (RULE_IDS as readonly string[]).includes(value);
}
