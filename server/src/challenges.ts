/**
 * Challenges: positions, answers, failures, locks and verifications. Every
 * decision is taken under the account's row lock: inside one transaction,
 * or (an answer) inside the database function answer_challenge(), so
 * several processes on one PostgreSQL count as one.
 */
import { randomBytes, randomInt } from 'node:crypto';
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
} from '../../src/policy.js';
import { audit } from './audit.js';
import { run, statement } from './database.js';
import { ACCOUNT_READ_COLUMNS } from './schema.js';
import type { AccountRead, Db } from './schema.js';
import type { KeyProvider } from './key-provider.js';
import { canonicalAnswer, resealSecret, verifyCharacters } from './secret-crypto.js';

export interface ChallengeServices {
  db: Db;
  keys: KeyProvider;
  now: () => Date;
}

type Locked = { kind: 'locked'; lockedUntil?: Date };

/** The account was re-secured: no secret to check until the user sets a new one. */
type Resecured = { kind: 'resecured' };

export type ChallengeResult =
  | { kind: 'not-found' }
  | Resecured
  | Locked
  | { kind: 'ok'; challengeId: string; positions: number[]; attemptsRemaining: number; expiresAt: Date };

export type AnswerResult =
  | { kind: 'not-found' }
  | Resecured
  | Locked
  | { kind: 'expired' }
  | { kind: 'bad-answers'; detail: string }
  | { kind: 'verified'; verificationId: string }
  | { kind: 'failed'; attemptsRemaining: number };

/** `CHALLENGE_SIZE` distinct positions in 1..9, ascending, from the CSPRNG. */
export function drawPositions(): number[] {
  const chosen = new Set<number>();
  while (chosen.size < CHALLENGE_SIZE) chosen.add(randomInt(1, HIGHEST_POSITION + 1));
  return [...chosen].sort((a, b) => a - b);
}

function newId(prefix: string): string {
  return `${prefix}-${randomBytes(16).toString('base64url')}`;
}

export type Trx = Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0];

async function lockedAccount(trx: Trx, userId: string) {
  return trx.selectFrom('accounts').selectAll().where('user_id', '=', userId).forUpdate().executeTakeFirst();
}

/** The lock state, clearing a lock whose time has run out (a fresh set of attempts). */
async function currentLock(
  trx: Trx,
  account: { user_id: string; admin_lock: boolean; locked_until: Date | null; failures: number },
  now: Date,
): Promise<Locked | undefined> {
  if (account.admin_lock) return { kind: 'locked' };
  if (account.locked_until === null) return undefined;
  const until = new Date(account.locked_until);
  if (until > now) return { kind: 'locked', lockedUntil: until };
  await trx
    .updateTable('accounts')
    .set({ locked_until: null, failures: 0 })
    .where('user_id', '=', account.user_id)
    .execute();
  account.locked_until = null;
  account.failures = 0;
  return undefined;
}

const READ_ACCOUNT = statement(`select ${ACCOUNT_READ_COLUMNS} from accounts where user_id = $1`);

/**
 * The account as a plain read: `preloaded` when the request's session
 * statement already read it (see findSessionAndCount), else one statement.
 */
async function readAccount(
  db: Db,
  userId: string,
  preloaded: AccountRead | null | undefined,
): Promise<AccountRead | undefined> {
  if (preloaded !== undefined) return preloaded ?? undefined;
  const [row] = await run<AccountRead>(db, READ_ACCOUNT, [userId]);
  return row;
}

/** The challenge for `userId`: the same positions until a successful check. */
export async function getChallenge(
  services: ChallengeServices,
  userId: string,
  preloaded?: AccountRead | null,
): Promise<ChallengeResult> {
  // Most reads change nothing: answer them from one plain SELECT. Anything
  // to change (a new challenge, a lock that ran out) takes the row lock below.
  const seen = await readAccount(services.db, userId, preloaded);
  if (!seen) return { kind: 'not-found' };
  if (seen.must_change === 'resecured') return { kind: 'resecured' };
  const at = services.now();
  if (seen.admin_lock) return { kind: 'locked' };
  if (seen.locked_until !== null && new Date(seen.locked_until) > at)
    return { kind: 'locked', lockedUntil: new Date(seen.locked_until) };
  if (
    seen.locked_until === null &&
    seen.positions !== null &&
    seen.challenge_id !== null &&
    seen.challenge_expires_at !== null &&
    new Date(seen.challenge_expires_at) > at
  ) {
    return {
      kind: 'ok',
      challengeId: seen.challenge_id,
      positions: seen.positions.split(',').map(Number),
      attemptsRemaining: MAX_FAILED_ATTEMPTS - seen.failures,
      expiresAt: new Date(seen.challenge_expires_at),
    };
  }
  return services.db.transaction().execute(async (trx) => {
    const now = services.now();
    const account = await lockedAccount(trx, userId);
    if (!account) return { kind: 'not-found' };
    if (account.must_change === 'resecured') return { kind: 'resecured' };
    const lock = await currentLock(trx, account, now);
    if (lock) return lock;
    let positions = account.positions;
    let challengeId = account.challenge_id;
    let expiresAt = account.challenge_expires_at === null ? null : new Date(account.challenge_expires_at);
    if (positions === null || challengeId === null || expiresAt === null || expiresAt <= now) {
      positions ??= drawPositions().join(',');
      challengeId = newId('c');
      expiresAt = new Date(now.getTime() + CHALLENGE_LIFETIME_MS);
      await trx
        .updateTable('accounts')
        .set({ positions, challenge_id: challengeId, challenge_expires_at: expiresAt })
        .where('user_id', '=', userId)
        .execute();
    }
    return {
      kind: 'ok',
      challengeId,
      positions: positions.split(',').map(Number),
      attemptsRemaining: MAX_FAILED_ATTEMPTS - account.failures,
      expiresAt,
    };
  });
}

/**
 * A helpdesk agent's read of a caller's challenge: the same challenge, and
 * every read recorded (`challenge-read`), found or not, so an agent probing
 * which accounts exist leaves a trace. The JSON route and the journey pages
 * both read through it.
 */
export async function readCallerChallenge(
  services: ChallengeServices,
  agentId: string,
  userId: string,
  preloaded?: AccountRead | null,
): Promise<ChallengeResult> {
  const result = await getChallenge(services, userId, preloaded);
  await audit(services.db, {
    at: services.now(),
    actorId: agentId,
    userId,
    action: 'challenge-read',
    outcome: result.kind,
  });
  return result;
}

/** Times the answer is read again when the account changed between the read and the decision. */
const STALE_RETRIES = 5;

/** One call of answer_challenge() (migration 030): its one argument is an `AnswerInput`, as jsonb. */
const ANSWER = statement('select result, remaining, until_at from answer_challenge($1::jsonb)');

/**
 * What answer_challenge() decides from: the answer, what the server saw and
 * concluded before the row lock, what a success writes, and the policy's
 * limits. Binary values are base64, times ISO 8601.
 */
interface AnswerInput {
  userId: string;
  actorId: string;
  challengeId: string;
  /** The read the verdict was reached on: refused as 'stale' unless the locked row still holds it. */
  seenChallengeId: string | null;
  seenPositions: string | null;
  seenIv: string;
  wellFormed: boolean;
  right: boolean;
  now: Date;
  /** Written only on a success: the next challenge, the verification, the secret re-sealed under the current key. */
  nextPositions: string | null;
  nextChallengeId: string | null;
  nextExpiresAt: Date;
  verificationId: string | null;
  verificationExpiresAt: Date;
  resealKeyId: string | null;
  resealIv: string | null;
  resealSealed: string | null;
  maxFailures: number;
  lockedUntil: Date;
  lockWindowStart: Date;
  locksBeforeAdmin: number;
  exposedPositions: number;
}

interface AnswerDecision {
  result: 'not-found' | 'resecured' | 'locked' | 'expired' | 'stale' | 'bad-answers' | 'verified' | 'failed';
  remaining: number | null;
  until_at: Date | null;
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/**
 * Checks `answers` to `challengeId` for `userId`, given by `actorId` (the
 * user, or the agent reading them out).
 *
 * Two statements: a plain read of the sealed secret and the challenge, then
 * one call of the database function `answer_challenge` (migration 030),
 * which takes the account's row lock and decides everything there: locks,
 * whether the challenge is current, the count of failures, the lock and its
 * escalation, the verification and the audit rows. Racing answers (in any
 * processes) are therefore counted one by one, under the lock.
 *
 * The only thing decided before the lock is whether the answers match the
 * sealed secret that was read: a pure function of that ciphertext (its IV
 * is random per seal), the positions and the answers, since the key never
 * enters the database. The function refuses that verdict as 'stale' unless
 * the locked row still holds the same challenge, positions and ciphertext;
 * then the secret is read and compared again. No transaction stays open
 * while Node works, so the row lock lasts one statement.
 */
export async function answerChallenge(
  services: ChallengeServices,
  actorId: string,
  userId: string,
  challengeId: string,
  answers: readonly string[],
  preloaded?: AccountRead | null,
): Promise<AnswerResult> {
  const canonical = answers.map(canonicalAnswer);
  for (let attempt = 0; attempt < STALE_RETRIES; attempt++) {
    const now = services.now();
    // The first read may come with the request's session statement.
    const seen = await readAccount(services.db, userId, attempt === 0 ? preloaded : undefined);
    if (!seen) return { kind: 'not-found' };
    if (
      seen.must_change === 'resecured' ||
      seen.secret_key_id === null ||
      seen.secret_iv === null ||
      seen.secret_sealed === null
    ) {
      return { kind: 'resecured' };
    }
    const positions = seen.positions === null ? [] : seen.positions.split(',').map(Number);
    const rightCount = canonical.length === positions.length;
    const wellFormed = rightCount && canonical.every((c) => c !== undefined);
    const sealed = { keyId: seen.secret_key_id, iv: seen.secret_iv, ciphertext: seen.secret_sealed };
    // Compared only when this is the challenge being answered; otherwise the
    // function answers 410 (or 423) and never counts the unchecked verdict.
    const right =
      wellFormed &&
      seen.challenge_id === challengeId &&
      (await verifyCharacters(services.keys, userId, sealed, positions, canonical));
    const resealed = right ? await resealSecret(services.keys, userId, sealed) : undefined;
    // The next challenge and the verification, used only if the answer is right.
    const verificationId = right ? newId('v') : null;
    const input: AnswerInput = {
      userId,
      actorId,
      challengeId,
      seenChallengeId: seen.challenge_id,
      seenPositions: seen.positions,
      seenIv: base64(seen.secret_iv),
      wellFormed,
      right,
      now,
      nextPositions: right ? drawPositions().join(',') : null,
      nextChallengeId: right ? newId('c') : null,
      nextExpiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
      verificationId,
      verificationExpiresAt: new Date(now.getTime() + VERIFICATION_LIFETIME_MS),
      resealKeyId: resealed?.keyId ?? null,
      resealIv: resealed ? base64(resealed.iv) : null,
      resealSealed: resealed ? base64(resealed.ciphertext) : null,
      maxFailures: MAX_FAILED_ATTEMPTS,
      lockedUntil: new Date(now.getTime() + LOCK_MS),
      lockWindowStart: new Date(now.getTime() - LOCK_WINDOW_MS),
      locksBeforeAdmin: LOCKS_BEFORE_ADMIN,
      exposedPositions: EXPOSED_POSITIONS,
    };
    const [decision] = await run<AnswerDecision>(services.db, ANSWER, [JSON.stringify(input)]);
    switch (decision.result) {
      case 'stale':
        continue;
      case 'not-found':
        return { kind: 'not-found' };
      case 'resecured':
        return { kind: 'resecured' };
      case 'locked':
        return decision.until_at === null
          ? { kind: 'locked' }
          : { kind: 'locked', lockedUntil: new Date(decision.until_at) };
      case 'expired':
        return { kind: 'expired' };
      case 'bad-answers':
        return {
          kind: 'bad-answers',
          detail: rightCount
            ? 'Each answer must be exactly one character.'
            : `Give exactly ${positions.length} answers, one per position.`,
        };
      case 'verified':
        if (verificationId === null) throw new Error('answer_challenge() verified an answer that was not right');
        return { kind: 'verified', verificationId };
      case 'failed':
        return { kind: 'failed', attemptsRemaining: decision.remaining ?? 0 };
    }
  }
  throw new Error('the account kept changing while an answer was being checked');
}

export type UnlockResult =
  | { kind: 'unlocked'; unlockedAt: Date }
  | { kind: 'not-found' }
  /** The admin's own account, or an account whose failed checks the admin made. */
  | { kind: 'forbidden'; reason: 'own-account' | 'made-failed-checks' }
  /** `MAX_UNLOCKS` already in the last 24 hours. */
  | { kind: 'limit'; retryAt: Date };

/**
 * An admin lifts a lock (and gives fresh attempts), decided under the
 * account's row lock in one transaction: never their own account, never
 * one whose failed checks (since the last success, unlock or new secret)
 * they made, and at most `MAX_UNLOCKS` times in 24 hours, so unlocks
 * cannot turn 5 guesses into unlimited ones. Refusals are audited too.
 */
export async function unlock(services: ChallengeServices, adminId: string, userId: string): Promise<UnlockResult> {
  return services.db.transaction().execute(async (trx): Promise<UnlockResult> => {
    const now = services.now();
    const refuse = async (
      result: UnlockResult & { kind: 'forbidden' | 'limit' },
      outcome: string,
    ): Promise<UnlockResult> => {
      await audit(trx, { at: now, actorId: adminId, userId, action: 'challenge-unlocked', outcome });
      return result;
    };
    if (adminId === userId) return refuse({ kind: 'forbidden', reason: 'own-account' }, 'refused-own-account');
    const account = await lockedAccount(trx, userId);
    if (!account) return { kind: 'not-found' };
    if (account.failed_by.includes(adminId)) {
      return refuse({ kind: 'forbidden', reason: 'made-failed-checks' }, 'refused-admin-made-failed-checks');
    }
    const recent = await trx
      .selectFrom('unlock_events')
      .select('at')
      .where('user_id', '=', userId)
      .where('at', '>', new Date(now.getTime() - UNLOCK_WINDOW_MS))
      .orderBy('at', 'asc')
      .execute();
    if (recent.length >= MAX_UNLOCKS) {
      const retryAt = new Date(new Date(recent[recent.length - MAX_UNLOCKS].at).getTime() + UNLOCK_WINDOW_MS);
      return refuse({ kind: 'limit', retryAt }, `refused-limit-${MAX_UNLOCKS}-in-24h`);
    }
    await trx
      .updateTable('accounts')
      .set({
        failures: 0,
        locked_until: null,
        admin_lock: false,
        unlocked_at: now,
        challenge_id: null,
        challenge_expires_at: null,
        failed_by: [],
      })
      .where('user_id', '=', userId)
      .execute();
    await trx.insertInto('unlock_events').values({ user_id: userId, at: now }).execute();
    await audit(trx, { at: now, actorId: adminId, userId, action: 'challenge-unlocked', outcome: 'unlocked' });
    return { kind: 'unlocked', unlockedAt: now };
  });
}
