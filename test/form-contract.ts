import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import { deepActiveElement } from './helpers.js';

/** What every form-associated element of the library offers, like a native input. */
export interface FormControl extends HTMLElement {
  name: string;
  required: boolean;
  disabled: boolean;
  readonly form: HTMLFormElement | null;
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  checkValidity(): boolean;
  reportValidity(): boolean;
}

export interface FormContractOptions<E extends FormControl> {
  /** Renders the element with these attributes; the suite puts it in a form (and a fieldset). */
  render: (attributes: { name: string; required: boolean }) => TemplateResult;
  /** Makes the element valid with a value, as a user would; resolves to the value the form must submit. */
  makeValid: (element: E) => Promise<string>;
}

interface Mounted<E> {
  form: HTMLFormElement;
  element: E;
  fieldset: HTMLFieldSetElement | null;
}

async function settle(element: HTMLElement): Promise<void> {
  const lit = element as HTMLElement & { updateComplete?: Promise<unknown> };
  if (lit.updateComplete) await lit.updateComplete;
}

/** Controls of the element's own rendering that are still operable. */
function enabledInnerControls(element: HTMLElement): Element[] {
  const root = element.shadowRoot;
  if (!root) return [];
  return [...root.querySelectorAll('input, button, select, textarea')].filter(
    (control) => !control.matches(':disabled'),
  );
}

/**
 * The shared contract of form-associated elements: value, validity (with an
 * inner control as the anchor the browser focuses), `required` and
 * valueMissing, reset, disabled by its own attribute and by a disabled
 * fieldset, and FormData. Call it inside a `describe` of the element's tests.
 */
export function formContract<E extends FormControl>(options: FormContractOptions<E>): void {
  async function mount(
    attributes: { name?: string; required?: boolean; inFieldset?: boolean } = {},
  ): Promise<Mounted<E>> {
    const control = options.render({ name: attributes.name ?? 'field', required: attributes.required ?? false });
    // method="post": a form sent with GET never carries a secret (SPEC, hardening; test/hardening.test.ts).
    const form = await fixture<HTMLFormElement>(
      attributes.inFieldset
        ? html`<form method="post"><fieldset>${control}</fieldset></form>`
        : html`<form method="post">${control}</form>`,
    );
    const element = [...form.querySelectorAll('*')].find((node) => node.localName.includes('-')) as E | undefined;
    if (!element) throw new Error('render() gave no custom element');
    await settle(element);
    return { form, element, fieldset: form.querySelector('fieldset') };
  }

  describe('form contract', () => {
    it('is associated with the surrounding form and listed in its elements', async () => {
      const { form, element } = await mount();
      expect((element.constructor as { formAssociated?: boolean }).formAssociated).to.equal(true);
      expect(element.form).to.equal(form);
      expect([...form.elements]).to.include(element);
      expect(element.willValidate).to.equal(true);
    });

    it('starts with no value and, when optional, valid', async () => {
      const { form, element } = await mount();
      expect(new FormData(form).has('field')).to.equal(false);
      expect(element.validity.valid).to.equal(true);
      expect(element.checkValidity()).to.equal(true);
      expect(element.validationMessage).to.equal('');
    });

    it('submits its value under its name', async () => {
      const { form, element } = await mount();
      const value = await options.makeValid(element);
      await settle(element);
      expect(new FormData(form).getAll('field')).to.deep.equal([value]);
      if ('value' in element) expect(element.value).to.equal(value);
      const submitted: FormData[] = [];
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        submitted.push(new FormData(form));
      });
      form.requestSubmit();
      expect(submitted.map((data) => data.get('field'))).to.deep.equal([value]);
    });

    it('adds nothing to the form without a name', async () => {
      const { form, element } = await mount({ name: '' });
      await options.makeValid(element);
      await settle(element);
      expect([...new FormData(form).keys()]).to.deep.equal([]);
    });

    it('is valueMissing when required and empty, with an inner control as the anchor', async () => {
      const { form, element } = await mount({ required: true });
      expect(element.validity.valueMissing).to.equal(true);
      expect(element.validity.valid).to.equal(false);
      expect(element.checkValidity()).to.equal(false);
      expect(element.validationMessage).to.not.equal('');
      expect(form.checkValidity()).to.equal(false);
      // The browser focuses the anchor: an element inside the shadow root, not the host.
      expect(element.reportValidity()).to.equal(false);
      const focused = deepActiveElement();
      expect(focused, 'focused anchor').to.not.equal(null);
      expect(focused!.getRootNode()).to.equal(element.shadowRoot);
    });

    it('blocks a required, empty submission and fires invalid on itself', async () => {
      const { form, element } = await mount({ required: true });
      let submits = 0;
      let invalids = 0;
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        submits++;
      });
      element.addEventListener('invalid', () => invalids++);
      form.requestSubmit();
      expect(submits).to.equal(0);
      expect(invalids).to.equal(1);
    });

    it('becomes valid when required and filled', async () => {
      const { form, element } = await mount({ required: true });
      await options.makeValid(element);
      await settle(element);
      expect(element.validity.valid).to.equal(true);
      expect(element.validity.valueMissing).to.equal(false);
      expect(form.checkValidity()).to.equal(true);
    });

    it('empties on form reset', async () => {
      const { form, element } = await mount({ required: true });
      await options.makeValid(element);
      await settle(element);
      form.reset();
      await settle(element);
      expect(new FormData(form).has('field')).to.equal(false);
      if ('value' in element) expect(element.value).to.equal('');
      expect(element.validity.valueMissing).to.equal(true);
    });

    it('is disabled by its own disabled attribute: no value, no validation, no operable control', async () => {
      const { form, element } = await mount({ required: true });
      await options.makeValid(element);
      element.setAttribute('disabled', '');
      await settle(element);
      expect(element.disabled).to.equal(true);
      expect(element.matches(':disabled')).to.equal(true);
      expect(element.willValidate).to.equal(false);
      expect(new FormData(form).has('field')).to.equal(false);
      expect(enabledInnerControls(element)).to.deep.equal([]);

      element.removeAttribute('disabled');
      await settle(element);
      expect(element.matches(':disabled')).to.equal(false);
      expect(new FormData(form).has('field')).to.equal(true);
    });

    it('is barred from validation while disabled, even when required and empty', async () => {
      const { form, element } = await mount({ required: true });
      element.disabled = true;
      await settle(element);
      expect(element.getAttribute('disabled')).to.equal('');
      expect(form.checkValidity()).to.equal(true);
    });

    it('is disabled by a disabled fieldset around it', async () => {
      const { form, element, fieldset } = await mount({ required: true, inFieldset: true });
      await options.makeValid(element);
      fieldset!.disabled = true;
      await settle(element);
      expect(element.matches(':disabled')).to.equal(true);
      expect(element.disabled, 'own property untouched').to.equal(false);
      expect(element.willValidate).to.equal(false);
      expect(new FormData(form).has('field')).to.equal(false);
      expect(enabledInnerControls(element)).to.deep.equal([]);

      fieldset!.disabled = false;
      await settle(element);
      expect(element.matches(':disabled')).to.equal(false);
      expect(enabledInnerControls(element)).to.not.deep.equal([]);
      expect(new FormData(form).has('field')).to.equal(true);
    });
  });
}
