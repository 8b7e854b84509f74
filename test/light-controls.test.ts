import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { css } from '../src/internal/css.js';
import { LightControls, OWNED } from '../src/internal/light-controls.js';
import { typeInto } from './helpers.js';

/**
 * The shared HTML-first layer against a synthetic host (as Web Awesome
 * tests its controllers): what any element that enhances a page's own
 * controls relies on, apart from what `<secret-setup>` does with it.
 */
class LightHost extends LitElement {
  readonly light = new LightControls(this, (host) => {
    const input = host.querySelector<HTMLInputElement>('input');
    return input ? { input } : undefined;
  });
  updates = 0;

  protected override updated(): void {
    this.updates++;
  }

  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('light-controls-host', LightHost);

const sheet = css`
  .ase-test-mark {
    outline: 1px solid;
  }
`;

async function host(
  template = testHtml`<light-controls-host><label for="f">Field</label><input id="f" /></light-controls-host>`,
): Promise<LightHost> {
  const el = await fixture<LightHost>(template);
  await el.updateComplete;
  return el;
}

describe('LightControls', () => {
  it("finds the page's controls at connect, and again when the children change", async () => {
    const el = await host(testHtml`<light-controls-host><p>No field yet</p></light-controls-host>`);
    expect(el.light.controls).to.equal(undefined);
    const input = document.createElement('input');
    el.append(input);
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(el.light.controls).to.deep.equal({ input });
    const updates = el.updates;
    // The host's own additions are not a change of the page's controls.
    el.light.add(
      'note',
      () => document.createElement('span'),
      (node) => input.after(node),
    );
    await new Promise((resolve) => setTimeout(resolve));
    await el.updateComplete;
    expect(el.updates).to.equal(updates);
  });

  it('adds its own nodes once, puts them back if taken out, and removes them on disconnect; ids only where missing', async () => {
    const el = await host(testHtml`<light-controls-host><input /></light-controls-host>`);
    const { input } = el.light.controls!;
    const id = el.light.id(input, 'field');
    expect(id).to.match(/^field-\d+$/);
    expect(el.light.id(input, 'other')).to.equal(id);
    let made = 0;
    const create = () => {
      made++;
      return document.createElement('span');
    };
    const node = el.light.add('note', create, (n) => input.after(n));
    expect(node.hasAttribute(OWNED)).to.equal(true);
    expect(input.nextElementSibling).to.equal(node);
    node.remove();
    expect(el.light.add('note', create, (n) => input.after(n))).to.equal(node);
    expect([made, input.nextElementSibling]).to.deep.equal([1, node]);
    el.remove();
    expect(node.isConnected || el.contains(node)).to.equal(false);
    expect(input.hasAttribute('id'), 'the id it gave is taken back').to.equal(false);
    expect(el.contains(input), "the page's node stays").to.equal(true);
  });

  it("describes an input by the page's ids first, then its own; aria-invalid only while invalid", async () => {
    const el = await host(
      testHtml`<light-controls-host><span id="h">Hint</span><input aria-describedby="h" /></light-controls-host>`,
    );
    const { input } = el.light.controls!;
    el.light.describe(input, ['mine'], true);
    expect(input.getAttribute('aria-describedby')).to.equal('h mine');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    el.light.describe(input, [], false);
    expect(input.getAttribute('aria-describedby')).to.equal('h');
    expect(input.hasAttribute('aria-invalid')).to.equal(false);
  });

  it('keeps a server-rendered error until its input changes, then hides it (never removes it)', async () => {
    const el = await host(testHtml`<light-controls-host>
      <div class="nhsuk-form-group nhsuk-form-group--error">
        <label for="f">Field</label>
        <span id="f-hint">Hint</span>
        <span class="nhsuk-error-message" id="f-error">Error: wrong</span>
        <input id="f" aria-describedby="f-hint f-error" aria-invalid="true" />
      </div>
    </light-controls-host>`);
    const { input } = el.light.controls!;
    const message = el.querySelector<HTMLElement>('#f-error')!;
    el.light.describe(input, ['mine']);
    expect(el.light.hasServerError(input)).to.equal(true);
    expect(input.getAttribute('aria-describedby')).to.equal('f-hint f-error mine');
    expect(input.getAttribute('aria-invalid'), 'still shown: still invalid').to.equal('true');
    await typeInto(input, 'x');
    expect(el.light.hasServerError(input)).to.equal(false);
    expect(message.hidden).to.equal(true);
    expect(message.isConnected).to.equal(true);
    expect(input.getAttribute('aria-describedby')).to.equal('f-hint mine');
    expect(input.hasAttribute('aria-invalid')).to.equal(false);
    expect(el.querySelector('.nhsuk-form-group')!.classList.contains('nhsuk-form-group--error')).to.equal(false);
  });

  it('adopts a sheet into the root it lives in, once', async () => {
    const el = await host();
    const before = document.adoptedStyleSheets.length;
    el.light.adopt(sheet);
    el.light.adopt(sheet);
    expect(document.adoptedStyleSheets.length).to.equal(before + 1);
    expect(document.adoptedStyleSheets.at(-1)).to.equal(sheet.styleSheet);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet.styleSheet);
  });
});
