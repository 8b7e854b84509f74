/**
 * `npm run test:pages`: the reference server's journey pages in real
 * browsers, driven as a person would (fields found by their label, buttons
 * and links by their name, real key presses and clicks), against a server
 * on PGlite in a temporary folder. The journeys are written once
 * (journeys.ts) against a driver (driver.ts) with two implementations:
 *
 * - Chromium (DevTools protocol) and Firefox ESR (WebDriver BiDi), through
 *   puppeteer-core (puppeteer.ts). These engines also report the page's
 *   console and requests, so here the journeys must also log no console
 *   error, request the bundle at most once per page, and post only as
 *   documents to the pages' own routes.
 * - WebKit (Safari's engine): WebKitGTK's MiniBrowser over WebDriver
 *   classic, through WebdriverIO (webdriver.ts). WebDriver classic has no
 *   console or network events, so those checks are not made there
 *   (docs/testing.md).
 *
 * `BROWSERS` (a comma list of chromium, firefox, webkit) picks the engines;
 * the default is all three.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startWebKitDriver } from '../../../test/runner/browsers.mjs';
import { describeJourneys, startPagesServer } from './journeys.js';
import type { Engine, Session } from './journeys.js';
import { launch as launchPuppeteer, puppeteerDriver } from './puppeteer.js';
import { launch as launchWebKit, webdriverDriver } from './webdriver.js';

const ENGINES = (process.env.BROWSERS ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim());

/** Chromium or Firefox through puppeteer-core, with the console and request checks only they can make. */
function puppeteerEngine(name: 'chromium' | 'firefox'): Engine {
  let browser: Browser | undefined;
  /** Firefox with JavaScript off is a browser of its own (puppeteer.ts). */
  let noScript: Browser | undefined;
  return {
    name,
    async start() {
      browser = await launchPuppeteer(name);
    },
    async stop() {
      await browser?.close();
      await noScript?.close();
    },
    async open(js): Promise<Session> {
      if (!js && name === 'firefox') noScript ??= await launchPuppeteer(name, false);
      const context = await (js || name !== 'firefox' ? browser! : noScript!).createBrowserContext();
      const page: Page = await context.newPage();
      if (!js && name !== 'firefox') await page.setJavaScriptEnabled(false);
      const errors: string[] = [];
      const bundleLoads: string[] = [];
      const posts: string[] = [];
      page.on('console', (message) => {
        // A refused form's page comes with 422 (or 423) by design; the browser logs that status as a failed load.
        if (
          message.type() === 'error' &&
          !/^Failed to load resource: the server responded with a status of 42[23] /.test(message.text())
        ) {
          errors.push(message.text());
        }
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('request', (request) => {
        if (request.url().endsWith('/account-secret-elements.min.js')) bundleLoads.push(page.url());
        if (request.method() === 'POST')
          posts.push(`${request.isNavigationRequest() ? 'document' : 'fetch'} ${new URL(request.url()).pathname}`);
      });
      return {
        driver: puppeteerDriver(page),
        finish(pages) {
          if (js)
            assert.ok(
              bundleLoads.length <= pages + 2,
              `at most one bundle request per page: ${bundleLoads.length} for ${pages}`,
            );
          // The forms post to the server's routes, as documents (never fetch).
          for (const post of posts)
            assert.match(
              post,
              /^document \/(sign-in|sign-out|aup|account-secret|check|helpdesk(\/users\/[^/]+\/check)?)$/,
            );
          assert.deepEqual(errors, []);
        },
        close: () => context.close(),
      };
    },
  };
}

/** WebKit over WebDriver classic: one MiniBrowser session at a time, JavaScript set per session. */
function webkitEngine(): Engine {
  let driver: { port: number; stop: () => void } | undefined;
  return {
    name: 'webkit',
    async start() {
      driver = await startWebKitDriver();
    },
    stop() {
      driver?.stop();
      return Promise.resolve();
    },
    async open(js): Promise<Session> {
      const browser = await launchWebKit(driver!.port, js);
      return {
        driver: webdriverDriver(browser),
        finish: () => undefined,
        close: () => browser.deleteSession(),
      };
    },
  };
}

let server: { url: string; close: () => Promise<void> } | undefined;
before(async () => {
  server = await startPagesServer();
});
after(() => server?.close());

for (const name of ['chromium', 'firefox'] as const)
  if (ENGINES.includes(name)) describeJourneys(puppeteerEngine(name), () => server!.url);
if (ENGINES.includes('webkit')) describeJourneys(webkitEngine(), () => server!.url);
