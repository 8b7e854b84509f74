/**
 * `npm run server`: reads the environment, starts the server, prints one
 * line `listening on http://HOST:PORT` when ready, and on SIGTERM or SIGINT
 * finishes requests in flight, closes the database and exits 0.
 *
 * Environment: HOST, PORT, DATA_DIR, DATABASE_URL, SECRET_KEY_FILE,
 * NODE_ENV, AUTH (`dev`), AUTH_MODULE (a module exporting `authenticate`,
 * and `bearerOnly = true` when it reads bearer tokens only),
 * AUTH_BEARER_ONLY (`true`: the same), PUBLIC_ORIGIN, ALLOWED_ORIGINS
 * (comma-separated), LOG_LEVEL, AUP_VERSION (the policy version users must
 * have accepted; default the one the server ships). docs/backend.md says
 * what each refusal means.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { ConfigError, isLoopbackHost, startServer } from './index.js';
import type { Authenticate } from './index.js';

const env = process.env;
// npm runs workspace scripts in the workspace folder; relative paths mean
// the folder the command was typed in.
const baseDir = env.INIT_CWD ?? process.cwd();
// Development is asked for by name; anything else (`Production`, `staging`,
// a typo) gets production's refusals rather than development sign-in.
const production = !(
  env.NODE_ENV === undefined ||
  env.NODE_ENV === '' ||
  env.NODE_ENV === 'development' ||
  env.NODE_ENV === 'test'
);
const host = env.HOST ?? '127.0.0.1';
const logger = pino({ level: env.LOG_LEVEL ?? 'info' });

function refuse(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

interface HostAuthentication {
  authenticate?: Authenticate;
  bearerOnly: boolean;
}

async function hostAuthentication(): Promise<HostAuthentication> {
  const auth = env.AUTH ?? (env.AUTH_MODULE || production || !isLoopbackHost(host) ? undefined : 'dev');
  if (auth === 'dev') {
    if (production)
      refuse(
        `Refusing to start: AUTH=dev (development sign-in) is not allowed in production (NODE_ENV=${env.NODE_ENV}).`,
      );
    if (!isLoopbackHost(host))
      refuse(`Refusing to start: AUTH=dev (development sign-in) listens on loopback only, not HOST ${host}.`);
    return { bearerOnly: false };
  }
  if (env.AUTH_MODULE) {
    const path = isAbsolute(env.AUTH_MODULE) ? env.AUTH_MODULE : resolve(baseDir, env.AUTH_MODULE);
    const module = (await import(pathToFileURL(path).href)) as { authenticate?: unknown; bearerOnly?: unknown };
    if (typeof module.authenticate !== 'function')
      refuse(`Refusing to start: AUTH_MODULE ${path} exports no authenticate function.`);
    return {
      authenticate: module.authenticate as Authenticate,
      bearerOnly: module.bearerOnly === true || env.AUTH_BEARER_ONLY === 'true',
    };
  }
  if (!isLoopbackHost(host))
    refuse(
      `Refusing to start: HOST ${host} is not a loopback address and AUTH_MODULE is not set (development sign-in listens on loopback only).`,
    );
  refuse(
    'Refusing to start: no authentication: set AUTH_MODULE to a module exporting authenticate (AUTH=dev is for development only).',
  );
}

async function main(): Promise<void> {
  if (production && !env.SECRET_KEY_FILE) {
    refuse('Refusing to start: SECRET_KEY_FILE is not set (production needs the key that protects secrets).');
  }
  const { authenticate, bearerOnly } = await hostAuthentication();
  const port = env.PORT === undefined ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    refuse(`Refusing to start: PORT ${env.PORT} is not a port number.`);
  let server;
  try {
    server = await startServer({
      host,
      port,
      databaseUrl: env.DATABASE_URL || undefined,
      dataDir: env.DATA_DIR ?? '.data',
      secretKeyFile: env.SECRET_KEY_FILE || undefined,
      env: production ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development',
      authenticate,
      bearerOnly,
      publicOrigin: env.PUBLIC_ORIGIN || undefined,
      allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      logLevel: env.LOG_LEVEL ?? 'info',
      aupVersion: env.AUP_VERSION || undefined,
      baseDir,
      onWarning: (message) => logger.warn(message),
    });
  } catch (error) {
    if (error instanceof ConfigError) refuse(error.message);
    throw error;
  }
  process.stdout.write(`listening on ${server.url}\n`);
  const running = server;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'server failed to start');
  process.exit(1);
});
