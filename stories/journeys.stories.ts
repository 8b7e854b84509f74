import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, userEvent } from 'storybook/test';
import { aupAcceptances, demoUser, paths, seedChallengePositions } from '../mocks/index.js';
import '../src/index.js';
import type { AupAcceptedEvent } from '../src/aup-consent/aup-consent.js';
import { policySrc, readToTheEnd } from './aup-consent.stories.js';
import { agentEndpoint, answer, charactersAt } from './secret-challenge.stories.js';
import { backend, eventually, part, rendered, textOf } from './support.js';

/**
 * The seed's journeys, as the demo page (`index.html`, `npm start`) shows
 * them, each on one screen: the elements wired together by a host page's
 * own few lines of script, here as Lit event bindings.
 */

const meta = {
  title: 'Journeys',
  // Whole screens, not one component: no generated docs page.
  tags: ['!autodocs'],
  // Helpers exported for other story files (lower case) are not stories.
  excludeStories: /^[a-z]/,
  parameters: { msw: backend(), layout: 'padded' },
} satisfies Meta;

export default meta;
type Story = StoryObj;

const user = {
  givenName: demoUser.givenName,
  familyName: demoUser.familyName,
  organisation: demoUser.organisation,
};

/** What the user's new secret will be in these journeys (meets every rule, not in Mary's history). */
const NEW_SECRET = 'meadowlarks';

/** The element closest to `node`'s journey root, found by selector. */
function inJourney<T extends Element>(node: Element, selector: string): T {
  const found = node.closest('[data-journey]')?.querySelector<T>(selector);
  if (!found) throw new Error(`No ${selector} in this journey`);
  return found;
}

/** Shows the one panel of a journey named `step`, marks it in the step list, and moves focus to its heading. */
function showStep(from: Element, step: string): void {
  const journey = from.closest<HTMLElement>('[data-journey]')!;
  for (const panel of journey.querySelectorAll<HTMLElement>('[data-step-panel]'))
    panel.hidden = panel.dataset.stepPanel !== step;
  for (const item of journey.querySelectorAll<HTMLElement>('[data-step]')) {
    if (item.dataset.step === step) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  }
  journey.querySelector<HTMLElement>(`[data-step-panel="${step}"] h2`)?.focus();
}

/** Types the new secret twice and saves it. */
async function setSecret(canvas: HTMLElement, selector: string): Promise<void> {
  const el = canvas.querySelector<HTMLElementTagNameMap['secret-setup']>(selector)!;
  await el.updateComplete;
  await userEvent.type(part(el, 'input'), NEW_SECRET);
  await userEvent.type(part(el, 'confirm-input'), NEW_SECRET);
  await userEvent.click(part(el, 'submit'));
  await eventually(() => expect(el.shadowRoot!.querySelector('[part~="success"]')).not.toBeNull());
}

/** New user: accept the policy, complete the profile, set a secret, then a pop-up confirms the policy acceptance. */
export const NewUser: Story = {
  render: () => {
    let accepted: { version: string; acceptedAt: string } | undefined;
    const onAccepted = (event: AupAcceptedEvent) => {
      accepted = event.detail;
      showStep(event.target as Element, 'profile');
    };
    const onProfile = (event: SubmitEvent) => {
      event.preventDefault();
      showStep(event.target as Element, 'secret');
    };
    const onSecretDone = (event: Event) => {
      // The host shows its own confirmation instead of the element's OK.
      event.preventDefault();
      const dialog = inJourney<HTMLDialogElement>(event.target as Element, 'dialog');
      dialog.querySelector('[data-aup-version]')!.textContent = accepted?.version ?? '';
      dialog.querySelector('[data-aup-time]')!.textContent = accepted
        ? new Date(accepted.acceptedAt).toLocaleString('en-GB')
        : '';
      dialog.showModal();
    };
    return html`<section data-journey="new-user">
      <h1>Set up your account</h1>
      <ol class="steps" aria-label="Steps">
        <li data-step="policy" aria-current="step">Acceptable Use Policy</li>
        <li data-step="profile">Profile</li>
        <li data-step="secret">Account secret</li>
      </ol>
      <div data-step-panel="policy">
        <h2 tabindex="-1">Read the Acceptable Use Policy</h2>
        <aup-consent id="new-aup" endpoint=${paths.aupAcceptance} version="2026-11" src=${policySrc} @aup-accepted=${onAccepted}></aup-consent>
      </div>
      <div data-step-panel="profile" hidden>
        <h2 tabindex="-1">Complete or update your profile</h2>
        <form @submit=${onProfile}>
          <p>This step stands in for the portal's own profile form.</p>
          <label for="job-title">Job title (optional)</label>
          <input id="job-title" name="jobTitle" autocomplete="organization-title" />
          <button type="submit">Next</button>
        </form>
      </div>
      <div data-step-panel="secret" hidden>
        <h2 tabindex="-1">Set your user account secret</h2>
        <secret-setup
          id="new-secret"
          endpoint=${paths.secret}
          given-name=${user.givenName}
          family-name=${user.familyName}
          organisation=${user.organisation}
          @secret-done=${onSecretDone}
        ></secret-setup>
      </div>
      <dialog aria-labelledby="aup-confirmed-title">
        <h2 id="aup-confirmed-title">Your account is set up</h2>
        <p>
          You accepted the Acceptable Use Policy (version <span data-aup-version></span>) on <span data-aup-time></span>,
          and your account secret is saved.
        </p>
        <form method="dialog"><button>OK</button></form>
      </dialog>
    </section>`;
  },
  play: async ({ canvasElement }) => {
    const aup = await rendered(canvasElement, 'aup-consent');
    await readToTheEnd(aup);
    await userEvent.click(part(aup, 'accept'));
    const profile = canvasElement.querySelector<HTMLElement>('[data-step-panel="profile"]')!;
    await eventually(() => expect(profile.hidden).toBe(false));
    await expect(document.activeElement).toBe(profile.querySelector('h2'));
    await userEvent.click(profile.querySelector('button')!);
    await setSecret(canvasElement, '#new-secret');
    await userEvent.click(part(canvasElement.querySelector('#new-secret')!, 'success').querySelector('button')!);
    const dialog = canvasElement.querySelector('dialog')!;
    await expect(dialog.open).toBe(true);
    await expect(textOf(dialog)).toContain(`version ${aupAcceptances()[0].version}`);
    await userEvent.click(dialog.querySelector('button')!);
    await expect(dialog.open).toBe(false);
  },
};

/** Existing user, from self-service: set a secret, then the success notification with OK. */
export const ExistingUser: Story = {
  render: () => {
    const onDone = (event: Event) => {
      event.preventDefault();
      const el = event.target as HTMLElement;
      el.hidden = true;
      const done = inJourney<HTMLElement>(el, '[data-done]');
      done.hidden = false;
      done.focus();
    };
    return html`<section data-journey="existing-user">
      <h1>Set up account secret</h1>
      <p>My Profile › Self-Service</p>
      <p>Replace your security questions and answers with an account secret.</p>
      <secret-setup
        endpoint=${paths.secret}
        given-name=${user.givenName}
        family-name=${user.familyName}
        organisation=${user.organisation}
        @secret-done=${onDone}
      ></secret-setup>
      <p data-done hidden tabindex="-1">Your account secret is set. You can check it on the Check my secret page.</p>
    </section>`;
  },
  play: async ({ canvasElement }) => {
    await rendered(canvasElement, 'secret-setup');
    await setSecret(canvasElement, 'secret-setup');
    const el = canvasElement.querySelector('secret-setup')!;
    await expect(textOf(part(el, 'success'))).toContain('Your account secret has been saved');
    await userEvent.click(part(el, 'success').querySelector('button')!);
    const done = canvasElement.querySelector<HTMLElement>('[data-done]')!;
    await expect(done.hidden).toBe(false);
    await expect(document.activeElement).toBe(done);
  },
};

/** Reset after an administrator re-secured the account: accept the policy again, then set a new secret. */
export const ResetAfterReSecuring: Story = {
  render: () => {
    const onAccepted = (event: Event) => showStep(event.target as Element, 'secret');
    return html`<section data-journey="reset">
      <h1>Your account was re-secured</h1>
      <p>Your Local Administrator re-secured your account. Accept the Acceptable Use Policy again, then set a new account secret.</p>
      <div data-step-panel="policy">
        <h2 tabindex="-1">Accept the Acceptable Use Policy again</h2>
        <aup-consent
          endpoint=${paths.aupAcceptance}
          version="2026-11"
          accepted-at="2025-03-14T09:30:00Z"
          src=${policySrc}
          @aup-accepted=${onAccepted}
        ></aup-consent>
      </div>
      <div data-step-panel="secret" hidden>
        <h2 tabindex="-1">Set a new account secret</h2>
        <secret-setup
          endpoint=${paths.secret}
          given-name=${user.givenName}
          family-name=${user.familyName}
          organisation=${user.organisation}
        ></secret-setup>
      </div>
    </section>`;
  },
  play: async ({ canvasElement }) => {
    const aup = await rendered(canvasElement, 'aup-consent');
    await expect(textOf(part(aup, 'earlier'))).toContain(
      'You last accepted the Acceptable Use Policy on 14 March 2025',
    );
    await readToTheEnd(aup);
    await userEvent.click(part(aup, 'accept'));
    const panel = canvasElement.querySelector<HTMLElement>('[data-step-panel="secret"]')!;
    await eventually(() => expect(panel.hidden).toBe(false));
    await setSecret(canvasElement, 'secret-setup');
  },
};

/** Helpdesk agent: ask the caller for a few characters and type them in (`mode="agent"`). */
export const HelpdeskAgent: Story = {
  beforeEach: () => {
    seedChallengePositions([3, 6, 9]);
  },
  render: () => html`<section data-journey="helpdesk">
    <h1>Helpdesk: verify a caller</h1>
    <p>Caller: <strong>${user.givenName} ${user.familyName}</strong> (${demoUser.id}), ${user.organisation}.</p>
    <secret-challenge mode="agent" endpoint=${agentEndpoint}></secret-challenge>
  </section>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    await answer(el, charactersAt([3, 6, 9]));
    await eventually(() =>
      expect(el.shadowRoot!.querySelector('[part~="status"][data-state="verified"]')).not.toBeNull(),
    );
    await expect(textOf(part(el, 'status'))).toContain('Identity checked');
  },
};

/** Self check: make sure you remember your secret. */
export const SelfCheck: Story = {
  beforeEach: () => {
    seedChallengePositions([1, 4, 7]);
  },
  render: () => html`<section data-journey="self-check">
    <h1>Check your account secret</h1>
    <secret-challenge endpoint=${paths.selfChallenge} help-href="#help"></secret-challenge>
  </section>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'secret-challenge');
    await answer(el, charactersAt([1, 4, 7]));
    await eventually(() =>
      expect(el.shadowRoot!.querySelector('[part~="status"][data-state="verified"]')).not.toBeNull(),
    );
    await expect(textOf(part(el, 'status'))).toContain('Your account secret is correct');
  },
};
