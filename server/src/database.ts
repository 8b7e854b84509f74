/**
 * One schema, one migration set, two engines: PGlite (embedded PostgreSQL in
 * WebAssembly, files in DATA_DIR) by default, PostgreSQL when a URL is given.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import { SerialPGliteDialect } from './pglite-driver.js';
import type { Db, Schema } from './schema.js';

/** A fixed SQL text that runs on every request (session, challenge read, answer). */
export interface Statement {
  /** Its prepared-statement name on PostgreSQL (one per text, per process). */
  readonly name: string;
  readonly text: string;
}

let statementCount = 0;

export function statement(text: string): Statement {
  return { name: `ase_${++statementCount}`, text };
}

type Runner = <R>(statement: Statement, parameters: unknown[]) => Promise<R[]>;

/** How a PostgreSQL database runs a `Statement` outside any transaction: by name, without Kysely. */
const runners = new WeakMap<Db, Runner>();

/**
 * Runs one `Statement` on its own (never inside a transaction: a Kysely
 * transaction is another object). On PostgreSQL it is a named prepared
 * statement, parsed once per connection; on PGlite it is a raw query
 * through Kysely, so PGlite's own `query()` under the driver's lock. Either
 * way no query is built per request: that cost more CPU than running it.
 */
export async function run<R>(db: Db, statement: Statement, parameters: unknown[]): Promise<R[]> {
  const runner = runners.get(db);
  if (runner) return runner<R>(statement, parameters);
  const { rows } = await db.executeQuery<R>(CompiledQuery.raw(statement.text, parameters));
  return rows;
}

/** Removes every group and other permission bit from `path` and everything under it (symbolic links untouched). */
function ownerOnly(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
  if (stat.isDirectory()) for (const name of readdirSync(path)) ownerOnly(join(path, name));
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite's folder (created if missing). */
  dataDir?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
  /**
   * Told when an idle PostgreSQL connection fails (the server restarted, an
   * administrator ended it): the pool has already dropped it and opens
   * another when needed. Without a listener, pg would throw it, uncaught.
   */
  onIdleError?: (error: Error) => void;
}

export interface OpenDatabase {
  db: Db;
  engine: 'pglite' | 'postgres';
  /**
   * Closes the database; for PGlite, then takes group and other bits off
   * any file written meanwhile (PGlite's relation-cache files are 0644).
   */
  close(): Promise<void>;
}

/** Opens the database and runs every migration not yet run. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  let db: Db;
  let engine: OpenDatabase['engine'];
  if (options.databaseUrl) {
    engine = 'postgres';
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', (error) => options.onIdleError?.(error));
    db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    runners.set(db, async <R>(statement: Statement, values: unknown[]) => {
      const { rows } = await pool.query<R & pg.QueryResultRow>({ name: statement.name, text: statement.text, values });
      return rows;
    });
  } else {
    engine = 'pglite';
    if (!options.dataDir) throw new Error('dataDir is required without databaseUrl');
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const pglite = await PGlite.create(options.dataDir);
    // PGlite writes the files it unpacks at creation with mode 0666, whatever
    // the umask (it sets modes itself); PostgreSQL's own files are 0600.
    ownerOnly(options.dataDir);
    db = new Kysely<Schema>({ dialect: new SerialPGliteDialect(pglite) });
  }
  try {
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
    // Fail fast on a broken connection, with the engine's own message.
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const dataDir = engine === 'pglite' ? options.dataDir : undefined;
  return {
    db,
    engine,
    async close() {
      await db.destroy();
      if (dataDir !== undefined) ownerOnly(dataDir);
    },
  };
}
