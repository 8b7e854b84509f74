/**
 * `npm run test:pages`: the reference server's journey pages in real
 * browsers, driven as a person would (fields found by their label, buttons
 * and links by their name, real key presses and clicks), against a server
 * on PGlite in a temporary folder.
 *
 * With JavaScript disabled (the "HTML first" promise), in English and in
 * Welsh (where no English may show): a new user signs in, accepts the AUP,
 * is refused a bad secret with the error summary, saves a good one, sees the
 * confirmation and passes "Check your account secret" (after wrong
 * characters and empty boxes are refused), changes the secret (the one just
 * set is refused: history); an agent checks a caller. Then the same pages
 * with JavaScript enabled: the bundle loads once per page, no console
 * errors, the forms post to the same routes, and a page the server rendered
 * again with its error summary never shows a second one.
 *
 * Engines: Chromium (DevTools protocol) and Firefox ESR (WebDriver BiDi),
 * both through puppeteer-core, each with JavaScript disabled and enabled.
 * WebKit runs the same journeys over WebDriver classic in pages.webkit.ts
 * (puppeteer-core has no WebKit: docs/testing.md).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { messagesFor } from '../../src/pages/messages.js';
import type { Messages } from '../../src/pages/messages.js';
import { startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';
import { assertWelsh, perceivedText } from './welsh.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BUNDLE = join(ROOT, 'dist/account-secret-elements.min.js');
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ENGINES = (process.env.BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name === 'chromium' || name === 'firefox');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SECRET = 'Kingfisherblue';
const BAD_SECRET = 'Kingfisher7';
/** The secret the new user changes to, after the server refused the first one again (history). */
const NEW_SECRET = 'Meadowlarkgreen';

/**
 * JavaScript off. Chromium turns it off per page (`page.setJavaScriptEnabled`,
 * over CDP). Firefox ESR does not know the BiDi command puppeteer sends for
 * that (`emulation.setScriptingEnabled`: "unknown command"), so it runs
 * those journeys in a second Firefox started with the preference
 * `javascript.enabled` false. There the test's own synchronous evaluations
 * still run, but nothing the page would have to run for it does
 * (IntersectionObserver callbacks, animation frames, timers): puppeteer's
 * `ElementHandle.click()` waits on those and would hang, so every click is
 * the mouse at the element's centre (`clickAt`), as a person clicks anyway.
 */
async function launch(engine: string, js = true): Promise<Browser> {
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

// ---- Acting as a person -----------------------------------------------------

/** The form control a `<label>` with exactly this text names. */
async function byLabel(page: Page, label: string): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await page.evaluateHandle((text) => {
    const found = [...document.querySelectorAll('label')].filter((l) => l.textContent?.trim() === text);
    if (found.length !== 1) return null;
    return found[0].control as HTMLInputElement | null;
  }, label);
  const element = handle.asElement() as ElementHandle<HTMLInputElement> | null;
  assert.ok(element, `one field labelled "${label}" on ${page.url()}`);
  return element;
}

/** A button or link by its visible name. */
async function byName(page: Page, selector: 'button' | 'a', name: string): Promise<ElementHandle<HTMLElement>> {
  const handle = await page.evaluateHandle(
    (sel, text) =>
      [...document.querySelectorAll<HTMLElement>(sel)].find((el) => el.textContent?.trim() === text) ?? null,
    selector,
    name,
  );
  const element = handle.asElement() as ElementHandle<HTMLElement> | null;
  assert.ok(element, `a ${selector === 'a' ? 'link' : 'button'} "${name}" on ${page.url()}`);
  return element;
}

/** The mouse at the element's centre, once it is scrolled into view (with no wait on the page's script: see `launch`). */
async function clickAt(page: Page, element: ElementHandle<HTMLElement>, count = 1): Promise<void> {
  const { x, y } = await element.evaluate((el) => {
    el.scrollIntoView({ block: 'center' });
    const box = el.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
  await page.mouse.click(x, y, { count });
}

async function type(page: Page, label: string, text: string): Promise<void> {
  await clickAt(page, await byLabel(page, label));
  await page.keyboard.type(text);
}

/** Clicks and waits for the page the server answers with (after its 303s). */
async function go(page: Page, element: ElementHandle<HTMLElement>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), clickAt(page, element)]);
}

async function press(page: Page, name: string): Promise<void> {
  await go(page, await byName(page, 'button', name));
}

async function follow(page: Page, name: string): Promise<void> {
  await go(page, await byName(page, 'a', name));
}

const path = (page: Page) => new URL(page.url()).pathname;
const heading = (page: Page) => page.$eval('h1', (h) => h.textContent?.trim() ?? '');

interface Summary {
  /** The page's own (server-rendered) summary, or an element's in its shadow root. */
  where: 'page' | 'element';
  /** Its visible items, as [link target, text]. */
  items: Array<[string, string]>;
  focused: boolean;
}

/** Every error summary a person can see on the page: the page's own, and any an element shows in its shadow root. */
async function summaries(page: Page): Promise<Summary[]> {
  // No named helpers inside: tsx would wrap them in a `__name` the page does not have.
  return page.evaluate(() =>
    [
      ...[...document.querySelectorAll('.nhsuk-error-summary')].map((el) => ({
        el,
        where: 'page' as const,
        root: document,
      })),
      ...[...document.querySelectorAll('secret-setup, secret-challenge, aup-consent')].flatMap((host) =>
        [...(host.shadowRoot?.querySelectorAll('[part~="error-summary"]') ?? [])].map((el) => ({
          el,
          where: 'element' as const,
          root: host.shadowRoot as DocumentOrShadowRoot,
        })),
      ),
    ]
      .filter(({ el }) => !(el as HTMLElement).hidden && el.getClientRects().length > 0)
      .map(({ el, where, root }) => ({
        where,
        items: [...el.querySelectorAll('li')]
          .filter((li) => !li.hidden && li.getClientRects().length > 0)
          .map((li): [string, string] => [
            li.querySelector('a')?.getAttribute('href') ?? '',
            li.textContent?.replace(/\s+/g, ' ').trim() ?? '',
          ]),
        focused: root.activeElement === el,
      })),
  );
}

/** One error summary on the page, the page's own, focused, listing these items. */
async function assertOneSummary(run: Run, items: Array<[string, string]>): Promise<void> {
  const { page } = run;
  // The summary takes focus after the page has rendered (the server's `autofocus`, or the element): wait for it,
  // polling from here, since a page without script runs no waiting task of puppeteer's.
  for (let tries = 0; tries < 50; tries++) {
    if (await page.evaluate(() => document.activeElement?.matches('.nhsuk-error-summary') ?? false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(
    await summaries(page),
    [{ where: 'page', items, focused: true }],
    `one error summary on ${path(page)}`,
  );
}

async function assertNoEnglish(page: Page): Promise<void> {
  assertWelsh(await page.evaluate(perceivedText), path(page));
}

// ---- The journeys ------------------------------------------------------------

interface Run {
  page: Page;
  m: Messages;
  js: boolean;
  /** Every page the journey reached, checked at once. */
  visited: () => Promise<void>;
}

async function signIn(run: Run, base: string, userId: string, agent = false): Promise<void> {
  const { page, m } = run;
  await page.goto(`${base}/${m.lang === 'cy' ? '?lang=cy' : ''}`);
  assert.equal(await heading(page), m.page.signInTitle);
  await run.visited();
  await type(page, m.page.userIdLabel, userId);
  await type(page, m.page.givenNameLabel, 'Mary');
  await type(page, m.page.familyNameLabel, 'Smith');
  await type(page, m.page.organisationLabel, 'Leeds Teaching Hospitals');
  if (agent) await clickAt(page, await byLabel(page, m.page.agentLabel));
  await press(page, m.page.signInButton);
}

async function acceptPolicy(run: Run): Promise<void> {
  const { page, m } = run;
  assert.equal(path(page), '/aup');
  assert.equal(await heading(page), m.page.aupTitle);
  await run.visited();
  const accept = await byName(page, 'button', m.page.acceptAndContinue);
  if (run.js) {
    // The scroll gate: read to the end first, as a person scrolls.
    await page.$eval('.ase-policy > :last-child', (end) => end.scrollIntoView());
    await accept.scrollIntoView();
    // Available once the element has seen the end (its observer answers after a frame), as a person sees it.
    await page.waitForFunction(
      () => document.querySelector('aup-consent > button[type="submit"]')?.getAttribute('aria-disabled') === 'false',
      { timeout: 5000 },
    );
  }
  await go(page, accept);
}

async function setSecret(run: Run, secret = SECRET): Promise<void> {
  const { page, m } = run;
  assert.equal(path(page), '/account-secret');
  await run.visited();
  // A bad secret: refused, with the summary focused and linked to the field.
  await type(page, m.setup.secretLabel, BAD_SECRET);
  if (run.js) {
    const state = await page.waitForFunction(
      () => {
        const setup = document.querySelector('secret-setup');
        const rule =
          setup?.querySelector('[data-rule="letters"]') ?? setup?.shadowRoot?.querySelector('[data-rule="letters"]');
        return rule?.getAttribute('data-state') === 'unmet' ? 'unmet' : false;
      },
      { timeout: 5000 },
    );
    assert.equal(await state.jsonValue(), 'unmet', 'the rules update while typing');
  }
  await type(page, m.setup.confirmLabel, BAD_SECRET);
  if (run.js) {
    // The element refuses an unmet rule itself, before anything is sent (its own summary: the page has none).
    await clickAt(page, await byName(page, 'button', m.setup.save));
    assert.equal(path(page), '/account-secret');
    await page.waitForFunction(() => !!document.querySelector('secret-setup')?.shadowRoot?.activeElement, {
      timeout: 5000,
    });
    const shown = await summaries(page);
    assert.deepEqual(
      shown.map((summary) => [summary.where, summary.focused]),
      [['element', true]],
    );
  } else {
    await press(page, m.setup.save);
    const summary = await page.$('.nhsuk-error-summary');
    assert.ok(summary, 'an error summary');
    assert.deepEqual(
      await summary.evaluate((el) => ({
        role: el.getAttribute('role'),
        tabindex: el.getAttribute('tabindex'),
        heading: el.querySelector('h2')?.textContent?.trim(),
        links: [...el.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent?.trim()]),
        focused: document.activeElement === el,
      })),
      {
        role: 'alert',
        tabindex: '-1',
        heading: m.setup.errorSummaryTitle,
        links: [['#secret', m.setup.errorLetters]],
        focused: true,
      },
    );
    assert.equal(
      await page.$eval('#secret-error', (el) => el.textContent?.replace(/\s+/g, ' ').trim()),
      `${m.setup.errorPrefix} ${m.setup.errorLetters}`,
    );
    assert.equal(await page.$eval('#secret', (el) => el.getAttribute('aria-invalid')), 'true');
    const html = await page.content();
    assert.ok(!html.includes(BAD_SECRET), 'the refused secret is not in the page');
    await run.visited();
    // The summary's link takes the person to the field.
    await clickAt(page, await byName(page, 'a', m.setup.errorLetters));
    assert.equal(await page.evaluate(() => document.activeElement?.id || location.hash), 'secret');
    // One evaluation, not $$eval: puppeteer's $$ iterates asynchronously in the page, which Firefox without script never runs.
    assert.deepEqual(
      await page.evaluate(() =>
        [...document.querySelectorAll('input[type="password"]')].map((i) => (i as HTMLInputElement).value),
      ),
      ['', ''],
    );
  }
  if (run.js) await clearSecretFields(run);
  await type(page, m.setup.secretLabel, secret);
  await type(page, m.setup.confirmLabel, secret);
  await press(page, m.setup.save);
  assert.equal(path(page), '/account-secret/saved');
  assert.equal(await heading(page), m.setup.successTitle);
  await run.visited();
  await follow(page, m.page.continue);
  assert.equal(path(page), '/account');
  await run.visited();
}

/** Empties both secret fields, as a person would. */
async function clearSecretFields(run: Run): Promise<void> {
  for (const label of [run.m.setup.secretLabel, run.m.setup.confirmLabel]) {
    await clickAt(run.page, await byLabel(run.page, label), 3);
    await run.page.keyboard.press('Backspace');
  }
}

/**
 * Changing the secret back to the one just set: the server refuses it (the
 * history rule, which only the server can check) and renders the page again
 * with its error summary. With JavaScript, the element then refuses a bad
 * secret itself: still one summary on the page, the page's, now listing
 * the element's problem. Then a new secret is saved.
 */
async function changeSecretRefused(run: Run, secret: string): Promise<void> {
  const { page, m } = run;
  await follow(page, m.page.changeSecretLink);
  assert.equal(path(page), '/account-secret');
  await run.visited();
  await type(page, m.setup.secretLabel, SECRET);
  await type(page, m.setup.confirmLabel, SECRET);
  await press(page, m.setup.save);
  assert.equal(path(page), '/account-secret');
  await assertOneSummary(run, [['#secret', m.setup.errorHistory(5)]]);
  await run.visited();
  if (run.js) {
    await type(page, m.setup.secretLabel, BAD_SECRET);
    await type(page, m.setup.confirmLabel, BAD_SECRET);
    await clickAt(page, await byName(page, 'button', m.setup.save));
    await assertOneSummary(run, [['#secret', m.setup.errorLetters]]);
    assert.equal(path(page), '/account-secret');
    await clearSecretFields(run);
  }
  await type(page, m.setup.secretLabel, secret);
  await type(page, m.setup.confirmLabel, secret);
  await press(page, m.setup.save);
  assert.equal(path(page), '/account-secret/saved');
  await run.visited();
  await follow(page, m.page.continue);
  assert.equal(path(page), '/account');
  await run.visited();
}

/** Types the characters the page asks for, box by box, each found by its label. */
async function answerChallenge(run: Run, secret = SECRET): Promise<void> {
  const { page, m } = run;
  const positions = await page.$eval(
    'secret-challenge',
    (el) => el.getAttribute('positions')?.split(',').map(Number) ?? [],
  );
  assert.equal(positions.length, 3);
  const chars = [...secret];
  for (const position of positions) await type(page, m.challenge.charLabel(position), chars[position - 1]);
  await press(page, m.challenge.verify);
}

/**
 * Wrong characters: the server refuses them with its error summary. Then
 * Check with the boxes left empty: with JavaScript the element refuses it
 * itself, and its problems go into the page's summary (one summary); without,
 * the server does the same. Either way, the page's summary lists the empty boxes.
 */
async function answerWrongThenEmpty(run: Run): Promise<void> {
  const { page, m } = run;
  const positions = await page.$eval(
    'secret-challenge',
    (el) => el.getAttribute('positions')?.split(',').map(Number) ?? [],
  );
  for (const position of positions) await type(page, m.challenge.charLabel(position), 'q');
  await press(page, m.challenge.verify);
  assert.match(path(page), /\/check$/);
  await assertOneSummary(run, [['#answer-1', m.challenge.failedSelf(4)]]);
  await run.visited();
  const check = await byName(page, 'button', m.challenge.verify);
  if (run.js) await clickAt(page, check);
  else await go(page, check);
  await run.visited();
  await assertOneSummary(
    run,
    positions.map((position, index): [string, string] => [`#answer-${index + 1}`, m.challenge.errorMissing(position)]),
  );
}

async function journeys(run: Run, base: string): Promise<void> {
  const { page, m } = run;
  const userId = `u-${randomBytes(4).toString('hex')}`;
  // A new user.
  await signIn(run, base, userId);
  await acceptPolicy(run);
  await setSecret(run);
  await follow(page, m.page.checkOwnLink);
  assert.equal(path(page), '/check');
  await run.visited();
  await answerWrongThenEmpty(run);
  await answerChallenge(run);
  assert.equal(path(page), '/check/verified');
  assert.equal(await heading(page), m.challenge.verifiedTitleSelf);
  await run.visited();
  await follow(page, m.page.backToAccount);
  await run.visited();
  await changeSecretRefused(run, NEW_SECRET);

  // An agent checks that user.
  await press(page, m.page.signOut);
  await signIn(run, base, `agent-${randomBytes(4).toString('hex')}`, true);
  await acceptPolicy(run);
  await setSecret(run);
  await follow(page, m.page.checkCallerLink);
  assert.equal(path(page), '/helpdesk');
  await run.visited();
  await type(page, m.page.callerIdLabel, userId);
  await press(page, m.page.continue);
  assert.equal(path(page), `/helpdesk/users/${userId}/check`);
  await run.visited();
  await answerChallenge(run, NEW_SECRET);
  assert.equal(path(page), `/helpdesk/users/${userId}/verified`);
  assert.equal(await heading(page), m.challenge.verifiedTitleAgent);
  await run.visited();
}

// ---- The suites --------------------------------------------------------------

let server: RunningServer;
let scratch: string;

before(async () => {
  if (!existsSync(BUNDLE)) {
    if (process.env.CI === 'true') throw new Error(`${BUNDLE} is missing: run npm run build first`);
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  scratch = mkdtempSync(join(tmpdir(), 'ase-pages-'));
  writeFileSync(join(scratch, 'key'), `${randomBytes(32).toString('base64')}\n`);
  server = await startServer({
    port: 0,
    env: 'test',
    secretKeyFile: join(scratch, 'key'),
    dataDir: join(scratch, 'data'),
    hashParams: { logN: 10, r: 8, p: 1 },
    // Two engines, two languages, two modes from one loopback address.
    rateLimit: { max: 10_000, windowMs: 60_000 },
  });
});

after(async () => {
  await server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

for (const engine of ENGINES) {
  describe(`journey pages in ${engine}`, () => {
    let browser: Browser;
    /** Firefox with JavaScript off is a browser of its own (see `launch`). */
    let noScript: Browser | undefined;
    before(async () => {
      browser = await launch(engine);
    });
    after(async () => {
      await browser?.close();
      await noScript?.close();
    });

    async function newPage(js: boolean): Promise<{ page: Page; errors: string[]; bundleLoads: string[] }> {
      if (!js && engine === 'firefox') noScript ??= await launch(engine, false);
      const context = await (js || engine !== 'firefox' ? browser : noScript!).createBrowserContext();
      const page = await context.newPage();
      if (!js && engine !== 'firefox') await page.setJavaScriptEnabled(false);
      const errors: string[] = [];
      const bundleLoads: string[] = [];
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
      });
      return { page, errors, bundleLoads };
    }

    for (const lang of ['en', 'cy'] as const) {
      const m = messagesFor(lang);
      it(`works with JavaScript disabled (${lang === 'cy' ? 'Welsh: no English text' : 'English'})`, async () => {
        const { page, errors } = await newPage(false);
        try {
          await journeys(
            { page, m, js: false, visited: async () => (lang === 'cy' ? assertNoEnglish(page) : undefined) },
            server.url,
          );
          assert.equal(
            await page.evaluate(() => customElements.get('secret-setup') === undefined),
            true,
            'no script ran',
          );
          assert.deepEqual(errors, []);
        } finally {
          await page.browserContext().close();
        }
      });

      it(`works with JavaScript enabled: the bundle once per page, no console errors (${lang === 'cy' ? 'Welsh' : 'English'})`, async () => {
        const { page, errors, bundleLoads } = await newPage(true);
        const posts: string[] = [];
        page.on('request', (request) => {
          if (request.method() === 'POST')
            posts.push(`${request.isNavigationRequest() ? 'document' : 'fetch'} ${new URL(request.url()).pathname}`);
        });
        try {
          let pages = 0;
          const visited = async () => {
            pages++;
            await page.waitForFunction(() => customElements.get('secret-setup') !== undefined, { timeout: 10_000 });
            assert.equal(
              await page.evaluate(
                () =>
                  performance
                    .getEntriesByType('resource')
                    .filter((e) => e.name.endsWith('/account-secret-elements.min.js')).length,
              ),
              1,
              `the bundle loads once on ${path(page)}`,
            );
            if (lang === 'cy') await assertNoEnglish(page);
          };
          await journeys({ page, m, js: true, visited }, server.url);
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
        } finally {
          await page.browserContext().close();
        }
      });
    }
  });
}
