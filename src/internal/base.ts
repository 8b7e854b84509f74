import { LitElement } from 'lit';
import type { HeadersSource, HttpConfig } from './http.js';
import { OWNED } from './light-controls.js';

/**
 * Events that carry what a person types in the element's own fields. They
 * are stopped at the shadow root in the bubble phase, so a page's analytics
 * or session-replay script listening on `document` sees none of the secret
 * (SPEC, hardening). A
 * capture-phase listener on `window` or `document` runs before the event
 * reaches the shadow root and still sees them: no element can prevent that
 * (docs/decisions.md).
 */
const TYPING_EVENTS = [
  'keydown',
  'keyup',
  'keypress',
  'beforeinput',
  'input',
  'paste',
  'compositionstart',
  'compositionupdate',
  'compositionend',
] as const;

/**
 * Stops what is typed in the element's own fields: those in its shadow root,
 * and those it put in light DOM itself (marked as its own, like
 * `<secret-challenge>`'s whole-secret field). A page's own input slotted
 * into the element (light-DOM mode) sends its events through the shadow
 * root too, but it is the page's field and they are the page's events: they
 * go on (docs/decisions.md).
 */
const stop = (event: Event) => {
  const target = event.target as Element;
  if ((event.currentTarget as Node).contains(target) || target.closest?.(`[${OWNED}], [data-secret-challenge-owned]`))
    event.stopPropagation();
};

/** Only `http:`, `https:` and relative URLs are rendered as links; anything else (`javascript:`, `data:`) is not. */
export function safeHref(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  try {
    const url = new URL(trimmed, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The surface all three elements share, declared once: `endpoint`,
 * `credentials`, `timeout`, `headers`, `strings`; custom states through
 * `ElementInternals`; typing events kept inside the shadow root; and a
 * `pagehide` hook that clears whatever holds a secret before the page goes
 * into the back/forward cache (and again, hidden, if it comes back).
 */
export abstract class BaseElement<M> extends LitElement implements HttpConfig {
  static override properties = {
    endpoint: { reflect: true, useDefault: true },
    credentials: { reflect: true, useDefault: true },
    timeout: { type: Number, reflect: true, useDefault: true },
    headers: { attribute: false },
    strings: { attribute: false },
  };

  /** Where the element sends its request. */
  declare endpoint: string;
  /** fetch `credentials` mode: `same-origin` (default), `include` or `omit`. */
  declare credentials: RequestCredentials;
  /** Milliseconds before a request is abandoned (default 15000). */
  declare timeout: number;
  /** Headers merged into every request: an object, or a (possibly async) function returning one. */
  declare headers: HeadersSource | undefined;
  /** Overrides for any user-facing string, per instance. */
  declare strings: Partial<M> | undefined;

  protected readonly internals: ElementInternals;

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.endpoint = '';
    this.credentials = 'same-origin';
    this.timeout = 15000;
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    for (const type of TYPING_EVENTS) root.addEventListener(type, stop);
    return root;
  }

  /** The connected elements: one pair of `pagehide`/`pageshow` listeners for them all, not a pair (and two closures) per instance. */
  static readonly #connected = new Set<BaseElement<unknown>>();

  /**
   * `pagehide` clears every connected element's secrets; `pageshow` does it
   * again when the page is back from the back/forward cache (`persisted`):
   * whatever a late script put back, nothing shows.
   */
  static readonly #onPage = (event: PageTransitionEvent) => {
    if (event.type === 'pagehide' || event.persisted)
      for (const element of BaseElement.#connected) {
        element.clearSecrets();
        element.requestUpdate();
      }
  };

  override connectedCallback(): void {
    super.connectedCallback();
    // Adding the same listener again does nothing.
    window.addEventListener('pagehide', BaseElement.#onPage);
    window.addEventListener('pageshow', BaseElement.#onPage);
    BaseElement.#connected.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    const all = BaseElement.#connected;
    all.delete(this);
    if (!all.size) {
      window.removeEventListener('pagehide', BaseElement.#onPage);
      window.removeEventListener('pageshow', BaseElement.#onPage);
    }
  }

  /** Clears every field that holds a secret or a character of one, and hides them again. */
  protected abstract clearSecrets(): void;

  /** The first node of the element's own markup that matches `selector` (one short name for the bundle). */
  protected $<E extends Element = HTMLElement>(selector: string): E | null {
    return this.renderRoot.querySelector<E>(selector);
  }

  /** Sets the element's custom states (`:state(name)`), where the engine has them. */
  protected setStates(states: Record<string, boolean>): void {
    const set = this.internals.states;
    // Custom states are progressive enhancement: older engines lack them.
    if (!set) return;
    try {
      for (const [name, on] of Object.entries(states)) {
        if (on) set.add(name);
        else set.delete(name);
      }
    } catch {
      // An engine with the older dashed-ident syntax only: skip states.
    }
  }
}
