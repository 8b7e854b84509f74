/**
 * Challenges: positions, answers, failures, locks and verifications. Every
 * decision is taken inside one transaction holding the account's row lock,
 * so several processes on one PostgreSQL count as one.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { audit } from './audit.js';
import type { Db } from './database.js';
import type { KeyProvider } from './key-provider.js';
import { canonicalAnswer, resealSecret, verifyCharacters } from './secret-crypto.js';

/** Characters asked for in one challenge. */
export const CHALLENGE_SIZE = 3;
/** Positions are drawn from 1..9, so they say nothing of the secret's length. */
export const HIGHEST_POSITION = 9;
/** Failures in a row before a lock. */
export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60 * 1000;
/** Locks within `LOCK_WINDOW_MS` after which only an admin can unlock. */
export const LOCKS_BEFORE_ADMIN = 3;
export const LOCK_WINDOW_MS = 24 * 60 * 60 * 1000;
export const CHALLENGE_LIFETIME_MS = 10 * 60 * 1000;
export const VERIFICATION_LIFETIME_MS = 10 * 60 * 1000;

export interface ChallengeServices {
  db: Db;
  keys: KeyProvider;
  now: () => Date;
}

export type Locked = { kind: 'locked'; lockedUntil?: Date };

export type ChallengeResult =
  | { kind: 'not-found' }
  | Locked
  | { kind: 'ok'; challengeId: string; positions: number[]; attemptsRemaining: number; expiresAt: Date };

export type AnswerResult =
  | { kind: 'not-found' }
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

type Trx = Parameters<Parameters<ReturnType<Db['transaction']>['execute']>[0]>[0];

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
  await trx.updateTable('accounts').set({ locked_until: null, failures: 0 }).where('user_id', '=', account.user_id).execute();
  account.locked_until = null;
  account.failures = 0;
  return undefined;
}

/** The challenge for `userId`: the same positions until a successful check. */
export async function getChallenge(services: ChallengeServices, userId: string): Promise<ChallengeResult> {
  // Most reads change nothing: answer them from one plain SELECT. Anything
  // to change (a new challenge, a lock that ran out) takes the row lock below.
  const seen = await services.db
    .selectFrom('accounts')
    .select(['positions', 'challenge_id', 'challenge_expires_at', 'failures', 'locked_until', 'admin_lock'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!seen) return { kind: 'not-found' };
  const at = services.now();
  if (seen.admin_lock) return { kind: 'locked' };
  if (seen.locked_until !== null && new Date(seen.locked_until) > at) return { kind: 'locked', lockedUntil: new Date(seen.locked_until) };
  if (seen.locked_until === null && seen.positions !== null && seen.challenge_id !== null && seen.challenge_expires_at !== null && new Date(seen.challenge_expires_at) > at) {
    return {
      kind: 'ok',
      challengeId: seen.challenge_id,
      positions: seen.positions.split(',').map(Number),
      attemptsRemaining: MAX_FAILURES - seen.failures,
      expiresAt: new Date(seen.challenge_expires_at),
    };
  }
  return services.db.transaction().execute(async (trx) => {
    const now = services.now();
    const account = await lockedAccount(trx, userId);
    if (!account) return { kind: 'not-found' };
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
      attemptsRemaining: MAX_FAILURES - account.failures,
      expiresAt,
    };
  });
}

/**
 * Checks `answers` to `challengeId` for `userId`, given by `actorId` (the
 * user, or the agent reading them out). Exactly one answer at a time holds
 * the row lock, so racing answers are counted one by one.
 */
export async function answerChallenge(
  services: ChallengeServices,
  actorId: string,
  userId: string,
  challengeId: string,
  answers: readonly string[],
): Promise<AnswerResult> {
  const canonical = answers.map(canonicalAnswer);
  return services.db.transaction().execute(async (trx): Promise<AnswerResult> => {
    const now = services.now();
    const account = await lockedAccount(trx, userId);
    if (!account) return { kind: 'not-found' };
    const lock = await currentLock(trx, account, now);
    if (lock) {
      await audit(trx, { at: now, actorId, userId, action: 'challenge-failed', outcome: 'refused-locked' });
      return lock;
    }
    const expiresAt = account.challenge_expires_at === null ? null : new Date(account.challenge_expires_at);
    if (account.positions === null || account.challenge_id !== challengeId || expiresAt === null || expiresAt <= now) {
      return { kind: 'expired' };
    }
    const positions = account.positions.split(',').map(Number);
    if (canonical.length !== positions.length) {
      return { kind: 'bad-answers', detail: `Give exactly ${positions.length} answers, one per position.` };
    }
    if (canonical.some((c) => c === undefined)) {
      return { kind: 'bad-answers', detail: 'Each answer must be exactly one character.' };
    }
    const sealed = { keyId: account.secret_key_id, iv: account.secret_iv, ciphertext: account.secret_sealed };
    const right = await verifyCharacters(services.keys, userId, sealed, positions, canonical as string[]);
    if (right) {
      const verificationId = newId('v');
      const resealed = await resealSecret(services.keys, userId, sealed);
      // One statement (data-modifying CTEs): the next challenge (new
      // positions, drawn now so the next read changes nothing), the
      // single-use verification, and the audit record.
      await trx
        .with('account', (db) =>
          db
            .updateTable('accounts')
            .set({
              positions: drawPositions().join(','),
              challenge_id: newId('c'),
              challenge_expires_at: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
              failures: 0,
              ...(resealed ? { secret_key_id: resealed.keyId, secret_iv: resealed.iv, secret_sealed: resealed.ciphertext } : {}),
            })
            .where('user_id', '=', userId)
            .returning('user_id'),
        )
        .with('verification', (db) =>
          db
            .insertInto('verifications')
            .values({
              id: verificationId,
              actor_id: actorId,
              user_id: userId,
              challenge_id: challengeId,
              verified_at: now,
              expires_at: new Date(now.getTime() + VERIFICATION_LIFETIME_MS),
              consumed_at: null,
            })
            .returning('id'),
        )
        .insertInto('audit')
        .values({ at: now, actor_id: actorId, user_id: userId, action: 'challenge-verified', outcome: 'verified' })
        .execute();
      return { kind: 'verified', verificationId };
    }
    const failures = account.failures + 1;
    if (failures < MAX_FAILURES) {
      await trx
        .with('account', (db) => db.updateTable('accounts').set({ failures }).where('user_id', '=', userId).returning('user_id'))
        .insertInto('audit')
        .values({ at: now, actor_id: actorId, user_id: userId, action: 'challenge-failed', outcome: 'wrong' })
        .execute();
      return { kind: 'failed', attemptsRemaining: MAX_FAILURES - failures };
    }
    await audit(trx, { at: now, actorId, userId, action: 'challenge-failed', outcome: 'wrong' });
    await trx.insertInto('lock_events').values({ user_id: userId, at: now }).execute();
    // Every lock of the last 24 hours counts, those an admin lifted too: an
    // unlock gives fresh attempts, not a fresh allowance of locks, so a
    // caller who talks a helpdesk into unlocks gains no extra guesses.
    const since = new Date(now.getTime() - LOCK_WINDOW_MS);
    const { count } = await trx
      .selectFrom('lock_events')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('user_id', '=', userId)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    const adminLock = count >= LOCKS_BEFORE_ADMIN;
    const lockedUntil = adminLock ? null : new Date(now.getTime() + LOCK_MS);
    await trx
      .updateTable('accounts')
      .set({ failures, locked_until: lockedUntil, admin_lock: adminLock, challenge_id: null, challenge_expires_at: null })
      .where('user_id', '=', userId)
      .execute();
    await audit(trx, {
      at: now,
      actorId,
      userId,
      action: 'challenge-locked',
      outcome: adminLock ? 'until-admin-unlock' : `until ${lockedUntil!.toISOString()}`,
    });
    return adminLock ? { kind: 'locked' } : { kind: 'locked', lockedUntil: lockedUntil! };
  });
}

/** An admin lifts any lock. Returns false for an unknown user. */
export async function unlock(services: ChallengeServices, adminId: string, userId: string): Promise<Date | undefined> {
  return services.db.transaction().execute(async (trx) => {
    const now = services.now();
    const account = await lockedAccount(trx, userId);
    if (!account) return undefined;
    await trx
      .updateTable('accounts')
      .set({ failures: 0, locked_until: null, admin_lock: false, unlocked_at: now, challenge_id: null, challenge_expires_at: null })
      .where('user_id', '=', userId)
      .execute();
    await audit(trx, { at: now, actorId: adminId, userId, action: 'challenge-unlocked', outcome: 'unlocked' });
    return now;
  });
}

export type ConsumeResult =
  | { kind: 'consumed'; userId: string; verifiedAt: Date }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'spent' };

/**
 * Consumes a verification once: one conditional UPDATE decides, so two
 * racing consumers (in any processes) cannot both succeed.
 */
export async function consumeVerification(services: ChallengeServices, actorId: string, verificationId: string): Promise<ConsumeResult> {
  return services.db.transaction().execute(async (trx): Promise<ConsumeResult> => {
    const now = services.now();
    const row = await trx
      .updateTable('verifications')
      .set({ consumed_at: now })
      .where('id', '=', verificationId)
      .where('actor_id', '=', actorId)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['user_id', 'verified_at'])
      .executeTakeFirst();
    if (row) {
      await audit(trx, { at: now, actorId, userId: row.user_id, action: 'verification-consumed', outcome: 'consumed' });
      return { kind: 'consumed', userId: row.user_id, verifiedAt: new Date(row.verified_at) };
    }
    const existing = await trx.selectFrom('verifications').select(['actor_id', 'user_id']).where('id', '=', verificationId).executeTakeFirst();
    if (!existing) return { kind: 'not-found' };
    if (existing.actor_id !== actorId) {
      await audit(trx, { at: now, actorId, userId: existing.user_id, action: 'verification-consumed', outcome: 'refused-not-verifier' });
      return { kind: 'forbidden' };
    }
    await audit(trx, { at: now, actorId, userId: existing.user_id, action: 'verification-consumed', outcome: 'refused-spent-or-expired' });
    return { kind: 'spent' };
  });
}
