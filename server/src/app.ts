/**
 * The HTTP layer: thin routes over the domain functions. Each route
 * validates its input against the contract's schema, calls one domain
 * function and maps the result to a response.
 */
import type { IncomingHttpHeaders } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BODY_BYTES, MAX_UNLOCKS, RECENT_SIGN_IN_MS } from '../../src/policy.js';
import { acceptPolicy, latestAcceptance } from './aup.js';
import { readAudit } from './audit.js';
import { answerChallenge, consumeVerification, getChallenge, readCallerChallenge, unlock } from './challenges.js';
import type { AnswerResult, ChallengeResult, ChallengeServices } from './challenges.js';
import type { AccountRead, Db } from './schema.js';
import type { KeyProvider } from './key-provider.js';
import { isLoopbackHostHeader } from './loopback.js';
import { contractRequestSchema } from './openapi.js';
import { DEFAULT_BUNDLE_DIR, journeyPages } from './pages/index.js';
import { problem } from './problem.js';
import type { HashParams, SlowHash } from './secret-crypto.js';
import { resecure } from './resecure.js';
import { countSecretAttempt, setSecret } from './secrets.js';
import { accountStatus } from './status.js';
import { auditQuery, devSessionBody, userIdParams, verificationParams } from './server-schemas.js';
import {
  SESSION_COOKIE,
  createSession,
  findSessionAndCount,
  hitRateLimit,
  sameToken,
  sessionCookieOptions,
  tokenHash,
} from './sessions.js';
import type { AccountSubject, Role, User } from './sessions.js';

/** What a host's authentication sees of a request. */
export interface AuthRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export type Authenticate = (request: AuthRequest) => Promise<User | undefined>;

export interface AppOptions {
  db: Db;
  keys: KeyProvider;
  hashParams: HashParams;
  /** The slow hash, already bounded to a few at a time. */
  hash: SlowHash;
  now: () => Date;
  /** The host's authentication; without it, development sessions (`AUTH=dev`). */
  authenticate?: Authenticate;
  /**
   * The host's authentication reads a bearer token only (no cookies), so
   * unsafe requests need no CSRF token. Without it, a user the host
   * authenticates with no `csrfToken` cannot make unsafe requests (403).
   */
  bearerOnly: boolean;
  /**
   * The server's own origins (configuration, never the Host header). A
   * function: with port 0 they are known only once the server listens.
   */
  ownOrigins: () => readonly string[];
  /** Origins besides the server's own that may call it. */
  allowedOrigins: string[];
  production: boolean;
  logLevel: string;
  rateLimit: { max: number; windowMs: number };
  /** Secrets one user may try to set in a window (besides `rateLimit`). */
  secretRateLimit: { max: number; windowMs: number };
  /** Whether to mark the session cookie `Secure` (always in production). */
  secureCookie: boolean;
  /** The AUP version in force (`AUP_VERSION`): the status route asks for it. */
  aupVersion: string;
  /**
   * Called after an account is re-secured. Development sessions are ended by
   * the server; a host with its own sessions ends the user's here.
   */
  onResecured?: (userId: string) => Promise<void>;
  /** The built bundle the journey pages load (default `dist/`); when it is missing they have no script. */
  bundleDir?: string;
}

/** Fastify's own start-up message, replaced and dropped (the command line prints its own line). */
export const LISTENING = 'account-secret-server: listening';

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
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function schema(method: string, contractPath: string, fallback?: Record<string, unknown>): Record<string, unknown> {
  const body = contractRequestSchema(method, contractPath) ?? fallback;
  if (!body) throw new Error(`no request schema for ${method} ${contractPath}`);
  return body;
}

function hasRole(user: User, role: Role): boolean {
  return user.roles.includes(role);
}

function sendResecured(reply: FastifyReply): FastifyReply {
  return problem(
    reply,
    409,
    'This account was re-secured: there is no secret to check until the user sets a new one.',
    {
      title: 'Account re-secured',
    },
  );
}

function sendChallenge(reply: FastifyReply, result: ChallengeResult): FastifyReply {
  switch (result.kind) {
    case 'not-found':
      return problem(reply, 404, 'There is no such user, or the user has not set an account secret.');
    case 'resecured':
      return sendResecured(reply);
    case 'locked':
      return sendLocked(reply, result.lockedUntil);
    case 'ok':
      return reply.send({
        challengeId: result.challengeId,
        positions: result.positions,
        attemptsRemaining: result.attemptsRemaining,
        expiresAt: result.expiresAt.toISOString(),
      });
  }
}

function sendLocked(reply: FastifyReply, lockedUntil: Date | undefined): FastifyReply {
  return lockedUntil
    ? problem(reply, 423, 'Too many failed checks. Try again later.', {
        extensions: { lockedUntil: lockedUntil.toISOString() },
      })
    : problem(reply, 423, 'Too many failed checks. An administrator must unlock the account.');
}

function sendAnswer(reply: FastifyReply, result: AnswerResult): FastifyReply {
  switch (result.kind) {
    case 'not-found':
      return problem(reply, 404, 'There is no such user, or the user has not set an account secret.');
    case 'resecured':
      return sendResecured(reply);
    case 'locked':
      return sendLocked(reply, result.lockedUntil);
    case 'expired':
      return problem(reply, 410, 'This challenge has expired or is not the current one. Fetch a new one.');
    case 'bad-answers':
      return problem(reply, 400, result.detail);
    case 'verified':
      return reply.send({ verified: true, verificationId: result.verificationId });
    case 'failed':
      return problem(reply, 422, 'The characters given are not right.', {
        title: 'Not verified',
        extensions: { verified: false, attemptsRemaining: result.attemptsRemaining },
      });
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number'
    ? error.statusCode
    : undefined;
}

export function buildApp(options: AppOptions): FastifyInstance {
  const { db, keys, now } = options;
  const services: ChallengeServices = { db, keys, now };
  const devAuth = !options.authenticate;

  const app = Fastify({
    logger: {
      level: options.logLevel,
      // Defence in depth: the default serializers log neither bodies nor
      // headers, and nothing else logs them either.
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.body', 'res.headers["set-cookie"]'],
      hooks: {
        logMethod(args, method) {
          // `npm run server` prints its own single readiness line.
          if (args.some((arg) => typeof arg === 'string' && arg.startsWith(LISTENING))) return;
          method.apply(this, args);
        },
      },
    },
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });

  // Before the hooks below: the session hook reads `request.cookies`, and
  // the journey pages (registered below) use the same plugin.
  void app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorateRequest('preloaded', null);

  app.setErrorHandler((error, request, reply) => {
    const code = errorCode(error);
    if (typeof error === 'object' && error !== null && 'validation' in error) {
      const message = error instanceof Error ? error.message : 'The request does not fit the contract.';
      return problem(reply, 400, `The request does not fit the contract: ${message}.`);
    }
    if (
      code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' && statusOf(error) === 415)
    ) {
      return problem(reply, 415, 'Send the body as application/json.');
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return problem(reply, 413, `The body must be at most ${MAX_BODY_BYTES} bytes.`);
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) {
      return problem(
        reply,
        status,
        status === 400 ? 'The body is not valid JSON, or does not fit the contract.' : 'The request was refused.',
      );
    }
    request.log.error({ err: error }, 'request failed');
    return problem(reply, 500, 'The server failed. Try again later.');
  });

  app.setNotFoundHandler((request, reply) =>
    problem(reply, 404, `No route ${request.method} ${request.url.split('?')[0]}.`),
  );

  const devSessionPath = '/api/dev/session';

  /** A route that takes a body takes JSON only (a body without a type included). */
  const notJson = (request: FastifyRequest): boolean => {
    if (!request.routeOptions.schema?.body) return false;
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    return mediaType !== 'application/json';
  };

  const accountSubject = (request: FastifyRequest): AccountSubject | undefined => {
    const which = request.routeOptions.config.account;
    if (which === 'self') return { self: true };
    if (which === 'userId-param') {
      const { userId } = request.params as { userId?: unknown };
      // A malformed id is refused by the route's schema; read nothing for it.
      return typeof userId === 'string' ? { userId } : undefined;
    }
    return undefined;
  };
  const preloadedAccount = (request: FastifyRequest): AccountRead | null | undefined => request.preloaded?.account;

  // Every API answer, errors and unknown routes included, is personal or
  // about a secret: no browser or proxy cache keeps it.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) void reply.header('Cache-Control', 'no-store');
  });

  // The rules every request meets, in order: the Host (development
  // sign-in only), the Origin, the session, CSRF, the body's type, the rate limit.
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
    if (devAuth && request.method === 'POST' && request.routeOptions.url === devSessionPath) {
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

  const userOf = (request: FastifyRequest): User => {
    if (!request.user) throw new Error('route reached without a user');
    return request.user;
  };

  if (devAuth) {
    app.post<{
      Body: {
        userId: string;
        givenName?: string;
        familyName?: string;
        organisation?: string;
        roles?: Role[];
        signedInSecondsAgo?: number;
      };
    }>(devSessionPath, { schema: { body: schema('post', devSessionPath, devSessionBody) } }, async (request, reply) => {
      const body = request.body;
      const at = now();
      const { token, csrfToken } = await createSession(
        db,
        {
          userId: body.userId,
          givenName: body.givenName,
          familyName: body.familyName,
          organisation: body.organisation,
          roles: body.roles && body.roles.length > 0 ? body.roles : ['user'],
          authTime: new Date(at.getTime() - (body.signedInSecondsAgo ?? 0) * 1000),
        },
        at,
      );
      void reply
        .setCookie(SESSION_COOKIE, token, sessionCookieOptions(options.secureCookie))
        .header('Cache-Control', 'no-store');
      return { csrfToken };
    });
  }

  if (devAuth) {
    void app.register(journeyPages, {
      db,
      keys,
      hashParams: options.hashParams,
      hash: options.hash,
      now,
      rateLimit: options.rateLimit,
      secretRateLimit: options.secretRateLimit,
      secureCookie: options.secureCookie,
      aupVersion: options.aupVersion,
      recentSignInMs: RECENT_SIGN_IN_MS,
      bundleDir: options.bundleDir ?? DEFAULT_BUNDLE_DIR,
    });
  }

  app.post<{ Body: { secret: string } }>(
    '/api/account-secret',
    { schema: { body: schema('post', '/api/account-secret') } },
    async (request, reply) => {
      const user = userOf(request);
      if (now().getTime() - user.authTime.getTime() > RECENT_SIGN_IN_MS) {
        return problem(
          reply,
          401,
          'Sign in again to set your account secret (a sign-in within the last 15 minutes is needed).',
        );
      }
      const wait = await countSecretAttempt(db, user.userId, now(), options.secretRateLimit);
      if (wait !== undefined) {
        return problem(reply, 429, `Too many new secrets. Try again in ${wait} seconds.`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
      const result = await setSecret(
        { db, keys, hashParams: options.hashParams, hash: options.hash, now },
        user,
        request.body.secret,
      );
      if (result.ok) return { savedAt: result.savedAt.toISOString() };
      return problem(reply, 422, 'The secret does not meet every rule.', {
        title: 'Secret not accepted',
        extensions: { errors: result.rules.map((rule) => ({ rule })) },
      });
    },
  );

  app.post<{ Body: { version: string } }>(
    '/api/aup/acceptance',
    { schema: { body: schema('post', '/api/aup/acceptance') } },
    async (request, reply) => {
      const accepted = await acceptPolicy(db, userOf(request).userId, request.body.version, now());
      return reply.code(201).send({ version: accepted.version, acceptedAt: accepted.acceptedAt.toISOString() });
    },
  );

  app.get('/api/aup/acceptance', async (request, reply) => {
    const latest = await latestAcceptance(db, userOf(request).userId);
    if (!latest) return problem(reply, 404, 'The policy has not been accepted yet.');
    return { version: latest.version, acceptedAt: latest.acceptedAt.toISOString() };
  });

  app.get('/api/account-secret/status', async (request) =>
    accountStatus(db, userOf(request).userId, options.aupVersion),
  );

  const selfPath = '/api/account-secret/challenge';
  const agentPath = '/api/helpdesk/users/{userId}/account-secret/challenge';
  const agentRoute = agentPath.replace('{userId}', ':userId');
  type AnswerBody = { challengeId: string; answers: string[] };

  app.get(selfPath, { config: { account: 'self' } }, async (request, reply) =>
    sendChallenge(reply, await getChallenge(services, userOf(request).userId, preloadedAccount(request))),
  );

  app.post<{ Body: AnswerBody }>(
    selfPath,
    { schema: { body: schema('post', selfPath) }, config: { account: 'self' } },
    async (request, reply) => {
      const user = userOf(request);
      const result = await answerChallenge(
        services,
        user.userId,
        user.userId,
        request.body.challengeId,
        request.body.answers,
        preloadedAccount(request),
      );
      return sendAnswer(reply, result);
    },
  );

  app.get<{ Params: { userId: string } }>(
    agentRoute,
    { schema: { params: userIdParams }, config: { account: 'userId-param' } },
    async (request, reply) => {
      const user = userOf(request);
      if (!hasRole(user, 'agent')) return problem(reply, 403, 'Only a helpdesk agent may check a caller.');
      if (request.params.userId === user.userId)
        return problem(reply, 403, 'Nobody checks their own account through the helpdesk.');
      return sendChallenge(
        reply,
        await readCallerChallenge(services, user.userId, request.params.userId, preloadedAccount(request)),
      );
    },
  );

  app.post<{ Params: { userId: string }; Body: AnswerBody }>(
    agentRoute,
    { schema: { params: userIdParams, body: schema('post', agentPath) }, config: { account: 'userId-param' } },
    async (request, reply) => {
      const user = userOf(request);
      if (!hasRole(user, 'agent')) return problem(reply, 403, 'Only a helpdesk agent may check a caller.');
      if (request.params.userId === user.userId)
        return problem(reply, 403, 'Nobody checks their own account through the helpdesk.');
      const { challengeId, answers } = request.body;
      const result = await answerChallenge(
        services,
        user.userId,
        request.params.userId,
        challengeId,
        answers,
        preloadedAccount(request),
      );
      return sendAnswer(reply, result);
    },
  );

  app.post<{ Params: { userId: string } }>(
    '/api/helpdesk/users/:userId/account-secret/unlock',
    { schema: { params: userIdParams } },
    async (request, reply) => {
      const user = userOf(request);
      if (!hasRole(user, 'admin')) return problem(reply, 403, 'Only an administrator may unlock an account.');
      const result = await unlock(services, user.userId, request.params.userId);
      switch (result.kind) {
        case 'unlocked':
          return { userId: request.params.userId, unlockedAt: result.unlockedAt.toISOString() };
        case 'not-found':
          return problem(reply, 404, 'There is no such user, or the user has not set an account secret.');
        case 'forbidden':
          return problem(
            reply,
            403,
            result.reason === 'own-account'
              ? 'Nobody unlocks their own account.'
              : 'You made some of the failed checks behind this lock: another administrator must lift it.',
          );
        case 'limit':
          return problem(
            reply,
            409,
            `This account was unlocked ${MAX_UNLOCKS} times in the last 24 hours; it can be unlocked again from ${result.retryAt.toISOString()}.`,
            {
              title: 'Unlock limit reached',
            },
          );
      }
    },
  );

  const resecurePath = '/api/helpdesk/users/{userId}/resecure';
  app.post<{ Params: { userId: string }; Body: { verificationId: string } }>(
    resecurePath.replace('{userId}', ':userId'),
    { schema: { params: userIdParams, body: schema('post', resecurePath) } },
    async (request, reply) => {
      const user = userOf(request);
      if (!hasRole(user, 'agent')) return problem(reply, 403, 'Only a helpdesk agent may re-secure an account.');
      const { userId } = request.params;
      const result = await resecure(services, user.userId, userId, request.body.verificationId);
      switch (result.kind) {
        case 'resecured':
          await options.onResecured?.(userId);
          return { userId, resecuredAt: result.resecuredAt.toISOString() };
        case 'not-found':
          return problem(
            reply,
            404,
            result.what === 'user'
              ? 'There is no such user, or the user has not set an account secret.'
              : 'There is no such verification.',
          );
        case 'forbidden':
          return problem(
            reply,
            403,
            {
              'own-account': 'Nobody re-secures their own account.',
              'not-verifier': 'Only the agent who made the check may use its verification.',
              'other-user': 'This verification is of another user: check this caller first.',
            }[result.reason],
          );
        case 'spent':
          return problem(
            reply,
            409,
            'This verification has been used already, or has expired. Check the caller again.',
            {
              title: 'Verification used',
            },
          );
      }
    },
  );

  app.post<{ Params: { verificationId: string } }>(
    '/api/helpdesk/verifications/:verificationId/consume',
    { schema: { params: verificationParams } },
    async (request, reply) => {
      const result = await consumeVerification(services, userOf(request).userId, request.params.verificationId);
      switch (result.kind) {
        case 'consumed':
          return { userId: result.userId, verifiedAt: result.verifiedAt.toISOString() };
        case 'not-found':
          return problem(reply, 404, 'There is no such verification.');
        case 'forbidden':
          return problem(reply, 403, 'Only the one who made the check may use its verification.');
        case 'spent':
          return problem(reply, 409, 'This verification has been used already, or has expired.', {
            title: 'Verification used',
          });
      }
    },
  );

  app.get<{ Querystring: { userId?: string; limit?: string; before?: string } }>(
    '/api/admin/audit',
    { schema: { querystring: auditQuery } },
    async (request, reply) => {
      if (!hasRole(userOf(request), 'admin'))
        return problem(reply, 403, 'Only an administrator may read the audit trail.');
      const { userId, limit, before } = request.query;
      const page = await readAudit(db, { userId, limit: limit === undefined ? undefined : Number(limit), before });
      if (page.next !== undefined) {
        // RFC 8288: the next (older) page, same filter and size.
        const next = new URLSearchParams({
          ...(userId === undefined ? {} : { userId }),
          ...(limit === undefined ? {} : { limit }),
          before: page.next,
        });
        void reply.header('Link', `</api/admin/audit?${next.toString()}>; rel="next"`);
      }
      return page.records;
    },
  );

  return app;
}

export type { FastifyBaseLogger };
