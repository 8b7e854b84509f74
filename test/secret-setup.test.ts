import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { SetupWorker } from 'msw/browser';
import { http } from 'msw';
import { demoUser, paths, scenario, type Scenario } from '../mocks/index.js';
import type { ErrorDetail } from '../src/internal/http.js';
import { evaluateSecret, type RuleId, type RuleResult, type SecretContext } from '../src/rules/index.js';
import { secretSetupEnglish as en } from '../src/secret-setup/messages.js';
import { secretSetupWelsh as cy } from '../src/secret-setup/messages.cy.js';
import '../src/secret-setup/secret-setup.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { formContract } from './form-contract.js';
import {
  deepActiveElement,
  part,
  q,
  recordEvents,
  requests,
  resetMocks,
  scriptedPaste,
  text,
  typeInto,
  until,
  useMocks,
} from './helpers.js';
import { MODES, setupPageFields, setupToLight, type Mode } from './support/light.js';

const EVENTS = ['secret-rules-change', 'secret-saved', 'secret-rejected', 'secret-error', 'secret-done'];
const GOOD = 'meadowlarks';

let worker: SetupWorker;

/**
 * The two ways a page uses the element: its own fields in shadow DOM, or
 * the page's own fields among its children ("HTML first", MARKUP.md), in the
 * page's form. Suites run once per mode; `mode` is set by each run's
 * `before`, and `setup()` gives the page's fields in light mode. What only
 * one mode has is skipped in the other, with the reason.
 */
let mode: Mode = 'shadow';
/** Skips a test in light mode; `why` says why it cannot apply there. */
function shadowOnly(test: Mocha.Context, why: string): void {
  if (mode === 'light' && why) test.skip();
}
/** Visually hidden text: the shadow root's class, or the `ase-` one the element uses in the page's markup. */
const HIDDEN = '.visually-hidden, .ase-visually-hidden';

/** No page form navigates away from the test page: stopped last, on window, after the element has had its say. */
const stay = (event: Event) => event.preventDefault();

// --- reaching into the element as a user's assistive technology would -------

const light = (el: SecretSetupElement) => !!el.querySelector('#secret');
const secretInput = (el: SecretSetupElement) =>
  light(el) ? el.querySelector<HTMLInputElement>('#secret')! : part<HTMLInputElement>(el, 'input');
const confirmInput = (el: SecretSetupElement) =>
  light(el) ? el.querySelector<HTMLInputElement>('#secret-confirm')! : part<HTMLInputElement>(el, 'confirm-input');
const announcer = (el: SecretSetupElement) => q(el, '[data-announcer]')!;
const toggleOf = (el: SecretSetupElement) =>
  light(el) ? el.querySelector<HTMLButtonElement>('.ase-toggle')! : part<HTMLButtonElement>(el, 'toggle');
/** The Save control: the element's own button, or the page's submit button. */
const saveOf = (el: SecretSetupElement) =>
  light(el)
    ? el.closest('form')!.querySelector<HTMLButtonElement>(':scope > button[type="submit"]')!
    : part<HTMLButtonElement>(el, 'submit');
/** A field's inline error message, or null. */
const errorOf = (el: SecretSetupElement, field: 'secret' | 'confirm') =>
  light(el)
    ? el.querySelector<HTMLElement>(`#${field === 'secret' ? 'secret' : 'secret-confirm'}-ase-error`)
    : q(el, `#${field}-error`);
/** The id a summary link gives for a field. */
const hrefOf = (field: 'secret' | 'confirm') =>
  mode === 'light' && field === 'confirm' ? '#secret-confirm' : `#${field}`;

/** The rules list: the element's own, or the live list it keeps among the page's fields. */
const rulesOf = (el: SecretSetupElement) =>
  light(el) ? el.querySelector<HTMLElement>('ul.ase-rules')! : part(el, 'rules');
/** Whether the rules show as live (after typing or Save), not fresh. */
const isLive = (el: SecretSetupElement) =>
  rulesOf(el).classList.contains(light(el) ? 'ase-rules--live' : 'rules--live');
const ruleItem = (el: SecretSetupElement, id: RuleId) => ruleItems(el).find((li) => li.dataset.rule === id)!;

function ruleItems(el: SecretSetupElement): HTMLElement[] {
  if (light(el)) return [...el.querySelectorAll<HTMLElement>('li[data-rule]:not([hidden])')];
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="rule"]')];
}
/** The rules as rendered: `data-rule` and `data-state` of each item, in order. */
function renderedRules(el: SecretSetupElement): RuleResult[] {
  return ruleItems(el).map((li) => ({ id: li.dataset.rule as RuleId, state: li.dataset.state as RuleResult['state'] }));
}
function ruleState(el: SecretSetupElement, id: RuleId): string | undefined {
  return ruleItems(el).find((li) => li.dataset.rule === id)?.dataset.state;
}
/** A rule's visible text, without its visually hidden state prefix. */
function ruleText(el: SecretSetupElement, id: RuleId): string {
  const li = ruleItems(el)
    .find((item) => item.dataset.rule === id)!
    .cloneNode(true) as HTMLElement;
  li.querySelectorAll('.visually-hidden, .ase-visually-hidden').forEach((hidden) => hidden.remove());
  return text(li);
}
function summaryItems(el: SecretSetupElement): Array<{ text: string; href: string | null }> {
  return [...part(el, 'error-summary').querySelectorAll('li')].map((li) => ({
    text: text(li),
    href: li.querySelector('a')?.getAttribute('href') ?? null,
  }));
}

/** What the element should show for these entries, straight from the rule engine. */
function expectedRules(secret: string, confirm: string | null, context: SecretContext = demoUser): RuleResult[] {
  const rules = evaluateSecret(secret, context);
  if (confirm !== null) rules.push({ id: 'match', state: confirm !== '' && confirm === secret ? 'met' : 'unmet' });
  return rules;
}

// --- acting as a user ----------------------------------------------------------

async function fill(el: SecretSetupElement, secret: string, confirm = secret): Promise<void> {
  await typeInto(secretInput(el), secret);
  if (!el.noConfirm) await typeInto(confirmInput(el), confirm);
  await el.updateComplete;
}
/** Presses the Save button from the keyboard. */
async function pressSave(el: SecretSetupElement): Promise<void> {
  saveOf(el).focus();
  await sendKeys({ press: 'Enter' });
}
async function pressBackspace(times: number): Promise<void> {
  for (let i = 0; i < times; i++) await sendKeys({ press: 'Backspace' });
}
function centre(element: Element): [number, number] {
  element.scrollIntoView({ block: 'center' });
  const box = element.getBoundingClientRect();
  return [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)];
}

async function setup(
  template = html`<secret-setup
  endpoint=${paths.secret}
  given-name=${demoUser.givenName}
  family-name=${demoUser.familyName}
  organisation=${demoUser.organisation}
></secret-setup>`,
): Promise<SecretSetupElement> {
  const found = await fixture<HTMLElement>(template);
  const el = (found.localName === 'secret-setup' ? found : found.querySelector('secret-setup')) as SecretSetupElement;
  await el.updateComplete;
  if (mode === 'light') await setupToLight(el);
  return el;
}

/** Holds every save request at the server until `release()`; the normal handler then answers. */
function holdRequests(): () => void {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  worker.use(
    http.post(paths.secret, async () => {
      await released;
      return undefined;
    }),
  );
  return release;
}

/** Records every call of `fetch` (the element's requests go through it), with its init. */
let fetchCalls: Array<{ url: string; init: RequestInit | undefined }> = [];
const originalFetch = window.fetch;
function spyOnFetch(): void {
  fetchCalls = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    fetchCalls.push({ url: String(input instanceof Request ? input.url : input), init });
    return originalFetch.call(window, input, init);
  };
}

function nonRuleEvents(events: ReturnType<typeof recordEvents>) {
  return events.filter((e) => e.type !== 'secret-rules-change').map(({ type, detail }) => ({ type, detail }));
}

before(async () => {
  worker = await useMocks();
  window.addEventListener('submit', stay);
});
after(() => window.removeEventListener('submit', stay));
beforeEach(() => {
  resetMocks();
  spyOnFetch();
});
afterEach(async () => {
  window.fetch = originalFetch;
  await resetMouse();
});

for (const m of MODES)
  describe(`<secret-setup> (${m === 'light' ? "light DOM: the page's own fields" : 'shadow DOM: its own fields'})`, () => {
    before(() => (mode = m));
    after(() => (mode = 'shadow'));

    describe('accessibility (axe) in every state', () => {
      it('initial', async () => {
        const el = await setup();
        await expect(el).to.be.accessible();
      });

      it('typing, with unmet rules', async () => {
        const el = await setup();
        await typeInto(secretInput(el), 'mary1');
        await el.updateComplete;
        expect(renderedRules(el).some((r) => r.state === 'unmet')).to.equal(true);
        await expect(el).to.be.accessible();
      });

      it('secret shown', async () => {
        const el = await setup();
        await typeInto(secretInput(el), 'mary');
        toggleOf(el).click();
        await el.updateComplete;
        expect(secretInput(el).type).to.equal('text');
        await expect(el).to.be.accessible();
      });

      it('error summary after Save with unmet rules', async () => {
        const el = await setup();
        await fill(el, 'mary1', 'mary2');
        await pressSave(el);
        await until(() => deepActiveElement() === q(el, '[part~="error-summary"]'), 5000, 'summary focus');
        await expect(el).to.be.accessible();
      });

      it('422 (history)', async () => {
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, 'BlueBellWood');
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-rejected'), 5000, 'secret-rejected');
        await el.updateComplete;
        await expect(el).to.be.accessible();
      });

      it('service error', async () => {
        worker.use(...scenario('server-error'));
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-error'), 5000, 'secret-error');
        await el.updateComplete;
        await expect(el).to.be.accessible();
      });

      it('success', async () => {
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        await el.updateComplete;
        await expect(el).to.be.accessible();
      });
    });

    describe('live rules', () => {
      it('lists every rule with data-rule and data-state, in display order', async () => {
        const el = await setup();
        expect(rulesOf(el).localName).to.equal('ul');
        expect(renderedRules(el)).to.deep.equal(expectedRules('', ''));
        expect(ruleItems(el).map((li) => ruleText(el, li.dataset.rule as RuleId))).to.deep.equal([
          en.ruleLetters,
          en.ruleNotName,
          en.ruleLength(9),
          en.ruleHistory(5),
          en.ruleMatch,
        ]);
        // The list updates quietly: it is not itself a live region.
        expect(rulesOf(el).closest('[aria-live], [role="status"], [role="alert"]')).to.equal(null);
      });

      it('updates every rule on every keystroke, as the rule engine says', async () => {
        const el = await setup();
        const field = secretInput(el);
        field.focus();
        const keys = ['M', 'a', 'r', 'y', 'S', 'm', 'i', 't', 'h', '1', 'Backspace', 'x'];
        let typed = '';
        for (const key of keys) {
          if (key === 'Backspace') {
            await sendKeys({ press: 'Backspace' });
            typed = typed.slice(0, -1);
          } else {
            await sendKeys({ type: key });
            typed += key;
          }
          await el.updateComplete;
          expect(field.value, `after ${key}`).to.equal(typed);
          expect(renderedRules(el), `after "${typed}"`).to.deep.equal(expectedRules(typed, ''));
        }
        // Checkpoints a reader can verify by hand.
        expect(typed).to.equal('MarySmithx');
        expect(ruleState(el, 'letters')).to.equal('met');
        expect(ruleState(el, 'not-name'), 'contains the full name').to.equal('unmet');
        expect(ruleState(el, 'length')).to.equal('met');
        expect(ruleState(el, 'history'), 'only the server knows').to.equal('pending');

        await pressBackspace(typed.length);
        await sendKeys({ type: GOOD });
        const confirm = confirmInput(el);
        confirm.focus();
        let confirmed = '';
        for (const key of GOOD) {
          expect(ruleState(el, 'match'), `match before "${confirmed}${key}"`).to.equal('unmet');
          await sendKeys({ type: key });
          confirmed += key;
          await el.updateComplete;
          expect(renderedRules(el)).to.deep.equal(expectedRules(GOOD, confirmed));
        }
        expect(ruleState(el, 'match')).to.equal('met');
        expect(renderedRules(el).map((r) => r.state)).to.deep.equal(['met', 'met', 'met', 'pending', 'met']);
      });

      it('looks neutral before typing: an unmet rule is a to-do, not an error', async () => {
        const el = await setup();
        const letters = ruleItem(el, 'letters');
        const icon = letters.querySelector('.icon, .ase-icon')!;
        const errorColour = 'rgb(213, 40, 27)';
        expect(letters.dataset.state).to.equal('unmet');
        expect(isLive(el), 'fresh').to.equal(false);
        const before = getComputedStyle(icon, '::before');
        const fresh = { content: before.content, colour: before.color, text: getComputedStyle(letters).color };
        expect(fresh.colour).to.not.equal(errorColour);
        expect(fresh.text).to.not.equal(errorColour);

        await typeInto(secretInput(el), '1');
        await el.updateComplete;
        expect(letters.dataset.state).to.equal('unmet');
        expect(isLive(el)).to.equal(true);
        const after = getComputedStyle(icon, '::before');
        expect(after.content, 'mark').to.not.equal(fresh.content);
        expect(after.color).to.equal(errorColour);
        // The state is also in words, for screen readers, both before and after typing.
        expect(text(letters.querySelector(HIDDEN))).to.equal(en.stateUnmet);
      });

      it('fires secret-rules-change once per input, with {valid, rules} and never the secret', async () => {
        const el = await setup();
        const events = recordEvents(el, ['secret-rules-change']);
        let inputs = 0;
        secretInput(el).addEventListener('input', () => inputs++);
        confirmInput(el).addEventListener('input', () => inputs++);
        await typeInto(secretInput(el), 'meadow1');
        expect(inputs).to.equal(7);
        expect(events.length).to.equal(7);
        await pressBackspace(1);
        await sendKeys({ type: 'larks' });
        await typeInto(confirmInput(el), GOOD);
        expect(inputs).to.equal(7 + 1 + 5 + GOOD.length);
        expect(events.length).to.equal(inputs);

        for (const { detail, event } of events) {
          expect(event.bubbles && event.composed).to.equal(true);
          expect(Object.keys(detail as object).sort()).to.deep.equal(['rules', 'valid']);
          const { valid, rules } = detail as { valid: boolean; rules: RuleResult[] };
          expect(valid).to.equal(rules.every((r) => r.state !== 'unmet'));
          for (const rule of rules) expect(Object.keys(rule).sort()).to.deep.equal(['id', 'state']);
          expect(JSON.stringify(detail)).to.not.match(/meadow|larks/i);
        }
        expect(events[0].detail).to.deep.equal({ valid: false, rules: expectedRules('m', '') });
        expect(events.at(-1)!.detail).to.deep.equal({ valid: true, rules: expectedRules(GOOD, GOOD) });
      });

      it('announces one polite summary after a pause in typing, not one per keystroke', async () => {
        const el = await setup();
        const region = announcer(el);
        expect(region.getAttribute('aria-live')).to.equal('polite');
        expect(region.getAttribute('role')).to.equal('status');
        expect(text(region)).to.equal('');
        const said: string[] = [];
        new MutationObserver(() => {
          if (text(region)) said.push(text(region));
        }).observe(region, { childList: true, characterData: true, subtree: true });

        // Key by key, with a few frames after each: typing at a steady pace,
        // far faster than the pause that lets the summary through.
        secretInput(el).focus();
        for (const key of GOOD) {
          await sendKeys({ type: key });
          for (let frame = 0; frame < 4; frame++) await new Promise(requestAnimationFrame);
          expect(said, `nothing said while typing (after "${key}")`).to.deep.equal([]);
        }
        await until(() => text(region) !== '', 5000, 'announcement');
        expect(text(region)).to.equal('3 of 4 rules met');
        expect(said).to.deep.equal(['3 of 4 rules met']);

        await typeInto(confirmInput(el), GOOD);
        await until(() => text(region) === en.rulesAllMet, 5000, 'all met');
        expect(said).to.deep.equal(['3 of 4 rules met', 'All rules met']);
      });

      for (const { secret, state, why } of [
        { secret: 'smithmary', state: 'unmet', why: 'the full name in the other order' },
        { secret: 'MARYSMITH', state: 'unmet', why: 'the full name, in capitals' },
        { secret: 'LeedsTeachingHospitalsNHSTrust', state: 'unmet', why: 'the organisation' },
        { secret: 'myleedsteachinghospitalsnhstrust', state: 'unmet', why: 'containing the organisation' },
        { secret: 'maryland', state: 'met', why: 'only starting like a name' },
      ]) {
        it(`uses given-name, family-name and organisation: "${secret}" is ${state} (${why})`, async () => {
          const el = await setup();
          await typeInto(secretInput(el), secret);
          await el.updateComplete;
          expect(ruleState(el, 'not-name')).to.equal(state);
        });
      }

      it('leaves not-name pending when no name is known (the server decides)', async () => {
        const el = await setup(html`<secret-setup endpoint=${paths.secret}></secret-setup>`);
        await typeInto(secretInput(el), 'marysmith');
        await el.updateComplete;
        expect(ruleState(el, 'not-name')).to.equal('pending');
        const li = ruleItem(el, 'not-name').querySelector(HIDDEN);
        expect(text(li)).to.equal(en.statePending);
      });

      it('no-confirm removes the confirmation field and the match rule', async () => {
        const el = await setup(html`<secret-setup endpoint=${paths.secret} no-confirm></secret-setup>`);
        expect(el.noConfirm).to.equal(true);
        expect(q(el, '[part~="confirm-input"]')).to.equal(null);
        expect(renderedRules(el).map((r) => r.id)).to.deep.equal(['letters', 'not-name', 'length', 'history']);
        expect(toggleOf(el).getAttribute('aria-controls')).to.equal('secret');
        const events = recordEvents(el, EVENTS);
        await typeInto(secretInput(el), GOOD);
        expect(events.at(-1)!.detail).to.deep.equal({ valid: true, rules: expectedRules(GOOD, null, {}) });
        await sendKeys({ press: 'Enter' });
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        expect(JSON.parse(requests[0].body)).to.deep.equal({ secret: GOOD });
      });

      it('honours min-length and max-length, and names the maximum above it', async () => {
        const el = await setup(html`<secret-setup min-length="4" max-length="6"></secret-setup>`);
        expect([el.minLength, el.maxLength]).to.deep.equal([4, 6]);
        expect(ruleText(el, 'length')).to.equal('be at least 4 letters long');
        await typeInto(secretInput(el), 'abc');
        await el.updateComplete;
        expect(ruleState(el, 'length')).to.equal('unmet');
        await sendKeys({ type: 'd' });
        await el.updateComplete;
        expect(ruleState(el, 'length')).to.equal('met');
        await sendKeys({ type: 'efg' });
        await el.updateComplete;
        expect(ruleState(el, 'length')).to.equal('unmet');
        expect(ruleText(el, 'length')).to.equal('be no more than 6 letters long');
        expect(el.value, 'never truncated').to.equal('abcdefg');
      });

      it('names the default maximum (64) above it', async () => {
        const el = await setup();
        scriptedPaste(secretInput(el), 'a'.repeat(65));
        await el.updateComplete;
        expect(ruleState(el, 'length')).to.equal('unmet');
        expect(ruleText(el, 'length')).to.equal('be no more than 64 letters long');
        scriptedPaste(secretInput(el), 'a'.repeat(64));
        await el.updateComplete;
        expect(ruleState(el, 'length')).to.equal('met');
        expect(ruleText(el, 'length')).to.equal('be at least 9 letters long');
      });

      it('falls back to the defaults for unusable min-length and max-length', async () => {
        const el = await setup(html`<secret-setup min-length="lots" max-length="-3"></secret-setup>`);
        expect(ruleText(el, 'length')).to.equal('be at least 9 letters long');
        scriptedPaste(secretInput(el), GOOD);
        await el.updateComplete;
        expect(ruleState(el, 'length')).to.equal('met');
      });

      it('accepts accented letters with alphabet="unicode", not by default', async () => {
        const latin = await setup(html`<secret-setup></secret-setup>`);
        await typeInto(secretInput(latin), 'crèmebrûlée');
        await latin.updateComplete;
        expect(ruleState(latin, 'letters')).to.equal('unmet');
        expect(ruleState(latin, 'length')).to.equal('met');

        const unicode = await setup(html`<secret-setup alphabet="unicode"></secret-setup>`);
        await typeInto(secretInput(unicode), 'crèmebrûlée');
        await unicode.updateComplete;
        expect(ruleState(unicode, 'letters')).to.equal('met');
        expect(renderedRules(unicode)).to.deep.equal(
          evaluateSecret('crèmebrûlée', { alphabet: 'unicode' }).concat({ id: 'match', state: 'unmet' }),
        );
      });

      it('words the history rule from history-size', async () => {
        const el = await setup(html`<secret-setup history-size="3"></secret-setup>`);
        expect(ruleText(el, 'history')).to.equal('not be one of your last 3 secrets');
        const byDefault = await setup(html`<secret-setup></secret-setup>`);
        expect(ruleText(byDefault, 'history')).to.equal('not be one of your last 5 secrets');
      });

      it('reflects its attributes to properties and back', async () => {
        const el = await setup(
          html`<secret-setup given-name="Ann" timeout="500" credentials="include"></secret-setup>`,
        );
        expect([el.givenName, el.timeout, el.credentials]).to.deep.equal(['Ann', 500, 'include']);
        el.organisation = 'Acme';
        el.historySize = 7;
        await el.updateComplete;
        expect(el.getAttribute('organisation')).to.equal('Acme');
        expect(ruleText(el, 'history')).to.equal('not be one of your last 7 secrets');
      });

      it('puts no attribute on itself for a default, and a removed attribute reads as its default again', async () => {
        const el = await setup(html`<secret-setup min-length="12"></secret-setup>`);
        // Like a native input: the defaults are the properties' values, not attributes the page did not write.
        expect([el.minLength, el.maxLength, el.historySize, el.alphabet, el.credentials, el.timeout]).to.deep.equal([
          12,
          64,
          5,
          'latin',
          'same-origin',
          15000,
        ]);
        expect([el.endpoint, el.name, el.givenName, el.required, el.disabled, el.noConfirm]).to.deep.equal([
          '',
          '',
          '',
          false,
          false,
          false,
        ]);
        const written = ['min-length', 'max-length', 'history-size', 'alphabet', 'credentials', 'timeout', 'endpoint'];
        expect(written.filter((name) => el.hasAttribute(name))).to.deep.equal(['min-length']);
        expect(ruleText(el, 'length')).to.equal('be at least 12 letters long');
        el.removeAttribute('min-length');
        await el.updateComplete;
        expect(el.minLength).to.equal(9);
        expect(ruleText(el, 'length')).to.equal('be at least 9 letters long');
        // Set, a property is written back like any other; removed, the attribute gives the default back.
        el.timeout = 500;
        await el.updateComplete;
        expect(el.getAttribute('timeout')).to.equal('500');
        el.removeAttribute('timeout');
        expect(el.timeout).to.equal(15000);
      });
    });

    describe('bad input', () => {
      const cases: Array<{ name: string; value: string; by: 'keys' | 'paste' }> = [
        { name: 'digits', value: 'meadow123', by: 'keys' },
        { name: 'spaces inside and at the ends', value: ' meadow larks ', by: 'keys' },
        { name: 'hyphens and apostrophes', value: "o'meadow-lark", by: 'keys' },
        { name: 'emoji', value: 'meadow🙂larks', by: 'paste' },
        { name: 'a zero-width space', value: 'meadow\u200Blarks', by: 'paste' },
        { name: 'a zero-width joiner', value: 'meadow\u200Dlarks', by: 'paste' },
        { name: 'a non-breaking space', value: 'meadow\u00A0larks', by: 'paste' },
        { name: 'Cyrillic look-alike letters', value: 'm\u0435\u0430dowl\u0430rks', by: 'keys' },
        {
          name: 'Cyrillic look-alikes, pasted',
          value: '\u0441\u043E\u0440\u0435\u0445\u0443\u0430\u0440',
          by: 'paste',
        },
      ];
      for (const { name, value, by } of cases) {
        it(`${name}: letters unmet, rules as the engine says, nothing truncated, no exception`, async () => {
          const errors: unknown[] = [];
          const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push(event);
          window.addEventListener('error', onError);
          window.addEventListener('unhandledrejection', onError);
          try {
            const el = await setup();
            const events = recordEvents(el, ['secret-rules-change']);
            if (by === 'keys') {
              await typeInto(secretInput(el), value);
              await el.updateComplete;
            } else {
              scriptedPaste(secretInput(el), value);
              await el.updateComplete;
            }
            expect(secretInput(el).value).to.equal(value);
            expect(el.value).to.equal(value);
            expect(ruleState(el, 'letters')).to.equal('unmet');
            expect(renderedRules(el)).to.deep.equal(expectedRules(value, ''));
            expect(events.at(-1)!.detail).to.deep.equal({ valid: false, rules: expectedRules(value, '') });
            scriptedPaste(confirmInput(el), value);
            await el.updateComplete;
            await pressSave(el);
            await until(() => q(el, '[part~="error-summary"]') !== null, 5000, 'summary');
            expect(summaryItems(el)[0]).to.deep.equal({ text: en.errorLetters, href: '#secret' });
            expect(fetchCalls).to.deep.equal([]);
          } finally {
            window.removeEventListener('error', onError);
            window.removeEventListener('unhandledrejection', onError);
          }
          expect(errors).to.deep.equal([]);
        });
      }

      it('a 10,000-character paste: kept whole, length unmet naming the maximum, no request', async () => {
        const long = 'abcdefghij'.repeat(1000);
        const el = await setup();
        for (const field of [secretInput(el), confirmInput(el)])
          expect(field.hasAttribute('maxlength')).to.equal(false);
        scriptedPaste(secretInput(el), long);
        await el.updateComplete;
        scriptedPaste(confirmInput(el), long);
        await el.updateComplete;
        expect(el.value.length).to.equal(10_000);
        expect(secretInput(el).value).to.equal(long);
        expect(renderedRules(el)).to.deep.equal(expectedRules(long, long));
        expect(ruleText(el, 'length')).to.equal('be no more than 64 letters long');
        await pressSave(el);
        await until(() => q(el, '[part~="error-summary"]') !== null, 5000, 'summary');
        expect(summaryItems(el)).to.deep.equal([{ text: 'Your secret must be 64 letters or fewer', href: '#secret' }]);
        expect(fetchCalls).to.deep.equal([]);
      });

      it('counts a decomposed accent once (NFC) with alphabet="unicode"', async () => {
        const el = await setup(html`<secret-setup alphabet="unicode" min-length="5" max-length="5"></secret-setup>`);
        scriptedPaste(secretInput(el), 'cafe\u0301s');
        await el.updateComplete;
        expect(ruleState(el, 'letters')).to.equal('met');
        expect(ruleState(el, 'length')).to.equal('met');
      });
    });

    describe('show and hide', () => {
      it('is a button with visible Show/Hide, named "Show secret"/"Hide secret", controlling both inputs', async () => {
        const el = await setup();
        const toggle = toggleOf(el);
        expect(toggle.localName).to.equal('button');
        expect(toggle.type).to.equal('button');
        expect(text(toggle)).to.equal('Show');
        expect(toggle.getAttribute('aria-label')).to.equal('Show secret');
        const controlled = toggle.getAttribute('aria-controls')!.split(' ');
        expect(controlled).to.deep.equal([secretInput(el).id, confirmInput(el).id]);
        const tree = light(el) ? document : el.shadowRoot!;
        expect(
          controlled.map((id) => tree.getElementById(id)),
          "in the toggle's own tree",
        ).to.deep.equal([secretInput(el), confirmInput(el)]);
        expect([secretInput(el).type, confirmInput(el).type]).to.deep.equal(['password', 'password']);

        await fill(el, 'meadow', 'mead');
        toggle.focus();
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
        expect([secretInput(el).type, confirmInput(el).type]).to.deep.equal(['text', 'text']);
        expect(text(toggle)).to.equal('Hide');
        expect(toggle.getAttribute('aria-label')).to.equal('Hide secret');
        expect(deepActiveElement(), 'focus stays on the toggle').to.equal(toggle);
        await until(() => text(announcer(el)) === en.secretShown, 5000, 'shown announcement');
        expect([secretInput(el).value, confirmInput(el).value], 'values untouched').to.deep.equal(['meadow', 'mead']);

        await sendKeys({ press: ' ' }); // Space: Firefox's driver knows it only as ' '
        await el.updateComplete;
        expect([secretInput(el).type, confirmInput(el).type]).to.deep.equal(['password', 'password']);
        expect(text(toggle)).to.equal('Show');
        await until(() => text(announcer(el)) === en.secretHidden, 5000, 'hidden announcement');
      });

      it('goes back to hidden on Save', async () => {
        const el = await setup();
        await fill(el, GOOD, 'meadowlark');
        toggleOf(el).click();
        await el.updateComplete;
        expect(secretInput(el).type).to.equal('text');
        await pressSave(el);
        await el.updateComplete;
        expect([secretInput(el).type, confirmInput(el).type]).to.deep.equal(['password', 'password']);
        expect(text(toggleOf(el))).to.equal('Show');
      });

      it('is hidden again after a successful save', async () => {
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        toggleOf(el).click();
        await el.updateComplete;
        expect(secretInput(el).type).to.equal('text');
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'saved');
        part(el, 'success').querySelector('button')!.click();
        await el.updateComplete;
        expect(secretInput(el).type).to.equal('password');
      });
    });

    describe('Save with unmet rules', () => {
      it('sends nothing and shows a focused error summary at the top listing each problem', async () => {
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, 'mary1', 'mary2');
        expect(q(el, '[part~="error-summary"]'), 'no summary before Save').to.equal(null);
        await pressSave(el);
        const summary = await (async () => {
          await until(() => deepActiveElement() === q(el, '[part~="error-summary"]'), 5000, 'summary focus');
          return part(el, 'error-summary');
        })();
        expect(fetchCalls).to.deep.equal([]);
        expect(requests).to.deep.equal([]);
        expect(nonRuleEvents(events)).to.deep.equal([]);
        // At the top: before the warning and every field.
        const firstPart = el.shadowRoot!.querySelector('[part]');
        expect(firstPart).to.equal(summary);
        expect(summary.getAttribute('tabindex')).to.equal('-1');
        expect(summary.querySelector('[role="alert"]')).to.not.equal(null);
        expect(text(summary.querySelector('h2'))).to.equal(en.errorSummaryTitle);
        expect(summaryItems(el)).to.deep.equal([
          { text: en.errorLetters, href: '#secret' },
          { text: en.errorNotName, href: '#secret' },
          { text: en.errorTooShort(9), href: '#secret' },
          { text: en.errorMatch, href: hrefOf('confirm') },
        ]);
        expect(el.matches(':state(user-invalid)')).to.equal(true);
      });

      it('asks for a secret, once, when Save is pressed with nothing typed', async () => {
        const el = await setup();
        await pressSave(el);
        await until(() => q(el, '[part~="error-summary"]') !== null, 5000, 'summary');
        expect(summaryItems(el)).to.deep.equal([{ text: en.errorEmpty, href: '#secret' }]);
        expect(fetchCalls).to.deep.equal([]);
      });

      it('links move focus to their field without changing the URL', async () => {
        const el = await setup();
        const href = location.href;
        const hash = location.hash;
        await fill(el, 'mary1', 'mary2');
        await pressSave(el);
        await until(() => deepActiveElement() === q(el, '[part~="error-summary"]'), 5000, 'summary focus');
        await sendKeys({ press: 'Tab' });
        const links = [...part(el, 'error-summary').querySelectorAll('a')];
        expect(deepActiveElement()).to.equal(links[0]);
        await sendKeys({ press: 'Enter' });
        expect(deepActiveElement()).to.equal(secretInput(el));
        expect(location.hash).to.equal(hash);
        expect(location.href).to.equal(href);

        links.at(-1)!.focus();
        await sendKeys({ press: 'Enter' });
        expect(deepActiveElement()).to.equal(confirmInput(el));
        expect(location.href).to.equal(href);
      });

      it('shows inline errors with a hidden "Error:" prefix, described after the hint, and aria-invalid only while shown', async () => {
        const el = await setup();
        await fill(el, 'mary1', 'mary2');
        // Typing alone shows no error.
        expect(secretInput(el).hasAttribute('aria-invalid')).to.equal(false);
        expect(confirmInput(el).hasAttribute('aria-invalid')).to.equal(false);
        expect(errorOf(el, 'secret')).to.equal(null);

        await pressSave(el);
        await el.updateComplete;
        const secretError = errorOf(el, 'secret')!;
        expect(text(secretError.querySelector(HIDDEN))).to.equal('Error:');
        expect(text(secretError)).to.equal(`Error: ${en.errorLetters}`);
        expect(text(errorOf(el, 'confirm'))).to.equal(`Error: ${en.errorMatch}`);
        expect(secretInput(el).getAttribute('aria-invalid')).to.equal('true');
        expect(confirmInput(el).getAttribute('aria-invalid')).to.equal('true');
        const described = secretInput(el).getAttribute('aria-describedby')!.split(' ');
        const [secretErrorId, confirmErrorId] = [errorOf(el, 'secret')!.id, errorOf(el, 'confirm')!.id];
        expect(described.indexOf('secret-hint')).to.be.lessThan(described.indexOf(secretErrorId));
        expect(described[0]).to.equal('secret-hint');
        expect(described.at(-1)).to.equal(secretErrorId);
        // Every id resolves in the inputs' own tree: the shadow root, or the page (light mode).
        const tree = light(el) ? document : el.shadowRoot!;
        for (const id of described) expect(tree.getElementById(id), id).to.not.equal(null);
        expect(confirmInput(el).getAttribute('aria-describedby')).to.equal(confirmErrorId);
        // The field's error style: the element's own field (light mode: the page's classes, not the element's).
        if (!light(el)) expect(q(el, '#secret')!.closest('.field')!.classList.contains('field--error')).to.equal(true);

        // Fixing the secret removes its error at once; the confirmation's stays.
        secretInput(el).focus();
        await sendKeys({ press: 'End' });
        await pressBackspace(5);
        await sendKeys({ type: GOOD });
        await el.updateComplete;
        expect(errorOf(el, 'secret')).to.equal(null);
        expect(secretInput(el).hasAttribute('aria-invalid')).to.equal(false);
        expect(secretInput(el).getAttribute('aria-describedby')!.split(' ')).to.not.include(secretErrorId);
        expect(confirmInput(el).getAttribute('aria-invalid')).to.equal('true');

        confirmInput(el).focus();
        await sendKeys({ press: 'End' });
        await pressBackspace(5);
        await sendKeys({ type: GOOD });
        await el.updateComplete;
        expect(confirmInput(el).hasAttribute('aria-invalid')).to.equal(false);
        expect(q(el, '[part~="error-summary"]')).to.equal(null);
        expect(el.matches(':state(user-invalid)')).to.equal(false);
      });
    });

    describe('Save with every client rule met', () => {
      it('sends exactly the contract request: POST, JSON headers, host headers, body {"secret"}', async () => {
        const el = await setup();
        el.headers = { 'X-CSRF-Token': 'csrf-123' };
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        expect(requests.length).to.equal(1);
        const [request] = requests;
        expect(request.method).to.equal('POST');
        expect(request.url.href).to.equal(new URL(paths.secret, location.href).href);
        expect(request.headers.get('content-type')).to.equal('application/json');
        expect(request.headers.get('accept')).to.equal('application/json, application/problem+json');
        expect(request.headers.get('x-csrf-token')).to.equal('csrf-123');
        expect(request.body).to.equal(JSON.stringify({ secret: GOOD }));
        expect(fetchCalls.length).to.equal(1);
        expect(fetchCalls[0].init?.credentials).to.equal('same-origin');
      });

      it('calls a headers function (async) before the request and sends what it resolves to', async () => {
        const el = await setup();
        let calls = 0;
        el.headers = async () => {
          calls++;
          await new Promise((resolve) => setTimeout(resolve, 0));
          return { Authorization: 'Bearer token-1' };
        };
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        expect(calls).to.equal(1);
        expect(requests[0].headers.get('authorization')).to.equal('Bearer token-1');
        expect(requests[0].headers.get('content-type')).to.equal('application/json');
      });

      for (const credentials of ['include', 'omit'] as const) {
        it(`passes credentials="${credentials}" to fetch`, async () => {
          const el = await setup(
            html`<secret-setup endpoint=${paths.secret} credentials=${credentials}></secret-setup>`,
          );
          const events = recordEvents(el, EVENTS);
          await fill(el, GOOD);
          await pressSave(el);
          await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
          expect(fetchCalls.map((call) => call.init?.credentials)).to.deep.equal([credentials]);
        });
      }

      it('sends with pending rules: no names known, the server decides', async () => {
        const el = await setup(html`<secret-setup endpoint=${paths.secret}></secret-setup>`);
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        expect(ruleState(el, 'not-name')).to.equal('pending');
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        expect(requests.map((r) => r.body)).to.deep.equal([JSON.stringify({ secret: GOOD })]);
      });

      it('shows a focused success notification, clears both fields and fires secret-saved {response}', async () => {
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        const saved = nonRuleEvents(events);
        expect(saved.map((e) => e.type)).to.deep.equal(['secret-saved']);
        const { response } = saved[0].detail as { response: { savedAt: string } };
        expect(Object.keys(saved[0].detail as object)).to.deep.equal(['response']);
        expect(Object.keys(response)).to.deep.equal(['savedAt']);
        expect(Number.isNaN(Date.parse(response.savedAt))).to.equal(false);

        await until(
          () => q(el, '[part~="success"]') !== null && deepActiveElement() === q(el, '[part~="success"]'),
          5000,
          'success focus',
        );
        const success = part(el, 'success');
        expect(success.getAttribute('role')).to.equal('status');
        expect(text(success)).to.contain(en.successTitle);
        expect(el.matches(':state(saved)')).to.equal(true);
        expect(el.value).to.equal('');
        expect(q(el, '[part~="input"]'), 'the form is replaced by the notification').to.equal(null);
      });

      it('OK fires secret-done and returns to empty fields, focused', async () => {
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => deepActiveElement() === q(el, '[part~="success"]'), 5000, 'success focus');
        await sendKeys({ press: 'Tab' });
        const ok = part(el, 'success').querySelector('button')!;
        expect(deepActiveElement()).to.equal(ok);
        expect(text(ok)).to.equal('OK');
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
        expect(nonRuleEvents(events).map((e) => e.type)).to.deep.equal(['secret-saved', 'secret-done']);
        const done = events.find((e) => e.type === 'secret-done')!;
        expect(done.detail).to.deep.equal({});
        expect(done.event.cancelable && done.event.bubbles && done.event.composed).to.equal(true);
        expect(q(el, '[part~="success"]')).to.equal(null);
        expect([secretInput(el).value, confirmInput(el).value]).to.deep.equal(['', '']);
        expect(renderedRules(el)).to.deep.equal(expectedRules('', ''));
        expect(isLive(el), 'fresh').to.equal(false);
        await until(() => deepActiveElement() === secretInput(el), 5000, 'focus on the secret input');
      });

      it('keeps the notification when secret-done is prevented', async () => {
        const el = await setup();
        el.addEventListener('secret-done', (event) => event.preventDefault());
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => deepActiveElement() === q(el, '[part~="success"]'), 5000, 'success focus');
        part(el, 'success').querySelector('button')!.click();
        await el.updateComplete;
        expect(events.filter((e) => e.type === 'secret-done').length).to.equal(1);
        expect(q(el, '[part~="success"]')).to.not.equal(null);
        expect(el.matches(':state(saved)')).to.equal(true);
      });
    });

    describe('422 from the server', () => {
      it('a previous secret in another case: history unmet, secret-rejected, summary focused, values kept', async () => {
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, 'BlueBellWood');
        expect(ruleState(el, 'history')).to.equal('pending');
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-rejected'), 5000, 'secret-rejected');
        expect(nonRuleEvents(events)).to.deep.equal([{ type: 'secret-rejected', detail: { rules: ['history'] } }]);
        // The rule list follows the server's answer, and the host hears of it.
        expect(events.at(-1)!.type).to.equal('secret-rules-change');
        expect(events.at(-1)!.detail).to.deep.equal({
          valid: false,
          rules: expectedRules('BlueBellWood', 'BlueBellWood').map((r) =>
            r.id === 'history' ? { id: 'history', state: 'unmet' } : r,
          ),
        });
        await until(() => deepActiveElement() === q(el, '[part~="error-summary"]'), 5000, 'summary focus');
        expect(ruleState(el, 'history')).to.equal('unmet');
        expect(summaryItems(el)).to.deep.equal([{ text: en.errorHistory(5), href: '#secret' }]);
        expect(text(errorOf(el, 'secret'))).to.equal(`Error: ${en.errorHistory(5)}`);
        expect([secretInput(el).value, confirmInput(el).value]).to.deep.equal(['BlueBellWood', 'BlueBellWood']);

        // Saving the same secret again is refused without asking the server.
        await pressSave(el);
        await el.updateComplete;
        expect(requests.length).to.equal(1);

        // Editing the secret makes history a question for the server again.
        secretInput(el).focus();
        await sendKeys({ press: 'End' });
        await sendKeys({ type: 's' });
        await el.updateComplete;
        expect(ruleState(el, 'history')).to.equal('pending');
        expect(errorOf(el, 'secret')).to.equal(null);
      });

      it('several rules from the server are each marked unmet', async () => {
        worker.use(
          http.post(paths.secret, () =>
            Response.json(
              {
                type: 'about:blank',
                title: 'Secret not accepted',
                status: 422,
                errors: [{ rule: 'not-name' }, { rule: 'history', detail: 'x' }],
              },
              { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
            ),
          ),
        );
        const el = await setup(html`<secret-setup endpoint=${paths.secret}></secret-setup>`);
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-rejected'), 5000, 'secret-rejected');
        expect(nonRuleEvents(events)).to.deep.equal([
          { type: 'secret-rejected', detail: { rules: ['not-name', 'history'] } },
        ]);
        expect([ruleState(el, 'not-name'), ruleState(el, 'history')]).to.deep.equal(['unmet', 'unmet']);
        await el.updateComplete;
        expect(summaryItems(el).map((i) => i.text)).to.deep.equal([en.errorNotName, en.errorHistory(5)]);
      });
    });

    describe('failures', () => {
      const failures: Array<{ scenario: Scenario; detail: ErrorDetail; message: string; timeout?: number }> = [
        { scenario: 'bad-request', detail: { kind: 'bad-response', status: 400 }, message: en.errorBadResponse },
        { scenario: 'session-expired', detail: { kind: 'unauthorized', status: 401 }, message: en.errorUnauthorized },
        { scenario: 'forbidden', detail: { kind: 'forbidden', status: 403 }, message: en.errorForbidden },
        {
          scenario: 'rate-limited',
          detail: { kind: 'rate-limited', status: 429 },
          message: 'You have tried too many times. Try again in 2 minutes.',
        },
        { scenario: 'server-error', detail: { kind: 'server', status: 500 }, message: en.errorServer },
        { scenario: 'html-error', detail: { kind: 'server', status: 502 }, message: en.errorServer },
        { scenario: 'network-error', detail: { kind: 'network' }, message: en.errorNetwork },
        { scenario: 'hang', detail: { kind: 'timeout' }, message: en.errorTimeout, timeout: 300 },
        { scenario: 'malformed', detail: { kind: 'bad-response', status: 422 }, message: en.errorBadResponse },
      ];
      for (const failure of failures) {
        it(`${failure.scenario}: secret-error ${JSON.stringify(failure.detail)}, a clear message, what was typed kept`, async () => {
          worker.use(...scenario(failure.scenario));
          const el = await setup();
          if (failure.timeout) el.setAttribute('timeout', String(failure.timeout));
          const events = recordEvents(el, EVENTS);
          await fill(el, GOOD);
          await pressSave(el);
          await until(() => events.some((e) => e.type === 'secret-error'), 5000, 'secret-error');
          expect(nonRuleEvents(events)).to.deep.equal([{ type: 'secret-error', detail: failure.detail }]);
          await until(() => deepActiveElement() === q(el, '[part~="error-summary"]'), 5000, 'summary focus');
          expect(summaryItems(el)).to.deep.equal([{ text: failure.message, href: null }]);
          expect([secretInput(el).value, confirmInput(el).value]).to.deep.equal([GOOD, GOOD]);
          expect(el.value).to.equal(GOOD);
          expect(requests.length).to.equal(1);
          // The page's own button keeps the page's wording.
          if (mode === 'shadow') expect(text(part(el, 'submit'))).to.equal(en.save);
          expect(el.matches(':state(saving)')).to.equal(false);
          expect(secretInput(el).readOnly).to.equal(false);
        });
      }

      it('a 503 with Retry-After as an HTTP date is a server error', async () => {
        worker.use(
          http.post(
            paths.secret,
            () =>
              new Response('', {
                status: 503,
                headers: { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() },
              }),
          ),
        );
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-error'), 5000, 'secret-error');
        expect(nonRuleEvents(events)).to.deep.equal([
          { type: 'secret-error', detail: { kind: 'server', status: 503 } },
        ]);
      });

      it('can be retried after a failure, and the message goes away', async () => {
        worker.use(...scenario('server-error'));
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-error'), 5000, 'secret-error');
        worker.resetHandlers();
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        expect(nonRuleEvents(events).map((e) => e.type)).to.deep.equal(['secret-error', 'secret-saved']);
        expect(requests.length).to.equal(2);
        await el.updateComplete;
        expect(q(el, '[part~="error-summary"]')).to.equal(null);
      });

      it('a double click sends exactly one request, and shows it is saving', async () => {
        const release = holdRequests();
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        const position = centre(saveOf(el));
        await sendMouse({ type: 'click', position });
        await sendMouse({ type: 'click', position });
        await el.updateComplete;
        expect(fetchCalls.length).to.equal(1);
        // The page's own button keeps the page's wording; the inputs show it (read-only) in both modes.
        if (mode === 'shadow') {
          expect(text(part(el, 'submit'))).to.equal(en.saving);
          expect(part(el, 'submit').getAttribute('aria-disabled')).to.equal('true');
        }
        expect(el.matches(':state(saving)')).to.equal(true);
        expect(secretInput(el).readOnly).to.equal(true);
        release();
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        expect(fetchCalls.length).to.equal(1);
        expect(requests.length).to.equal(1);
        expect(nonRuleEvents(events).map((e) => e.type)).to.deep.equal(['secret-saved']);
      });

      it('Enter twice sends exactly one request', async () => {
        const release = holdRequests();
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await sendKeys({ press: 'Enter' });
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
        expect(fetchCalls.length).to.equal(1);
        release();
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
        expect(requests.length).to.equal(1);
      });

      it('abandons the request quietly when removed mid-flight', async () => {
        holdRequests();
        const el = await setup();
        const events = recordEvents(el, EVENTS);
        await fill(el, GOOD);
        await pressSave(el);
        await el.updateComplete;
        expect(fetchCalls.length).to.equal(1);
        // Removed once the request is at the server (held there): on a busy machine the mock hears of it late,
        // and a request it heard of after this test would count in the next test's.
        await until(() => requests.length === 1, 5000, 'the request at the server');
        el.remove();
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(nonRuleEvents(events)).to.deep.equal([]);
        expect(el.value).to.equal('');
      });
    });

    describe('secret hygiene', () => {
      const SECRET = 'QuietMeadowlarks';
      /** The secret and every six-letter run of it, in lower case. */
      const fragments = [
        SECRET.toLowerCase(),
        ...[...SECRET.toLowerCase()].map((_, i, all) => all.slice(i, i + 6).join('')).filter((f) => f.length === 6),
      ];
      const leaks = (where: string, value: string) => {
        const lower = value.toLowerCase();
        const found = fragments.find((f) => lower.includes(f));
        expect(found, `${where} holds part of the secret`).to.equal(undefined);
      };

      function checkDom(el: SecretSetupElement): void {
        leaks('host outerHTML', el.outerHTML);
        leaks('shadow markup', el.shadowRoot!.innerHTML);
        const nodes: Element[] = [el, ...el.shadowRoot!.querySelectorAll('*')];
        for (const node of nodes) {
          for (const name of node.getAttributeNames())
            leaks(`${node.localName}[${name}]`, node.getAttribute(name) ?? '');
        }
      }
      function checkPage(): void {
        leaks('location.href', location.href);
        leaks('document.cookie', document.cookie);
        for (const storage of [localStorage, sessionStorage]) {
          for (let i = 0; i < storage.length; i++) {
            const key = storage.key(i)!;
            leaks('storage key', key);
            leaks('storage value', storage.getItem(key) ?? '');
          }
        }
      }

      /** The focused element, for a timeout's message: its tag, id and part. */
      const focusName = () => {
        const active = deepActiveElement();
        return active
          ? `${active.localName}${active.id ? `#${active.id}` : ''}[${active.getAttribute('part') ?? ''}]`
          : 'none';
      };

      it('never reaches an event detail, an attribute, the URL, storage, cookies or the console', async () => {
        const logged: string[] = [];
        const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
        // Replaced through an alias: the test must see every method, not only those lint allows.
        const sink: Console = globalThis.console;
        const originals = methods.map((m) => sink[m]);
        for (const m of methods) {
          sink[m] = (...args: unknown[]) => {
            logged.push(args.map((a) => (typeof a === 'string' ? a : String(a))).join(' '));
          };
        }
        const seen: unknown[] = [];
        const onAny = (event: Event) => seen.push((event as CustomEvent).detail);
        const types = [...EVENTS, 'input', 'change', 'invalid'];
        for (const type of types) document.addEventListener(type, onAny, true);
        try {
          worker.use(...scenario('server-error'));
          const el = await setup();
          // Typing, shown, with errors, a server failure, then success.
          await fill(el, SECRET, 'QuietMeadow');
          toggleOf(el).click();
          await el.updateComplete;
          checkDom(el);
          await pressSave(el);
          // The summary takes focus after the failed Save: typing starts once it has, as a person's would.
          await until(() => deepActiveElement() === q(el, '[part~="error-summary"]'), 5000, 'the summary focused');
          checkDom(el);
          confirmInput(el).focus();
          await sendKeys({ press: 'End' });
          await sendKeys({ type: 'larks' });
          await until(
            () => confirmInput(el).value === SECRET,
            5000,
            () => `the typed confirmation (focus: ${focusName()})`,
          );
          await pressSave(el);
          // Waits apart, so that a timeout says which step did not come, and what the page showed then:
          // the request going out, or the error coming back.
          await until(
            () => requests.length === 1,
            5000,
            () =>
              `the save request (${requests.length} sent, ${el.rules.filter((r) => r.state !== 'met').length} rules not met, focus: ${focusName()})`,
          );
          await until(() => q(el, '[part~="error-summary"]') !== null, 5000, 'server error');
          expect(requests.length).to.equal(1);
          await el.updateComplete;
          checkDom(el);
          worker.resetHandlers();
          await pressSave(el);
          await until(() => q(el, '[part~="success"]') !== null, 5000, 'success');
          checkDom(el);
          checkPage();
          expect(requests.length).to.equal(2);
          expect(el.value).to.equal('');
        } finally {
          methods.forEach((m, i) => (sink[m] = originals[i]));
          for (const type of types) document.removeEventListener(type, onAny, true);
        }
        expect(seen.length).to.be.greaterThan(0);
        leaks('event details', JSON.stringify(seen));
        for (const line of logged) leaks('console', line);
      });

      it('is cleared from the element and its inputs when the element leaves the page', async () => {
        const el = await setup();
        await fill(el, SECRET);
        const inputs = [secretInput(el), confirmInput(el)];
        el.remove();
        expect(el.value).to.equal('');
        expect(inputs.map((i) => i.value)).to.deep.equal(['', '']);
        // Back on the page it starts afresh.
        document.body.append(el);
        await el.updateComplete;
        expect([secretInput(el).value, confirmInput(el).value]).to.deep.equal(['', '']);
        expect(renderedRules(el)).to.deep.equal(expectedRules('', '', demoUser));
        el.remove();
      });

      it('uses no password autocomplete, no spellcheck, no autocapitalisation and no maxlength', async function () {
        shadowOnly(
          this,
          "the page writes its inputs' attributes (MARKUP.md); light-dom.test.ts checks the element leaves them as given",
        );
        const el = await setup();
        for (const field of [secretInput(el), confirmInput(el)]) {
          expect(field.getAttribute('autocomplete')).to.equal('off');
          expect(field.getAttribute('spellcheck')).to.equal('false');
          expect(field.getAttribute('autocapitalize')).to.equal('none');
          expect(field.getAttribute('autocorrect')).to.equal('off');
          expect(field.hasAttribute('maxlength')).to.equal(false);
        }
        expect(secretInput(el).getAttribute('passwordrules')).to.equal(
          'minlength: 9; maxlength: 64; allowed: lower, upper;',
        );
      });
    });

    describe('form association', () => {
      formContract<SecretSetupElement>({
        render: ({ name, required }) =>
          html`<secret-setup name=${name} ?required=${required} given-name="Mary" family-name="Smith"></secret-setup>`,
        makeValid: async (el) => {
          await fill(el, GOOD);
          return GOOD;
        },
      });

      it('in a form without endpoint: no Save button, and Enter submits the form', async () => {
        const form = await fixture<HTMLFormElement>(
          html`<form method="post"><secret-setup name="secret"></secret-setup></form>`,
        );
        const el = form.querySelector('secret-setup')!;
        await el.updateComplete;
        expect(q(el, '[part~="submit"]')).to.equal(null);
        const submitted: Array<string | null> = [];
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          submitted.push(new FormData(form).get('secret') as string | null);
        });
        await fill(el, GOOD);
        await sendKeys({ press: 'Enter' });
        expect(submitted).to.deep.equal([GOOD]);
        expect(fetchCalls).to.deep.equal([]);
      });

      it('updates the form value and validity by the time secret-rules-change reaches the host', async () => {
        const form = await fixture<HTMLFormElement>(
          html`<form method="post"><secret-setup name="secret" no-confirm></secret-setup></form>`,
        );
        const el = form.querySelector('secret-setup')!;
        const seen: Array<[string | null, boolean]> = [];
        // Not `input`: events carrying typed characters stay inside the shadow root (SPEC, hardening).
        el.addEventListener('secret-rules-change', () =>
          seen.push([new FormData(form).get('secret') as string | null, el.validity.valid]),
        );
        await typeInto(secretInput(el), 'ab1');
        expect(seen).to.deep.equal([
          ['a', false],
          ['ab', false],
          ['ab1', false],
        ]);
        expect(el.validity.patternMismatch).to.equal(true);
      });

      it('gives what was typed to a form that takes it by its form attribute, and nothing once it lets go', async function () {
        shadowOnly(this, "the page's own fields post themselves");
        // Out of a form the value is not given to ElementInternals on each keystroke (no one can read it): it
        // must be there as soon as a form takes the element. (Moving the element clears it: only the `form`
        // attribute joins it to a form with a secret typed.)
        const form = Object.assign(document.createElement('form'), { method: 'post', id: 'later-form' });
        document.body.append(form);
        try {
          const el = await fixture<SecretSetupElement>(html`<secret-setup name="secret" no-confirm></secret-setup>`);
          await typeInto(secretInput(el), 'meadow');
          expect(el.form).to.equal(null);
          el.setAttribute('form', 'later-form');
          expect(el.form).to.equal(form);
          expect(new FormData(form).get('secret')).to.equal('meadow');
          await typeInto(secretInput(el), 'larks');
          expect(new FormData(form).get('secret')).to.equal('meadowlarks');
          el.removeAttribute('form');
          expect(new FormData(form).get('secret')).to.equal(null);
        } finally {
          form.remove();
        }
      });

      it('an invalid submission shows the inline errors and focuses the field at fault', async () => {
        const form = await fixture<HTMLFormElement>(html`<form><secret-setup name="secret"></secret-setup></form>`);
        const el = form.querySelector('secret-setup')!;
        let submits = 0;
        form.addEventListener('submit', (event) => {
          event.preventDefault();
          submits++;
        });
        await fill(el, GOOD, 'meadow');
        expect(el.validity.customError).to.equal(true);
        expect(el.validationMessage).to.equal(en.errorMatch);
        secretInput(el).focus();
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
        expect(submits).to.equal(0);
        expect(text(errorOf(el, 'confirm'))).to.equal(`Error: ${en.errorMatch}`);
        expect(confirmInput(el).getAttribute('aria-invalid')).to.equal('true');
        expect(deepActiveElement(), 'the anchor is the confirmation input').to.equal(confirmInput(el));
      });

      it('reports the first unmet rule as its validity, anchored at the secret input', async () => {
        const form = await fixture<HTMLFormElement>(html`<form><secret-setup name="secret"></secret-setup></form>`);
        const el = form.querySelector('secret-setup')!;
        await typeInto(secretInput(el), 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmn');
        await el.updateComplete;
        expect(el.validity.tooLong).to.equal(true);
        expect(el.validationMessage).to.equal(en.errorTooLong(64));
        confirmInput(el).focus();
        expect(el.reportValidity()).to.equal(false);
        expect(deepActiveElement()).to.equal(secretInput(el));
      });

      it('never restores a secret from session history', async () => {
        const states: unknown[] = [];
        const original = ElementInternals.prototype.setFormValue;
        ElementInternals.prototype.setFormValue = function (this: ElementInternals, value, state) {
          states.push(state);
          original.call(this, value, state);
        };
        try {
          const form = await fixture<HTMLFormElement>(html`<form><secret-setup name="secret"></secret-setup></form>`);
          const el = form.querySelector('secret-setup')!;
          await fill(el, GOOD);
          expect(states.length).to.be.greaterThan(0);
          for (const state of states) expect(String(state)).to.not.contain('meadow');
          el.formStateRestoreCallback();
          await el.updateComplete;
          expect(el.value).to.equal('');
          expect([secretInput(el).value, confirmInput(el).value]).to.deep.equal(['', '']);
        } finally {
          ElementInternals.prototype.setFormValue = original;
        }
      });
    });

    describe('languages and strings', () => {
      it('speaks Welsh under lang="cy" once the pack has loaded', async function () {
        shadowOnly(
          this,
          "the labels and the Save button are the page's, in the page's language; light-dom.test.ts checks what the element adds in Welsh",
        );
        const el = await setup(html`<div lang="cy"><secret-setup endpoint=${paths.secret}></secret-setup></div>`);
        await until(() => text(q(el, 'label[for="secret"]')) === cy.secretLabel, 5000, 'Welsh pack');
        expect(ruleItems(el).map((li) => ruleText(el, li.dataset.rule as RuleId))).to.deep.equal([
          cy.ruleLetters,
          cy.ruleNotName,
          cy.ruleLength(9),
          cy.ruleHistory(5),
          cy.ruleMatch,
        ]);
        expect(text(q(el, 'label[for="confirm"]'))).to.equal(cy.confirmLabel);
        expect(text(toggleOf(el))).to.equal(cy.show);
        expect(toggleOf(el).getAttribute('aria-label')).to.equal(cy.showSecret);
        expect(text(part(el, 'submit'))).to.equal(cy.save);
        await pressSave(el);
        await until(() => q(el, '[part~="error-summary"]') !== null, 5000, 'summary');
        expect(text(part(el, 'error-summary').querySelector('h2'))).to.equal(cy.errorSummaryTitle);
        expect(summaryItems(el)).to.deep.equal([{ text: cy.errorEmpty, href: '#secret' }]);
        expect(text(errorOf(el, 'secret')!.querySelector(HIDDEN))).to.equal(cy.errorPrefix);
        await expect(el).to.be.accessible();
      });

      it('follows a region subtag (cy-GB) and a language set later', async () => {
        const wrapper = await fixture<HTMLDivElement>(html`<div lang="en"><secret-setup></secret-setup></div>`);
        const el = wrapper.querySelector('secret-setup')!;
        await el.updateComplete;
        expect(text(q(el, 'label[for="secret"]'))).to.equal(en.secretLabel);
        wrapper.setAttribute('lang', 'cy-GB');
        await until(() => text(q(el, 'label[for="secret"]')) === cy.secretLabel, 5000, 'Welsh pack');
      });

      it('takes per-instance string overrides, over English and over Welsh', async function () {
        shadowOnly(this, "the overridden label is the page's own <label>, which the element never rewrites");
        const el = await setup(html`<secret-setup></secret-setup>`);
        el.strings = { secretLabel: 'Memorable word', ruleLength: (min: number) => `use ${min} or more letters` };
        await el.updateComplete;
        expect(text(q(el, 'label[for="secret"]'))).to.equal('Memorable word');
        expect(ruleText(el, 'length')).to.equal('use 9 or more letters');
        expect(ruleText(el, 'letters'), 'others keep their defaults').to.equal(en.ruleLetters);
        const other = await setup(html`<secret-setup></secret-setup>`);
        expect(text(q(other, 'label[for="secret"]')), 'only that instance').to.equal(en.secretLabel);

        const welsh = await setup(html`<div lang="cy"><secret-setup></secret-setup></div>`);
        welsh.strings = { secretLabel: 'Gair cofiadwy' };
        await until(() => ruleText(welsh, 'letters') === cy.ruleLetters, 5000, 'Welsh pack');
        expect(text(q(welsh, 'label[for="secret"]'))).to.equal('Gair cofiadwy');
      });

      it('shows the warning never to share the secret', async function () {
        shadowOnly(
          this,
          "the page shows its own warning (server/src/pages/templates/secret.njk); the element adds none beside the page's fields",
        );
        const el = await setup();
        expect(text(part(el, 'warning'))).to.contain(en.warning);
      });
    });

    describe('settings changed after the first render', () => {
      it('adds and removes the confirmation field and the Save button, which then work as at first', async function () {
        shadowOnly(this, "the page's own markup decides its fields and its submit button");
        const el = await setup();
        await typeInto(secretInput(el), GOOD);

        el.noConfirm = true;
        await el.updateComplete;
        expect(q(el, '#confirm'), 'no confirmation field').to.equal(null);
        expect(toggleOf(el).getAttribute('aria-controls')).to.equal('secret');
        expect(renderedRules(el).map((r) => r.id)).not.to.include('match');

        el.removeAttribute('endpoint');
        await el.updateComplete;
        expect(q(el, '[part~="submit"]'), 'no Save button without an endpoint').to.equal(null);
        await expect(el).to.be.accessible();

        el.noConfirm = false;
        el.endpoint = paths.secret;
        await el.updateComplete;
        const confirm = confirmInput(el);
        expect(text(confirm.labels![0])).to.equal(en.confirmLabel);
        expect(confirm.type, 'hidden like the secret').to.equal('password');
        expect(toggleOf(el).getAttribute('aria-controls')).to.equal('secret confirm');
        expect(text(saveOf(el))).to.equal(en.save);
        expect(ruleState(el, 'match')).to.equal('unmet');
        await typeInto(confirm, GOOD);
        await el.updateComplete;
        expect(ruleState(el, 'match')).to.equal('met');
        await expect(el).to.be.accessible();

        const events = recordEvents(el, EVENTS);
        await pressSave(el);
        await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
      });

      it("empties its own inputs when the page's fields take over", async function () {
        shadowOnly(this, 'it starts with its own fields');
        const el = await setup(html`<form method="post" action="/never">
          <secret-setup given-name=${demoUser.givenName} family-name=${demoUser.familyName}></secret-setup>
        </form>`);
        const own = secretInput(el);
        await typeInto(own, 'mary');
        el.append(setupPageFields());
        await until(() => !!el.querySelector('.ase-toggle'), 5000, "the page's fields enhanced");
        await el.updateComplete;
        expect(own.isConnected, 'its own fields are put aside').to.equal(false);
        expect(own.value, 'holding nothing typed').to.equal('');
      });

      it("keeps each element's fields its own", async function () {
        shadowOnly(this, "the page's fields are the page's");
        const [one, two] = [await setup(), await setup()];
        await typeInto(secretInput(one), 'mary');
        await one.updateComplete;
        expect(secretInput(two).value).to.equal('');
        expect(isLive(two), 'the other list still fresh').to.equal(false);
        await pressSave(one);
        await until(() => errorOf(one, 'secret') !== null, 5000, 'error message');
        expect(errorOf(two, 'secret'), 'no error in the other').to.equal(null);
        expect(q(two, '[part~="error-summary"]')).to.equal(null);
      });
    });
  });
