import { expect, fixture, html } from '@open-wc/testing';

/**
 * Our accessibility tests pass only if axe can fail: these fixtures are
 * inaccessible on purpose, and each must be reported.
 */
class UnlabelledField extends HTMLElement {
  constructor() {
    super();
    // No label, as an element that forgot one inside its shadow root would render.
    this.attachShadow({ mode: 'open' }).innerHTML = '<input type="text">';
  }
}
if (!customElements.get('unlabelled-field')) customElements.define('unlabelled-field', UnlabelledField);

describe('axe (proves the accessibility checks can fail)', () => {
  it('reports an input without a label', async () => {
    const el = await fixture(html`<div><input type="text" /></div>`);
    await expect(el).not.to.be.accessible();
  });

  it('reports an unlabelled input inside a shadow root', async () => {
    const el = await fixture(html`<div><unlabelled-field></unlabelled-field></div>`);
    await expect(el).not.to.be.accessible();
  });

  it('passes the same input once it is labelled (the check is not always failing)', async () => {
    const el = await fixture(html`<div><label for="ok">Name</label><input id="ok" type="text" /></div>`);
    await expect(el).to.be.accessible();
  });
});
