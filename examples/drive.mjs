// Shared by every example's check.mjs: drives a built app in headless
// Chromium as a person would, and cleans up after itself.
//
//   import { check, serveStatic } from '../drive.mjs';
//   await check('react-vite', async ({ open, expect }) => {
//     const site = await serveStatic(new URL('./dist/', import.meta.url));
//     const page = await open(site.origin);
//     ...
//   });
//
// puppeteer-core comes from the repository root's node_modules (Node walks up
// from examples/ to it); the apps do not install it.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

/** The repository's root folder (examples/..). */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Chromium as docs/testing.md runs it: root, no outside network. */
export const chromiumPath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const cleanups = [];
/** Registers `fn` to run when the check ends, however it ends (last registered runs first). */
export function onCleanup(fn) {
  cleanups.push(fn);
}
async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`cleanup: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A free TCP port on 127.0.0.1, for a server that must be told its port before it starts. */
export async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Serves `dir` on 127.0.0.1 at a free port. A path with no file and no
 * extension gets `index.html` (a single-page app's routes); `/favicon.ico`
 * is an empty 204 when the app has none, so Chromium logs no 404 for it.
 * Resolves with `{ origin, close() }`.
 */
export async function serveStatic(dir, { headers = {} } = {}) {
  const root = normalize(dir instanceof URL ? fileURLToPath(dir) : dir);
  const fileFor = async (pathname) => {
    const path = normalize(join(root, decodeURIComponent(pathname)));
    if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
    const found = await stat(path).catch(() => undefined);
    if (found?.isFile()) return path;
    if (found?.isDirectory()) return fileFor(join(pathname, 'index.html'));
    return extname(pathname) ? undefined : join(root, 'index.html');
  };
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = await fileFor(pathname);
    if (!file) {
      response.writeHead(pathname === '/favicon.ico' ? 204 : 404, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      // A page's keep-alive connections (a service worker's too) would hold close() open.
      server.closeAllConnections();
    });
  onCleanup(close);
  return { origin: `http://127.0.0.1:${server.address().port}`, close };
}

/**
 * Starts `command` (with `args`, in `cwd`, with `env` added) in its own
 * process group and waits until a line of its output matches `ready` (a
 * RegExp; its first group, if any, is returned as `url`). The whole group
 * is ended when the check ends. Resolves with `{ url, output(), stop() }`.
 */
export async function startCommand(command, args, { cwd, env = {}, ready, timeout = 120_000 }) {
  const child = spawn(command, args, {
    cwd: cwd instanceof URL ? fileURLToPath(cwd) : cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let exited = false;
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
  };
  onCleanup(stop);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} ${args.join(' ')}: not ready after ${timeout} ms\n${output}`)),
      timeout,
    );
    const read = (chunk) => {
      output += chunk;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.once('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${signal ?? code}) before it was ready\n${output}`));
    });
  });
  return { url, output: () => output, stop };
}

/** Fails the check with `message` unless `condition` holds. */
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Polls `fn` in the page (with `args`) until it returns a truthy value, and
 * resolves with it; fails with `what` after `timeout` ms.
 */
export async function waitInPage(page, what, fn, args = [], timeout = 10_000) {
  try {
    const handle = await page.waitForFunction(fn, { timeout, polling: 50 }, ...args);
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`timed out waiting for ${what}`, { cause: error });
  }
}

/**
 * The form control whose `<label>` reads `label` (exactly, after trimming),
 * in the document or any open shadow root, as a person finds a field. Also
 * matches `aria-label`. Waits up to `timeout` ms for exactly one to appear.
 */
export async function fieldByLabel(page, label, { timeout = 10_000 } = {}) {
  const find = (text) => {
    const found = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('label, [aria-label]')) {
        const name = el.localName === 'label' ? el.textContent : el.getAttribute('aria-label');
        if (name?.replace(/\s+/g, ' ').trim() !== text) continue;
        const control = el.localName === 'label' ? el.control : el;
        if (control && !found.includes(control)) found.push(control);
      }
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
    };
    visit(document);
    return found.length === 1 ? found[0] : null;
  };
  try {
    const handle = await page.waitForFunction(find, { timeout, polling: 100 }, label);
    return handle.asElement();
  } catch (error) {
    const count = await page.evaluate(
      (text) => [...document.querySelectorAll('label')].filter((el) => el.textContent?.trim() === text).length,
      label,
    );
    throw new Error(`expected one field labelled "${label}" (the document alone has ${count})`, { cause: error });
  }
}

// ---- The steps the apps share ------------------------------------------------
// Every app shows <secret-setup> with the same rules; these are the steps of
// its journey each check.mjs takes, written once.

/** The secret every app's person types after their own name. */
export const goodSecret = 'meadowlarks';

/** Waits until the page's `<secret-setup>` reports its not-name rule unmet (its `rules` property). */
export const notNameUnmet = (page) =>
  waitInPage(page, 'the not-name rule to be unmet', () =>
    document.querySelector('secret-setup')?.rules.some((rule) => rule.id === 'not-name' && rule.state === 'unmet'),
  );

/**
 * Live feedback, as a person gives it: types their own `name` into the field
 * labelled `secretLabel`, waits for `nameRefused(page)` (by default the
 * element's not-name rule unmet), then selects it all and types `word`
 * instead, and `word` again into the field labelled `confirmLabel`. The
 * labels default to the element's own.
 */
export async function typeNameThenSecret(
  page,
  {
    name,
    secretLabel = 'Account secret',
    confirmLabel = 'Enter your account secret again',
    word = goodSecret,
    nameRefused = notNameUnmet,
  },
) {
  const secret = await fieldByLabel(page, secretLabel);
  const confirm = await fieldByLabel(page, confirmLabel);
  await secret.type(name);
  await nameRefused(page);
  await secret.click({ count: 3 });
  await secret.type(word);
  await confirm.type(word);
}

/**
 * The app counts the rules from secret-rules-change's detail: waits until
 * `selector`'s text starts "4 of 5" (every rule the element checks met),
 * and expects it to read exactly "4 of 5 rules met".
 */
export async function expectRulesMet(page, selector) {
  const text = await waitInPage(
    page,
    `${selector} to count 4 rules met`,
    (sel) => {
      const shown = document.querySelector(sel)?.textContent ?? '';
      return shown.startsWith('4 of 5') && shown;
    },
    [selector],
  );
  expect(text === '4 of 5 rules met', `${selector} reads "${text}"`);
}

/** A per-element import (or wrapper) loads `<secret-setup>` alone: the page pays for one element. */
export async function expectOnlySecretSetupDefined(page) {
  const defined = await page.evaluate(() =>
    ['secret-setup', 'aup-consent', 'secret-challenge'].filter((tag) => customElements.get(tag)),
  );
  expect(defined.join() === 'secret-setup', `elements defined: ${defined.join(', ')}`);
}

/**
 * Presses the button named `button`; the element saves over JSON and the
 * app shows secret-saved's detail in `shownIn`: the first text there that
 * starts with `shownAfter` must read "Saved at <ISO time>". The save's
 * request (the first POST whose URL `isSave` accepts) must be answered 200,
 * by the MSW mocks' service worker when `byMocks`, else by a server.
 */
export async function saveAndExpectSaved(
  page,
  requests,
  {
    button = 'Save secret',
    shownIn,
    shownAfter = '',
    isSave = (url) => url.endsWith('/api/account-secret'),
    byMocks = true,
  },
) {
  const save = await page.$(`aria/${button}[role="button"]`);
  expect(save, `no ${button} button`);
  await save.click();
  const saved = await waitInPage(
    page,
    'the app to show secret-saved',
    (sel, prefix) => {
      const text = document.querySelector(sel)?.textContent ?? '';
      return text.startsWith(prefix) && text;
    },
    [shownIn, shownAfter],
  );
  expect(/^Saved at \d{4}-\d\d-\d\dT/.test(saved), `the app shows "${saved}"`);
  const post = requests.find((request) => request.method === 'POST' && isSave(request.url));
  expect(
    post?.status === 200 && post.fromServiceWorker === byMocks,
    `the save was not answered by ${byMocks ? 'the mocks' : 'the server'}: ${JSON.stringify(post)}`,
  );
}

/** Presses the page's submit button and waits for the page the form's post leads to; resolves with its `<h1>`. */
export async function submitForm(page) {
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  return page.$eval('h1', (h1) => h1.textContent);
}

/** A page's own form as a person fills it without script: `word` in each labelled field, then `submitForm`. */
export async function fillAndSubmit(page, labels, word) {
  for (const label of labels) await (await fieldByLabel(page, label)).type(word);
  return submitForm(page);
}

/**
 * Runs a check: launches Chromium, hands `body` an `open(url)` that opens a
 * page and records what a person would not see (console errors, uncaught
 * errors, failed requests), the `requests` every page made, and helpers.
 * Prints one line, and exits non-zero on any failure or console error.
 */
export async function check(name, body) {
  const started = Date.now();
  const problems = [];
  /** Every request the pages made: `{ method, url, status, fromServiceWorker, postData }`. */
  const requests = [];
  let failed;
  try {
    const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    onCleanup(() => browser.close());
    const open = async (url, { javaScript = true } = {}) => {
      const page = await browser.newPage();
      if (!javaScript) await page.setJavaScriptEnabled(false);
      page.on('console', (message) => {
        // A failed load is reported below with its URL and status.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          problems.push(`console error: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('requestfailed', (request) => {
        // Seen with MSW's worker in Chromium 156: the page gets the 200 and
        // reads its body, then the same request is reported ERR_ABORTED.
        // What was answered is judged by its status (below), not by that.
        if (request.response() && request.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
      });
      page.on('response', (response) => {
        const request = response.request();
        requests.push({
          method: request.method(),
          url: response.url(),
          status: response.status(),
          fromServiceWorker: response.fromServiceWorker(),
        });
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${request.method()} ${response.url()}`);
      });
      await page.goto(url, { waitUntil: 'load' });
      return page;
    };
    await body({ browser, open, requests, problems });
  } catch (error) {
    failed = error;
  } finally {
    await cleanUp();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failed || problems.length) {
    console.error(`${name}: FAILED after ${seconds} s`);
    if (failed) console.error(failed instanceof Error ? (failed.stack ?? failed.message) : String(failed));
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  console.log(`${name}: ok in ${seconds} s`);
}
