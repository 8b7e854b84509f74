import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { nothing, render, type TemplateResult } from 'lit';
import { demoUser, paths } from '../mocks/index.js';
import { evaluateSecret, type RuleResult } from '../src/rules/index.js';
import { secretSetupEnglish as en } from '../src/secret-setup/messages.js';
import { secretSetupWelsh as cy } from '../src/secret-setup/messages.cy.js';
import '../src/secret-setup/secret-setup.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import {
  deepActiveElement,
  part,
  press,
  q,
  recordEvents,
  requests,
  resetMocks,
  text,
  typeInto,
  until,
  useMocks,
} from './helpers.js';
import { pageSource, setupPageForm } from './support/light.js';

/**
 * `<secret-setup>` in both of its modes: its own fields in its shadow root,
 * and (SPEC "HTML first", docs/elements/secret-setup.md) the page's own
 * fields in light DOM, as the reference server's pages render them
 * (notes: MARKUP.md). The behaviours a person relies on run over both
 * modes through one fixture and one set of accessors per mode; what only
 * the page's own form can do (a native submission, a server's error
 * message, the markup before the element is defined) follows.
 */

const GOOD = 'meadowlarks';
const EVENTS = ['secret-rules-change', 'secret-saved', 'secret-rejected', 'secret-error', 'secret-done'];

interface Options {
  endpoint?: boolean;
  lang?: string;
  noConfirm?: boolean;
  /** The page shows a server-rendered error for the secret (GOV.UK markup). */
  serverError?: boolean;
  method?: string;
}

/** The page's markup (MARKUP.md, the shared fixture), in a form that posts into the `sink` frame. */
function pageMarkup(o: Options = {}): TemplateResult {
  return html`<div lang=${o.lang ?? 'en'}>
    <iframe name="sink" title="Where the form posts"></iframe>
    ${pageForm(o)}
  </div>`;
}

/** The page's form itself: its rules list shown, and the demo user's names given to the element. */
const pageForm = (o: Options = {}, target: string | null = 'sink'): TemplateResult =>
  setupPageForm({
    endpoint: o.endpoint ? paths.secret : undefined,
    method: o.method,
    action: '/__echo',
    target: target ?? undefined,
    givenName: demoUser.givenName,
    familyName: demoUser.familyName,
    organisation: demoUser.organisation,
    noConfirm: o.noConfirm,
    rules: true,
    serverError: o.serverError ? 'Your secret must not be one of your last 5 secrets' : undefined,
  });

/** How a test reaches the fields, the toggle, the rules and the Save control in one mode. */
interface Mode {
  name: 'shadow' | 'light';
  setup(o?: Options): Promise<SecretSetupElement>;
  secret(el: SecretSetupElement): HTMLInputElement;
  confirm(el: SecretSetupElement): HTMLInputElement;
  toggle(el: SecretSetupElement): HTMLButtonElement;
  items(el: SecretSetupElement): HTMLElement[];
  /** The inline error message of a field, or null. */
  error(el: SecretSetupElement, field: 'secret' | 'confirm'): HTMLElement | null;
  /** The tree the inputs' ARIA id references resolve in. */
  tree(el: SecretSetupElement): Document | ShadowRoot;
  /** Presses Save (the element's button, or the page's submit button). */
  save(el: SecretSetupElement): Promise<void>;
  /** What axe checks: the element, or the page's whole form. */
  scope(el: SecretSetupElement): Element;
}

const shadow: Mode = {
  name: 'shadow',
  async setup(o = {}) {
    const wrapper = await fixture<HTMLElement>(html`<div lang=${o.lang ?? 'en'}>
      <secret-setup
        endpoint=${o.endpoint ? paths.secret : nothing}
        given-name=${demoUser.givenName}
        family-name=${demoUser.familyName}
        organisation=${demoUser.organisation}
        ?no-confirm=${!!o.noConfirm}
      ></secret-setup>
    </div>`);
    const el = wrapper.querySelector('secret-setup')!;
    await el.updateComplete;
    return el;
  },
  secret: (el) => part<HTMLInputElement>(el, 'input'),
  confirm: (el) => part<HTMLInputElement>(el, 'confirm-input'),
  toggle: (el) => part<HTMLButtonElement>(el, 'toggle'),
  items: (el) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="rule"]')],
  error: (el, field) => q(el, `#${field}-error`),
  tree: (el) => el.shadowRoot!,
  save: (el) => press(part(el, 'submit')),
  scope: (el) => el,
};

const light: Mode = {
  name: 'light',
  async setup(o = {}) {
    const wrapper = await fixture<HTMLElement>(pageMarkup(o));
    const el = wrapper.querySelector('secret-setup')!;
    await el.updateComplete;
    return el;
  },
  secret: (el) => el.querySelector<HTMLInputElement>('#secret')!,
  confirm: (el) => el.querySelector<HTMLInputElement>('#secret-confirm')!,
  toggle: (el) => el.querySelector<HTMLButtonElement>('button.ase-toggle')!,
  items: (el) => [...el.querySelectorAll<HTMLElement>('li[data-rule]:not([hidden])')],
  error: (el, field) => el.querySelector(`#${field === 'secret' ? 'secret' : 'secret-confirm'}-ase-error`),
  tree: () => document,
  save: (el) => press(el.closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!),
  scope: (el) => el.closest('form')!,
};

const rendered = (mode: Mode, el: SecretSetupElement): RuleResult[] =>
  mode
    .items(el)
    .map((li) => ({ id: li.dataset.rule as RuleResult['id'], state: li.dataset.state as RuleResult['state'] }));

/** A rule item's visible wording, without its visually hidden state. */
function wording(li: HTMLElement): string {
  const copy = li.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('.visually-hidden, .ase-visually-hidden').forEach((hidden) => hidden.remove());
  return text(copy);
}

function expected(secret: string, confirm: string | null): RuleResult[] {
  const rules = evaluateSecret(secret, demoUser);
  if (confirm !== null) rules.push({ id: 'match', state: confirm !== '' && confirm === secret ? 'met' : 'unmet' });
  return rules;
}

const summary = (el: SecretSetupElement) => q(el, '[part~="error-summary"]');
const announcer = (el: SecretSetupElement) => q(el, '[data-announcer]')!;

async function fill(mode: Mode, el: SecretSetupElement, secret: string, confirm = secret): Promise<void> {
  await typeInto(mode.secret(el), secret);
  await typeInto(mode.confirm(el), confirm);
  await el.updateComplete;
}

/** The next page loaded into the `sink` frame: what the form's submission carried. */
function nextEcho(frame: HTMLIFrameElement): Promise<{ method: string; entries: Array<[string, string]> }> {
  return new Promise((resolve) => {
    frame.addEventListener(
      'load',
      () =>
        resolve(
          JSON.parse(frame.contentDocument!.querySelector('#echo')!.textContent) as {
            method: string;
            entries: Array<[string, string]>;
          },
        ),
      { once: true },
    );
  });
}

function captureWarnings(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  return { warnings, restore: () => (console.warn = original) };
}

before(async () => {
  await useMocks();
});
beforeEach(() => resetMocks());

for (const mode of [shadow, light]) {
  describe(`<secret-setup> (${mode.name === 'light' ? "light DOM: the page's own fields" : 'shadow DOM: its own fields'})`, () => {
    it('is accessible (axe): initial, typing, shown, error summary, success', async () => {
      const el = await mode.setup({ endpoint: true });
      await expect(mode.scope(el)).to.be.accessible();
      await typeInto(mode.secret(el), 'mary1');
      await el.updateComplete;
      await expect(mode.scope(el)).to.be.accessible();
      mode.toggle(el).click();
      await el.updateComplete;
      expect(mode.secret(el).type).to.equal('text');
      await expect(mode.scope(el)).to.be.accessible();
      await mode.save(el);
      await until(() => deepActiveElement() === summary(el), 5000, 'summary focus');
      await expect(mode.scope(el)).to.be.accessible();
      const events = recordEvents(el, EVENTS);
      for (const input of [mode.secret(el), mode.confirm(el)]) {
        input.value = '';
        await typeInto(input, GOOD);
      }
      await mode.save(el);
      await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
      await el.updateComplete;
      await expect(mode.scope(el)).to.be.accessible();
    });

    it('updates every rule on every keystroke, as the rule engine says, with one secret-rules-change per input', async () => {
      const el = await mode.setup();
      const events = recordEvents(el, ['secret-rules-change']);
      expect(rendered(mode, el)).to.deep.equal(expected('', ''));
      expect(mode.items(el).map(wording)).to.deep.equal([
        en.ruleLetters,
        en.ruleNotName,
        en.ruleLength(9),
        en.ruleHistory(5),
        en.ruleMatch,
      ]);
      mode.secret(el).focus();
      let typed = '';
      for (const key of 'mary1') {
        await sendKeys({ type: key });
        typed += key;
        expect(rendered(mode, el), `after "${typed}"`).to.deep.equal(expected(typed, ''));
      }
      expect(events).to.have.length(5);
      await typeInto(mode.confirm(el), 'mary1');
      expect(rendered(mode, el)).to.deep.equal(expected('mary1', 'mary1'));
      expect(events).to.have.length(10);
      expect(JSON.stringify(events.map((e) => e.detail))).to.not.contain('mary1');
    });

    it('announces one polite summary after a pause in typing', async () => {
      const el = await mode.setup();
      await typeInto(mode.secret(el), GOOD);
      expect(text(announcer(el)), 'nothing while typing').to.equal('');
      await until(() => text(announcer(el)) !== '', 5000, 'announcement');
      expect(text(announcer(el))).to.equal(en.rulesSummary(3, 4));
    });

    it('Save with unmet rules: nothing sent, a focused error summary whose links move focus to the fields, inline errors', async () => {
      const el = await mode.setup({ endpoint: true });
      await fill(mode, el, 'mary1', 'mary2');
      expect(mode.secret(el).hasAttribute('aria-invalid'), 'no error before Save').to.equal(false);
      await mode.save(el);
      await until(() => deepActiveElement() === summary(el), 5000, 'summary focus');
      expect(requests).to.deep.equal([]);
      const links = [...summary(el)!.querySelectorAll('a')];
      expect(links.map((a) => text(a))).to.deep.equal([
        en.errorLetters,
        en.errorNotName,
        en.errorTooShort(9),
        en.errorMatch,
      ]);
      const href = location.href;
      links[0].focus();
      await sendKeys({ press: 'Enter' });
      expect(deepActiveElement()).to.equal(mode.secret(el));
      links.at(-1)!.focus();
      await sendKeys({ press: 'Enter' });
      expect(deepActiveElement()).to.equal(mode.confirm(el));
      expect(location.href).to.equal(href);

      const secretError = mode.error(el, 'secret')!;
      expect(text(secretError)).to.equal(`${en.errorPrefix} ${en.errorLetters}`);
      expect(text(mode.error(el, 'confirm'))).to.equal(`${en.errorPrefix} ${en.errorMatch}`);
      const described = mode.secret(el).getAttribute('aria-describedby')!.split(' ');
      expect(described[0]).to.equal('secret-hint');
      expect(described.at(-1)).to.equal(secretError.id);
      for (const id of described)
        expect(mode.tree(el).getElementById(id), `#${id} in the input's tree`).to.not.equal(null);
      expect(mode.secret(el).getAttribute('aria-invalid')).to.equal('true');
      expect(mode.confirm(el).getAttribute('aria-invalid')).to.equal('true');

      // Fixing the secret takes its error away at once.
      mode.secret(el).value = '';
      await typeInto(mode.secret(el), GOOD);
      await el.updateComplete;
      expect(mode.error(el, 'secret')).to.equal(null);
      expect(mode.secret(el).hasAttribute('aria-invalid')).to.equal(false);
      expect(mode.secret(el).getAttribute('aria-describedby')!.split(' ')).to.not.include(secretError.id);
      expect(mode.confirm(el).getAttribute('aria-invalid')).to.equal('true');
    });

    it('show/hide: a button "Show"/"Hide" named "Show secret"/"Hide secret", controlling both inputs in their tree, hidden again on Save', async () => {
      const el = await mode.setup({ endpoint: true });
      const toggle = mode.toggle(el);
      expect(toggle.type).to.equal('button');
      expect(text(toggle)).to.equal(en.show);
      expect(toggle.getAttribute('aria-label')).to.equal(en.showSecret);
      const controlled = toggle
        .getAttribute('aria-controls')!
        .split(' ')
        .map((id) => mode.tree(el).getElementById(id));
      expect(controlled).to.deep.equal([mode.secret(el), mode.confirm(el)]);
      await fill(mode, el, GOOD, 'meadow');
      toggle.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect([mode.secret(el).type, mode.confirm(el).type]).to.deep.equal(['text', 'text']);
      expect(text(toggle)).to.equal(en.hide);
      expect(toggle.getAttribute('aria-label')).to.equal(en.hideSecret);
      expect([mode.secret(el).value, mode.confirm(el).value]).to.deep.equal([GOOD, 'meadow']);
      await until(() => text(announcer(el)) === en.secretShown, 5000, 'shown announcement');
      await mode.save(el);
      await el.updateComplete;
      expect([mode.secret(el).type, mode.confirm(el).type]).to.deep.equal(['password', 'password']);
      expect(text(mode.toggle(el))).to.equal(en.show);
    });

    it('saves with an endpoint: exactly {"secret"} as JSON; on success both inputs are emptied', async () => {
      const el = await mode.setup({ endpoint: true });
      const events = recordEvents(el, EVENTS);
      await fill(mode, el, GOOD);
      const secretInput = mode.secret(el);
      const confirmInput = mode.confirm(el);
      await mode.save(el);
      await until(() => events.some((e) => e.type === 'secret-saved'), 5000, 'secret-saved');
      expect(requests.map((r) => [r.method, r.url.pathname, r.headers.get('content-type'), r.body])).to.deep.equal([
        ['POST', paths.secret, 'application/json', JSON.stringify({ secret: GOOD })],
      ]);
      expect([secretInput.value, confirmInput.value]).to.deep.equal(['', '']);
      await el.updateComplete;
      expect(deepActiveElement()).to.equal(part(el, 'success'));
      part(el, 'success').querySelector('button')!.click();
      await el.updateComplete;
      expect(deepActiveElement()).to.equal(mode.secret(el));
    });

    it('a 422 (history): the rule is unmet, the summary focused, an inline error, what was typed kept', async () => {
      const el = await mode.setup({ endpoint: true });
      const events = recordEvents(el, EVENTS);
      await fill(mode, el, 'BlueBellWood');
      await mode.save(el);
      await until(() => events.some((e) => e.type === 'secret-rejected'), 5000, 'secret-rejected');
      await until(() => deepActiveElement() === summary(el), 5000, 'summary focus');
      expect(rendered(mode, el).find((r) => r.id === 'history')!.state).to.equal('unmet');
      expect(text(mode.error(el, 'secret'))).to.equal(`${en.errorPrefix} ${en.errorHistory(5)}`);
      expect([mode.secret(el).value, mode.confirm(el).value]).to.deep.equal(['BlueBellWood', 'BlueBellWood']);
      await expect(mode.scope(el)).to.be.accessible();
    });

    it('speaks Welsh under lang="cy": every string it adds', async () => {
      const el = await mode.setup({ lang: 'cy', endpoint: true });
      await until(() => text(mode.toggle(el)) === cy.show, 5000, 'the Welsh pack');
      expect(mode.toggle(el).getAttribute('aria-label')).to.equal(cy.showSecret);
      expect(mode.items(el).map(wording)).to.deep.equal([
        cy.ruleLetters,
        cy.ruleNotName,
        cy.ruleLength(9),
        cy.ruleHistory(5),
        cy.ruleMatch,
      ]);
      await mode.save(el);
      await until(() => summary(el) !== null, 5000, 'summary');
      expect(text(summary(el)!.querySelector('h2'))).to.equal(cy.errorSummaryTitle);
      expect(text(mode.error(el, 'secret'))).to.equal(`${cy.errorPrefix} ${cy.errorEmpty}`);
      await typeInto(mode.secret(el), 'a');
      await until(() => text(announcer(el)) !== '', 5000, 'announcement');
      expect(text(announcer(el))).to.equal(cy.rulesSummary(2, 4));
    });
  });
}

describe("<secret-setup> with the page's own fields (light DOM)", () => {
  it("keeps the same nodes in the page's form, and its label names the input", async () => {
    const wrapper = await fixture<HTMLElement>(pageMarkup());
    const form = wrapper.querySelector('form')!;
    const secret = wrapper.querySelector<HTMLInputElement>('#secret')!;
    const confirm = wrapper.querySelector<HTMLInputElement>('#secret-confirm')!;
    const parents = [secret.parentElement, confirm.parentElement];
    const el = wrapper.querySelector('secret-setup')!;
    await el.updateComplete;
    await fill(light, el, 'mary1', 'mary2');
    light.toggle(el).click();
    await light.save(el);
    await el.updateComplete;
    expect(light.secret(el)).to.equal(secret);
    expect(light.confirm(el)).to.equal(confirm);
    expect([secret.parentElement, confirm.parentElement]).to.deep.equal(parents);
    expect([secret.form, confirm.form]).to.deep.equal([form, form]);
    expect(el.shadowRoot!.querySelector('input'), 'no input of its own').to.equal(null);
    expect(secret.closest('secret-setup > *')!.assignedSlot, 'shown through the shadow root').to.not.equal(null);
    expect(secret.labels![0].textContent).to.equal('Your new account secret');
    const tree = await executeServerCommand<{ children?: unknown[] } | false, { interestingOnly: boolean }>(
      'a11y-tree',
      { interestingOnly: true },
    );
    if (tree) {
      const names = JSON.stringify(tree);
      expect(names).to.contain('"name":"Your new account secret"');
      expect(names).to.contain('"name":"Enter the secret again"');
    }
  });

  it("lets the page's own inputs' typing events reach the page: they are the page's fields (docs/decisions.md)", async () => {
    const el = await light.setup();
    const seen: string[] = [];
    const listener = (event: Event) => seen.push(event.type);
    for (const type of ['keydown', 'input']) document.addEventListener(type, listener);
    try {
      await typeInto(light.secret(el), 'ab');
    } finally {
      for (const type of ['keydown', 'input']) document.removeEventListener(type, listener);
    }
    expect(seen).to.deep.equal(['keydown', 'input', 'keydown', 'input']);
    expect(el.value).to.equal('ab');
  });

  it('on a Welsh page, adds no English while the Welsh strings load', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    const english = new Set([en.show, en.showSecret, en.ruleLetters, en.ruleNotName, en.ruleLength(9), en.stateUnmet]);
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      for (const node of wrapper.querySelectorAll('[data-ase-owned], li')) {
        const said = [text(node), node.getAttribute('aria-label') ?? ''];
        if (said.some((t) => english.has(t) || [...english].some((e) => t.includes(e)))) seen.push(said.join(' | '));
      }
    });
    observer.observe(wrapper, { subtree: true, childList: true, characterData: true, attributes: true });
    render(pageMarkup({ lang: 'cy' }), wrapper);
    const el = wrapper.querySelector('secret-setup')!;
    try {
      await until(() => text(light.toggle(el)) === cy.show, 5000, 'the Welsh pack');
    } finally {
      observer.disconnect();
    }
    expect(seen).to.deep.equal([]);
  });

  it('takes up what was typed before it was defined or connected', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    const holder = document.createElement('div');
    // Not yet in the document: the element's connect comes after the values.
    const template = document.createElement('template');
    // The page's fields without its rules list: the element adds its own.
    template.innerHTML = pageSource(setupPageForm());
    holder.append(template.content.cloneNode(true));
    holder.querySelector<HTMLInputElement>('#secret')!.value = 'mary1';
    wrapper.append(holder);
    const el = holder.querySelector('secret-setup')!;
    await el.updateComplete;
    expect(el.value).to.equal('mary1');
    expect(el.rules).to.deep.equal(
      expected('mary1', '').map((r) => (r.id === 'not-name' ? { ...r, state: 'pending' } : r)),
    );
    expect(holder.querySelector('li[data-rule="letters"]')!.getAttribute('data-state')).to.equal('unmet');
  });

  it("without endpoint, the form posts the page's own inputs, once each, in a real submission", async () => {
    const wrapper = await fixture<HTMLElement>(pageMarkup());
    const el = wrapper.querySelector('secret-setup')!;
    await el.updateComplete;
    await fill(light, el, GOOD);
    const echo = nextEcho(wrapper.querySelector('iframe')!);
    await light.save(el);
    const sent = await echo;
    expect(sent).to.deep.equal({
      method: 'POST',
      entries: [
        ['csrf', 'TOKEN'],
        ['secret', GOOD],
        ['confirm', GOOD],
      ],
    });
    expect(requests, 'no JSON request of its own').to.deep.equal([]);
  });

  it('without endpoint, an unmet rule blocks the submission, with the error summary', async () => {
    const wrapper = await fixture<HTMLElement>(pageMarkup());
    const frame = wrapper.querySelector('iframe')!;
    // Not the frame's load events: Firefox may fire one for its first about:blank after the listener is added.
    let submitted: SubmitEvent | undefined;
    wrapper.querySelector('form')!.addEventListener('submit', (event) => (submitted = event));
    const el = wrapper.querySelector('secret-setup')!;
    await el.updateComplete;
    await fill(light, el, 'mary1', 'mary1');
    await light.save(el);
    await until(() => deepActiveElement() === summary(el), 5000, 'summary focus');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(submitted?.defaultPrevented, 'the submission was refused').to.equal(true);
    expect(frame.contentWindow?.location.pathname, 'nothing reached the server').to.not.equal('/__echo');
    expect(el.matches(':state(user-invalid)')).to.equal(true);
  });

  it('keeps a server-rendered error message until its field changes', async () => {
    const el = await light.setup({ serverError: true });
    const message = el.querySelector<HTMLElement>('#secret-error')!;
    const secret = light.secret(el);
    const group = secret.closest('.nhsuk-form-group')!;
    expect(message.hidden).to.equal(false);
    expect(secret.getAttribute('aria-describedby')!.split(' ')).to.include('secret-error');
    expect(secret.getAttribute('aria-invalid')).to.equal('true');
    await typeInto(light.confirm(el), 'abc');
    await el.updateComplete;
    expect(message.hidden, 'another field changing leaves it').to.equal(false);
    expect(secret.getAttribute('aria-invalid')).to.equal('true');
    await typeInto(secret, 'a');
    await el.updateComplete;
    expect(message.isConnected, "the page's node stays").to.equal(true);
    expect(message.hidden).to.equal(true);
    expect(secret.getAttribute('aria-describedby')!.split(' ')).to.not.include('secret-error');
    expect(secret.hasAttribute('aria-invalid')).to.equal(false);
    expect(group.classList.contains('nhsuk-form-group--error')).to.equal(false);
  });

  it('a GET form: a submission is refused with a warning, and form.submit() leaves the secret out', async () => {
    const wrapper = await fixture<HTMLElement>(pageMarkup({ method: 'get' }));
    const frame = wrapper.querySelector('iframe')!;
    const el = wrapper.querySelector('secret-setup')!;
    await el.updateComplete;
    await fill(light, el, GOOD);
    const { warnings, restore } = captureWarnings();
    let loads = 0;
    frame.addEventListener('load', () => loads++);
    try {
      await light.save(el);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(loads, 'refused').to.equal(0);
      const echo = nextEcho(frame);
      el.closest('form')!.submit();
      const sent = await echo;
      expect(sent).to.deep.equal({ method: 'GET', entries: [['csrf', 'TOKEN']] });
      expect(frame.contentWindow!.location.href).to.not.contain(GOOD);
    } finally {
      restore();
    }
    expect(warnings).to.have.length(2);
    expect(warnings.join(' ')).to.contain('method="get"').and.not.contain(GOOD);
  });

  it("empties the page's inputs on pagehide, and puts no secret in any attribute", async () => {
    const el = await light.setup({ endpoint: true });
    await fill(light, el, GOOD);
    light.toggle(el).click();
    await el.updateComplete;
    expect(document.documentElement.outerHTML).to.not.contain(GOOD);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await el.updateComplete;
    expect([light.secret(el).value, light.confirm(el).value]).to.deep.equal(['', '']);
    expect([light.secret(el).type, light.confirm(el).type]).to.deep.equal(['password', 'password']);
    expect(el.value).to.equal('');
  });

  it('no-confirm: the second input is not required and the match rule is hidden', async () => {
    const el = await light.setup({ noConfirm: true });
    expect(light.items(el).map((li) => li.dataset.rule)).to.deep.equal(['letters', 'not-name', 'length', 'history']);
    expect(el.querySelector<HTMLElement>('li[data-rule="match"]')!.hidden).to.equal(true);
    expect(light.toggle(el).getAttribute('aria-controls')).to.equal('secret');
  });

  it('leaving the page removes what it added and gives the page back its descriptions', async () => {
    const wrapper = await fixture<HTMLElement>(pageMarkup({ endpoint: true }));
    const el = wrapper.querySelector('secret-setup')!;
    await el.updateComplete;
    await light.save(el);
    await el.updateComplete;
    expect(el.querySelectorAll('[data-ase-owned]').length).to.be.greaterThan(0);
    const secret = light.secret(el);
    light.toggle(el).click();
    await el.updateComplete;
    el.remove();
    // The page's rule items keep the wording and state they were last given.
    expect(
      el.querySelectorAll('button, .ase-error-message, [data-ase-owned]:not(.ase-rule > *), [data-ase-shown]'),
    ).to.have.length(0);
    expect(secret.type).to.equal('password');
    expect(secret.getAttribute('aria-describedby')).to.equal('secret-hint secret-rules');
    expect(secret.hasAttribute('aria-invalid')).to.equal(false);
  });
});

describe('the markup before <secret-setup> is defined', () => {
  it('is a plain form that posts its own fields, with nothing hidden', async () => {
    // A frame of its own, where no script of ours ever runs.
    const wrapper = await fixture<HTMLElement>(html`<div></div>`);
    // Posting into its own frame: no target.
    const markup = pageSource(pageForm({}, null));
    const frame = document.createElement('iframe');
    frame.title = 'Undefined element';
    frame.srcdoc = `<!doctype html><html lang="en"><body>${markup}</body></html>`;
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    wrapper.append(frame);
    await loaded;
    const doc = frame.contentDocument!;
    expect(doc.defaultView!.customElements.get('secret-setup')).to.equal(undefined);
    for (const node of doc.querySelectorAll<HTMLElement>('label, input:not([type="hidden"]), li, button')) {
      expect(node.getClientRects().length, `${node.outerHTML} is shown`).to.be.greaterThan(0);
    }
    doc.querySelector<HTMLInputElement>('#secret')!.value = GOOD;
    doc.querySelector<HTMLInputElement>('#secret-confirm')!.value = GOOD;
    const echo = nextEcho(frame);
    doc.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect(await echo).to.deep.equal({
      method: 'POST',
      entries: [
        ['csrf', 'TOKEN'],
        ['secret', GOOD],
        ['confirm', GOOD],
      ],
    });
  });
});
