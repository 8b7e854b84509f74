/**
 * The rules every API request meets before its route, in order: the Host
 * (development sign-in only), the Origin, the session, CSRF, the body's
 * type, the rate limit. docs/backend.md lists them with their answers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountRead, Db } from '../schema.js';
import { isLoopbackHostHeader } from '../loopback.js';
import { problem } from '../problem.js';
import { SESSION_COOKIE, findSessionAndCount, hitRateLimit, sameToken, tokenHash } from '../sessions.js';
import type { AccountSubject, User } from '../sessions.js';

/** What a host's authentication sees of a request. */
export interface AuthRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export type Authenticate = (request: AuthRequest) => Promise<User | undefined>;

export interface RequestRulesOptions {
  db: Db;
  now: () => Date;
  /** The host's authentication; without it, development sessions. */
  authenticate?: Authenticate;
  /** The host authenticates by bearer token only: no CSRF token needed (see AppOptions). */
  bearerOnly: boolean;
  ownOrigins: () => readonly string[];
  allowedOrigins: readonly string[];
  rateLimit: { max: number; windowMs: number };
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** The account the route is about, read with the session (dev sessions only); see `account` below. */
    preloaded: { account: AccountRead | null } | null;
  }
  interface FastifyContextConfig {
    /**
     * Whose account the route reads first (the challenge routes): the
     * session statement then reads it too, one round trip instead of two.
     */
    account?: 'self' | 'userId-param';
    /** Development sign-in: the one API route with no session to find. */
    signIn?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A route that takes a body takes JSON only (a body without a type
 * included); a route whose body is optional also takes none.
 */
function notJson(request: FastifyRequest): boolean {
  const body = request.routeOptions.schema?.body as { anyOf?: unknown } | undefined;
  if (!body) return false;
  const type = request.headers['content-type'];
  if (type === undefined && body.anyOf !== undefined && !hasBody(request)) return false;
  return (type ?? '').split(';')[0].trim().toLowerCase() !== 'application/json';
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function accountSubject(request: FastifyRequest): AccountSubject | undefined {
  const which = request.routeOptions.config.account;
  if (which === 'self') return { self: true };
  if (which === 'userId-param') {
    const { userId } = request.params as { userId?: unknown };
    // A malformed id is refused by the route's schema; read nothing for it.
    return typeof userId === 'string' ? { userId } : undefined;
  }
  return undefined;
}

/** The account the session statement read for the route, when it did. */
export function preloadedAccount(request: FastifyRequest): AccountRead | null | undefined {
  return request.preloaded?.account;
}

/** The signed-in user (the rules let no request without one reach a route). */
export function userOf(request: FastifyRequest): User {
  if (!request.user) throw new Error('route reached without a user');
  return request.user;
}

/** Adds the rules to `app` (the root, so that every route meets them). */
export function requestRules(app: FastifyInstance, options: RequestRulesOptions): void {
  const { db, now } = options;
  const devAuth = !options.authenticate;
  app.decorateRequest('user', null);
  app.decorateRequest('preloaded', null);

  // Every API answer, errors and unknown routes included, is personal or
  // about a secret: no browser or proxy cache keeps it.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) void reply.header('Cache-Control', 'no-store');
  });

  app.addHook('onRequest', async (request, reply) => {
    // Development sign-in listens on loopback only; a page on another site
    // could still reach it through DNS rebinding (its own name resolving to
    // 127.0.0.1), and would send its own name as Host.
    if (devAuth && !isLoopbackHostHeader(request.headers.host)) {
      return problem(
        reply,
        421,
        'This development server answers to loopback names only (localhost, 127.0.0.1, [::1]).',
      );
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins.includes(origin) && !options.ownOrigins().includes(origin)) {
      return problem(reply, 403, 'Requests from this origin are not allowed.');
    }
    // The journey pages meet the same rules in their own hook, answering in HTML (server/src/pages).
    if (request.routeOptions.config.html) return;
    if (request.routeOptions.config.signIn) {
      return notJson(request) ? problem(reply, 415, 'Send the body as application/json.') : undefined;
    }

    const at = now();
    const { max, windowMs } = options.rateLimit;
    let user: User | undefined;
    let csrfHash: string | undefined;
    let wait: number | undefined;
    if (options.authenticate) {
      user = await options.authenticate(request);
      if (user?.csrfToken !== undefined) csrfHash = tokenHash(user.csrfToken);
      if (user) wait = await hitRateLimit(db, user.rateLimitKey ?? `user:${user.userId}`, at, max, windowMs);
    } else {
      const token = request.cookies[SESSION_COOKIE];
      const subject = accountSubject(request);
      const found = token ? await findSessionAndCount(db, token, at, max, windowMs, subject) : undefined;
      user = found?.user;
      csrfHash = found?.user.csrfHash;
      wait = found?.retryAfter;
      if (found?.account !== undefined) request.preloaded = { account: found.account };
    }
    if (!user) return problem(reply, 401, 'Sign in first.');
    // A session without a CSRF token makes no unsafe request, unless the
    // host said it authenticates by bearer token only (no ambient cookie to abuse).
    if (UNSAFE.has(request.method) && !(options.bearerOnly && csrfHash === undefined)) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || csrfHash === undefined || !sameToken(given, csrfHash)) {
        return problem(reply, 403, 'The X-CSRF-Token header is missing or wrong.');
      }
    }
    if (notJson(request)) return problem(reply, 415, 'Send the body as application/json.');
    if (wait !== undefined) {
      return problem(reply, 429, `Too many requests. Try again in ${wait} seconds.`, {
        headers: { 'Retry-After': String(wait) },
      });
    }
    request.user = user;
  });
}
