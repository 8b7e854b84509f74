import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { http, HttpResponse } from 'msw';
import { html, nothing } from 'lit';
import { expect, userEvent } from 'storybook/test';
import { aupAcceptances, paths, scenario } from '../mocks/index.js';
import '../src/aup-consent/aup-consent.js';
import type { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import { aupConsentEnglish as en } from '../src/aup-consent/messages.js';
import { aupConsentWelsh as cy } from '../src/aup-consent/messages.cy.js';
import { backend, eventually, focusedIn, part, rendered, textOf } from './support.js';

export interface AupConsentArgs {
  endpoint: string;
  version: string;
  src: string;
  acceptedAt: string;
}

/** The demo policy, served beside Storybook from `public/` (relative, so a published Storybook finds it too). */
export const policySrc = 'policy/acceptable-use-policy.html';

/** Renders `<aup-consent>` with the story's args as attributes, as a host page would. */
export function renderAupConsent(args: AupConsentArgs) {
  return html`<aup-consent
    endpoint=${args.endpoint || nothing}
    version=${args.version || nothing}
    src=${args.src || nothing}
    accepted-at=${args.acceptedAt || nothing}
  ></aup-consent>`;
}

const meta = {
  title: 'Elements/aup-consent',
  component: 'aup-consent',
  // Helpers exported for other story files (lower case) are not stories.
  excludeStories: /^[a-z]/,
  args: {
    endpoint: paths.aupAcceptance,
    version: '2026-11',
    src: policySrc,
    acceptedAt: '',
  },
  render: renderAupConsent,
  parameters: { msw: backend() },
} satisfies Meta<AupConsentArgs>;

export default meta;
type Story = StoryObj<AupConsentArgs>;

/** The fetched policy has been cleaned and placed in the region. */
export async function policyLoaded(el: AupConsentElement): Promise<HTMLElement> {
  await eventually(() => expect(part(el, 'policy').querySelector('.policy-content')).not.toBeNull());
  return part(el, 'policy');
}

/** Scrolls the policy region to its end, as a person would, and waits for Accept to become available. */
export async function readToTheEnd(el: AupConsentElement): Promise<void> {
  const region = await policyLoaded(el);
  region.scrollTop = region.scrollHeight;
  await eventually(() => expect(el.read).toBe(true));
  await el.updateComplete;
}

/** The policy has not been read to its end: Accept says why it is not available yet. */
export const BeforeTheEnd: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    const region = await policyLoaded(el);
    await expect(region.scrollHeight).toBeGreaterThan(region.clientHeight);
    await expect(part(el, 'accept').getAttribute('aria-disabled')).toBe('true');
    await expect(textOf(part(el, 'hint'))).toBe(en.hintUnread);
    // Pressing Accept early explains, and takes the user to the policy.
    await userEvent.click(part(el, 'accept'));
    await expect(focusedIn(el)).toBe(region);
    await expect(aupAcceptances()).toEqual([]);
  },
};

/** The end of the policy has been in view: Accept is available. */
export const AfterTheEnd: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    await readToTheEnd(el);
    await expect(part(el, 'accept').getAttribute('aria-disabled')).toBe('false');
    await expect(textOf(part(el, 'hint'))).toBe(en.hintRead);
  },
};

/** Accepted: the server recorded it, and a focused confirmation says which version and when. */
export const Accepted: Story = {
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    await readToTheEnd(el);
    await userEvent.click(part(el, 'accept'));
    await eventually(() => expect(el.shadowRoot!.querySelector('[part~="confirmation"]')).not.toBeNull());
    const confirmation = part(el, 'confirmation');
    await expect(textOf(confirmation)).toContain(en.confirmationTitle);
    await expect(textOf(confirmation)).toContain('You accepted version 2026-11 on');
    await expect(focusedIn(el)).toBe(confirmation);
    await expect(aupAcceptances().map((entry) => entry.version)).toEqual(['2026-11']);
  },
};

/** Accepted before (`accepted-at`): the earlier acceptance is shown, and the policy must be accepted again. */
export const AlreadyAccepted: Story = {
  args: { acceptedAt: '2025-03-14T09:30:00Z' },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    await expect(textOf(part(el, 'earlier'))).toMatch(
      /^You last accepted the Acceptable Use Policy on 14 March 2025 at \d\d:\d\d\./,
    );
    await expect(part(el, 'accept').getAttribute('aria-disabled')).toBe('true');
  },
};

/** A hostile policy document: what could run, restyle or imitate the element is removed before it is shown. */
const HOSTILE_POLICY_URL = '/stories/hostile-policy.html';
const HOSTILE_POLICY = `<!doctype html><html><head><style>body { display: none }</style></head><body>
<h2 id="terms">Terms</h2>
<p onclick="alert('click')">Use the service <a href="javascript:alert('link')">responsibly</a>.</p>
<script>window.hostilePolicyRan = true</script>
<img alt="Trust logo" onerror="window.hostilePolicyRan = true">
<p><button part="accept">Accept</button> <a href="https://example.org/more">More about the service</a></p>
<form action="https://example.org/steal"><input name="secret" aria-label="Secret"></form>
<iframe src="https://example.org" title="frame"></iframe>
<p style="position: fixed; inset: 0" class="panel" data-x="1">End of the policy.</p>
</body></html>`;

export const SanitisedSrc: Story = {
  args: { src: HOSTILE_POLICY_URL },
  parameters: {
    msw: backend(http.get(HOSTILE_POLICY_URL, () => HttpResponse.html(HOSTILE_POLICY))),
  },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    const region = await policyLoaded(el);
    const content = region.querySelector('.policy-content')!;
    await expect(textOf(content)).toContain('Use the service responsibly.');
    const dropped = content.querySelectorAll('script, style, button, form, input, iframe, svg');
    await expect([...dropped].map((node) => node.localName)).toEqual([]);
    const attributes = [...content.querySelectorAll('*')].flatMap((node) => node.getAttributeNames());
    // `data-new-tab` is the element's own note on links that open a new tab.
    const foreign = attributes.filter((name) => /^on|^style$|^class$|^part$|^slot$|^data-(?!new-tab$)/.test(name));
    await expect(foreign).toEqual([]);
    await expect(content.querySelector('a:not([href])')?.textContent).toBe('responsibly');
    const external = content.querySelector<HTMLAnchorElement>('a[href^="https:"]')!;
    await expect(external.target).toBe('_blank');
    await expect(external.rel.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    await expect(content.querySelector('[id="user-content-terms"]')).not.toBeNull();
    await expect((window as { hostilePolicyRan?: boolean }).hostilePolicyRan).toBeUndefined();
  },
};

/** Slotted content short enough to need no scrolling can be accepted at once. */
export const ShortSlottedPolicy: Story = {
  args: { src: '' },
  render: (args) => html`<aup-consent endpoint=${args.endpoint} version=${args.version}>
    <h2>Acceptable Use Policy</h2>
    <p>Use the service only for your work, keep your account secret to yourself, and report anything that looks wrong.</p>
  </aup-consent>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    await eventually(() => expect(el.read).toBe(true));
    await el.updateComplete;
    await expect(part(el, 'accept').getAttribute('aria-disabled')).toBe('false');
  },
};

/** The acceptance could not be recorded (500): the error summary says so, and the user can try again. */
export const AcceptFails: Story = {
  parameters: { msw: backend(...scenario('server-error')) },
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    await readToTheEnd(el);
    await userEvent.click(part(el, 'accept'));
    await eventually(() => expect(el.shadowRoot!.querySelector('[part~="error-summary"]')).not.toBeNull());
    await expect(textOf(part(el, 'error-summary'))).toContain(en.errorServer);
    await expect(focusedIn(el)).toBe(part(el, 'error-summary'));
    await expect(part(el, 'accept').getAttribute('aria-disabled')).toBe('false');
  },
};

/** In Welsh: the element follows the closest `lang` (here a wrapper with `lang="cy"`). */
export const Welsh: Story = {
  render: (args) => html`<div lang="cy">${renderAupConsent(args)}</div>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    await eventually(() => expect(textOf(part(el, 'accept'))).toBe(cy.accept));
    await expect(textOf(part(el, 'hint'))).toBe(cy.hintUnread);
    await expect(part(el, 'policy').getAttribute('aria-label')).toBe(cy.policyLabel);
  },
};

/**
 * What a server-rendered page writes ("HTML first"): the policy and its own
 * `<button type="submit">` as children, inside its own form. Before the
 * element is defined (or with no script) the whole policy shows and the
 * button posts the form; once defined the button waits below the scrolling
 * region, `aria-disabled` with the hint beside it, until the end has been in
 * view. Here with `endpoint`, so accepting records over JSON instead of
 * leaving the page; without it the page's form would post `version`.
 */
export const LightDom: Story = {
  render: (args) => html`<style>
      .page-button {
        font: inherit;
        min-height: 2.75rem;
        padding: 0.5rem 1rem;
      }
    </style>
    <form method="post" action="/aup">
      <input type="hidden" name="csrf" value="TOKEN" />
      <aup-consent version=${args.version} endpoint=${args.endpoint || nothing} style="--ase-policy-max-height: 12rem">
        <h2>Acceptable Use Policy</h2>
        ${Array.from(
          { length: 12 },
          (_, i) =>
            html`<p>Rule ${i + 1}. Use the service only for your work, keep your account secret to yourself, and report anything that looks wrong.</p>`,
        )}
        <button class="nhsuk-button page-button" type="submit" name="version" value=${args.version}>Accept and continue</button>
      </aup-consent>
    </form>`,
  play: async ({ canvasElement }) => {
    const el = await rendered(canvasElement, 'aup-consent');
    const button = el.querySelector<HTMLButtonElement>(':scope > button[type="submit"]')!;
    await expect(button.form).toBe(canvasElement.querySelector('form'));
    await expect(button.getAttribute('aria-disabled')).toBe('true');
    const hint = el.querySelector<HTMLElement>(':scope > [part~="hint"]')!;
    await expect(button.getAttribute('aria-describedby')).toBe(hint.id);
    await expect(textOf(hint)).toBe(en.hintUnread);
    await userEvent.click(button);
    await expect(focusedIn(el)).toBe(part(el, 'policy'));
    await expect(aupAcceptances()).toEqual([]);
    const region = part(el, 'policy');
    region.scrollTop = region.scrollHeight;
    await eventually(() => expect(el.read).toBe(true));
    await el.updateComplete;
    await expect(button.getAttribute('aria-disabled')).toBe('false');
  },
};
