/**
 * `npm run test:server`: runs the server tests with Node's test runner, on
 * PGlite and on PostgreSQL. PostgreSQL is `DATABASE_URL` when set (each suite
 * creates its own database in it), else a throwaway cluster started here
 * and removed afterwards. Without PostgreSQL its suites fail when CI=true,
 * else they are skipped with the reason printed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBin, startCluster } from './postgres.js';
import type { Cluster } from './postgres.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files =
  only.length > 0
    ? only
    : readdirSync(here)
        .filter((f) => f.endsWith('.test.ts'))
        .sort()
        .map((f) => join(here, f));

let cluster: Cluster | undefined;
const env: NodeJS.ProcessEnv = { ...process.env };
if (process.env.DATABASE_URL) {
  env.TEST_POSTGRES_URL = process.env.DATABASE_URL;
} else {
  const bin = findPostgresBin();
  if (bin) {
    cluster = await startCluster(bin);
    env.TEST_POSTGRES_URL = cluster.url;
  } else {
    env.TEST_POSTGRES_SKIP = 'no PostgreSQL: DATABASE_URL is unset and /usr/lib/postgresql/*/bin/initdb was not found';
  }
}
delete env.DATABASE_URL;

let status: number;
try {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
    env,
    stdio: 'inherit',
    timeout: 20 * 60 * 1000,
  });
  status = result.status ?? 1;
} finally {
  cluster?.stop();
}
process.exit(status);
