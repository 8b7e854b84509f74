// The seed article's journeys, walked on the demo page (index.html) by keyboard
// alone. The page runs in a same-origin frame with its own MSW backend; the
// test only presses keys, then reads the frame to assert what a user sees and
// what the mock server was asked (through the page's `?e2e` hook).
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AxeResults } from 'axe-core';
import { demoChallengeSecret } from '../mocks/challenge.js';
import { demoPreviousSecrets, paths } from '../mocks/data.js';
import type { DemoBackend } from '../demo/main.js';
import { aupConsentEnglish as aupEn } from '../src/aup-consent/messages.js';
import { secretChallengeEnglish as challengeEn } from '../src/secret-challenge/messages.js';
import { secretSetupEnglish as setupEn } from '../src/secret-setup/messages.js';
import { text, until } from './helpers.js';
import { chord } from './support/keys.js';

const JSON_HEADERS = { accept: 'application/json, application/problem+json', 'content-type': 'application/json' };
const VERSION = '2026-11';
const AGENT = paths.agentChallenge.replace(':userId', 'mary-smith');

interface Demo {
  frame: HTMLIFrameElement;
  doc: Document;
  backend: DemoBackend;
}

let demo: Demo | undefined;

/**
 * The secret Mary has now. The lenient mocks always check the demo secret;
 * the reference server (web-test-runner.server.config.mjs) checks the last
 * one a journey saved.
 */
let lastSaved: string | undefined;
const secretNow = ({ doc }: Demo) =>
  doc.documentElement.dataset.backend === 'server' ? (lastSaved ?? demoChallengeSecret) : demoChallengeSecret;

afterEach(() => {
  demo?.frame.remove();
  demo = undefined;
});

// --- the page -------------------------------------------------------------------------

/** Loads the demo page's home in a frame, waits for its backend and elements, and tabs into it. */
async function openDemo(): Promise<Demo> {
  const frame = document.createElement('iframe');
  frame.title = 'Demo page';
  frame.style.cssText = 'width: 1024px; height: 768px; border: 0';
  frame.src = '/index.html?e2e';
  document.body.append(frame);
  const win = (): (Window & { demoBackend?: DemoBackend }) | null => frame.contentWindow;
  const started = () =>
    !!win()?.demoBackend &&
    !!win()?.customElements.get('secret-challenge') &&
    win()?.document.readyState === 'complete';
  await until(started, 20_000, 'the demo page to start');
  // The mocks, or the reference server under web-test-runner.server.config.mjs.
  const expected = (window as Window & { expectedDemoBackend?: string }).expectedDemoBackend ?? 'mocks';
  if (expected === 'mocks' && !win()!.navigator.serviceWorker.controller) {
    // MSW's worker unregisters itself when its last controlled page closes.
    // When the previous test file's page closed before this one loaded, this
    // frame loaded while the registration was uninstalling, so it is not
    // controlled: its start took the registration back, but nothing claims
    // the frame, and its requests pass the mocks by. Seen in two full runs,
    // both times in the first test of this file only (the policy acceptance
    // reached the test server; later tests open a new, controlled frame).
    // A reload is controlled.
    const before = frame.contentDocument;
    win()!.location.reload();
    await until(
      () => frame.contentDocument !== before && started() && !!win()!.navigator.serviceWorker.controller,
      20_000,
      'the demo page to start under the mock worker',
    );
  }
  const doc = frame.contentDocument!;
  demo = { frame, doc, backend: win()!.demoBackend! };
  expect(doc.documentElement.dataset.backend ?? 'mocks', 'the backend the demo page runs on').to.equal(expected);
  // The page says where its answers come from, and only that.
  expect([...doc.querySelectorAll('.site-note')].filter(visible).map((note) => text(note))).to.deep.equal([
    expected === 'server'
      ? 'Every answer comes from the reference server (npm run serve) on this computer, with its own database.'
      : 'Every answer comes from mock services in this page (MSW). Nothing is sent anywhere.',
  ]);
  if (expected === 'server')
    expect(doc.body.innerText, 'the page on the server mentions mocks').not.to.match(/\bmock/i);
  // Keyboard only from here: Tab from the test page into the frame, to the page's first link.
  await tabTo(doc, () => doc.querySelector('.skip-link')!, 'the skip link', { max: 5 });
  expect(document.activeElement).to.equal(frame);
  expect(text(active(doc))).to.equal('Skip to main content');
  return demo;
}

/** The focused element in the frame, looking through shadow roots. */
function active(doc: Document): Element | null {
  let el: Element | null = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function byId<T extends HTMLElement = HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`no #${id} on the demo page`);
  return el as T;
}

function inShadow<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${host.localName}>`);
  return found;
}

/** Shown to the user: laid out, in no hidden ancestor. */
const visible = (el: Element) => el.getClientRects().length > 0;

/**
 * Runs axe on `el` inside the frame. axe must run in the realm of the page it
 * checks (it rejects another window's nodes), so the page gets its own copy,
 * loaded like any script the test server serves.
 */
async function expectAccessible({ frame, doc }: Demo, el: Element): Promise<void> {
  const win = frame.contentWindow as Window & { axe?: { run(context: Element): Promise<AxeResults> } };
  if (!win.axe) {
    const script = doc.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    const loaded = new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = reject;
    });
    doc.head.append(script);
    await loaded;
  }
  const results = await win.axe!.run(el);
  const found = results.violations.map(
    (v) => `${v.id}: ${v.help}\n${v.nodes.map((node) => `  ${node.target.join(' ')}: ${node.html}`).join('\n')}`,
  );
  expect(found, 'axe violations').to.deep.equal([]);
  // It looked at something: a check over nothing would pass every time.
  expect(results.passes.length).to.be.greaterThan(0);
}

// --- acting as a user -----------------------------------------------------------------

/**
 * Presses Tab (or Shift+Tab) until `wanted` has focus, as a keyboard user
 * moves through a page; fails if it takes more than `max` presses.
 */
async function tabTo(
  doc: Document,
  wanted: () => Element,
  what: string,
  { max = 25, back = false } = {},
): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if (active(doc) === wanted()) return;
    await sendKeys({ press: back ? 'Shift+Tab' : 'Tab' });
  }
  if (active(doc) !== wanted())
    throw new Error(`${what} not reached by ${back ? 'Shift+Tab' : 'Tab'} (at ${nameOf(active(doc))})`);
}

const nameOf = (el: Element | null) =>
  el ? `<${el.localName}${el.id ? `#${el.id}` : ''}> "${text(el).slice(0, 40)}"` : 'nothing';

/** Follows a journey link of the page's navigation with Enter. */
async function startJourney({ doc }: Demo, hash: string): Promise<void> {
  const link = () => doc.querySelector(`nav.journeys a[href="#${hash}"]`)!;
  await tabTo(doc, link, `the ${hash} link`);
  await sendKeys({ press: 'Enter' });
  await until(() => visible(byId(doc, hash)) && active(doc) === byId(doc, 'main'), 5000, `the ${hash} journey`);
  expect(byId(doc, hash).querySelector('h1')).to.exist;
}

async function selectAllAndType(value: string): Promise<void> {
  await chord('a');
  await sendKeys({ type: value });
}

/** Reads the policy to its end from the keyboard (End in the focused region), then accepts it. */
async function readAndAccept(doc: Document, aup: HTMLElement): Promise<void> {
  const region = () => inShadow(aup, '#policy');
  await until(
    () => region().getAttribute('aria-busy') === 'false' && !!region().querySelector('.policy-content'),
    5000,
    'the policy to load',
  );
  await tabTo(doc, region, 'the policy region');
  expect(inShadow(aup, '#accept').getAttribute('aria-disabled')).to.equal('true');
  await sendKeys({ press: 'End' });
  await until(
    () => inShadow(aup, '#accept').getAttribute('aria-disabled') === 'false',
    5000,
    'Accept to become available',
  );
  expect(text(inShadow(aup, '#hint'))).to.equal(aupEn.hintRead);
  await tabTo(doc, () => inShadow(aup, '#accept'), 'Accept');
  await sendKeys({ press: 'Enter' });
}

/** Types a secret and its confirmation, then presses Save. */
async function enterSecret(doc: Document, setup: HTMLElement, secret: string, { replace = false } = {}): Promise<void> {
  await tabTo(doc, () => inShadow(setup, '#secret'), 'the secret input');
  if (replace) await selectAllAndType(secret);
  else await sendKeys({ type: secret });
  await tabTo(doc, () => inShadow(setup, '#confirm'), 'the confirmation input');
  if (replace) await selectAllAndType(secret);
  else await sendKeys({ type: secret });
  await tabTo(doc, () => inShadow(setup, '[part="submit"]'), 'Save secret');
  expect(text(active(doc))).to.equal(setupEn.save);
  await sendKeys({ press: 'Enter' });
}

/** Waits for the success notification, checks it has focus, and presses its OK. */
async function okOnSuccess(doc: Document, setup: HTMLElement): Promise<void> {
  const success = () => setup.shadowRoot!.querySelector('[part="success"]');
  // 15 s: on the reference server a save computes slow (scrypt) history hashes, seconds on a loaded machine.
  await until(() => !!success() && active(doc) === success(), 15_000, 'the success notification to take focus');
  expect(text(success()!.querySelector('h2'))).to.equal(setupEn.successTitle);
  // Nothing of the secret is left in the page once it is saved.
  expect(setup.shadowRoot!.querySelector('input')).to.equal(null);
  await sendKeys({ press: 'Tab' });
  expect(text(active(doc))).to.equal(setupEn.ok);
  await sendKeys({ press: 'Enter' });
}

/** The characters of the demo secret at the positions the boxes are labelled with. */
function answersFor(challenge: HTMLElement, secret: string): string[] {
  const boxes = [...challenge.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="char-input"]')];
  return boxes.map((box) => {
    // What the user reads: "2nd character".
    const position = Number.parseInt(text(box.labels?.[0]), 10);
    expect(text(box.labels?.[0])).to.equal(challengeEn.charLabel(position));
    return [...secret][position - 1];
  });
}

/** Types one letter per box (each moves focus on) and presses Verify. */
async function answerChallenge(doc: Document, challenge: HTMLElement, answers: string[]): Promise<void> {
  await until(() => !!challenge.shadowRoot?.querySelector('#char-0'), 5000, 'the challenge boxes');
  await tabTo(doc, () => inShadow(challenge, '#char-0'), 'the first box');
  for (const [index, letter] of answers.entries()) {
    expect(active(doc)).to.equal(inShadow(challenge, `#char-${index}`));
    await sendKeys({ type: letter });
  }
  await tabTo(doc, () => inShadow(challenge, '[part="submit"]'), 'Verify');
  expect(text(active(doc))).to.equal(challengeEn.verify);
  await sendKeys({ press: 'Enter' });
}

// --- what the server saw --------------------------------------------------------------

function sent({ backend }: Demo, method: string, path: string) {
  return backend.requests.filter((request) => request.method === method && request.url.pathname === path);
}

async function expectJsonPost({ backend }: Demo, index: number, path: string, body: unknown): Promise<void> {
  const posts = backend.requests.filter((request) => request.method === 'POST');
  const request = posts[index];
  expect(request, `POST #${index + 1}`).to.exist;
  expect(request.url.pathname).to.equal(path);
  for (const [name, value] of Object.entries(JSON_HEADERS)) expect(request.headers.get(name), name).to.equal(value);
  await until(() => request.body !== '', 2000, 'the request body');
  expect(JSON.parse(request.body)).to.deep.equal(body);
}

const posts = ({ backend }: Demo) =>
  backend.requests.filter((request) => request.method === 'POST').map((r) => r.url.pathname);

// --- the journeys ---------------------------------------------------------------------

describe('demo journeys, by keyboard only', function () {
  // A whole journey is many key presses; the page's start loads a service worker.
  this.timeout(60_000);

  it('new user: accepts the policy, completes the profile, sets a secret, and sees the policy acceptance confirmed', async () => {
    const page = await openDemo();
    const { doc } = page;
    await startJourney(page, 'new-user');
    const aup = byId(doc, 'new-aup');
    expect(aup.getAttribute('src')).to.equal('/policy/acceptable-use-policy.html');

    await readAndAccept(doc, aup);
    const profileHeading = () => doc.querySelector('[data-step-panel="profile"] h2')!;
    // 10 s: the acceptance goes through the demo's own service worker, slow while three engines run.
    await until(() => active(doc) === profileHeading(), 10_000, 'the profile step to take focus').catch(
      (error: Error) => {
        const controlled = !!page.frame.contentWindow?.navigator.serviceWorker.controller;
        throw new Error(
          `${error.message}: POSTs ${JSON.stringify(posts(page))}, focus on ${nameOf(active(doc))}, frame controlled by a service worker: ${controlled}`,
          { cause: error },
        );
      },
    );
    await expectJsonPost(page, 0, paths.aupAcceptance, { version: VERSION });
    expect(doc.querySelector('[data-step="profile"]')!.getAttribute('aria-current')).to.equal('step');
    expect(visible(aup)).to.equal(false);

    await tabTo(doc, () => byId(doc, 'job-title'), 'the job title');
    await sendKeys({ type: 'Ward manager' });
    await tabTo(doc, () => doc.querySelector('#profile-form button')!, 'Next');
    await sendKeys({ press: 'Enter' });
    const secretHeading = () => doc.querySelector('[data-step-panel="secret"] h2')!;
    await until(() => active(doc) === secretHeading(), 5000, 'the secret step to take focus');
    expect(doc.querySelector('[data-step="secret"]')!.getAttribute('aria-current')).to.equal('step');

    const setup = byId(doc, 'new-secret');
    await enterSecret(doc, setup, 'meadowlark');
    await okOnSuccess(doc, setup);
    await expectJsonPost(page, 1, paths.secret, { secret: 'meadowlark' });
    lastSaved = 'meadowlark';

    const dialog = byId<HTMLDialogElement>(doc, 'aup-confirmed');
    await until(() => dialog.open, 5000, 'the confirmation pop-up');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.contains(active(doc))).to.equal(true);
    expect(text(active(doc))).to.equal('OK');
    const [acceptance] = page.backend.aupAcceptances();
    expect(acceptance.version).to.equal(VERSION);
    expect(text(dialog.querySelector('p'))).to.equal(
      `You accepted the Acceptable Use Policy (version ${VERSION}) on ${new Date(acceptance.acceptedAt).toLocaleString('en-GB')}, and your account secret is saved.`,
    );
    expect(posts(page)).to.deep.equal([paths.aupAcceptance, paths.secret]);
    await expectAccessible(page, byId(doc, 'main'));

    // OK closes the pop-up and the journey ends back home, focus on the main region.
    await sendKeys({ press: 'Enter' });
    await until(
      () => !dialog.open && visible(byId(doc, 'home')) && active(doc) === byId(doc, 'main'),
      5000,
      'home after OK',
    );
  });

  it('existing user: sets a secret from self-service, presses OK on the success notification, and sees it is done', async () => {
    const page = await openDemo();
    const { doc } = page;
    await startJourney(page, 'existing-user');
    const setup = byId(doc, 'existing-secret');

    await enterSecret(doc, setup, 'riverbank');
    await okOnSuccess(doc, setup);
    await expectJsonPost(page, 0, paths.secret, { secret: 'riverbank' });
    lastSaved = 'riverbank';

    const done = doc.querySelector<HTMLElement>('[data-existing-done]')!;
    await until(() => active(doc) === done, 5000, 'the done message to take focus');
    expect(visible(done)).to.equal(true);
    expect(visible(setup)).to.equal(false);
    expect(text(done)).to.equal('Your account secret is set. You can check it on the Check my secret page.');
    expect(posts(page)).to.deep.equal([paths.secret]);
    await expectAccessible(page, byId(doc, 'main'));
  });

  it('reset: (on the server, an agent checks Mary and re-secures her account, then) she accepts the policy again, is refused a previous secret, then sets a new one', async () => {
    const page = await openDemo();
    const { doc } = page;
    const onServer = doc.documentElement.dataset.backend === 'server';
    await startJourney(page, 'reset');
    const aup = byId(doc, 'reset-aup');
    const policyHeading = () => doc.querySelector<HTMLElement>('[data-reset-panel="policy"] h2')!;
    let previous = demoPreviousSecrets[0];
    if (onServer) {
      // The helpdesk step: the agent types what Mary reads out; the page re-secures with the check's verification.
      expect(visible(policyHeading())).to.equal(false);
      const challenge = byId(doc, 'reset-agent-challenge');
      expect(challenge.getAttribute('mode')).to.equal('agent');
      await until(() => !!challenge.shadowRoot?.querySelector('#char-0'), 10_000, 'the agent check of Mary');
      previous = secretNow(page);
      await answerChallenge(doc, challenge, answersFor(challenge, previous));
      await until(
        () => active(doc) === policyHeading(),
        10_000,
        'the policy step to take focus after the re-secure',
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}: POSTs ${JSON.stringify(posts(page))}, outcome "${text(doc.querySelector('[data-reset-outcome]'))}"`,
          { cause: error },
        );
      });
      const resecure = paths.resecure.replace(':userId', 'mary-smith');
      expect(posts(page)).to.deep.equal([paths.devSession, AGENT, resecure, paths.devSession]);
      const [sentResecure] = sent(page, 'POST', resecure);
      expect(Object.keys(JSON.parse(sentResecure.body) as object)).to.deep.equal(['verificationId']);
      expect((JSON.parse(sentResecure.body) as { verificationId: string }).verificationId).to.match(/^v-/);
      expect(visible(byId(doc, 'reset-agent-challenge'))).to.equal(false);
      const earlier = aup.shadowRoot!.querySelector('[part="earlier"]');
      if (earlier) expect(text(earlier)).to.match(/^You last accepted the Acceptable Use Policy on /);
    } else {
      expect(text(inShadow(aup, '[part="earlier"]'))).to.match(
        /^You last accepted the Acceptable Use Policy on 14 March 2025/,
      );
    }
    const before = posts(page).length;

    await readAndAccept(doc, aup);
    const panel = doc.querySelector<HTMLElement>('[data-reset-panel="secret"]')!;
    await until(() => active(doc) === panel.querySelector('h2'), 5000, 'the new-secret step to take focus');
    await expectJsonPost(page, before, paths.aupAcceptance, { version: VERSION });
    expect(visible(aup)).to.equal(false);

    // A secret Mary has used before: the server refuses it, the error summary says why.
    // (Mocks: her newest previous one, as a server keeps the last 5, the current one
    // included; the server: the very secret the helpdesk re-secured.)
    const setup = byId(doc, 'reset-secret');
    await enterSecret(doc, setup, previous);
    const summary = () => setup.shadowRoot!.querySelector('[data-error-summary]');
    await until(
      () => !!summary() && active(doc) === summary(),
      15_000,
      'the error summary to take focus (the history check hashes too)',
    );
    expect(text(summary()!.querySelector('a'))).to.equal(setupEn.errorHistory(5));
    await expectJsonPost(page, before + 1, paths.secret, { secret: previous });
    await expectAccessible(page, byId(doc, 'main'));

    // Its link leads back to the field, where a new secret replaces the old.
    await sendKeys({ press: 'Tab' });
    expect(text(active(doc))).to.equal(setupEn.errorHistory(5));
    await sendKeys({ press: 'Enter' });
    expect(active(doc)).to.equal(inShadow(setup, '#secret'));
    await enterSecret(doc, setup, 'woodpecker', { replace: true });
    const success = () => setup.shadowRoot!.querySelector('[part="success"]');
    await until(() => !!success() && active(doc) === success(), 15_000, 'the success notification');
    expect(text(success()!.querySelector('h2'))).to.equal(setupEn.successTitle);
    await expectJsonPost(page, before + 2, paths.secret, { secret: 'woodpecker' });
    lastSaved = 'woodpecker';
    expect(posts(page).slice(before)).to.deep.equal([paths.aupAcceptance, paths.secret, paths.secret]);
    await expectAccessible(page, byId(doc, 'main'));
  });

  it('helpdesk agent: types the characters the caller reads out and sees the identity checked', async () => {
    const page = await openDemo();
    const { doc } = page;
    await startJourney(page, 'helpdesk');
    const challenge = byId(doc, 'agent-challenge');
    expect(challenge.getAttribute('mode')).to.equal('agent');
    await until(() => !!challenge.shadowRoot?.querySelector('#char-0'), 5000, 'the challenge boxes');
    // The boxes ask for what the server chose.
    const positions = page.backend.challengeState('mary-smith').positions!;
    const labels = [...challenge.shadowRoot!.querySelectorAll('[part~="char-input"]')].map((box) =>
      text((box as HTMLInputElement).labels?.[0]),
    );
    expect(labels).to.deep.equal(positions.map((p) => challengeEn.charLabel(p)));
    // The agent sees what they type (no masking in agent mode).
    expect(inShadow<HTMLInputElement>(challenge, '#char-0').type).to.equal('text');

    const answers = answersFor(challenge, secretNow(page));
    const { challengeId } = page.backend.challengeState('mary-smith');
    await answerChallenge(
      doc,
      challenge,
      answers.map((letter) => letter.toUpperCase()),
    );

    const status = () => challenge.shadowRoot!.querySelector('[part="status"][data-state="verified"]');
    await until(() => !!status() && active(doc) === status(), 5000, 'the verified status to take focus');
    expect(text(status()!.querySelector('h2'))).to.equal(challengeEn.verifiedTitleAgent);
    expect(text(status()!.querySelector('p'))).to.equal(challengeEn.verifiedBodyAgent);
    // On the server the page first signs in as the helpdesk agent (nobody
    // checks their own account through the helpdesk routes).
    const signIns = doc.documentElement.dataset.backend === 'server' ? [paths.devSession] : [];
    await expectJsonPost(page, signIns.length, AGENT, {
      challengeId,
      answers: answers.map((letter) => letter.toUpperCase()),
    });
    expect(sent(page, 'GET', AGENT)).to.have.length(1);
    expect(posts(page)).to.deep.equal([...signIns, AGENT]);
    await expectAccessible(page, byId(doc, 'main'));
  });

  it('self check: a wrong try leaves attempts, then the right characters are verified', async () => {
    const page = await openDemo();
    const { doc } = page;
    await startJourney(page, 'self-check');
    const challenge = byId(doc, 'self-challenge');
    await until(() => !!challenge.shadowRoot?.querySelector('#char-0'), 5000, 'the challenge boxes');
    // The user's own characters are masked.
    expect(inShadow<HTMLInputElement>(challenge, '#char-0').type).to.equal('password');

    const answers = answersFor(challenge, secretNow(page));
    const { challengeId } = page.backend.challengeState('mary-smith');
    // A letter that is not in the secret at all makes every answer wrong.
    const wrong = answers.map(() => 'z');
    expect(secretNow(page)).not.to.include('z');
    await answerChallenge(doc, challenge, wrong);
    const failed = () => challenge.shadowRoot!.querySelector('[part="status"][data-state="failed"]');
    await until(
      () => !!failed() && active(doc) === inShadow(challenge, '#char-0'),
      5000,
      'focus back on the first box',
    );
    expect(text(failed())).to.equal(challengeEn.failedSelf(4));
    await expectJsonPost(page, 0, paths.selfChallenge, { challengeId, answers: wrong });
    await expectAccessible(page, byId(doc, 'main'));

    // The same positions are asked again; the wrong letters are selected as each box gains focus.
    expect(answersFor(challenge, secretNow(page))).to.deep.equal(answers);
    await answerChallenge(doc, challenge, answers);
    const status = () => challenge.shadowRoot!.querySelector('[part="status"][data-state="verified"]');
    await until(() => !!status() && active(doc) === status(), 5000, 'the verified status to take focus');
    expect(text(status()!.querySelector('h2'))).to.equal(challengeEn.verifiedTitleSelf);
    // The same challenge: a failure changes neither its id nor its positions.
    await expectJsonPost(page, 1, paths.selfChallenge, { challengeId, answers });
    expect(posts(page)).to.deep.equal([paths.selfChallenge, paths.selfChallenge]);
    await expectAccessible(page, byId(doc, 'main'));
  });
});
