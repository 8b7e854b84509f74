import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { Announcer } from '../internal/announcer.js';
import { define } from '../internal/define.js';
import { focusErrorSummary, renderErrorSummary, type SummaryItem } from '../internal/error-summary.js';
import { fire } from '../internal/events.js';
import {
  RequestController,
  RequestError,
  isRecord,
  unexpected,
  type ErrorDetail,
  type HeadersSource,
  type HttpResponse,
} from '../internal/http.js';
import { Localizer, timeOfDay } from '../internal/i18n.js';
import { errorMessage } from '../internal/messages.js';
import { FullSecretField, type FullSecretOutcome } from './full-secret-field.js';
import { secretChallengeEnglish, type SecretChallengeMessages } from './messages.js';
import { secretChallengeStyles } from './secret-challenge.styles.js';

export type ChallengeMode = 'self' | 'agent';

export interface ChallengeReadyDetail {
  /** The 1-based positions asked for, in the order the boxes show them. Not secret. */
  positions: number[];
}
export interface ChallengeFailedDetail {
  /** Attempts left before the server locks the checks. */
  attemptsRemaining: number;
}
export interface ChallengeLockedDetail {
  /** ISO 8601 time until which checks are locked, as the server sent it; absent when only an admin can unlock. */
  lockedUntil?: string;
}

export type ChallengeReadyEvent = CustomEvent<ChallengeReadyDetail>;
export type ChallengeVerifiedEvent = CustomEvent<Record<string, never>>;
export type ChallengeFailedEvent = CustomEvent<ChallengeFailedDetail>;
export type ChallengeLockedEvent = CustomEvent<ChallengeLockedDetail>;
export type ChallengeErrorEvent = CustomEvent<ErrorDetail>;

/** Sanity bounds for positions, from the attribute or a server. */
const MAX_POSITION = 1000;
const MAX_BOXES = 64;

interface Challenge {
  id: string;
  positions: number[];
  attemptsRemaining?: number;
}

type Phase = 'idle' | 'loading' | 'load-failed' | 'ready' | 'verified' | 'locked';

/** One letter, in any script (a secret may be `unicode`); digits, spaces, symbols and emoji are not. */
function isLetter(char: string): boolean {
  return /^\p{L}$/u.test(char);
}

function characters(text: string): string[] {
  return [...text.normalize('NFC')];
}

/** Whether `value` is a list of distinct 1-based positions within our bounds. */
export function isPositionList(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= MAX_BOXES &&
    value.every((p) => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= MAX_POSITION) &&
    new Set(value).size === value.length
  );
}

/** Parses `"2,5,8"` (commas and/or spaces); undefined unless every item is a valid position. */
export function parsePositions(text: string): number[] | undefined {
  const items = text.split(/[\s,]+/).filter((item) => item !== '');
  if (!items.every((item) => /^\d+$/.test(item))) return undefined;
  const positions = items.map(Number);
  return isPositionList(positions) ? positions : undefined;
}

const positionsConverter = {
  fromAttribute: (value: string | null): number[] | undefined => (value === null ? undefined : parsePositions(value)),
  toAttribute: (value: number[] | undefined): string | undefined => value?.join(','),
};

/** The challenge in a `GET` answer, or undefined when the body breaks the contract. */
function challengeOf(body: unknown): Challenge | undefined {
  if (!isRecord(body)) return undefined;
  const { challengeId, positions, attemptsRemaining, expiresAt } = body;
  if (typeof challengeId !== 'string' || challengeId === '' || !isPositionList(positions)) return undefined;
  if (attemptsRemaining !== undefined && !isCount(attemptsRemaining)) return undefined;
  if (expiresAt !== undefined && (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt)))) return undefined;
  return { id: challengeId, positions: [...positions], attemptsRemaining };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** The 423's `lockedUntil`; null when absent (only an admin can unlock); undefined when the body breaks the contract. */
function lockedUntilOf(body: unknown): string | null | undefined {
  if (isRecord(body) && body.lockedUntil === undefined) return null;
  if (!isRecord(body) || typeof body.lockedUntil !== 'string' || Number.isNaN(Date.parse(body.lockedUntil))) {
    return undefined;
  }
  return body.lockedUntil;
}

/**
 * Proves an account secret by the characters at a few positions: the user
 * checking their own secret (`mode="self"`), or a helpdesk agent typing what
 * a caller reads out (`mode="agent"`). Only the asked characters are ever
 * sent. In self mode the user may instead paste or let a password manager
 * fill the whole secret (WCAG 2.2 SC 3.3.8): the element takes the asked
 * characters from it in the page and clears it at once.
 *
 * @tagname secret-challenge
 * @summary Check an account secret by individual characters.
 *
 * @fires {ChallengeReadyEvent} challenge-ready - New boxes are ready: `{positions}` (not secret).
 * @fires {ChallengeVerifiedEvent} challenge-verified - The server accepted the characters (200). Detail `{}`.
 * @fires {ChallengeFailedEvent} challenge-failed - The characters are not right (422): `{attemptsRemaining}`; never which one.
 * @fires {ChallengeLockedEvent} challenge-locked - Too many failures (423, on answering or fetching): `{lockedUntil}`, or `{}` when only an admin can unlock.
 * @fires {ChallengeErrorEvent} challenge-error - A request failed: `{kind, status?}`.
 *
 * @slot full-secret-label - Used by the element itself (self mode): the label of the whole-secret field.
 * @slot full-secret-hint - Used by the element itself: the hint of the whole-secret field.
 * @slot full-secret-error - Used by the element itself: the error message of the whole-secret field.
 * @slot full-secret-input - Used by the element itself: the whole-secret input, in light DOM so password managers can fill it.
 *
 * @csspart fieldset - The group of boxes.
 * @csspart char-input - Each box (one character).
 * @csspart toggle - The show/hide button (self mode).
 * @csspart full-secret-input - The whole-secret input (self mode). It is a light-DOM child, so style it with `secret-challenge [part~='full-secret-input']` rather than `::part()`.
 * @csspart submit - The Verify button.
 * @csspart status - The outcome of the last check; `data-state` is `verified`, `failed`, `locked` or `expired`.
 * @csspart error - The message of a failed request.
 * @csspart retry - The button that fetches the challenge again after a failed fetch.
 * @csspart input-error - The message beside the boxes (not a letter, a box left empty).
 * @csspart error-summary - The error summary shown when Verify finds empty boxes.
 * @csspart help - The help for a forgotten secret.
 *
 * @cssprop --ase-color-text - Text colour (NHS.UK #212b32; dark defaults in docs/theming.md).
 * @cssprop --ase-color-secondary-text - Hint text colour (#4c6272).
 * @cssprop --ase-color-error - Error colour (#d5281b).
 * @cssprop --ase-color-success - Success colour (#007f3b).
 * @cssprop --ase-color-warning - Locked panel colour (#ffeb3b).
 * @cssprop --ase-color-focus - Focus highlight (#ffeb3b).
 * @cssprop --ase-color-focus-text - Text and ring on focus (#212b32).
 * @cssprop --ase-color-link - Link colour (#005eb8).
 * @cssprop --ase-color-button - Primary button (#007f3b).
 * @cssprop --ase-color-input-border - Input border (#4c6272).
 * @cssprop --ase-color-link-hover - Link colour on hover (#7c2855).
 * @cssprop --ase-color-button-hover - Primary button on hover (#00662f).
 * @cssprop --ase-color-button-text - Primary button text (#ffffff).
 * @cssprop --ase-color-secondary-button-text - Secondary button text and border (#005eb8).
 * @cssprop --ase-color-secondary-button-hover - Secondary button on hover.
 * @cssprop --ase-color-input-background - Input background (#ffffff).
 * @cssprop --ase-color-button-shadow - Primary button shadow (#00401e).
 * @cssprop --ase-color-callout - Callout bar (#005eb8).
 * @cssprop --ase-color-callout-background - Callout background (#f0f4f5).
 * @cssprop --ase-color-background - Background of panels, and of the element in dark mode.
 * @cssprop --ase-font-family - Font stack (Frutiger W01, Arial, sans-serif).
 * @cssprop --ase-font-size - Base font size (1.1875rem).
 * @cssprop --ase-char-input-width - Width of each box (2.75em).
 * @cssprop --ase-space-m - Medium spacing (1rem); also -xs, -s, -l.
 *
 * @cssstate loading - The challenge is being fetched.
 * @cssstate ready - The boxes are showing.
 * @cssstate verifying - A check is under way.
 * @cssstate verified - The check passed.
 * @cssstate locked - Checks are locked.
 */
export class SecretChallengeElement extends LitElement {
  static override styles = secretChallengeStyles;

  static override properties = {
    endpoint: { reflect: true },
    mode: { reflect: true },
    positions: { converter: positionsConverter, reflect: true },
    challengeId: { attribute: 'challenge-id', reflect: true },
    helpHref: { attribute: 'help-href', reflect: true },
    credentials: { reflect: true },
    timeout: { type: Number, reflect: true },
    headers: { attribute: false },
    strings: { attribute: false },
  };

  /** `GET` gives the challenge (unless `positions` is set); `POST` checks the answers. */
  declare endpoint: string;
  /** `self` (default): the user checks their own secret. `agent`: a helpdesk agent types what a caller reads out. */
  declare mode: ChallengeMode;
  /** 1-based positions to ask for, set by the host (attribute `"2,5,8"`); without them the element fetches a challenge. */
  declare positions: number[] | undefined;
  /** The id of the host-given challenge, sent back with the answers. */
  declare challengeId: string;
  /** Where a user who has forgotten the secret gets help; without it the help is plain text. */
  declare helpHref: string;
  /** fetch `credentials` mode: `same-origin` (default), `include` or `omit`. */
  declare credentials: RequestCredentials;
  /** Milliseconds before a request is abandoned (default 15000). */
  declare timeout: number;
  /** Headers merged into every request: an object, or a (possibly async) function returning one. */
  declare headers: HeadersSource | undefined;
  /** Overrides for any user-facing string, per instance. */
  declare strings: Partial<SecretChallengeMessages> | undefined;

  readonly #request = new RequestController(this);
  readonly #announcer = new Announcer(this);
  readonly #i18n = new Localizer<SecretChallengeMessages>(this, secretChallengeEnglish, {
    cy: () => import('./messages.cy.js').then((m) => m.secretChallengeWelsh),
  });
  readonly #fullSecret = new FullSecretField(
    this,
    (value, final) => this.#onFullSecret(value, final),
    () => void this.verify(),
  );

  /** For custom states only (the element is not a form control). */
  readonly #internals: ElementInternals | undefined = (() => {
    try {
      return this.attachInternals();
    } catch {
      return undefined;
    }
  })();
  #phase: Phase = 'idle';
  #challenge?: Challenge;
  /** One character per box, as typed. Cleared after every answer and on leaving the page. */
  #answers: string[] = [];
  #shown = false;
  /** Verify was pressed with boxes left empty: show which, live, until the next answer. */
  #submitted = false;
  #notice?: 'failed' | 'expired';
  #lockedUntil?: string;
  #serviceError?: string;
  /** A refused entry: which box (or -1 for the group) and why. */
  #inputError?: { index: number; text: string };
  #fullSecretError?: string;

  constructor() {
    super();
    this.endpoint = '';
    this.mode = 'self';
    this.challengeId = '';
    this.helpHref = '';
    this.credentials = 'same-origin';
    this.timeout = 15000;
  }

  /** The positions of the challenge on show (host-given or fetched), or an empty list. */
  get activePositions(): number[] {
    return this.#challenge ? [...this.#challenge.positions] : [];
  }

  get #agent(): boolean {
    return this.mode === 'agent';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pageshow', this.#onPageShow);
    // Back on the page after a fetch was cut short by leaving it: start again.
    if (this.hasUpdated && this.#phase === 'idle') this.#setUp();
    // The whole-secret field left with the element; it comes back with it.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pageshow', this.#onPageShow);
    // Nothing typed outlives the element's time on the page.
    this.#clearAnswers();
    this.#fullSecret.detach();
    this.#shown = false;
    if (this.#phase === 'loading') this.#phase = 'idle';
  }

  /** Fetches a new challenge from `endpoint` (or takes the host's `positions` again). */
  async reload(): Promise<void> {
    this.#setUp();
    await this.updateComplete;
  }

  /**
   * Checks the characters in the boxes, as the Verify button does. Resolves
   * when the attempt has finished. With a box empty, shows why and sends nothing.
   */
  async verify(): Promise<void> {
    const challenge = this.#challenge;
    if (this.#request.busy || this.#phase !== 'ready' || !challenge || !this.endpoint) return;
    this.#shown = false;
    this.#serviceError = undefined;
    this.#notice = undefined;
    this.#inputError = undefined;
    this.#fullSecretError = undefined;
    if (this.#missing().length > 0) {
      this.#submitted = true;
      this.requestUpdate();
      await focusErrorSummary(this);
      return;
    }
    const answers = [...this.#answers];
    try {
      await this.#request.run(async (request) => {
        const response = await request({ method: 'POST', url: this.endpoint, body: { challengeId: challenge.id, answers } });
        await this.#handleAnswer(response, request);
      });
    } catch (error) {
      this.#fail(error);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="error"]')?.focus();
      return;
    }
    await this.#focusOutcome();
  }

  async #handleAnswer(
    response: HttpResponse,
    request: (options: { method: 'GET' | 'POST'; url: string; body?: unknown }) => Promise<HttpResponse>,
  ): Promise<void> {
    const { status, body } = response;
    if (status === 200) {
      if (!isRecord(body) || body.verified !== true) throw new RequestError('bad-response', status);
      this.#clearAnswers();
      this.#phase = 'verified';
      this.requestUpdate();
      fire<Record<string, never>>(this, 'challenge-verified', {});
      return;
    }
    if (status === 422) {
      const remaining = isRecord(body) && body.verified === false ? body.attemptsRemaining : undefined;
      if (!isCount(remaining)) throw new RequestError('bad-response', status);
      this.#clearAnswers();
      if (this.#challenge) this.#challenge.attemptsRemaining = remaining;
      this.#notice = 'failed';
      this.requestUpdate();
      fire<ChallengeFailedDetail>(this, 'challenge-failed', { attemptsRemaining: remaining });
      return;
    }
    if (status === 423) {
      this.#lock(response);
      return;
    }
    if (status === 410) {
      // The challenge ran out: the boxes belong to it, so they go too.
      this.#clearAnswers();
      this.#challenge = undefined;
      this.#phase = 'loading';
      this.requestUpdate();
      const fresh = await request({ method: 'GET', url: this.endpoint });
      if (this.#takeChallenge(fresh)) this.#notice = 'expired';
      return;
    }
    throw unexpected(response);
  }

  /** Applies a `GET` answer; true when a challenge is now on show. */
  #takeChallenge(response: HttpResponse): boolean {
    if (response.status === 423) {
      this.#lock(response);
      return false;
    }
    if (response.status !== 200) throw unexpected(response);
    const challenge = challengeOf(response.body);
    if (!challenge) throw new RequestError('bad-response', response.status);
    this.#show(challenge);
    return true;
  }

  #lock(response: HttpResponse): void {
    const lockedUntil = lockedUntilOf(response.body);
    if (lockedUntil === undefined) throw new RequestError('bad-response', response.status);
    this.#clearAnswers();
    this.#lockedUntil = lockedUntil ?? undefined;
    this.#phase = 'locked';
    this.requestUpdate();
    fire<ChallengeLockedDetail>(this, 'challenge-locked', lockedUntil === null ? {} : { lockedUntil });
  }

  #show(challenge: Challenge): void {
    this.#challenge = challenge;
    this.#answers = challenge.positions.map(() => '');
    this.#phase = 'ready';
    this.#submitted = false;
    this.#notice = undefined;
    this.#serviceError = undefined;
    this.#inputError = undefined;
    this.#fullSecretError = undefined;
    this.#shown = false;
    this.requestUpdate();
    const positions = [...challenge.positions];
    // After the render, so a listener can already move focus into the boxes.
    void this.updateComplete.then(() => {
      if (this.#challenge === challenge) fire<ChallengeReadyDetail>(this, 'challenge-ready', { positions });
    });
  }

  #fail(error: unknown): void {
    const failure = error instanceof RequestError ? error : new RequestError('network');
    this.#serviceError = errorMessage(this.#i18n.messages, failure.kind, failure.retryAfter);
    if (!this.#challenge && this.#phase !== 'locked') this.#phase = 'load-failed';
    this.requestUpdate();
    fire<ErrorDetail>(this, 'challenge-error', failure.detail);
  }

  /** Puts focus where the outcome of a check is: the status, or the first box to try again. */
  async #focusOutcome(): Promise<void> {
    await this.updateComplete;
    const m = this.#i18n.messages;
    if (this.#phase === 'verified' || this.#phase === 'locked') {
      this.renderRoot.querySelector<HTMLElement>('[part="status"]')?.focus();
      return;
    }
    if (this.#phase === 'ready') {
      this.#focusBox(0);
      if (this.#notice === 'failed' && this.#challenge?.attemptsRemaining !== undefined) {
        const n = this.#challenge.attemptsRemaining;
        this.#announcer.announce(this.#agent ? m.failedAgent(n) : m.failedSelf(n));
      } else if (this.#notice === 'expired') {
        this.#announcer.announce(m.expired);
      }
    }
  }

  #setUp(): void {
    this.#clearAnswers();
    this.#lockedUntil = undefined;
    this.#challenge = undefined;
    if (this.positions && isPositionList(this.positions)) {
      this.#show({ id: this.challengeId, positions: [...this.positions] });
      return;
    }
    if (!this.endpoint) {
      this.#phase = 'idle';
      this.requestUpdate();
      return;
    }
    void this.#load();
  }

  async #load(): Promise<void> {
    this.#phase = 'loading';
    this.#serviceError = undefined;
    this.requestUpdate();
    try {
      const shown = await this.#request.run(async (request) => {
        const response = await request({ method: 'GET', url: this.endpoint });
        return this.#takeChallenge(response);
      });
      if (shown === undefined && this.#phase === 'loading' && !this.#request.busy) this.#phase = 'idle';
    } catch (error) {
      this.#fail(error);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('positions') && this.positions === undefined && this.hasAttribute('positions')) {
      console.warn('<secret-challenge>: the positions attribute must list distinct 1-based positions, like "2,5,8".');
    }
    const source = changed.has('positions') || changed.has('challengeId') || changed.has('endpoint');
    if (source && this.isConnected) this.#setUp();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#syncFullSecret();
    this.#syncStates();
  }

  #syncFullSecret(): void {
    if (this.#agent || this.#phase !== 'ready' || !this.isConnected) {
      this.#fullSecret.detach();
      this.#fullSecretError = undefined;
      return;
    }
    const m = this.#i18n.messages;
    this.#fullSecret.attach(
      { label: m.fullSecretLabel, hint: m.fullSecretHint, errorPrefix: m.errorPrefix, error: this.#fullSecretError },
      this.#request.busy,
    );
  }

  #syncStates(): void {
    const states = this.#internals?.states;
    if (!states) return;
    const toggle = (name: string, on: boolean) => (on ? states.add(name) : states.delete(name));
    try {
      toggle('loading', this.#phase === 'loading');
      toggle('ready', this.#phase === 'ready');
      toggle('verifying', this.#phase === 'ready' && this.#request.busy);
      toggle('verified', this.#phase === 'verified');
      toggle('locked', this.#phase === 'locked');
    } catch {
      // An engine with the older dashed-ident syntax only: skip states.
    }
  }

  #clearAnswers(): void {
    this.#answers = this.#answers.map(() => '');
    this.#submitted = false;
    this.#inputError = undefined;
    this.#fullSecretError = undefined;
    this.#fullSecret.clear();
    // The DOM copies go too, in case no render follows (leaving the page).
    for (const box of this.renderRoot?.querySelectorAll?.<HTMLInputElement>('[part="char-input"]') ?? []) box.value = '';
    this.requestUpdate();
  }

  readonly #onPageShow = (event: PageTransitionEvent) => {
    // Coming back from the back/forward cache must not show characters.
    if (event.persisted && this.#shown) {
      this.#shown = false;
      this.requestUpdate();
    }
  };

  // ---- Boxes ----------------------------------------------------------------

  #box(index: number): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#char-${index}`);
  }

  #focusBox(index: number): void {
    const box = this.#box(index);
    if (!box) return;
    box.focus();
    box.select();
  }

  #setAnswer(index: number, value: string): void {
    this.#answers[index] = value;
    this.#inputError = undefined;
    this.requestUpdate();
  }

  #refuse(index: number, input: HTMLInputElement, text: string): void {
    input.value = this.#answers[index] ?? '';
    this.#inputError = { index, text };
    this.#announcer.announce(text);
    this.requestUpdate();
  }

  #onBoxInput(index: number, event: InputEvent): void {
    // An input method is still composing: take the character when it ends.
    if (event.isComposing) return;
    const typed = event.inputType === 'insertText' && event.data ? event.data : undefined;
    this.#onBoxValue(index, event.target as HTMLInputElement, typed);
  }

  #onBoxComposed(index: number, event: CompositionEvent): void {
    this.#onBoxValue(index, event.target as HTMLInputElement, event.data || undefined);
  }

  /** A box's value changed; `typed` is the text of the key press, when there was one. */
  #onBoxValue(index: number, input: HTMLInputElement, typed: string | undefined): void {
    const chars = characters(input.value);
    const position = this.#challenge?.positions[index] ?? index + 1;
    if (chars.length === 0) {
      this.#setAnswer(index, '');
      return;
    }
    const key = typed !== undefined && characters(typed).length === 1 ? characters(typed)[0] : undefined;
    if (chars.length === 1 || key !== undefined) {
      // One key: the character typed (into an empty box, over a selected one, or beside an earlier one).
      const char = chars.length === 1 ? chars[0] : (key as string);
      if (!isLetter(char)) {
        this.#refuse(index, input, this.#i18n.messages.errorNotLetter(position));
        return;
      }
      input.value = char;
      this.#setAnswer(index, char);
      this.#focusBox(index + 1);
      return;
    }
    // Several characters at once (a drop, a paste without clipboard data, an autofill).
    input.value = this.#answers[index] ?? '';
    this.#insert(index, chars.join(''));
  }

  #onBoxPaste(index: number, event: ClipboardEvent): void {
    const data = event.clipboardData;
    if (!data) return;
    event.preventDefault();
    this.#insert(index, data.getData('text/plain') || data.getData('text'));
  }

  /**
   * Text arriving at once in box `index`: N letters fill N boxes from there;
   * text at least as long as the highest position is the whole secret, of
   * which only the asked characters are kept (and nothing else, anywhere).
   */
  #insert(index: number, text: string): void {
    const challenge = this.#challenge;
    if (!challenge) return;
    const m = this.#i18n.messages;
    const chars = characters(text.trim());
    if (chars.length === 0) return;
    const remaining = challenge.positions.length - index;
    const highest = Math.max(...challenge.positions);
    if (chars.length <= remaining) {
      if (!chars.every(isLetter)) {
        this.#inputError = { index, text: m.errorPasteNotLetters };
        this.#announcer.announce(m.errorPasteNotLetters);
        this.requestUpdate();
        return;
      }
      chars.forEach((char, offset) => (this.#answers[index + offset] = char));
      this.#inputError = undefined;
      this.requestUpdate();
      void this.updateComplete.then(() => this.#focusBox(Math.min(index + chars.length, challenge.positions.length - 1)));
      return;
    }
    if (chars.length >= highest) {
      const refusal = this.#takeWholeSecret(chars);
      if (refusal) {
        this.#inputError = { index: -1, text: refusal };
        this.#announcer.announce(refusal);
        this.requestUpdate();
      }
      return;
    }
    this.#inputError = { index: -1, text: m.errorPasteMismatch };
    this.#announcer.announce(m.errorPasteMismatch);
    this.requestUpdate();
  }

  /**
   * Keeps only the asked characters of a whole secret, which goes no further
   * than this function's argument. Returns why it was refused, if it was.
   */
  #takeWholeSecret(chars: string[]): string | undefined {
    const challenge = this.#challenge;
    const m = this.#i18n.messages;
    if (!challenge) return m.errorBadResponse;
    if (!chars.every(isLetter)) return m.errorFullSecretLetters;
    const highest = Math.max(...challenge.positions);
    if (chars.length < highest) return m.errorFullSecretShort(highest);
    this.#answers = challenge.positions.map((position) => chars[position - 1]);
    this.#inputError = undefined;
    this.#fullSecretError = undefined;
    this.#submitted = false;
    this.requestUpdate();
    const ordinals = m.list(challenge.positions.map((p) => m.ordinal(p)));
    this.#announcer.announce(m.fullSecretTaken(ordinals, m.verify));
    return undefined;
  }

  #onFullSecret(value: string, final: boolean): FullSecretOutcome {
    const chars = characters(value.trim());
    if (!final) return 'wait';
    if (chars.length === 0) return 'refused';
    const refusal = this.#takeWholeSecret(chars);
    if (!refusal) return 'taken';
    this.#fullSecretError = refusal;
    this.#announcer.announce(refusal);
    this.requestUpdate();
    return 'refused';
  }

  #onBoxKeyDown(index: number, event: KeyboardEvent): void {
    if (event.isComposing) return;
    const input = event.target as HTMLInputElement;
    const last = this.#answers.length - 1;
    switch (event.key) {
      case 'Backspace':
        if (input.value === '' && index > 0) {
          event.preventDefault();
          this.#setAnswer(index - 1, '');
          const previous = this.#box(index - 1);
          if (previous) previous.value = '';
          this.#focusBox(index - 1);
        }
        return;
      case 'ArrowLeft':
        if (index > 0) {
          event.preventDefault();
          this.#focusBox(index - 1);
        }
        return;
      case 'ArrowRight':
        if (index < last) {
          event.preventDefault();
          this.#focusBox(index + 1);
        }
        return;
      case 'Home':
        event.preventDefault();
        this.#focusBox(0);
        return;
      case 'End':
        event.preventDefault();
        this.#focusBox(last);
        return;
      case 'Enter':
        event.preventDefault();
        void this.verify();
        return;
    }
  }

  #onToggle(): void {
    this.#shown = !this.#shown;
    const m = this.#i18n.messages;
    this.#announcer.announce(this.#shown ? m.charactersShown : m.charactersHidden);
    this.requestUpdate();
  }

  /** Indexes of boxes without a letter. */
  #missing(): number[] {
    return this.#answers.flatMap((answer, index) => (answer !== '' && isLetter(answer) ? [] : [index]));
  }

  // ---- Rendering ------------------------------------------------------------

  override render(): TemplateResult {
    const m = this.#i18n.messages;
    switch (this.#phase) {
      case 'idle':
        return html`${this.#announcer.render()}`;
      case 'loading':
        return html`<p class="hint loading">${m.loading}</p>
          ${this.#announcer.render()}`;
      case 'load-failed':
        return html`${this.#renderServiceError()}
          <button type="button" class="secondary" part="retry" @click=${() => void this.reload()}>${m.retry}</button>
          ${this.#renderHelp()} ${this.#announcer.render()}`;
      case 'verified':
        return html`<div class="panel" part="status" data-state="verified" role="status" tabindex="-1" aria-labelledby="status-title">
            <h2 id="status-title">${this.#agent ? m.verifiedTitleAgent : m.verifiedTitleSelf}</h2>
            <p>${this.#agent ? m.verifiedBodyAgent : m.verifiedBodySelf}</p>
          </div>
          ${this.#announcer.render()}`;
      case 'locked':
        return html`<div class="panel panel--locked" part="status" data-state="locked" role="status" tabindex="-1" aria-labelledby="status-title">
            <h2 id="status-title">${m.lockedTitle}</h2>
            <p>${this.#lockedText()}</p>
            ${this.#renderHelp()}
          </div>
          ${this.#announcer.render()}`;
      case 'ready':
        return this.#challenge ? this.#renderReady(this.#challenge) : html`${this.#announcer.render()}`;
    }
  }

  #lockedText(): string {
    const m = this.#i18n.messages;
    if (this.#lockedUntil === undefined) return this.#agent ? m.lockedAdminAgent : m.lockedAdminSelf;
    const until = new Date(this.#lockedUntil);
    const time = timeOfDay(until, this.#i18n.lang);
    return this.#agent ? m.lockedAgent(time) : m.lockedSelf(time);
  }

  #renderServiceError(): TemplateResult | typeof nothing {
    if (!this.#serviceError) return nothing;
    const m = this.#i18n.messages;
    return html`<div class="error-summary" part="error" tabindex="-1">
      <h2>${m.errorSummaryTitle}</h2>
      <div role="alert"><p>${this.#serviceError}</p></div>
    </div>`;
  }

  #renderHelp(): TemplateResult | typeof nothing {
    const m = this.#i18n.messages;
    const text = this.#agent ? m.helpAgent : m.helpSelf;
    return html`<p class="help" part="help">${this.helpHref ? html`<a href=${this.helpHref}>${text}</a>` : text}</p>`;
  }

  #renderReady(challenge: Challenge): TemplateResult {
    const m = this.#i18n.messages;
    const busy = this.#request.busy;
    const missing = this.#submitted ? this.#missing() : [];
    const summary: SummaryItem[] = missing.map((index) => ({
      text: m.errorMissing(challenge.positions[index]),
      target: `char-${index}`,
    }));
    const inputError = this.#inputError?.text ?? (missing.length > 0 ? m.errorMissingGroup : undefined);
    const invalid = (index: number) =>
      this.#inputError ? this.#inputError.index === index || this.#inputError.index === -1 : missing.includes(index);
    const remaining = challenge.attemptsRemaining;
    const type = this.#agent || this.#shown ? 'text' : 'password';
    const ids = challenge.positions.map((_, index) => `char-${index}`).join(' ');

    return html`
      ${renderErrorSummary(m.errorSummaryTitle, summary)} ${this.#renderServiceError()}
      ${this.#notice === 'failed' && remaining !== undefined
        ? html`<div class="notice notice--failed" part="status" data-state="failed">
            <p>${this.#agent ? m.failedAgent(remaining) : m.failedSelf(remaining)}</p>
          </div>`
        : nothing}
      ${this.#notice === 'expired'
        ? html`<div class="notice" part="status" data-state="expired"><p>${m.expired}</p></div>`
        : nothing}
      <fieldset part="fieldset" class=${inputError ? 'field--error' : ''} aria-describedby="hint${remaining !== undefined && this.#notice !== 'failed' ? ' attempts' : ''}">
        <legend>${this.#agent ? m.legendAgent : m.legendSelf}</legend>
        <p class="hint" id="hint">${this.#agent ? m.hintAgent : m.hintSelf}</p>
        ${remaining !== undefined && this.#notice !== 'failed'
          ? html`<p class="attempts" id="attempts">${this.#agent ? m.attemptsAgent(remaining) : m.attemptsSelf(remaining)}</p>`
          : nothing}
        ${inputError
          ? html`<p class="error-message" id="input-error" part="input-error">
              <span class="visually-hidden">${m.errorPrefix}</span> ${inputError}
            </p>`
          : nothing}
        <div class="boxes">
          ${challenge.positions.map(
            (position, index) => html`<div class="box">
              <label for="char-${index}">${m.charLabel(position)}</label>
              <input
                id="char-${index}"
                part="char-input"
                data-position=${position}
                type=${type}
                .value=${live(this.#answers[index] ?? '')}
                autocomplete="off"
                autocapitalize="none"
                autocorrect="off"
                spellcheck="false"
                inputmode="text"
                enterkeyhint=${index === challenge.positions.length - 1 ? 'done' : 'next'}
                data-1p-ignore
                data-lpignore="true"
                data-bwignore
                data-form-type="other"
                aria-invalid=${invalid(index) && inputError ? 'true' : 'false'}
                aria-describedby=${invalid(index) && inputError ? 'input-error' : nothing}
                ?readonly=${busy}
                @input=${(event: InputEvent) => this.#onBoxInput(index, event)}
                @compositionend=${(event: CompositionEvent) => this.#onBoxComposed(index, event)}
                @paste=${(event: ClipboardEvent) => this.#onBoxPaste(index, event)}
                @keydown=${(event: KeyboardEvent) => this.#onBoxKeyDown(index, event)}
                @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()}
              />
            </div>`,
          )}
        </div>
        ${this.#agent
          ? nothing
          : html`<button
              type="button"
              class="secondary toggle"
              part="toggle"
              aria-controls=${ids}
              aria-label=${this.#shown ? m.hideCharacters : m.showCharacters}
              @click=${this.#onToggle}
            >
              ${this.#shown ? m.hide : m.show}
            </button>`}
      </fieldset>
      ${this.#agent
        ? nothing
        : html`<div class="field full-secret ${this.#fullSecretError ? 'field--error' : ''}">
            <slot name="full-secret-label"></slot>
            <slot name="full-secret-hint"></slot>
            <slot name="full-secret-error"></slot>
            <slot name="full-secret-input"></slot>
          </div>`}
      ${this.endpoint
        ? html`<button type="button" part="submit" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.verify()}>
            ${busy ? m.verifying : m.verify}
          </button>`
        : nothing}
      ${this.#agent ? nothing : this.#renderHelp()} ${this.#announcer.render()}
    `;
  }
}

define('secret-challenge', SecretChallengeElement);

declare global {
  interface HTMLElementTagNameMap {
    'secret-challenge': SecretChallengeElement;
  }
  interface GlobalEventHandlersEventMap {
    'challenge-ready': ChallengeReadyEvent;
    'challenge-verified': ChallengeVerifiedEvent;
    'challenge-failed': ChallengeFailedEvent;
    'challenge-locked': ChallengeLockedEvent;
    'challenge-error': ChallengeErrorEvent;
  }
}
