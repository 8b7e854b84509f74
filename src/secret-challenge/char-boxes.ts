import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { characters, isLetter, shortestWhole } from './challenge-model.js';
import type { SecretChallengeMessages } from './messages.js';

type BoxesHost = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

export interface CharBoxesOptions {
  messages: () => SecretChallengeMessages;
  announce: (text: string) => void;
  /** Text at least as long as the secret arrived in a box: take the asked characters, or say why not. */
  takeWhole: (chars: string[]) => string | undefined;
  /** Enter in a box; `false` lets the browser go on (the page's form submits itself). */
  submit: () => boolean | void;
  /** A box's value changed (by the user). */
  changed?: () => void;
}

/** What a password manager must not fill into a box (the sign-in password): each manager's opt-out. */
const IGNORED_BY_MANAGERS = ['data-1p-ignore', 'data-bwignore'] as const;

/**
 * The character boxes of `<secret-challenge>`, as a reactive controller
 * (the way Web Awesome's segmented-field controller owns its segments):
 * one letter per box, typing moves on, Backspace on an empty box moves back,
 * arrows, Home and End move, pasting N letters fills N boxes, and anything
 * but a letter is refused with a message. It owns the answers, which never
 * leave it but through `answers` (for the request) and are cleared by `clear`.
 *
 * The boxes are its own, rendered in the shadow root (`render`), or the
 * page's own inputs (`use`, "HTML first"): then it listens to those nodes
 * where they are and writes only their value, type and state attributes,
 * so they keep submitting with the page's form and keep the page's labels.
 */
export class CharBoxes implements ReactiveController {
  readonly #host: BoxesHost;
  readonly #options: CharBoxesOptions;
  #positions: readonly number[] = [];
  #answers: string[] = [];
  /** A refused entry: which box (or -1 for the group) and why. */
  #refusal?: { index: number; text: string };
  /** The page's own inputs, when it gave them. */
  #given?: readonly HTMLInputElement[];

  constructor(host: BoxesHost, options: CharBoxesOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The answers in the order of the positions (each one letter, or empty). */
  get answers(): readonly string[] {
    return this.#answers;
  }

  /** New boxes for a new challenge. */
  reset(positions: readonly number[]): void {
    this.#positions = positions;
    this.#answers = positions.map(() => '');
    this.#refusal = undefined;
    this.#host.requestUpdate();
  }

  /** Puts the asked characters of a whole secret in the boxes. */
  fill(answers: string[]): void {
    this.#answers = answers;
    this.#refusal = undefined;
    this.#host.requestUpdate();
  }

  /** Empties every box, in the DOM at once too (no render may follow: leaving the page). */
  clear(): void {
    this.#answers = this.#answers.map(() => '');
    this.#refusal = undefined;
    for (const box of this.#boxes()) box.value = '';
    this.#host.requestUpdate();
  }

  /** Forgets a refusal message. */
  clearRefusal(): void {
    this.#refusal = undefined;
  }

  /** Indexes of boxes without a letter. */
  missing(): number[] {
    return this.#answers.flatMap((answer, index) => (answer !== '' && isLetter(answer) ? [] : [index]));
  }

  focus(index: number): void {
    const box = this.#boxes()[index];
    if (!box) return;
    box.focus();
    box.select();
  }

  hostDisconnected(): void {
    this.clear();
  }

  /** Takes the page's inputs as the boxes (or, with `undefined`, goes back to rendering its own). */
  use(inputs: readonly HTMLInputElement[] | undefined): void {
    if (inputs === this.#given) return;
    for (const input of this.#given ?? []) this.#listen(input, false);
    this.#given = inputs;
    for (const input of inputs ?? []) this.#listen(input, true);
  }

  #listen(input: HTMLInputElement, on: boolean): void {
    const method = on ? 'addEventListener' : 'removeEventListener';
    input[method]('input', this.#onInput as EventListener);
    input[method]('compositionend', this.#onComposed as EventListener);
    input[method]('paste', this.#onPaste as EventListener);
    input[method]('keydown', this.#onKeyDown as EventListener);
    input[method]('focus', this.#onFocus as EventListener);
  }

  /**
   * The page's inputs as the rendered boxes would be: masked or not, read-only
   * while busy, kept from password managers' fills and from autocorrection.
   * Their labels, names and descriptions stay the page's.
   */
  sync(type: 'text' | 'password', busy: boolean): void {
    const last = this.#positions.length - 1;
    this.#given?.forEach((input, index) => {
      if (input.type !== type) input.type = type;
      input.readOnly = busy;
      input.autocomplete = 'off';
      input.spellcheck = false;
      input.setAttribute('autocapitalize', 'none');
      input.setAttribute('autocorrect', 'off');
      input.setAttribute('enterkeyhint', index === last ? 'done' : 'next');
      input.dataset.position = String(this.#positions[index]);
      input.setAttribute('data-lpignore', 'true');
      input.setAttribute('data-form-type', 'other');
      for (const name of IGNORED_BY_MANAGERS) input.setAttribute(name, '');
    });
  }

  /** The message beside the boxes, if any: a refusal, or the missing boxes after Verify. */
  errorText(missing: readonly number[]): string | undefined {
    return this.#refusal?.text ?? (missing.length > 0 ? this.#options.messages().errorMissingGroup : undefined);
  }

  /** Whether box `index` is marked invalid. */
  isInvalid(index: number, missing: readonly number[]): boolean {
    const refusal = this.#refusal;
    return (
      !!this.errorText(missing) && (refusal ? refusal.index === index || refusal.index === -1 : missing.includes(index))
    );
  }

  /** The boxes show the answers (as `live()` would, without its bytes): set only where they differ. */
  hostUpdated(): void {
    this.#boxes().forEach((box, index) => {
      const value = this.#answers[index] ?? '';
      if (box.value !== value) box.value = value;
    });
  }

  /**
   * The message beside the boxes (a refusal, or the missing boxes after
   * Verify) and the boxes themselves; `missing` lists the empty boxes to mark.
   */
  render(type: 'text' | 'password', busy: boolean, missing: readonly number[]): TemplateResult {
    const m = this.#options.messages();
    const error = this.errorText(missing);
    const invalid = (index: number) => this.isInvalid(index, missing);
    const last = this.#positions.length - 1;
    return html`${
      error
        ? html`<p class="error-message" id="input-error" part="input-error">
            <span class="visually-hidden">${m.errorPrefix}</span> ${error}
          </p>`
        : ''
    }
      <div class="boxes">
        ${this.#positions.map(
          (position, index) => html`<div class="box">
            <label for="char-${index}">${m.charLabel(position)}</label>
            <input
              id="char-${index}"
              part="char-input"
              data-position=${position}
              type=${type}
              autocomplete="off"
              data-1p-ignore
              data-lpignore="true"
              data-bwignore
              data-form-type="other"
              autocapitalize="none"
              autocorrect="off"
              spellcheck="false"
              inputmode="text"
              enterkeyhint=${index === last ? 'done' : 'next'}
              aria-invalid=${invalid(index) ? 'true' : 'false'}
              aria-describedby=${invalid(index) ? 'input-error' : ''}
              ?readonly=${busy}
              @input=${this.#onInput}
              @compositionend=${this.#onComposed}
              @paste=${this.#onPaste}
              @keydown=${this.#onKeyDown}
              @focus=${this.#onFocus}
            />
          </div>`,
        )}
      </div>`;
  }

  /** Whether the group as a whole shows an error. */
  hasError(missing: readonly number[]): boolean {
    return !!this.#refusal || missing.length > 0;
  }

  #boxes(): readonly HTMLInputElement[] {
    return (
      this.#given ?? [...(this.#host.renderRoot?.querySelectorAll?.<HTMLInputElement>('[part="char-input"]') ?? [])]
    );
  }

  #indexOf(event: Event): [number, HTMLInputElement] {
    const input = event.target as HTMLInputElement;
    return [this.#boxes().indexOf(input), input];
  }

  #set(index: number, value: string): void {
    this.#answers[index] = value;
    this.#refusal = undefined;
    this.#options.changed?.();
    this.#host.requestUpdate();
  }

  #refuse(index: number, text: string): void {
    this.#refusal = { index, text };
    this.#options.announce(text);
    this.#host.requestUpdate();
  }

  readonly #onFocus = (event: FocusEvent) => (event.target as HTMLInputElement).select();

  readonly #onInput = (event: InputEvent) => {
    // An input method is still composing: take the character when it ends.
    if (event.isComposing) return;
    const typed = event.inputType === 'insertText' && event.data ? event.data : undefined;
    this.#onValue(event, typed);
  };

  readonly #onComposed = (event: CompositionEvent) => this.#onValue(event, event.data || undefined);

  /** A box's value changed; `typed` is the text of the key press, when there was one. */
  #onValue(event: Event, typed: string | undefined): void {
    const [index, input] = this.#indexOf(event);
    const chars = characters(input.value);
    const position = this.#positions[index] ?? index + 1;
    if (chars.length === 0) {
      this.#set(index, '');
      return;
    }
    const typedChars = typed === undefined ? [] : characters(typed);
    const key = typedChars.length === 1 ? typedChars[0] : undefined;
    if (chars.length === 1 || key !== undefined) {
      // One key: the character typed (into an empty box, over a selected one, or beside an earlier one).
      const char = chars.length === 1 ? chars[0] : (key as string);
      if (!isLetter(char)) {
        input.value = this.#answers[index] ?? '';
        this.#refuse(index, this.#options.messages().errorNotLetter(position));
        return;
      }
      input.value = char;
      this.#set(index, char);
      this.focus(index + 1);
      return;
    }
    // Several characters at once (a drop, a paste without clipboard data, an autofill).
    input.value = this.#answers[index] ?? '';
    this.#insert(index, chars.join(''));
  }

  readonly #onPaste = (event: ClipboardEvent) => {
    const data = event.clipboardData;
    if (!data) return;
    event.preventDefault();
    this.#insert(this.#indexOf(event)[0], data.getData('text/plain') || data.getData('text'));
  };

  /**
   * Text arriving at once in box `index`: N letters fill N boxes from there;
   * longer text may be the whole secret, of which only the asked characters
   * are kept (and nothing else, anywhere).
   */
  #insert(index: number, text: string): void {
    const m = this.#options.messages();
    const chars = characters(text.trim());
    if (chars.length === 0) return;
    const count = this.#positions.length;
    if (chars.length <= count - index) {
      if (!chars.every(isLetter)) {
        this.#refuse(index, m.errorPasteNotLetters);
        return;
      }
      chars.forEach((char, offset) => (this.#answers[index + offset] = char));
      this.#refusal = undefined;
      this.#options.changed?.();
      this.#host.requestUpdate();
      // After the render (selecting the next box's old value would be lost), and only while the box pasted into
      // still has focus: a script may have moved it on since the paste (a `focus()` elsewhere), and that wins.
      const from = this.#boxes()[index];
      void this.#host.updateComplete.then(() => {
        if (from?.matches(':focus')) this.focus(Math.min(index + chars.length, count - 1));
      });
      return;
    }
    if (chars.length < shortestWhole(this.#positions)) {
      this.#refuse(-1, m.errorPasteMismatch);
      return;
    }
    const refusal = this.#options.takeWhole(chars);
    if (refusal) this.#refuse(-1, refusal);
  }

  readonly #onKeyDown = (event: KeyboardEvent) => {
    if (event.isComposing) return;
    const [index, input] = this.#indexOf(event);
    const last = this.#answers.length - 1;
    let target: number | undefined;
    switch (event.key) {
      case 'Backspace': {
        if (input.value !== '' || index === 0) return;
        this.#set(index - 1, '');
        const previous = this.#boxes()[index - 1];
        if (previous) previous.value = '';
        target = index - 1;
        break;
      }
      case 'ArrowLeft':
        if (index === 0) return;
        target = index - 1;
        break;
      case 'ArrowRight':
        if (index >= last) return;
        target = index + 1;
        break;
      case 'Home':
        target = 0;
        break;
      case 'End':
        target = last;
        break;
      case 'Enter':
        if (this.#options.submit() !== false) event.preventDefault();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.focus(target);
  };
}
