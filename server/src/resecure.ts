/**
 * Re-securing an account (the seed: once a helpdesk has confirmed who the
 * caller is, it re-secures the account; at the next sign-in the person
 * accepts the AUP again and sets a new secret).
 */
import { audit } from './audit.js';
import { spendVerification } from './verifications.js';
import type { ChallengeServices } from './challenges.js';

export type ResecureResult =
  | { kind: 'resecured'; resecuredAt: Date }
  /** No such account (or no secret ever set), or no such verification. */
  | { kind: 'not-found'; what: 'user' | 'verification' }
  /** The agent's own account, another agent's verification, or a verification of another user. */
  | { kind: 'forbidden'; reason: 'own-account' | 'not-verifier' | 'other-user' }
  /** The verification was used already, or has expired. */
  | { kind: 'spent' };

/**
 * `agentId` re-secures `userId`'s account with the verification of a
 * successful check of that user that the agent made: one transaction under
 * the account's row lock spends the verification (the same single-use
 * UPDATE as the consume route) and then drops the sealed secret (no check
 * passes until a new one is set; the history's hashes stay, so the old
 * secret cannot come back), asks for a new secret and a new acceptance of
 * the AUP, and ends the user's development sessions. A host with its own
 * sessions ends them itself (see `onResecured` in ServerOptions).
 */
export async function resecure(
  services: ChallengeServices,
  agentId: string,
  userId: string,
  verificationId: string,
): Promise<ResecureResult> {
  return services.db.transaction().execute(async (trx): Promise<ResecureResult> => {
    const now = services.now();
    const record = (outcome: string) =>
      audit(trx, { at: now, actorId: agentId, userId, action: 'secret-resecured', outcome });
    if (agentId === userId) {
      await record('refused-own-account');
      return { kind: 'forbidden', reason: 'own-account' };
    }
    const account = await trx
      .selectFrom('accounts')
      .select('user_id')
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!account) return { kind: 'not-found', what: 'user' };
    const spent = await spendVerification(trx, agentId, verificationId, now, userId);
    switch (spent.kind) {
      case 'not-found':
        return { kind: 'not-found', what: 'verification' };
      case 'forbidden':
        await record('refused-not-verifier');
        return { kind: 'forbidden', reason: 'not-verifier' };
      case 'other-user':
        await record('refused-verification-of-another-user');
        return { kind: 'forbidden', reason: 'other-user' };
      case 'spent':
        await record('refused-spent-or-expired');
        return { kind: 'spent' };
      case 'consumed':
        break;
    }
    await trx
      .updateTable('accounts')
      .set({
        secret_key_id: null,
        secret_iv: null,
        secret_sealed: null,
        positions: null,
        challenge_id: null,
        challenge_expires_at: null,
        must_change: 'resecured',
        resecured_at: now,
      })
      .where('user_id', '=', userId)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await audit(trx, {
      at: now,
      actorId: agentId,
      userId,
      action: 'verification-consumed',
      outcome: 'consumed-by-resecure',
    });
    await record('resecured');
    return { kind: 'resecured', resecuredAt: now };
  });
}
