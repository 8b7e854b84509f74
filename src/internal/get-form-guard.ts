import type { ReactiveControllerHost } from 'lit';

/** A secret entry the form would submit: its name and value, as they appear in the form data. */
export type SecretEntry = readonly [name: string, value: string];

export interface GuardedSecret {
  /** The form the element's fields belong to. */
  form(): HTMLFormElement | null;
  /** Something of a secret has been typed: a GET submission of the form is refused. */
  holdsSecret(): boolean;
  /** The entries of the form data that carry the secret or a character of it. */
  entries(): readonly SecretEntry[];
}

/**
 * Whether a `method` or `formmethod` value means GET: HTML matches `post`
 * and `dialog` ASCII case-insensitively (`toLowerCase` maps no other
 * character into their letters), and takes anything else for GET.
 */
function isGet(value: string | null | undefined): boolean {
  const method = value?.toLowerCase();
  return method !== 'post' && method !== 'dialog';
}

/**
 * Keeps a secret out of URLs. A form submitted with GET puts its entries in
 * the URL, where history, logs, proxies and `Referer` keep them; a `<form>`
 * without `method` is such a form. So a GET submission (by the form's
 * `method` or the submitter's `formmethod`) is refused while a secret is
 * typed, and no entry list built for a form whose `method` is GET carries
 * the secret: not a script's `form.submit()`, which fires no `submit`
 * event, nor `new FormData(form)`, which the element cannot tell apart from
 * it, nor a submitter's `formmethod="post"` (say `method="post"` on the
 * form). Each says why on the console.
 *
 * It listens on the element's root (document or shadow root) in the capture
 * phase, so it needs no bookkeeping when the element's form changes.
 */
export function guardGetForms(host: ReactiveControllerHost & HTMLElement, secret: GuardedSecret): void {
  let root: Node | undefined;
  const warn = (what: string) => console.warn(`<${host.localName}>: ${what}: GET (a form's default method) would put the secret in the URL; use method="post".`);

  const onSubmit = (event: Event) => {
    const form = secret.form();
    const method = (event as SubmitEvent).submitter?.getAttribute('formmethod') ?? form?.getAttribute('method');
    if (form && event.target === form && isGet(method) && secret.holdsSecret()) {
      event.preventDefault();
      warn('not submitted');
    }
  };

  const onFormData = (event: Event) => {
    const form = secret.form();
    if (!form || event.target !== form || !isGet(form.getAttribute('method'))) return;
    const data = (event as FormDataEvent).formData;
    let removed = false;
    for (const [name, value] of secret.entries()) {
      const values = data.getAll(name);
      data.delete(name);
      for (const entry of values) {
        if (entry === value) removed = true;
        else data.append(name, entry);
      }
    }
    if (removed) warn('left out of the form data');
  };

  host.addController({
    hostConnected() {
      root = host.getRootNode();
      root.addEventListener('submit', onSubmit, true);
      root.addEventListener('formdata', onFormData, true);
    },
    hostDisconnected() {
      root?.removeEventListener('submit', onSubmit, true);
      root?.removeEventListener('formdata', onFormData, true);
    },
  });
}
