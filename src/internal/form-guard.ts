import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface FormGuardOptions {
  /** The element's tag, for the console warning. */
  tag: string;
  /** The form entries that hold a secret now, as `[name, value]` (none while nothing is typed; a name may be empty). */
  entries(): Array<[name: string, value: string]>;
  /** The element takes a submission over and sends the secret itself (light-DOM mode with `endpoint`): a GET form then sends nothing of it. */
  sendsItself(): boolean;
  /** A submission the guard lets through, for the element to enhance (light-DOM mode). */
  submit?(event: SubmitEvent): void;
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
 * A `<form>` without `method` is such a form.
 *
 * - A submission by a person or `requestSubmit()` fires `submit`: with GET
 *   (by the form's `method` or the submitter's `formmethod`) and a secret
 *   typed, it is refused with a console warning, unless the element takes
 *   the submission over itself (light-DOM mode with `endpoint`: JSON).
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
    const method =
      event.submitter?.getAttribute('formmethod') ?? (event.target as HTMLFormElement).getAttribute('method');
    if (isGet(method) && this.#options.entries().length > 0 && !this.#options.sendsItself()) {
      event.preventDefault();
      this.#warn('not submitted');
      return;
    }
    this.#options.submit?.(event);
  };

  readonly #onFormData = (event: FormDataEvent) => {
    const entries = this.#options.entries();
    if (entries.length === 0 || !isGet(this.#form?.getAttribute('method'))) return;
    let removed = false;
    for (const [name, secret] of entries) {
      if (!name) continue;
      const values = event.formData.getAll(name);
      const kept = values.filter((value) => value !== secret);
      removed ||= kept.length < values.length;
      event.formData.delete(name);
      for (const value of kept) event.formData.append(name, value);
    }
    if (removed) this.#warn('left out of the form data');
  };

  #warn(what: string): void {
    console.warn(
      `<${this.#options.tag}>: ${what}: a GET form (method="get", or no method) would put the secret in the URL; use method="post".`,
    );
  }
}
