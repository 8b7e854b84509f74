/**
 * Setting a secret: the shared rule engine with the user's names, then the
 * history (slow salted hashes of the last 5 canonical secrets), then the
 * sealed form that challenges are checked against.
 */
import { randomBytes } from 'node:crypto';
import { HISTORY_SIZE } from '../../src/policy.js';
import { evaluateSecret } from '../../src/rules/index.js';
import type { RuleId } from '../../src/rules/index.js';
import { audit } from './audit.js';
import type { Db } from './schema.js';
import type { KeyProvider } from './key-provider.js';
import { canonicalCharacters, decodeParams, encodeParams, sameHash, sealSecret, sealable } from './secret-crypto.js';
import type { HashParams, SlowHash } from './secret-crypto.js';
import { hitRateLimit } from './sessions.js';
import type { User } from './sessions.js';

export type SetSecretResult = { ok: true; savedAt: Date } | { ok: false; rules: RuleId[] };

export interface SecretServices {
  db: Db;
  keys: KeyProvider;
  hashParams: HashParams;
  /** The slow hash, bounded to a few at a time (see boundedHash). */
  hash: SlowHash;
  now: () => Date;
}

class SavedMeanwhile extends Error {}

async function usedBefore(
  db: Db,
  hashWith: SlowHash,
  userId: string,
  canonical: string,
): Promise<{ used: boolean; newestId: number | null }> {
  const history = await db
    .selectFrom('secret_history')
    .select(['id', 'hash', 'salt', 'params'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(HISTORY_SIZE)
    .execute();
  // Every entry is hashed every time: the answer takes as long whether or
  // not (and wherever) the secret is found.
  const matches = await Promise.all(
    history.map((entry) => sameHash(canonical, entry.salt, decodeParams(entry.params), entry.hash, hashWith)),
  );
  return { used: matches.some(Boolean), newestId: history[0]?.id ?? null };
}

/**
 * Checks and saves `secret` as `user`'s new secret. A secret that fails the
 * rules is refused before any slow hash: the rules are cheap and public, so
 * a failing secret must not cost the server six scrypt runs. The slow hashes run
 * outside any transaction (they take a while by design); the write then
 * happens under the account's row lock, and only if no other secret was
 * saved in between (else the history is checked again).
 */
export async function setSecret(services: SecretServices, user: User, secret: string): Promise<SetSecretResult> {
  const { db, keys, hashParams } = services;
  const unmet = evaluateSecret(secret, {
    givenName: user.givenName,
    familyName: user.familyName,
    organisation: user.organisation,
  })
    .filter((rule) => rule.state === 'unmet')
    .map((rule) => rule.id);
  const characters = canonicalCharacters(secret);
  const canonical = characters.join('');
  const salt = randomBytes(16);
  const refuse = async (refused: RuleId[]): Promise<SetSecretResult> => {
    await audit(db, {
      at: services.now(),
      actorId: user.userId,
      userId: user.userId,
      action: 'secret-rejected',
      outcome: refused.join(','),
    });
    return { ok: false, rules: refused };
  };
  if (unmet.length > 0) return refuse(unmet);
  if (!sealable(characters)) return refuse(['length']);

  for (let attempt = 0; attempt < 5; attempt++) {
    const [{ used, newestId }, hash] = await Promise.all([
      usedBefore(db, services.hash, user.userId, canonical),
      services.hash(canonical, salt, hashParams),
    ]);
    if (used) return refuse(['history']);
    const sealed = await sealSecret(keys, user.userId, characters);
    const savedAt = await db
      .transaction()
      .execute(async (trx) => {
        const now = services.now();
        await trx
          .insertInto('accounts')
          .values({
            user_id: user.userId,
            secret_key_id: sealed.keyId,
            secret_iv: sealed.iv,
            secret_sealed: sealed.ciphertext,
            secret_set_at: now,
            positions: null,
            challenge_id: null,
            challenge_expires_at: null,
            failures: 0,
            locked_until: null,
            admin_lock: false,
            unlocked_at: null,
            must_change: null,
            resecured_at: null,
          })
          .onConflict((oc) => oc.column('user_id').doNothing())
          .execute();
        await trx.selectFrom('accounts').select('user_id').where('user_id', '=', user.userId).forUpdate().execute();
        const newest = await trx
          .selectFrom('secret_history')
          .select('id')
          .where('user_id', '=', user.userId)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        // Someone saved a secret meanwhile: roll back and check the history again.
        if ((newest?.id ?? null) !== newestId) throw new SavedMeanwhile();
        await trx
          .updateTable('accounts')
          .set({
            secret_key_id: sealed.keyId,
            secret_iv: sealed.iv,
            secret_sealed: sealed.ciphertext,
            secret_set_at: now,
            // A new secret means new positions, nothing told to agents yet and
            // no change due; failures and locks stay.
            positions: null,
            challenge_id: null,
            challenge_expires_at: null,
            must_change: null,
            exposed_positions: 0,
          })
          .where('user_id', '=', user.userId)
          .execute();
        await trx
          .insertInto('secret_history')
          .values({ user_id: user.userId, hash, salt, params: encodeParams(hashParams), set_at: now })
          .execute();
        const keep = await trx
          .selectFrom('secret_history')
          .select('id')
          .where('user_id', '=', user.userId)
          .orderBy('id', 'desc')
          .limit(HISTORY_SIZE)
          .execute();
        await trx
          .deleteFrom('secret_history')
          .where('user_id', '=', user.userId)
          .where(
            'id',
            'not in',
            keep.map((row) => row.id),
          )
          .execute();
        await audit(trx, {
          at: now,
          actorId: user.userId,
          userId: user.userId,
          action: 'secret-set',
          outcome: 'saved',
        });
        return now;
      })
      .catch((error: unknown) => {
        if (error instanceof SavedMeanwhile) return undefined;
        throw error;
      });
    if (savedAt) return { ok: true, savedAt };
  }
  throw new Error('the secret kept changing while being saved');
}

/**
 * Counts one attempt against `userId`'s own limit on setting secrets (10 a
 * minute by default, beside the per-session limit), before any rule or
 * hash runs: the seconds to wait when over, else undefined. The JSON route
 * and the journey pages both call it, so neither is a way around the other.
 */
export function countSecretAttempt(
  db: Db,
  userId: string,
  now: Date,
  limit: { max: number; windowMs: number },
): Promise<number | undefined> {
  return hitRateLimit(db, `secret:${userId}`, now, limit.max, limit.windowMs);
}
