import { html, nothing, type TemplateResult } from 'lit';
import type { SecretSetupMessages } from './messages.js';
import { setAttr, setText } from '../internal/dom.js';

/** What the fields show, in either mode (own fields in shadow DOM, or the page's in light DOM). */
export interface FieldsState {
  messages: SecretSetupMessages;
  errors: { secret?: string; confirm?: string };
  shown: boolean;
  busy: boolean;
  disabled: boolean;
  /** The user has typed or tried to save: unmet rules may look unmet. */
  live: boolean;
  noConfirm: boolean;
  /** Saves; a Save button is rendered only with it (with `endpoint`). */
  save?: () => void;
  onToggle: () => void;
  /** The `passwordrules` hint for generators. */
  passwordRules: string;
}

/**
 * `<secret-setup>`'s own fields, in its shadow root, for a page that gives
 * none (the light-DOM mode enhances the page's instead: light-fields.ts).
 *
 * The input is described by the whole rules block (title and every rule
 * with its state), not by the list, whose own label would stand in for its
 * items. The items are written by the rule list (rule-list.ts), and the
 * inputs' values, type and state by `syncOwnFields`, not by the template:
 * five item templates and ten parts per input were most of the element's heap.
 */
export function renderOwnFields(state: FieldsState): TemplateResult {
  const { messages: m, busy, disabled, noConfirm, save, onToggle } = state;
  const secretError = state.errors.secret;
  const confirmError = state.errors.confirm;
  // The secret field's attributes, the toggle's words and the list's class
  // are written by syncOwnFields, not bound here: nine fewer parts per instance.
  /* eslint-disable lit-a11y/accessible-name -- the toggle gets its words and label from syncOwnFields, in the same update */
  return html`
    <div class="callout" part="warning">
      <p><strong data-m="warningTitle"></strong><span class="visually-hidden">:</span> <span data-m="warning"></span></p>
    </div>
    <div class="field">
      <label for="secret" data-m="secretLabel"></label>
      <div class="hint" id="secret-hint" data-m="secretHint"></div>
      ${
        secretError
          ? html`<p class="error-message" id="secret-error">
            <span class="visually-hidden">${m.errorPrefix}</span> ${secretError}
          </p>`
          : nothing
      }
      <div class="input-row">
        <!-- Not new-password: a manager would offer to store this as the portal
             password and overwrite the saved sign-in. The data-* hints ask the
             common managers (1Password, LastPass, Bitwarden, Dashlane) to stay away. -->
        <input
          id="secret"
          part="input"
          type="password"
          name="secret"
          autocomplete="off"
          data-1p-ignore
          data-lpignore="true"
          data-bwignore
          data-form-type="other"
          autocapitalize="none"
          autocorrect="off"
          spellcheck="false"
        />
        <button type="button" class="secondary toggle" part="toggle" @click=${onToggle}></button>
      </div>
    </div>
    <div class="rules" id="rules">
      <p class="rules-title" id="rules-title" data-m="rulesTitle"></p>
      <ul part="rules" aria-labelledby="rules-title"></ul>
    </div>
    ${
      noConfirm
        ? nothing
        : html`<div class="field ${confirmError ? 'field--error' : ''}">
          <label for="confirm">${m.confirmLabel}</label>
          ${
            confirmError
              ? html`<p class="error-message" id="confirm-error">
                <span class="visually-hidden">${m.errorPrefix}</span> ${confirmError}
              </p>`
              : nothing
          }
          <input
            id="confirm"
            part="confirm-input"
            type="password"
            name="confirm"
            autocomplete="off"
            data-1p-ignore
            data-lpignore="true"
            data-bwignore
            data-form-type="other"
            autocapitalize="none"
            autocorrect="off"
            spellcheck="false"
            aria-describedby=${confirmError ? 'confirm-error' : nothing}
            aria-invalid=${confirmError ? 'true' : nothing}
          />
        </div>`
    }
    ${
      save
        ? html`<button
          type="button"
          part="submit"
          aria-disabled=${busy ? 'true' : 'false'}
          ?disabled=${disabled}
          @click=${save}
        >
          ${busy ? m.saving : m.save}
        </button>`
        : nothing
    }
  `;
  /* eslint-enable lit-a11y/accessible-name */
}

/** The texts the own fields' template leaves empty (`data-m`): plain strings of the table. */
type StaticText = 'warningTitle' | 'warning' | 'secretLabel' | 'secretHint' | 'rulesTitle';

/**
 * Writes the own fields' fixed texts, which change only with the language or
 * the host's strings: text written here rather than five template parts per
 * instance (docs/performance.md).
 */
export function writeOwnTexts(root: ParentNode, m: SecretSetupMessages): void {
  for (const node of root.querySelectorAll<HTMLElement>('[data-m]'))
    node.textContent = m[node.getAttribute('data-m') as StaticText];
}

/** The success notification, in place of the fields (itself a status: no other announcement is due). */
export function renderSuccess(m: SecretSetupMessages, onOk: () => void): TemplateResult {
  return html`<div class="panel" part="success" role="status" tabindex="-1" aria-labelledby="success-title">
      <h2 id="success-title">${m.successTitle}</h2>
      <p>${m.successBody}</p>
      <button type="button" @click=${onOk}>${m.ok}</button>
    </div>`;
}

/** The Show/Hide button, in either mode: its words and label follow the state, and it names the inputs it shows. */
export function syncToggle(toggle: HTMLButtonElement, state: FieldsState, controls: string): void {
  const m = state.messages;
  setText(toggle, state.shown ? m.hide : m.show);
  setAttr(toggle, 'aria-label', state.shown ? m.hideSecret : m.showSecret);
  setAttr(toggle, 'aria-controls', controls);
  toggle.disabled = state.disabled;
}

/**
 * The element's own fields follow its state. The inputs' values are set
 * only when they differ, like live(), so the caret stays (after a save, a
 * reset, pagehide they are cleared); so is the type, since setting it resets
 * the selection. The secret field's error class and description, the
 * toggle's words, label and targets, and the list's class are written here
 * too, each only when it differs, rather than bound in the template.
 */
export function syncOwnFields(
  root: ParentNode,
  state: FieldsState,
  secret: string,
  confirm: string,
  required: boolean,
): void {
  const type = state.shown ? 'text' : 'password';
  for (const input of root.querySelectorAll<HTMLInputElement>('#secret, #confirm')) {
    const isSecret = input.id === 'secret';
    const value = isSecret ? secret : confirm;
    if (input.value !== value) input.value = value;
    if (input.type !== type) input.type = type;
    input.required = isSecret && required;
    input.disabled = state.disabled;
    input.readOnly = state.busy;
    if (!isSecret) continue;
    const error = state.errors.secret;
    input.closest('.field')?.classList.toggle('field--error', !!error);
    setAttr(input, 'passwordrules', state.passwordRules);
    setAttr(input, 'aria-describedby', `secret-hint rules${error ? ' secret-error' : ''}`);
    setAttr(input, 'aria-invalid', !!error && 'true');
  }
  const toggle = root.querySelector<HTMLButtonElement>('[part="toggle"]');
  if (toggle) syncToggle(toggle, state, state.noConfirm ? 'secret' : 'secret confirm');
  const list = root.querySelector('ul[part="rules"]');
  if (list) list.className = state.live ? 'rules--live' : 'rules--fresh';
}

/**
 * The own inputs' listeners, once on the shadow root rather than bound in
 * the template: two event parts less per input. Only the two inputs fire
 * `input`; `keydown` is taken from them alone (Enter on a button is the
 * button's), and Enter saves or submits the form.
 */
export function listenToOwnFields(
  root: DocumentFragment | HTMLElement,
  edit: (field: 'secret' | 'confirm', value: string) => void,
  enter: () => void,
): void {
  // The page's own fields (light-DOM mode) send their events through this root too: they are the page controller's to read.
  const own = (event: Event) => root.contains(event.target as Node);
  root.addEventListener('input', (event) => {
    if (!own(event)) return;
    const { id, value } = event.target as HTMLInputElement;
    edit(id === 'secret' ? 'secret' : 'confirm', value);
  });
  root.addEventListener('keydown', (event) => {
    const { key, isComposing, target } = event as KeyboardEvent;
    if (key !== 'Enter' || isComposing || (target as Element).localName !== 'input' || !own(event)) return;
    event.preventDefault();
    enter();
  });
}
