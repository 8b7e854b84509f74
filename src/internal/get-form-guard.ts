import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A secret entry the form would submit: its name and value, as they appear in the form data. */
export type SecretEntry = readonly [name: string, value: string];

export interface GetFormGuardOptions {
  /** The element's tag, named in the console warnings. */
  tag: string;
  /** The form the element's fields belong to. */
  form(): HTMLFormElement | null;
  /** Something of a secret has been typed: a GET submission of the form is refused. */
  holdsSecret(): boolean;
  /** The entries of the form data that carry the secret or a character of it. */
  entries(): readonly SecretEntry[];
}

type Method = 'get' | 'post' | 'dialog';

/** The method a `method` or `formmethod` value selects (HTML's enumerated attribute: ASCII case-insensitive, anything else is GET). */
function methodOf(value: string | null): Method {
  const method = value?.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return method === 'post' || method === 'dialog' ? method : 'get';
}

/** The method of a submission: the submitter's `formmethod` when it has one, else the form's. */
function submissionMethod(form: HTMLFormElement, submitter: HTMLElement | null): Method {
  return submitter?.hasAttribute('formmethod') ? methodOf(submitter.getAttribute('formmethod')) : methodOf(form.getAttribute('method'));
}

const WHY = 'a form sent with GET (method="get", no method, or formmethod="get") would put the secret in the URL';

/**
 * Keeps a secret out of URLs. A form submitted with GET puts its entries in
 * the URL, where history, logs, proxies and `Referer` keep them; a `<form>`
 * without `method` is such a form. So a GET submission is refused while a
 * secret is typed, and any entry list built for a GET form (a script's
 * `form.submit()`, which fires no `submit` event, or `new FormData(form)`,
 * which the element cannot tell apart from it) leaves the secret out. Each
 * says why on the console; a form that says `method="post"` is untouched.
 *
 * It listens on the element's root (document or shadow root) in the capture
 * phase, so it needs no bookkeeping when the element's form changes.
 */
export class GetFormGuard implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: GetFormGuardOptions;
  #root?: Node;
  /** The submission under way in this task, whose `formdata` follows its `submit` event (its submitter may say `formmethod`). */
  #submit?: SubmitEvent;

  constructor(host: ReactiveControllerHost & HTMLElement, options: GetFormGuardOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.#root = this.#host.getRootNode();
    this.#root.addEventListener('submit', this.#onSubmit, true);
    this.#root.addEventListener('formdata', this.#onFormData, true);
  }

  hostDisconnected(): void {
    this.#root?.removeEventListener('submit', this.#onSubmit, true);
    this.#root?.removeEventListener('formdata', this.#onFormData, true);
    this.#root = undefined;
  }

  readonly #onSubmit = (event: Event) => {
    const form = this.#options.form();
    if (!form || event.target !== form || !(event instanceof SubmitEvent)) return;
    if (submissionMethod(form, event.submitter) === 'get' && this.#options.holdsSecret()) {
      event.preventDefault();
      console.warn(`<${this.#options.tag}>: not submitted: ${WHY}. Use method="post".`);
      return;
    }
    this.#submit = event;
    // The submission builds its entry list in this same task, if at all.
    setTimeout(() => {
      if (this.#submit === event) this.#submit = undefined;
    });
  };

  readonly #onFormData = (event: Event) => {
    const form = this.#options.form();
    if (!form || event.target !== form || !(event instanceof FormDataEvent)) return;
    const submit = this.#submit;
    // A cancelled submission builds no entry list: this one is a script's (form.submit() or new FormData).
    const method = submit && !submit.defaultPrevented ? submissionMethod(form, submit.submitter) : methodOf(form.getAttribute('method'));
    if (method !== 'get') return;
    const data = event.formData;
    let removed = false;
    for (const [name, value] of this.#options.entries()) {
      const values = data.getAll(name);
      const index = values.indexOf(value);
      if (index < 0) continue;
      values.splice(index, 1);
      data.delete(name);
      for (const kept of values) data.append(name, kept);
      removed = true;
    }
    if (removed) console.warn(`<${this.#options.tag}>: left out of the form data: ${WHY}. Use method="post".`);
  };
}
