/** The tables, as Kysely sees them (the migrations in migrations/ create them). */
import type { Generated, Kysely } from 'kysely';

export interface SessionTable {
  token_hash: string;
  csrf_hash: string;
  user_id: string;
  given_name: string | null;
  family_name: string | null;
  organisation: string | null;
  roles: string;
  auth_time: Date;
  created_at: Date;
  expires_at: Date;
}

interface RateLimitTable {
  key: string;
  window_start: Date;
  count: number;
}

interface AccountTable {
  user_id: string;
  /** The sealed secret; all three null once the account is re-secured, until a new secret is set. */
  secret_key_id: string | null;
  secret_iv: Uint8Array | null;
  secret_sealed: Uint8Array | null;
  secret_set_at: Date;
  /** Comma-separated 1-based positions, kept until a successful check. */
  positions: string | null;
  challenge_id: string | null;
  challenge_expires_at: Date | null;
  failures: number;
  locked_until: Date | null;
  admin_lock: boolean;
  unlocked_at: Date | null;
  /** Why the user must set a new secret, or null. */
  must_change: MustChangeReason | null;
  /** The last re-secure: an AUP acceptance from before it does not count. */
  resecured_at: Date | null;
  /** Positions (bit p-1 for position p) told to agents by successful checks since the secret was set. */
  exposed_positions: Generated<number>;
  /** Who made the failed checks since the last success, unlock or new secret (none of them may unlock). */
  failed_by: Generated<string[]>;
}

export type MustChangeReason = 'resecured' | 'exposed';

/** What a challenge route reads of an account before deciding (a plain read, no lock). */
export type AccountRead = Pick<
  AccountTable,
  | 'positions'
  | 'challenge_id'
  | 'challenge_expires_at'
  | 'failures'
  | 'locked_until'
  | 'admin_lock'
  | 'secret_key_id'
  | 'secret_iv'
  | 'secret_sealed'
  | 'must_change'
>;

/** The columns of `AccountRead`, for SQL texts. */
export const ACCOUNT_READ_COLUMNS =
  'positions, challenge_id, challenge_expires_at, failures, locked_until, admin_lock, secret_key_id, secret_iv, secret_sealed, must_change';

interface SecretHistoryTable {
  id: Generated<number>;
  user_id: string;
  hash: Uint8Array;
  salt: Uint8Array;
  params: string;
  set_at: Date;
}

interface LockEventTable {
  id: Generated<number>;
  user_id: string;
  at: Date;
}

interface UnlockEventTable {
  id: Generated<number>;
  user_id: string;
  at: Date;
}

interface VerificationTable {
  id: string;
  actor_id: string;
  user_id: string;
  challenge_id: string;
  verified_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
}

interface AupAcceptanceTable {
  id: Generated<number>;
  user_id: string;
  version: string;
  accepted_at: Date;
}

interface AuditTable {
  id: Generated<number>;
  at: Date;
  actor_id: string;
  user_id: string | null;
  action: string;
  outcome: string;
}

export interface Schema {
  sessions: SessionTable;
  rate_limits: RateLimitTable;
  accounts: AccountTable;
  secret_history: SecretHistoryTable;
  lock_events: LockEventTable;
  unlock_events: UnlockEventTable;
  verifications: VerificationTable;
  aup_acceptances: AupAcceptanceTable;
  audit: AuditTable;
}

export type Db = Kysely<Schema>;
