import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/aup-consent/aup-consent.js';
import type { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import '../src/secret-setup/secret-setup.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { until } from './helpers.js';
import { aupPage, setupPageForm } from './support/light.js';

/**
 * `disabled` in light-DOM mode ("HTML first"): the element's own `disabled`,
 * or a disabled `<fieldset>` around it, disables the page's own controls as
 * it disables its own in shadow mode, and enables again only those it
 * disabled (the shared LightControls layer).
 */

/** The page's `<secret-setup>` form (the shared fixture), the element in a fieldset of the page's. */
async function setupPage(o: { confirmDisabled?: boolean } = {}): Promise<SecretSetupElement> {
  const form = await fixture<HTMLFormElement>(
    setupPageForm({
      fieldset: 'Your account secret',
      givenName: 'Mary',
      familyName: 'Smith',
      organisation: 'Leeds Teaching Hospitals',
      confirmDisabled: o.confirmDisabled,
    }),
  );
  const el = form.querySelector('secret-setup')!;
  await el.updateComplete;
  return el;
}

const field = (el: Element, id: string) => el.querySelector<HTMLInputElement>(`#${id}`)!;
/** Whether each of the page's inputs is disabled, as the browser sees it (its own `disabled`, or a fieldset's). */
const states = (el: Element) => ['secret', 'secret-confirm'].map((id) => field(el, id).matches(':disabled'));
/** A mutation observer's records are delivered at the end of the task: let them arrive. */
const records = () => new Promise((resolve) => setTimeout(resolve));

describe('disabled in light-DOM mode', () => {
  it("<secret-setup disabled>: the page's inputs are disabled (nothing typed, nothing submitted), then enabled again", async () => {
    const el = await setupPage();
    const form = el.closest('form')!;
    el.disabled = true;
    await el.updateComplete;
    expect(states(el)).to.deep.equal([true, true]);
    expect(el.querySelector<HTMLButtonElement>('.ase-toggle')!.disabled, 'its own toggle too').to.equal(true);
    field(el, 'secret').focus();
    await sendKeys({ type: 'meadowlarks' });
    expect(field(el, 'secret').value, 'a disabled field takes no typing').to.equal('');
    expect([...new FormData(form).keys()], "nor submits: only the page's CSRF field").to.deep.equal(['csrf']);

    el.disabled = false;
    await el.updateComplete;
    expect(states(el)).to.deep.equal([false, false]);
    field(el, 'secret').focus();
    await sendKeys({ type: 'meadowlarks' });
    expect(field(el, 'secret').value).to.equal('meadowlarks');
  });

  it('a disabled fieldset around it does the same, and enabling the fieldset enables them', async () => {
    const el = await setupPage();
    const fieldset = el.closest('fieldset')!;
    fieldset.disabled = true;
    await until(() => el.matches(':disabled'), 5000, 'the element disabled by its fieldset');
    await el.updateComplete;
    expect(states(el)).to.deep.equal([true, true]);
    fieldset.disabled = false;
    await el.updateComplete;
    expect(states(el)).to.deep.equal([false, false]);
    expect(field(el, 'secret').hasAttribute('disabled'), 'nothing of it left behind').to.equal(false);
  });

  it('enables only what it disabled: an input the page disabled, before or meanwhile, stays disabled', async () => {
    const el = await setupPage({ confirmDisabled: true });
    el.disabled = true;
    await el.updateComplete;
    el.disabled = false;
    await el.updateComplete;
    expect(states(el), 'disabled by the page before').to.deep.equal([false, true]);

    el.disabled = true;
    await el.updateComplete;
    // The page disables the secret itself while the element is disabled.
    field(el, 'secret').disabled = true;
    await records();
    el.disabled = false;
    await el.updateComplete;
    expect(states(el), 'disabled by the page meanwhile').to.deep.equal([true, true]);
  });

  it('leaving the page while disabled gives the page its inputs back enabled', async () => {
    const el = await setupPage();
    el.disabled = true;
    await el.updateComplete;
    const [secret, confirm] = [field(el, 'secret'), field(el, 'secret-confirm')];
    const parent = el.parentElement!;
    el.remove();
    expect([secret.disabled, confirm.disabled]).to.deep.equal([false, false]);
    parent.append(el);
    await el.updateComplete;
    expect(states(el), 'disabled again on its return').to.deep.equal([true, true]);
  });

  it("<aup-consent disabled>: the page's accept button is disabled, then enabled again", async () => {
    const form = await fixture<HTMLFormElement>(
      aupPage({ version: '2026-11', policy: html`<p>A short policy.</p>`, accept: 'Accept and continue' }),
    );
    const el = form.querySelector<AupConsentElement>('aup-consent')!;
    await el.updateComplete;
    const button = el.querySelector('button')!;
    el.disabled = true;
    await el.updateComplete;
    expect(button.disabled).to.equal(true);
    el.disabled = false;
    await el.updateComplete;
    expect(button.disabled).to.equal(false);
  });
});
