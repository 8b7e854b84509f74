/**
 * Safe by default (SPEC, "Safe by default"): where development sign-in
 * exists, the server's own origin, the Host header, file permissions,
 * `no-store`, the cost of refusing a secret, CSRF whatever the
 * authentication, and the audit's bounds. On PGlite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { boundedOutcome } from '../src/audit.js';
import { ConfigError, startServer } from '../src/index.js';
import type { Authenticate, Role, ServerOptions } from '../src/index.js';
import { slowHash } from '../src/secret-crypto.js';
import type { SlowHash } from '../src/secret-crypto.js';
import {
  Client,
  TEST_HASH,
  createTestDatabase,
  dropTestDatabase,
  engines,
  startFixture,
  uniqueUser,
  wrongAnswers,
} from './helpers.js';
import type { Engine, Fixture } from './helpers.js';

const SECRET = 'Kingfisherblue';

/** A request with a Host header of our choosing (fetch sets its own). */
function rawRequest(
  base: string,
  path: string,
  options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: { ...(options.host === undefined ? {} : { host: options.host }), ...options.headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Every file and folder under `root` (itself included) whose mode gives anything to group or others. */
function looseEntries(root: string): string[] {
  const loose: string[] = [];
  const walk = (path: string) => {
    const stat = lstatSync(path);
    if ((stat.mode & 0o077) !== 0) loose.push(`${(stat.mode & 0o777).toString(8)} ${path}`);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return loose;
}

/** A temporary folder with a key file readable by its owner only. */
function tempWithKey(): { dir: string; keyFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ase-safe-'));
  const keyFile = join(dir, 'key');
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  return { dir, keyFile };
}

/** The host's sign-in of these tests: the user named in a header, with the CSRF token in another. */
const headerAuthentication: Authenticate = (request) => {
  const userId = request.headers['x-test-user'];
  if (typeof userId !== 'string') return Promise.resolve(undefined);
  const csrf = request.headers['x-test-csrf'];
  const roles: Role[] = ['user'];
  return Promise.resolve({
    userId,
    roles,
    authTime: new Date(),
    ...(typeof csrf === 'string' ? { csrfToken: csrf } : {}),
  });
};

/** A hash that counts its calls, and the most that ran at once. */
function countingHash(): { hash: SlowHash; calls: number; most: number } {
  let running = 0;
  const counter = {
    calls: 0,
    most: 0,
    hash: (async (canonical, salt, params) => {
      counter.calls++;
      running++;
      counter.most = Math.max(counter.most, running);
      try {
        return await slowHash(canonical, salt, params);
      } finally {
        running--;
      }
    }) as SlowHash,
  };
  return counter;
}

async function refusal(options: ServerOptions): Promise<string> {
  try {
    const server = await startServer({ port: 0, hashParams: TEST_HASH, logLevel: 'silent', ...options });
    await server.close();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    assert.equal(error.message.includes('\n'), false, 'one line');
    return error.message;
  }
  throw new Error('the server started');
}

describe('start-up refusals (library)', () => {
  it('refuses development sign-in on a non-loopback host, and a key file or DATA_DIR others can read in production', async () => {
    const { dir, keyFile } = tempWithKey();
    try {
      const dataDir = join(dir, 'data');
      assert.match(
        await refusal({ host: '0.0.0.0', secretKeyFile: keyFile, dataDir }),
        /HOST 0\.0\.0\.0 is not a loopback address/,
      );
      assert.match(await refusal({ host: '::', secretKeyFile: keyFile, dataDir }), /not a loopback address/);

      const loose = join(dir, 'loose-key');
      writeFileSync(loose, `${randomBytes(32).toString('base64')}\n`);
      chmodSync(loose, 0o640);
      const production = { env: 'production', authenticate: headerAuthentication, dataDir } as const;
      assert.match(await refusal({ ...production, secretKeyFile: loose }), /mode 0640: group or others can read it/);

      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      assert.match(await refusal({ ...production, secretKeyFile: keyFile }), /DATA_DIR .* has mode 0755/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('outside production, warns of a loose key file and tightens a loose DATA_DIR, then starts', async () => {
    const { dir } = tempWithKey();
    try {
      const loose = join(dir, 'loose-key');
      writeFileSync(loose, `${randomBytes(32).toString('base64')}\n`);
      chmodSync(loose, 0o644);
      const dataDir = join(dir, 'data');
      mkdirSync(dataDir);
      chmodSync(dataDir, 0o755);
      const warnings: string[] = [];
      const server = await startServer({
        port: 0,
        secretKeyFile: loose,
        dataDir,
        logLevel: 'silent',
        onWarning: (w) => warnings.push(w),
      });
      await server.close();
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /mode 0644: group or others can read it/);
      assert.deepEqual(looseEntries(dataDir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DATA_DIR (pglite)', () => {
  it('is created 0700, and no file PGlite writes in it has group or other bits, after use and after a restart', async () => {
    const { dir, keyFile } = tempWithKey();
    try {
      const dataDir = join(dir, 'nested', 'data');
      const options: ServerOptions = { port: 0, env: 'test', secretKeyFile: keyFile, dataDir, hashParams: TEST_HASH };
      let server = await startServer(options);
      assert.equal(lstatSync(dataDir).mode & 0o777, 0o700);
      const client = await Client.signIn(server.url, uniqueUser());
      assert.equal((await client.post('/api/account-secret', { secret: SECRET })).status, 200);
      await server.close();
      server = await startServer(options);
      await server.close();
      assert.deepEqual(looseEntries(dataDir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const engine of engines()) {
  describe(`a wrong key is refused at start (${engine.name})`, { skip: engine.skip }, () => {
    let dir: string;
    let keyFile: string;
    let dbName: string | undefined;
    let databaseUrl: string | undefined;
    before(async () => {
      ({ dir, keyFile } = tempWithKey());
      if (engine.name === 'postgres') ({ name: dbName, url: databaseUrl } = await createTestDatabase());
    });
    after(async () => {
      if (dbName) await dropTestDatabase(dbName);
      rmSync(dir, { recursive: true, force: true });
    });

    it('opens one sealed secret per key at start: another key file is a ConfigError, the right one starts', async () => {
      const options: ServerOptions = {
        port: 0,
        env: 'test',
        dataDir: join(dir, 'data'),
        databaseUrl,
        hashParams: TEST_HASH,
      };
      const first = await startServer({ ...options, secretKeyFile: keyFile });
      const client = await Client.signIn(first.url, uniqueUser());
      assert.equal((await client.post('/api/account-secret', { secret: SECRET })).status, 200);
      await first.close();

      const other = join(dir, 'other-key');
      writeFileSync(other, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      assert.match(await refusal({ ...options, secretKeyFile: other }), /cannot open secrets sealed under key k-/);
      const again = await startServer({ ...options, secretKeyFile: keyFile });
      await again.close();
    });
  });
}

for (const engine of engines()) {
  describe(`safe by default over HTTP (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    let base: string;
    let port: string;
    const hashes = countingHash();
    before(async () => {
      fx = await startFixture(engine, { slowHash: hashes.hash });
      base = fx.server.url;
      port = new URL(base).port;
    });
    after(async () => {
      await fx?.cleanup();
    });

    it('refuses development sign-in under a Host that is not a loopback name (421), and takes every loopback name', async () => {
      const body = JSON.stringify({ userId: uniqueUser(), roles: ['admin'] });
      const headers = { 'content-type': 'application/json' };
      for (const host of [
        'evil.example',
        `evil.example:${port}`,
        `127.0.0.1.evil.example:${port}`,
        `0.0.0.0:${port}`,
      ]) {
        const answer = await rawRequest(base, '/api/dev/session', { method: 'POST', host, headers, body });
        assert.equal(answer.status, 421, host);
        assert.match(String(answer.headers['content-type']), /^application\/problem\+json/);
        assert.equal(answer.headers['set-cookie'], undefined, `${host}: no session`);
        assert.equal((await rawRequest(base, '/api/aup/acceptance', { host })).status, 421, `${host}: every route`);
      }
      for (const host of [
        `localhost:${port}`,
        `127.0.0.1:${port}`,
        `127.1.2.3:${port}`,
        `[::1]:${port}`,
        'localhost',
      ]) {
        assert.equal(
          (await rawRequest(base, '/api/dev/session', { method: 'POST', host, headers, body })).status,
          200,
          host,
        );
      }
    });

    it('takes its own origin from where it listens, not from the Host header', async () => {
      const client = await Client.signIn(base, uniqueUser());
      assert.equal((await client.post('/api/aup/acceptance', { version: '1' }, { origin: base })).status, 201);
      assert.equal(
        (await client.post('/api/aup/acceptance', { version: '2' }, { origin: `http://localhost:${port}` })).status,
        201,
      );
      const foreign = await rawRequest(base, '/api/aup/acceptance', {
        method: 'POST',
        host: `localhost:${Number(port) + 1}`,
        headers: {
          origin: `http://localhost:${Number(port) + 1}`,
          cookie: client.cookie,
          'x-csrf-token': client.csrfToken,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ version: '3' }),
      });
      assert.equal(foreign.status, 403, 'an Origin that only matches the Host header');
    });

    it('sends Cache-Control: no-store on every /api/ answer, errors and unknown routes included', async () => {
      const anonymous = new Client(base, 'x');
      const client = await Client.signIn(base, uniqueUser());
      const answers = [
        ['401', await anonymous.get('/api/aup/acceptance')],
        ['404 route', await client.get('/api/no-such-route')],
        ['404 acceptance', await client.get('/api/aup/acceptance')],
        ['201', await client.post('/api/aup/acceptance', { version: '1' })],
        ['200', await client.get('/api/aup/acceptance')],
        ['400', await client.post('/api/aup/acceptance', { version: 7 })],
        ['403', await client.post('/api/aup/acceptance', { version: '1' }, { 'x-csrf-token': 'nope' })],
        ['422', await client.post('/api/account-secret', { secret: 'ab1' })],
        ['415', await client.post('/api/aup/acceptance', 'version=1', { 'content-type': 'text/plain' })],
      ] as const;
      for (const [what, answer] of answers) assert.equal(answer.headers.get('cache-control'), 'no-store', what);
    });

    it('refuses a secret that fails the rules without computing any slow hash', async () => {
      const client = await Client.signIn(base, uniqueUser(), { givenName: 'Mary', familyName: 'Smith' });
      assert.equal((await client.post('/api/account-secret', { secret: SECRET })).status, 200);
      const before = hashes.calls;
      for (const secret of ['ab1', 'MarySmithRocks', 'a'.repeat(65), '']) {
        const refused = await client.post('/api/account-secret', { secret });
        assert.equal(refused.status, 422, secret);
      }
      assert.equal(hashes.calls - before, 0, 'no hash for a secret the rules refuse');
      const history = await client.post('/api/account-secret', { secret: SECRET.toUpperCase() });
      assert.deepEqual(history.body.errors, [{ rule: 'history' }], 'the history is still checked when the rules pass');
      assert.equal(hashes.calls - before, 2, 'the new hash and one history entry');
    });

    it('runs at most 2 slow hashes at a time, and queues the rest (every save succeeds)', async () => {
      const clients = await Promise.all(Array.from({ length: 6 }, () => Client.signIn(base, uniqueUser())));
      for (const client of clients)
        assert.equal((await client.post('/api/account-secret', { secret: SECRET })).status, 200);
      hashes.most = 0;
      const saved = await Promise.all(
        clients.map((client) => client.post('/api/account-secret', { secret: 'Quietharbourlight' })),
      );
      assert.deepEqual(
        saved.map((answer) => answer.status),
        [200, 200, 200, 200, 200, 200],
      );
      assert.equal(hashes.most, 2);
    });

    it('lets a user set a secret 10 times a minute: the 11th is 429 with Retry-After', async () => {
      const client = await Client.signIn(base, uniqueUser());
      const secrets = Array.from({ length: 11 }, (_, i) => `Lanternharbour${'abcdefghijk'[i]}`);
      const answers = [];
      for (const secret of secrets) answers.push(await client.post('/api/account-secret', { secret }));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [...Array<number>(10).fill(200), 429],
      );
      const last = answers[10];
      assert.match(last.headers.get('retry-after') ?? '', /^\d+$/);
      assert.match(last.type, /^application\/problem\+json/);
      assert.equal((await client.get('/api/aup/acceptance')).status, 404, 'other requests go on');
      fx.advance(61_000);
      assert.equal(
        (await client.post('/api/account-secret', { secret: 'Lanternharbourz' })).status,
        200,
        'a minute later',
      );
    });

    it('refuses an AUP version longer than 64 characters, and keeps audit outcomes to one bounded line', async () => {
      const client = await Client.signIn(base, uniqueUser());
      assert.equal((await client.post('/api/aup/acceptance', { version: 'v'.repeat(64) })).status, 201);
      const long = await client.post('/api/aup/acceptance', { version: 'v'.repeat(65) });
      assert.equal(long.status, 400);
      assert.equal((await client.post('/api/aup/acceptance', { version: 'a\nforged-line\u202e' })).status, 201);
      const admin = await Client.signIn(base, uniqueUser(), { roles: ['admin'] });
      const records = (await admin.get(`/api/admin/audit?userId=${client.userId}`)).body as unknown as Array<{
        outcome: string;
      }>;
      assert.deepEqual(
        records.map((record) => record.outcome),
        ['version a forged-line', `version ${'v'.repeat(64)}`],
      );
    });

    it('lets nobody check their own account through the helpdesk routes (403), and audits every helpdesk read', async () => {
      const agent = await Client.signIn(base, uniqueUser('agent'), { roles: ['agent', 'admin'] });
      assert.equal((await agent.post('/api/account-secret', { secret: SECRET })).status, 200);
      const own = `/api/helpdesk/users/${agent.userId}/account-secret/challenge`;
      assert.equal((await agent.get(own)).status, 403);
      assert.equal((await agent.post(own, { challengeId: 'c-x', answers: ['a', 'b', 'c'] })).status, 403);

      const caller = await Client.signIn(base, uniqueUser());
      assert.equal((await caller.post('/api/account-secret', { secret: SECRET })).status, 200);
      assert.equal((await agent.get(`/api/helpdesk/users/${caller.userId}/account-secret/challenge`)).status, 200);
      const nobody = uniqueUser('nobody');
      assert.equal((await agent.get(`/api/helpdesk/users/${nobody}/account-secret/challenge`)).status, 404);
      const read = (await agent.get(`/api/admin/audit?userId=${caller.userId}`)).body as unknown as Array<
        Record<string, unknown>
      >;
      assert.deepEqual(
        read.filter((r) => r.action === 'challenge-read').map((r) => [r.actorId, r.outcome]),
        [[agent.userId, 'ok']],
      );
      const probe = (await agent.get(`/api/admin/audit?userId=${nobody}`)).body as unknown as Array<
        Record<string, unknown>
      >;
      assert.deepEqual(
        probe.map((r) => [r.action, r.actorId, r.outcome]),
        [['challenge-read', agent.userId, 'not-found']],
      );
    });

    it('writes no audit row per answer refused while locked', async () => {
      const client = await Client.signIn(base, uniqueUser());
      assert.equal((await client.post('/api/account-secret', { secret: SECRET })).status, 200);
      let challengeId = '';
      for (let i = 0; i < 5; i++) {
        const challenge = await client.get('/api/account-secret/challenge');
        challengeId = String(challenge.body.challengeId);
        await client.post('/api/account-secret/challenge', {
          challengeId,
          answers: wrongAnswers(SECRET, challenge.body.positions as number[]),
        });
      }
      for (let i = 0; i < 10; i++) {
        assert.equal(
          (await client.post('/api/account-secret/challenge', { challengeId, answers: ['a', 'b', 'c'] })).status,
          423,
        );
      }
      const admin = await Client.signIn(base, uniqueUser(), { roles: ['admin'] });
      const records = (await admin.get(`/api/admin/audit?userId=${client.userId}`)).body as unknown as Array<
        Record<string, unknown>
      >;
      assert.deepEqual(
        records.map((r) => r.action),
        ['challenge-locked', ...Array<string>(5).fill('challenge-failed'), 'secret-set'],
      );
    });

    it('pages the audit: limit (default 100, at most 1000) and a next-page cursor in the Link header', async () => {
      const client = await Client.signIn(base, uniqueUser());
      for (let i = 1; i <= 5; i++)
        assert.equal((await client.post('/api/aup/acceptance', { version: String(i) })).status, 201);
      const admin = await Client.signIn(base, uniqueUser(), { roles: ['admin'] });
      const all = await admin.get(`/api/admin/audit?userId=${client.userId}`);
      assert.equal((all.body as unknown as unknown[]).length, 5);
      assert.equal(all.headers.get('link'), null, 'one page: no next');
      const seen: string[] = [];
      let path: string | undefined = `/api/admin/audit?userId=${client.userId}&limit=2`;
      let pages = 0;
      while (path !== undefined) {
        const page = await admin.get(path);
        assert.equal(page.status, 200, page.text);
        seen.push(...(page.body as unknown as Array<{ outcome: string }>).map((r) => r.outcome));
        pages++;
        const link = page.headers.get('link');
        path = link === null ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
        if (link !== null) assert.ok(path, link);
      }
      assert.deepEqual(seen, ['version 5', 'version 4', 'version 3', 'version 2', 'version 1']);
      assert.equal(pages, 3);
      for (const query of ['limit=0', 'limit=1001', 'limit=x', 'before=abc', 'limit=1.5']) {
        assert.equal((await admin.get(`/api/admin/audit?userId=${client.userId}&${query}`)).status, 400, query);
      }
      assert.equal((await admin.get(`/api/admin/audit?userId=${client.userId}&limit=1000`)).status, 200);
    });
  });
}

for (const engine of engines()) {
  describe(`a host's authentication (${engine.name})`, { skip: engine.skip }, () => {
    let fixtures: Fixture[] = [];
    after(async () => {
      await Promise.all(fixtures.map((fx) => fx.cleanup()));
      fixtures = [];
    });
    async function start(engineOf: Engine, extra: Partial<ServerOptions>): Promise<string> {
      const fx = await startFixture(engineOf, { authenticate: headerAuthentication, ...extra });
      fixtures.push(fx);
      return fx.server.url;
    }
    const post = (base: string, headers: Record<string, string>) =>
      fetch(`${base}/api/aup/acceptance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ version: '1' }),
      });

    it('requires the CSRF token on unsafe requests even when the host gives no token, unless it says bearerOnly', async () => {
      const strict = await start(engine, {});
      const user = { 'x-test-user': uniqueUser() };
      assert.equal((await post(strict, user)).status, 403, 'a user with no csrfToken');
      assert.equal((await post(strict, { ...user, 'x-csrf-token': 'anything' })).status, 403, 'any token');
      assert.equal((await fetch(`${strict}/api/aup/acceptance`, { headers: user })).status, 404, 'safe requests go on');
      const withToken = { 'x-test-user': uniqueUser(), 'x-test-csrf': 'token-1' };
      assert.equal((await post(strict, withToken)).status, 403, 'the host gave a token, none sent');
      assert.equal((await post(strict, { ...withToken, 'x-csrf-token': 'token-1' })).status, 201);

      const bearer = await start(engine, { bearerOnly: true });
      assert.equal((await post(bearer, { 'x-test-user': uniqueUser() })).status, 201, 'bearerOnly: no token needed');
      const bearerWithToken = { 'x-test-user': uniqueUser(), 'x-test-csrf': 'token-2' };
      assert.equal((await post(bearer, bearerWithToken)).status, 403, 'bearerOnly still checks a token the host gave');
    });

    it('answers to any Host, and takes its own origin from publicOrigin', async () => {
      const base = await start(engine, { bearerOnly: true, publicOrigin: 'https://portal.example/ignored/path' });
      const headers = { 'x-test-user': uniqueUser(), 'content-type': 'application/json' };
      const body = JSON.stringify({ version: '1' });
      const own = await rawRequest(base, '/api/aup/acceptance', {
        method: 'POST',
        host: 'portal.example',
        headers: { ...headers, origin: 'https://portal.example' },
        body,
      });
      assert.equal(own.status, 201, own.text);
      const mirrored = await rawRequest(base, '/api/aup/acceptance', {
        method: 'POST',
        host: 'evil.example',
        headers: { ...headers, origin: 'http://evil.example' },
        body,
      });
      assert.equal(mirrored.status, 403, "an Origin equal to the Host header is not the server's own");
      assert.equal(
        (await rawRequest(base, '/api/aup/acceptance', { method: 'POST', headers: { ...headers, origin: base }, body }))
          .status,
        403,
        'nor is the listening address, once publicOrigin is set',
      );
    });
  });
}

describe('audit outcomes', () => {
  it('are one line of at most 100 characters', () => {
    assert.equal(boundedOutcome('version 2026-11'), 'version 2026-11');
    assert.equal(boundedOutcome('a\r\nb\u0000c\u200bd\u2028e  f'), 'a b c d e f');
    const long = boundedOutcome(`version ${'é'.repeat(200)}`);
    assert.equal([...long].length, 100);
    assert.ok(long.endsWith('…'));
  });
});
