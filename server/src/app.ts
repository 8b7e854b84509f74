/**
 * The HTTP layer: thin routes over the domain functions. Each route
 * validates its input against the contract's schema, calls one domain
 * function and maps the result to a response.
 */
import type { IncomingHttpHeaders } from 'node:http';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptPolicy, latestAcceptance } from './aup.js';
import { readAudit } from './audit.js';
import { answerChallenge, consumeVerification, getChallenge, unlock } from './challenges.js';
import type { AnswerResult, ChallengeResult, ChallengeServices } from './challenges.js';
import type { AccountRead, Db } from './database.js';
import type { KeyProvider } from './key-provider.js';
import { contractRequestSchema } from './openapi.js';
import { DEFAULT_BUNDLE_DIR, journeyPages } from './pages/index.js';
import { problem } from './problem.js';
import type { HashParams } from './secret-crypto.js';
import { setSecret } from './secrets.js';
import { accountStatus } from './status.js';
import { auditQuery, devSessionBody, userIdParams, verificationParams } from './server-schemas.js';
import { SESSION_COOKIE, createSession, findSessionAndCount, hitRateLimit, sameToken, sessionCookie, tokenHash } from './sessions.js';
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
  now: () => Date;
  /** The host's authentication; without it, development sessions (`AUTH=dev`). */
  authenticate?: Authenticate;
  /** Origins besides the server's own that may call it. */
  allowedOrigins: string[];
  production: boolean;
  logLevel: string;
  rateLimit: { max: number; windowMs: number };
  /** Whether to mark the session cookie `Secure` (always in production). */
  secureCookie: boolean;
  /** The AUP version in force (`AUP_VERSION`): the status route asks for it. */
  aupVersion: string;
  /** The built bundle the journey pages load (default `dist/`); when it is missing they have no script. */
  bundleDir?: string;
}

/** Body size limit (SPEC: larger than 16 KiB is a 413). */
export const BODY_LIMIT = 16 * 1024;
/** Setting a secret needs a sign-in this recent. */
export const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

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

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

function schema(method: string, contractPath: string, fallback?: Record<string, unknown>): Record<string, unknown> {
  const body = contractRequestSchema(method, contractPath) ?? fallback;
  if (!body) throw new Error(`no request schema for ${method} ${contractPath}`);
  return body;
}

function hasRole(user: User, role: Role): boolean {
  return user.roles.includes(role);
}

function sendResecured(reply: FastifyReply): FastifyReply {
  return problem(reply, 409, 'This account was re-secured: there is no secret to check until the user sets a new one.', {
    title: 'Account re-secured',
  });
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
    ? problem(reply, 423, 'Too many failed checks. Try again later.', { extensions: { lockedUntil: lockedUntil.toISOString() } })
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
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
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
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });

  app.decorateRequest('user', null);
  app.decorateRequest('preloaded', null);

  app.setErrorHandler((error, request, reply) => {
    const code = errorCode(error);
    if (typeof error === 'object' && error !== null && 'validation' in error) {
      const message = error instanceof Error ? error.message : 'The request does not fit the contract.';
      return problem(reply, 400, `The request does not fit the contract: ${message}.`);
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' && statusOf(error) === 415) {
      return problem(reply, 415, 'Send the body as application/json.');
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(reply, 413, `The body must be at most ${BODY_LIMIT} bytes.`);
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) {
      return problem(reply, status, status === 400 ? 'The body is not valid JSON, or does not fit the contract.' : 'The request was refused.');
    }
    request.log.error({ err: error }, 'request failed');
    return problem(reply, 500, 'The server failed. Try again later.');
  });

  app.setNotFoundHandler((request, reply) => problem(reply, 404, `No route ${request.method} ${request.url.split('?')[0]}.`));

  const ownOrigins = (request: FastifyRequest): string[] => {
    const host = request.headers.host;
    return host ? [`http://${host}`, `https://${host}`] : [];
  };

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

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !options.allowedOrigins.includes(origin) && !ownOrigins(request).includes(origin)) {
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
      const token = readCookie(request.headers.cookie, SESSION_COOKIE);
      const subject = accountSubject(request);
      const found = token ? await findSessionAndCount(db, token, at, max, windowMs, subject) : undefined;
      user = found?.user;
      csrfHash = found?.user.csrfHash;
      wait = found?.retryAfter;
      if (found?.account !== undefined) request.preloaded = { account: found.account };
    }
    if (!user) return problem(reply, 401, 'Sign in first.');
    if (UNSAFE.has(request.method) && csrfHash !== undefined) {
      const given = request.headers['x-csrf-token'];
      if (typeof given !== 'string' || !sameToken(given, csrfHash)) {
        return problem(reply, 403, 'The X-CSRF-Token header is missing or wrong.');
      }
    }
    if (notJson(request)) return problem(reply, 415, 'Send the body as application/json.');
    if (wait !== undefined) {
      return problem(reply, 429, `Too many requests. Try again in ${wait} seconds.`, { headers: { 'Retry-After': String(wait) } });
    }
    request.user = user;
  });

  const userOf = (request: FastifyRequest): User => {
    if (!request.user) throw new Error('route reached without a user');
    return request.user;
  };

  if (devAuth) {
    app.post<{
      Body: { userId: string; givenName?: string; familyName?: string; organisation?: string; roles?: Role[]; signedInSecondsAgo?: number };
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
      void reply.header('Set-Cookie', sessionCookie(token, options.secureCookie)).header('Cache-Control', 'no-store');
      return { csrfToken };
    });
  }

  if (devAuth) {
    void app.register(journeyPages, {
      db,
      keys,
      hashParams: options.hashParams,
      now,
      rateLimit: options.rateLimit,
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
        return problem(reply, 401, 'Sign in again to set your account secret (a sign-in within the last 15 minutes is needed).');
      }
      const result = await setSecret({ db, keys, hashParams: options.hashParams, now }, user, request.body.secret);
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

  app.get('/api/account-secret/status', async (request) => accountStatus(db, userOf(request).userId, options.aupVersion));

  const selfPath = '/api/account-secret/challenge';
  const agentPath = '/api/helpdesk/users/{userId}/account-secret/challenge';
  const agentRoute = agentPath.replace('{userId}', ':userId');
  type AnswerBody = { challengeId: string; answers: string[] };

  app.get(selfPath, { config: { account: 'self' } }, async (request, reply) =>
    sendChallenge(reply, await getChallenge(services, userOf(request).userId, preloadedAccount(request))),
  );

  app.post<{ Body: AnswerBody }>(selfPath, { schema: { body: schema('post', selfPath) }, config: { account: 'self' } }, async (request, reply) => {
    const user = userOf(request);
    const result = await answerChallenge(services, user.userId, user.userId, request.body.challengeId, request.body.answers, preloadedAccount(request));
    return sendAnswer(reply, result);
  });

  app.get<{ Params: { userId: string } }>(
    agentRoute,
    { schema: { params: userIdParams }, config: { account: 'userId-param' } },
    async (request, reply) => {
      if (!hasRole(userOf(request), 'agent')) return problem(reply, 403, 'Only a helpdesk agent may check a caller.');
      return sendChallenge(reply, await getChallenge(services, request.params.userId, preloadedAccount(request)));
    },
  );

  app.post<{ Params: { userId: string }; Body: AnswerBody }>(
    agentRoute,
    { schema: { params: userIdParams, body: schema('post', agentPath) }, config: { account: 'userId-param' } },
    async (request, reply) => {
      const user = userOf(request);
      if (!hasRole(user, 'agent')) return problem(reply, 403, 'Only a helpdesk agent may check a caller.');
      const { challengeId, answers } = request.body;
      const result = await answerChallenge(services, user.userId, request.params.userId, challengeId, answers, preloadedAccount(request));
      return sendAnswer(reply, result);
    },
  );

  app.post<{ Params: { userId: string } }>(
    '/api/helpdesk/users/:userId/account-secret/unlock',
    { schema: { params: userIdParams } },
    async (request, reply) => {
      const user = userOf(request);
      if (!hasRole(user, 'admin')) return problem(reply, 403, 'Only an administrator may unlock an account.');
      const unlockedAt = await unlock(services, user.userId, request.params.userId);
      if (!unlockedAt) return problem(reply, 404, 'There is no such user, or the user has not set an account secret.');
      return { userId: request.params.userId, unlockedAt: unlockedAt.toISOString() };
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
          return problem(reply, 409, 'This verification has been used already, or has expired.', { title: 'Verification used' });
      }
    },
  );

  app.get<{ Querystring: { userId?: string } }>('/api/admin/audit', { schema: { querystring: auditQuery } }, async (request, reply) => {
    if (!hasRole(userOf(request), 'admin')) return problem(reply, 403, 'Only an administrator may read the audit trail.');
    return readAudit(db, request.query.userId);
  });

  return app;
}

export type { FastifyBaseLogger };
