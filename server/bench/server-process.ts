/**
 * The server as the benchmark runs it: its own process, the default slow
 * hash, logs at `warn`, and the per-session rate limit raised so that a few
 * hundred sessions can make thousands of requests (the limit's SQL statement
 * still runs on every request).
 */
import { startServer } from '../src/index.js';

const server = await startServer({
  port: 0,
  env: 'test',
  logLevel: 'warn',
  databaseUrl: process.env.DATABASE_URL || undefined,
  dataDir: process.env.DATA_DIR,
  secretKeyFile: process.env.SECRET_KEY_FILE,
  rateLimit: { max: 1_000_000, windowMs: 60_000 },
  poolSize: Number(process.env.POOL_SIZE ?? 10),
});
process.stdout.write(`listening on ${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
