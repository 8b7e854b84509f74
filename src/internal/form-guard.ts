import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface FormGuardOptions {
  /** The element's tag, for the console warning. */
  tag: string;
  /** The form entries that hold a secret now, as `[name, value]` (none while nothing is typed; a name may be empty). */
  entries(): Array<[name: string, value: string]>;
  /** The element takes a GET submission over and sends the secret itself (with `endpoint`, over JSON): the form then sends nothing of it. */
  sendsItself(): boolean;
  /**
   * Whether the secret is one of the form's own fields: the page's inputs
   * (light-DOM mode), or the element's form value (its `name`). Such an
   * element in a GET form warns as soon as it sees that form.
   */
  inForm(): boolean;
  /** A submission the guard lets through, for the element to enhance or take over (`get`: the guard's GET case, which the element must send itself). */
  submit?(event: SubmitEvent, get: boolean): void;
}

/**
 * Whether a `method` or `formmethod` value means GET: HTML matches `post`
 * and `dialog` ASCII case-insensitively and takes anything else, a missing
 * attribute included, for GET.
 */
function isGet(value: string | null | undefined): boolean {
  const method = value?.trim().toLowerCase();
  return method !== 'post' && method !== 'dialog';
}

/**
 * Watches the surrounding form so that a submission that would use GET never
 * carries a secret in the URL (SPEC, hardening), whether the secret is in
 * the element's own form value or in the page's own inputs (light-DOM mode).
 * A `<form>` without `method` is such a form. One rule in both modes
 * (docs/decisions.md, "A form sent with GET never carries the secret"):
 *
 * - The secret among a GET form's fields is a page bug even when the guard
 *   below catches it: without JavaScript, or before the element is defined,
 *   the page's own inputs go into the URL. So the element warns once, after
 *   the update that finds it in such a form, whatever `endpoint`.
 * - A submission by a person or `requestSubmit()` fires `submit`: with GET
 *   (by the form's `method` or the submitter's `formmethod`) and a secret
 *   typed, the element takes it over and sends the secret itself when it
 *   has an `endpoint` (JSON, nothing in a URL); without, it is refused with
 *   a console warning.
 * - `form.submit()` fires no `submit`, but the entry list it builds fires
 *   `formdata`: a form whose `method` is GET loses the secret's entries.
 *   `new FormData(form)` fires the same event and cannot be told apart, so
 *   it loses them too: a script that posts the form itself says
 *   `method="post"` (or reads the element's `value`).
 *
 * The element calls `attach(form)` from `formAssociatedCallback` (or with
 * `closest('form')` when it is not form-associated); leaving the page detaches.
 */
export class FormGuard implements ReactiveController {
  readonly #options: FormGuardOptions;
  #form: HTMLFormElement | null = null;
  /** The GET form the element has already warned about (once is enough). */
  #warned: HTMLFormElement | null = null;

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

  hostUpdated(): void {
    const form = this.#form;
    if (!form || form === this.#warned || !isGet(form.getAttribute('method')) || !this.#options.inForm()) return;
    this.#warned = form;
    this.#warn('in a GET form, also without JavaScript');
  }

  readonly #onSubmit = (event: SubmitEvent) => {
    const method =
      event.submitter?.getAttribute('formmethod') ?? (event.target as HTMLFormElement).getAttribute('method');
    const get = isGet(method) && this.#options.entries().length > 0;
    if (get && !this.#options.sendsItself()) {
      event.preventDefault();
      this.#warn('not submitted');
      return;
    }
    this.#options.submit?.(event, get);
  };

  readonly #onFormData = (event: FormDataEvent) => {
    if (!isGet(this.#form?.getAttribute('method'))) return;
    const data = event.formData;
    let removed = false;
    // Each entry of the secret's name goes, and comes back unless it is the secret (an unnamed one matches none).
    for (const [name, secret] of this.#options.entries()) {
      const values = data.getAll(name);
      data.delete(name);
      for (const value of values) {
        if (value === secret) removed = true;
        else data.append(name, value);
      }
    }
    if (removed) this.#warn('left out of the form data');
  };

  #warn(what: string): void {
    console.warn(
      `<${this.#options.tag}>: ${what}: a GET form (method="get", or no method) would put the secret in the URL; use method="post".`,
    );
  }
}
