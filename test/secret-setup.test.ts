import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../src/secret-setup/secret-setup.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { recordEvents, requests, resetMocks, until, useMocks } from './helpers.js';

describe('<secret-setup> smoke', () => {
  before(async () => {
    await useMocks();
  });
  beforeEach(() => resetMocks());

  it('saves', async () => {
    const el = await fixture<SecretSetupElement>(html`<secret-setup endpoint="/api/account-secret" given-name="Mary" family-name="Smith"></secret-setup>`);
    await expect(el).to.be.accessible();
    const events = recordEvents(el, ['secret-saved', 'secret-error', 'secret-rejected']);
    el.shadowRoot!.querySelector<HTMLInputElement>('[part=input]')!.focus();
    await sendKeys({ type: 'meadowlarks' });
    el.shadowRoot!.querySelector<HTMLInputElement>('[part=confirm-input]')!.focus();
    await sendKeys({ type: 'meadowlarks' });
    await sendKeys({ press: 'Enter' });
    await until(() => events.length > 0);
    expect(events.map((e) => e.type)).to.deep.equal(['secret-saved']);
    expect(JSON.parse(requests[0].body)).to.deep.equal({ secret: 'meadowlarks' });
    await expect(el).to.be.accessible();
  });
});
