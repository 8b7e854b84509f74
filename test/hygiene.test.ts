/**
 * Secret hygiene: across full runs of all three elements (success, 422,
 * failures, the whole-secret alternative), no secret and no answered
 * character reaches an event detail, an attribute (light or shadow DOM),
 * the URL or history state, Web Storage, IndexedDB, a cookie or the
 * console; inputs are emptied after success and when the element leaves;
 * the show state goes back to hidden on submit and on a page shown again
 * from the back/forward cache.
 *
 * How leaks are looked for:
 * - A whole secret is distinctive, so any 5-letter run of it, in any case,
 *   anywhere in what the page exposes is a leak (a run catches a prefix
 *   typed so far, or a secret cut or re-cased on its way out).
 * - A single answered character ("k") cannot be searched for as text: it
 *   is in every English sentence. The challenge is therefore set up at
 *   positions whose answers form an unusual sequence (kingfisher's 1st, 4th
 *   and 8th: k, g, h), and we look for (a) that sequence in any joining
 *   ("kgh", "k,g,h", '["k","g","h"]') anywhere, and (b) any event detail
 *   string, attribute value or console argument that IS one answered
 *   character, which is how a leak of one character would show.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { nothing } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import type { SetupWorker } from 'msw/browser';
import { demoChallengeSecret, seedChallengePositions } from '../mocks/challenge.js';
import { demoPreviousSecrets, demoUser, paths, scenario } from '../mocks/index.js';
import '../src/index.js';
import type { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import {
  boxes,
  givesOwnBoxes,
  part,
  paste,
  press,
  requests,
  resetMocks,
  typeAnswers,
  until,
  useMocks,
} from './helpers.js';
import { aupPage, challengePageForm, MODES, modeTitle, pageSubmit, setupToLight } from './support/light.js';
import { secretChallengeEnglish as challengeEn } from '../src/secret-challenge/messages.js';
import {
  attributeValues,
  consoleText,
  markup,
  stopAll,
  storedState,
  stringsIn,
  watchConsole,
  watchErrors,
  watchEvents,
  type SeenEvent,
} from './support/watch.js';

let worker: SetupWorker;

/** A secret that meets every rule and shares no 5-letter run with any text of the elements. */
const GOOD = 'zephyrquokkas';
/** One of Mary's last five secrets: the server refuses it (422, history). */
const OLD = demoPreviousSecrets[4];
/** kingfisher at 1, 4, 8: k, g, h. */
const POSITIONS = [1, 4, 8];
const RIGHT = POSITIONS.map((p) => demoChallengeSecret[p - 1]);
/** Wrong answers, which must not leak either. */
const WRONG = ['q', 'x', 'z'];

function runs(secret: string, size = 5): string[] {
  const lower = secret.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + size <= lower.length; i++) found.push(lower.slice(i, i + size));
  return found;
}

/** `k`, `g`, `h` joined by anything but letters and digits, in either case. */
function sequence(answers: string[]): RegExp {
  return new RegExp(answers.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\p{L}\\p{N}]{0,6}'), 'iu');
}

interface Watch {
  events: { listed: SeenEvent[]; dispatched: SeenEvent[] };
  console: unknown[][];
  startUrl: string;
}

function watch(): Watch {
  return { events: watchEvents(), console: watchConsole(), startUrl: location.href };
}

/**
 * Fails if a secret or an answered character shows anywhere the page
 * exposes. `where` names the moment, so a failure says when it leaked.
 */
async function expectNoLeak(
  w: Watch,
  where: string,
  leaks: { secrets?: string[]; answers?: string[][] },
): Promise<void> {
  const details = [...w.events.listed, ...w.events.dispatched].flatMap((e) => stringsIn(e.detail));
  const logged = consoleText(w.console);
  const consoleArgs = w.console.flat().filter((arg): arg is string => typeof arg === 'string');
  const sources: Record<string, string[]> = {
    'event detail': details,
    'attribute or markup': markup(),
    'URL, history state, storage, IndexedDB or cookie': await storedState(),
    console: logged,
    'request URL': requests.map((r) => r.url.href),
  };
  const found: string[] = [];
  for (const [source, texts] of Object.entries(sources)) {
    const haystack = texts.map((t) => t.toLowerCase());
    for (const secret of leaks.secrets ?? []) {
      for (const run of runs(secret)) {
        if (haystack.some((t) => t.includes(run))) found.push(`${source} holds "${run}" of a secret`);
      }
    }
    for (const answers of leaks.answers ?? []) {
      const pattern = sequence(answers);
      if (texts.some((t) => pattern.test(t))) found.push(`${source} holds the answers ${answers.join('')}`);
    }
  }
  const single = new Set((leaks.answers ?? []).flat().map((a) => a.toLowerCase()));
  const exact: Record<string, string[]> = {
    'event detail': details,
    attribute: attributeValues(),
    console: consoleArgs,
  };
  for (const [source, values] of Object.entries(exact)) {
    for (const value of values)
      if (single.has(value.trim().toLowerCase())) found.push(`${source} is the answered character "${value}"`);
  }
  expect(found, `leaks ${where}`).to.deep.equal([]);
  expect(location.href, 'the URL never changes').to.equal(w.startUrl);
}

/** No page form navigates away from the test page: stopped last, on window, after the elements have had their say. */
const stay = (event: Event) => event.preventDefault();

describe('secret hygiene', () => {
  before(async () => {
    worker = await useMocks();
    window.addEventListener('submit', stay);
  });
  after(() => window.removeEventListener('submit', stay));
  beforeEach(() => {
    resetMocks();
    seedChallengePositions(POSITIONS);
  });
  afterEach(() => stopAll());

  // Its own fields (shadow DOM), and the page's own fields in the page's form (light DOM, "HTML first").
  for (const mode of MODES)
    describe(`<secret-setup> (${modeTitle(mode)})`, () => {
      async function make(): Promise<SecretSetupElement> {
        const el = await fixture<SecretSetupElement>(html`<secret-setup
          endpoint=${paths.secret}
          given-name=${demoUser.givenName}
          family-name=${demoUser.familyName}
          organisation=${demoUser.organisation}
        ></secret-setup>`);
        if (mode === 'light') await setupToLight(el);
        return el;
      }
      const fields = (el: SecretSetupElement) =>
        mode === 'light'
          ? [el.querySelector<HTMLInputElement>('#secret')!, el.querySelector<HTMLInputElement>('#secret-confirm')!]
          : [part<HTMLInputElement>(el, 'input'), part<HTMLInputElement>(el, 'confirm-input')];
      /** The element's Save, or the page's submit button. */
      const save = (el: SecretSetupElement) => (mode === 'light' ? pageSubmit(el) : part(el, 'submit'));
      const toggle = (el: SecretSetupElement) =>
        mode === 'light' ? el.querySelector<HTMLButtonElement>('.ase-toggle')! : part(el, 'toggle');
      async function enter(el: SecretSetupElement, secret: string): Promise<void> {
        for (const field of fields(el)) {
          field.focus();
          field.select();
          await sendKeys({ press: 'Backspace' });
          await sendKeys({ type: secret });
        }
        await el.updateComplete;
      }
      async function saveAndWait(el: SecretSetupElement, w: Watch, type: string): Promise<void> {
        const before = w.events.listed.filter((e) => e.type === type).length;
        await press(save(el));
        await until(() => w.events.listed.filter((e) => e.type === type).length > before, 5000, type);
        await el.updateComplete;
      }

      it('a full run (shown secret, 422, offline, HTML error page, success, OK) leaks nothing; the fields are emptied after success', async () => {
        const errors = watchErrors();
        const el = await make();
        const w = watch();
        const secrets = [OLD, GOOD];

        await enter(el, OLD);
        await press(toggle(el));
        await el.updateComplete;
        await expectNoLeak(w, 'while an old secret is typed and shown', { secrets });
        await saveAndWait(el, w, 'secret-rejected');
        await expectNoLeak(w, 'after a 422', { secrets });

        await enter(el, GOOD);
        worker.use(...scenario('network-error'));
        await saveAndWait(el, w, 'secret-error');
        worker.resetHandlers();
        worker.use(...scenario('html-error'));
        await saveAndWait(el, w, 'secret-error');
        worker.resetHandlers();
        expect(
          fields(el).map((f) => f.value),
          'kept after a failure',
        ).to.deep.equal([GOOD, GOOD]);
        await expectNoLeak(w, 'after failures', { secrets });

        const inputs = fields(el);
        await saveAndWait(el, w, 'secret-saved');
        expect(
          inputs.map((f) => f.value),
          'emptied after success',
        ).to.deep.equal(['', '']);
        await expectNoLeak(w, 'after success', { secrets });
        await press(el.shadowRoot!.querySelector<HTMLElement>('[part~="success"] button')!);
        await el.updateComplete;
        expect(
          fields(el).map((f) => f.value),
          'empty when the form comes back',
        ).to.deep.equal(['', '']);
        expect(w.events.listed.map((e) => e.type).filter((t) => t !== 'secret-rules-change')).to.deep.equal([
          'secret-rejected',
          'secret-error',
          'secret-error',
          'secret-saved',
          'secret-done',
        ]);
        await expectNoLeak(w, 'at the end', { secrets });
        expect(errors).to.deep.equal([]);
      });

      it('empties both fields when the element is removed', async () => {
        const el = await make();
        await enter(el, GOOD);
        const inputs = fields(el);
        el.remove();
        expect(inputs.map((f) => f.value)).to.deep.equal(['', '']);
        document.body.append(el);
        await el.updateComplete;
        expect(
          fields(el).map((f) => f.value),
          'and nothing comes back with it',
        ).to.deep.equal(['', '']);
        el.remove();
      });

      it('goes back to hidden on submit, and on a page shown again from the back/forward cache', async () => {
        const el = await make();
        await enter(el, GOOD);
        const types = () => fields(el).map((f) => f.type);
        await press(toggle(el));
        await el.updateComplete;
        expect(types()).to.deep.equal(['text', 'text']);
        // A submit that finds a problem hides the secret too.
        fields(el)[1].focus();
        await sendKeys({ press: 'Backspace' });
        await press(save(el));
        await el.updateComplete;
        expect(types(), 'hidden on submit').to.deep.equal(['password', 'password']);

        await press(toggle(el));
        await el.updateComplete;
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
        await el.updateComplete;
        expect(types(), 'a fresh page show changes nothing').to.deep.equal(['text', 'text']);
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
        await el.updateComplete;
        expect(types(), 'hidden when back from the bfcache').to.deep.equal(['password', 'password']);
        expect(toggle(el).getAttribute('aria-label')).to.equal('Show secret');
      });
    });

  for (const page of MODES)
    describe(`<secret-challenge> (${modeTitle(page)})`, () => {
      const make = async (mode: 'self' | 'agent' = 'self') => {
        const endpoint = mode === 'self' ? paths.selfChallenge : paths.agentChallenge.replace(':userId', demoUser.id);
        // Self mode with account: the hidden username for password managers sits beside the whole-secret field.
        const account = mode === 'self' ? 'mary.smith@nhs.net' : undefined;
        const found = await fixture<HTMLElement>(
          page === 'light'
            ? challengePageForm({
                mode,
                endpoint,
                account,
                positions: POSITIONS,
                legend: mode === 'self' ? challengeEn.legendSelf : challengeEn.legendAgent,
                charLabel: challengeEn.charLabel,
              })
            : html`<secret-challenge mode=${mode} account=${account ?? nothing} endpoint=${endpoint}></secret-challenge>`,
        );
        const el = (found.localName === 'secret-challenge' ? found : found.querySelector('secret-challenge'))!;
        await until(() => boxes(el).length === 3, 5000, 'boxes');
        return el as SecretChallengeElement;
      };
      /** The element's Verify, or the page's submit button. */
      const verify = (el: SecretChallengeElement): HTMLElement =>
        givesOwnBoxes(el)
          ? el.closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!
          : part(el, 'submit');
      const toggle = (el: SecretChallengeElement): HTMLElement =>
        givesOwnBoxes(el) ? el.querySelector<HTMLElement>('.ase-toggle')! : part(el, 'toggle');
      const full = (el: SecretChallengeElement) => el.querySelector<HTMLInputElement>('[part~="full-secret-input"]');
      async function verifyAndWait(el: SecretChallengeElement, w: Watch, type: string): Promise<void> {
        const before = w.events.listed.filter((e) => e.type === type).length;
        await press(verify(el));
        await until(() => w.events.listed.filter((e) => e.type === type).length > before, 5000, type);
        await el.updateComplete;
      }
      const leaks = { secrets: [demoChallengeSecret], answers: [RIGHT, WRONG] };

      for (const mode of ['self', 'agent'] as const) {
        it(`${mode}: a full run (shown answers, 422, offline, HTML error page, success) leaks no answer; the boxes are emptied after success`, async () => {
          const errors = watchErrors();
          const el = await make(mode);
          const w = watch();
          await typeAnswers(el, WRONG);
          if (mode === 'self') await press(toggle(el));
          await expectNoLeak(w, 'while wrong answers are typed', leaks);
          await verifyAndWait(el, w, 'challenge-failed');
          expect(boxes(el).map((b) => b.value)).to.deep.equal(['', '', '']);

          await typeAnswers(el, RIGHT);
          await expectNoLeak(w, 'while the right answers are typed', leaks);
          worker.use(...scenario('network-error'));
          await verifyAndWait(el, w, 'challenge-error');
          worker.resetHandlers();
          worker.use(...scenario('html-error'));
          await verifyAndWait(el, w, 'challenge-error');
          worker.resetHandlers();
          expect(
            boxes(el).map((b) => b.value),
            'kept after a failure',
          ).to.deep.equal(RIGHT);
          await expectNoLeak(w, 'after failures', leaks);

          const held = boxes(el);
          const field = full(el);
          await verifyAndWait(el, w, 'challenge-verified');
          expect(
            held.map((b) => b.value),
            'emptied after success',
          ).to.deep.equal(['', '', '']);
          if (field) expect(field.value).to.equal('');
          expect(w.events.listed.map((e) => e.type)).to.deep.equal([
            'challenge-failed',
            'challenge-error',
            'challenge-error',
            'challenge-verified',
          ]);
          await expectNoLeak(w, 'after success', leaks);
          // What was sent is exactly the answers, and nothing but them.
          const posts = requests
            .filter((r) => r.method === 'POST')
            .map((r) => (JSON.parse(r.body) as { answers: string[] }).answers);
          expect(posts).to.deep.equal([WRONG, RIGHT, RIGHT, RIGHT]);
          expect(errors).to.deep.equal([]);
        });
      }

      it('self: the whole secret pasted into its field, then into the first box: nothing of it stays or leaks', async () => {
        const errors = watchErrors();
        const el = await make();
        const w = watch();
        const field = full(el)!;
        await paste(field, demoChallengeSecret);
        expect(field.value, 'the field is emptied at once').to.equal('');
        await el.updateComplete;
        expect(boxes(el).map((b) => b.value)).to.deep.equal(RIGHT);
        await expectNoLeak(w, 'after the whole secret was pasted into its field', leaks);
        // Filled by a password manager: one input event that is not typing.
        field.value = demoChallengeSecret;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        expect(field.value).to.equal('');
        await verifyAndWait(el, w, 'challenge-verified');
        await expectNoLeak(w, 'after success', leaks);

        seedChallengePositions(POSITIONS); // a success makes the server pick new positions
        const second = await make();
        await paste(boxes(second)[0], demoChallengeSecret);
        await second.updateComplete;
        expect(boxes(second).map((b) => b.value)).to.deep.equal(RIGHT);
        await expectNoLeak(w, 'after the whole secret was pasted into the first box', leaks);
        const held = boxes(second);
        await verifyAndWait(second, w, 'challenge-verified');
        expect(held.map((b) => b.value)).to.deep.equal(['', '', '']);
        for (const request of requests) expect(request.body.toLowerCase()).to.not.contain(demoChallengeSecret);
        await expectNoLeak(w, 'at the end', leaks);
        expect(errors).to.deep.equal([]);
      });

      it('self: empties the boxes and the whole-secret field when the element is removed', async () => {
        const el = await make();
        await typeAnswers(el, RIGHT);
        const field = full(el)!;
        field.focus();
        await sendKeys({ type: 'kingf' }); // typed by hand, kept until the user is done
        expect(field.value).to.equal('kingf');
        const held = boxes(el);
        el.remove();
        expect(held.map((b) => b.value)).to.deep.equal(['', '', '']);
        expect(field.value).to.equal('');
        document.body.append(el);
        await until(() => boxes(el).length === 3, 5000, 'boxes again');
        expect(boxes(el).map((b) => b.value)).to.deep.equal(['', '', '']);
        expect(full(el)!.value).to.equal('');
        el.remove();
      });

      it('self: goes back to hidden on Verify, and on a page shown again from the back/forward cache', async () => {
        const el = await make();
        const types = () => boxes(el).map((b) => b.type);
        await press(toggle(el));
        await el.updateComplete;
        expect(types()).to.deep.equal(['text', 'text', 'text']);
        await press(verify(el)); // boxes empty: nothing is sent, the answers are hidden all the same
        await el.updateComplete;
        expect(types(), 'hidden on Verify').to.deep.equal(['password', 'password', 'password']);
        await press(toggle(el));
        await el.updateComplete;
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
        await el.updateComplete;
        expect(types(), 'a fresh page show changes nothing').to.deep.equal(['text', 'text', 'text']);
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
        await el.updateComplete;
        expect(types(), 'hidden when back from the bfcache').to.deep.equal(['password', 'password', 'password']);
        expect(toggle(el).getAttribute('aria-label')).to.equal('Show characters');
      });
    });

  for (const mode of MODES)
    it(`all three on one page (${modeTitle(mode)}): a secret typed and answers given while the policy is declined, refused, accepted: nothing leaks`, async () => {
      const errors = watchErrors();
      const page = await fixture<HTMLElement>(
        mode === 'light'
          ? html`<div>
              ${aupPage({ version: '2026-11', endpoint: paths.aupAcceptance, policy: html`<p>A short policy.</p>`, accept: 'Accept and continue' })}
              <secret-setup endpoint=${paths.secret} given-name=${demoUser.givenName}></secret-setup>
              ${challengePageForm({
                endpoint: paths.selfChallenge,
                positions: POSITIONS,
                legend: challengeEn.legendSelf,
                charLabel: challengeEn.charLabel,
              })}
            </div>`
          : html`<div>
              <aup-consent endpoint=${paths.aupAcceptance} version="2026-11"><p>A short policy.</p></aup-consent>
              <secret-setup endpoint=${paths.secret} given-name=${demoUser.givenName}></secret-setup>
              <secret-challenge endpoint=${paths.selfChallenge}></secret-challenge>
            </div>`,
      );
      const aup = page.querySelector('aup-consent')!;
      const setup = page.querySelector('secret-setup')!;
      const challenge = page.querySelector('secret-challenge')!;
      if (mode === 'light') await setupToLight(setup);
      const accept = () =>
        aup.querySelector<HTMLButtonElement>(':scope > button[type="submit"]') ??
        part<HTMLButtonElement>(aup, 'accept');
      const w = watch();
      (mode === 'light' ? setup.querySelector<HTMLInputElement>('#secret')! : part(setup, 'input')).focus();
      await sendKeys({ type: GOOD });
      await until(() => boxes(challenge).length === 3, 5000, 'boxes');
      boxes(challenge)[0].focus();
      await sendKeys({ type: RIGHT.join('') });
      await until(() => aup.read, 5000, 'policy read');
      // The page's form has no Decline of the element's: leaving the page is how one declines there.
      if (mode === 'shadow') await press(part(aup, 'decline'));
      worker.use(...scenario('server-error'));
      await press(accept());
      await until(() => w.events.listed.some((e) => e.type === 'aup-error'), 5000, 'aup-error');
      worker.resetHandlers();
      await press(accept());
      await until(() => w.events.listed.some((e) => e.type === 'aup-accepted'), 5000, 'aup-accepted');
      expect(w.events.listed.map((e) => e.type).filter((t) => t.startsWith('aup-') && t !== 'aup-read')).to.deep.equal([
        ...(mode === 'shadow' ? ['aup-declined'] : []),
        'aup-error',
        'aup-accepted',
      ]);
      await expectNoLeak(w, 'with all three on the page', { secrets: [GOOD], answers: [RIGHT] });
      expect(errors).to.deep.equal([]);
    });
});
