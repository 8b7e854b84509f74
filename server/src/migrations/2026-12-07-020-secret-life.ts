/*
 * The secret's life: re-secure (the sealed secret is dropped, the user
 * must accept the AUP again and set a new secret), exposure to agents,
 * and the unlock rules. answer_challenge() is migration 002's function
 * with three additions, each marked "020": a re-secured account answers
 * 'resecured'; a success clears failed_by and, for an agent's check,
 * counts the positions told; a failure records its actor in failed_by.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's migration API is untyped by design. */
export async function up(db: Kysely<any>): Promise<void> {
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
          -- No audit row (as since 010): the lock itself was recorded
          -- ('challenge-locked'), and one row per refused answer let anyone
          -- flood the audit.
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
}
