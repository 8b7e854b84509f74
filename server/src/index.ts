/**
 * The reference backend, as a library: `startServer(options)` starts it and
 * returns its URL and a `close()` that finishes requests in flight and
 * closes the database. `main.ts` is the command line around it.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { SET_SECRET_PER_MINUTE } from '../../src/policy.js';
import { LISTENING, buildApp } from './app.js';
import type { Authenticate, FastifyBaseLogger } from './app.js';
import { openDatabase } from './database.js';
import type { Db } from './schema.js';
import { FileKeyProvider, ensureDevelopmentKey } from './key-provider.js';
import type { KeyProvider } from './key-provider.js';
import { httpOrigin, isLoopbackHost, loopbackOrigins } from './loopback.js';
import { DEFAULT_HASH_PARAMS, boundedHash, opensWith, slowHash } from './secret-crypto.js';
import type { HashParams, SlowHash } from './secret-crypto.js';
import { AUP_VERSION_MAX_LENGTH, DEFAULT_AUP_VERSION } from './status.js';

export type { AuthRequest, Authenticate } from './app.js';
export type { KeyProvider } from './key-provider.js';
export { FileKeyProvider, keyIdOf } from './key-provider.js';
export type { Role, User } from './sessions.js';
export type { HashParams, SlowHash } from './secret-crypto.js';
export { isLoopbackHost } from './loopback.js';
export { rotateKeys } from './rotate.js';
export { DEFAULT_AUP_VERSION, accountStatus } from './status.js';
export type { AccountStatus } from './status.js';

export interface ServerOptions {
  /** Default `127.0.0.1`. Anything but a loopback address needs `authenticate`. */
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
  /**
   * Default `development`. `production` needs a key file only its owner can
   * read (or a `keyProvider`), the host's `authenticate`, and a `dataDir`
   * with no group or other permissions.
   */
  env?: 'development' | 'production' | 'test';
  /**
   * The host's authentication; without it, development sign-in
   * (`POST /api/dev/session`), allowed only on a loopback `host` outside production.
   */
  authenticate?: Authenticate;
  /**
   * The host's `authenticate` reads a bearer token only (an `Authorization`
   * header, never a cookie), so its users have no `csrfToken`. Without this,
   * a user returned with no `csrfToken` makes no unsafe request (403).
   */
  bearerOnly?: boolean;
  /**
   * The server's own origin, as browsers reach it (`https://portal.example`),
   * when it sits behind a proxy. Default: `http://HOST:PORT` as listened
   * (on loopback, every loopback name with that port). Never read from `Host`.
   */
  publicOrigin?: string;
  /** Origins besides the server's own that may call it. */
  allowedOrigins?: string[];
  /** Pino level. Default `info` (`error` when env is `test`). */
  logLevel?: string;
  /** Requests per window per session. Default 60 a minute. */
  rateLimit?: { max: number; windowMs: number };
  /** New secrets one user may try per window, besides `rateLimit`. Default 10 a minute. */
  secretRateLimit?: { max: number; windowMs: number };
  /** Cost of the history hash. Default scrypt N=2^15, r=8, p=1. */
  hashParams?: HashParams;
  /** The slow hash (default scrypt on libuv's thread pool); tests count its calls. */
  slowHash?: SlowHash;
  /** Slow hashes running at once, the rest queued. Default 2. */
  hashConcurrency?: number;
  /** The clock (tests move it forward). */
  now?: () => Date;
  /** Folder that relative paths and the development key are resolved in. Default the working folder. */
  baseDir?: string;
  /** Connections in the PostgreSQL pool. Default 10. */
  poolSize?: number;
  /** The AUP version users must have accepted (`AUP_VERSION`). Default the version of the policy the server ships. */
  aupVersion?: string;
  /**
   * Called after a helpdesk re-secures `userId`'s account. The server ends
   * its development sessions itself; a host whose `authenticate` reads its
   * own sessions must end the user's here (else they stay signed in). If
   * it throws, the answer is a 500, but the re-secure itself is done.
   */
  onResecured?: (userId: string) => Promise<void>;
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

/** Whether a file or folder can be read, written or entered by its group or others. */
function looseMode(path: string): string | undefined {
  const mode = statSync(path).mode & 0o777;
  return (mode & 0o077) === 0 ? undefined : mode.toString(8).padStart(4, '0');
}

/**
 * Opens one sealed secret per key id in use: a key file that lost a key,
 * or holds another one, is refused at start, not at someone's first answer.
 * (A database with no secret yet has nothing to check against.)
 */
async function checkKeys(db: Db, keys: KeyProvider): Promise<void> {
  const rows = await db
    .selectFrom('accounts')
    .select(['user_id', 'secret_key_id', 'secret_iv', 'secret_sealed'])
    // A re-secured account holds no sealed secret until a new one is set.
    .where('secret_key_id', 'is not', null)
    .distinctOn('secret_key_id')
    .orderBy('secret_key_id')
    .execute();
  for (const row of rows) {
    if (row.secret_key_id === null || row.secret_iv === null || row.secret_sealed === null) continue;
    const sealed = { keyId: row.secret_key_id, iv: row.secret_iv, ciphertext: row.secret_sealed };
    if (!(await opensWith(keys, row.user_id, sealed))) {
      throw new ConfigError(
        `Refusing to start: the key provider cannot open secrets sealed under key ${row.secret_key_id} (a wrong or missing key in SECRET_KEY_FILE?).`,
      );
    }
  }
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? 'development';
  const production = env === 'production';
  const baseDir = options.baseDir ?? process.cwd();
  const inBase = (path: string) => (isAbsolute(path) ? path : resolve(baseDir, path));

  const host = options.host ?? '127.0.0.1';
  const loopback = isLoopbackHost(host);

  if (!options.authenticate && production) {
    throw new ConfigError(
      'Refusing to start: development sign-in (AUTH=dev) is not allowed in production; plug in the host authentication.',
    );
  }
  if (!options.authenticate && !loopback) {
    throw new ConfigError(
      `Refusing to start: HOST ${host} is not a loopback address, and development sign-in listens on loopback only; set AUTH_MODULE.`,
    );
  }
  const aupVersion = options.aupVersion ?? DEFAULT_AUP_VERSION;
  if (aupVersion.trim() === '' || aupVersion.length > AUP_VERSION_MAX_LENGTH) {
    throw new ConfigError(`Refusing to start: AUP_VERSION must be 1 to ${AUP_VERSION_MAX_LENGTH} characters.`);
  }
  let keys = options.keyProvider;
  if (!keys) {
    let keyFile = options.secretKeyFile;
    if (!keyFile) {
      if (production)
        throw new ConfigError(
          'Refusing to start: SECRET_KEY_FILE is not set (production needs the key that protects secrets).',
        );
      keyFile = inBase('.secret-key');
      if (ensureDevelopmentKey(keyFile)) {
        options.onWarning?.(`No SECRET_KEY_FILE: created a development key at ${keyFile}. Never use it in production.`);
      }
    }
    const loose = existsSync(inBase(keyFile)) ? looseMode(inBase(keyFile)) : undefined;
    if (loose !== undefined) {
      const message = `the key file ${inBase(keyFile)} has mode ${loose}: group or others can read it (chmod 600)`;
      if (production) throw new ConfigError(`Refusing to start: ${message}.`);
      options.onWarning?.(`${message[0].toUpperCase()}${message.slice(1)}.`);
    }
    try {
      keys = new FileKeyProvider(inBase(keyFile));
    } catch (error) {
      throw new ConfigError(
        `Refusing to start: cannot read the key in SECRET_KEY_FILE (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }
  const dataDir = inBase(options.dataDir ?? '.data');
  if (!options.databaseUrl && existsSync(dataDir)) {
    const loose = looseMode(dataDir);
    if (loose !== undefined && production) {
      throw new ConfigError(
        `Refusing to start: DATA_DIR ${dataDir} has mode ${loose}: group or others can reach it (chmod -R go= it).`,
      );
    }
  }
  let publicOrigin: string | undefined;
  if (options.publicOrigin !== undefined) {
    try {
      publicOrigin = new URL(options.publicOrigin).origin;
    } catch {
      throw new ConfigError(
        `Refusing to start: PUBLIC_ORIGIN ${options.publicOrigin} is not an origin such as https://portal.example.`,
      );
    }
  }
  // The app (and its logger) exists only once the database is open.
  const logger: { current?: FastifyBaseLogger } = {};
  const database = await openDatabase({
    databaseUrl: options.databaseUrl,
    dataDir,
    poolSize: options.poolSize,
    onIdleError: (error) =>
      logger.current?.warn({ err: error }, 'an idle database connection failed; the pool opens another when needed'),
  });
  const { db, engine } = database;
  try {
    await checkKeys(db, keys);
  } catch (error) {
    await database.close();
    throw error;
  }
  // Known once the server listens (port 0 picks one).
  let ownOrigins: readonly string[] = [];
  const app = buildApp({
    db,
    keys,
    hashParams: options.hashParams ?? DEFAULT_HASH_PARAMS,
    hash: boundedHash(options.slowHash ?? slowHash, options.hashConcurrency ?? 2),
    now: options.now ?? (() => new Date()),
    authenticate: options.authenticate,
    bearerOnly: options.bearerOnly ?? false,
    ownOrigins: () => ownOrigins,
    allowedOrigins: options.allowedOrigins ?? [],
    logLevel: options.logLevel ?? (env === 'test' ? 'error' : 'info'),
    rateLimit: options.rateLimit ?? { max: 60, windowMs: 60_000 },
    secretRateLimit: options.secretRateLimit ?? { max: SET_SECRET_PER_MINUTE, windowMs: 60_000 },
    secureCookie: production,
    aupVersion,
    onResecured: options.onResecured,
    bundleDir: options.bundleDir,
  });
  logger.current = app.log;
  let address: string;
  try {
    address = await app.listen({ host, port: options.port ?? 8787, listenTextResolver: () => LISTENING });
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  const port = Number(new URL(address).port);
  const url = httpOrigin(host, port);
  ownOrigins = publicOrigin !== undefined ? [publicOrigin] : loopback ? [url, ...loopbackOrigins(port)] : [url];
  if (publicOrigin === undefined && !loopback) {
    options.onWarning?.(
      `PUBLIC_ORIGIN is unset: the server's own origin is taken as ${url}; browsers that reach it under another name need PUBLIC_ORIGIN (or ALLOWED_ORIGINS).`,
    );
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    engine,
    close() {
      closing ??= (async () => {
        await app.close();
        await database.close();
      })();
      return closing;
    },
  };
}
