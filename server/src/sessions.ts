/**
 * Who is calling: the user a host's authentication returns, the development
 * sessions of `AUTH=dev` (kept in the database, so any process knows them),
 * and the per-session rate limit (decided by one SQL statement).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { sql } from 'kysely';
import { run, statement } from './database.js';
import { ACCOUNT_READ_COLUMNS } from './schema.js';
import type { AccountRead, Db, SessionTable } from './schema.js';

export type Role = 'user' | 'agent' | 'admin';

/** What a host's authentication returns for a request. */
export interface User {
  userId: string;
  givenName?: string;
  familyName?: string;
  organisation?: string;
  roles: Role[];
  /** When the person last signed in (proved who they are). */
  authTime: Date;
  /**
   * The token `X-CSRF-Token` must equal on unsafe methods, if the host's
   * sessions are cookie-based; leave unset for bearer-token hosts.
   */
  csrfToken?: string;
  /** What the rate limit counts by (defaults to the user id). */
  rateLimitKey?: string;
}

export const SESSION_COOKIE = 'ase_session';
/** How long a development session lasts. */
const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Whether `given` is the token whose hash is `expectedHash`, compared in constant time. */
export function sameToken(given: string, expectedHash: string): boolean {
  const a = Buffer.from(tokenHash(given));
  const b = Buffer.from(expectedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The CSRF token of the session whose cookie holds `token`. Derived, not
 * drawn: the database keeps only hashes, and the HTML pages must put the
 * token in their forms, so a page recomputes it from the cookie the browser
 * sent. It reveals nothing of the cookie (HMAC), and only a holder of the
 * HttpOnly cookie can compute it.
 */
export function csrfTokenFor(token: string): string {
  return createHmac('sha256', token).update('account-secret-elements csrf v1').digest('base64url');
}

/** A development session's cookie attributes (HttpOnly, SameSite=Strict; `Secure` when asked), for `reply.setCookie`. */
export function sessionCookieOptions(secure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'strict', maxAge: SESSION_LIFETIME_MS / 1000, secure };
}

/** Ends a development session (signing out): its cookie no longer finds it. */
export async function endSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
}

/** A session is a user as authenticated, before its tokens exist. */
export type NewSession = Omit<User, 'csrfToken' | 'rateLimitKey'>;

/** Creates a development session; returns the cookie token and the CSRF token. */
export async function createSession(
  db: Db,
  session: NewSession,
  now: Date,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = csrfTokenFor(token);
  await db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash(token),
      csrf_hash: tokenHash(csrfToken),
      user_id: session.userId,
      given_name: session.givenName ?? null,
      family_name: session.familyName ?? null,
      organisation: session.organisation ?? null,
      roles: session.roles.join(','),
      auth_time: session.authTime,
      created_at: now,
      expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS),
    })
    .execute();
  return { token, csrfToken };
}

const SESSION_AND_COUNT_SQL = `
  with s as (
    select * from sessions where token_hash = $1 and expires_at > $2::timestamptz
  ), r as (
    insert into rate_limits (key, window_start, count)
    select $3, $2::timestamptz, 1 from s
    on conflict (key) do update set
      count = case when rate_limits.window_start <= $4::timestamptz then 1 else rate_limits.count + 1 end,
      window_start = case when rate_limits.window_start <= $4::timestamptz then $2::timestamptz else rate_limits.window_start end
    returning count, window_start
  )
  select s.user_id, s.given_name, s.family_name, s.organisation, s.roles, s.auth_time, s.csrf_hash, r.count, r.window_start`;

const SESSION_AND_COUNT = statement(`${SESSION_AND_COUNT_SQL} from s cross join r`);

/** The same, plus a plain read of one account: `$5`, or the session's own user when null. */
const SESSION_COUNT_AND_ACCOUNT = statement(`${SESSION_AND_COUNT_SQL},
    a.user_id as account_user_id, ${ACCOUNT_READ_COLUMNS.split(', ')
      .map((c) => `a.${c}`)
      .join(', ')}
  from s cross join r left join accounts a on a.user_id = coalesce($5, s.user_id)`);

/** A session as the hot statement reads it, with the rate limit's count. */
type SessionRow = Pick<
  SessionTable,
  'user_id' | 'given_name' | 'family_name' | 'organisation' | 'roles' | 'auth_time' | 'csrf_hash'
> & {
  count: number;
  window_start: Date;
};

/** Whose account a request reads with its session: the session's user, or another user's (an agent's check). */
export type AccountSubject = { self: true } | { userId: string };

/**
 * The session's user and its rate-limit verdict in one statement (one round
 * trip per request): the counter is only touched when the session exists.
 * With `subject`, the same statement also reads that account (the challenge
 * routes' first read, saving them a round trip): `account` is null when
 * there is none. It is a plain read, as the routes would make themselves;
 * nothing is decided from it before the route's own checks.
 */
export async function findSessionAndCount(
  db: Db,
  token: string,
  now: Date,
  limit: number,
  windowMs: number,
  subject?: AccountSubject,
): Promise<
  { user: User & { csrfHash: string }; retryAfter: number | undefined; account?: AccountRead | null } | undefined
> {
  const hash = tokenHash(token);
  const windowStart = new Date(now.getTime() - windowMs);
  const parameters: unknown[] = [hash, now, `session:${hash}`, windowStart];
  let row: SessionRow | undefined;
  let account: AccountRead | null | undefined;
  if (subject) {
    const [read] = await run<SessionRow & AccountRead & { account_user_id: string | null }>(
      db,
      SESSION_COUNT_AND_ACCOUNT,
      [...parameters, 'userId' in subject ? subject.userId : null],
    );
    row = read;
    account = read && accountOf(read);
  } else {
    [row] = await run<SessionRow>(db, SESSION_AND_COUNT, parameters);
  }
  if (!row) return undefined;
  const resetAt = new Date(row.window_start).getTime() + windowMs;
  return {
    user: {
      userId: row.user_id,
      givenName: row.given_name ?? undefined,
      familyName: row.family_name ?? undefined,
      organisation: row.organisation ?? undefined,
      roles: row.roles.split(',').filter(Boolean) as Role[],
      authTime: new Date(row.auth_time),
      csrfHash: row.csrf_hash,
      rateLimitKey: `session:${hash}`,
    },
    retryAfter: row.count <= limit ? undefined : Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)),
    account,
  };
}

function accountOf(row: AccountRead & { account_user_id: string | null }): AccountRead | null {
  if (row.account_user_id === null) return null;
  const {
    positions,
    challenge_id,
    challenge_expires_at,
    failures,
    locked_until,
    admin_lock,
    secret_key_id,
    secret_iv,
    secret_sealed,
    must_change,
  } = row;
  return {
    positions,
    challenge_id,
    challenge_expires_at,
    failures,
    locked_until,
    admin_lock,
    secret_key_id,
    secret_iv,
    secret_sealed,
    must_change,
  };
}

/**
 * Counts one request against `key` in a fixed window; one statement, so
 * every process shares the count. Returns the seconds to wait when over.
 */
export async function hitRateLimit(
  db: Db,
  key: string,
  now: Date,
  limit: number,
  windowMs: number,
): Promise<number | undefined> {
  const windowStart = new Date(now.getTime() - windowMs);
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start <= ${windowStart}::timestamptz then 1 else rate_limits.count + 1 end`,
        window_start: sql<Date>`case when rate_limits.window_start <= ${windowStart}::timestamptz then ${now}::timestamptz else rate_limits.window_start end`,
      }),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  if (row.count <= limit) return undefined;
  const resetAt = new Date(row.window_start).getTime() + windowMs;
  return Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000));
}
