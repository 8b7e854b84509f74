/**
 * The journey pages' driver for Chromium (DevTools protocol) and Firefox ESR
 * (WebDriver BiDi), through puppeteer-core.
 *
 * JavaScript off. Chromium turns it off per page (`page.setJavaScriptEnabled`,
 * over CDP). Firefox ESR does not know the BiDi command puppeteer sends for
 * that (`emulation.setScriptingEnabled`: "unknown command"), so it runs
 * those journeys in a second Firefox started with the preference
 * `javascript.enabled` false. There the test's own synchronous evaluations
 * still run, but nothing the page would have to run for it does
 * (IntersectionObserver callbacks, animation frames, timers): puppeteer's
 * `ElementHandle.click()`, `waitForFunction` and `$$` wait on those and
 * would hang, so every click is the mouse at the element's centre, every
 * read one evaluation, and every wait a poll from Node (journeys.ts).
 */
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { asPerson, labelledControl, namedControl } from './driver.js';
import type { Click, Driver } from './driver.js';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch(engine: 'chromium' | 'firefox', js = true): Promise<Browser> {
  if (engine === 'firefox')
    return puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      extraPrefsFirefox: js ? {} : { 'javascript.enabled': false },
      protocolTimeout: 15_000,
    });
  return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export function puppeteerDriver(page: Page): Driver {
  async function find<A extends unknown[]>(
    what: string,
    fn: (...args: A) => HTMLElement | null,
    ...args: A
  ): Promise<ElementHandle<HTMLElement>> {
    const handle = await page.evaluateHandle(fn as (...args: unknown[]) => HTMLElement | null, ...args);
    const element = handle.asElement() as ElementHandle<HTMLElement> | null;
    assert.ok(element, `${what} on ${page.url()}`);
    return element;
  }
  const field = (label: string) => find(`one field labelled "${label}"`, labelledControl, label);

  /** The mouse at the element's centre, once it is scrolled into view (with no wait on the page's script). */
  async function clickAt(element: ElementHandle<HTMLElement>, count = 1): Promise<void> {
    const { x, y } = await element.evaluate((el) => {
      el.scrollIntoView({ block: 'center' });
      const box = el.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    await page.mouse.click(x, y, { count });
  }

  async function click(element: ElementHandle<HTMLElement>, { navigates = true }: Click = {}): Promise<void> {
    if (navigates) await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), clickAt(element)]);
    else await clickAt(element);
  }

  return asPerson({
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    url: () => Promise.resolve(page.url()),
    async fill(label, text) {
      await clickAt(await field(label));
      await page.keyboard.type(text);
    },
    async clear(label) {
      await clickAt(await field(label), 3);
      await page.keyboard.press('Backspace');
    },
    tick: async (label) => clickAt(await field(label)),
    press: async (name, options) => click(await find(`a button "${name}"`, namedControl, 'button', name), options),
    follow: async (name, options) => click(await find(`a link "${name}"`, namedControl, 'a', name), options),
    html: () => page.content(),
    read: <R, A extends unknown[]>(fn: (...args: A) => R, ...args: A) =>
      page.evaluate(fn as (...args: unknown[]) => R, ...args) as Promise<R>,
  });
}
