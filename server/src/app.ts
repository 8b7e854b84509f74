/**
 * The HTTP layer, as Fastify composes it: the shared schemas of the
 * contract, the error handlers and the request rules on the root, then one
 * route plugin per resource (server/src/routes) and the journey pages.
 * Each route validates its input against the contract's schema, calls one
 * domain function and maps the result to a response the contract's schema
 * serialises.
 */
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES, RECENT_SIGN_IN_MS } from '../../src/policy.js';
import type { Db } from './schema.js';
import type { KeyProvider } from './key-provider.js';
import { handleErrors } from './http/errors.js';
import { requestRules } from './http/request-rules.js';
import type { Authenticate } from './http/request-rules.js';
import { addSchemas } from './http/schemas.js';
import { DEFAULT_BUNDLE_DIR, journeyPages } from './pages/index.js';
import { adminRoutes } from './routes/admin.js';
import { aupRoutes } from './routes/aup.js';
import { challengeRoutes } from './routes/challenge.js';
import { helpdeskRoutes } from './routes/helpdesk.js';
import { secretRoutes } from './routes/secret.js';
import type { ApiServices } from './routes/services.js';
import { sessionRoutes } from './routes/session.js';
import type { HashParams, SlowHash } from './secret-crypto.js';

export type { AuthRequest, Authenticate } from './http/request-rules.js';

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

export function buildApp(options: AppOptions): FastifyInstance {
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

  // Before the request rules: they read `request.cookies`, as the journey pages do.
  void app.register(fastifyCookie);
  addSchemas(app);
  handleErrors(app);
  requestRules(app, options);

  // Only what the routes use: Fastify reads some plugin options itself (`logLevel`, `prefix`).
  const services: ApiServices = {
    db: options.db,
    keys: options.keys,
    hashParams: options.hashParams,
    hash: options.hash,
    now: options.now,
    secretRateLimit: options.secretRateLimit,
    secureCookie: options.secureCookie,
    aupVersion: options.aupVersion,
    onResecured: options.onResecured,
  };
  const devAuth = !options.authenticate;
  if (devAuth) void app.register(sessionRoutes, services);
  void app.register(secretRoutes, services);
  void app.register(aupRoutes, services);
  void app.register(challengeRoutes, services);
  void app.register(helpdeskRoutes, services);
  void app.register(adminRoutes, services);
  if (devAuth) {
    void app.register(journeyPages, {
      ...services,
      rateLimit: options.rateLimit,
      recentSignInMs: RECENT_SIGN_IN_MS,
      bundleDir: options.bundleDir ?? DEFAULT_BUNDLE_DIR,
    });
  }
  return app;
}

export type { FastifyBaseLogger };
