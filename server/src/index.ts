/**
 * The reference backend, as a library: `startServer(options)` starts it and
 * returns its URL and a `close()` that finishes requests in flight and
 * closes the database. `main.ts` is the command line around it.
 */
import { isAbsolute, resolve } from 'node:path';
import { LISTENING, buildApp } from './app.js';
import type { Authenticate, FastifyBaseLogger } from './app.js';
import { openDatabase } from './database.js';
import { FileKeyProvider, ensureDevelopmentKey } from './key-provider.js';
import type { KeyProvider } from './key-provider.js';
import { DEFAULT_HASH_PARAMS } from './secret-crypto.js';
import type { HashParams } from './secret-crypto.js';
import { AUP_VERSION_MAX_LENGTH, DEFAULT_AUP_VERSION } from './status.js';

export type { AuthRequest, Authenticate } from './app.js';
export type { KeyProvider } from './key-provider.js';
export { FileKeyProvider, keyIdOf } from './key-provider.js';
export type { Role, User } from './sessions.js';
export type { HashParams } from './secret-crypto.js';
export { rotateKeys } from './rotate.js';
export { DEFAULT_AUP_VERSION, accountStatus } from './status.js';
export type { AccountStatus } from './status.js';

export interface ServerOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 8787; 0 picks any free port. */
  port?: number;
  /** PostgreSQL connection string; without it, PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite's folder. Default `.data` in `baseDir`. */
  dataDir?: string;
  /** File with the sealing key(s), base64, one per line, current first. */
  secretKeyFile?: string;
  /** A host's own key provider (KMS, HSM); takes precedence over `secretKeyFile`. */
  keyProvider?: KeyProvider;
  /** Default `development`. `production` needs a key and the host's `authenticate`. */
  env?: 'development' | 'production' | 'test';
  /** The host's authentication; without it, `POST /api/dev/session` (refused in production). */
  authenticate?: Authenticate;
  /** Origins besides the server's own that may call it. */
  allowedOrigins?: string[];
  /** Pino level. Default `info` (`error` when env is `test`). */
  logLevel?: string;
  /** Requests per window per session. Default 60 a minute. */
  rateLimit?: { max: number; windowMs: number };
  /** Cost of the history hash. Default scrypt N=2^15, r=8, p=1. */
  hashParams?: HashParams;
  /** The clock (tests move it forward). */
  now?: () => Date;
  /** Folder that relative paths and the development key are resolved in. Default the working folder. */
  baseDir?: string;
  /** Connections in the PostgreSQL pool. Default 10. */
  poolSize?: number;
  /** The AUP version users must have accepted (`AUP_VERSION`). Default the version of the policy the server ships. */
  aupVersion?: string;
  /**
   * The built bundle (`npm run build`'s `dist/`) the journey pages load, at
   * /assets/. Default the package's `dist/`; when it is missing the pages
   * work without script.
   */
  bundleDir?: string;
  /** Called once with each warning at start (the command line logs them). */
  onWarning?: (message: string) => void;
}

export interface RunningServer {
  url: string;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** A configuration the server refuses to start with; `message` says what is missing. */
export class ConfigError extends Error {}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? 'development';
  const production = env === 'production';
  const baseDir = options.baseDir ?? process.cwd();
  const inBase = (path: string) => (isAbsolute(path) ? path : resolve(baseDir, path));

  if (production && !options.authenticate) {
    throw new ConfigError('Refusing to start: development sign-in (AUTH=dev) is not allowed in production; plug in the host authentication.');
  }
  const aupVersion = options.aupVersion ?? DEFAULT_AUP_VERSION;
  if (aupVersion.trim() === '' || aupVersion.length > AUP_VERSION_MAX_LENGTH) {
    throw new ConfigError(`Refusing to start: AUP_VERSION must be 1 to ${AUP_VERSION_MAX_LENGTH} characters.`);
  }
  let keys = options.keyProvider;
  if (!keys) {
    let keyFile = options.secretKeyFile;
    if (!keyFile) {
      if (production) throw new ConfigError('Refusing to start: SECRET_KEY_FILE is not set (production needs the key that protects secrets).');
      keyFile = inBase('.secret-key');
      if (ensureDevelopmentKey(keyFile)) {
        options.onWarning?.(`No SECRET_KEY_FILE: created a development key at ${keyFile}. Never use it in production.`);
      }
    }
    try {
      keys = new FileKeyProvider(inBase(keyFile));
    } catch (error) {
      throw new ConfigError(`Refusing to start: cannot read the key in SECRET_KEY_FILE (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
  // The app (and its logger) exists only once the database is open.
  const logger: { current?: FastifyBaseLogger } = {};
  const { db, engine } = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir: inBase(options.dataDir ?? '.data'),
    poolSize: options.poolSize,
    onIdleError: (error) => logger.current?.warn({ err: error }, 'an idle database connection failed; the pool opens another when needed'),
  });
  const app = buildApp({
    db,
    keys,
    hashParams: options.hashParams ?? DEFAULT_HASH_PARAMS,
    now: options.now ?? (() => new Date()),
    authenticate: options.authenticate,
    allowedOrigins: options.allowedOrigins ?? [],
    production,
    logLevel: options.logLevel ?? (env === 'test' ? 'error' : 'info'),
    rateLimit: options.rateLimit ?? { max: 60, windowMs: 60_000 },
    secureCookie: production,
    aupVersion,
    bundleDir: options.bundleDir,
  });
  logger.current = app.log;
  let address: string;
  try {
    address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8787, listenTextResolver: () => LISTENING });
  } catch (error) {
    await app.close();
    await db.destroy();
    throw error;
  }
  const { port } = new URL(address);
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    engine,
    close() {
      closing ??= (async () => {
        await app.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}
