import type { ReactiveControllerHost } from 'lit';
import { LightControls } from '../internal/light-controls.js';
import { make, setText } from '../internal/dom.js';

/** The page's accept control: the last direct-child `<button type="submit">` (docs/elements/aup-consent.md, "HTML first"). */
function acceptButtonOf(host: HTMLElement): HTMLButtonElement | undefined {
  return [...host.querySelectorAll<HTMLButtonElement>(':scope > button[type="submit" i]')].at(-1);
}

export interface PageButtonOptions {
  /** The end of the policy has been in view. */
  read(): boolean;
  /** The element takes a press of the page's button over: before the end, while busy, or to send over JSON. */
  held(): boolean;
  /** Accept as the element's own button would. */
  accept(): void;
  /** Says why Accept is not available yet. */
  explain(): void;
  /** The page's form is posting the acceptance. */
  accepted(): void;
}

/** What the hint and the button say, from the element's state. */
export interface PageButtonView {
  hint: string;
  /** The hint's text may be written (the page's language is loaded). */
  loaded: boolean;
  nudged: boolean;
  unavailable: boolean;
  read: boolean;
}

/**
 * `<aup-consent>`'s "HTML first" mode: the page's own accept button (its
 * last direct-child `<button type="submit">`), gated like the element's own
 * Accept, with the hint beside it in light DOM (an id reference cannot
 * cross into the shadow root), and the page's form it submits.
 */
export class PageButton {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: PageButtonOptions;
  readonly #light: LightControls<{ button: HTMLButtonElement }>;
  #button?: HTMLButtonElement;
  #hint?: HTMLElement;
  #form?: HTMLFormElement | null;

  constructor(host: ReactiveControllerHost & HTMLElement, options: PageButtonOptions) {
    this.#host = host;
    this.#options = options;
    this.#light = new LightControls(host, (element) => {
      const button = acceptButtonOf(element);
      return button ? { button } : undefined;
    });
  }

  /** The page's button the element listens to, if the page gave one. */
  get button(): HTMLButtonElement | undefined {
    return this.#button;
  }

  /**
   * Hands each child to its slot: the page's accept button (and the hint
   * beside it) after the region, everything else to the policy. Runs after
   * each render and whenever the children change.
   */
  assign(root: HTMLElement | DocumentFragment): void {
    const policy = [...this.#host.childNodes].filter((node) => node !== this.#button && node !== this.#hint) as Array<
      Element | Text
    >;
    for (const slot of root.querySelectorAll('slot')) {
      const wanted = slot.name === 'accept' ? [this.#button] : slot.name === 'hint' ? [this.#hint] : policy;
      const nodes = wanted.filter(
        (node): node is Element | Text => !!node && (node instanceof Element || node instanceof Text),
      );
      const current = slot.assignedNodes();
      if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) slot.assign(...nodes);
    }
  }

  /** Listens to the page's button as found now (or, `leave`, lets the last one go), with the hint beside it. */
  wire(leave = false): void {
    const button = leave ? undefined : this.#light.controls?.button;
    if (button === this.#button) return;
    const old = this.#button;
    if (old) {
      old.removeEventListener('click', this.#onButtonClick);
      old.removeAttribute('aria-disabled');
      if (this.#host.isConnected) this.#light.describe(old, []);
      this.#light.remove('hint');
      this.#hint = undefined;
    }
    this.#watchForm(null);
    this.#button = button;
    if (button) {
      button.addEventListener('click', this.#onButtonClick);
      const hint = this.#light.add(
        'hint',
        () => make('p', { className: 'hint' }),
        (node) => button.before(node),
      );
      hint.setAttribute('part', 'hint');
      this.#light.id(hint, 'aup-consent-hint');
      this.#hint = hint;
      this.#watchForm(button.form);
    }
    this.#host.requestUpdate();
  }

  #watchForm(form: HTMLFormElement | null): void {
    this.#form?.removeEventListener('submit', this.#onFormSubmit);
    this.#form = form;
    form?.addEventListener('submit', this.#onFormSubmit);
  }

  /** The page's button before the end: no submission, and the reason shown. With `endpoint`, the JSON contract instead. */
  readonly #onButtonClick = (event: MouseEvent) => {
    if (this.#options.held()) {
      event.preventDefault();
      this.#options.accept();
    }
  };

  /** A script's `requestSubmit(button)` fires no click: the same gate holds. */
  readonly #onFormSubmit = (event: SubmitEvent) => {
    if (event.submitter !== this.#button || event.defaultPrevented) return;
    if (this.#options.held()) {
      event.preventDefault();
      if (!this.#options.read()) this.#options.explain();
      return;
    }
    // The page's form posts the acceptance; the host still hears of it.
    this.#options.accepted();
  };

  /** The page's button and the hint beside it, as the shadow-mode Accept and hint would be. */
  sync(view: PageButtonView): void {
    const button = this.#button;
    const hint = this.#hint;
    if (!button || !hint) return;
    // A Welsh page shows no English while the Welsh strings load.
    if (view.loaded) setText(hint, view.hint);
    hint.classList.toggle('hint--nudged', view.nudged);
    button.setAttribute('aria-disabled', view.unavailable ? 'true' : 'false');
    this.#light.describe(button, view.read ? [] : [hint.id]);
  }
}
