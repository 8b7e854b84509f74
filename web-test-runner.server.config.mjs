// The demo journeys (test/journeys.test.ts) on the reference server instead
// of the mocks: `npm run test:journeys-server`, part of `npm test`. The
// server runs on PGlite in a temporary folder (scripts/serve.ts --api-only,
// which also gives Mary Smith her demo secrets); this test server proxies
// /api/ to it and marks the demo page `data-backend="server"`, as
// `npm run serve` does. Chromium only: the journeys' engine coverage comes
// from the main config; this run proves the page and the server together.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { assertInstalled, chromium } from './test/runner/browsers.mjs';

const PORT = 8765;
const ORIGIN = `http://localhost:${PORT}`;

assertInstalled(['chromium']);
// The main config, for one engine (it reads BROWSERS when it loads).
process.env.BROWSERS = 'chromium';
const { default: base } = await import('./web-test-runner.config.mjs');
const api = await startApi();

export default {
  ...base,
  files: ['test/journeys.test.ts'],
  port: PORT,
  browsers: [chromium()],
  concurrentBrowsers: 1,
  middleware: [proxyApi(api), markDemoPage(), ...base.middleware],
  // Tells the test which backend the page must be on, so a page that fell
  // back to the mocks fails instead of passing for the server.
  testRunnerHtml: (testFramework) =>
    `<!doctype html><html><body><script>window.expectedDemoBackend = 'server';</script><script type="module" src="${testFramework}"></script></body></html>`,
};

/** Starts the server and waits for its one `listening on URL` line. */
async function startApi() {
  const child = spawn('node_modules/.bin/tsx', ['scripts/serve.ts', '--api-only', '--origin', ORIGIN], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: '0', DATA_DIR: '', DATABASE_URL: '' },
  });
  process.once('exit', () => child.kill('SIGTERM'));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the reference server did not start within 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`the reference server exited (${code})`)));
    lines.on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      } else process.stdout.write(`${line}\n`);
    });
  });
  process.stdout.write(`Journeys on the reference server at ${url}\n`);
  return url;
}

/** Forwards /api/ to the server as a same-origin proxy would: method, headers, body, cookies. */
function proxyApi(target) {
  return async (context, next) => {
    if (!context.path.startsWith('/api/')) return next();
    const chunks = [];
    for await (const chunk of context.req) chunks.push(chunk);
    const headers = new Headers();
    for (const [name, value] of Object.entries(context.request.headers)) {
      if (name !== 'host' && name !== 'connection' && typeof value === 'string') headers.set(name, value);
    }
    const response = await fetch(new URL(context.url, target), {
      method: context.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
      redirect: 'manual',
    });
    context.status = response.status;
    response.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'set-cookie'].includes(name))
        context.set(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) context.set('Set-Cookie', cookies);
    context.body = Buffer.from(await response.arrayBuffer());
  };
}

/** The demo page in server mode (demo/main.ts reads the attribute). */
function markDemoPage() {
  return async (context, next) => {
    await next();
    if (context.path === '/index.html' || context.path === '/') {
      const html = typeof context.body === 'string' ? context.body : await streamText(context.body);
      context.body = html.replace('<html', '<html data-backend="server"');
    }
  };
}

async function streamText(body) {
  if (!body || typeof body.on !== 'function') return String(body ?? '');
  const chunks = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
