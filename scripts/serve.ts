/// <reference types="node" />
/**
 * `npm run serve`: the demo on the reference backend, HTML first. Starts the
 * server (PGlite in `.data/`, or PostgreSQL with DATABASE_URL) at
 * http://127.0.0.1:8787/, whose journey pages (server/src/pages) are the
 * demo: sign in with any User ID, accept the policy, set a secret, check
 * it; tick "Helpdesk agent" to check a caller. They work with JavaScript
 * off; with it, the built bundle (`npm run build`, dist/) enhances them.
 * Mary Smith (`mary-smith`) is given the demo's five previous secrets and
 * her current one, so the history rule and an agent's check of her work at
 * once.
 *
 * `--elements-demo`: also the elements' demo page (index.html) with Vite at
 * http://localhost:5173/, proxying /api/ to the server; the page signs in
 * as Mary through the development sign-in (demo/main.ts).
 *
 * `--api-only --origin URL`: the server and Mary's data alone, for a page
 * served elsewhere at URL (the journeys on the real server,
 * web-test-runner.server.config.mjs); prints `listening on URL` when ready.
 * DATA_DIR then defaults to a fresh temporary folder, removed at exit.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { startServer } from '../server/src/index.js';
import { demoChallengeSecret, demoPreviousSecrets, demoSignIn, demoUser, paths } from '../mocks/data.js';

const { values: args } = parseArgs({
  options: { 'api-only': { type: 'boolean' }, 'elements-demo': { type: 'boolean' }, origin: { type: 'string' } },
});
const apiOnly = args['api-only'] === true;
const elementsDemo = !apiOnly && args['elements-demo'] === true;
const DEMO_ORIGIN = args.origin ?? 'http://localhost:5173';
const scratch =
  apiOnly && !process.env.DATA_DIR && !process.env.DATABASE_URL ? mkdtempSync(join(tmpdir(), 'ase-demo-')) : undefined;
if (scratch) process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));

const backend = await startServer({
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? (apiOnly ? 0 : 8787)),
  dataDir: scratch ?? process.env.DATA_DIR,
  databaseUrl: process.env.DATABASE_URL,
  allowedOrigins: [DEMO_ORIGIN],
  logLevel: process.env.LOG_LEVEL ?? 'warn',
  onWarning: (message) => process.stderr.write(`${message}\n`),
});
await seed(backend.url);
const stops: Array<() => Promise<unknown>> = [() => backend.close()];

if (apiOnly) {
  process.stdout.write(`listening on ${backend.url}\n`);
} else {
  process.stdout.write(
    `The journeys, HTML first: ${backend.url}/ (sign in with any User ID; Mary Smith is mary-smith)\n`,
  );
  if (!existsSync(new URL('../dist/account-secret-elements.min.js', import.meta.url))) {
    process.stdout.write(
      'dist/ is not built: the pages work without script. Run npm run build to see them enhanced.\n',
    );
  }
}
if (elementsDemo) {
  const vite = await createServer({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    server: { port: 5173, strictPort: true, proxy: { '/api/': backend.url } },
    // demo/main.ts reads this to use the server instead of starting the mocks.
    plugins: [
      {
        name: 'demo-on-server',
        transformIndexHtml: (page: string) => page.replace('<html', '<html data-backend="server"'),
      },
    ],
  });
  await vite.listen();
  stops.push(() => vite.close());
  process.stdout.write(`The elements' demo page: ${DEMO_ORIGIN}/ (on the same server)\n`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void Promise.all(stops.map((stop) => stop())).then(() => process.exit(0));
  });
}

/**
 * Mary's history, oldest first, then her current secret, set through the
 * API as she would: once, on a new database (a check of her own challenge
 * answers 404 while she has no secret).
 */
async function seed(base: string): Promise<void> {
  const signIn = await fetch(`${base}${paths.devSession}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(demoSignIn),
  });
  if (!signIn.ok) throw new Error(`development sign-in failed: ${signIn.status}`);
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken, Cookie: cookie };
  const current = await fetch(`${base}${paths.selfChallenge}`, { headers });
  if (current.status !== 404) return;
  for (const secret of [...demoPreviousSecrets].reverse().concat(demoChallengeSecret)) {
    const saved = await fetch(`${base}${paths.secret}`, { method: 'POST', headers, body: JSON.stringify({ secret }) });
    if (!saved.ok) throw new Error(`could not set the demo secrets: ${saved.status} ${await saved.text()}`);
  }
  process.stdout.write(`Mary Smith (${demoUser.id}) has her demo secrets\n`);
}
