import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { demoUser, paths, seedChallengePositions } from '../mocks/index.js';
import '../src/index.js';
import { policySrc } from './aup-consent.stories.js';
import { backend, eventually, part, parts, rendered } from './support.js';

/**
 * Re-theming from the host page, with nothing but CSS: the `--ase-*` custom
 * properties (colours, type, spacing) inherit into the shadow roots, and
 * `::part(...)` reaches the pieces a host may restyle.
 */

const meta = {
  title: 'Theming',
  // Whole screens, not one component: no generated docs page.
  tags: ['!autodocs'],
  parameters: { msw: backend() },
  beforeEach: () => {
    seedChallengePositions([2, 5, 8]);
  },
} satisfies Meta;

export default meta;
type Story = StoryObj;

/** A host's brand: purple actions, a serif face, rounder buttons, roomier spacing. */
const BRAND = {
  button: '#330072',
  shadow: '#1a0039',
  link: '#330072',
  callout: '#330072',
};

/** The three elements in a host's own brand. */
export const ReThemed: Story = {
  render: () => html`<div class="host-theme">
    <style>
      .host-theme {
        --ase-color-button: ${BRAND.button};
        --ase-color-button-hover: ${BRAND.shadow};
        --ase-color-button-shadow: ${BRAND.shadow};
        --ase-color-link: ${BRAND.link};
        --ase-color-secondary-button-text: ${BRAND.button};
        --ase-color-callout: ${BRAND.callout};
        --ase-font-family: Georgia, 'Times New Roman', serif;
        --ase-space-m: 1.25rem;
        --ase-policy-max-height: 12rem;
        display: grid;
        gap: 2rem;
      }
      .host-theme ::part(submit),
      .host-theme ::part(accept) {
        border-radius: 999px;
      }
      .host-theme ::part(rule) {
        font-style: italic;
      }
      .host-theme ::part(char-input) {
        border-radius: 0.5rem;
      }
      .host-theme ::part(policy) {
        border-radius: 0.5rem;
      }
    </style>
    <aup-consent endpoint=${paths.aupAcceptance} version="2026-11" src=${policySrc}></aup-consent>
    <secret-setup
      endpoint=${paths.secret}
      given-name=${demoUser.givenName}
      family-name=${demoUser.familyName}
      organisation=${demoUser.organisation}
    ></secret-setup>
    <secret-challenge endpoint=${paths.selfChallenge}></secret-challenge>
  </div>`,
  play: async ({ canvasElement }) => {
    const setup = await rendered(canvasElement, 'secret-setup');
    const submit = getComputedStyle(part(setup, 'submit'));
    await expect(submit.backgroundColor).toBe('rgb(51, 0, 114)');
    await expect(submit.borderTopLeftRadius).toBe('999px');
    await expect(submit.fontFamily).toContain('Georgia');
    await expect(parts(setup, 'rule').every((rule) => getComputedStyle(rule).fontStyle === 'italic')).toBe(true);
    await expect(getComputedStyle(part(setup, 'warning')).borderLeftColor).toBe('rgb(51, 0, 114)');

    const aup = await rendered(canvasElement, 'aup-consent');
    await expect(getComputedStyle(part(aup, 'accept')).borderTopLeftRadius).toBe('999px');

    const challenge = await rendered(canvasElement, 'secret-challenge');
    await eventually(() => expect(parts(challenge, 'char-input').length).toBe(3));
    await expect(getComputedStyle(part(challenge, 'char-input')).borderTopLeftRadius).toBe('8px');
    await expect(getComputedStyle(part(challenge, 'submit')).backgroundColor).toBe('rgb(51, 0, 114)');
  },
};

/**
 * Dark mode. The elements follow the reader's `prefers-color-scheme` on
 * their own; this story pins `color-scheme: dark`, the one declaration a
 * host uses to choose a scheme, so the story looks the same on every system.
 */
export const Dark: Story = {
  render: () => html`<div class="dark-host">
    <style>
      .dark-host {
        display: grid;
        gap: 2rem;
        padding: 1rem;
        background: #1d2429;
      }
      .dark-host > * {
        color-scheme: dark;
        --ase-policy-max-height: 12rem;
      }
    </style>
    <aup-consent endpoint=${paths.aupAcceptance} version="2026-11" src=${policySrc}></aup-consent>
    <secret-setup
      endpoint=${paths.secret}
      given-name=${demoUser.givenName}
      family-name=${demoUser.familyName}
      organisation=${demoUser.organisation}
    ></secret-setup>
    <secret-challenge endpoint=${paths.selfChallenge}></secret-challenge>
  </div>`,
  play: async ({ canvasElement }) => {
    const setup = await rendered(canvasElement, 'secret-setup');
    await expect(getComputedStyle(setup).color).toBe('rgb(240, 244, 245)');
    await expect(getComputedStyle(setup).backgroundColor).toBe('rgb(29, 36, 41)');
    await expect(getComputedStyle(part(setup, 'submit')).backgroundColor).toBe('rgb(95, 211, 141)');

    const aup = await rendered(canvasElement, 'aup-consent');
    await expect(getComputedStyle(part(aup, 'policy')).borderTopColor).toBe('rgb(138, 154, 165)');

    const challenge = await rendered(canvasElement, 'secret-challenge');
    await eventually(() => expect(parts(challenge, 'char-input').length).toBe(3));
    await expect(getComputedStyle(part(challenge, 'char-input')).backgroundColor).toBe('rgb(21, 27, 31)');
  },
};
