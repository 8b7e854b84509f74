import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent } from 'storybook/test';
import {
  challengeState,
  CHALLENGE_MAX_ATTEMPTS,
  demoChallengeSecret,
  demoUser,
  expireChallenge,
  lockChallenge,
  paths,
  seedChallengePositions,
} from '../mocks/index.js';
import '../src/secret-challenge/secret-challenge.js';
import type { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import { secretChallengeEnglish as en } from '../src/secret-challenge/messages.js';
import { secretChallengeWelsh as cy } from '../src/secret-challenge/messages.cy.js';
import { backend, eventually, focusedIn, part, parts, rendered, textOf } from './support.js';

export interface SecretChallengeArgs {
  endpoint: string;
  mode: 'self' | 'agent';
  helpHref: string;
  /** The person's sign-in id: names the account secret to password managers (self mode). */
  account: string;
}

/** The helpdesk's endpoint for the demo user. */
export const agentEndpoint = paths.agentChallenge.replace(':userId', demoUser.id);

/** Renders `<secret-challenge>` with the story's args as attributes, as a host page would. */
export function renderSecretChallenge(args: SecretChallengeArgs) {
  return html`<secret-challenge
    endpoint=${args.endpoint || nothing}
    mode=${args.mode}
    help-href=${args.helpHref || nothing}
    account=${args.account || nothing}
  ></secret-challenge>`;
}

/** The positions every story asks for, so a play knows the right characters. */
const POSITIONS = [2, 5, 8];

/** The characters of Mary's secret at `positions`. */
export function charactersAt(positions: readonly number[], secret = demoChallengeSecret): string[] {
  return positions.map((position) => [...secret][position - 1]);
}

/** A wrong answer for `positions`: each character replaced by another letter. */
function wrongAt(positions: readonly number[]): string[] {
  return charactersAt(positions).map((char) => (char === 'z' ? 'y' : 'z'));
}

/** The boxes are on show (the challenge has been fetched). */
export async function boxesReady(el: SecretChallengeElement): Promise<HTMLInputElement[]> {
  await eventually(() => expect(parts(el, 'char-input').length).toBeGreaterThan(0));
  return parts(el, 'char-input') as HTMLInputElement[];
}

/** Types one letter into each box, as the person (or the agent) would, then presses Verify. */
export async function answer(el: SecretChallengeElement, letters: readonly string[]): Promise<void> {
  const boxes = await boxesReady(el);
  for (const [index, box] of boxes.entries()) await userEvent.type(box, letters[index]);
  await userEvent.click(part(el, 'submit'));
}

/** The outcome panel or notice (`part="status"`) in the given state. */
async function statusIs(el: SecretChallengeElement, state: string): Promise<HTMLElement> {
  await eventually(() =>
    expect(el.shadowRoot!.querySelector(`[part~="status"][data-state="${state}"]`)).not.toBeNull(),
  );
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="status"][data-state="${state}"]`)!;
}

const meta = {
  title: 'Elements/secret-challenge',
  component: 'secret-challenge',
  // Helpers exported for other story files (lower case) are not stories.
  excludeStories: /^[a-z]/,
  args: {
    endpoint: paths.selfChallenge,
    mode: 'self',
    helpHref: '',
    account: '',
  },
  argTypes: {
    mode: { control: 'inline-radio', options: ['self', 'agent'] },
  },
  render: renderSecretChallenge,
  // After the project's loaders have reset the demo server: known positions.
  beforeEach: () => {
    seedChallengePositions(POSITIONS);
  },
  parameters: { msw: backend() },
} satisfies Meta<SecretChallengeArgs>;

export default meta;
type Story = StoryObj<SecretChallengeArgs>;

/** The challenge has been fetched: one box per position, labelled by ordinal. */
export const Ready: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    const boxes = await boxesReady(el);
    const labels = boxes.map((box) => textOf(el.shadowRoot!.querySelector(`label[for="${box.id}"]`)));
    await expect(labels).toEqual(['2nd character', '5th character', '8th character']);
    await expect(textOf(part(el, 'fieldset').querySelector('legend'))).toBe(en.legendSelf);
    await expect(boxes.every((box) => box.type === 'password' && box.autocomplete === 'off')).toBe(true);
  },
};

/** Wrong characters: the boxes are cleared, and the user is told how many attempts are left, never which was wrong. */
export const FailedWithAttemptsLeft: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    await answer(el, wrongAt(POSITIONS));
    const status = await statusIs(el, 'failed');
    await expect(textOf(status)).toBe(en.failedSelf(CHALLENGE_MAX_ATTEMPTS - 1));
    await expect(parts(el, 'char-input').map((box) => (box as HTMLInputElement).value)).toEqual(['', '', '']);
  },
};

/** Too many failures: checks are locked until a time, and the user is told where to get help. */
export const Locked: Story = {
  beforeEach: () => {
    lockChallenge();
  },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    const status = await statusIs(el, 'locked');
    await expect(textOf(status)).toContain(en.lockedTitle);
    // With the date when the lock ends on another day (near midnight).
    await expect(textOf(status)).toMatch(/You can try again after (\d{1,2} \w+ \d{4} at )?\d\d:\d\d\./);
    await expect(textOf(status)).toContain(en.helpSelf);
  },
};

/** The check had expired (410): new characters are fetched, and the user is told why the boxes changed. */
export const Expired: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    await boxesReady(el);
    const first = challengeState().challengeId;
    expireChallenge();
    await answer(el, charactersAt(POSITIONS));
    const status = await statusIs(el, 'expired');
    await expect(textOf(status)).toBe(en.expired);
    await expect(challengeState().challengeId).not.toBe(first);
    await expect(parts(el, 'char-input').length).toBe(POSITIONS.length);
  },
};

/** The right characters: a focused panel says the secret is correct. */
export const Verified: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    await answer(el, charactersAt(POSITIONS));
    const status = await statusIs(el, 'verified');
    await expect(textOf(status)).toContain(en.verifiedTitleSelf);
    await expect(focusedIn(el)).toBe(status);
  },
};

/** The helpdesk agent's screen (`mode="agent"`): plain boxes for what the caller reads out. */
export const AgentMode: Story = {
  args: { mode: 'agent', endpoint: agentEndpoint },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    const boxes = await boxesReady(el);
    await expect(textOf(part(el, 'fieldset').querySelector('legend'))).toBe(en.legendAgent);
    await expect(boxes.every((box) => box.type === 'text')).toBe(true);
    await expect(el.querySelector('[part~="full-secret-input"]')).toBeNull();
    await answer(
      el,
      charactersAt(POSITIONS).map((char) => char.toUpperCase()),
    );
    const status = await statusIs(el, 'verified');
    await expect(textOf(status)).toContain(en.verifiedTitleAgent);
  },
};

/**
 * The accessible alternative (WCAG 2.2 SC 3.3.8): paste, or let a password
 * manager fill, the whole secret; only the asked characters are kept and
 * the field is cleared at once. With `account`, a hidden username field
 * (`<account> (account secret)`) tells a password manager which saved
 * entry belongs here, so it does not offer the sign-in password.
 */
export const FullSecretAlternative: Story = {
  args: { account: 'mary.smith@nhs.net' },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    await boxesReady(el);
    const whole = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
    await expect(whole.autocomplete).toBe('current-password');
    const username = el.querySelector<HTMLInputElement>('input[autocomplete="username"]')!;
    await expect(username.value).toBe('mary.smith@nhs.net (account secret)');
    await expect(username.hidden).toBe(true);
    await expect(username.nextElementSibling).toBe(whole);
    await userEvent.click(whole);
    await userEvent.paste(demoChallengeSecret);
    await expect(whole.value).toBe('');
    await expect(parts(el, 'char-input').map((box) => (box as HTMLInputElement).value)).toEqual(
      charactersAt(POSITIONS),
    );
    await userEvent.click(part(el, 'submit'));
    await statusIs(el, 'verified');
  },
};

/** In Welsh: the element follows the closest `lang` (here a wrapper with `lang="cy"`). */
export const Welsh: Story = {
  render: (args) => html`<div lang="cy">${renderSecretChallenge(args)}</div>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    await boxesReady(el);
    await eventually(() => expect(textOf(part(el, 'fieldset').querySelector('legend'))).toBe(cy.legendSelf));
    await expect(textOf(part(el, 'submit'))).toBe(cy.verify);
    await expect(textOf(el.shadowRoot!.querySelector('label[for="char-0"]'))).toBe(cy.charLabel(2));
  },
};

/**
 * What a server-rendered page writes ("HTML first"): one labelled input per
 * position inside its own form, which posts them with or without script.
 * Once defined, the element adds what it does to its own boxes around the
 * page's: typing moves on, Backspace and arrows, paste, the refusal message,
 * show/hide, the whole-secret field. Here with `endpoint`, so Check sends
 * the JSON contract instead of leaving the page.
 */
export const LightDom: Story = {
  render: (args) => html`<style>
      .page-char {
        display: inline-block;
        margin-right: 1rem;
      }
      .page-char label {
        display: block;
      }
      .page-char input,
      .page-button {
        font: inherit;
        min-height: 2.75rem;
        min-width: 2.75rem;
      }
    </style>
    <form method="post" action="/check">
      <input type="hidden" name="csrf" value="TOKEN" />
      <secret-challenge endpoint=${args.endpoint || nothing} mode=${args.mode} positions="2,5,8" challenge-id="c-page">
        <fieldset class="nhsuk-fieldset" aria-describedby="answers-hint">
          <legend class="nhsuk-fieldset__legend">${args.mode === 'agent' ? en.legendAgent : en.legendSelf}</legend>
          <div class="nhsuk-hint" id="answers-hint">Enter one letter in each box.</div>
          ${POSITIONS.map(
            (position, index) => html`<div class="ase-char page-char">
              <label for="answer-${index + 1}">${en.charLabel(position)}</label>
              <input
                class="nhsuk-input"
                id="answer-${index + 1}"
                name="answers"
                type=${args.mode === 'agent' ? 'text' : 'password'}
                autocomplete="off"
                spellcheck="false"
                autocapitalize="none"
                autocorrect="off"
                size="2"
              />
            </div>`,
          )}
        </fieldset>
      </secret-challenge>
      <button class="nhsuk-button page-button" type="submit">Check</button>
    </form>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    const boxes = [...el.querySelectorAll<HTMLInputElement>('fieldset input')];
    await expect(boxes.map((box) => textOf(box.labels?.[0]))).toEqual([
      '2nd character',
      '5th character',
      '8th character',
    ]);
    await expect(parts(el, 'char-input')).toEqual([]);
    await expect(el.querySelector('.ase-toggle')).not.toBeNull();
    await userEvent.type(boxes[0], charactersAt(POSITIONS).join(''));
    await expect(boxes.map((box) => box.value)).toEqual(charactersAt(POSITIONS));
  },
};
