import type { CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';

/** Marks the nodes an element added to the page's light DOM (and only those). */
export const OWNED = 'data-ase-owned';

/** Classes of the error messages a server renders for a field (NHS.UK, GOV.UK), or the page's own marker. */
const SERVER_ERROR = '.nhsuk-error-message, .govuk-error-message, [data-server-error]';

let counter = 0;

interface Field {
  /** The page's own `aria-describedby` tokens, as found. */
  page: string[];
  /** The server-rendered error messages for this field still showing. */
  serverErrors: HTMLElement[];
}

type Host = ReactiveControllerHost & HTMLElement;

type FormControl = HTMLInputElement | HTMLButtonElement | HTMLSelectElement | HTMLTextAreaElement;

const isFormControl = (node: unknown): node is FormControl =>
  node instanceof HTMLInputElement ||
  node instanceof HTMLButtonElement ||
  node instanceof HTMLSelectElement ||
  node instanceof HTMLTextAreaElement;

/**
 * "HTML first" (SPEC.md): the page's own controls among an element's
 * light-DOM children, and what the element adds beside them.
 *
 * The page's nodes are never moved, replaced or re-created: they stay in
 * the page's form, submit with it, keep their `<label for>` and are seen by
 * password managers. What the element adds next to them (a show/hide button,
 * an error message, a rules list) goes in light DOM too, because an ARIA id
 * reference (`aria-describedby`, `aria-controls`) cannot cross a shadow
 * boundary. Those nodes are marked `data-ase-owned` and removed when the
 * element leaves the page.
 *
 * How an element uses it:
 * ```ts
 * readonly #light = new LightControls(this, (host) => {
 *   const input = host.querySelector('input');
 *   return input ? { input } : undefined;
 * });
 * // render(): this.#light.controls ? html`…<slot></slot>…` : html`…own controls…`
 * //   (in light mode the shadow template must slot the children, or they disappear)
 * // updated():
 * const { input } = this.#light.controls;
 * const error = this.#light.add('error', () => document.createElement('span'), (node) => input.before(node));
 * error.id = `${this.#light.id(input, 'field')}-ase-error`;
 * this.#light.describe(input, [error.id], true);
 * ```
 * - `controls`: what `find` returned at connect or when the children last
 *   changed (a framework re-rendering them); `undefined` means the page gave
 *   none, and the element renders its own in shadow DOM as before. The host
 *   is asked to update whenever it changes.
 * - `add(key, create, place)`: the element's own node for `key`, created and
 *   placed once (placed again if something removed it); `remove(key)`.
 * - `describe(input, ids, invalid)`: `aria-describedby` becomes the page's
 *   own ids (hint first), then `ids`; `aria-invalid` is set only while
 *   `invalid` or a server error shows.
 * - A server-rendered error message (`.nhsuk-error-message`,
 *   `.govuk-error-message` or `[data-server-error]`, inside the element and
 *   named by the input's `aria-describedby`) stays until that input changes
 *   (its first `input` event) or `dismiss(input)`: then it is hidden, its id
 *   leaves `aria-describedby`, and the wrapper's `*-form-group--error` class
 *   goes.
 * - Disabled: while a form-associated host is disabled (its own `disabled`,
 *   or a disabled `<fieldset>` around it: `:disabled`), every form control
 *   among `controls` is disabled too, as the element's own would be, and
 *   only those it disabled are enabled again afterwards: a control the page
 *   had disabled itself (before, or meanwhile) stays disabled.
 * - `adopt(styles)`: styles for the element's `ase-`-prefixed classes,
 *   adopted once into the root the host lives in (the document or a shadow
 *   root), since no shadow sheet reaches nodes nested in the page's markup
 *   and a `<style>` or `style` attribute would need `'unsafe-inline'`.
 */
export class LightControls<C extends object> implements ReactiveController {
  readonly #host: Host;
  readonly #find: (host: HTMLElement) => C | undefined;
  // Each collection is made when first needed: most elements are in shadow mode, where none is
  // (an empty Map or Set is a hash table of its own, per element; docs/performance.md).
  #owned?: Map<string, Element>;
  #fields?: Map<HTMLElement, Field>;
  #ids?: Set<Element>;
  readonly #observer = new MutationObserver((records) => this.#onMutation(records));
  /** The page's controls the element disabled (and only those), to enable again. */
  #disabled?: Set<FormControl>;
  #controls?: C;

  constructor(host: Host, find: (host: HTMLElement) => C | undefined) {
    this.#host = host;
    this.#find = find;
    host.addController(this);
  }

  /** The page's controls, or undefined when it gave none (shadow mode). */
  get controls(): C | undefined {
    return this.#controls;
  }

  hostConnected(): void {
    this.#refind();
    this.#observer.observe(this.#host, {
      childList: true,
      subtree: true,
      attributeFilter: ['disabled'],
      attributeOldValue: true,
    });
    // The controller is its own listener: no closure per element.
    this.#host.addEventListener('input', this);
  }

  hostUpdated(): void {
    // Shadow mode (no page controls, none disabled by us): nothing to sync, and no `:disabled` match per update.
    if (this.#controls || this.#disabled?.size) this.#syncDisabled();
  }

  hostDisconnected(): void {
    this.#observer.disconnect();
    this.#enable();
    this.#host.removeEventListener('input', this);
    for (const node of this.#owned?.values() ?? []) node.remove();
    this.#owned = undefined;
    for (const [input, field] of this.#fields ?? []) this.#restore(input, field);
    this.#fields = undefined;
    for (const element of this.#ids ?? []) element.removeAttribute('id');
    this.#ids = undefined;
    this.#controls = undefined;
  }

  /** The element's id, given one (`<stem>-<n>`, unique on the page) when the page gave none. */
  id(element: Element, stem: string): string {
    if (!element.id) {
      do element.id = `${stem}-${++counter}`;
      while (element.ownerDocument.querySelectorAll(`#${element.id}`).length > 1);
      (this.#ids ??= new Set()).add(element);
    }
    return element.id;
  }

  /** The element's own node for `key`: created and placed once, and placed again if something took it out. */
  add<T extends Element>(key: string, create: () => T, place: (node: T) => void): T {
    const owned = (this.#owned ??= new Map<string, Element>());
    let node = owned.get(key) as T | undefined;
    if (!node) {
      node = create();
      node.setAttribute(OWNED, '');
      owned.set(key, node);
    }
    if (!this.#host.contains(node)) place(node);
    return node;
  }

  /** Removes the element's node for `key`, if any. */
  remove(key: string): void {
    this.#owned?.get(key)?.remove();
    this.#owned?.delete(key);
  }

  /**
   * Sets the input's `aria-describedby` to the page's own ids (less any
   * dismissed server error), then `ids`; `aria-invalid="true"` only while
   * `invalid` or a server error still shows.
   */
  describe(input: HTMLElement, ids: readonly string[], invalid = false): void {
    const field = this.#field(input);
    const tokens = [...field.page, ...ids.filter((id) => !field.page.includes(id))];
    const describedBy = tokens.join(' ');
    if (describedBy) {
      if (input.getAttribute('aria-describedby') !== describedBy) input.setAttribute('aria-describedby', describedBy);
    } else {
      input.removeAttribute('aria-describedby');
    }
    if (invalid || field.serverErrors.length > 0) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  /** Whether a server-rendered error message for this input still shows. */
  hasServerError(input: HTMLElement): boolean {
    return this.#field(input).serverErrors.length > 0;
  }

  /** Hides the server's error message for this input (it changed, or the element now shows its own). */
  dismiss(input: HTMLElement): void {
    const field = this.#field(input);
    if (field.serverErrors.length === 0) return;
    const added = this.#added(input);
    for (const message of field.serverErrors) {
      message.hidden = true;
      field.page = field.page.filter((id) => id !== message.id);
      const group = message.closest('.nhsuk-form-group--error, .govuk-form-group--error');
      if (group && this.#host.contains(group))
        group.classList.remove('nhsuk-form-group--error', 'govuk-form-group--error');
    }
    field.serverErrors = [];
    this.describe(input, added);
  }

  /** Adopts `styles` into the root the host lives in, once per root. */
  adopt(styles: CSSResult): void {
    const sheet = styles.styleSheet;
    const root = this.#host.getRootNode() as Document | ShadowRoot;
    if (!sheet || !('adoptedStyleSheets' in root) || root.adoptedStyleSheets.includes(sheet)) return;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  #added(input: HTMLElement): string[] {
    const field = this.#field(input);
    return (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && !field.page.includes(id));
  }

  /** What the page said about this input, read the first time the element touches it. */
  #field(input: HTMLElement): Field {
    const fields = (this.#fields ??= new Map<HTMLElement, Field>());
    let field = fields.get(input);
    if (!field) {
      const page = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const root = input.getRootNode() as Document | ShadowRoot;
      const serverErrors = page
        .map((id) => root.getElementById(id))
        .filter(
          (node): node is HTMLElement =>
            node instanceof HTMLElement && this.#host.contains(node) && node.matches(SERVER_ERROR) && !node.hidden,
        );
      field = { page, serverErrors };
      fields.set(input, field);
    }
    return field;
  }

  /** Gives the page back its own description of an input. */
  #restore(input: HTMLElement, field: Field): void {
    if (field.page.length > 0) input.setAttribute('aria-describedby', field.page.join(' '));
    else input.removeAttribute('aria-describedby');
    if (field.serverErrors.length === 0) input.removeAttribute('aria-invalid');
  }

  /** An input of the page's changed (the host's `input` events): its server error goes. */
  handleEvent(event: Event): void {
    const input = event.target;
    if (input instanceof HTMLElement && this.#fields?.has(input)) this.dismiss(input);
  }

  /** The host's disabled state, passed on to the page's controls. */
  #syncDisabled(): void {
    let off = false;
    try {
      off = this.#host.matches(':disabled');
    } catch {
      // An engine without form-associated custom elements: the host is never disabled.
    }
    if (!off) {
      this.#enable();
      return;
    }
    for (const value of Object.values<unknown>(this.#controls ?? {})) {
      for (const control of [value].flat()) {
        if (!isFormControl(control) || control.disabled) continue;
        control.disabled = true;
        (this.#disabled ??= new Set()).add(control);
      }
    }
  }

  #enable(): void {
    for (const control of this.#disabled ?? []) control.disabled = false;
    this.#disabled = undefined;
  }

  /** Children changed: look again, unless only the element's own nodes (or what is inside them) did. */
  #onMutation(records: MutationRecord[]): void {
    for (const record of records) {
      // `disabled` set again on a control we disabled (ours came from no attribute), or taken off it: the page's call now.
      const control = record.target as FormControl;
      if (record.type === 'attributes' && this.#disabled?.has(control) && record.oldValue !== null)
        this.#disabled.delete(control);
    }
    const ours = (node: Node) =>
      node instanceof Element && (node.hasAttribute(OWNED) || !!node.parentElement?.closest(`[${OWNED}]`));
    const relevant = records.some(
      (record) =>
        !ours(record.target) &&
        [...record.addedNodes, ...record.removedNodes].some(
          (node) => !(node instanceof Element && node.hasAttribute(OWNED)),
        ),
    );
    if (relevant) this.#refind();
  }

  #refind(): void {
    const found = this.#find(this.#host);
    const before = this.#controls;
    const same =
      found === before ||
      (!!found &&
        !!before &&
        Object.keys(found).length === Object.keys(before).length &&
        Object.entries(found).every(([key, value]) => (before as Record<string, unknown>)[key] === value));
    if (same) return;
    this.#controls = found;
    // Inputs that left the element no longer need our description.
    for (const [input, field] of this.#fields ?? []) {
      if (!this.#host.contains(input)) {
        this.#restore(input, field);
        this.#fields?.delete(input);
      }
    }
    this.#host.requestUpdate();
  }
}
