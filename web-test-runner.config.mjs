// Every test runs in real browsers: Debian's Chromium, Firefox ESR and
// WebKitGTK (Safari's engine). See docs/testing.md for why each option is here.
import { writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { storybookModules } from './test/stories/storybook-modules.mjs';
import { crossEngineCommands } from './test/runner/commands.mjs';
import { assertInstalled, browserVersion, chromium, firefox, webkit } from './test/runner/browsers.mjs';

// BROWSERS=chromium (or firefox, webkit, or a comma list) runs fewer engines,
// for a quicker local loop. The default, and CI, is all three.
const ENGINES = { chromium, firefox, webkit };
const wanted = (process.env.BROWSERS ?? 'chromium,firefox,webkit')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = wanted.filter((name) => !(name in ENGINES));
if (unknown.length) throw new Error(`Unknown BROWSERS entry: ${unknown.join(', ')} (use chromium, firefox, webkit)`);
assertInstalled(wanted);
for (const name of wanted) process.stdout.write(`Testing in ${name}: ${browserVersion(name)}\n`);
const browsers = wanted.map((name) => ENGINES[name]());
// While it runs, the runner holds console output back and prints it with
// each file's report; an early exit loses it. Runs have ended midway that
// way, exit 1 and nothing in the log (docs/testing.md): what stops a run is
// written to stderr at once. A promise rejected in the runner's own process
// (a browser's protocol message after its page went) would end the whole
// run; it is reported and the run goes on, since every test's outcome comes
// from its browser.
const report = (what, error) => writeSync(2, `\nweb-test-runner: ${what}:\n${error?.stack ?? error}\n`);
process.on('unhandledRejection', (reason) => report('unhandled rejection in the runner (the run goes on)', reason));
process.prependListener('uncaughtException', (error) => report('uncaught exception in the runner (it stops)', error));
process.once('SIGINT', () => report('interrupted', 'SIGINT: the run stops here'));

/**
 * The strictest policy a host might serve, and the one the README documents:
 * Lit's Trusted Types policy, and DOMPurify's (used only by `<aup-consent src>`).
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html dompurify',
].join('; ');

/** Serves the pages under test/csp/ with the strict policy. */
function strictCsp() {
  return async (context, next) => {
    await next();
    if (context.path.startsWith('/test/csp/') && context.path.endsWith('.html')) {
      // The page's own harness (not the library) needs a 'default' policy that
      // allows exactly one script URL: MSW's service worker, which it registers
      // with a plain string. It has no createHTML, so HTML sinks stay guarded.
      context.set('Content-Security-Policy', `${STRICT_CSP} default`);
    }
  };
}

/** Serves MSW's worker from the root, so its scope covers every test page. */
function mockServiceWorker() {
  return async (context, next) => {
    if (context.path === '/mockServiceWorker.js') {
      context.type = 'application/javascript';
      context.set('Service-Worker-Allowed', '/');
      context.body = await readFile(new URL('./public/mockServiceWorker.js', import.meta.url), 'utf8');
      return;
    }
    return next();
  };
}

/**
 * `/__echo`: answers a form submission with a page listing what it carried
 * (`<pre id="echo">{"method", "entries": [[name, value], ...]}</pre>`), so a
 * test can prove what a real, native submission sent (into an iframe).
 */
function formEcho() {
  return async (context, next) => {
    if (context.path !== '/__echo') return next();
    let body = '';
    if (context.method === 'POST') for await (const chunk of context.req) body += chunk;
    const entries = [...new URLSearchParams(context.method === 'POST' ? body : context.querystring)];
    const json = JSON.stringify({ method: context.method, entries }).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    context.type = 'text/html';
    context.body = `<!doctype html><title>echo</title><pre id="echo">${json}</pre>`;
  };
}

/**
 * Ends the run with one plain line, 'Tests: N passed, N failed, N skipped',
 * counted over every browser, for CI logs and tools that read closing lines.
 */
function closingLineReporter() {
  return {
    stop({ sessions }) {
      const count = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        if (!suite) return;
        for (const test of suite.tests) {
          if (test.skipped) count.skipped++;
          else if (test.passed) count.passed++;
          else count.failed++;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        walk(session.testResults);
        // A file that failed to load has no results but counts as a failure.
        if (!session.passed && !session.testResults?.tests.length && !session.testResults?.suites.length)
          count.failed++;
      }
      // At exit, so it follows the default reporter's final summary.
      process.once('exit', () => {
        process.stdout.write(`Tests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
      });
    },
  };
}

export default {
  // test/node/ holds Node's own tests (npm run test:node), not the browsers'.
  files: ['test/**/*.test.ts', '!test/node/**'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    storybookModules(),
    crossEngineCommands(),
  ],
  middleware: [mockServiceWorker(), strictCsp(), formEcho()],
  browsers,
  reporters: [defaultReporter(), closingLineReporter()],
  concurrency: 1,
  concurrentBrowsers: 3,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  // Generous: WebDriver round trips make WebKit slow on a loaded 2-core machine;
  // a timeout only bounds how long a hung test takes to fail.
  testFramework: { config: { timeout: 30_000 } },
};
