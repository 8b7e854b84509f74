/**
 * Where an account stands in the secret's life: whether the user must
 * accept the current AUP and whether they must set a (new) secret. The
 * status route and the HTML journey pages both decide the next step from
 * `accountStatus`, so they cannot disagree.
 */
import { run, statement } from './database.js';
import type { Db, MustChangeReason } from './schema.js';

/** The version of the policy the server ships (`public/policy/acceptable-use-policy.html`). */
export const DEFAULT_AUP_VERSION = '2026-11';
/** The longest AUP version id the server takes (configuration and acceptances alike). */
export const AUP_VERSION_MAX_LENGTH = 64;

/** Exactly the body of `GET /api/account-secret/status`. */
export interface AccountStatus {
  aup: {
    currentVersion: string;
    acceptedVersion: string | null;
    acceptedAt: string | null;
    /** The latest acceptance is not of `currentVersion`, or is older than the last re-secure (or there is none). */
    required: boolean;
  };
  secret: {
    /** A secret is in force (false before the first one, and after a re-secure until a new one is set). */
    set: boolean;
    setAt: string | null;
    /** The user must set a new secret before anything else; `reason` says why. */
    mustChange: boolean;
    reason: MustChangeReason | null;
  };
}

interface StatusRow {
  version: string | null;
  accepted_at: Date | null;
  secret_set: boolean | null;
  secret_set_at: Date | null;
  must_change: MustChangeReason | null;
  resecured_at: Date | null;
}

// One plain read: the account (if any) and the latest acceptance.
const READ_STATUS = statement(`
  select acc.version, acc.accepted_at, a.secret_sealed is not null as secret_set, a.secret_set_at, a.must_change, a.resecured_at
  from (select $1::text as user_id) u
  left join accounts a on a.user_id = u.user_id
  left join lateral (
    select version, accepted_at from aup_acceptances where aup_acceptances.user_id = u.user_id order by id desc limit 1
  ) acc on true`);

/** The status of `userId`'s account, with `currentAupVersion` the policy in force. */
export async function accountStatus(db: Db, userId: string, currentAupVersion: string): Promise<AccountStatus> {
  const [row] = await run<StatusRow>(db, READ_STATUS, [userId]);
  const acceptedAt = row?.accepted_at ? new Date(row.accepted_at) : null;
  const resecuredAt = row?.resecured_at ? new Date(row.resecured_at) : null;
  // An acceptance counts only when it came after the last re-secure (same instant: it does not).
  const counts = acceptedAt !== null && (resecuredAt === null || acceptedAt > resecuredAt);
  const set = row?.secret_set === true;
  const reason = row?.must_change ?? null;
  return {
    aup: {
      currentVersion: currentAupVersion,
      acceptedVersion: row?.version ?? null,
      acceptedAt: acceptedAt?.toISOString() ?? null,
      required: !counts || row?.version !== currentAupVersion,
    },
    secret: {
      set,
      setAt: set && row?.secret_set_at ? new Date(row.secret_set_at).toISOString() : null,
      mustChange: reason !== null,
      reason,
    },
  };
}
