import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LightControls, OWNED } from '../internal/light-controls.js';
import { css, TEXT_RESET, VISUALLY_HIDDEN } from '../internal/styles.js';
import { syncToggle, type FieldsState } from './own-fields.js';
import type { RuleList } from './rule-list.js';
import { make, setText } from '../internal/dom.js';

/** The page's own controls inside `<secret-setup>` (docs/elements/secret-setup.md, "HTML first"). */
export interface PageFields {
  secret: HTMLInputElement;
  confirm?: HTMLInputElement;
  list?: HTMLUListElement | HTMLOListElement;
}

/**
 * The first password input is the secret, the second the confirmation, the
 * first list the rules. An input the element is showing as text carries
 * `data-ase-shown`, so it is still found while shown.
 */
function findFields(host: HTMLElement): PageFields | undefined {
  const [secret, confirm] = host.querySelectorAll<HTMLInputElement>(
    'input[type="password"]:not([data-ase-owned]), input[data-ase-shown]',
  );
  if (!secret) return undefined;
  const list =
    host.querySelector<HTMLUListElement | HTMLOListElement>(':is(ul, ol):not([data-ase-owned])') ?? undefined;
  return { secret, confirm, list };
}

/**
 * Styles for what the element adds beside the page's controls. Those nodes
 * sit inside the page's own markup (a form group), where neither the shadow
 * sheet nor `::slotted()` reaches, so they are styled by `ase-` classes in a
 * sheet adopted into the element's root (LightControls.adopt). The page's
 * own classes (NHS.UK frontend) style the page's own controls.
 */
const lightStyles = css`
  /* What the element adds to the page's markup does not take the page's
     centring or capitals; buttons keep their own. :where(): the page's
     classes on the same nodes still win. */
  :where([data-ase-owned]:not(button)) {
    ${TEXT_RESET}
  }
  .ase-visually-hidden {
    ${VISUALLY_HIDDEN}
  }
  .ase-rules {
    list-style: none;
    margin: 0 0 1rem;
    padding: 0;
  }
  .ase-rule {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
    margin-bottom: 0.25rem;
  }
  .ase-icon {
    flex: none;
    width: 1.1em;
    text-align: center;
    font-weight: 700;
  }
  .ase-rule .ase-icon::before {
    content: '•';
    color: var(--ase-color-secondary-text, #4c6272);
  }
  .ase-rules--live [data-state='met'] {
    color: var(--ase-color-success, #007f3b);
  }
  .ase-rules--live [data-state='met'] .ase-icon::before {
    content: '✓';
    color: inherit;
  }
  .ase-rules--live [data-state='unmet'] .ase-icon::before {
    content: '✗';
    color: var(--ase-color-error, #d5281b);
  }
  .ase-error-message {
    display: block;
    color: var(--ase-color-error, #d5281b);
    font-weight: 600;
    margin: 0 0 0.75rem;
  }
  .ase-toggle {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    min-height: 2.75rem;
    min-width: 5rem;
    padding: 0.5rem 1rem;
    margin: 0.5rem 0 4px;
    border: 2px solid var(--ase-color-secondary-button-text, #005eb8);
    border-radius: 4px;
    color: var(--ase-color-secondary-button-text, #005eb8);
    background: transparent;
    box-shadow: 0 4px 0 var(--ase-color-secondary-button-text, #005eb8);
  }
  .ase-toggle:focus-visible {
    outline: 4px solid transparent;
    color: #212b32;
    background: #ffeb3b;
    box-shadow: 0 4px 0 #212b32;
  }
  @media (forced-colors: active) {
    .ase-rule,
    .ase-icon::before,
    .ase-error-message {
      color: CanvasText !important;
    }
    .ase-toggle {
      color: ButtonText;
      background: ButtonFace;
      border-color: ButtonText;
    }
    .ase-toggle:focus-visible {
      outline: 3px solid Highlight;
    }
  }
`;

function rulesBlock(): HTMLDivElement {
  const block = make('div');
  const list = make('ul');
  // Marked too, so that it is never taken for the page's own list.
  list.setAttribute(OWNED, '');
  block.append(make('p', { className: 'ase-rules-title' }), list);
  return block;
}

function errorMessage(): HTMLSpanElement {
  const message = make('span', { className: 'ase-error-message' });
  message.append(make('span', { className: 'ase-visually-hidden' }), '');
  return message;
}

/**
 * `<secret-setup>`'s light-DOM mode: the page's own fields (found by
 * `findFields` through the shared LightControls), what the element adds
 * beside them, and the page's inputs' edits, which reach the host as
 * ordinary bubbling events (the element's own inputs' stop at its shadow
 * root).
 */
export class PageFieldsController implements ReactiveController {
  readonly #host: ReactiveControllerHost &
    HTMLElement & { noConfirm: boolean; renderRoot: HTMLElement | DocumentFragment };
  readonly #light: LightControls<PageFields>;
  /** The fields whose values the element has taken up. */
  #taken?: PageFields;
  /** The rules list the last sync wrote. */
  #list?: Element;
  readonly #onEdit: (field: 'secret' | 'confirm', value: string) => void;

  constructor(
    host: ReactiveControllerHost & HTMLElement & { noConfirm: boolean; renderRoot: HTMLElement | DocumentFragment },
    onEdit: (field: 'secret' | 'confirm', value: string) => void,
  ) {
    this.#host = host;
    this.#onEdit = onEdit;
    this.#light = new LightControls(host, findFields);
    // The controller is its own listener: no closure per element.
    host.addController(this);
    host.addEventListener('input', this);
  }

  hostDisconnected(): void {
    this.#taken = undefined;
  }

  /** An edit of the page's fields: the host's `input` events. */
  handleEvent(event: Event): void {
    const fields = this.fields;
    if (event.target === fields?.secret) this.#onEdit('secret', fields.secret.value);
    else if (fields?.confirm && event.target === fields.confirm) this.#onEdit('confirm', fields.confirm.value);
  }

  /** The page's fields (the confirmation left out under `no-confirm`), or undefined when it gave none. */
  get fields(): PageFields | undefined {
    const found = this.#light.controls;
    return found && { ...found, confirm: this.#host.noConfirm ? undefined : found.confirm };
  }

  /**
   * The values of fields the element has not yet taken up (at connect, or
   * after a framework re-rendered them): what was typed before the script
   * ran counts. Undefined when there is nothing new.
   */
  takeUp(): { secret: string; confirm: string } | undefined {
    const fields = this.fields;
    if (!fields || (fields.secret === this.#taken?.secret && fields.confirm === this.#taken?.confirm)) return undefined;
    this.#taken = fields;
    return { secret: fields.secret.value, confirm: fields.confirm?.value ?? '' };
  }

  /**
   * The input of `field` on show, the page's (light-DOM mode) or the
   * element's own, or the secret's when there is no such field.
   */
  inputOf(field: 'secret' | 'confirm'): HTMLInputElement | undefined {
    const fields = this.fields;
    const find = (name: string) => this.#host.renderRoot.querySelector<HTMLInputElement>(`#${name}`) ?? undefined;
    return fields ? (fields[field] ?? fields.secret) : (find(field) ?? find('secret'));
  }

  /**
   * The page's form entries that hold the secret and its confirmation (for
   * the GET guard), or undefined when the page gave no fields.
   */
  entries(secret: string, confirm: string): Array<[name: string, value: string]> | undefined {
    const fields = this.fields;
    return (
      fields && [
        [fields.secret.name, secret],
        [fields.confirm?.name ?? '', confirm],
      ]
    );
  }

  /** Empties the page's inputs, and masks them again (also when the element is leaving: no later render will). */
  clear(): void {
    const found = this.#light.controls;
    for (const input of [found?.secret, found?.confirm]) {
      if (!input) continue;
      input.value = '';
      input.readOnly = false;
      if (input.hasAttribute('data-ase-shown')) input.type = 'password';
      input.removeAttribute('data-ase-shown');
    }
  }

  /** Brings what the element adds beside the page's fields up to date. */
  sync(rules: RuleList, state: FieldsState): void {
    const fields = this.fields;
    if (fields) this.#list = syncLightFields(this.#light, fields, rules, state);
  }

  /** A keystroke: only the rules change, in the list the last sync wrote (while it is still in place). */
  syncRules(rules: RuleList): void {
    if (this.#list?.isConnected) rules.write(this.#list, true, true);
  }
}

/**
 * Brings what `<secret-setup>` adds around the page's fields up to date: the
 * live rules (the page's list, or a list of its own before the secret), the
 * Show/Hide button after the secret, an inline error before each field at
 * fault, and each input's description, validity mark and type. Every node
 * it adds is in light DOM beside the inputs, since `aria-describedby` and
 * `aria-controls` cannot point across a shadow boundary.
 */
function syncLightFields(
  light: LightControls<PageFields>,
  fields: PageFields,
  rules: RuleList,
  state: FieldsState,
): Element {
  const m = state.messages;
  const { secret, confirm } = fields;
  let list = fields.list;
  let listId: string;
  if (list) {
    listId = light.id(list, 'secret-rules');
    light.remove('rules');
  } else {
    // The input is described by the whole block (title and items), not by the list, whose own name would stand in for its items.
    const block = light.add('rules', rulesBlock, (node) => secret.before(node));
    listId = light.id(block, 'secret-rules');
    const [title, created] = block.children;
    title.id = `${listId}-title`;
    setText(title, m.rulesTitle);
    created.setAttribute('aria-labelledby', title.id);
    list = created as HTMLUListElement;
  }
  rules.write(list, true, state.live);

  const secretId = light.id(secret, 'secret');
  const toggle = light.add(
    'toggle',
    () => {
      // The sheet goes with the first node the element adds to a root (the
      // toggle is made again after the element leaves one): adopt() reads the
      // root's whole sheet list, too much for every keystroke.
      light.adopt(lightStyles);
      const button = make('button', { type: 'button', className: 'ase-toggle' });
      button.addEventListener('click', state.onToggle);
      return button;
    },
    (node) => secret.after(node),
  );
  syncToggle(toggle, state, confirm ? `${secretId} ${light.id(confirm, 'secret-confirm')}` : secretId);

  for (const [input, error, key] of [
    [secret, state.errors.secret, 'secret-error'],
    [confirm, state.errors.confirm, 'confirm-error'],
  ] as const) {
    if (!input) continue;
    const ids = input === secret ? [listId] : [];
    if (error) {
      // The element's message replaces the server's for the same field: one message, current.
      light.dismiss(input);
      const message = light.add(key, errorMessage, (node) => input.before(node));
      message.id = `${input.id}-ase-error`;
      setText(message.firstChild!, m.errorPrefix);
      setText(message.lastChild!, ` ${error}`);
      ids.push(message.id);
    } else {
      light.remove(key);
    }
    light.describe(input, ids, !!error);
    const type = state.shown ? 'text' : 'password';
    if (input.type !== type) input.type = type;
    input.toggleAttribute('data-ase-shown', state.shown);
    input.readOnly = state.busy;
  }
  return list;
}
