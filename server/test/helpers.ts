/** Shared test fixtures: a fresh database per suite on each engine, and a small HTTP client. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer } from '../src/index.js';
import type { RunningServer, ServerOptions } from '../src/index.js';

/** Cheap history hashes for tests (the default costs ~0.1 s each). */
export const TEST_HASH = { logN: 10, r: 8, p: 1 };

export interface Engine {
  name: 'pglite' | 'postgres';
  /** Set when the engine cannot run here (the suite is skipped with it). */
  skip?: string;
}

export function engines(): Engine[] {
  const reason = process.env.TEST_POSTGRES_URL
    ? undefined
    : (process.env.TEST_POSTGRES_SKIP ?? 'TEST_POSTGRES_URL is unset (run through npm run test:server)');
  if (reason && process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI: ${reason}`);
  return [{ name: 'pglite' }, { name: 'postgres', skip: reason }];
}

export interface Fixture {
  server: RunningServer;
  /** Moves the server's clock forward. */
  advance(ms: number): void;
  dataDir: string;
  databaseUrl?: string;
  /** The key file the servers read at start (rewrite it, then start `another()`, to rotate). */
  keyFile: string;
  /** Starts one more server on the same database (another "process"). */
  another(): Promise<RunningServer>;
  cleanup(): Promise<void>;
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** On the test cluster (`TEST_POSTGRES_URL`), runs one statement as its admin. */
async function asAdmin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** A throwaway database on the test cluster: its name and its URL. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `ase_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`create database ${name}`);
  return { name, url: withDatabaseName(process.env.TEST_POSTGRES_URL!, name) };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await asAdmin(`drop database if exists ${name} with (force)`);
}

/** A fresh database (PostgreSQL) or data folder (PGlite), a key, and a server on it. */
export async function startFixture(engine: Engine, extra: Partial<ServerOptions> = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ase-test-'));
  const keyFile = join(dir, 'key');
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const dataDir = join(dir, 'data');
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (engine.name === 'postgres') ({ name: dbName, url: databaseUrl } = await createTestDatabase());
  let offset = 0;
  const options: ServerOptions = {
    port: 0,
    env: 'test',
    secretKeyFile: keyFile,
    dataDir,
    databaseUrl,
    hashParams: TEST_HASH,
    now: () => new Date(Date.now() + offset),
    ...extra,
  };
  const server = await startServer(options);
  const others: RunningServer[] = [];
  return {
    server,
    dataDir,
    databaseUrl,
    keyFile,
    advance(ms) {
      offset += ms;
    },
    async another() {
      const other = await startServer(options);
      others.push(other);
      return other;
    },
    async cleanup() {
      await Promise.all([server, ...others].map((s) => s.close()));
      if (dbName) await dropTestDatabase(dbName);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  type: string;
  headers: Headers;
  body: Record<string, unknown>;
  text: string;
}

/** A signed-in browser: keeps its session cookie and sends its CSRF token. */
export class Client {
  cookie = '';
  csrfToken = '';
  constructor(
    readonly base: string,
    readonly userId: string,
  ) {}

  static async signIn(
    base: string,
    userId: string,
    extra: {
      givenName?: string;
      familyName?: string;
      organisation?: string;
      roles?: string[];
      signedInSecondsAgo?: number;
    } = {},
  ): Promise<Client> {
    const client = new Client(base, userId);
    const answer = await client.request('POST', '/api/dev/session', { userId, ...extra });
    if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
    client.cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0];
    client.csrfToken = String(answer.body.csrfToken);
    return client;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const h: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrfToken) h['x-csrf-token'] = this.csrfToken;
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(this.base + path, {
      method,
      headers: { ...h, ...headers },
      body: payload,
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      headers: response.headers,
      body: parsed,
      text,
    };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }
}

export function uniqueUser(prefix = 'u'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** The characters of `secret` at `positions` (1-based). */
export function charactersAt(secret: string, positions: number[]): string[] {
  const chars = [...secret.normalize('NFC')];
  return positions.map((p) => chars[p - 1]);
}

/** Any answer that is wrong at every position (never a letter of `secret` there). */
export function wrongAnswers(secret: string, positions: number[]): string[] {
  return charactersAt(secret, positions).map((c) => (c.toLowerCase() === 'z' ? 'q' : 'z'));
}
