/**
 * The pure logic of `<secret-challenge>`: which positions may be asked,
 * what a server's answers mean, and which characters of a whole secret are
 * kept. No DOM, no Lit: tested table-first (test/challenge-model.test.ts).
 */
import { isRecord, unexpected, type HttpResponse, badResponse } from '../internal/http.js';
import { DEFAULT_MAX_LENGTH } from '../rules/index.js';

/** At most this many characters are asked at once: more would give away too much of the secret. */
const MAX_ASKED = 4;
/** The highest position that can exist: the longest secret the rules allow. */
const MAX_POSITION = DEFAULT_MAX_LENGTH;

export interface Challenge {
  id: string;
  positions: number[];
  attemptsRemaining?: number;
}

/** One letter, in any script (a secret may be `unicode`); digits, spaces, symbols and emoji are not. */
export function isLetter(char: string): boolean {
  return /^\p{L}$/u.test(char);
}

/** The characters of `text` as the rules count them (code points after NFC). */
export function characters(text: string): string[] {
  return [...text.normalize('NFC')];
}

/** 1 to 4 distinct integer positions from 1 to 64: anything else is refused, never trimmed. */
export function isPositionList(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= MAX_ASKED &&
    value.every((p) => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= MAX_POSITION) &&
    new Set(value).size === value.length
  );
}

/** The items of a `positions` attribute (`"2,5,8"`, commas and/or spaces), as numbers; checked by `isPositionList`. */
export function parsePositions(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((item) => item !== '')
    .map((item) => (/^\d+$/.test(item) ? Number(item) : Number.NaN));
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isTime(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** The 423's `lockedUntil`; null when absent: a lock only an admin can lift. */
function lockedUntilOf(response: HttpResponse): string | null {
  const { body } = response;
  if (isRecord(body) && body.lockedUntil === undefined) return null;
  if (!isRecord(body) || !isTime(body.lockedUntil)) throw badResponse(response.status);
  return body.lockedUntil;
}

/** What a `GET` answered: a challenge, or a lock. Anything else throws a classified `RequestError`. */
export type Fetched = { kind: 'challenge'; challenge: Challenge } | { kind: 'locked'; lockedUntil: string | null };

export function fetchedOf(response: HttpResponse): Fetched {
  if (response.status === 423) return { kind: 'locked', lockedUntil: lockedUntilOf(response) };
  if (response.status !== 200) throw unexpected(response);
  const { body } = response;
  if (!isRecord(body)) throw badResponse(200);
  const { challengeId, positions, attemptsRemaining, expiresAt } = body;
  if (
    typeof challengeId !== 'string' ||
    challengeId === '' ||
    !isPositionList(positions) ||
    (attemptsRemaining !== undefined && !isCount(attemptsRemaining)) ||
    (expiresAt !== undefined && !isTime(expiresAt))
  ) {
    throw badResponse(200);
  }
  return { kind: 'challenge', challenge: { id: challengeId, positions: [...positions], attemptsRemaining } };
}

/** What a `POST` of answers came to. Anything else throws a classified `RequestError`. */
export type Verdict =
  | { kind: 'verified'; verificationId?: string }
  | { kind: 'failed'; attemptsRemaining: number }
  | { kind: 'locked'; lockedUntil: string | null }
  | { kind: 'expired' };

export function verdictOf(response: HttpResponse): Verdict {
  const { status, body } = response;
  if (status === 200) {
    if (!isRecord(body) || body.verified !== true) throw badResponse(status);
    const { verificationId } = body;
    if (verificationId === undefined) return { kind: 'verified' };
    if (typeof verificationId !== 'string' || verificationId === '') throw badResponse(status);
    return { kind: 'verified', verificationId };
  }
  if (status === 422) {
    const remaining = isRecord(body) && body.verified === false ? body.attemptsRemaining : undefined;
    if (!isCount(remaining)) throw badResponse(status);
    return { kind: 'failed', attemptsRemaining: remaining };
  }
  if (status === 423) return { kind: 'locked', lockedUntil: lockedUntilOf(response) };
  if (status === 410) return { kind: 'expired' };
  throw unexpected(response);
}

/** Why a whole secret was not used. */
export type Refusal = 'not-letters' | 'too-short';

/**
 * The asked characters of a whole secret, in the order of `positions`, or
 * why not. The secret must reach the highest position, and hold at least
 * twice as many letters as are asked: the asked characters are never more
 * than half of what was given, so a server (or a script setting positions)
 * cannot collect a secret by asking for all of it.
 */
export function askedOf(chars: readonly string[], positions: readonly number[]): string[] | Refusal {
  if (!chars.every(isLetter)) return 'not-letters';
  if (chars.length < shortestWhole(positions)) return 'too-short';
  return positions.map((position) => chars[position - 1]);
}

/** The fewest letters a whole secret must have to be taken for these positions. */
export function shortestWhole(positions: readonly number[]): number {
  return Math.max(...positions, 2 * positions.length);
}
