import { BaseElement } from './base.js';

/**
 * The small base of our form-associated elements (`<secret-setup>`,
 * `<aup-consent>`): they join a surrounding `<form>` like a native input,
 * with a value, validity, `required`, `disabled` (their own or a fieldset's)
 * and reset, through `ElementInternals`.
 */
export abstract class FormAssociatedElement<M> extends BaseElement<M> {
  static formAssociated = true;

  static override properties = {
    ...BaseElement.properties,
    name: { reflect: true, useDefault: true },
    required: { type: Boolean, reflect: true, useDefault: true },
    disabled: { type: Boolean, reflect: true, useDefault: true },
  };

  /** The name under which the value is submitted with a form. */
  declare name: string;
  /** The form cannot be submitted without a value. */
  declare required: boolean;
  /** Disables the control; a disabled `<fieldset>` around it does the same. */
  declare disabled: boolean;

  /** Set by the browser for the element's own `disabled` and for a disabled fieldset. */
  protected formDisabled = false;

  constructor() {
    super();
    this.name = '';
    this.required = false;
    this.disabled = false;
  }

  get form(): HTMLFormElement | null {
    return this.internals.form;
  }

  get validity(): ValidityState {
    return this.internals.validity;
  }

  get validationMessage(): string {
    return this.internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.internals.willValidate;
  }

  checkValidity(): boolean {
    return this.internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.internals.reportValidity();
  }

  /** Disabled by its own attribute or by a disabled fieldset. */
  protected get isDisabled(): boolean {
    return this.disabled || this.formDisabled;
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
    this.requestUpdate();
  }

  abstract formResetCallback(): void;
}
