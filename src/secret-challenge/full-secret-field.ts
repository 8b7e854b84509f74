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
 */

import type { ReactiveController, ReactiveControllerHost } from 'lit';

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

/** Inline, because no stylesheet of ours reaches inside a slotted node. */
const VISUALLY_HIDDEN =
  'position:absolute;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);border:0;white-space:nowrap;';

let counter = 0;

interface Nodes {
  label: HTMLLabelElement;
  hint: HTMLSpanElement;
  error: HTMLSpanElement;
  input: HTMLInputElement;
}

function isTyping(event: Event): boolean {
  if (!(event instanceof InputEvent)) return false;
  const type = event.inputType;
  return type === 'insertText' || type === 'insertCompositionText' || type.startsWith('delete');
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

  /** Creates the nodes if needed and brings their texts up to date. */
  attach(texts: FullSecretTexts, disabled: boolean): void {
    const nodes = this.#nodes && this.#nodes.input.parentNode === this.#host ? this.#nodes : this.#create();
    const { label, hint, error, input } = nodes;
    if (label.textContent !== texts.label) label.textContent = texts.label;
    if (hint.textContent !== texts.hint) hint.textContent = texts.hint;
    if (texts.error) {
      error.replaceChildren(
        Object.assign(document.createElement('span'), { textContent: `${texts.errorPrefix} ` }),
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
    const { label, hint, error, input } = this.#nodes;
    for (const node of [label, hint, error, input]) node.remove();
    this.#nodes = undefined;
  }

  clear(): void {
    if (this.#nodes) this.#nodes.input.value = '';
  }

  #create(): Nodes {
    // A framework may have replaced our children: start from a clean slate.
    for (const stale of this.#host.querySelectorAll(`:scope > [${OWNED}]`)) stale.remove();

    const label = document.createElement('label');
    label.slot = 'full-secret-label';
    label.htmlFor = this.#id;

    const hint = document.createElement('span');
    hint.slot = 'full-secret-hint';
    hint.id = `${this.#id}-hint`;

    const error = document.createElement('span');
    error.slot = 'full-secret-error';
    error.id = `${this.#id}-error`;
    error.hidden = true;

    const input = document.createElement('input');
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
