/**
 * Key rotation: seals every secret again under the key provider's current
 * key. Each row is re-sealed in its own transaction under its row lock, so
 * it can run while the server serves. (Successful checks also re-seal.)
 */
import type { Db } from './schema.js';
import type { KeyProvider } from './key-provider.js';
import { resealSecret } from './secret-crypto.js';

export async function rotateKeys(db: Db, keys: KeyProvider): Promise<{ resealed: number; total: number }> {
  const { keyId } = await keys.currentKey();
  const stale = await db.selectFrom('accounts').select('user_id').where('secret_key_id', '!=', keyId).execute();
  let resealed = 0;
  for (const { user_id: userId } of stale) {
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('accounts')
        .select(['secret_key_id', 'secret_iv', 'secret_sealed'])
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      // A re-secured account holds no sealed secret until a new one is set.
      if (!row || row.secret_key_id === null || row.secret_iv === null || row.secret_sealed === null) return;
      const sealed = await resealSecret(keys, userId, {
        keyId: row.secret_key_id,
        iv: row.secret_iv,
        ciphertext: row.secret_sealed,
      });
      if (!sealed) return;
      await trx
        .updateTable('accounts')
        .set({ secret_key_id: sealed.keyId, secret_iv: sealed.iv, secret_sealed: sealed.ciphertext })
        .where('user_id', '=', userId)
        .execute();
      resealed++;
    });
  }
  const { count } = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return { resealed, total: Number(count) };
}
