/**
 * Who is calling the mock backend, and the rules every request of the
 * contract must pass (api/openapi.yaml, "Rules for every request"): a
 * session, a CSRF token on unsafe methods, the Origin, the content type and
 * size of the body, and a rate limit.
 *
 * NOT A DESIGN TO COPY. The mocks keep everything in memory, secrets
 * included, in plain text, so that tests and stories can seed and read
 * them. A real backend never stores a secret readable without a key held
 * outside its database: see docs/backend.md.
 *
 * Two modes:
 * - strict (`mockHandlers({ lenient: false })`): behaves as the contract
 *   says; the conformance kit runs against it (`test/conformance.test.ts`).
 * - lenient (the default `handlers`, for the demo page, the element tests
 *   and Storybook): a request that carries no known session is taken as the
 *   signed-in demo user (Mary Smith, who is also a helpdesk agent and an
 *   admin), without CSRF token and without rate limit, so pages that set no
 *   headers keep working. Every other rule still applies.
 */
import { MAX_BODY_BYTES, RECENT_SIGN_IN_MS, type AuditAction } from '../src/policy.js';
import { demoChallengeSecrets, demoPreviousSecrets, demoUser } from './data.js';
import { problem } from './problem.js';

export type Role = 'user' | 'agent' | 'admin';

/** A user as the mock backend knows them. */
export interface MockUser {
  userId: string;
  givenName?: string;
  familyName?: string;
  organisation?: string;
  /** The current secret: plain text, in memory, for demonstration only. */
  secret?: string;
  /** The last secrets set, newest first (the current one included once set through the API). */
  history: string[];
  /** When the current secret was set (ms since the epoch). */
  secretSetAt?: number;
  /** Why the user must set a new secret. */
  mustChange?: 'resecured' | 'exposed';
  /** The last re-secure (ms since the epoch): an AUP acceptance from before it does not count. */
  resecuredAt?: number;
  /** Positions told to agents by successful checks since the secret was set. */
  told?: number[];
}

/** A signed-in session. */
export interface MockSession {
  id: string;
  csrfToken: string;
  userId: string;
  roles: Role[];
  /** When the user last signed in (ms since the epoch): saving a secret needs a recent one. */
  authTime: number;
  /** Times of this session's recent requests, for the rate limit. */
  recent: number[];
  /** The lenient demo session: no CSRF token, no rate limit. */
  lenient: boolean;
}

export interface MockMode {
  /** Take requests without a known session as the demo user (demo, tests, Storybook). */
  lenient: boolean;
}

/** An action the mock backend records, as `GET /api/admin/audit` lists it. */
export interface AuditRecord {
  at: string;
  actorId: string;
  userId: string;
  action: AuditAction;
  /** `refused-…` says why an unlock or re-secure was refused. */
  outcome: 'success' | 'failure' | `refused-${string}`;
}

/** The policy's limits, under the names the mocks have always exported. */
export { MAX_BODY_BYTES, RECENT_SIGN_IN_MS };

export const SESSION_COOKIE = 'session';
/** Requests one session may make in a minute. */
export const RATE_LIMIT_PER_MINUTE = 60;

const users = new Map<string, MockUser>();
const sessions = new Map<string, MockSession>();
/** Newest first; `seq` orders records for paging (the cursor `before` is a seq). */
const auditLog: Array<AuditRecord & { seq: number }> = [];
let auditSeq = 0;

/** The seeded users: the demo user (with her earlier secrets) and a second caller for the helpdesk. */
const seeds: readonly MockUser[] = [
  {
    userId: demoUser.id,
    givenName: demoUser.givenName,
    familyName: demoUser.familyName,
    organisation: demoUser.organisation,
    secret: demoChallengeSecrets[demoUser.id],
    history: [...demoPreviousSecrets],
  },
  {
    userId: 'ahmed-khan',
    givenName: 'Ahmed',
    familyName: 'Khan',
    secret: demoChallengeSecrets['ahmed-khan'],
    history: [],
  },
];

/** Forgets sessions, audit and every user that is not seeded; restores the seeds. */
export function resetSessionState(): void {
  sessions.clear();
  auditLog.length = 0;
  users.clear();
  const now = Date.now();
  for (const seed of seeds) users.set(seed.userId, { ...seed, history: [...seed.history], secretSetAt: now });
}

/** Ends every session of `userId` (a re-secure): their requests answer 401. */
export function endSessions(userId: string): void {
  for (const [id, session] of sessions) if (session.userId === userId) sessions.delete(id);
}

/** The user, or undefined. */
export function userById(userId: string): MockUser | undefined {
  return users.get(userId);
}

/** The user, created (without a secret) if unknown. */
function ensureUser(userId: string): MockUser {
  let user = users.get(userId);
  if (!user) {
    user = { userId, history: [] };
    users.set(userId, user);
  }
  return user;
}

export function audit(record: Omit<AuditRecord, 'at'>): void {
  auditLog.unshift({ at: new Date().toISOString(), ...record, seq: ++auditSeq });
}

/** The audit records of `userId` (or all), newest first (copies). */
export function auditRecords(userId?: string): AuditRecord[] {
  return auditPage({ userId, limit: auditLog.length + 1 }).records;
}

/** One page of the audit, newest first: `next` is the `before` of the following page when this one is full. */
export function auditPage(query: { userId?: string; limit: number; before?: number }): {
  records: AuditRecord[];
  next?: number;
} {
  const page = auditLog
    .filter(
      (record) =>
        (query.userId === undefined || record.userId === query.userId) &&
        (query.before === undefined || record.seq < query.before),
    )
    .slice(0, query.limit);
  const records = page.map(({ seq: _seq, ...record }) => record);
  return page.length === query.limit ? { records, next: page[page.length - 1].seq } : { records };
}

function randomToken(bytes = 18): string {
  const data = new Uint8Array(bytes);
  crypto.getRandomValues(data);
  return [...data].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** What `POST /api/dev/session` accepts. */
export interface SessionProfile {
  userId: string;
  givenName?: string;
  familyName?: string;
  organisation?: string;
  roles?: Role[];
  signedInSecondsAgo?: number;
}

/** Signs a user in; answers the new session. */
export function createSession(profile: SessionProfile): MockSession {
  const user = ensureUser(profile.userId);
  if (profile.givenName !== undefined) user.givenName = profile.givenName;
  if (profile.familyName !== undefined) user.familyName = profile.familyName;
  if (profile.organisation !== undefined) user.organisation = profile.organisation;
  const session: MockSession = {
    id: randomToken(),
    csrfToken: randomToken(),
    userId: profile.userId,
    roles: profile.roles && profile.roles.length > 0 ? [...profile.roles] : ['user'],
    authTime: Date.now() - (profile.signedInSecondsAgo ?? 0) * 1000,
    recent: [],
    lenient: false,
  };
  sessions.set(session.id, session);
  return session;
}

/** The cookie that carries a session, as the mock sets it. */
export function sessionCookie(session: MockSession): string {
  return `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Strict`;
}

function demoSession(): MockSession {
  return {
    id: 'demo',
    csrfToken: '',
    userId: demoUser.id,
    roles: ['user', 'agent', 'admin'],
    authTime: Date.now(),
    recent: [],
    lenient: true,
  };
}

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A request that passed the rules: who sent it, and its parsed JSON body (unsafe methods). */
export interface Caller {
  session: MockSession;
  user: MockUser;
  body: unknown;
}

/** Answers a 403 problem when the request's Origin is neither absent nor the mock's own. */
export function checkOrigin(request: Request): Response | undefined {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== new URL(request.url).origin) {
    return problem(403, 'Forbidden', 'Requests from this origin are not allowed.');
  }
  return undefined;
}

/**
 * Reads the JSON body of an unsafe request: 415 unless it is
 * `application/json` (an empty body without a type is allowed), 413 above
 * `MAX_BODY_BYTES`, 400 when it does not parse.
 */
export async function readJson(request: Request): Promise<{ body: unknown } | Response> {
  const text = await request.text();
  const header = request.headers.get('content-type');
  if (text === '' && header === null) return { body: undefined };
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return problem(415, 'Unsupported media type', 'Send application/json.');
  if (new TextEncoder().encode(text).length > MAX_BODY_BYTES) {
    return problem(413, 'Content too large', `The body must not be larger than ${MAX_BODY_BYTES} bytes.`);
  }
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return problem(400, 'Bad request', 'The body is not JSON.');
  }
}

/**
 * Applies the rules for every request, in the order a server meets them:
 * Origin, session, rate limit, CSRF, then (unsafe methods) content type,
 * size and JSON. Answers the caller, or the problem response to send.
 */
export async function admit(request: Request, mode: MockMode): Promise<Caller | Response> {
  const foreign = checkOrigin(request);
  if (foreign) return foreign;
  const id = cookieValue(request.headers.get('cookie'), SESSION_COOKIE);
  let session = id === undefined ? undefined : sessions.get(id);
  if (!session) {
    if (!mode.lenient) return problem(401, 'Unauthorized', 'Sign in first.');
    session = demoSession();
  }
  const now = Date.now();
  if (!session.lenient) {
    session.recent = session.recent.filter((at) => at > now - 60_000);
    if (session.recent.length >= RATE_LIMIT_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((session.recent[0] + 60_000 - now) / 1000));
      return problem(
        429,
        'Too many requests',
        'Too many requests. Try again later.',
        {},
        { 'Retry-After': String(retryAfter) },
      );
    }
    session.recent.push(now);
  }
  let body: unknown;
  if (UNSAFE.has(request.method)) {
    if (!session.lenient && request.headers.get('x-csrf-token') !== session.csrfToken) {
      return problem(403, 'Forbidden', 'The CSRF token is missing or wrong.');
    }
    const read = await readJson(request);
    if (read instanceof Response) return read;
    body = read.body;
  }
  return { session, user: ensureUser(session.userId), body };
}

/** Whether the session holds `role`. */
export function hasRole(caller: Caller, role: Role): boolean {
  return caller.session.roles.includes(role);
}

resetSessionState();
