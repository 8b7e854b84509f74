/**
 * The journey pages' driver for WebKit (Safari's engine): WebKitGTK's
 * MiniBrowser over WebDriver classic (WebKitWebDriver, through WebdriverIO 9;
 * puppeteer-core has no WebKit). Fields, buttons and links are found in one
 * Execute Script each; clicks are WebDriver's Element Click and typing is
 * Element Send Keys one key at a time.
 *
 * JavaScript is off for a whole MiniBrowser session: MiniBrowser takes
 * WebKitSettings on its command line, and with `--enable-javascript=false`
 * the page's script does not run while WebDriver's own Execute Script,
 * clicks and keys still work, and a form posts and follows its 303.
 *
 * WebDriver classic has no console or network events, and WebKitWebDriver
 * no WebDriver BiDi: the console-error and request checks are the puppeteer
 * engines' only (docs/testing.md).
 */
import assert from 'node:assert/strict';
import { remote } from 'webdriverio';
import { paths } from '../../../test/runner/browsers.mjs';
import { asPerson, labelledControl, namedControl } from './driver.js';
import type { Click, Driver } from './driver.js';

type Browser = WebdriverIO.Browser;

/** How long a page may take to answer a click (a post, its 303 and the page after it). */
const NAVIGATION_TIMEOUT = 15_000;
/** The W3C element reference a script's returned element comes back as, under WebDriver classic. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const BACKSPACE = '\uE003';
const END = '\uE010';

/** A MiniBrowser session on the WebKitWebDriver at `port` (`startWebKitDriver()`), with or without JavaScript. */
export async function launch(port: number, js: boolean): Promise<Browser> {
  // A variable, not a literal: WebdriverIO's capability types do not name WebKitGTK's options.
  const capabilities = {
    browserName: 'MiniBrowser',
    // WebdriverIO 9 would otherwise ask for WebDriver BiDi, which WebKitWebDriver does not speak.
    'wdio:enforceWebDriverClassic': true,
    'webkitgtk:browserOptions': {
      binary: paths.miniBrowser,
      args: ['--automation', ...(js ? [] : ['--enable-javascript=false'])],
    },
  };
  return remote({
    hostname: '127.0.0.1',
    port,
    path: '/',
    logLevel: 'error',
    // Each command's limit, the session's start included: on a loaded 2-core machine MiniBrowser once took
    // over 30 s to start. Still bounded, so a hung driver fails the run instead of stalling it.
    connectionRetryTimeout: 90_000,
    connectionRetryCount: 0,
    capabilities,
  });
}

/** Runs in the page: which document is showing (a new one has a new time origin) and whether it has loaded. */
function documentState(): { id: string; complete: boolean } {
  return { id: `${performance.timeOrigin} ${location.href}`, complete: document.readyState === 'complete' };
}

export function webdriverDriver(browser: Browser): Driver {
  const read = <R, A extends unknown[]>(fn: (...args: A) => R, ...args: A) =>
    browser.execute(fn as (...args: unknown[]) => R, ...args) as Promise<R>;

  async function find<A extends unknown[]>(
    what: string,
    fn: (...args: A) => HTMLElement | null,
    ...args: A
  ): Promise<string> {
    const element: unknown = await read(fn, ...args);
    assert.ok(element, `${what} on ${await browser.getUrl()}`);
    const reference = element as Record<string, unknown>;
    const id = reference[ELEMENT_KEY] ?? reference.elementId;
    assert.equal(typeof id, 'string', 'an element reference');
    return id as string;
  }
  const field = (label: string) => find(`one field labelled "${label}"`, labelledControl, label);

  async function click(element: string, { navigates = true }: Click = {}): Promise<void> {
    const before = (await read(documentState)).id;
    await browser.elementClick(element);
    if (!navigates) return;
    await browser.waitUntil(
      async () => {
        const now = await read(documentState);
        return now.id !== before && now.complete;
      },
      { timeout: NAVIGATION_TIMEOUT, interval: 50, timeoutMsg: 'no new page after the click' },
    );
  }

  return asPerson({
    async goto(url) {
      await browser.url(url);
    },
    url: () => browser.getUrl(),
    // WebKitWebDriver drops a key pressed again before the engine has seen it released
    // ("ee" types "e": test/runner/browsers.mjs), so each key goes on its own.
    async fill(label, text) {
      const element = await field(label);
      await browser.elementClick(element);
      for (const key of text) await browser.elementSendKeys(element, key);
    },
    async clear(label) {
      const element = await field(label);
      await browser.elementClick(element);
      const length = await read(
        (text: string) =>
          (
            [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === text)?.control as
              HTMLInputElement | undefined
          )?.value.length ?? 0,
        label,
      );
      // The click may leave the caret anywhere in the text (WebKit once put it at the start, every time,
      // for one field: Backspace then deleted nothing): go to the end first, as a person who looks does.
      await browser.elementSendKeys(element, END);
      for (let i = 0; i < length; i++) await browser.elementSendKeys(element, BACKSPACE);
    },
    tick: async (label) => browser.elementClick(await field(label)),
    press: async (name, options) => click(await find(`a button "${name}"`, namedControl, 'button', name), options),
    follow: async (name, options) => click(await find(`a link "${name}"`, namedControl, 'a', name), options),
    html: () => browser.getPageSource(),
    read,
  });
}
