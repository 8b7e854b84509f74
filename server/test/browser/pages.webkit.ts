/**
 * `npm run test:pages`, the WebKit half: the reference server's journey
 * pages in WebKitGTK's MiniBrowser (Safari's engine), driven over WebDriver
 * classic (WebKitWebDriver, through WebdriverIO) as a person would: fields
 * found by their label, buttons and links by their name, real clicks and
 * key presses, against a server on PGlite in a temporary folder.
 *
 * With JavaScript disabled (MiniBrowser's `--enable-javascript=false`: the
 * page's script does not run, WebDriver's own scripts, clicks and keys do),
 * in English and in Welsh (where no English may show): a new user signs in,
 * accepts the AUP, is refused a bad secret with the error summary, saves a
 * good one and passes "Check your account secret" (after wrong characters
 * and empty boxes are refused), changes the secret (the one just set is
 * refused: history); an agent checks a caller. Then the same with JavaScript
 * enabled, in both languages: the bundle defines the elements on every
 * page, the rules update while typing, the element refuses a bad secret with
 * one summary (its own), and the journeys end the same.
 *
 * WebDriver classic has no console or network events: the console-error and
 * request checks of pages.browser.ts are Chromium's and Firefox's only
 * (docs/testing.md). One MiniBrowser session at a time, one per mode.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { remote } from 'webdriverio';
import { paths, startWebKitDriver } from '../../../test/runner/browsers.mjs';
import { messagesFor } from '../../src/pages/messages.js';
import type { Messages } from '../../src/pages/messages.js';
import { startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';
import { assertWelsh, perceivedText } from './welsh.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BUNDLE = join(ROOT, 'dist/account-secret-elements.min.js');
const WANTED = (process.env.BROWSERS ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim());

const SECRET = 'Kingfisherblue';
const BAD_SECRET = 'Kingfisher7';
/** The secret the new user changes to, after the server refused the first one again (history). */
const NEW_SECRET = 'Meadowlarkgreen';
/** How long a page may take to answer a click (a post, its 303 and the page after it). */
const NAVIGATION_TIMEOUT = 15_000;
/** Each journey takes about 7 s: a hung session fails its test instead of the run. */
const TEST = { timeout: 120_000 };

type Browser = WebdriverIO.Browser;

async function launch(port: number, js: boolean): Promise<Browser> {
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
    connectionRetryTimeout: 30_000,
    connectionRetryCount: 0,
    capabilities,
  });
}

// ---- Acting as a person -----------------------------------------------------

/** The W3C element reference a script's returned element comes back as, under WebDriver classic. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

function elementId(element: object): string {
  const id = (element as Record<string, unknown>)[ELEMENT_KEY] ?? (element as { elementId?: unknown }).elementId;
  assert.equal(typeof id, 'string', 'an element reference');
  return id as string;
}

/** The form control a `<label>` with exactly this text names. */
async function byLabel(browser: Browser, label: string): Promise<string> {
  const element = await browser.execute((text) => {
    const found = [...document.querySelectorAll('label')].filter((l) => l.textContent?.trim() === text);
    return found.length === 1 ? found[0].control : null;
  }, label);
  assert.ok(element, `one field labelled "${label}" on ${await browser.getUrl()}`);
  return elementId(element);
}

/** A button or link by its visible name. */
async function byName(browser: Browser, selector: 'button' | 'a', name: string): Promise<string> {
  const element = await browser.execute(
    (sel, text) =>
      [...document.querySelectorAll<HTMLElement>(sel)].find((el) => el.textContent?.trim() === text) ?? null,
    selector,
    name,
  );
  assert.ok(element, `a ${selector === 'a' ? 'link' : 'button'} "${name}" on ${await browser.getUrl()}`);
  return elementId(element);
}

/**
 * WebKitWebDriver drops a key pressed again before the engine has seen it
 * released ("ee" types "e", found with key actions: test/runner/browsers.mjs),
 * so each key goes on its own. The field must then hold what was typed,
 * compared here so that a failure never prints a secret.
 */
async function type(browser: Browser, label: string, text: string): Promise<void> {
  const field = await byLabel(browser, label);
  await browser.elementClick(field);
  for (const key of text) await browser.elementSendKeys(field, key);
  const value = await browser.execute((text) => {
    const found = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
    return (found?.control as HTMLInputElement | null)?.value ?? null;
  }, label);
  assert.equal(value === text, true, `"${label}" holds what was typed`);
}

/** Which document is showing: a new one has a new time origin. */
const documentId = (browser: Browser) => browser.execute(() => `${performance.timeOrigin} ${location.href}`);

/** Clicks and waits for the page the server answers with (after its 303s), loaded. */
async function go(browser: Browser, element: string): Promise<void> {
  const before = await documentId(browser);
  await browser.elementClick(element);
  await browser.waitUntil(
    async () =>
      (await documentId(browser)) !== before && (await browser.execute(() => document.readyState)) === 'complete',
    { timeout: NAVIGATION_TIMEOUT, interval: 50, timeoutMsg: 'no new page after the click' },
  );
}

const press = async (browser: Browser, name: string) => go(browser, await byName(browser, 'button', name));
const follow = async (browser: Browser, name: string) => go(browser, await byName(browser, 'a', name));
const path = async (browser: Browser) => new URL(await browser.getUrl()).pathname;
const heading = (browser: Browser) => browser.execute(() => document.querySelector('h1')?.textContent?.trim() ?? '');

/**
 * Every error summary a person can see: the page's own, and any an element
 * shows in its shadow root, with its visible items ([link target, text]) and
 * whether it has focus.
 */
function summaries(browser: Browser) {
  return browser.execute(() =>
    [
      ...[...document.querySelectorAll('.nhsuk-error-summary')].map((el) => ({
        el,
        where: 'page',
        root: document,
      })),
      ...[...document.querySelectorAll('secret-setup, secret-challenge, aup-consent')].flatMap((host) =>
        [...(host.shadowRoot?.querySelectorAll('[part~="error-summary"]') ?? [])].map((el) => ({
          el,
          where: 'element',
          root: host.shadowRoot as DocumentOrShadowRoot,
        })),
      ),
    ]
      .filter(({ el }) => !(el as HTMLElement).hidden && el.getClientRects().length > 0)
      .map(({ el, where, root }) => ({
        where,
        items: [...el.querySelectorAll('li')]
          .filter((li) => !li.hidden && li.getClientRects().length > 0)
          .map((li) => [
            li.querySelector('a')?.getAttribute('href') ?? '',
            li.textContent?.replace(/\s+/g, ' ').trim(),
          ]),
        focused: root.activeElement === el,
      })),
  );
}

/**
 * One error summary, of this kind, listing these items, focused. Polled, for
 * the focus it takes after rendering and for an element's own refusal.
 */
async function assertOneSummary(
  browser: Browser,
  where: 'page' | 'element',
  items: Array<[string, string]>,
): Promise<void> {
  const expected = [{ where, items, focused: true }];
  await browser
    .waitUntil(async () => isDeepStrictEqual(await summaries(browser), expected), { timeout: 5000, interval: 100 })
    .catch(() => undefined);
  assert.deepEqual(await summaries(browser), expected, `one error summary on ${await path(browser)}`);
}

// ---- The journeys ------------------------------------------------------------

interface Run {
  browser: Browser;
  m: Messages;
  js: boolean;
  /** Every page the journey reached, checked at once. */
  visited: () => Promise<void>;
}

async function signIn(run: Run, base: string, userId: string, agent = false): Promise<void> {
  const { browser, m } = run;
  await browser.url(`${base}/${m.lang === 'cy' ? '?lang=cy' : ''}`);
  assert.equal(await heading(browser), m.page.signInTitle);
  await run.visited();
  await type(browser, m.page.userIdLabel, userId);
  await type(browser, m.page.givenNameLabel, 'Mary');
  await type(browser, m.page.familyNameLabel, 'Smith');
  await type(browser, m.page.organisationLabel, 'Leeds Teaching Hospitals');
  if (agent) await browser.elementClick(await byLabel(browser, m.page.agentLabel));
  await press(browser, m.page.signInButton);
}

async function acceptPolicy(run: Run): Promise<void> {
  const { browser, m } = run;
  assert.equal(await path(browser), '/aup');
  assert.equal(await heading(browser), m.page.aupTitle);
  await run.visited();
  if (run.js) {
    // The scroll gate: read to the end first, as a person scrolls; available once the element has seen it.
    await browser.execute(() => document.querySelector('.ase-policy > :last-child')?.scrollIntoView());
    await browser.waitUntil(
      () =>
        browser.execute(
          () =>
            document.querySelector('aup-consent > button[type="submit"]')?.getAttribute('aria-disabled') === 'false',
        ),
      { timeout: 5000, interval: 100, timeoutMsg: 'Accept stays unavailable after reading to the end' },
    );
  }
  await press(browser, m.page.acceptAndContinue);
}

async function setSecret(run: Run): Promise<void> {
  const { browser, m } = run;
  assert.equal(await path(browser), '/account-secret');
  await run.visited();
  await type(browser, m.setup.secretLabel, BAD_SECRET);
  if (run.js) {
    // Live feedback: the letters rule shows as unmet while typing.
    await browser.waitUntil(
      () =>
        browser.execute(() => {
          const setup = document.querySelector('secret-setup');
          const rule =
            setup?.querySelector('[data-rule="letters"]') ?? setup?.shadowRoot?.querySelector('[data-rule="letters"]');
          return rule?.getAttribute('data-state') === 'unmet';
        }),
      { timeout: 5000, interval: 100, timeoutMsg: 'the rules do not update while typing' },
    );
  }
  await type(browser, m.setup.confirmLabel, BAD_SECRET);
  if (run.js) {
    // The element refuses an unmet rule itself, before anything is sent: one summary, its own.
    await browser.elementClick(await byName(browser, 'button', m.setup.save));
    assert.equal(await path(browser), '/account-secret');
    await assertOneSummary(browser, 'element', [['#secret', m.setup.errorLetters]]);
    await clearSecretFields(run);
  } else {
    await press(browser, m.setup.save);
    assert.equal(await path(browser), '/account-secret');
    await assertOneSummary(browser, 'page', [['#secret', m.setup.errorLetters]]);
    assert.deepEqual(
      await browser.execute(() => {
        const summary = document.querySelector('.nhsuk-error-summary');
        return {
          role: summary?.getAttribute('role'),
          heading: summary?.querySelector('h2')?.textContent?.trim(),
          message: document.querySelector('#secret-error')?.textContent?.replace(/\s+/g, ' ').trim(),
          invalid: document.querySelector('#secret')?.getAttribute('aria-invalid'),
          values: [...document.querySelectorAll('input[type="password"]')].map((i) => (i as HTMLInputElement).value),
        };
      }),
      {
        role: 'alert',
        heading: m.setup.errorSummaryTitle,
        message: `${m.setup.errorPrefix} ${m.setup.errorLetters}`,
        invalid: 'true',
        values: ['', ''],
      },
    );
    assert.ok(!(await browser.getPageSource()).includes(BAD_SECRET), 'the refused secret is not in the page');
    await run.visited();
    // The summary's link takes the person to the field.
    await browser.elementClick(await byName(browser, 'a', m.setup.errorLetters));
    await browser.waitUntil(
      () => browser.execute(() => (document.activeElement?.id || location.hash.slice(1)) === 'secret'),
      { timeout: 5000, interval: 50, timeoutMsg: "the summary's link does not lead to the field" },
    );
  }
  await type(browser, m.setup.secretLabel, SECRET);
  await type(browser, m.setup.confirmLabel, SECRET);
  await press(browser, m.setup.save);
  assert.equal(await path(browser), '/account-secret/saved');
  assert.equal(await heading(browser), m.setup.successTitle);
  await run.visited();
  await follow(browser, m.page.continue);
  assert.equal(await path(browser), '/account');
  await run.visited();
}

/** Empties both secret fields, as a person would. */
async function clearSecretFields(run: Run): Promise<void> {
  for (const label of [run.m.setup.secretLabel, run.m.setup.confirmLabel]) {
    const field = await byLabel(run.browser, label);
    await run.browser.elementClick(field);
    for (let i = 0; i < BAD_SECRET.length; i++) await run.browser.elementSendKeys(field, '\uE003'); // Backspace
  }
}

/**
 * Changing the secret back to the one just set: the server refuses it (the
 * history rule, which only it can check) and renders the page again with
 * its summary. With JavaScript, the element then refuses a bad secret
 * itself: still one summary, the page's, now listing the element's problem.
 * Then a new secret is saved.
 */
async function changeSecretRefused(run: Run): Promise<void> {
  const { browser, m } = run;
  await follow(browser, m.page.changeSecretLink);
  assert.equal(await path(browser), '/account-secret');
  await run.visited();
  await type(browser, m.setup.secretLabel, SECRET);
  await type(browser, m.setup.confirmLabel, SECRET);
  await press(browser, m.setup.save);
  assert.equal(await path(browser), '/account-secret');
  await assertOneSummary(browser, 'page', [['#secret', m.setup.errorHistory(5)]]);
  await run.visited();
  if (run.js) {
    await type(browser, m.setup.secretLabel, BAD_SECRET);
    await type(browser, m.setup.confirmLabel, BAD_SECRET);
    await browser.elementClick(await byName(browser, 'button', m.setup.save));
    await assertOneSummary(browser, 'page', [['#secret', m.setup.errorLetters]]);
    assert.equal(await path(browser), '/account-secret');
    await clearSecretFields(run);
  }
  await type(browser, m.setup.secretLabel, NEW_SECRET);
  await type(browser, m.setup.confirmLabel, NEW_SECRET);
  await press(browser, m.setup.save);
  assert.equal(await path(browser), '/account-secret/saved');
  await run.visited();
  await follow(browser, m.page.continue);
  assert.equal(await path(browser), '/account');
  await run.visited();
}

/** The boxes' positions the challenge asks for. */
const positionsAsked = (browser: Browser) =>
  browser.execute(
    () => document.querySelector('secret-challenge')?.getAttribute('positions')?.split(',').map(Number) ?? [],
  );

/** Types the characters the page asks for, box by box, each found by its label. */
async function answerChallenge(run: Run, secret: string): Promise<void> {
  const { browser, m } = run;
  const positions = await positionsAsked(browser);
  assert.equal(positions.length, 3);
  const chars = [...secret];
  for (const position of positions) await type(browser, m.challenge.charLabel(position), chars[position - 1]);
  await press(browser, m.challenge.verify);
}

async function journeys(run: Run, base: string): Promise<void> {
  const { browser, m } = run;
  const userId = `u-${randomBytes(4).toString('hex')}`;
  // A new user.
  await signIn(run, base, userId);
  await acceptPolicy(run);
  await setSecret(run);
  await follow(browser, m.page.checkOwnLink);
  assert.equal(await path(browser), '/check');
  await run.visited();
  // Wrong characters: refused by the server, with its summary.
  await answerChallenge(run, 'qqqqqqqqqqqqqqqq');
  assert.equal(await path(browser), '/check');
  await assertOneSummary(browser, 'page', [['#answer-1', m.challenge.failedSelf(4)]]);
  await run.visited();
  // Check with the boxes empty: refused by the element (with JavaScript) or the server, in the page's one summary.
  const positions = await positionsAsked(browser);
  const check = await byName(browser, 'button', m.challenge.verify);
  if (run.js) await browser.elementClick(check);
  else await go(browser, check);
  await run.visited();
  await assertOneSummary(
    browser,
    'page',
    positions.map((position, index): [string, string] => [`#answer-${index + 1}`, m.challenge.errorMissing(position)]),
  );
  await answerChallenge(run, SECRET);
  assert.equal(await path(browser), '/check/verified');
  assert.equal(await heading(browser), m.challenge.verifiedTitleSelf);
  await run.visited();
  await follow(browser, m.page.backToAccount);
  await run.visited();
  await changeSecretRefused(run);

  // An agent checks that user.
  await press(browser, m.page.signOut);
  await signIn(run, base, `agent-${randomBytes(4).toString('hex')}`, true);
  await acceptPolicy(run);
  await setSecret(run);
  await follow(browser, m.page.checkCallerLink);
  assert.equal(await path(browser), '/helpdesk');
  await run.visited();
  await type(browser, m.page.callerIdLabel, userId);
  await press(browser, m.page.continue);
  assert.equal(await path(browser), `/helpdesk/users/${userId}/check`);
  await run.visited();
  await answerChallenge(run, NEW_SECRET);
  assert.equal(await path(browser), `/helpdesk/users/${userId}/verified`);
  assert.equal(await heading(browser), m.challenge.verifiedTitleAgent);
  await run.visited();
}

// ---- The suite ---------------------------------------------------------------

describe('journey pages in webkit', { skip: !WANTED.includes('webkit') && 'BROWSERS leaves out webkit' }, () => {
  let server: RunningServer;
  let scratch: string;
  let driver: { port: number; stop: () => void } | undefined;

  before(async () => {
    if (!existsSync(BUNDLE)) {
      if (process.env.CI === 'true') throw new Error(`${BUNDLE} is missing: run npm run build first`);
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    }
    scratch = mkdtempSync(join(tmpdir(), 'ase-pages-webkit-'));
    writeFileSync(join(scratch, 'key'), `${randomBytes(32).toString('base64')}\n`);
    server = await startServer({
      port: 0,
      env: 'test',
      secretKeyFile: join(scratch, 'key'),
      dataDir: join(scratch, 'data'),
      hashParams: { logN: 10, r: 8, p: 1 },
      rateLimit: { max: 10_000, windowMs: 60_000 },
    });
    driver = await startWebKitDriver();
  });

  after(async () => {
    driver?.stop();
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  async function withBrowser(js: boolean, body: (browser: Browser) => Promise<void>): Promise<void> {
    const browser = await launch(driver!.port, js);
    try {
      await body(browser);
    } finally {
      await browser.deleteSession();
    }
  }

  for (const lang of ['en', 'cy'] as const) {
    const m = messagesFor(lang);
    it(`works with JavaScript disabled (${lang === 'cy' ? 'Welsh: no English text' : 'English'})`, TEST, async () => {
      await withBrowser(false, async (browser) => {
        const visited = async () => {
          if (lang === 'cy') assertWelsh(await browser.execute(perceivedText), await path(browser));
        };
        await journeys({ browser, m, js: false, visited }, server.url);
        assert.equal(
          await browser.execute(() => customElements.get('secret-setup') === undefined),
          true,
          'no script of the page ran',
        );
      });
    });

    it(
      `works with JavaScript enabled: live feedback, one error summary (${lang === 'cy' ? 'Welsh' : 'English'})`,
      TEST,
      async () => {
        await withBrowser(true, async (browser) => {
          const visited = async () => {
            await browser.waitUntil(() => browser.execute(() => customElements.get('secret-setup') !== undefined), {
              timeout: 10_000,
              interval: 100,
              timeoutMsg: `the bundle did not define the elements on ${await path(browser)}`,
            });
            if (lang === 'cy') assertWelsh(await browser.execute(perceivedText), await path(browser));
          };
          await journeys({ browser, m, js: true, visited }, server.url);
        });
      },
    );
  }
});
