/** The audit trail: who did what to whom, when, and how it ended. Never secret material. */
import type { Kysely } from 'kysely';
import type { AuditAction } from '../../src/policy.js';
import type { Schema } from './schema.js';

interface AuditRecord {
  at: string;
  actorId: string;
  userId: string | null;
  action: AuditAction;
  outcome: string;
}

/** Longest `outcome` kept; longer text is cut (with an ellipsis). */
const MAX_OUTCOME_LENGTH = 100;

/**
 * An outcome as the audit keeps it: control and format characters (line
 * breaks, bidi overrides, zero-width) become spaces, runs of spaces one
 * space, and at most MAX_OUTCOME_LENGTH code points, so no caller-given
 * text (an AUP version) can forge lines or fill the table.
 */
export function boundedOutcome(text: string): string {
  const flat = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const points = [...flat];
  return points.length <= MAX_OUTCOME_LENGTH ? flat : `${points.slice(0, MAX_OUTCOME_LENGTH - 1).join('')}…`;
}

/** Appends one record (inside the caller's transaction when given one). */
export async function audit(
  db: Kysely<Schema>,
  entry: { at: Date; actorId: string; userId: string | null; action: AuditAction; outcome: string },
): Promise<void> {
  await db
    .insertInto('audit')
    .values({
      at: entry.at,
      actor_id: entry.actorId,
      user_id: entry.userId,
      action: entry.action,
      outcome: boundedOutcome(entry.outcome),
    })
    .execute();
}

/** Records per page of `GET /api/admin/audit`: the default, and the most one page may hold. */
const AUDIT_PAGE = { default: 100, max: 1000 };

export interface AuditPage {
  records: AuditRecord[];
  /**
   * The `before` that reads the next (older) page, when this page is full.
   * Opaque to callers: today the id of the page's oldest record.
   */
  next?: string;
}

/** Newest first; one user's records, or everyone's; `before` a cursor from an earlier page. */
export async function readAudit(
  db: Kysely<Schema>,
  query: { userId?: string; limit?: number; before?: string },
): Promise<AuditPage> {
  const limit = query.limit ?? AUDIT_PAGE.default;
  let select = db.selectFrom('audit').select(['id', 'at', 'actor_id', 'user_id', 'action', 'outcome']);
  if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
  if (query.before !== undefined) select = select.where('id', '<', Number(query.before));
  const rows = await select.orderBy('id', 'desc').limit(limit).execute();
  const records = rows.map((row) => ({
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    userId: row.user_id,
    action: row.action as AuditAction,
    outcome: row.outcome,
  }));
  return rows.length === limit ? { records, next: String(rows[rows.length - 1].id) } : { records };
}
