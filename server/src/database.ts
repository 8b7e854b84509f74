/**
 * One schema, one migration set, two engines: PGlite (embedded PostgreSQL in
 * WebAssembly, files in DATA_DIR) by default, PostgreSQL when a URL is given.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PGliteDialect, PGliteDriver, PostgresDialect, sql } from 'kysely';
import type { DatabaseConnection, Driver, Generated } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider } from 'kysely/migration';
import pg from 'pg';

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

export interface RateLimitTable {
  key: string;
  window_start: Date;
  count: number;
}

export interface AccountTable {
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

export interface SecretHistoryTable {
  id: Generated<number>;
  user_id: string;
  hash: Uint8Array;
  salt: Uint8Array;
  params: string;
  set_at: Date;
}

export interface LockEventTable {
  id: Generated<number>;
  user_id: string;
  at: Date;
}

export interface UnlockEventTable {
  id: Generated<number>;
  user_id: string;
  at: Date;
}

export interface VerificationTable {
  id: string;
  actor_id: string;
  user_id: string;
  challenge_id: string;
  verified_at: Date;
  expires_at: Date;
  consumed_at: Date | null;
}

export interface AupAcceptanceTable {
  id: Generated<number>;
  user_id: string;
  version: string;
  accepted_at: Date;
}

export interface AuditTable {
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

/** A fixed SQL text that runs on every request (session, challenge read, answer). */
export interface Statement {
  /** Its prepared-statement name on PostgreSQL (one per text, per process). */
  readonly name: string;
  readonly text: string;
}

let statementCount = 0;

export function statement(text: string): Statement {
  return { name: `ase_${++statementCount}`, text };
}

type Runner = <R>(statement: Statement, parameters: unknown[]) => Promise<R[]>;

/** How each open database runs a `Statement` outside any transaction, without Kysely. */
const runners = new WeakMap<Db, Runner>();

/**
 * Runs one `Statement` on its own (never inside a transaction: a Kysely
 * transaction is another object, and takes Kysely's path). On PostgreSQL it
 * is a named prepared statement, parsed once per connection; on PGlite it
 * is one extended-protocol message under the lock Kysely's units of work
 * hold (see pgliteRunner). Either way no query is built per request: that
 * cost more CPU than running it.
 */
export async function run<R>(db: Db, statement: Statement, parameters: unknown[]): Promise<R[]> {
  const runner = runners.get(db);
  if (runner) return runner<R>(statement, parameters);
  const { rows } = await db.executeQuery<R>(CompiledQuery.raw(statement.text, parameters));
  return rows;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- Kysely's migration API is untyped by design. */
const migrations: Record<string, Migration> = {
  '2026-11-30-001-initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('csrf_hash', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('given_name', 'text')
        .addColumn('family_name', 'text')
        .addColumn('organisation', 'text')
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'timestamptz', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
      // Unlogged: a counter that lasts a minute needs no write-ahead log (and
      // no disk flush per request); a crash forgets the current minute.
      await sql`create unlogged table rate_limits (
        key text primary key,
        window_start timestamptz not null,
        count integer not null
      )`.execute(db);
      await db.schema
        .createTable('accounts')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('secret_key_id', 'text', (c) => c.notNull())
        .addColumn('secret_iv', 'bytea', (c) => c.notNull())
        .addColumn('secret_sealed', 'bytea', (c) => c.notNull())
        .addColumn('secret_set_at', 'timestamptz', (c) => c.notNull())
        .addColumn('positions', 'text')
        .addColumn('challenge_id', 'text')
        .addColumn('challenge_expires_at', 'timestamptz')
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'timestamptz')
        .addColumn('admin_lock', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('unlocked_at', 'timestamptz')
        .execute();
      await db.schema
        .createTable('secret_history')
        .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'bytea', (c) => c.notNull())
        .addColumn('salt', 'bytea', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('set_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('secret_history_user').on('secret_history').columns(['user_id', 'id']).execute();
      await db.schema
        .createTable('lock_events')
        .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('lock_events_user').on('lock_events').columns(['user_id', 'at']).execute();
      await db.schema
        .createTable('verifications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('challenge_id', 'text', (c) => c.notNull())
        .addColumn('verified_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('consumed_at', 'timestamptz')
        .execute();
      await db.schema
        .createTable('aup_acceptances')
        .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('aup_acceptances_user').on('aup_acceptances').columns(['user_id', 'id']).execute();
      await db.schema
        .createTable('audit')
        .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_user').on('audit').columns(['user_id', 'id']).execute();
    },
  },
  '2026-12-06-002-answer-function': {
    // One call decides an answer under the account's row lock: lock state,
    // the challenge being current, failures, locks and their escalation,
    // the verification and the audit rows. What the server computed before
    // the call (whether the answers match the sealed secret it read) is an
    // input; the function refuses it ('stale') unless the row still holds
    // that very sealed secret, positions and challenge, and the server then
    // reads again. See answerChallenge in challenges.ts.
    async up(db: Kysely<any>) {
      await sql`create function answer_challenge(
        p_user_id text, p_actor_id text, p_challenge_id text,
        p_seen_challenge_id text, p_seen_positions text, p_seen_iv bytea,
        p_well_formed boolean, p_right boolean, p_now timestamptz,
        p_next_positions text, p_next_challenge_id text, p_next_expires_at timestamptz,
        p_verification_id text, p_verification_expires_at timestamptz,
        p_reseal_key_id text, p_reseal_iv bytea, p_reseal_sealed bytea,
        p_max_failures integer, p_locked_until timestamptz, p_locked_outcome text,
        p_lock_window_start timestamptz, p_locks_before_admin integer
      ) returns table (result text, remaining integer, until_at timestamptz)
      language plpgsql as $$
      declare
        a accounts%rowtype;
        n integer;
        locks integer;
      begin
        select * into a from accounts where accounts.user_id = p_user_id for update;
        if not found then
          return query select 'not-found', null::integer, null::timestamptz;
          return;
        end if;
        if a.admin_lock or a.locked_until > p_now then
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-failed', 'refused-locked');
          return query select 'locked', null::integer, case when a.admin_lock then null else a.locked_until end;
          return;
        end if;
        if a.locked_until is not null then
          -- The lock has run out: a fresh set of attempts.
          update accounts set locked_until = null, failures = 0 where accounts.user_id = p_user_id;
          a.failures := 0;
        end if;
        if a.positions is null or a.challenge_id is distinct from p_challenge_id
            or a.challenge_expires_at is null or a.challenge_expires_at <= p_now then
          return query select 'expired', null::integer, null::timestamptz;
          return;
        end if;
        if p_seen_challenge_id is distinct from a.challenge_id or p_seen_positions is distinct from a.positions
            or p_seen_iv is distinct from a.secret_iv then
          return query select 'stale', null::integer, null::timestamptz;
          return;
        end if;
        if not p_well_formed then
          return query select 'bad-answers', null::integer, null::timestamptz;
          return;
        end if;
        if p_right then
          update accounts set
              positions = p_next_positions, challenge_id = p_next_challenge_id,
              challenge_expires_at = p_next_expires_at, failures = 0,
              secret_key_id = coalesce(p_reseal_key_id, secret_key_id),
              secret_iv = coalesce(p_reseal_iv, secret_iv),
              secret_sealed = coalesce(p_reseal_sealed, secret_sealed)
            where accounts.user_id = p_user_id;
          insert into verifications (id, actor_id, user_id, challenge_id, verified_at, expires_at, consumed_at)
            values (p_verification_id, p_actor_id, p_user_id, p_challenge_id, p_now, p_verification_expires_at, null);
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-verified', 'verified');
          return query select 'verified', null::integer, null::timestamptz;
          return;
        end if;
        n := a.failures + 1;
        insert into audit (at, actor_id, user_id, action, outcome)
          values (p_now, p_actor_id, p_user_id, 'challenge-failed', 'wrong');
        if n < p_max_failures then
          update accounts set failures = n where accounts.user_id = p_user_id;
          return query select 'failed', p_max_failures - n, null::timestamptz;
          return;
        end if;
        -- Every lock of the last 24 hours counts, those an admin lifted too:
        -- an unlock gives fresh attempts, not a fresh allowance of locks, so
        -- a caller who talks a helpdesk into unlocks gains no extra guesses.
        insert into lock_events (user_id, at) values (p_user_id, p_now);
        select count(*) into locks from lock_events
          where lock_events.user_id = p_user_id and lock_events.at > p_lock_window_start;
        if locks >= p_locks_before_admin then
          update accounts set failures = n, locked_until = null, admin_lock = true,
              challenge_id = null, challenge_expires_at = null
            where accounts.user_id = p_user_id;
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-locked', 'until-admin-unlock');
          return query select 'locked', null::integer, null::timestamptz;
        else
          update accounts set failures = n, locked_until = p_locked_until, admin_lock = false,
              challenge_id = null, challenge_expires_at = null
            where accounts.user_id = p_user_id;
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-locked', p_locked_outcome);
          return query select 'locked', null::integer, p_locked_until;
        end if;
      end
      $$`.execute(db);
    },
  },
  '2026-12-07-020-secret-life': {
    // The secret's life: re-secure (the sealed secret is dropped, the user
    // must accept the AUP again and set a new secret), exposure to agents,
    // and the unlock rules. answer_challenge() is migration 002's function
    // with three additions, each marked "020": a re-secured account answers
    // 'resecured'; a success clears failed_by and, for an agent's check,
    // counts the positions told; a failure records its actor in failed_by.
    async up(db: Kysely<any>) {
      await sql`alter table accounts
        alter column secret_key_id drop not null,
        alter column secret_iv drop not null,
        alter column secret_sealed drop not null,
        add column must_change text check (must_change in ('resecured', 'exposed')),
        add column resecured_at timestamptz,
        add column exposed_positions integer not null default 0,
        add column failed_by text[] not null default '{}'`.execute(db);
      await db.schema
        .createTable('unlock_events')
        .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('unlock_events_user').on('unlock_events').columns(['user_id', 'at']).execute();
      await sql`create or replace function answer_challenge(
        p_user_id text, p_actor_id text, p_challenge_id text,
        p_seen_challenge_id text, p_seen_positions text, p_seen_iv bytea,
        p_well_formed boolean, p_right boolean, p_now timestamptz,
        p_next_positions text, p_next_challenge_id text, p_next_expires_at timestamptz,
        p_verification_id text, p_verification_expires_at timestamptz,
        p_reseal_key_id text, p_reseal_iv bytea, p_reseal_sealed bytea,
        p_max_failures integer, p_locked_until timestamptz, p_locked_outcome text,
        p_lock_window_start timestamptz, p_locks_before_admin integer
      ) returns table (result text, remaining integer, until_at timestamptz)
      language plpgsql as $$
      declare
        a accounts%rowtype;
        n integer;
        locks integer;
        told integer; -- 020
      begin
        select * into a from accounts where accounts.user_id = p_user_id for update;
        if not found then
          return query select 'not-found', null::integer, null::timestamptz;
          return;
        end if;
        -- 020: re-secured: there is no secret to check until a new one is set.
        if a.must_change = 'resecured' then
          return query select 'resecured', null::integer, null::timestamptz;
          return;
        end if;
        if a.admin_lock or a.locked_until > p_now then
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-failed', 'refused-locked');
          return query select 'locked', null::integer, case when a.admin_lock then null else a.locked_until end;
          return;
        end if;
        if a.locked_until is not null then
          -- The lock has run out: a fresh set of attempts.
          update accounts set locked_until = null, failures = 0 where accounts.user_id = p_user_id;
          a.failures := 0;
        end if;
        if a.positions is null or a.challenge_id is distinct from p_challenge_id
            or a.challenge_expires_at is null or a.challenge_expires_at <= p_now then
          return query select 'expired', null::integer, null::timestamptz;
          return;
        end if;
        if p_seen_challenge_id is distinct from a.challenge_id or p_seen_positions is distinct from a.positions
            or p_seen_iv is distinct from a.secret_iv then
          return query select 'stale', null::integer, null::timestamptz;
          return;
        end if;
        if not p_well_formed then
          return query select 'bad-answers', null::integer, null::timestamptz;
          return;
        end if;
        if p_right then
          update accounts set
              positions = p_next_positions, challenge_id = p_next_challenge_id,
              challenge_expires_at = p_next_expires_at, failures = 0,
              secret_key_id = coalesce(p_reseal_key_id, secret_key_id),
              secret_iv = coalesce(p_reseal_iv, secret_iv),
              secret_sealed = coalesce(p_reseal_sealed, secret_sealed)
            where accounts.user_id = p_user_id;
          insert into verifications (id, actor_id, user_id, challenge_id, verified_at, expires_at, consumed_at)
            values (p_verification_id, p_actor_id, p_user_id, p_challenge_id, p_now, p_verification_expires_at, null);
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-verified', 'verified');
          -- 020: a success clears who failed; an agent's success tells the
          -- agent the characters at these positions: count them, and force a
          -- new secret once 6 distinct positions have been told.
          update accounts set failed_by = '{}' where accounts.user_id = p_user_id;
          if p_actor_id <> p_user_id then
            select a.exposed_positions | coalesce(bit_or(1 << (p::integer - 1)), 0) into told
              from unnest(string_to_array(a.positions, ',')) as p;
            update accounts set exposed_positions = told where accounts.user_id = p_user_id;
            if a.must_change is null
                and (select count(*) from generate_series(0, 8) as i where told & (1 << i) <> 0) >= 6 then
              update accounts set must_change = 'exposed' where accounts.user_id = p_user_id;
              insert into audit (at, actor_id, user_id, action, outcome)
                values (p_now, p_actor_id, p_user_id, 'secret-exposed', '6 positions told to agents');
            end if;
          end if;
          return query select 'verified', null::integer, null::timestamptz;
          return;
        end if;
        n := a.failures + 1;
        insert into audit (at, actor_id, user_id, action, outcome)
          values (p_now, p_actor_id, p_user_id, 'challenge-failed', 'wrong');
        -- 020: remember who failed (none of them may lift the lock).
        update accounts set failed_by = array_append(failed_by, p_actor_id)
          where accounts.user_id = p_user_id and not (p_actor_id = any(failed_by));
        if n < p_max_failures then
          update accounts set failures = n where accounts.user_id = p_user_id;
          return query select 'failed', p_max_failures - n, null::timestamptz;
          return;
        end if;
        -- Every lock of the last 24 hours counts, those an admin lifted too:
        -- an unlock gives fresh attempts, not a fresh allowance of locks, so
        -- a caller who talks a helpdesk into unlocks gains no extra guesses.
        insert into lock_events (user_id, at) values (p_user_id, p_now);
        select count(*) into locks from lock_events
          where lock_events.user_id = p_user_id and lock_events.at > p_lock_window_start;
        if locks >= p_locks_before_admin then
          update accounts set failures = n, locked_until = null, admin_lock = true,
              challenge_id = null, challenge_expires_at = null
            where accounts.user_id = p_user_id;
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-locked', 'until-admin-unlock');
          return query select 'locked', null::integer, null::timestamptz;
        else
          update accounts set failures = n, locked_until = p_locked_until, admin_lock = false,
              challenge_id = null, challenge_expires_at = null
            where accounts.user_id = p_user_id;
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-locked', p_locked_outcome);
          return query select 'locked', null::integer, p_locked_until;
        end if;
      end
      $$`.execute(db);
    },
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** A tiny FIFO lock: PGlite has one connection, so one unit of work at a time. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/**
 * Kysely's PGlite driver shares its one connection between callers, so a
 * query issued while another caller's transaction is open would run inside
 * it. This driver hands the connection to one caller at a time (as Kysely's
 * SQLite driver does); transactions and row locks then mean what they mean
 * on PostgreSQL.
 */
class SerialPGliteDriver extends PGliteDriver implements Driver {
  readonly #mutex: Mutex;
  readonly #releases: Array<() => void> = [];

  constructor(pglite: PGlite, mutex: Mutex) {
    super({ pglite });
    this.#mutex = mutex;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    this.#releases.push(release);
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#releases.shift()?.();
  }
}

class SerialPGliteDialect extends PGliteDialect {
  readonly #pglite: PGlite;
  readonly #mutex: Mutex;
  constructor(pglite: PGlite, mutex: Mutex) {
    super({ pglite });
    this.#pglite = pglite;
    this.#mutex = mutex;
  }
  override createDriver(): Driver {
    return new SerialPGliteDriver(this.#pglite, this.#mutex);
  }
}

const encoder = new TextEncoder();

/** One frontend message: type byte, length, body. */
function frontendMessage(type: string, parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const message = new Uint8Array(5 + length);
  const view = new DataView(message.buffer);
  message[0] = type.charCodeAt(0);
  view.setInt32(1, 4 + length);
  let at = 5;
  for (const part of parts) {
    message.set(part, at);
    at += part.length;
  }
  return message;
}

const cString = (text: string) => encoder.encode(`${text}\0`);
const int16 = (value: number) => new Uint8Array([(value >> 8) & 0xff, value & 0xff]);
const int32 = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value);
  return bytes;
};

/** A parameter in PostgreSQL's text format (what PGlite's own serializers produce). */
function textParameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  throw new TypeError(`cannot send a ${typeof value} as a statement parameter`);
}

/**
 * Parse, Bind, Describe, Execute and Sync as one message: PGlite's own
 * `query()` makes a separate call into PostgreSQL for each (six per
 * statement), which cost about a third more CPU per statement here.
 */
function extendedQuery(text: string, values: unknown[]): Uint8Array {
  const parameters = values.map((value) => {
    const textValue = textParameter(value);
    if (textValue === null) return int32(-1);
    const bytes = encoder.encode(textValue);
    const field = new Uint8Array(4 + bytes.length);
    field.set(int32(bytes.length), 0);
    field.set(bytes, 4);
    return field;
  });
  const parts = [
    frontendMessage('P', [cString(''), cString(text), int16(0)]),
    frontendMessage('B', [cString(''), cString(''), int16(0), int16(values.length), ...parameters, int16(0)]),
    frontendMessage('D', [encoder.encode('P'), cString('')]),
    frontendMessage('E', [cString(''), int32(0)]),
    frontendMessage('S', []),
  ];
  const message = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    message.set(part, at);
    at += part.length;
  }
  return message;
}

interface RowDescription {
  name: 'rowDescription';
  fields: Array<{ name: string; dataTypeID: number }>;
}
interface DataRow {
  name: 'dataRow';
  fields: Array<string | null>;
}

/**
 * Runs a `Statement` on PGlite in one call, holding the same lock as
 * Kysely's units of work (so never inside another request's transaction).
 * PGlite throws the database's error after the Sync, so the session is
 * ready for the next statement either way. Results are parsed by PGlite's
 * own type parsers, as its `query()` does.
 */
function pgliteRunner(pglite: PGlite, mutex: Mutex): Runner {
  return async <R>(statement: Statement, values: unknown[]): Promise<R[]> => {
    const release = await mutex.lock();
    let messages: Array<{ name: string }>;
    try {
      ({ messages } = await pglite.execProtocol(extendedQuery(statement.text, values)));
    } finally {
      release();
    }
    let fields: RowDescription['fields'] = [];
    const rows: R[] = [];
    for (const message of messages) {
      if (message.name === 'rowDescription') {
        fields = (message as RowDescription).fields;
      } else if (message.name === 'dataRow') {
        const row: Record<string, unknown> = {};
        (message as DataRow).fields.forEach((value, i) => {
          const { name, dataTypeID } = fields[i];
          const parse = pglite.parsers[dataTypeID];
          row[name] = value === null ? null : parse ? parse(value, dataTypeID) : value;
        });
        rows.push(row as R);
      }
    }
    return rows;
  };
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite's folder (created if missing). */
  dataDir?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /**
   * Told when an idle PostgreSQL connection fails (the server restarted, an
   * administrator ended it): the pool has already dropped it and opens
   * another when needed. Without a listener, pg would throw it, uncaught.
   */
  onIdleError?: (error: Error) => void;
}

export interface OpenDatabase {
  db: Db;
  engine: 'pglite' | 'postgres';
}

/** Opens the database and runs every migration not yet run. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  let db: Db;
  let engine: OpenDatabase['engine'];
  if (options.databaseUrl) {
    engine = 'postgres';
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', (error) => options.onIdleError?.(error));
    db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    runners.set(db, async <R>(statement: Statement, values: unknown[]) => {
      const { rows } = await pool.query<R & pg.QueryResultRow>({ name: statement.name, text: statement.text, values });
      return rows;
    });
  } else {
    engine = 'pglite';
    if (!options.dataDir) throw new Error('dataDir is required without databaseUrl');
    mkdirSync(options.dataDir, { recursive: true });
    const pglite = await PGlite.create(options.dataDir);
    const mutex = new Mutex();
    db = new Kysely<Schema>({ dialect: new SerialPGliteDialect(pglite, mutex) });
    runners.set(db, pgliteRunner(pglite, mutex));
  }
  try {
    const { error } = await new Migrator({ db, provider }).migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    // Fail fast on a broken connection, with the engine's own message.
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, engine };
}
