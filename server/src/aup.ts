/** Acceptable Use Policy acceptances. */
import { audit } from './audit.js';
import type { Db } from './schema.js';

export async function acceptPolicy(
  db: Db,
  userId: string,
  version: string,
  now: Date,
): Promise<{ version: string; acceptedAt: Date }> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('aup_acceptances').values({ user_id: userId, version, accepted_at: now }).execute();
    await audit(trx, { at: now, actorId: userId, userId, action: 'aup-accepted', outcome: `version ${version}` });
  });
  return { version, acceptedAt: now };
}

export async function latestAcceptance(
  db: Db,
  userId: string,
): Promise<{ version: string; acceptedAt: Date } | undefined> {
  const row = await db
    .selectFrom('aup_acceptances')
    .select(['version', 'accepted_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { version: row.version, acceptedAt: new Date(row.accepted_at) } : undefined;
}
