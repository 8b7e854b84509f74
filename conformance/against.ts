/// <reference types="node" />
/**
 * Starts a backend in this process, runs the conformance kit against it over
 * real HTTP, stops it, and exits 1 on a failure.
 *
 *   tsx conformance/against.ts --mocks    the strict MSW mocks (npm run conformance:mocks)
 *   tsx conformance/against.ts --server   the reference backend in server/
 *
 * `--server` imports `startServer(options?) → Promise<{url, close()}>` from
 * `REFERENCE_SERVER_MODULE` (default `../server/src/index.ts`). Storage
 * follows the environment, as `npm run server`'s does: `DATABASE_URL` set →
 * PostgreSQL, unset → PGlite in `DATA_DIR` (default `.data`). `npm test`
 * runs the same checks against the server on both storages
 * (server/test/conformance.test.ts). Against a server started elsewhere
 * (`npm run server` prints `listening on http://HOST:PORT`), use the CLI:
 * `npm run conformance -- --base-url http://127.0.0.1:PORT`.
 */
import { fetchTransport } from './kit.js';
import { startMockServer, type StartedServer } from './mock-server.js';
import { resultLine, runConformance, summaryLine } from './runner.js';

type StartServer = (options?: Record<string, unknown>) => Promise<StartedServer>;

async function startReferenceServer(): Promise<StartedServer> {
  const specifier = process.env.REFERENCE_SERVER_MODULE ?? '../server/src/index.ts';
  const module = (await import(specifier)) as { startServer?: unknown };
  if (typeof module.startServer !== 'function') throw new Error(`${specifier} exports no startServer()`);
  return (module.startServer as StartServer)({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'error',
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const useServer = args.includes('--server');
  if (!useServer && !args.includes('--mocks')) {
    process.stderr.write('usage: tsx conformance/against.ts --mocks | --server\n');
    process.exitCode = 2;
    return;
  }
  const backend = useServer ? await startReferenceServer() : await startMockServer();
  try {
    process.stdout.write(
      `Conformance of ${useServer ? 'the reference server' : 'the strict mocks'} at ${backend.url}\n`,
    );
    const summary = await runConformance(
      { baseUrl: backend.url, send: fetchTransport() },
      { onResult: (result) => process.stdout.write(`${resultLine(result)}\n`) },
    );
    process.stdout.write(`${summaryLine(summary)}\n`);
    process.exitCode = summary.failed > 0 ? 1 : 0;
  } finally {
    await backend.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.stdout.write(`${summaryLine({ passed: 0, failed: 1 })}\n`);
  process.exitCode = 1;
});
