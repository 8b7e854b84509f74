/*
 * answer_challenge() as in 002, but an answer refused because the
 * account is locked writes no audit row (002 wrote one per refused
 * answer: 'challenge-failed' / 'refused-locked'). Nothing else changes.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's migration API is untyped by design. */
export async function up(db: Kysely<any>): Promise<void> {
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
      begin
        select * into a from accounts where accounts.user_id = p_user_id for update;
        if not found then
          return query select 'not-found', null::integer, null::timestamptz;
          return;
        end if;
        if a.admin_lock or a.locked_until > p_now then
          -- No audit row: the lock itself was recorded ('challenge-locked'),
          -- and one row per refused answer let anyone flood the audit.
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
}
