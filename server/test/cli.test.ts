/** The command line: one readiness line, graceful exit 0, and refusals with exit 1. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Absolute, so the child finds tsx from any working folder.
const tsx = import.meta.resolve('tsx');

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env;
}

describe('npm run server (src/main.ts)', () => {
  it('refuses to start in production without a key, or with AUTH=dev: one line, exit 1', () => {
    const cases: Array<Record<string, string>> = [
      { NODE_ENV: 'production' },
      { NODE_ENV: 'production', AUTH: 'dev', SECRET_KEY_FILE: '/dev/null' },
    ];
    for (const extra of cases) {
      const run = spawnSync(process.execPath, ['--import', tsx, main], {
        env: cleanEnv(extra),
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(run.status, 1, run.stderr);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0], extra.AUTH ? /AUTH=dev/ : /SECRET_KEY_FILE/);
    }
  });

  it('refuses development sign-in off loopback or outside development, any production without a key, and a key others can read: one line each, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ase-cli-'));
    try {
      const key = join(dir, 'key');
      writeFileSync(key, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      const looseKey = join(dir, 'loose-key');
      writeFileSync(looseKey, `${randomBytes(32).toString('base64')}\n`, { mode: 0o644 });
      const authModule = join(dir, 'auth.mjs');
      writeFileSync(authModule, 'export async function authenticate() { return undefined; }\n');
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ NODE_ENV: 'Production' }, /SECRET_KEY_FILE is not set/],
        [{ NODE_ENV: 'staging', SECRET_KEY_FILE: key }, /no authentication: set AUTH_MODULE/],
        [{ HOST: '0.0.0.0' }, /HOST 0\.0\.0\.0 is not a loopback address and AUTH_MODULE is not set/],
        [{ AUTH: 'dev', HOST: '0.0.0.0' }, /AUTH=dev .* loopback only, not HOST 0\.0\.0\.0/],
        [
          { AUTH: 'dev', NODE_ENV: 'staging', SECRET_KEY_FILE: key },
          /AUTH=dev .* not allowed in production \(NODE_ENV=staging\)/,
        ],
        [
          { NODE_ENV: 'production', SECRET_KEY_FILE: looseKey, AUTH_MODULE: authModule },
          /mode 0644: group or others can read it/,
        ],
      ];
      for (const [extra, reason] of cases) {
        // PORT 0: a server that wrongly starts takes a free port, and the timeout ends it.
        const run = spawnSync(process.execPath, ['--import', tsx, main], {
          cwd: dir,
          env: cleanEnv({ PORT: '0', ...extra }),
          encoding: 'utf8',
          timeout: 30_000,
        });
        assert.equal(run.status, 1, `${JSON.stringify(extra)}: ${run.stdout} ${run.stderr}`);
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0], reason);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs structured lines that never hold the secret or its characters, even at trace level', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ase-cli-'));
    const secret = 'Quixoticzephyrwaltz';
    try {
      const child = spawn(process.execPath, ['--import', tsx, main], {
        cwd: dir,
        env: cleanEnv({ PORT: '0', LOG_LEVEL: 'trace' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (output += chunk));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          const match = /listening on (\S+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const session = await fetch(`${url}/api/dev/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'log-user' }),
      });
      const { csrfToken } = (await session.json()) as { csrfToken: string };
      const headers = {
        cookie: (session.headers.get('set-cookie') ?? '').split(';')[0],
        'x-csrf-token': csrfToken,
        'content-type': 'application/json',
      };
      const post = (path: string, body: string) => fetch(`${url}${path}`, { method: 'POST', headers, body });
      assert.equal((await post('/api/account-secret', JSON.stringify({ secret }))).status, 200);
      assert.equal((await post('/api/account-secret', `{"secret": "${secret}"`)).status, 400, 'malformed JSON');
      assert.equal((await post('/api/account-secret', JSON.stringify({ secret: [secret] }))).status, 400, 'wrong type');
      assert.equal(
        (await post('/api/account-secret', JSON.stringify({ secret, extra: secret }))).status,
        400,
        'extra field',
      );
      const challenge = (await (await fetch(`${url}/api/account-secret/challenge`, { headers })).json()) as {
        challengeId: string;
        positions: number[];
      };
      const answers = challenge.positions.map((p) => [...secret][p - 1]);
      assert.equal(
        (
          await post(
            '/api/account-secret/challenge',
            JSON.stringify({ challengeId: challenge.challengeId, answers: ['z', 'z', 'z'] }),
          )
        ).status,
        422,
      );
      assert.equal(
        (
          await post(
            '/api/account-secret/challenge',
            `{"challengeId": "${challenge.challengeId}", "answers": ${JSON.stringify(answers)}`,
          )
        ).status,
        400,
      );
      assert.equal(
        (await post('/api/account-secret/challenge', JSON.stringify({ challengeId: challenge.challengeId, answers })))
          .status,
        200,
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      assert.ok(output.split('\n').length > 10, 'trace logging wrote lines');
      const lower = output.toLowerCase();
      assert.equal(lower.includes(secret.toLowerCase()), false, 'the whole secret is not logged');
      assert.doesNotMatch(output, /"answers"|"secret"|csrf|ase_session=/i);
      for (const line of output.trim().split('\n')) {
        if (!line.startsWith('listening on ')) assert.doesNotThrow(() => JSON.parse(line), line);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints exactly one line when ready, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ase-cli-'));
    try {
      const child = spawn(process.execPath, ['--import', tsx, main], {
        cwd: dir,
        env: cleanEnv({ PORT: '0', LOG_LEVEL: 'warn' }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (stderr += chunk));
      const ready = new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          const line = stdout.split('\n').find((l) => l.startsWith('listening on '));
          if (line) resolve(line);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stdout} ${stderr}`)));
      });
      const line = await ready;
      assert.match(line, /^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.slice('listening on '.length);
      const answer = await fetch(`${url}/api/account-secret/challenge`);
      assert.equal(answer.status, 401);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const plain = stdout.split('\n').filter((l) => l && !l.startsWith('{'));
      assert.deepEqual(plain, [line], 'one plain line; everything else is structured JSON');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
