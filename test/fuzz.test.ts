/**
 * Bad input and faults, for all three elements, in every browser:
 *
 * - Fuzz: a seeded generator (the seed is in each test's name, so a failure
 *   replays exactly) types and pastes random Unicode into every input: no
 *   escaped exception, every keystroke answered, rules always those of the
 *   rule engine, challenge boxes never holding anything but one letter.
 * - Faults: offline, a request cut short by removing the element, an HTML
 *   error page, empty bodies: a clear message, and what the user typed kept.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';
import { demoChallengeSecret, seedChallengePositions } from '../mocks/challenge.js';
import { demoUser, paths, scenario } from '../mocks/index.js';
import '../src/index.js';
import type { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import { aupConsentEnglish } from '../src/aup-consent/messages.js';
import { evaluateSecret, type RuleResult, type SecretContext } from '../src/rules/index.js';
import { secretChallengeEnglish } from '../src/secret-challenge/messages.js';
import type { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import { secretSetupEnglish } from '../src/secret-setup/messages.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import {
  boxes as boxesOf,
  part,
  paste,
  q,
  requests,
  resetMocks,
  scriptedPaste,
  text,
  until,
  useMocks,
} from './helpers.js';
import { challengePageForm, MODES, modeTitle, setupToLight } from './support/light.js';
import { nextFrame, seededRandom, stopAll, watchErrors, watchEvents } from './support/watch.js';

let worker: SetupWorker;

// --- random input ------------------------------------------------------------------

/**
 * What users, password managers and copy-paste bring: letters in and beyond
 * A to Z (some outside the BMP), emoji (surrogate pairs, modifiers, ZWJ
 * sequences, flags), combining marks, direction marks and overrides,
 * zero-width characters, no-break spaces, Cyrillic and Greek look-alikes,
 * digits and punctuation.
 */
const POOLS: readonly (readonly string[])[] = [
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  ['é', 'ŵ', 'ŷ', 'ß', 'ø', 'Ł', '字', 'ب', 'ש', 'Ω', '𝔘', '𐐷'],
  ['😀', '👍🏽', '👨‍👩‍👧', '🇬🇧', '🙂'],
  ['\u0301', '\u0308', '\u0327', 'e\u0301', 'a\u030a'],
  ['\u200e', '\u200f', '\u202e', '\u2066', '\u2069'],
  ['\u200b', '\u200c', '\u200d', '\ufeff'],
  ['\u00a0', '\u202f', ' '],
  ['а', 'е', 'о', 'р', 'с', 'Α', 'Ο', 'ο', 'і'],
  [...'0123456789'],
  [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
];
/** Only in pastes: keys that would move focus or submit when typed, and a lone surrogate. */
const PASTE_ONLY = ['\t', '\n', '\r\n', '\ud800', '\udfff'];

class Fuzzer {
  readonly random: () => number;
  constructor(readonly seed: number) {
    this.random = seededRandom(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
  /** `count` random tokens (a token may be several code points). */
  text(count: number, forPaste = false): string {
    let out = '';
    for (let i = 0; i < count; i++) {
      out += forPaste && this.random() < 0.05 ? this.pick(PASTE_ONLY) : this.pick(this.pick(POOLS));
    }
    return out;
  }
}

const SEEDS = { setupLatin: 20261127, setupUnicode: 734019, challengeSelf: 4242, challengeAgent: 99173, aup: 1618033 };

/** A box holds nothing, or exactly one letter (one code point). */
const isOneLetterOrEmpty = (value: string) => value === '' || ([...value].length === 1 && /^\p{L}$/u.test(value));

describe('bad input and faults', () => {
  before(async () => {
    worker = await useMocks();
  });
  beforeEach(() => {
    resetMocks();
    seedChallengePositions([2, 5, 8]);
  });
  afterEach(() => stopAll());

  describe('fuzz: random Unicode typed and pasted into every input', () => {
    for (const page of MODES)
      for (const alphabet of ['latin', 'unicode'] as const) {
        const seed = alphabet === 'latin' ? SEEDS.setupLatin : SEEDS.setupUnicode;
        /** Light mode runs the same loop shorter: the code under test is shared, only the fields differ. */
        const steps = page === 'light' ? 15 : 40;
        it(`<secret-setup alphabet="${alphabet}"> (${modeTitle(page)}): one secret-rules-change per input event, always the rule engine's answer (seed ${seed})`, async function () {
          this.timeout(60_000);
          const fuzz = new Fuzzer(seed);
          const errors = watchErrors();
          const el = await fixture<SecretSetupElement>(html`<secret-setup
          endpoint=${paths.secret}
          alphabet=${alphabet}
          given-name=${demoUser.givenName}
          family-name=${demoUser.familyName}
          organisation=${demoUser.organisation}
        ></secret-setup>`);
          if (page === 'light') await setupToLight(el);
          const context: SecretContext = { ...demoUser, alphabet };
          const light = page === 'light';
          const secret = light ? el.querySelector<HTMLInputElement>('#secret')! : part<HTMLInputElement>(el, 'input');
          const confirm = light
            ? el.querySelector<HTMLInputElement>('#secret-confirm')!
            : part<HTMLInputElement>(el, 'confirm-input');
          const expected = (): RuleResult[] => [
            ...evaluateSecret(secret.value, context),
            { id: 'match', state: confirm.value !== '' && confirm.value === secret.value ? 'met' : 'unmet' },
          ];

          let inputs = 0;
          let changes = 0;
          const mismatches: unknown[] = [];
          for (const field of [secret, confirm]) field.addEventListener('input', () => inputs++, { capture: true });
          // The event is fired while the input event is handled: the fields hold exactly what the rules describe.
          el.addEventListener('secret-rules-change', (event) => {
            changes++;
            const want = expected();
            const got = event.detail.rules;
            if (
              JSON.stringify(got) !== JSON.stringify(want) ||
              event.detail.valid !== want.every((r) => r.state !== 'unmet')
            ) {
              mismatches.push({ secret: secret.value, confirm: confirm.value, got, want });
            }
          });

          for (let step = 0; step < steps; step++) {
            const field = fuzz.random() < 0.7 ? secret : confirm;
            const action = fuzz.random();
            if (action < 0.55) {
              field.focus();
              await sendKeys({ type: fuzz.text(fuzz.int(1, 6)) });
            } else if (action < 0.7) {
              field.focus();
              for (let i = fuzz.int(1, 3); i > 0; i--) await sendKeys({ press: 'Backspace' });
            } else if (action < 0.95) {
              const pasted = fuzz.text(fuzz.int(1, 40), true);
              field.focus();
              scriptedPaste(field, fuzz.random() < 0.3 ? pasted : field.value + pasted);
            } else {
              await paste(field, fuzz.text(fuzz.int(1, 30), true));
            }
          }
          // A 10,000-character paste into each field: handled at once, never truncated.
          const huge = fuzz.text(10_000, true);
          secret.focus();
          scriptedPaste(secret, huge);
          expect(secret.value.length, 'no silent truncation').to.be.at.least(9_000);
          await paste(confirm, huge);
          await el.updateComplete;

          expect(mismatches).to.deep.equal([]);
          expect(changes, 'one secret-rules-change per input event').to.equal(inputs);
          expect(inputs).to.be.greaterThan(steps);
          const items = light
            ? el.querySelectorAll<HTMLElement>('li[data-rule]:not([hidden])')
            : el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="rule"]');
          const rendered = [...items].map((li) => ({
            id: li.dataset.rule,
            state: li.dataset.state,
          }));
          expect(rendered, 'the list shows the engine answer').to.deep.equal(expected());
          expect(errors).to.deep.equal([]);
        });
      }

    for (const page of MODES)
      for (const mode of ['self', 'agent'] as const) {
        const seed = mode === 'self' ? SEEDS.challengeSelf : SEEDS.challengeAgent;
        const steps = page === 'light' ? 15 : 45;
        it(`<secret-challenge mode="${mode}"> (${modeTitle(page)}): boxes only ever hold one letter each (seed ${seed})`, async function () {
          this.timeout(60_000);
          const fuzz = new Fuzzer(seed);
          const errors = watchErrors();
          const endpoint = mode === 'self' ? paths.selfChallenge : paths.agentChallenge.replace(':userId', demoUser.id);
          const found = await fixture<HTMLElement>(
            page === 'light'
              ? challengePageForm({
                  mode,
                  endpoint,
                  positions: [2, 5, 8],
                  legend: mode === 'self' ? secretChallengeEnglish.legendSelf : secretChallengeEnglish.legendAgent,
                  charLabel: secretChallengeEnglish.charLabel,
                })
              : html`<secret-challenge mode=${mode} endpoint=${endpoint}></secret-challenge>`,
          );
          const el = (
            found.localName === 'secret-challenge' ? found : found.querySelector('secret-challenge')!
          ) as SecretChallengeElement;
          await until(() => boxesOf(el).length === 3, 5000, 'boxes');
          const boxes = () => boxesOf(el);
          // Light mode: the whole-secret field's handling is the same code as in shadow mode, fuzzed there.
          const full = () =>
            page === 'light' ? null : el.querySelector<HTMLInputElement>('[part~="full-secret-input"]');
          const bad: string[] = [];
          const check = async (what: string) => {
            await el.updateComplete;
            const values = boxes().map((box) => box.value);
            if (values.length !== 3 || !values.every(isOneLetterOrEmpty))
              bad.push(`${what}: ${JSON.stringify(values)}`);
          };

          for (let step = 0; step < steps; step++) {
            const action = fuzz.random();
            const box = fuzz.pick(boxes());
            if (action < 0.45) {
              box.focus();
              const typed = fuzz.text(fuzz.int(1, 3));
              await sendKeys({ type: typed });
              await check(`typed ${JSON.stringify(typed)}`);
            } else if (action < 0.6) {
              box.focus();
              const key = fuzz.pick(['Backspace', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Delete']);
              await sendKeys({ press: key });
              await check(key);
            } else if (action < 0.75) {
              const pasted = fuzz.text(fuzz.int(1, 12), true);
              await paste(box, pasted);
              await check(`pasted ${JSON.stringify(pasted)}`);
            } else if (action < 0.85) {
              // Several characters in one input event: a drop, an autofill, a paste without clipboard data.
              const dropped = fuzz.text(fuzz.int(1, 12), true);
              box.focus();
              scriptedPaste(box, box.value + dropped);
              await check(`dropped ${JSON.stringify(dropped)}`);
            } else if (mode === 'self' && full()) {
              const field = full()!;
              if (fuzz.random() < 0.5) {
                field.focus();
                const typed = fuzz.text(fuzz.int(1, 8));
                await sendKeys({ type: typed });
              } else {
                await paste(field, fuzz.text(fuzz.int(1, 20), true));
                expect(field.value, 'a paste never stays in the whole-secret field').to.equal('');
              }
              await check('whole-secret field');
            }
          }
          // 10,000 characters into the first box and (self) the whole-secret field, random and all letters.
          const huge = fuzz.text(10_000, true);
          const letters = Array.from({ length: 10_000 }, () => fuzz.pick(POOLS[0])).join('');
          for (const value of [huge, letters]) {
            await paste(boxes()[0], value);
            await check('10,000 characters in the first box');
            if (mode === 'self' && full()) {
              await paste(full()!, value);
              expect(full()!.value).to.equal('');
              await check('10,000 characters in the whole-secret field');
            }
          }
          // The letters are a whole secret: its 2nd, 5th and 8th are taken.
          expect(boxes().map((b) => b.value)).to.deep.equal([letters[1], letters[4], letters[7]]);
          expect(bad).to.deep.equal([]);
          expect(
            requests.filter((r) => r.method === 'POST'),
            'nothing is sent without Verify',
          ).to.deep.equal([]);
          expect(errors).to.deep.equal([]);
        });
      }

    it(`<aup-consent>: random keys in the policy region, and a random Unicode version sent and echoed exactly (seed ${SEEDS.aup})`, async function () {
      this.timeout(30_000);
      const fuzz = new Fuzzer(SEEDS.aup);
      const errors = watchErrors();
      const seen = watchEvents();
      // Lone surrogates do not survive a JSON round trip through a UTF-8 body: keep the version well-formed.
      const version = fuzz.text(40).replace(/\s/g, '') || 'v';
      const el = await fixture<AupConsentElement>(html`<aup-consent
        endpoint=${paths.aupAcceptance}
        version=${version}
        style="--ase-policy-max-height: 8rem"
        >${Array.from({ length: 20 }, (_, i) => html`<p>${i} ${fuzz.text(30)}</p>`)}</aup-consent
      >`);
      const region = part(el, 'policy');
      region.focus();
      for (let step = 0; step < 30; step++) {
        if (fuzz.random() < 0.6) {
          await sendKeys({ press: fuzz.pick(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', ' ', 'Home']) });
        } else {
          await sendKeys({ type: fuzz.text(fuzz.int(1, 4)) });
        }
      }
      // End, as a person presses it: again if the first did not get there.
      // On a busy machine a smooth scroll started by the random keys can
      // swallow it, and glyphs from fallback fonts that load late (WebKit)
      // can grow the policy after the scroll. aup-consent.test.ts holds the
      // exact keyboard contract; this test is about random input.
      for (let attempt = 1; !el.read; attempt++) {
        await sendKeys({ press: 'End' });
        try {
          await until(() => el.read, 5000, 'end reached by keyboard');
        } catch (error) {
          if (attempt < 3) continue;
          const focused = document.activeElement === el ? el.shadowRoot!.activeElement : document.activeElement;
          const where = `scrollTop ${region.scrollTop} of ${region.scrollHeight - region.clientHeight}; focus on ${focused?.localName ?? 'nothing'}${focused?.id ? `#${focused.id}` : ''}`;
          throw new Error(`${(error as Error).message} after ${attempt} presses of End (${where})`, { cause: error });
        }
      }
      part(el, 'accept').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => seen.listed.some((e) => e.type === 'aup-accepted'), 5000, 'aup-accepted');
      const sent = requests.find((r) => r.url.pathname === paths.aupAcceptance)!;
      expect(JSON.parse(sent.body)).to.deep.equal({ version });
      const accepted = seen.listed.find((e) => e.type === 'aup-accepted')!.detail as { version: string };
      expect(accepted.version).to.equal(version);
      expect(errors).to.deep.equal([]);
    });
  });

  // --- faults ---------------------------------------------------------------------------------

  /** Holds every request to `path` until `release()`; the normal handler then answers. */
  function hold(method: 'get' | 'post', path: string): () => void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    worker.use(
      http[method](path, async () => {
        await released;
        return undefined;
      }),
    );
    return release;
  }

  /** Lets an answer that nobody should hear arrive: a round trip through the mock worker after it. */
  async function settleNetwork(): Promise<void> {
    worker.use(http.get('/__settle__', () => new HttpResponse(null, { status: 204 })));
    await fetch('/__settle__');
    for (let i = 0; i < 3; i++) await nextFrame();
  }

  const emptyOk = (method: 'get' | 'post', path: string) =>
    worker.use(http[method](path, () => new HttpResponse(null, { status: 200 })));
  const empty422 = (method: 'get' | 'post', path: string) =>
    worker.use(
      http[method](
        path,
        () => new HttpResponse(null, { status: 422, headers: { 'Content-Type': 'application/problem+json' } }),
      ),
    );

  describe('faults: <secret-setup>', () => {
    const GOOD = 'meadowlarks';
    const en = secretSetupEnglish;

    async function filled(): Promise<SecretSetupElement> {
      const el = await fixture<SecretSetupElement>(html`<secret-setup
        endpoint=${paths.secret}
        given-name=${demoUser.givenName}
        family-name=${demoUser.familyName}
        organisation=${demoUser.organisation}
      ></secret-setup>`);
      for (const name of ['input', 'confirm-input']) {
        part(el, name).focus();
        await sendKeys({ type: GOOD });
      }
      return el;
    }
    const kept = (el: SecretSetupElement) => [
      part<HTMLInputElement>(el, 'input').value,
      part<HTMLInputElement>(el, 'confirm-input').value,
    ];
    const summary = (el: SecretSetupElement) => text(q(el, '[part~="error-summary"] [role="alert"]'));

    const cases: Array<[string, () => void, { kind: string; status?: number }, string]> = [
      ['offline', () => worker.use(...scenario('network-error')), { kind: 'network' }, en.errorNetwork],
      [
        'an HTML error page (502)',
        () => worker.use(...scenario('html-error')),
        { kind: 'server', status: 502 },
        en.errorServer,
      ],
      [
        'a 422 with an empty body',
        () => empty422('post', paths.secret),
        { kind: 'bad-response', status: 422 },
        en.errorBadResponse,
      ],
    ];
    for (const [name, arrange, detail, message] of cases) {
      it(`${name}: secret-error ${JSON.stringify(detail)}, a clear message, both entries kept`, async () => {
        const errors = watchErrors();
        const el = await filled();
        const seen = watchEvents();
        arrange();
        part(el, 'submit').focus();
        await sendKeys({ press: 'Enter' });
        await until(() => seen.listed.some((e) => e.type === 'secret-error'), 5000, 'secret-error');
        await el.updateComplete;
        expect(seen.listed.map(({ type, detail: d }) => ({ type, d }))).to.deep.equal([
          { type: 'secret-error', d: detail },
        ]);
        expect(summary(el)).to.equal(message);
        expect(kept(el)).to.deep.equal([GOOD, GOOD]);
        expect(errors).to.deep.equal([]);
      });
    }

    it('a 200 with no body: saved (the contract needs no body), secret-saved {response: null}', async () => {
      const el = await filled();
      const seen = watchEvents();
      emptyOk('post', paths.secret);
      part(el, 'submit').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => seen.listed.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
      expect(seen.listed.map(({ type, detail }) => ({ type, detail }))).to.deep.equal([
        { type: 'secret-saved', detail: { response: null } },
      ]);
    });

    it('removed while saving: the request is abandoned, no event, no error, entries cleared', async () => {
      const errors = watchErrors();
      const el = await filled();
      const fields = [part<HTMLInputElement>(el, 'input'), part<HTMLInputElement>(el, 'confirm-input')];
      const release = hold('post', paths.secret);
      const seen = watchEvents();
      part(el, 'submit').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => requests.some((r) => r.method === 'POST'), 5000, 'request sent');
      el.remove();
      release();
      await settleNetwork();
      expect(seen.listed).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      expect(fields.map((f) => f.value)).to.deep.equal(['', '']);
    });
  });

  describe('faults: <secret-challenge>', () => {
    const SELF = paths.selfChallenge;
    const en = secretChallengeEnglish;
    const RIGHT = [...demoChallengeSecret].filter((_, i) => [2, 5, 8].includes(i + 1));

    const make = () => fixture<SecretChallengeElement>(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
    const boxes = (el: SecretChallengeElement) => [
      ...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="char-input"]'),
    ];
    async function answered(): Promise<SecretChallengeElement> {
      const el = await make();
      await until(() => boxes(el).length === 3, 5000, 'boxes');
      boxes(el)[0].focus();
      await sendKeys({ type: RIGHT.join('') });
      await el.updateComplete;
      return el;
    }
    const errorText = (el: SecretChallengeElement) => text(q(el, '[part~="error"] [role="alert"]'));

    const fetchCases: Array<[string, () => void, { kind: string; status?: number }, string]> = [
      ['offline', () => worker.use(...scenario('network-error')), { kind: 'network' }, en.errorNetwork],
      [
        'an HTML error page (502)',
        () => worker.use(...scenario('html-error')),
        { kind: 'server', status: 502 },
        en.errorServer,
      ],
      ['a 200 with no body', () => emptyOk('get', SELF), { kind: 'bad-response', status: 200 }, en.errorBadResponse],
    ];
    for (const [name, arrange, detail, message] of fetchCases) {
      it(`fetching, ${name}: challenge-error ${JSON.stringify(detail)}, a clear message and a way to try again`, async () => {
        const errors = watchErrors();
        const seen = watchEvents();
        arrange();
        const el = await make();
        await until(() => seen.listed.length > 0, 5000, 'an event');
        await el.updateComplete;
        expect(seen.listed).to.deep.equal([{ type: 'challenge-error', detail }]);
        expect(errorText(el)).to.equal(message);
        worker.resetHandlers();
        part(el, 'retry').click();
        await until(() => boxes(el).length === 3, 5000, 'boxes after retry');
        expect(errors).to.deep.equal([]);
      });
    }

    const verifyCases: Array<[string, () => void, { kind: string; status?: number }, string]> = [
      ['offline', () => worker.use(...scenario('network-error')), { kind: 'network' }, en.errorNetwork],
      [
        'an HTML error page (502)',
        () => worker.use(...scenario('html-error')),
        { kind: 'server', status: 502 },
        en.errorServer,
      ],
      ['a 200 with no body', () => emptyOk('post', SELF), { kind: 'bad-response', status: 200 }, en.errorBadResponse],
      [
        'a 422 with an empty body',
        () => empty422('post', SELF),
        { kind: 'bad-response', status: 422 },
        en.errorBadResponse,
      ],
    ];
    for (const [name, arrange, detail, message] of verifyCases) {
      it(`verifying, ${name}: challenge-error ${JSON.stringify(detail)}, a clear message, the letters kept`, async () => {
        const errors = watchErrors();
        const el = await answered();
        const seen = watchEvents();
        arrange();
        part(el, 'submit').focus();
        await sendKeys({ press: 'Enter' });
        await until(() => seen.listed.length > 0, 5000, 'an event');
        await el.updateComplete;
        expect(seen.listed).to.deep.equal([{ type: 'challenge-error', detail }]);
        expect(errorText(el)).to.equal(message);
        expect(boxes(el).map((b) => b.value)).to.deep.equal(RIGHT);
        expect(errors).to.deep.equal([]);
      });
    }

    it('removed while fetching: no event, no error; back on the page, it fetches again', async () => {
      const errors = watchErrors();
      const release = hold('get', SELF);
      const seen = watchEvents();
      const el = await make();
      await until(() => requests.length === 1, 5000, 'fetch sent');
      const parent = el.parentElement!;
      el.remove();
      release();
      await settleNetwork();
      expect(seen.listed).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      parent.append(el);
      await until(() => boxes(el).length === 3, 5000, 'boxes');
      expect(seen.listed.map((e) => e.type)).to.deep.equal(['challenge-ready']);
    });

    it('removed while verifying: no event, no error, the boxes cleared', async () => {
      const errors = watchErrors();
      const el = await answered();
      const release = hold('post', SELF);
      const seen = watchEvents();
      const held = boxes(el);
      part(el, 'submit').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => requests.some((r) => r.method === 'POST'), 5000, 'answer sent');
      el.remove();
      release();
      await settleNetwork();
      expect(seen.listed).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
      expect(held.map((b) => b.value)).to.deep.equal(['', '', '']);
    });
  });

  describe('faults: <aup-consent>', () => {
    const en = aupConsentEnglish;
    const VERSION = '2026-11';

    async function read(): Promise<AupConsentElement> {
      const el = await fixture<AupConsentElement>(html`<aup-consent endpoint=${paths.aupAcceptance} version=${VERSION}
        ><p>A short policy.</p></aup-consent
      >`);
      await until(() => el.read, 5000, 'short policy read');
      return el;
    }
    const summary = (el: AupConsentElement) => text(q(el, '[part~="error-summary"] [role="alert"]'));

    const cases: Array<[string, () => void, { kind: string; status?: number }, string]> = [
      ['offline', () => worker.use(...scenario('network-error')), { kind: 'network' }, en.errorNetwork],
      [
        'an HTML error page (502)',
        () => worker.use(...scenario('html-error')),
        { kind: 'server', status: 502 },
        en.errorServer,
      ],
      [
        'a 200 with no body',
        () => emptyOk('post', paths.aupAcceptance),
        { kind: 'bad-response', status: 200 },
        en.errorBadResponse,
      ],
      [
        'a 422 with an empty body',
        () => empty422('post', paths.aupAcceptance),
        { kind: 'bad-response', status: 422 },
        en.errorBadResponse,
      ],
    ];
    for (const [name, arrange, detail, message] of cases) {
      it(`accepting, ${name}: aup-error ${JSON.stringify(detail)}, a clear message, Accept still available`, async () => {
        const errors = watchErrors();
        const el = await read();
        const seen = watchEvents();
        arrange();
        part(el, 'accept').focus();
        await sendKeys({ press: 'Enter' });
        await until(() => seen.listed.length > 0, 5000, 'an event');
        await el.updateComplete;
        expect(seen.listed).to.deep.equal([{ type: 'aup-error', detail }]);
        expect(summary(el)).to.equal(message);
        expect(el.read, 'what was read stays read').to.equal(true);
        expect(part(el, 'accept').getAttribute('aria-disabled')).to.equal('false');
        expect(errors).to.deep.equal([]);
      });
    }

    const srcCases: Array<[string, () => void, { kind: string; status?: number }, string]> = [
      [
        'offline',
        () => worker.use(http.get('/policy/fault.html', () => HttpResponse.error())),
        { kind: 'network' },
        en.errorNetwork,
      ],
      [
        'an HTML error page (502)',
        () =>
          worker.use(
            http.get(
              '/policy/fault.html',
              () =>
                new HttpResponse('<h1>502 Bad Gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
            ),
          ),
        { kind: 'server', status: 502 },
        en.errorServer,
      ],
    ];
    for (const [name, arrange, detail, message] of srcCases) {
      it(`loading src, ${name}: aup-error ${JSON.stringify(detail)}, a clear message and a retry`, async () => {
        const errors = watchErrors();
        const seen = watchEvents();
        arrange();
        const el = await fixture<AupConsentElement>(
          html`<aup-consent endpoint=${paths.aupAcceptance} version=${VERSION} src="/policy/fault.html"></aup-consent>`,
        );
        await until(() => seen.listed.length > 0, 5000, 'an event');
        await el.updateComplete;
        expect(seen.listed).to.deep.equal([{ type: 'aup-error', detail }]);
        expect(text(q(el, '#load-error'))).to.equal(`Error: ${en.loadFailed} ${message}`);
        expect(q(el, '#retry')).to.not.equal(null);
        expect(el.read, 'nothing to read: not read').to.equal(false);
        expect(errors).to.deep.equal([]);
      });
    }

    it('removed while accepting: no event, no error', async () => {
      const errors = watchErrors();
      const el = await read();
      const release = hold('post', paths.aupAcceptance);
      const seen = watchEvents();
      part(el, 'accept').focus();
      await sendKeys({ press: 'Enter' });
      await until(() => requests.some((r) => r.method === 'POST'), 5000, 'request sent');
      el.remove();
      release();
      await settleNetwork();
      expect(seen.listed).to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });
  });
});
