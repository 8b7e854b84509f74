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
import { chromiumArgs, paths } from '../../../test/runner/browsers.mjs';
import { asPerson, labelledControl, namedControl } from './driver.js';
import type { Click, Driver } from './driver.js';

export async function launch(engine: 'chromium' | 'firefox', js = true): Promise<Browser> {
  if (engine === 'firefox')
    return puppeteer.launch({
      browser: 'firefox',
      executablePath: paths.firefox,
      headless: true,
      extraPrefsFirefox: js ? {} : { 'javascript.enabled': false },
      protocolTimeout: 15_000,
    });
  return puppeteer.launch({ executablePath: paths.chromium, headless: true, args: chromiumArgs });
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

  /**
   * The mouse at the element's centre, once it is scrolled into view and
   * stays put (with no wait on the page's script: see above). A page the
   * bundle is still enhancing can move under the mouse (its error summary
   * taking focus scrolls it), which made a click land beside its target about
   * once in ten journeys: so the centre is read twice, 50 ms apart, and must
   * be the same and hit the element, as a person aims before clicking.
   */
  async function clickAt(element: ElementHandle<HTMLElement>, count = 1): Promise<void> {
    let point: { x: number; y: number; hit: boolean } | undefined;
    for (let tries = 0; tries < 40; tries++) {
      const aim = () =>
        element.evaluate((el) => {
          el.scrollIntoView({ block: 'center' });
          const box = el.getBoundingClientRect();
          const x = box.x + box.width / 2;
          const y = box.y + box.height / 2;
          const there = document.elementFromPoint(x, y);
          return { x, y, hit: !!there && (el === there || el.contains(there) || there.contains(el)) };
        });
      const first = await aim();
      await new Promise((resolve) => setTimeout(resolve, 50));
      point = await aim();
      if (point.hit && point.x === first.x && point.y === first.y) break;
    }
    assert.ok(point?.hit, `the element to click is in view, under nothing else, on ${page.url()}`);
    await page.mouse.click(point.x, point.y, { count });
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
      const element = await field(label);
      await clickAt(element);
      assert.equal(
        await element.evaluate((el) => el === document.activeElement),
        true,
        `clicking "${label}" gives it focus on ${page.url()}`,
      );
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
