/**
 * The journeys of `npm run test:pages`, written once against a `Driver`
 * (driver.ts), and the tests that run them in one engine: with JavaScript
 * disabled (the "HTML first" promise) and enabled, in English and in Welsh
 * (where no English may show).
 *
 * A new user signs in, accepts the AUP (with JavaScript, after scrolling the
 * policy to its end), is refused a bad secret with an error summary (without
 * JavaScript, the server's, whose link then focuses the field; with it, the
 * element's own, after the letters rule showed as unmet while typing), saves
 * a good one and passes "Check your account secret" (after the server
 * refused wrong characters and then empty boxes), changes the secret (the
 * one just set is refused: history, which only the server checks); an agent
 * checks that user through "Check a caller's identity".
 *
 * Every wait is a poll from Node, so it works where the page runs no script.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { messagesFor } from '../../src/pages/messages.js';
import type { Messages } from '../../src/pages/messages.js';
import { startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';
import type { Driver } from './driver.js';
import { assertWelsh, perceivedText } from './welsh.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BUNDLE = join(ROOT, 'dist/account-secret-elements.min.js');

const SECRET = 'Kingfisherblue';
const BAD_SECRET = 'Kingfisher7';
/** The secret the new user changes to, after the server refused the first one again (history). */
const NEW_SECRET = 'Meadowlarkgreen';
/** Each journey takes 5 to 20 s: a hung session fails its test instead of the run. */
const TEST = { timeout: 120_000 };

/**
 * Reads until the reading equals `expected` or `timeout` ms have passed,
 * then asserts on the last reading (so a failure says what was read).
 */
async function assertSoon<T>(reading: () => Promise<T>, expected: T, message: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  let value = await reading();
  while (!isDeepStrictEqual(value, expected) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await reading();
  }
  assert.deepEqual(value, expected, message);
}

// ---- What the journeys read in the page (each runs in the page: no named helpers inside) ----

function elementsDefined(): boolean {
  return customElements.get('secret-setup') !== undefined;
}

function bundleEntries(): number {
  return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/account-secret-elements.min.js'))
    .length;
}

function lettersRuleState(): string | null {
  const setup = document.querySelector('secret-setup');
  const rule =
    setup?.querySelector('[data-rule="letters"]') ?? setup?.shadowRoot?.querySelector('[data-rule="letters"]');
  return rule?.getAttribute('data-state') ?? null;
}

function acceptAvailable(): boolean {
  return document.querySelector('aup-consent > button[type="submit"]')?.getAttribute('aria-disabled') === 'false';
}

function positionsAsked(): number[] {
  return document.querySelector('secret-challenge')?.getAttribute('positions')?.split(',').map(Number) ?? [];
}

/** The server's error summary and the field it names, as rendered without JavaScript. */
function refusedSecretPage() {
  const summary = document.querySelector('.nhsuk-error-summary');
  return {
    role: summary?.getAttribute('role'),
    tabindex: summary?.getAttribute('tabindex'),
    heading: summary?.querySelector('h2')?.textContent?.trim(),
    links: [...(summary?.querySelectorAll('a') ?? [])].map((a) => [a.getAttribute('href'), a.textContent?.trim()]),
    message: document.querySelector('#secret-error')?.textContent?.replace(/\s+/g, ' ').trim(),
    invalid: document.querySelector('#secret')?.getAttribute('aria-invalid'),
    values: [...document.querySelectorAll('input[type="password"]')].map((i) => (i as HTMLInputElement).value),
  };
}

function focusedId(): string {
  return document.activeElement?.id || location.hash.slice(1);
}

// ---- The journeys ------------------------------------------------------------

interface Run {
  driver: Driver;
  m: Messages;
  js: boolean;
  /** Every page the journey reached, checked at once. */
  visited: () => Promise<void>;
}

const path = async (driver: Driver) => new URL(await driver.url()).pathname;

/** One error summary, of this kind, listing these items, focused. Polled: the focus comes after rendering. */
async function assertOneSummary(run: Run, where: 'page' | 'element', items: Array<[string, string]>): Promise<void> {
  await assertSoon(
    () => run.driver.summaries(),
    [{ where, items, focused: true }],
    `one error summary on ${await path(run.driver)}`,
  );
}

async function signIn(run: Run, base: string, userId: string, agent = false): Promise<void> {
  const { driver, m } = run;
  await driver.goto(`${base}/${m.lang === 'cy' ? '?lang=cy' : ''}`);
  assert.equal(await driver.heading(), m.page.signInTitle);
  await run.visited();
  await driver.fill(m.page.userIdLabel, userId);
  await driver.fill(m.page.givenNameLabel, 'Mary');
  await driver.fill(m.page.familyNameLabel, 'Smith');
  await driver.fill(m.page.organisationLabel, 'Leeds Teaching Hospitals');
  if (agent) await driver.tick(m.page.agentLabel);
  await driver.press(m.page.signInButton);
}

async function acceptPolicy(run: Run): Promise<void> {
  const { driver, m } = run;
  assert.equal(await path(driver), '/aup');
  assert.equal(await driver.heading(), m.page.aupTitle);
  await run.visited();
  if (run.js) {
    // The scroll gate: read to the end first, as a person scrolls; available once the element has seen it.
    await driver.read(() => document.querySelector('.ase-policy > :last-child')?.scrollIntoView());
    await assertSoon(() => driver.read(acceptAvailable), true, 'Accept is available after reading to the end');
  }
  await driver.press(m.page.acceptAndContinue);
}

async function setSecret(run: Run): Promise<void> {
  const { driver, m } = run;
  assert.equal(await path(driver), '/account-secret');
  await run.visited();
  await driver.fill(m.setup.secretLabel, BAD_SECRET);
  if (run.js) {
    await assertSoon(() => driver.read(lettersRuleState), 'unmet', 'the rules update while typing');
  }
  await driver.fill(m.setup.confirmLabel, BAD_SECRET);
  if (run.js) {
    // The element refuses an unmet rule itself, before anything is sent: one summary, its own.
    await driver.press(m.setup.save, { navigates: false });
    assert.equal(await path(driver), '/account-secret');
    await assertOneSummary(run, 'element', [['#secret', m.setup.errorLetters]]);
    await clearSecretFields(run);
  } else {
    await driver.press(m.setup.save);
    assert.equal(await path(driver), '/account-secret');
    await assertOneSummary(run, 'page', [['#secret', m.setup.errorLetters]]);
    assert.deepEqual(await driver.read(refusedSecretPage), {
      role: 'alert',
      tabindex: '-1',
      heading: m.setup.errorSummaryTitle,
      links: [['#secret', m.setup.errorLetters]],
      message: `${m.setup.errorPrefix} ${m.setup.errorLetters}`,
      invalid: 'true',
      values: ['', ''],
    });
    assert.ok(!(await driver.html()).includes(BAD_SECRET), 'the refused secret is not in the page');
    await run.visited();
    // The summary's link takes the person to the field.
    await driver.follow(m.setup.errorLetters, { navigates: false });
    await assertSoon(() => driver.read(focusedId), 'secret', "the summary's link leads to the field");
  }
  await saveSecret(run, SECRET);
}

/** A good secret, typed twice and saved: the confirmation, then Continue to the account page. */
async function saveSecret(run: Run, secret: string): Promise<void> {
  const { driver, m } = run;
  await driver.fill(m.setup.secretLabel, secret);
  await driver.fill(m.setup.confirmLabel, secret);
  await driver.press(m.setup.save);
  assert.equal(await path(driver), '/account-secret/saved');
  assert.equal(await driver.heading(), m.setup.successTitle);
  await run.visited();
  await driver.follow(m.page.continue);
  assert.equal(await path(driver), '/account');
  await run.visited();
}

/** Empties both secret fields, as a person would. */
async function clearSecretFields(run: Run): Promise<void> {
  for (const label of [run.m.setup.secretLabel, run.m.setup.confirmLabel]) await run.driver.clear(label);
}

/**
 * Changing the secret back to the one just set: the server refuses it (the
 * history rule, which only it can check) and renders the page again with
 * its summary. With JavaScript, the element then refuses a bad secret
 * itself: still one summary, the page's, now listing the element's problem
 * (docs/elements/secret-setup.md, "One error summary per page"). Then a new
 * secret is saved.
 */
async function changeSecretRefused(run: Run): Promise<void> {
  const { driver, m } = run;
  await driver.follow(m.page.changeSecretLink);
  assert.equal(await path(driver), '/account-secret');
  await run.visited();
  await driver.fill(m.setup.secretLabel, SECRET);
  await driver.fill(m.setup.confirmLabel, SECRET);
  await driver.press(m.setup.save);
  assert.equal(await path(driver), '/account-secret');
  await assertOneSummary(run, 'page', [['#secret', m.setup.errorHistory(5)]]);
  await run.visited();
  if (run.js) {
    await driver.fill(m.setup.secretLabel, BAD_SECRET);
    await driver.fill(m.setup.confirmLabel, BAD_SECRET);
    await driver.press(m.setup.save, { navigates: false });
    await assertOneSummary(run, 'page', [['#secret', m.setup.errorLetters]]);
    assert.equal(await path(driver), '/account-secret');
    await clearSecretFields(run);
  }
  await saveSecret(run, NEW_SECRET);
}

/** Types the characters the page asks for, box by box, each found by its label, and presses Check. */
async function answerChallenge(run: Run, secret: string): Promise<void> {
  const { driver, m } = run;
  const positions = await driver.read(positionsAsked);
  assert.equal(positions.length, 3);
  const chars = [...secret];
  for (const position of positions) await driver.fill(m.challenge.charLabel(position), chars[position - 1]);
  await driver.press(m.challenge.verify);
}

/**
 * Wrong characters: the server refuses them with its error summary. Then
 * Check with the boxes left empty: with JavaScript the element refuses it
 * itself, and its problems go into the page's summary (one summary); without,
 * the server does the same. Either way, the page's summary lists the empty boxes.
 */
async function answerWrongThenEmpty(run: Run): Promise<void> {
  const { driver, m } = run;
  await answerChallenge(run, 'q'.repeat(SECRET.length));
  assert.equal(await path(driver), '/check');
  await assertOneSummary(run, 'page', [['#answer-1', m.challenge.failedSelf(4)]]);
  await run.visited();
  const positions = await driver.read(positionsAsked);
  await driver.press(m.challenge.verify, { navigates: !run.js });
  await run.visited();
  await assertOneSummary(
    run,
    'page',
    positions.map((position, index): [string, string] => [`#answer-${index + 1}`, m.challenge.errorMissing(position)]),
  );
}

async function journeys(run: Run, base: string): Promise<void> {
  const { driver, m } = run;
  const userId = `u-${randomBytes(4).toString('hex')}`;
  // A new user.
  await signIn(run, base, userId);
  await acceptPolicy(run);
  await setSecret(run);
  await driver.follow(m.page.checkOwnLink);
  assert.equal(await path(driver), '/check');
  await run.visited();
  await answerWrongThenEmpty(run);
  await answerChallenge(run, SECRET);
  assert.equal(await path(driver), '/check/verified');
  assert.equal(await driver.heading(), m.challenge.verifiedTitleSelf);
  await run.visited();
  await driver.follow(m.page.backToAccount);
  await run.visited();
  await changeSecretRefused(run);

  // An agent checks that user.
  await driver.press(m.page.signOut);
  await signIn(run, base, `agent-${randomBytes(4).toString('hex')}`, true);
  await acceptPolicy(run);
  await setSecret(run);
  await driver.follow(m.page.checkCallerLink);
  assert.equal(await path(driver), '/helpdesk');
  await run.visited();
  await driver.fill(m.page.callerIdLabel, userId);
  await driver.press(m.page.continue);
  assert.equal(await path(driver), `/helpdesk/users/${userId}/check`);
  await run.visited();
  await answerChallenge(run, NEW_SECRET);
  assert.equal(await path(driver), `/helpdesk/users/${userId}/verified`);
  assert.equal(await driver.heading(), m.challenge.verifiedTitleAgent);
  await run.visited();
}

// ---- The tests -----------------------------------------------------------------

/** One browser session of an engine, for one journey. */
export interface Session {
  driver: Driver;
  /** The engine's own checks, after the journey reached `pages` pages (with JavaScript: their number). */
  finish(pages: number): void;
  close(): Promise<void>;
}

export interface Engine {
  name: string;
  /** Starts what the engine's sessions need (a browser, a WebDriver server). */
  start(): Promise<void>;
  stop(): Promise<void>;
  open(js: boolean): Promise<Session>;
}

/**
 * The reference server, in-process on PGlite in a temporary folder, for
 * every engine of the run (its rate limit raised: every journey comes from
 * one loopback address). Builds `dist/` when missing, except under CI.
 */
export async function startPagesServer(): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(BUNDLE)) {
    if (process.env.CI === 'true') throw new Error(`${BUNDLE} is missing: run npm run build first`);
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const scratch = mkdtempSync(join(tmpdir(), 'ase-pages-'));
  let server: RunningServer | undefined;
  try {
    writeFileSync(join(scratch, 'key'), `${randomBytes(32).toString('base64')}\n`);
    server = await startServer({
      port: 0,
      env: 'test',
      secretKeyFile: join(scratch, 'key'),
      dataDir: join(scratch, 'data'),
      hashParams: { logN: 10, r: 8, p: 1 },
      rateLimit: { max: 10_000, windowMs: 60_000 },
    });
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const running = server;
  return {
    url: running.url,
    close: async () => {
      await running.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The four journeys (JavaScript off and on, English and Welsh) in one engine, against the server at `base()`. */
export function describeJourneys(engine: Engine, base: () => string): void {
  describe(`journey pages in ${engine.name}`, () => {
    before(() => engine.start());
    after(() => engine.stop());

    async function withSession(js: boolean, body: (session: Session) => Promise<void>): Promise<void> {
      const session = await engine.open(js);
      try {
        await body(session);
      } finally {
        await session.close();
      }
    }

    for (const lang of ['en', 'cy'] as const) {
      const m = messagesFor(lang);
      const welsh = async (driver: Driver) => {
        if (lang === 'cy') assertWelsh(await driver.read(perceivedText), await path(driver));
      };

      it(`works with JavaScript disabled (${lang === 'cy' ? 'Welsh: no English text' : 'English'})`, TEST, () =>
        withSession(false, async ({ driver, finish }) => {
          let pages = 0;
          const visited = async () => {
            pages++;
            await welsh(driver);
          };
          await journeys({ driver, m, js: false, visited }, base());
          assert.equal(await driver.read(elementsDefined), false, 'no script of the page ran');
          finish(pages);
        }),
      );

      it(
        `works with JavaScript enabled: the elements on every page (${lang === 'cy' ? 'Welsh' : 'English'})`,
        TEST,
        () =>
          withSession(true, async ({ driver, finish }) => {
            let pages = 0;
            const visited = async () => {
              pages++;
              await assertSoon(
                () => driver.read(elementsDefined),
                true,
                `the bundle defines the elements on ${await path(driver)}`,
                10_000,
              );
              assert.equal(await driver.read(bundleEntries), 1, `the bundle loads once on ${await path(driver)}`);
              await welsh(driver);
            };
            await journeys({ driver, m, js: true, visited }, base());
            finish(pages);
          }),
      );
    }
  });
}
