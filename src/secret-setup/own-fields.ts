import { html, render, type TemplateResult } from 'lit';
import type { SecretSetupMessages } from './messages.js';
import { make, setAttr, setData, setText } from '../internal/dom.js';

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
  /** A Save button is shown (with `endpoint`). */
  saves: boolean;
  onToggle: () => void;
  /** The `passwordrules` hint for generators. */
  passwordRules: string;
}

/**
 * `<secret-setup>`'s own fields, in its shadow root, for a page that gives
 * none (the light-DOM mode enhances the page's instead: light-fields.ts).
 *
 * The markup is static: Lit renders it once per page, and each element
 * clones it natively (`createOwnFields`), with no template instance, part
 * or marker of its own. What changes with the state (the error messages,
 * the confirmation field, the Save button, the inputs' values, type and
 * attributes, the toggle's words) is written by `syncOwnFields`, each only
 * when it differs, and the rule items by the rule list (rule-list.ts): a
 * template instance and its parts per element were most of its heap, and
 * their markers, with the blank text between blocks, a tenth of its DOM
 * nodes (docs/performance.md).
 *
 * The input is described by the whole rules block (title and every rule
 * with its state), not by the list, whose own label would stand in for its
 * items. Its autocomplete is not new-password: a manager would offer to
 * store the secret as the portal password and overwrite the saved sign-in;
 * the data-* hints ask the common managers (1Password, LastPass, Bitwarden,
 * Dashlane) to stay away.
 */
/* eslint-disable lit-a11y/accessible-name -- the buttons' words are written by syncOwnFields, before they are shown */
const ownFieldsTemplate = (): TemplateResult => html`
  <div class="callout" part="warning">
    <p><strong data-m="warningTitle"></strong><span class="visually-hidden">:</span> <span data-m="warning"></span></p>
  </div>
  <div class="field">
    <label for="secret" data-m="secretLabel"></label>
    <div class="hint" id="secret-hint" data-m="secretHint"></div>
    <div class="input-row">
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
      <button type="button" class="secondary toggle" part="toggle"></button>
    </div>
  </div>
  <div class="rules" id="rules">
    <p class="rules-title" id="rules-title" data-m="rulesTitle"></p>
    <ul part="rules" aria-labelledby="rules-title"></ul>
  </div>
  <div class="field" data-confirm>
    <label for="confirm" data-m="confirmLabel"></label>
  </div>
  <button type="button" part="submit"></button>
  <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-announcer></div>
`;
/* eslint-enable lit-a11y/accessible-name */

/** The rendered markup, and the parts of it an element adds only when it needs them. */
interface Prototype {
  view: HTMLDivElement;
  confirm: HTMLDivElement;
  submit: HTMLButtonElement;
}
let prototype: Prototype | undefined;

function prototypeOf(): Prototype {
  if (prototype) return prototype;
  const view = make('div');
  render(ownFieldsTemplate(), view);
  // Nothing the page sees is lost: Lit's marker, and the blank text between blocks, which is never laid out.
  for (const node of [view, ...view.querySelectorAll('div')])
    for (const child of [...node.childNodes])
      if (child instanceof Comment || (child instanceof Text && child.data.trim() === '')) child.remove();
  const confirm = view.querySelector<HTMLDivElement>('[data-confirm]')!;
  confirm.removeAttribute('data-confirm');
  // The confirmation input is the secret input's twin: the same hints to browsers and managers.
  const confirmInput = view.querySelector<HTMLInputElement>('#secret')!.cloneNode() as HTMLInputElement;
  Object.assign(confirmInput, { id: 'confirm', name: 'confirm' });
  confirmInput.setAttribute('part', 'confirm-input');
  confirm.append(confirmInput);
  const submit = view.querySelector<HTMLButtonElement>('[part="submit"]')!;
  confirm.remove();
  submit.remove();
  return (prototype = { view, confirm, submit });
}

/** A new copy of the own fields, for one element's shadow root; `syncOwnFields` brings it up to date. */
export function createOwnFields(): HTMLDivElement {
  return prototypeOf().view.cloneNode(true) as HTMLDivElement;
}

/** The texts the own fields' markup leaves empty (`data-m`): plain strings of the table. */
type StaticText = 'warningTitle' | 'warning' | 'secretLabel' | 'secretHint' | 'rulesTitle' | 'confirmLabel';

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
 * A field's error message, before `before`, or none: `<p class="error-message">`
 * with the visually hidden "Error:" and the text.
 */
function syncErrorMessage(field: Element, before: Element, id: string, prefix: string, text: string | undefined): void {
  let message = field.querySelector(`#${id}`);
  if (!text) return void message?.remove();
  if (!message) {
    message = make('p', { className: 'error-message', id });
    message.append(make('span', { className: 'visually-hidden' }), '');
    field.insertBefore(message, before);
  }
  setText(message.firstChild!, prefix);
  setData(message.lastChild as Text, ` ${text}`);
}

/** The input's error state: its description names the message, and it is invalid, only while there is one. */
function syncInvalid(input: HTMLInputElement, describedBy: string, errorId: string, error: string | undefined): void {
  input.closest('.field')?.classList.toggle('field--error', !!error);
  const described = [describedBy, error && errorId].filter(Boolean).join(' ');
  setAttr(input, 'aria-describedby', described || false);
  setAttr(input, 'aria-invalid', !!error && 'true');
}

/**
 * The element's own fields follow its state, each node and attribute
 * written only when it differs. The inputs' values are set like live(), so
 * the caret stays (after a save, a reset, pagehide they are cleared); so is
 * the type, since setting it resets the selection. The confirmation field
 * (without `no-confirm`) and the Save button (with `endpoint`) are added
 * from the prototype when first needed and removed when no longer.
 */
export function syncOwnFields(
  view: HTMLElement,
  state: FieldsState,
  secret: string,
  confirm: string,
  required: boolean,
): void {
  const m = state.messages;
  const proto = prototypeOf();
  const announcer = view.lastElementChild!;
  let submit = view.querySelector<HTMLButtonElement>('[part="submit"]');
  if (!state.saves) submit?.remove();
  else {
    submit ??= view.insertBefore(proto.submit.cloneNode(true) as HTMLButtonElement, announcer);
    setAttr(submit, 'aria-disabled', state.busy ? 'true' : 'false');
    submit.disabled = state.disabled;
    setText(submit, state.busy ? m.saving : m.save);
  }
  let confirmInput = view.querySelector<HTMLInputElement>('#confirm');
  if (state.noConfirm) {
    confirmInput?.closest('.field')?.remove();
    confirmInput = null;
  } else if (!confirmInput) {
    const field = proto.confirm.cloneNode(true) as HTMLDivElement;
    view.insertBefore(field, submit ?? announcer);
    confirmInput = field.querySelector('input')!;
  }
  if (confirmInput) {
    syncErrorMessage(confirmInput.parentElement!, confirmInput, 'confirm-error', m.errorPrefix, state.errors.confirm);
    syncInvalid(confirmInput, '', 'confirm-error', state.errors.confirm);
  }
  const type = state.shown ? 'text' : 'password';
  const secretInput = view.querySelector<HTMLInputElement>('#secret')!;
  for (const input of confirmInput ? [secretInput, confirmInput] : [secretInput]) {
    const isSecret = input === secretInput;
    const value = isSecret ? secret : confirm;
    if (input.value !== value) input.value = value;
    if (input.type !== type) input.type = type;
    input.required = isSecret && required;
    input.disabled = state.disabled;
    input.readOnly = state.busy;
  }
  const row = secretInput.parentElement!;
  syncErrorMessage(row.parentElement!, row, 'secret-error', m.errorPrefix, state.errors.secret);
  syncInvalid(secretInput, 'secret-hint rules', 'secret-error', state.errors.secret);
  setAttr(secretInput, 'passwordrules', state.passwordRules);
  syncToggle(row.lastElementChild as HTMLButtonElement, state, confirmInput ? 'secret confirm' : 'secret');
  view.querySelector('ul')!.className = state.live ? 'rules--live' : 'rules--fresh';
  for (const node of view.querySelectorAll<HTMLElement>('[data-m]'))
    setText(node, m[node.getAttribute('data-m') as StaticText]);
}

/**
 * The own fields' listeners: one, on the shadow root, rather than one per
 * node and event. Only the two inputs fire `input`; `keydown` is taken from
 * them alone (Enter on a button is the button's), and Enter saves or
 * submits the form, as the Save button (with `endpoint`) does; a click on
 * the toggle shows or hides the secret.
 */
export function listenToOwnFields(
  root: DocumentFragment | HTMLElement,
  edit: (field: 'secret' | 'confirm', value: string) => void,
  enter: () => void,
  toggle: () => void,
): void {
  const listener = (event: Event) => {
    // The page's own fields (light-DOM mode) send their events through this root too: they are the page controller's to read.
    const target = event.target as HTMLInputElement;
    if (!root.contains(target)) return;
    if (event.type === 'input') edit(target.id === 'secret' ? 'secret' : 'confirm', target.value);
    else if (event.type === 'click') {
      const part = target.closest('button')?.getAttribute('part');
      if (part === 'toggle') toggle();
      else if (part === 'submit') enter();
    } else {
      const { key, isComposing } = event as KeyboardEvent;
      if (key !== 'Enter' || isComposing || target.localName !== 'input') return;
      event.preventDefault();
      enter();
    }
  };
  for (const type of ['input', 'keydown', 'click']) root.addEventListener(type, listener);
}
