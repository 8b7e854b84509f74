import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface FormGuardOptions {
  /** The element's tag, for the console warning. */
  tag: string;
  /** The form entries that hold a secret now, as `[name, value]` (none while nothing is typed; a name may be empty). */
  entries(): Array<[name: string, value: string]>;
  /** The element sends the secret itself (it has an `endpoint`), so a GET submission carries none of its own. */
  sendsItself(): boolean;
  /** A submission the guard lets through, for the element to enhance (light-DOM mode). */
  submit?(event: SubmitEvent): void;
}

/**
 * Watches the surrounding form so that a submission that would use GET never
 * carries a secret in the URL (SPEC, hardening), whether the secret is in
 * the element's own form value or in the page's own inputs (light-DOM mode).
 *
 * - A submission by a person or `requestSubmit()` fires `submit`: with GET
 *   (`method="get"`, no `method`, or a submitter's `formmethod="get"`) and
 *   a secret typed, it is refused with a console warning.
 * - `form.submit()` fires no `submit`, but the entry list it builds fires
 *   `formdata`: a form that says `method="get"` loses the secret's entries.
 *   A form without `method` (also GET) keeps them: script-driven forms
 *   commonly read `new FormData(form)` from one and post it themselves.
 *
 * The element calls `attach(form)` from `formAssociatedCallback` (or with
 * `closest('form')` when it is not form-associated); leaving the page detaches.
 */
export class FormGuard implements ReactiveController {
  readonly #options: FormGuardOptions;
  #form: HTMLFormElement | null = null;

  constructor(host: ReactiveControllerHost, options: FormGuardOptions) {
    this.#options = options;
    host.addController(this);
  }

  attach(form: HTMLFormElement | null): void {
    this.#form?.removeEventListener('submit', this.#onSubmit);
    this.#form?.removeEventListener('formdata', this.#onFormData);
    this.#form = form;
    form?.addEventListener('submit', this.#onSubmit);
    form?.addEventListener('formdata', this.#onFormData);
  }

  hostDisconnected(): void {
    this.attach(null);
  }

  readonly #onSubmit = (event: SubmitEvent) => {
    const method = event.submitter?.getAttribute('formmethod') ?? (event.target as HTMLFormElement).getAttribute('method') ?? 'get';
    if (method.trim().toLowerCase() === 'get' && this.#options.entries().length > 0 && !this.#options.sendsItself()) {
      event.preventDefault();
      console.warn(`<${this.#options.tag}>: not submitted: method="get" would put the secret in the URL.`);
      return;
    }
    this.#options.submit?.(event);
  };

  readonly #onFormData = (event: FormDataEvent) => {
    const entries = this.#options.entries();
    if (entries.length === 0 || this.#form?.getAttribute('method')?.trim().toLowerCase() !== 'get') return;
    for (const [name, secret] of entries) {
      if (!name) continue;
      const kept = event.formData.getAll(name).filter((value) => value !== secret);
      event.formData.delete(name);
      for (const value of kept) event.formData.append(name, value);
    }
    console.warn(`<${this.#options.tag}>: left out of the form data: method="get" would put the secret in the URL.`);
  };
}
