/**
 * `npm run bench:server`: loopback load test of challenge answers, on PGlite
 * and on PostgreSQL, bounded in time; proof that 50 simultaneous wrong
 * answers for one user count as exactly 5; and how long setting a secret
 * takes. Prints what it measured (docs/performance.md records it).
 *
 * BENCH_SECONDS (default 10) per engine; BENCH_CONCURRENCY (default 32);
 * BENCH_ENGINES (default `pglite,postgres`); BENCH_POOL_SIZE (default 10); BENCH_SERVER_ARGS, more Node
 * options for the server process (for example `--cpu-prof`);
 * BENCH_PG_OPTIONS, more `name=value` settings, space-separated, for the
 * throwaway PostgreSQL cluster. With
 * `BENCH_PG_OPTIONS=shared_preload_libraries=pg_stat_statements` it also
 * prints the statements PostgreSQL ran per answered challenge.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { findPostgresBin, startCluster } from '../test/postgres.js';
import type { Cluster } from '../test/postgres.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Seconds of the same load, not recorded, first: JIT and connection warm-up. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const USERS = CONCURRENCY * 2;
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const PG_OPTIONS = (process.env.BENCH_PG_OPTIONS ?? '').split(' ').filter(Boolean);
const SECRET = 'Kingfisherblue';
const tsx = import.meta.resolve('tsx');
const serverScript = fileURLToPath(new URL('./server-process.ts', import.meta.url));

/** The benchmark reports by printing, one line per finding. */
function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

function call(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

interface Session {
  userId: string;
  headers: Record<string, string>;
}

async function signIn(base: string, userId: string, roles: string[] = ['user']): Promise<Session> {
  const reply = await call(base, 'POST', '/api/dev/session', {}, { userId, roles });
  const cookie = String(reply.headers['set-cookie']).split(';')[0];
  return { userId, headers: { cookie, 'x-csrf-token': String(reply.body.csrfToken) } };
}

/** CPU seconds (user + system) used so far by `pids`, from /proc. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** The postmaster of `dataDir` and its children (the backends), when known. */
function postgresPids(dataDir: string | undefined): number[] {
  if (!dataDir || !existsSync(join(dataDir, 'postmaster.pid'))) return [];
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function startServerProcess(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...SERVER_ARGS, '--import', tsx, serverScript], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve({ url: match[1], child });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** pg_stat_statements of the bench database, when the cluster loads it. */
async function statementStats(databaseUrl: string | undefined): Promise<pg.Client | undefined> {
  if (!databaseUrl) return undefined;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ setting: string }>(
    `select setting from pg_settings where name = 'shared_preload_libraries'`,
  );
  if (!rows[0]?.setting.includes('pg_stat_statements')) {
    await client.end();
    return undefined;
  }
  await client.query('create extension if not exists pg_stat_statements');
  return client;
}

async function benchEngine(name: string, env: Record<string, string>, clusterDir?: string): Promise<void> {
  const { url, child } = await startServerProcess(env);
  const stats = await statementStats(env.DATABASE_URL);
  try {
    // Setting secrets: first secret of a user (1 slow hash) and a 6th (5 history hashes + 1).
    const users: Session[] = [];
    const setTimes: number[] = [];
    // One at a time, so each figure is one request's own time.
    for (let i = 0; i < 8; i++) {
      const session = await signIn(url, `bench-${i}`);
      const t = performance.now();
      const saved = await call(url, 'POST', '/api/account-secret', session.headers, { secret: SECRET });
      setTimes.push(performance.now() - t);
      if (saved.status !== 200) throw new Error(`set secret: ${saved.status}`);
      users.push(session);
    }
    // The rest 4 at a time (setup only).
    for (let i = 8; i < USERS; i += 4) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(4, USERS - i) }, async (_, j) => {
          const session = await signIn(url, `bench-${i + j}`);
          const saved = await call(url, 'POST', '/api/account-secret', session.headers, { secret: SECRET });
          if (saved.status !== 200) throw new Error(`set secret: ${saved.status}`);
          return session;
        }),
      );
      users.push(...batch);
    }
    const historyUser = await signIn(url, 'bench-history');
    const fullHistory: number[] = [];
    for (const secret of [
      'Amberfalcon',
      'Bluebellwood',
      'Cedarharbour',
      'Driftwoodbay',
      'Emberlantern',
      'Foxglovehill',
    ]) {
      const t = performance.now();
      await call(url, 'POST', '/api/account-secret', historyUser.headers, { secret });
      fullHistory.push(performance.now() - t);
    }
    setTimes.sort((a, b) => a - b);
    report(
      `${name}: set secret, one at a time (first secret, 1 scrypt): median ${percentile(setTimes, 50).toFixed(0)} ms; with 5 in history (6 scrypt): ${fullHistory[5].toFixed(0)} ms`,
    );

    // Load: each worker owns two users and loops GET challenge, POST the right characters.
    let latencies: number[] = [];
    let getLatencies: number[] = [];
    let errors = 0;
    const measured = () => [child.pid!, ...postgresPids(clusterDir)];
    let cpuBefore = 0;
    let serverCpuBefore = 0;
    let benchCpuBefore = 0;
    let started = 0;
    const warmEnd = performance.now() + WARMUP * 1000;
    const deadline = warmEnd + SECONDS * 1000;
    const timer = setTimeout(() => {
      latencies = [];
      getLatencies = [];
      errors = 0;
      cpuBefore = cpuSeconds(measured());
      serverCpuBefore = cpuSeconds([child.pid!]);
      const usage = process.cpuUsage();
      benchCpuBefore = (usage.user + usage.system) / 1e6;
      started = performance.now();
      void stats?.query('select pg_stat_statements_reset()');
    }, WARMUP * 1000);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        let turn = 0;
        while (performance.now() < deadline) {
          const user = users[(w * 2 + (turn++ % 2)) % users.length];
          const t0 = performance.now();
          const challenge = await call(url, 'GET', '/api/account-secret/challenge', user.headers);
          getLatencies.push(performance.now() - t0);
          if (challenge.status !== 200) {
            errors++;
            continue;
          }
          const chars = [...SECRET];
          const answers = (challenge.body.positions as number[]).map((p) => chars[p - 1]);
          const t1 = performance.now();
          const answer = await call(url, 'POST', '/api/account-secret/challenge', user.headers, {
            challengeId: challenge.body.challengeId,
            answers,
          });
          latencies.push(performance.now() - t1);
          if (answer.status !== 200) errors++;
        }
      }),
    );
    clearTimeout(timer);
    const elapsed = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(measured()) - cpuBefore;
    const serverCpu = cpuSeconds([child.pid!]) - serverCpuBefore;
    const usage = process.cpuUsage();
    const benchCpu = (usage.user + usage.system) / 1e6 - benchCpuBefore;
    latencies.sort((a, b) => a - b);
    getLatencies.sort((a, b) => a - b);
    report(
      `${name}: ${latencies.length} answers in ${elapsed.toFixed(1)} s = ${(latencies.length / elapsed).toFixed(0)} answers/s ` +
        `(plus as many GETs: ${((latencies.length + getLatencies.length) / elapsed).toFixed(0)} requests/s), concurrency ${CONCURRENCY}; ` +
        `answer p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; ` +
        `GET p99 ${percentile(getLatencies, 99).toFixed(1)} ms; non-2xx ${errors}`,
    );

    const perAnswer = cpu / latencies.length;
    report(
      `${name}: server${clusterDir ? ' + PostgreSQL' : ''} CPU ${cpu.toFixed(1)} s for ${latencies.length} answers and their GETs = ` +
        `${(perAnswer * 1000).toFixed(1)} ms CPU per answered challenge` +
        (clusterDir
          ? ` (Node ${((serverCpu / latencies.length) * 1000).toFixed(1)} ms, PostgreSQL ${(((cpu - serverCpu) / latencies.length) * 1000).toFixed(1)} ms)`
          : '') +
        `; 2 dedicated cores would serve about ${(2 / perAnswer).toFixed(0)} answers/s (projection, not measured); ` +
        `the load generator itself used ${((benchCpu / latencies.length) * 1000).toFixed(1)} ms CPU per answer`,
    );
    if (stats) {
      const { rows } = await stats.query<{ calls: string; ms: number; query: string }>(
        `select calls, total_exec_time as ms, query from pg_stat_statements
         where dbid = (select oid from pg_database where datname = current_database()) and query not like '%pg_stat_statements%'
         order by calls desc`,
      );
      const calls = rows.reduce((sum, row) => sum + Number(row.calls), 0);
      report(
        `${name}: ${(calls / latencies.length).toFixed(2)} statements per answered challenge (pg_stat_statements, warm-up excluded, ${latencies.length} answers)`,
      );
      for (const row of rows.slice(0, 12)) {
        report(
          `  ${(Number(row.calls) / latencies.length).toFixed(2)}/answer, ${(row.ms / Number(row.calls)).toFixed(3)} ms each: ${row.query.replace(/\s+/g, ' ').slice(0, 160)}`,
        );
      }
    }

    // 50 simultaneous wrong answers for one user, through 5 agents.
    const victim = await signIn(url, 'bench-victim');
    await call(url, 'POST', '/api/account-secret', victim.headers, { secret: SECRET });
    const agents = await Promise.all(Array.from({ length: 5 }, (_, i) => signIn(url, `bench-agent-${i}`, ['agent'])));
    const path = '/api/helpdesk/users/bench-victim/account-secret/challenge';
    const challenge = await call(url, 'GET', path, agents[0].headers);
    const wrong = (challenge.body.positions as number[]).map((p) =>
      [...SECRET][p - 1].toLowerCase() === 'z' ? 'q' : 'z',
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(url, 'POST', path, agents[i % 5].headers, { challengeId: challenge.body.challengeId, answers: wrong }),
      ),
    );
    const counts: Record<number, number> = {};
    for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
    const admin = await signIn(url, 'bench-admin', ['admin']);
    const trail = (await call(url, 'GET', '/api/admin/audit?userId=bench-victim', admin.headers))
      .body as unknown as Array<{ action: string; outcome: string }>;
    const counted = trail.filter((r) => r.action === 'challenge-failed' && r.outcome === 'wrong').length;
    report(`${name}: load average now ${loadavg()[0].toFixed(1)}`);
    report(
      `${name}: 50 simultaneous wrong answers: ${JSON.stringify(counts)}; failures counted: ${counted} (allowed 5)`,
    );
    if (counted !== 5 || counts[422] !== 4) process.exitCode = 1;
  } finally {
    await stats?.end();
    await stopServer(child);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ase-bench-'));
const keyFile = join(dir, 'key');
writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`);
let cluster: Cluster | undefined;
try {
  report(
    `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )}, ${WARMUP} s warm-up then ${SECONDS} s per engine, concurrency ${CONCURRENCY}, loopback; load generator and server share the machine`,
  );
  if (ENGINES.includes('pglite'))
    await benchEngine('PGlite', { DATA_DIR: join(dir, 'data'), SECRET_KEY_FILE: keyFile });
  let databaseUrl = process.env.DATABASE_URL;
  if (!ENGINES.includes('postgres')) {
    // not asked for
  } else if (!databaseUrl) {
    const bin = findPostgresBin();
    if (bin) {
      cluster = await startCluster(bin, true, PG_OPTIONS);
      databaseUrl = cluster.url;
    }
  }
  if (ENGINES.includes('postgres') && databaseUrl) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const name = `ase_bench_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${name}`);
    const u = new URL(databaseUrl);
    u.pathname = `/${name}`;
    try {
      await benchEngine(
        'PostgreSQL',
        { DATABASE_URL: u.toString(), SECRET_KEY_FILE: keyFile, POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '10' },
        cluster?.dataDir,
      );
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  } else if (ENGINES.includes('postgres')) {
    report('PostgreSQL: skipped (no DATABASE_URL and no /usr/lib/postgresql/*/bin/initdb)');
  }
} finally {
  agent.destroy();
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
