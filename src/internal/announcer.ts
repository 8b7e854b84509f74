import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * A polite live region inside the element's shadow root. The region is in
 * the DOM from the first render (a region that appears together with its
 * text is not announced), and a message can be delayed until the user pauses
 * typing, each new call replacing the one still waiting.
 */
export class Announcer implements ReactiveController {
  #text = '';
  #timer?: ReturnType<typeof setTimeout>;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Announces `text` after `delay` ms; repeating the same text announces it again. */
  announce(text: string, delay = 0): void {
    clearTimeout(this.#timer);
    // Emptying first makes screen readers treat a repeat as new content.
    this.#set('');
    this.#timer = setTimeout(() => this.#set(text), Math.max(delay, 50));
  }

  cancel(): void {
    clearTimeout(this.#timer);
  }

  /** The last text given to the region (for tests and debugging). */
  get text(): string {
    return this.#text;
  }

  render(): TemplateResult {
    return html`<div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-announcer>${this.#text}</div>`;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#text = '';
  }

  #set(text: string): void {
    if (this.#text === text) return;
    this.#text = text;
    this.#host.requestUpdate();
  }
}
