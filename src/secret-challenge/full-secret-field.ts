/**
 * The "whole secret" field of `<secret-challenge mode="self">`, kept in the
 * element's light DOM.
 *
 * Why light DOM: browser password managers (Chrome, Firefox, Safari) do not
 * look inside shadow roots, so an input there can never be filled, and a
 * user who relies on a manager could not pass the check (WCAG 2.2 SC 3.3.8).
 * The label, hint and error message sit beside the input in the same tree,
 * because ids never cross a shadow boundary. Each node is a direct child of
 * the element assigned to a named slot, so the element's `::slotted()`
 * styles reach it and the page's own form styles may too.
 *
 * With the host's `account`, a hidden, read-only `autocomplete="username"`
 * input holding `<account> (account secret)` sits just before the
 * whole-secret input, in the same tree: password managers key what they
 * save and fill by that username, so they look for the account secret under
 * its own name rather than offering the sign-in password saved under the
 * bare account (docs/decisions.md, "Password managers"). It is assigned to
 * no slot and `hidden`, so it is never rendered, focused or announced; it
 * has no `name`, so a host form never submits it.
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';
// Inline on the error prefix, because no stylesheet of ours reaches inside a slotted node.
import { VISUALLY_HIDDEN } from '../internal/styles.js';
import { make, setText } from '../internal/dom.js';

/** What the element made of a value: used (clear the field), refused (clear it too) or not yet complete. */
export type FullSecretOutcome = 'taken' | 'refused' | 'wait';

export interface FullSecretTexts {
  label: string;
  hint: string;
  errorPrefix: string;
  error?: string;
}

/**
 * `final` is false only while the user is typing by hand: the value is
 * then taken on `change` (leaving the field, or Enter) rather than cut off
 * in the middle of a word.
 */
export type FullSecretHandler = (value: string, final: boolean) => FullSecretOutcome;

/** Marks the nodes the element owns among its children. */
const OWNED = 'data-secret-challenge-owned';

let counter = 0;

interface Nodes {
  label: HTMLLabelElement;
  hint: HTMLSpanElement;
  error: HTMLSpanElement;
  input: HTMLInputElement;
  /** The hidden username for password managers, while the host has an `account`. */
  user?: HTMLInputElement;
}

/** Appended to the account to make the username a manager keys the secret by: an identifier, not a message, so never translated. */
const USERNAME_SUFFIX = ' (account secret)';

function isTyping(event: Event): boolean {
  if (!(event instanceof InputEvent)) return false;
  const type = event.inputType;
  return type === 'insertText' || type === 'insertCompositionText' || type.startsWith('delete');
}

/** Adds, updates or removes the hidden username that names the account secret to password managers. */
function syncUser(nodes: Nodes, account?: string | null): void {
  const id = account?.trim();
  if (!id) {
    nodes.user?.remove();
    return;
  }
  if (!nodes.user?.isConnected) {
    // type="text" (the default), never type="hidden": managers skip hidden-type inputs when they look for a username.
    // Read-only: a manager matches it against saved usernames and does not overwrite it.
    // Hidden and assigned to no slot: never rendered, so no tab stop and nothing in the accessibility tree.
    nodes.user = make('input', {
      autocomplete: 'username',
      readOnly: true,
      hidden: true,
    });
    nodes.user.setAttribute(OWNED, '');
    // Before the password field: Firefox looks backwards from it for the username.
    nodes.input.before(nodes.user);
  }
  nodes.user.value = id + USERNAME_SUFFIX;
}

/**
 * A reactive controller: it removes its nodes, and what was typed in them,
 * when the element leaves the page.
 */
export class FullSecretField implements ReactiveController {
  readonly #host: HTMLElement;
  readonly #onValue: FullSecretHandler;
  readonly #onSubmit: () => void;
  readonly #id: string;
  #nodes?: Nodes;

  constructor(host: ReactiveControllerHost & HTMLElement, onValue: FullSecretHandler, onSubmit: () => void) {
    this.#host = host;
    host.addController(this);
    this.#onValue = onValue;
    this.#onSubmit = onSubmit;
    counter += 1;
    this.#id = `secret-challenge-full-secret-${counter}`;
  }

  /** Creates the nodes if needed and brings their texts, and the username for `account`, up to date. */
  attach(texts: FullSecretTexts, disabled: boolean, account?: string | null): void {
    const nodes = this.#nodes && this.#nodes.input.parentNode === this.#host ? this.#nodes : this.#create();
    const { label, hint, error, input } = nodes;
    syncUser(nodes, account);
    setText(label, texts.label);
    setText(hint, texts.hint);
    if (texts.error) {
      error.replaceChildren(
        make('span', { textContent: `${texts.errorPrefix} ` }),
        document.createTextNode(texts.error),
      );
      (error.firstChild as HTMLSpanElement).setAttribute('style', VISUALLY_HIDDEN);
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${hint.id} ${error.id}`);
    } else {
      error.replaceChildren();
      error.hidden = true;
      input.setAttribute('aria-invalid', 'false');
      input.setAttribute('aria-describedby', hint.id);
    }
    input.disabled = disabled;
  }

  hostDisconnected(): void {
    this.detach();
  }

  /** Removes the nodes (agent mode, a finished check, leaving the page). */
  detach(): void {
    if (!this.#nodes) return;
    this.#nodes.input.value = '';
    const { label, hint, error, input, user } = this.#nodes;
    for (const node of [label, hint, error, input, user]) node?.remove();
    this.#nodes = undefined;
  }

  clear(): void {
    if (this.#nodes) this.#nodes.input.value = '';
  }

  #create(): Nodes {
    // A framework may have replaced our children: start from a clean slate.
    for (const stale of this.#host.querySelectorAll(`:scope > [${OWNED}]`)) stale.remove();

    const label = make('label');
    label.slot = 'full-secret-label';
    label.htmlFor = this.#id;

    const hint = make('span');
    hint.slot = 'full-secret-hint';
    hint.id = `${this.#id}-hint`;

    const error = make('span');
    error.slot = 'full-secret-error';
    error.id = `${this.#id}-error`;
    error.hidden = true;

    const input = make('input');
    input.slot = 'full-secret-input';
    input.id = this.#id;
    input.type = 'password';
    input.setAttribute('part', 'full-secret-input');
    input.autocomplete = 'current-password';
    input.setAttribute('autocapitalize', 'none');
    input.setAttribute('autocorrect', 'off');
    input.spellcheck = false;
    input.addEventListener('paste', this.#onPaste);
    input.addEventListener('input', this.#onInput);
    input.addEventListener('change', this.#onChange);
    input.addEventListener('keydown', this.#onKeyDown);

    const nodes = { label, hint, error, input };
    for (const node of [label, hint, error, input]) {
      node.setAttribute(OWNED, '');
      this.#host.append(node);
    }
    this.#nodes = nodes;
    return nodes;
  }

  #offer(value: string, final: boolean): void {
    const input = this.#nodes?.input;
    if (!input) return;
    if (value === '') return;
    if (this.#onValue(value, final) !== 'wait') input.value = '';
  }

  readonly #onPaste = (event: ClipboardEvent) => {
    const data = event.clipboardData;
    // Without clipboard data the paste goes ahead and `input` takes it.
    if (!data) return;
    event.preventDefault();
    this.#offer(data.getData('text/plain') || data.getData('text'), true);
  };

  readonly #onInput = (event: Event) => {
    if (event instanceof InputEvent && event.isComposing) return;
    const input = event.target as HTMLInputElement;
    // A password manager's fill, a drop or a paste arrives whole: take it now.
    this.#offer(input.value, !isTyping(event));
  };

  readonly #onChange = (event: Event) => {
    this.#offer((event.target as HTMLInputElement).value, true);
  };

  readonly #onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    const input = event.target as HTMLInputElement;
    if (input.value !== '') {
      const outcome = this.#onValue(input.value, true);
      input.value = '';
      if (outcome !== 'taken') return;
    }
    this.#onSubmit();
  };
}
