/** The audit trail: who did what to whom, when, and how it ended. Never secret material. */
import type { Kysely } from 'kysely';
import type { Schema } from './database.js';

export const AUDIT_ACTIONS = [
  'secret-set',
  'secret-rejected',
  'aup-accepted',
  'challenge-verified',
  'challenge-failed',
  'challenge-locked',
  'challenge-unlocked',
  'verification-consumed',
  'secret-resecured',
  'secret-exposed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  at: string;
  actorId: string;
  userId: string | null;
  action: AuditAction;
  outcome: string;
}

/** Appends one record (inside the caller's transaction when given one). */
export async function audit(
  db: Kysely<Schema>,
  entry: { at: Date; actorId: string; userId: string | null; action: AuditAction; outcome: string },
): Promise<void> {
  await db
    .insertInto('audit')
    .values({ at: entry.at, actor_id: entry.actorId, user_id: entry.userId, action: entry.action, outcome: entry.outcome })
    .execute();
}

/** Newest first; one user's records, or everyone's. */
export async function readAudit(db: Kysely<Schema>, userId: string | undefined, limit = 1000): Promise<AuditRecord[]> {
  let query = db.selectFrom('audit').select(['at', 'actor_id', 'user_id', 'action', 'outcome']);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    userId: row.user_id,
    action: row.action as AuditAction,
    outcome: row.outcome,
  }));
}
