/**
 * PGlite has one connection; these hand it to one caller at a time, so
 * transactions and row locks mean what they mean on PostgreSQL.
 */
import type { PGlite } from '@electric-sql/pglite';
import { PGliteDialect, PGliteDriver } from 'kysely';
import type { DatabaseConnection, Driver } from 'kysely';

/** A tiny FIFO lock: PGlite has one connection, so one unit of work at a time. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/**
 * Kysely's PGlite driver shares its one connection between callers, so a
 * query issued while another caller's transaction is open would run inside
 * it. This driver hands the connection to one caller at a time (as Kysely's
 * SQLite driver does); transactions and row locks then mean what they mean
 * on PostgreSQL.
 */
class SerialPGliteDriver extends PGliteDriver implements Driver {
  readonly #mutex: Mutex;
  readonly #releases: Array<() => void> = [];

  constructor(pglite: PGlite, mutex: Mutex) {
    super({ pglite });
    this.#mutex = mutex;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.lock();
    this.#releases.push(release);
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#releases.shift()?.();
  }
}

/** Kysely's PGlite dialect with `SerialPGliteDriver`: every query, raw or built, waits its turn. */
export class SerialPGliteDialect extends PGliteDialect {
  readonly #pglite: PGlite;
  constructor(pglite: PGlite) {
    super({ pglite });
    this.#pglite = pglite;
  }
  override createDriver(): Driver {
    return new SerialPGliteDriver(this.#pglite, new Mutex());
  }
}
