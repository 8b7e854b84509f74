/**
 * PGlite has one connection; these hand it to one caller at a time, so
 * transactions and row locks mean what they mean on PostgreSQL.
 */
import type { PGlite } from '@electric-sql/pglite';
import { PGliteDialect, PGliteDriver } from 'kysely';
import type { DatabaseConnection, Driver } from 'kysely';

/** A tiny FIFO lock: PGlite has one connection, so one unit of work at a time. */
export class Mutex {
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

export class SerialPGliteDialect extends PGliteDialect {
  readonly #pglite: PGlite;
  readonly #mutex: Mutex;
  constructor(pglite: PGlite, mutex: Mutex) {
    super({ pglite });
    this.#pglite = pglite;
    this.#mutex = mutex;
  }
  override createDriver(): Driver {
    return new SerialPGliteDriver(this.#pglite, this.#mutex);
  }
}

const encoder = new TextEncoder();

/** One frontend message: type byte, length, body. */
function frontendMessage(type: string, parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const message = new Uint8Array(5 + length);
  const view = new DataView(message.buffer);
  message[0] = type.charCodeAt(0);
  view.setInt32(1, 4 + length);
  let at = 5;
  for (const part of parts) {
    message.set(part, at);
    at += part.length;
  }
  return message;
}

const cString = (text: string) => encoder.encode(`${text}\0`);
const int16 = (value: number) => new Uint8Array([(value >> 8) & 0xff, value & 0xff]);
const int32 = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value);
  return bytes;
};

/** A parameter in PostgreSQL's text format (what PGlite's own serializers produce). */
function textParameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  throw new TypeError(`cannot send a ${typeof value} as a statement parameter`);
}

/**
 * Parse, Bind, Describe, Execute and Sync as one message: PGlite's own
 * `query()` makes a separate call into PostgreSQL for each (six per
 * statement), which cost about a third more CPU per statement here.
 */
function extendedQuery(text: string, values: unknown[]): Uint8Array {
  const parameters = values.map((value) => {
    const textValue = textParameter(value);
    if (textValue === null) return int32(-1);
    const bytes = encoder.encode(textValue);
    const field = new Uint8Array(4 + bytes.length);
    field.set(int32(bytes.length), 0);
    field.set(bytes, 4);
    return field;
  });
  const parts = [
    frontendMessage('P', [cString(''), cString(text), int16(0)]),
    frontendMessage('B', [cString(''), cString(''), int16(0), int16(values.length), ...parameters, int16(0)]),
    frontendMessage('D', [encoder.encode('P'), cString('')]),
    frontendMessage('E', [cString(''), int32(0)]),
    frontendMessage('S', []),
  ];
  const message = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    message.set(part, at);
    at += part.length;
  }
  return message;
}

interface RowDescription {
  name: 'rowDescription';
  fields: Array<{ name: string; dataTypeID: number }>;
}
interface DataRow {
  name: 'dataRow';
  fields: Array<string | null>;
}

/**
 * Runs one statement on PGlite in one call, holding the same lock as
 * Kysely's units of work (so never inside another request's transaction).
 * PGlite throws the database's error after the Sync, so the session is
 * ready for the next statement either way. Results are parsed by PGlite's
 * own type parsers, as its `query()` does.
 */
export function pgliteRunner(pglite: PGlite, mutex: Mutex): <R>(text: string, values: unknown[]) => Promise<R[]> {
  return async <R>(text: string, values: unknown[]): Promise<R[]> => {
    const release = await mutex.lock();
    let messages: Array<{ name: string }>;
    try {
      ({ messages } = await pglite.execProtocol(extendedQuery(text, values)));
    } finally {
      release();
    }
    let fields: RowDescription['fields'] = [];
    const rows: R[] = [];
    for (const message of messages) {
      if (message.name === 'rowDescription') {
        fields = (message as RowDescription).fields;
      } else if (message.name === 'dataRow') {
        const row: Record<string, unknown> = {};
        (message as DataRow).fields.forEach((value, i) => {
          const { name, dataTypeID } = fields[i];
          const parse = pglite.parsers[dataTypeID];
          row[name] = value === null ? null : parse ? parse(value, dataTypeID) : value;
        });
        rows.push(row as R);
      }
    }
    return rows;
  };
}
