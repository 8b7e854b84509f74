/**
 * Verifications: the single-use proof of a successful check that a host's
 * reset or unlock action (or a re-secure) spends, once, within its lifetime,
 * by the one who made the check.
 */
import { audit } from './audit.js';
import type { ChallengeServices, Trx } from './challenges.js';

export type ConsumeResult =
  | { kind: 'consumed'; userId: string; verifiedAt: Date }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'spent' };

/** What spending a verification decided; a refusal names the verification's user (for the audit). */
export type SpendResult =
  | { kind: 'consumed'; userId: string; verifiedAt: Date }
  | { kind: 'not-found' }
  /** Another agent's verification. */
  | { kind: 'forbidden'; userId: string }
  /** A verification of another user than the one asked about. */
  | { kind: 'other-user'; userId: string }
  | { kind: 'spent'; userId: string };

/**
 * Spends `actorId`'s unspent, unexpired verification `verificationId` (of
 * `userId`, when given) inside `trx`: one conditional UPDATE decides, so
 * two racing spenders (in any processes) cannot both succeed. Refusals say
 * why, and spend nothing.
 */
export async function spendVerification(
  trx: Trx,
  actorId: string,
  verificationId: string,
  now: Date,
  userId?: string,
): Promise<SpendResult> {
  let update = trx
    .updateTable('verifications')
    .set({ consumed_at: now })
    .where('id', '=', verificationId)
    .where('actor_id', '=', actorId)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now);
  if (userId !== undefined) update = update.where('user_id', '=', userId);
  const row = await update.returning(['user_id', 'verified_at']).executeTakeFirst();
  if (row) return { kind: 'consumed', userId: row.user_id, verifiedAt: new Date(row.verified_at) };
  const existing = await trx
    .selectFrom('verifications')
    .select(['actor_id', 'user_id'])
    .where('id', '=', verificationId)
    .executeTakeFirst();
  if (!existing) return { kind: 'not-found' };
  if (existing.actor_id !== actorId) return { kind: 'forbidden', userId: existing.user_id };
  if (userId !== undefined && existing.user_id !== userId) return { kind: 'other-user', userId: existing.user_id };
  return { kind: 'spent', userId: existing.user_id };
}

/** Consumes a verification once (see spendVerification), and audits it. */
export async function consumeVerification(
  services: ChallengeServices,
  actorId: string,
  verificationId: string,
): Promise<ConsumeResult> {
  return services.db.transaction().execute(async (trx): Promise<ConsumeResult> => {
    const now = services.now();
    const result = await spendVerification(trx, actorId, verificationId, now);
    if (result.kind === 'consumed') {
      await audit(trx, {
        at: now,
        actorId,
        userId: result.userId,
        action: 'verification-consumed',
        outcome: 'consumed',
      });
      return result;
    }
    // Without a user to match, 'other-user' cannot happen.
    if (result.kind === 'not-found' || result.kind === 'other-user') return { kind: 'not-found' };
    const outcome = result.kind === 'forbidden' ? 'refused-not-verifier' : 'refused-spent-or-expired';
    await audit(trx, { at: now, actorId, userId: result.userId, action: 'verification-consumed', outcome });
    return { kind: result.kind };
  });
}
