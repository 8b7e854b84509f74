import { http, HttpResponse } from 'msw';
import { sameSecret } from '../src/rules/index.js';
import { demoUser, paths } from './data.js';
import { jsonBody, problem } from './problem.js';

/**
 * Mary Smith's current account secret, as the demo server knows it. The
 * self check (`paths.selfChallenge`) and the helpdesk agent's check of
 * `mary-smith` (`paths.agentChallenge`) ask for characters of it.
 */
export const demoChallengeSecret = 'kingfisher';

/**
 * The users the demo helpdesk can check, by user id, with their secrets.
 * Any other user id answers 404.
 */
export const demoChallengeSecrets: Readonly<Record<string, string>> = {
  [demoUser.id]: demoChallengeSecret,
  'ahmed-khan': 'lighthousekeeper',
};

/** Failed checks before a user is locked out. */
export const CHALLENGE_MAX_ATTEMPTS = 5;
/** How long a lock lasts. */
export const CHALLENGE_LOCK_MS = 15 * 60 * 1000;
/** How many characters a challenge asks for. */
export const CHALLENGE_SIZE = 3;
/** How long a challenge may be answered after it was handed out, unless changed by `setChallengeLifetime`. */
export const CHALLENGE_LIFETIME_MS = 10 * 60 * 1000;

interface UserChallenge {
  /** Kept until a successful check, so refreshing cannot shop for easier positions. */
  positions: number[];
  challengeId?: string;
  expiresAt?: number;
  failures: number;
  lockedUntil?: number;
}

/** What a test may read of one user's challenge state. */
export interface ChallengeSnapshot {
  positions: number[] | undefined;
  challengeId: string | undefined;
  expiresAt: string | undefined;
  failures: number;
  lockedUntil: string | undefined;
}

const state = new Map<string, UserChallenge>();
let lifetime = CHALLENGE_LIFETIME_MS;

/** Forgets every challenge, failure and lock (call between tests). */
export function resetChallengeState(): void {
  state.clear();
  lifetime = CHALLENGE_LIFETIME_MS;
}

/** Changes how long a newly handed-out challenge may be answered. */
export function setChallengeLifetime(ms: number): void {
  lifetime = ms;
}

/**
 * Fixes the positions the next challenge of `userId` asks for (tests and
 * stories need to know them); 1-based, as the contract says.
 */
export function seedChallengePositions(positions: readonly number[], userId: string = demoUser.id): void {
  const entry = entryFor(userId);
  if (!entry) throw new Error(`No demo secret for user ${userId}`);
  const secret = demoChallengeSecrets[userId];
  if (positions.length === 0 || positions.some((p) => !Number.isInteger(p) || p < 1 || p > [...secret].length)) {
    throw new Error(`Positions must be within the ${[...secret].length} characters of the secret`);
  }
  entry.positions = [...positions];
}

/** Makes the current challenge of `userId` expired, as if its time had passed. */
export function expireChallenge(userId: string = demoUser.id): void {
  const entry = entryFor(userId);
  if (entry) entry.expiresAt = Date.now() - 1;
}

/** Locks `userId` out until `until` (default: the normal lock time from now). */
export function lockChallenge(userId: string = demoUser.id, until: Date = new Date(Date.now() + CHALLENGE_LOCK_MS)): void {
  const entry = entryFor(userId);
  if (!entry) return;
  entry.failures = CHALLENGE_MAX_ATTEMPTS;
  entry.lockedUntil = until.getTime();
}

/** The demo server's state for `userId`, for assertions. */
export function challengeState(userId: string = demoUser.id): ChallengeSnapshot {
  const entry = state.get(userId);
  return {
    positions: entry ? [...entry.positions] : undefined,
    challengeId: entry?.challengeId,
    expiresAt: entry?.expiresAt === undefined ? undefined : new Date(entry.expiresAt).toISOString(),
    failures: entry?.failures ?? 0,
    lockedUntil: entry?.lockedUntil === undefined ? undefined : new Date(entry.lockedUntil).toISOString(),
  };
}

function entryFor(userId: string): UserChallenge | undefined {
  const secret = demoChallengeSecrets[userId];
  if (secret === undefined) return undefined;
  let entry = state.get(userId);
  if (!entry) {
    entry = { positions: randomPositions([...secret].length, CHALLENGE_SIZE), failures: 0 };
    state.set(userId, entry);
  }
  return entry;
}

/** A uniformly random integer in [0, bound), from the platform's CSPRNG. */
function randomBelow(bound: number): number {
  // Rejection sampling: a plain modulo would favour small numbers.
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  const word = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(word);
    if (word[0] < limit) return word[0] % bound;
  }
}

/** `count` distinct 1-based positions within `length`, ascending. */
function randomPositions(length: number, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, length)) chosen.add(randomBelow(length) + 1);
  return [...chosen].sort((a, b) => a - b);
}

function newChallengeId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `c-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function locked(entry: UserChallenge, now: number): Response | undefined {
  if (entry.lockedUntil === undefined) return undefined;
  if (entry.lockedUntil > now) {
    return problem(423, 'Locked', 'Too many failed checks. Try again later.', {
      lockedUntil: new Date(entry.lockedUntil).toISOString(),
    });
  }
  // The lock has run out: a fresh set of attempts.
  entry.lockedUntil = undefined;
  entry.failures = 0;
  return undefined;
}

function unknownUser(): Response {
  return problem(404, 'Not found', 'There is no such user.');
}

function userOf(params: Record<string, string | readonly string[] | undefined>, self: boolean): string | undefined {
  if (self) return demoUser.id;
  const id = params.userId;
  return typeof id === 'string' ? id : undefined;
}

function handleGet(userId: string | undefined): Response {
  const entry = userId === undefined ? undefined : entryFor(userId);
  if (!entry) return unknownUser();
  const now = Date.now();
  const lock = locked(entry, now);
  if (lock) return lock;
  if (!entry.challengeId || entry.expiresAt === undefined || entry.expiresAt <= now) {
    // A new id and deadline, but the same positions until a success.
    entry.challengeId = newChallengeId();
    entry.expiresAt = now + lifetime;
  }
  return HttpResponse.json({
    challengeId: entry.challengeId,
    positions: entry.positions,
    attemptsRemaining: CHALLENGE_MAX_ATTEMPTS - entry.failures,
    expiresAt: new Date(entry.expiresAt).toISOString(),
  });
}

function isAnswer(value: unknown): value is string {
  return typeof value === 'string' && [...value].length === 1;
}

async function handlePost(userId: string | undefined, request: Request): Promise<Response> {
  const secret = userId === undefined ? undefined : demoChallengeSecrets[userId];
  const entry = userId === undefined ? undefined : entryFor(userId);
  if (!entry || secret === undefined) return unknownUser();
  const body = await jsonBody(request);
  const { challengeId, answers } = (typeof body === 'object' && body !== null ? body : {}) as {
    challengeId?: unknown;
    answers?: unknown;
  };
  if (typeof challengeId !== 'string' || !Array.isArray(answers) || !answers.every(isAnswer)) {
    return problem(400, 'Bad request', 'The body must be JSON with a string "challengeId" and "answers", one character each.');
  }
  const now = Date.now();
  const lock = locked(entry, now);
  if (lock) return lock;
  if (challengeId !== entry.challengeId || entry.expiresAt === undefined || entry.expiresAt <= now) {
    return problem(410, 'Challenge expired', 'This challenge has expired or is unknown. Fetch a new one.');
  }
  if (answers.length !== entry.positions.length) {
    return problem(400, 'Bad request', `Expected ${entry.positions.length} answers.`);
  }
  const characters = [...secret.normalize('NFC')];
  const right = entry.positions.every((position, i) => sameSecret(characters[position - 1] ?? '', answers[i]));
  if (right) {
    // Success: the next check asks for new positions.
    state.delete(userId!);
    return HttpResponse.json({ verified: true });
  }
  entry.failures += 1;
  if (entry.failures >= CHALLENGE_MAX_ATTEMPTS) {
    entry.lockedUntil = now + CHALLENGE_LOCK_MS;
    entry.challengeId = undefined;
    return locked(entry, now)!;
  }
  return problem(422, 'Not verified', 'The characters given are not right.', {
    verified: false,
    attemptsRemaining: CHALLENGE_MAX_ATTEMPTS - entry.failures,
  });
}

/**
 * `GET` and `POST` of the self check and the helpdesk agent's check:
 * random positions (crypto), kept until a success; case-insensitive
 * comparison; a lock after `CHALLENGE_MAX_ATTEMPTS` failures for
 * `CHALLENGE_LOCK_MS`; challenges that expire. A user's state is shared by
 * both paths: a lock applies whoever is checking.
 */
export const challengeHandlers = [
  http.get(paths.selfChallenge, () => handleGet(userOf({}, true))),
  http.post(paths.selfChallenge, ({ request }) => handlePost(userOf({}, true), request)),
  http.get(paths.agentChallenge, ({ params }) => handleGet(userOf(params, false))),
  http.post(paths.agentChallenge, ({ params, request }) => handlePost(userOf(params, false), request)),
];
