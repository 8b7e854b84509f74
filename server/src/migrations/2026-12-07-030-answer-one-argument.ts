/*
 * answer_challenge() takes one argument: a jsonb object built from one
 * TypeScript type (AnswerInput in answers.ts) instead of 22 positional
 * parameters. The decision is migration 020's, with every limit now a
 * member of that object, from the policy module (src/policy.ts): the
 * failures before a lock, the locks before an admin must unlock, and the
 * positions told to agents before a new secret is due (020 had 6 in SQL).
 * The 22-parameter function is dropped.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's migration API is untyped by design. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop function answer_challenge(
        text, text, text, text, text, bytea, boolean, boolean, timestamptz, text, text, timestamptz,
        text, timestamptz, text, bytea, bytea, integer, timestamptz, text, timestamptz, integer)`.execute(db);
  await sql`create function answer_challenge(input jsonb)
      returns table (result text, remaining integer, until_at timestamptz)
      language plpgsql as $$
      declare
        p_user_id text := input->>'userId';
        p_actor_id text := input->>'actorId';
        p_challenge_id text := input->>'challengeId';
        p_seen_challenge_id text := input->>'seenChallengeId';
        p_seen_positions text := input->>'seenPositions';
        p_seen_iv bytea := decode(input->>'seenIv', 'base64');
        p_well_formed boolean := (input->>'wellFormed')::boolean;
        p_right boolean := (input->>'right')::boolean;
        p_now timestamptz := (input->>'now')::timestamptz;
        p_next_positions text := input->>'nextPositions';
        p_next_challenge_id text := input->>'nextChallengeId';
        p_next_expires_at timestamptz := (input->>'nextExpiresAt')::timestamptz;
        p_verification_id text := input->>'verificationId';
        p_verification_expires_at timestamptz := (input->>'verificationExpiresAt')::timestamptz;
        p_reseal_key_id text := input->>'resealKeyId';
        p_reseal_iv bytea := decode(input->>'resealIv', 'base64');
        p_reseal_sealed bytea := decode(input->>'resealSealed', 'base64');
        p_max_failures integer := (input->>'maxFailures')::integer;
        p_locked_until timestamptz := (input->>'lockedUntil')::timestamptz;
        p_lock_window_start timestamptz := (input->>'lockWindowStart')::timestamptz;
        p_locks_before_admin integer := (input->>'locksBeforeAdmin')::integer;
        p_exposed_positions integer := (input->>'exposedPositions')::integer;
        a accounts%rowtype;
        n integer;
        locks integer;
        told integer;
      begin
        select * into a from accounts where accounts.user_id = p_user_id for update;
        if not found then
          return query select 'not-found', null::integer, null::timestamptz;
          return;
        end if;
        -- Re-secured: there is no secret to check until a new one is set.
        if a.must_change = 'resecured' then
          return query select 'resecured', null::integer, null::timestamptz;
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
        -- The verdict was reached on another read of the row: the server reads and compares again.
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
              challenge_expires_at = p_next_expires_at, failures = 0, failed_by = '{}',
              secret_key_id = coalesce(p_reseal_key_id, secret_key_id),
              secret_iv = coalesce(p_reseal_iv, secret_iv),
              secret_sealed = coalesce(p_reseal_sealed, secret_sealed)
            where accounts.user_id = p_user_id;
          insert into verifications (id, actor_id, user_id, challenge_id, verified_at, expires_at, consumed_at)
            values (p_verification_id, p_actor_id, p_user_id, p_challenge_id, p_now, p_verification_expires_at, null);
          insert into audit (at, actor_id, user_id, action, outcome)
            values (p_now, p_actor_id, p_user_id, 'challenge-verified', 'verified');
          -- An agent's success tells the agent the characters at these
          -- positions: count them (bit p-1 for position p), and ask for a new
          -- secret once p_exposed_positions distinct ones have been told.
          if p_actor_id <> p_user_id then
            select a.exposed_positions | coalesce(bit_or(1 << (p::integer - 1)), 0) into told
              from unnest(string_to_array(a.positions, ',')) as p;
            update accounts set exposed_positions = told where accounts.user_id = p_user_id;
            if a.must_change is null
                and (select count(*) from generate_series(0, 30) as i where told & (1 << i) <> 0)
                  >= p_exposed_positions then
              update accounts set must_change = 'exposed' where accounts.user_id = p_user_id;
              insert into audit (at, actor_id, user_id, action, outcome)
                values (p_now, p_actor_id, p_user_id, 'secret-exposed',
                  format('%s positions told to agents', p_exposed_positions));
            end if;
          end if;
          return query select 'verified', null::integer, null::timestamptz;
          return;
        end if;
        n := a.failures + 1;
        insert into audit (at, actor_id, user_id, action, outcome)
          values (p_now, p_actor_id, p_user_id, 'challenge-failed', 'wrong');
        -- Remember who failed (none of them may lift the lock).
        update accounts set failed_by = array_append(failed_by, p_actor_id)
          where accounts.user_id = p_user_id and not (p_actor_id = any(failed_by));
        if n < p_max_failures then
          update accounts set failures = n where accounts.user_id = p_user_id;
          return query select 'failed', p_max_failures - n, null::timestamptz;
          return;
        end if;
        -- Every lock of the window counts, those an admin lifted too: an
        -- unlock gives fresh attempts, not a fresh allowance of locks, so a
        -- caller who talks a helpdesk into unlocks gains no extra guesses.
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
            values (p_now, p_actor_id, p_user_id, 'challenge-locked', 'until ' || (input->>'lockedUntil'));
          return query select 'locked', null::integer, p_locked_until;
        end if;
      end
      $$`.execute(db);
}
