/**
 * The self check and the helpdesk agent's check, the admin unlock and the
 * single-use verifications, in memory.
 *
 * NOT A DESIGN TO COPY: the mock compares against secrets it keeps in plain
 * text in memory. A real backend keeps them encrypted with a key held
 * outside its database (docs/backend.md).
 */
import { http, type HttpHandler } from 'msw';
import {
  CHALLENGE_LIFETIME_MS,
  CHALLENGE_SIZE,
  EXPOSED_POSITIONS,
  HIGHEST_POSITION,
  LOCK_MS,
  LOCK_WINDOW_MS,
  LOCKS_BEFORE_ADMIN,
  MAX_FAILED_ATTEMPTS,
  MAX_UNLOCKS,
  UNLOCK_WINDOW_MS,
  VERIFICATION_LIFETIME_MS,
} from '../src/policy.js';
import { canonicalCharacters, canonicalSecret } from '../src/rules/index.js';
import { demoChallengeSecret, demoChallengeSecrets, demoUser, paths, route } from './data.js';
import { json, problem } from './problem.js';
import { admit, audit, endSessions, hasRole, userById, type Caller, type MockMode } from './session.js';

export { demoChallengeSecret, demoChallengeSecrets };

// The policy's limits, under the names the mocks have always exported.
export {
  MAX_FAILED_ATTEMPTS as CHALLENGE_MAX_ATTEMPTS,
  LOCK_MS as CHALLENGE_LOCK_MS,
  LOCKS_BEFORE_ADMIN as CHALLENGE_LOCKS_BEFORE_ADMIN,
  LOCK_WINDOW_MS as CHALLENGE_LOCK_WINDOW_MS,
  CHALLENGE_SIZE,
  HIGHEST_POSITION as CHALLENGE_MAX_POSITION,
  CHALLENGE_LIFETIME_MS,
  VERIFICATION_LIFETIME_MS,
  EXPOSED_POSITIONS,
  MAX_UNLOCKS,
  UNLOCK_WINDOW_MS,
};

interface UserChallenge {
  /** Kept until a successful check, so refreshing cannot shop for easier positions. */
  positions: number[];
  challengeId?: string;
  expiresAt?: number;
}

/** Failures and locks of one user: shared by the self and the agent check, and kept across successes. */
interface UserLock {
  failures: number;
  lockedUntil?: number;
  /** Locked until an admin unlocks. */
  untilUnlocked: boolean;
  /** When each lock began, for the escalation. */
  locks: number[];
  /** Who made the failed checks since the last success, unlock or new secret: none of them may unlock. */
  failedBy: Set<string>;
  /** When each unlock happened, for the limit of `MAX_UNLOCKS` a day. */
  unlocks: number[];
}

interface Verification {
  userId: string;
  /** Who ran the check: only they may consume it. */
  actorId: string;
  verifiedAt: number;
  consumed: boolean;
}

/** What a test may read of one user's challenge state. */
export interface ChallengeSnapshot {
  positions: number[] | undefined;
  challengeId: string | undefined;
  expiresAt: string | undefined;
  failures: number;
  lockedUntil: string | undefined;
  /** Locked until an admin unlocks (no `lockedUntil`). */
  untilUnlocked: boolean;
}

const state = new Map<string, UserChallenge>();
const lockState = new Map<string, UserLock>();
const verifications = new Map<string, Verification>();
let lifetime = CHALLENGE_LIFETIME_MS;

/** Forgets every challenge, failure, lock and verification (call between tests). */
export function resetChallengeState(): void {
  state.clear();
  lockState.clear();
  verifications.clear();
  lifetime = CHALLENGE_LIFETIME_MS;
}

/** Changes how long a newly handed-out challenge may be answered. */
export function setChallengeLifetime(ms: number): void {
  lifetime = ms;
}

/**
 * Fixes the positions the next challenge of `userId` asks for (tests and
 * stories need to know them); 1-based, distinct, within 1 to 9.
 */
export function seedChallengePositions(positions: readonly number[], userId: string = demoUser.id): void {
  const entry = entryFor(userId);
  if (!entry) throw new Error(`No demo secret for user ${userId}`);
  const length = [...(secretOf(userId) ?? '')].length;
  const max = Math.min(HIGHEST_POSITION, length);
  if (
    positions.length === 0 ||
    new Set(positions).size !== positions.length ||
    positions.some((p) => !Number.isInteger(p) || p < 1 || p > max)
  ) {
    throw new Error(`Positions must be distinct and within 1 to ${max}`);
  }
  entry.positions = [...positions];
}

/** Makes the current challenge of `userId` expired, as if its time had passed. */
export function expireChallenge(userId: string = demoUser.id): void {
  const entry = entryFor(userId);
  if (entry) entry.expiresAt = Date.now() - 1;
}

/** Locks `userId` out until `until` (default: the normal lock time from now). */
export function lockChallenge(userId: string = demoUser.id, until: Date = new Date(Date.now() + LOCK_MS)): void {
  const lock = lockOf(userId);
  lock.failures = MAX_FAILED_ATTEMPTS;
  lock.lockedUntil = until.getTime();
  lock.untilUnlocked = false;
  lock.locks.push(Date.now());
}

/** Locks `userId` out until an admin unlocks them, as after the third lock in a day. */
export function lockChallengeUntilUnlocked(userId: string = demoUser.id): void {
  const lock = lockOf(userId);
  lock.failures = MAX_FAILED_ATTEMPTS;
  lock.lockedUntil = undefined;
  lock.untilUnlocked = true;
}

/** The demo server's state for `userId`, for assertions. */
export function challengeState(userId: string = demoUser.id): ChallengeSnapshot {
  const entry = state.get(userId);
  const lock = lockState.get(userId);
  return {
    positions: entry ? [...entry.positions] : undefined,
    challengeId: entry?.challengeId,
    expiresAt: entry?.expiresAt === undefined ? undefined : new Date(entry.expiresAt).toISOString(),
    failures: lock?.failures ?? 0,
    lockedUntil: lock?.lockedUntil === undefined ? undefined : new Date(lock.lockedUntil).toISOString(),
    untilUnlocked: lock?.untilUnlocked ?? false,
  };
}

function secretOf(userId: string): string | undefined {
  return userById(userId)?.secret;
}

function lockOf(userId: string): UserLock {
  let lock = lockState.get(userId);
  if (!lock) {
    lock = { failures: 0, untilUnlocked: false, locks: [], failedBy: new Set(), unlocks: [] };
    lockState.set(userId, lock);
  }
  return lock;
}

function entryFor(userId: string): UserChallenge | undefined {
  if (secretOf(userId) === undefined) return undefined;
  let entry = state.get(userId);
  if (!entry) {
    entry = { positions: randomPositions(HIGHEST_POSITION, CHALLENGE_SIZE) };
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

/** `count` distinct 1-based positions within 1..`max`, ascending. */
function randomPositions(max: number, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, max)) chosen.add(randomBelow(max) + 1);
  return [...chosen].sort((a, b) => a - b);
}

function randomId(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The 423 answer while `userId` is locked; ends a lock whose time has run out. */
function locked(userId: string, now: number): Response | undefined {
  const lock = lockState.get(userId);
  if (!lock) return undefined;
  if (lock.untilUnlocked) {
    return problem(423, 'Locked', 'Too many failed checks. Contact your Local Administrator to unlock.');
  }
  if (lock.lockedUntil === undefined) return undefined;
  if (lock.lockedUntil > now) {
    return problem(423, 'Locked', 'Too many failed checks. Try again later.', {
      lockedUntil: new Date(lock.lockedUntil).toISOString(),
    });
  }
  // The lock has run out: a fresh run of attempts (the lock still counts toward escalation).
  lock.lockedUntil = undefined;
  lock.failures = 0;
  return undefined;
}

function unknownUser(): Response {
  return problem(404, 'Not found', 'There is no such user, or they have no account secret.');
}

/** A re-secured account: nothing to check until the user sets a new secret. */
function isResecured(userId: string): boolean {
  return userById(userId)?.mustChange === 'resecured';
}

function resecured(): Response {
  return problem(
    409,
    'Account re-secured',
    'This account was re-secured: there is no secret to check until the user sets a new one.',
  );
}

/** Whose check this is: the caller (self), or the path's user (agent, who must hold the role). */
function subjectOf(
  caller: Caller,
  params: Record<string, string | readonly string[] | undefined>,
  self: boolean,
): string | Response {
  if (self) return caller.session.userId;
  if (!hasRole(caller, 'agent')) return problem(403, 'Forbidden', 'Only a helpdesk agent may check a caller.');
  const id = params.userId;
  // The lenient demo session stands for two people at once, Mary and the
  // helpdesk agent who checks her, so that one page (the demo, the element
  // tests, Storybook) shows both screens; the strict mode refuses.
  if (id === caller.session.userId && !caller.session.lenient)
    return problem(403, 'Forbidden', 'Nobody checks their own account through the helpdesk.');
  return typeof id === 'string' ? id : unknownUser();
}

function handleGet(userId: string): Response {
  if (isResecured(userId)) return resecured();
  const entry = entryFor(userId);
  if (!entry) return unknownUser();
  const now = Date.now();
  const lock = locked(userId, now);
  if (lock) return lock;
  if (!entry.challengeId || entry.expiresAt === undefined || entry.expiresAt <= now) {
    // A new id and deadline, but the same positions until a success.
    entry.challengeId = randomId('c');
    entry.expiresAt = now + lifetime;
  }
  return json({
    challengeId: entry.challengeId,
    positions: entry.positions,
    attemptsRemaining: MAX_FAILED_ATTEMPTS - lockOf(userId).failures,
    expiresAt: new Date(entry.expiresAt).toISOString(),
  });
}

/** One letter: exactly one code point after NFC. */
function isAnswer(value: unknown): value is string {
  return typeof value === 'string' && canonicalCharacters(value).length === 1;
}

function handlePost(caller: Caller, userId: string): Response {
  const secret = secretOf(userId);
  const entry = entryFor(userId);
  if (!isResecured(userId) && (!entry || secret === undefined)) return unknownUser();
  const body = caller.body;
  const fields =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const { challengeId, answers } = fields ?? {};
  if (
    !fields ||
    Object.keys(fields).some((key) => key !== 'challengeId' && key !== 'answers') ||
    typeof challengeId !== 'string' ||
    !Array.isArray(answers) ||
    answers.length < 1 ||
    answers.length > 4 ||
    !answers.every(isAnswer)
  ) {
    return problem(
      400,
      'Bad request',
      'The body must be JSON with a string "challengeId" and "answers", one letter each.',
    );
  }
  if (!entry || secret === undefined) return resecured();
  const now = Date.now();
  const lock = locked(userId, now);
  if (lock) return lock;
  if (challengeId !== entry.challengeId || entry.expiresAt === undefined || entry.expiresAt <= now) {
    return problem(410, 'Challenge expired', 'This challenge has expired or is unknown. Fetch a new one.');
  }
  if (answers.length !== entry.positions.length) {
    return problem(400, 'Bad request', `Expected ${entry.positions.length} answers.`);
  }
  const characters = canonicalCharacters(secret);
  // Every answer is compared, with no early exit: the time taken says nothing of which was wrong.
  let wrong = 0;
  entry.positions.forEach((position, i) => {
    wrong |= characters[position - 1] === canonicalSecret(answers[i]) ? 0 : 1;
  });
  const actorId = caller.session.userId;
  const userLock = lockOf(userId);
  if (wrong === 0) {
    // Success: the next check asks for new positions.
    state.delete(userId);
    userLock.failures = 0;
    userLock.failedBy.clear();
    const verificationId = randomId('v');
    verifications.set(verificationId, { userId, actorId, verifiedAt: now, consumed: false });
    audit({ actorId, userId, action: 'challenge-verified', outcome: 'success' });
    if (actorId !== userId) told(userId, entry.positions, actorId);
    return json({ verified: true, verificationId });
  }
  userLock.failures += 1;
  userLock.failedBy.add(actorId);
  audit({ actorId, userId, action: 'challenge-failed', outcome: 'failure' });
  if (userLock.failures >= MAX_FAILED_ATTEMPTS) {
    userLock.locks = [...userLock.locks.filter((at) => at > now - LOCK_WINDOW_MS), now];
    if (userLock.locks.length >= LOCKS_BEFORE_ADMIN) userLock.untilUnlocked = true;
    else userLock.lockedUntil = now + LOCK_MS;
    entry.challengeId = undefined;
    audit({ actorId, userId, action: 'challenge-locked', outcome: 'failure' });
    return locked(userId, now)!;
  }
  return problem(422, 'Not verified', 'The characters given are not right.', {
    verified: false,
    attemptsRemaining: MAX_FAILED_ATTEMPTS - userLock.failures,
  });
}

/** An agent's successful check told the agent the characters at `positions`. */
function told(userId: string, positions: readonly number[], actorId: string): void {
  const user = userById(userId);
  if (!user) return;
  user.told = [...new Set([...(user.told ?? []), ...positions])];
  if (user.told.length >= EXPOSED_POSITIONS && user.mustChange === undefined) {
    user.mustChange = 'exposed';
    audit({ actorId, userId, action: 'secret-exposed', outcome: 'success' });
  }
}

/** `POST …/unlock`: never one's own account, never by an admin who made a failed check, at most twice a day. */
function handleUnlock(caller: Caller, userId: string): Response {
  if (!hasRole(caller, 'admin')) return problem(403, 'Forbidden', 'Only an admin may unlock.');
  const adminId = caller.session.userId;
  const refuse = (status: number, title: string, detail: string, outcome: `refused-${string}`) => {
    audit({ actorId: adminId, userId, action: 'challenge-unlocked', outcome });
    return problem(status, title, detail);
  };
  if (adminId === userId) return refuse(403, 'Forbidden', 'Nobody unlocks their own account.', 'refused-own-account');
  if (!userById(userId)) return unknownUser();
  const lock = lockOf(userId);
  if (lock.failedBy.has(adminId)) {
    return refuse(
      403,
      'Forbidden',
      'You made some of the failed checks behind this lock: another admin must lift it.',
      'refused-admin-made-failed-checks',
    );
  }
  const now = Date.now();
  lock.unlocks = lock.unlocks.filter((at) => at > now - UNLOCK_WINDOW_MS);
  if (lock.unlocks.length >= MAX_UNLOCKS) {
    return refuse(
      409,
      'Unlock limit reached',
      `This account was unlocked ${MAX_UNLOCKS} times in the last 24 hours.`,
      `refused-limit-${MAX_UNLOCKS}-in-24h`,
    );
  }
  lock.unlocks.push(now);
  lock.failures = 0;
  lock.lockedUntil = undefined;
  lock.untilUnlocked = false;
  lock.failedBy.clear();
  audit({ actorId: adminId, userId, action: 'challenge-unlocked', outcome: 'success' });
  return json({ userId, unlockedAt: new Date(now).toISOString() });
}

/**
 * `POST …/resecure` `{"verificationId"}` (role agent): spends the agent's
 * verification of that user, drops the secret, ends the user's sessions and
 * asks for a new AUP acceptance and a new secret.
 */
function handleResecure(caller: Caller, userId: string): Response {
  if (!hasRole(caller, 'agent')) return problem(403, 'Forbidden', 'Only a helpdesk agent may re-secure an account.');
  const body = caller.body;
  const fields =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const id = fields?.verificationId;
  if (!fields || Object.keys(fields).length !== 1 || typeof id !== 'string' || id === '' || id.length > 128) {
    return problem(400, 'Bad request', 'The body must be JSON with a string "verificationId" and nothing else.');
  }
  const agentId = caller.session.userId;
  const refuse = (status: number, title: string, detail: string, outcome: `refused-${string}`) => {
    audit({ actorId: agentId, userId, action: 'secret-resecured', outcome });
    return problem(status, title, detail);
  };
  if (agentId === userId)
    return refuse(403, 'Forbidden', 'Nobody re-secures their own account.', 'refused-own-account');
  const user = userById(userId);
  if (!user || (user.secret === undefined && user.mustChange !== 'resecured')) return unknownUser();
  const verification = verifications.get(id);
  if (!verification) return problem(404, 'Not found', 'There is no such verification.');
  if (verification.actorId !== agentId) {
    return refuse(
      403,
      'Forbidden',
      'Only the agent who made the check may use its verification.',
      'refused-not-verifier',
    );
  }
  if (verification.userId !== userId) {
    return refuse(
      403,
      'Forbidden',
      'This verification is of another user: check this caller first.',
      'refused-verification-of-another-user',
    );
  }
  const now = Date.now();
  if (verification.consumed || now - verification.verifiedAt > VERIFICATION_LIFETIME_MS) {
    return refuse(
      409,
      'Verification used or expired',
      'This verification was already used, or is too old. Check again.',
      'refused-spent-or-expired',
    );
  }
  verification.consumed = true;
  user.secret = undefined;
  user.mustChange = 'resecured';
  user.resecuredAt = now;
  state.delete(userId);
  endSessions(userId);
  audit({ actorId: agentId, userId, action: 'verification-consumed', outcome: 'success' });
  audit({ actorId: agentId, userId, action: 'secret-resecured', outcome: 'success' });
  return json({ userId, resecuredAt: new Date(now).toISOString() });
}

/**
 * `GET` and `POST` of the self check and the helpdesk agent's check:
 * 3 distinct random positions within 1 to 9 (CSPRNG), kept until a
 * success; canonical, case-insensitive comparison of every answer; a lock
 * after `MAX_FAILED_ATTEMPTS` failures in a row for `LOCK_MS`,
 * and after `LOCKS_BEFORE_ADMIN` locks in a day until an admin
 * unlocks; challenges that expire; a single-use `verificationId` on a
 * success. A user's failures and locks are shared by both paths.
 * An agent's success counts the positions told (a new secret is due at
 * `EXPOSED_POSITIONS`). `POST …/unlock` (admin, within the unlock rules),
 * `POST …/resecure` (agent) and `POST /api/helpdesk/verifications/{id}/consume`
 * (the one who checked, once, within 10 minutes).
 */
export function challengeRoutes(mode: MockMode): HttpHandler[] {
  const get =
    (self: boolean) =>
    async ({
      request,
      params,
    }: {
      request: Request;
      params: Record<string, string | readonly string[] | undefined>;
    }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      const subject = subjectOf(caller, params, self);
      if (typeof subject !== 'string') return subject;
      const answer = handleGet(subject);
      // Every helpdesk read is audited, found or not.
      if (!self)
        audit({
          actorId: caller.session.userId,
          userId: subject,
          action: 'challenge-read',
          outcome: answer.ok ? 'success' : 'failure',
        });
      return answer;
    };
  const post =
    (self: boolean) =>
    async ({
      request,
      params,
    }: {
      request: Request;
      params: Record<string, string | readonly string[] | undefined>;
    }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      const subject = subjectOf(caller, params, self);
      return typeof subject === 'string' ? handlePost(caller, subject) : subject;
    };
  return [
    http.get(route(paths.selfChallenge), get(true)),
    http.post(route(paths.selfChallenge), post(true)),
    http.get(route(paths.agentChallenge), get(false)),
    http.post(route(paths.agentChallenge), post(false)),
    http.post(route(paths.unlock), async ({ request, params }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      return handleUnlock(caller, typeof params.userId === 'string' ? params.userId : '');
    }),
    http.post(route(paths.resecure), async ({ request, params }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      return handleResecure(caller, typeof params.userId === 'string' ? params.userId : '');
    }),
    http.post(route(paths.consumeVerification), async ({ request, params }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      const id = typeof params.verificationId === 'string' ? params.verificationId : '';
      const verification = verifications.get(id);
      if (!verification) return problem(404, 'Not found', 'There is no such verification.');
      if (verification.actorId !== caller.session.userId) {
        return problem(403, 'Forbidden', 'Only the one who ran the check may use its verification.');
      }
      if (verification.consumed || Date.now() - verification.verifiedAt > VERIFICATION_LIFETIME_MS) {
        return problem(
          409,
          'Verification used or expired',
          'This verification was already used, or is too old. Check again.',
        );
      }
      verification.consumed = true;
      audit({
        actorId: caller.session.userId,
        userId: verification.userId,
        action: 'verification-consumed',
        outcome: 'success',
      });
      return json({ userId: verification.userId, verifiedAt: new Date(verification.verifiedAt).toISOString() });
    }),
  ];
}

/** The challenge handlers in lenient mode (the demo user needs no session). */
export const challengeHandlers = challengeRoutes({ lenient: true });
