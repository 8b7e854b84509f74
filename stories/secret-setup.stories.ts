import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent } from 'storybook/test';
import { demoPreviousSecrets, demoUser, paths, scenario } from '../mocks/index.js';
import '../src/secret-setup/secret-setup.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { secretSetupWelsh } from '../src/secret-setup/messages.cy.js';
import { backend, eventually, focusedIn, part, parts, rendered, textOf } from './support.js';

export interface SecretSetupArgs {
  endpoint: string;
  givenName: string;
  familyName: string;
  organisation: string;
  minLength: number;
  maxLength: number;
  alphabet: 'latin' | 'unicode';
  historySize: number;
  noConfirm: boolean;
}

/** Renders `<secret-setup>` with the story's args as attributes, as a host page would. */
export function renderSecretSetup(args: SecretSetupArgs) {
  return html`<secret-setup
    endpoint=${args.endpoint || nothing}
    given-name=${args.givenName || nothing}
    family-name=${args.familyName || nothing}
    organisation=${args.organisation || nothing}
    min-length=${args.minLength}
    max-length=${args.maxLength}
    alphabet=${args.alphabet}
    history-size=${args.historySize}
    ?no-confirm=${args.noConfirm}
  ></secret-setup>`;
}

const meta = {
  title: 'Elements/secret-setup',
  component: 'secret-setup',
  // Helpers exported for other story files (lower case) are not stories.
  excludeStories: /^[a-z]/,
  args: {
    endpoint: paths.secret,
    givenName: demoUser.givenName,
    familyName: demoUser.familyName,
    organisation: demoUser.organisation,
    minLength: 9,
    maxLength: 64,
    alphabet: 'latin',
    historySize: 5,
    noConfirm: false,
  },
  argTypes: {
    alphabet: { control: 'inline-radio', options: ['latin', 'unicode'] },
  },
  render: renderSecretSetup,
  parameters: { msw: backend() },
} satisfies Meta<SecretSetupArgs>;

export default meta;
type Story = StoryObj<SecretSetupArgs>;

/** A secret that meets every rule the element checks, and is not in Mary's history. */
const GOOD_SECRET = 'meadowlarks';

function ruleState(el: SecretSetupElement, id: string): string | undefined {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="rule"][data-rule="${id}"]`)?.dataset.state;
}

/** Types the secret and its confirmation, then presses Save. */
async function fillAndSave(el: SecretSetupElement, secret: string, confirmation = secret): Promise<void> {
  await userEvent.type(part(el, 'input'), secret);
  await userEvent.type(part(el, 'confirm-input'), confirmation);
  await userEvent.click(part(el, 'submit'));
}

/** The error summary has taken focus and lists `expected`. */
async function expectSummary(el: SecretSetupElement, expected: string | RegExp): Promise<void> {
  await eventually(() => expect(el.shadowRoot!.querySelector('[part~="error-summary"]')).not.toBeNull());
  const summary = part(el, 'error-summary');
  await expect(textOf(summary)).toMatch(expected);
  await expect(focusedIn(el)).toBe(summary);
}

/** Before the user has typed: every rule is listed; none looks like an error yet. */
export const Initial: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await expect(parts(el, 'rule').map((rule) => rule.dataset.state)).toEqual([
      'unmet',
      'unmet',
      'unmet',
      'pending',
      'unmet',
    ]);
    await expect(part(el, 'rules').className).toContain('rules--fresh');
    await expect(el.shadowRoot!.querySelector('[part~="error-summary"]')).toBeNull();
    await expect(part(el, 'input').getAttribute('type')).toBe('password');
  },
};

/** Part way through typing: the rules already met are ticked, the rest are still to do. */
export const TypingWithUnmetRules: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await userEvent.type(part(el, 'input'), 'meadow');
    await expect(ruleState(el, 'letters')).toBe('met');
    await expect(ruleState(el, 'not-name')).toBe('met');
    await expect(ruleState(el, 'length')).toBe('unmet');
    await expect(ruleState(el, 'match')).toBe('unmet');
    await expect(part(el, 'rules').className).toContain('rules--live');
  },
};

/** Every rule the element can check is met; the history is left for the server. */
export const EveryRuleMet: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await userEvent.type(part(el, 'input'), GOOD_SECRET);
    await userEvent.type(part(el, 'confirm-input'), GOOD_SECRET);
    await expect(parts(el, 'rule').map((rule) => rule.dataset.state)).toEqual(['met', 'met', 'met', 'pending', 'met']);
    await userEvent.click(part(el, 'toggle'));
    await expect(part(el, 'input').getAttribute('type')).toBe('text');
    await expect(part(el, 'toggle').getAttribute('aria-label')).toBe('Hide secret');
  },
};

/** Save with rules unmet: nothing is sent; the error summary lists each problem and takes focus. */
export const ErrorSummary: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await fillAndSave(el, 'mary2', 'mary');
    await expectSummary(el, /There is a problem/);
    const problems = [...part(el, 'error-summary').querySelectorAll('li')].map(textOf);
    await expect(problems).toEqual([
      'Your secret must contain only letters (A to Z)',
      "Your secret must not be your name or your organisation's name",
      'Your secret must be at least 9 letters long',
      'The secrets you entered do not match',
    ]);
    await expect(part(el, 'input').getAttribute('aria-invalid')).toBe('true');
  },
};

/** The server refuses one of the user's last five secrets (422 with the `history` rule). */
export const ServerRejectsWithHistory: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await fillAndSave(el, demoPreviousSecrets[0]);
    await expectSummary(el, 'Your secret must not be one of your last 5 secrets');
    await expect(ruleState(el, 'history')).toBe('unmet');
  },
};

/** The session has ended (401): the user is told to sign in again. */
export const SessionExpired: Story = {
  parameters: { msw: backend(...scenario('session-expired')) },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await fillAndSave(el, GOOD_SECRET);
    await expectSummary(el, 'Your session has ended. Sign in again, then try again.');
  },
};

/** Too many attempts (429 with `Retry-After: 120`): the user is told when to try again. */
export const RateLimited: Story = {
  parameters: { msw: backend(...scenario('rate-limited')) },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await fillAndSave(el, GOOD_SECRET);
    await expectSummary(el, /You have tried too many times\. Try again in 2 minutes\./);
  },
};

/** The server fails (500): nothing typed is lost, and the user can try again later. */
export const ServerError: Story = {
  parameters: { msw: backend(...scenario('server-error')) },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await fillAndSave(el, GOOD_SECRET);
    await expectSummary(el, 'Sorry, there is a problem with the service. Try again later.');
    await expect((part(el, 'input') as HTMLInputElement).value).toBe(GOOD_SECRET);
  },
};

/** A slow server (2.5 s): the button says so and the fields cannot change until it answers. */
export const SlowSave: Story = {
  parameters: { msw: backend(...scenario('slow')) },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await fillAndSave(el, GOOD_SECRET);
    await eventually(() => expect(textOf(part(el, 'submit'))).toBe('Saving…'));
    await expect(part(el, 'submit').getAttribute('aria-disabled')).toBe('true');
    await expect(part(el, 'input').hasAttribute('readonly')).toBe(true);
    await eventually(() => expect(el.shadowRoot!.querySelector('[part~="success"]')).not.toBeNull(), 10_000);
  },
};

/** Saved: the fields are gone, and a focused notification with an OK button says so. */
export const Success: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await fillAndSave(el, GOOD_SECRET);
    await eventually(() => expect(el.shadowRoot!.querySelector('[part~="success"]')).not.toBeNull());
    const success = part(el, 'success');
    await expect(textOf(success)).toContain('Your account secret has been saved');
    await expect(focusedIn(el)).toBe(success);
    await expect(el.value).toBe('');
  },
};

/** Without the confirmation field (`no-confirm`), for hosts that confirm another way. */
export const WithoutConfirmation: Story = {
  args: { noConfirm: true },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await expect(el.shadowRoot!.querySelector('[part~="confirm-input"]')).toBeNull();
    await expect(parts(el, 'rule').map((rule) => rule.dataset.rule)).toEqual([
      'letters',
      'not-name',
      'length',
      'history',
    ]);
  },
};

/** In Welsh: the element follows the closest `lang` (here a wrapper with `lang="cy"`). */
export const Welsh: Story = {
  render: (args) => html`<div lang="cy">${renderSecretSetup(args)}</div>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    await eventually(() => expect(textOf(part(el, 'submit'))).toBe(secretSetupWelsh.save));
    await userEvent.click(part(el, 'submit'));
    await expectSummary(el, secretSetupWelsh.errorSummaryTitle);
    await expect(textOf(part(el, 'error-summary'))).toContain(secretSetupWelsh.errorEmpty);
  },
};

/**
 * HTML first: the page's own form and fields, as a server renders them
 * (`docs/elements/secret-setup.md`, "The page's own fields"). The element
 * keeps the page's inputs where they are and adds the live rules, Show/Hide,
 * the error summary and the inline errors beside them. With `endpoint` it
 * saves over JSON; without, the page's form would post its own inputs.
 */
export const PageFields: Story = {
  name: "The page's own fields (light DOM)",
  // The page's own CSS styles the page's own controls (here a few NHS.UK frontend rules stand in for it).
  render: (args) => html`<form method="post" action="/account-secret" novalidate>
    <style>
      .nhsuk-form-group { margin-bottom: 1.5rem; }
      .nhsuk-label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
      .nhsuk-hint { color: #4c6272; margin-bottom: 0.75rem; }
      .nhsuk-input { box-sizing: border-box; display: block; width: 100%; max-width: 22em; min-height: 2.5rem; font: inherit; border: 2px solid #4c6272; padding: 0.25rem; }
      .nhsuk-button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.5rem 1rem; color: #fff; background: #007f3b; border: 0; border-radius: 4px; }
    </style>
    <input type="hidden" name="csrf" value="TOKEN" />
    <secret-setup
      endpoint=${args.endpoint || nothing}
      given-name=${args.givenName || nothing}
      family-name=${args.familyName || nothing}
      organisation=${args.organisation || nothing}
      min-length=${args.minLength}
      ?no-confirm=${args.noConfirm}
    >
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="secret">Your new account secret</label>
        <div class="nhsuk-hint" id="secret-hint">Use letters only. Do not use your name or your organisation's name.</div>
        <ul class="ase-rules" id="secret-rules">
          <li data-rule="letters">contain only letters</li>
          <li data-rule="not-name">not be your name or your organisation's name</li>
          <li data-rule="length">be at least 9 letters long</li>
          <li data-rule="history">not be one of your last 5 secrets</li>
          <li data-rule="match">match in both boxes</li>
        </ul>
        <input
          class="nhsuk-input"
          type="password"
          id="secret"
          name="secret"
          autocomplete="off"
          spellcheck="false"
          autocapitalize="none"
          autocorrect="off"
          aria-describedby="secret-hint secret-rules"
        />
      </div>
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="secret-confirm">Enter the secret again</label>
        <input
          class="nhsuk-input"
          type="password"
          id="secret-confirm"
          name="confirm"
          autocomplete="off"
          spellcheck="false"
          autocapitalize="none"
          autocorrect="off"
        />
      </div>
    </secret-setup>
    <button class="nhsuk-button" type="submit">Save your account secret</button>
  </form>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-setup');
    const secret = canvasElement.querySelector<HTMLInputElement>('#secret')!;
    await userEvent.type(secret, 'mary2');
    const states = () => [...el.querySelectorAll<HTMLElement>('li[data-rule]')].map((rule) => rule.dataset.state);
    await expect(states()).toEqual(['unmet', 'unmet', 'unmet', 'pending', 'unmet']);
    await userEvent.click(el.querySelector<HTMLButtonElement>('.ase-toggle')!);
    await expect(secret.type).toBe('text');
    await userEvent.click(canvasElement.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await expectSummary(el, /There is a problem/);
    await expect(secret.type).toBe('password');
    await expect(secret.getAttribute('aria-invalid')).toBe('true');
    await expect(canvasElement.querySelector('#secret')).toBe(secret);
  },
};
