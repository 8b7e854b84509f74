import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Announcer } from '../internal/announcer.js';
import { BaseElement, safeHref } from '../internal/base.js';
import { define } from '../internal/define.js';
import { focusErrorSummary, renderErrorSummary, renderServiceError } from '../internal/error-summary.js';
import { fire } from '../internal/events.js';
import { FormGuard } from '../internal/form-guard.js';
import { RequestController, RequestError, type ErrorDetail, type Outcome } from '../internal/http.js';
import { Localizer, timeOfDay } from '../internal/i18n.js';
import { LightControls, OWNED } from '../internal/light-controls.js';
import { errorMessage } from '../internal/messages.js';
import { CharBoxes } from './char-boxes.js';
import {
  askedOf,
  characters,
  fetchedOf,
  isPositionList,
  parsePositions,
  shortestWhole,
  verdictOf,
  type Challenge,
  type Fetched,
} from './challenge-model.js';
import { FullSecretField, type FullSecretOutcome } from './full-secret-field.js';
import { secretChallengeEnglish, type SecretChallengeMessages } from './messages.js';
import { secretChallengeLightStyles, secretChallengeStyles } from './secret-challenge.styles.js';

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
export interface ChallengeVerifiedDetail {
  /**
   * The server's single-use id for this check, when it gives one: the page
   * hands it to the action the check guards (a reset, an unlock), which
   * consumes it server-side. Not a proof on its own, and nothing of the secret.
   */
  verificationId?: string;
}
export type ChallengeVerifiedEvent = CustomEvent<ChallengeVerifiedDetail>;
export type ChallengeFailedEvent = CustomEvent<ChallengeFailedDetail>;
export type ChallengeLockedEvent = CustomEvent<ChallengeLockedDetail>;
export type ChallengeErrorEvent = CustomEvent<ErrorDetail>;

const positionsConverter = {
  // Kept as given, so that unusable positions are refused (challenge-error), never quietly replaced.
  fromAttribute: (value: string | null): number[] | undefined =>
    value === null || value.trim() === '' ? undefined : parsePositions(value),
  toAttribute: (value: number[] | undefined): string | undefined => value?.join(','),
};

type Phase = 'idle' | 'loading' | 'load-failed' | 'ready' | 'verified' | 'locked';

/** Nodes among the children that are the element's own, never the page's boxes. */
const NOT_PAGE = `[${OWNED}], [data-secret-challenge-owned]`;

/** The properties that say which challenge is on show: a change aborts the request in flight and starts again. */
const SUBJECT = ['endpoint', 'positions', 'challengeId', 'mode'] as const;

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
 * @fires {ChallengeVerifiedEvent} challenge-verified - The server accepted the characters (200): `{verificationId}` when the server gave one, for the guarded action to consume server-side.
 * @fires {ChallengeFailedEvent} challenge-failed - The characters are not right (422): `{attemptsRemaining}`; never which one.
 * @fires {ChallengeLockedEvent} challenge-locked - Too many failures (423, on answering or fetching): `{lockedUntil}`, or `{}` when only an admin can unlock.
 * @fires {ChallengeErrorEvent} challenge-error - A request failed: `{kind, status?}`.
 *
 * @slot - The page's own boxes ("HTML first"): one labelled `<input>` per position, in the order of `positions`, with any
 *   hidden fields the page's form needs. The element enhances them where they are (docs/elements/secret-challenge.md).
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
export class SecretChallengeElement extends BaseElement<SecretChallengeMessages> {
  static override styles = secretChallengeStyles;

  static override properties = {
    ...BaseElement.properties,
    mode: { reflect: true },
    positions: { converter: positionsConverter, reflect: true },
    challengeId: { attribute: 'challenge-id', reflect: true },
    helpHref: { attribute: 'help-href', reflect: true },
    account: { reflect: true },
  };

  /** `self` (default): the user checks their own secret. `agent`: a helpdesk agent types what a caller reads out. */
  declare mode: ChallengeMode;
  /** 1-based positions to ask for, set by the host (attribute `"2,5,8"`); without them the element fetches a challenge. At most 4, distinct, from 1 to 64. */
  declare positions: number[] | undefined;
  /** The id of the host-given challenge, sent back with the answers. */
  declare challengeId: string;
  /** Where a user who has forgotten the secret gets help (`http:`, `https:` or relative); without it the help is plain text. */
  declare helpHref: string;
  /**
   * The person's sign-in id (e.g. `mary.smith@nhs.net`), in self mode. With it, a hidden
   * `autocomplete="username"` field holding `<account> (account secret)` sits beside the
   * whole-secret field, so a password manager keys the account secret apart from the sign-in
   * password and does not offer that password here. Never sent, never submitted with a form.
   */
  declare account: string | undefined;

  readonly #request = new RequestController(this);
  readonly #announcer = new Announcer(this);
  /** The page's own boxes: every input among the children that is not hidden and not the element's own. */
  readonly #light: LightControls<{ inputs: readonly HTMLInputElement[] }> = new LightControls(this, (host) => {
    const found = [...host.querySelectorAll<HTMLInputElement>('input:not([type="hidden" i])')].filter(
      (input) => !input.closest(NOT_PAGE),
    );
    if (found.length === 0) return undefined;
    const last: readonly HTMLInputElement[] | undefined = this.#light?.controls?.inputs;
    // The same nodes: the same list, so nothing is taken as new.
    return last && last.length === found.length && last.every((input, i) => input === found[i])
      ? { inputs: last }
      : { inputs: found };
  });
  /** The page's boxes the element has taken (and the form they belong to). */
  #given?: readonly HTMLInputElement[];
  #form?: HTMLFormElement | null;
  /** No GET submission carries a character of the page's boxes (SPEC, hardening). */
  readonly #guard = new FormGuard(this, {
    tag: 'secret-challenge',
    entries: () =>
      (this.#given ?? [])
        .filter((input) => input.value !== '')
        .map((input): [string, string] => [input.name, input.value]),
    sendsItself: () => !!this.endpoint,
    submit: (event) => this.#onFormSubmit(event),
  });
  readonly #i18n = new Localizer<SecretChallengeMessages>(this, secretChallengeEnglish, {
    cy: () => import('./messages.cy.js').then((m) => m.secretChallengeWelsh),
  });
  readonly #boxes = new CharBoxes(this, {
    messages: () => this.#i18n.messages,
    announce: (text) => this.#announcer.announce(text),
    takeWhole: (chars) => this.#takeWhole(chars),
    // The page's form without endpoint: Enter submits it, as in any form.
    submit: () => (this.#given && !this.endpoint ? false : void this.verify()),
    changed: () => this.#dismissServerErrors(),
  });
  readonly #fullSecret = new FullSecretField(
    this,
    (value, final) => this.#onFullSecret(value, final),
    () => void this.verify(),
  );

  #phase: Phase = 'idle';
  #challenge?: Challenge;
  #shown = false;
  /** Verify was pressed with boxes left empty: show which, live, until the next answer. */
  #submitted = false;
  #notice?: 'failed' | 'expired';
  #lockedUntil?: string;
  #failure?: RequestError;
  #fullSecretError?: string;

  constructor() {
    super();
    this.mode = 'self';
    this.challengeId = '';
    this.helpHref = '';
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
    // Back on the page after a fetch was cut short by leaving it: start again.
    if (this.hasUpdated && this.#phase === 'idle') this.#setUp();
    // The whole-secret field left with the element; it comes back with it.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Nothing typed outlives the element's time on the page (the controllers clear theirs).
    this.#shown = false;
    if (this.#phase === 'loading') this.#phase = 'idle';
  }

  protected clearSecrets(): void {
    this.#boxes.clear();
    this.#fullSecret.clear();
    this.#shown = false;
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
    this.#failure = undefined;
    this.#notice = undefined;
    this.#boxes.clearRefusal();
    this.#fullSecretError = undefined;
    if (this.#boxes.missing().length > 0) {
      this.#submitted = true;
      this.requestUpdate();
      await focusErrorSummary(this);
      return;
    }
    const body = { challengeId: challenge.id, answers: [...this.#boxes.answers] };
    const outcome = await this.#request.run(async (request) =>
      verdictOf(await request({ method: 'POST', url: this.endpoint, body })),
    );
    // Superseded by a change of subject (or the element left): this answer belongs to nobody on show.
    if (outcome.status === 'aborted') return;
    if (outcome.status === 'error') {
      this.#fail(outcome.error);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="error"]')?.focus();
      return;
    }
    const verdict = outcome.value;
    this.#clearAnswers();
    switch (verdict.kind) {
      case 'verified':
        this.#phase = 'verified';
        fire<ChallengeVerifiedDetail>(
          this,
          'challenge-verified',
          verdict.verificationId ? { verificationId: verdict.verificationId } : {},
        );
        break;
      case 'failed':
        challenge.attemptsRemaining = verdict.attemptsRemaining;
        this.#notice = 'failed';
        fire<ChallengeFailedDetail>(this, 'challenge-failed', { attemptsRemaining: verdict.attemptsRemaining });
        break;
      case 'locked':
        this.#lock(verdict.lockedUntil);
        break;
      case 'expired':
        // The challenge ran out: the boxes belong to it, so they go too.
        await this.#load('expired');
        break;
    }
    this.requestUpdate();
    await this.#focusOutcome();
  }

  /** `lockedUntil` null: a lock only an admin can lift. */
  #lock(lockedUntil: string | null): void {
    this.#clearAnswers();
    this.#lockedUntil = lockedUntil ?? undefined;
    this.#phase = 'locked';
    this.requestUpdate();
    fire<ChallengeLockedDetail>(this, 'challenge-locked', lockedUntil === null ? {} : { lockedUntil });
  }

  #show(challenge: Challenge): void {
    if (this.#given && this.#given.length !== challenge.positions.length) {
      // The page's boxes do not fit the challenge: refused, never guessed at.
      this.#phase = 'idle';
      this.#fail(new RequestError('bad-response'));
      return;
    }
    this.#challenge = challenge;
    this.#boxes.reset(challenge.positions);
    this.#phase = 'ready';
    this.#submitted = false;
    this.#notice = undefined;
    this.#failure = undefined;
    this.#fullSecretError = undefined;
    this.#shown = false;
    this.requestUpdate();
    const positions = [...challenge.positions];
    // After the render, so a listener can already move focus into the boxes.
    void this.updateComplete.then(() => {
      if (this.#challenge === challenge) fire<ChallengeReadyDetail>(this, 'challenge-ready', { positions });
    });
  }

  #fail(failure: RequestError): void {
    this.#failure = failure;
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
      this.#boxes.focus(0);
      if (this.#notice === 'failed' && this.#challenge?.attemptsRemaining !== undefined) {
        const n = this.#challenge.attemptsRemaining;
        this.#announcer.announce(this.#agent ? m.failedAgent(n) : m.failedSelf(n));
      } else if (this.#notice === 'expired') {
        this.#announcer.announce(m.expired);
      }
    }
  }

  /** A new subject: whatever was in flight is aborted, and the challenge is taken again. */
  #setUp(): void {
    this.#request.abort();
    this.#clearAnswers();
    this.#lockedUntil = undefined;
    this.#challenge = undefined;
    this.#failure = undefined;
    if (this.positions !== undefined) {
      if (isPositionList(this.positions)) {
        this.#show({ id: this.challengeId, positions: [...this.positions] });
      } else {
        // Too many, duplicate, or out of range: refused, never trimmed, and nothing is fetched instead.
        this.#phase = 'idle';
        this.#fail(new RequestError('bad-response'));
      }
      return;
    }
    if (!this.endpoint) {
      this.#phase = 'idle';
      this.requestUpdate();
      return;
    }
    void this.#load();
  }

  async #load(notice?: 'expired'): Promise<void> {
    this.#challenge = undefined;
    this.#phase = 'loading';
    this.requestUpdate();
    const url = this.endpoint;
    const outcome: Outcome<Fetched> = await this.#request.restart(async (request) =>
      fetchedOf(await request({ method: 'GET', url })),
    );
    if (outcome.status === 'aborted') return;
    if (outcome.status === 'error') {
      this.#fail(outcome.error);
      return;
    }
    if (outcome.value.kind === 'locked') {
      this.#lock(outcome.value.lockedUntil);
      return;
    }
    this.#show(outcome.value.challenge);
    this.#notice = notice;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Off the page the controller has let the inputs go: they are still the boxes if the element comes back.
    if (!this.isConnected) return;
    const newBoxes = this.#take(this.#light.controls?.inputs);
    if (newBoxes || SUBJECT.some((name) => changed.has(name))) this.#setUp();
  }

  /**
   * Takes the page's inputs as the boxes, and watches their form. Returns
   * whether they are other nodes than before (the same nodes back after a
   * move are the same boxes).
   */
  #take(inputs: readonly HTMLInputElement[] | undefined): boolean {
    const given = this.#given;
    const same =
      given === inputs ||
      (!!given && !!inputs && given.length === inputs.length && given.every((input, i) => input === inputs[i]));
    if (!same) {
      this.#given = inputs;
      this.#boxes.use(inputs);
    }
    const form = inputs?.[0].form ?? null;
    if (form === this.#form) return !same;
    this.#form?.removeEventListener('reset', this.#onReset);
    form?.addEventListener('reset', this.#onReset);
    this.#guard.attach(form);
    this.#form = form;
    if (inputs) this.#light.adopt(secretChallengeLightStyles);
    return !same;
  }

  readonly #onReset = () => this.#clearAnswers();

  /**
   * The page's form is submitted: with `endpoint`, the JSON contract runs
   * instead; without it, the form posts the boxes itself, unless a box is
   * empty (the error summary says which). A GET form never gets this far
   * with a character typed (`FormGuard`).
   */
  #onFormSubmit(event: SubmitEvent): void {
    if (event.defaultPrevented || !this.#given) return;
    if (this.endpoint) {
      event.preventDefault();
      void this.verify();
      return;
    }
    if (this.#phase !== 'ready') return;
    this.#shown = false;
    this.#failure = undefined;
    this.#boxes.clearRefusal();
    if (this.#boxes.missing().length > 0) {
      event.preventDefault();
      this.#submitted = true;
      this.requestUpdate();
      void focusErrorSummary(this);
      return;
    }
    this.requestUpdate();
  }

  /** The page's own error messages for the boxes go once the user changes an answer. */
  #dismissServerErrors(): void {
    for (const input of this.#given ?? []) this.#light.dismiss(input);
    const group = this.#group;
    if (group) this.#light.dismiss(group);
  }

  /** What holds the page's boxes: their closest common ancestor inside the element (the page's fieldset). */
  get #group(): HTMLElement | undefined {
    const [first, ...rest] = this.#given ?? [];
    let group = first?.parentElement;
    while (group && group !== this && !rest.every((input) => group!.contains(input))) group = group.parentElement;
    return group ?? undefined;
  }

  /** The child of the group that holds box `index` (its wrapper with the label, or the box itself). */
  #itemOf(group: HTMLElement, input: HTMLInputElement): Element {
    let item: Element = input;
    while (item.parentElement && item.parentElement !== group) item = item.parentElement;
    return item;
  }

  /**
   * What the element adds beside the page's boxes, in light DOM so the
   * boxes' and the group's `aria-describedby` reach it: the attempts left,
   * the message of a refused or missing character, the show/hide button.
   */
  #syncGiven(): void {
    const inputs = this.#given;
    const group = this.#group;
    const challenge = this.#challenge;
    // Off the page nothing is added to the page's markup (the controller has just taken it all away).
    if (!inputs || !group || !this.isConnected) return;
    const m = this.#i18n.messages;
    const agent = this.#agent;
    const ready = this.#phase === 'ready' && !!challenge;
    this.#boxes.sync(agent || this.#shown ? 'text' : 'password', this.#request.busy);
    // A Welsh page shows no English while the Welsh strings load: the additions wait for them.
    if (!this.#i18n.ready) return;
    const first = this.#itemOf(group, inputs[0]);
    const last = this.#itemOf(group, inputs[inputs.length - 1]);

    const remaining = challenge?.attemptsRemaining;
    const groupIds: string[] = [];
    if (ready && remaining !== undefined && this.#notice !== 'failed') {
      const attempts = this.#light.add(
        'attempts',
        () => Object.assign(document.createElement('p'), { className: 'ase-attempts' }),
        (node: HTMLElement) => first.before(node),
      );
      attempts.textContent = agent ? m.attemptsAgent(remaining) : m.attemptsSelf(remaining);
      groupIds.push(this.#light.id(attempts, 'secret-challenge-attempts'));
    } else {
      this.#light.remove('attempts');
    }
    if (group !== (this as HTMLElement)) this.#light.describe(group, groupIds);

    const missing = this.#submitted ? this.#boxes.missing() : [];
    const text = ready ? this.#boxes.errorText(missing) : undefined;
    let errorId = '';
    if (text) {
      const error = this.#light.add(
        'error',
        () => Object.assign(document.createElement('p'), { className: 'nhsuk-error-message ase-error-message' }),
        (node: HTMLElement) => first.before(node),
      );
      error.replaceChildren(
        Object.assign(document.createElement('span'), {
          className: 'ase-visually-hidden',
          textContent: `${m.errorPrefix} `,
        }),
        text,
      );
      errorId = this.#light.id(error, 'secret-challenge-error');
      this.#dismissServerErrors();
    } else {
      this.#light.remove('error');
    }
    const given = this.positions;
    const relabel =
      ready && !(given?.length === challenge.positions.length && given.every((p, i) => p === challenge.positions[i]));
    inputs.forEach((input, index) => {
      // Positions the page could not know (fetched, or new after a 410): each label names its own.
      const label = input.labels?.[0];
      const name = relabel && challenge ? m.charLabel(challenge.positions[index]) : undefined;
      if (label && name && label.textContent !== name) label.textContent = name;
      const invalid = !!text && this.#boxes.isInvalid(index, missing);
      this.#light.describe(input, invalid ? [errorId] : [], invalid);
      this.#light.id(input, 'secret-challenge-char');
    });

    if (ready && !agent) {
      const toggle = this.#light.add(
        'toggle',
        () => {
          const button = Object.assign(document.createElement('button'), {
            type: 'button',
            className: 'ase-toggle nhsuk-button nhsuk-button--secondary',
          });
          button.addEventListener('click', () => this.#onToggle());
          return button;
        },
        (node: HTMLElement) => last.after(node),
      );
      toggle.textContent = this.#shown ? m.hide : m.show;
      toggle.setAttribute('aria-label', this.#shown ? m.hideCharacters : m.showCharacters);
      toggle.setAttribute('aria-controls', inputs.map((input) => input.id).join(' '));
    } else {
      this.#light.remove('toggle');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#syncFullSecret();
    this.#syncGiven();
    const busy = this.#request.busy;
    this.setStates({
      loading: this.#phase === 'loading',
      ready: this.#phase === 'ready',
      verifying: this.#phase === 'ready' && busy,
      verified: this.#phase === 'verified',
      locked: this.#phase === 'locked',
    });
  }

  #syncFullSecret(): void {
    if (this.#agent || this.#phase !== 'ready' || !this.isConnected) {
      this.#fullSecret.detach();
      this.#fullSecretError = undefined;
      return;
    }
    // In a page's own form (already in its language), no English while the pack loads.
    if (this.#given && !this.#i18n.ready) return;
    const m = this.#i18n.messages;
    this.#fullSecret.attach(
      { label: m.fullSecretLabel, hint: m.fullSecretHint, errorPrefix: m.errorPrefix, error: this.#fullSecretError },
      this.#request.busy,
      this.account,
    );
  }

  #clearAnswers(): void {
    this.#boxes.clear();
    this.#submitted = false;
    this.#fullSecretError = undefined;
    this.#fullSecret.clear();
    this.requestUpdate();
  }

  /**
   * Keeps only the asked characters of a whole secret, which goes no further
   * than this function's argument. Returns why it was refused, if it was.
   */
  #takeWhole(chars: string[]): string | undefined {
    const challenge = this.#challenge;
    const m = this.#i18n.messages;
    if (!challenge) return m.errorBadResponse;
    const asked = askedOf(chars, challenge.positions);
    if (asked === 'not-letters') return m.errorFullSecretLetters;
    if (asked === 'too-short') return m.errorFullSecretShort(shortestWhole(challenge.positions));
    this.#boxes.fill(asked);
    this.#fullSecretError = undefined;
    this.#submitted = false;
    this.requestUpdate();
    const ordinals = m.list(challenge.positions.map((p) => m.ordinal(p)));
    this.#announcer.announce(m.fullSecretTaken(ordinals, m.verify));
    return undefined;
  }

  #onFullSecret(value: string, final: boolean): FullSecretOutcome {
    if (!final) return 'wait';
    const chars = characters(value.trim());
    if (chars.length === 0) return 'refused';
    const refusal = this.#takeWhole(chars);
    if (!refusal) return 'taken';
    this.#fullSecretError = refusal;
    this.#announcer.announce(refusal);
    this.requestUpdate();
    return 'refused';
  }

  #onToggle(): void {
    this.#shown = !this.#shown;
    const m = this.#i18n.messages;
    this.#announcer.announce(this.#shown ? m.charactersShown : m.charactersHidden);
    this.requestUpdate();
  }

  // ---- Rendering ------------------------------------------------------------

  override render(): TemplateResult {
    const m = this.#i18n.messages;
    const announcer = this.#announcer.render();
    switch (this.#phase) {
      case 'idle':
        // Nothing asked yet (no positions, no endpoint): the page's form stays as the page wrote it.
        return html`${this.#renderServiceError()} ${this.#given && !this.#failure ? html`<slot></slot>` : nothing} ${announcer}`;
      case 'loading':
        return html`<p class="hint loading">${m.loading}</p>
          ${announcer}`;
      case 'load-failed':
        return html`${this.#renderServiceError()}
          <button type="button" class="secondary" part="retry" @click=${() => void this.reload()}>${m.retry}</button>
          ${this.#renderHelp()} ${announcer}`;
      case 'verified':
        return html`<div class="panel" part="status" data-state="verified" role="status" tabindex="-1" aria-labelledby="status-title">
            <h2 id="status-title">${this.#agent ? m.verifiedTitleAgent : m.verifiedTitleSelf}</h2>
            <p>${this.#agent ? m.verifiedBodyAgent : m.verifiedBodySelf}</p>
          </div>
          ${announcer}`;
      case 'locked': {
        return html`<div class="panel panel--locked" part="status" data-state="locked" role="status" tabindex="-1" aria-labelledby="status-title">
            <h2 id="status-title">${m.lockedTitle}</h2>
            <p>${this.#lockedText()}</p>
            ${this.#renderHelp()}
          </div>
          ${announcer}`;
      }
      case 'ready':
        return this.#challenge ? this.#renderReady(this.#challenge) : html`${announcer}`;
    }
  }

  #lockedText(): string {
    const m = this.#i18n.messages;
    if (this.#lockedUntil === undefined) return this.#agent ? m.lockedAdminAgent : m.lockedAdminSelf;
    const time = timeOfDay(new Date(this.#lockedUntil), this.#i18n.lang);
    return this.#agent ? m.lockedAgent(time) : m.lockedSelf(time);
  }

  #renderServiceError(): TemplateResult | typeof nothing {
    const m = this.#i18n.messages;
    return this.#failure ? renderServiceError(m.errorSummaryTitle, errorMessage(m, this.#failure)) : nothing;
  }

  #renderHelp(): TemplateResult {
    const m = this.#i18n.messages;
    const text = this.#agent ? m.helpAgent : m.helpSelf;
    const href = safeHref(this.helpHref);
    return html`<p class="help" part="help">${href ? html`<a href=${href}>${text}</a>` : text}</p>`;
  }

  #renderReady(challenge: Challenge): TemplateResult {
    const m = this.#i18n.messages;
    const agent = this.#agent;
    const busy = this.#request.busy;
    const missing = this.#submitted ? this.#boxes.missing() : [];
    const summary = missing.map((index) => ({
      text: m.errorMissing(challenge.positions[index]),
      target: `char-${index}`,
    }));
    const remaining = challenge.attemptsRemaining;
    const failed = this.#notice === 'failed' && remaining !== undefined;
    const attempts = remaining !== undefined && this.#notice !== 'failed';
    const ids = challenge.positions.map((_, index) => `char-${index}`).join(' ');
    const given = this.#given;
    if (given) {
      // The targets are the page's boxes, in the host's tree (the summary's links reach it).
      for (const item of summary) item.target = given[Number(item.target.slice('char-'.length))].id;
    }

    return html`
      ${renderErrorSummary(m.errorSummaryTitle, summary, this)} ${this.#renderServiceError()}
      ${
        failed
          ? html`<div class="notice notice--failed" part="status" data-state="failed">
            <p>${agent ? m.failedAgent(remaining) : m.failedSelf(remaining)}</p>
          </div>`
          : nothing
      }
      ${
        this.#notice === 'expired'
          ? html`<div class="notice" part="status" data-state="expired"><p>${m.expired}</p></div>`
          : nothing
      }
      ${
        given
          ? html`<slot></slot>`
          : html`<fieldset part="fieldset" class=${this.#boxes.hasError(missing) ? 'field--error' : ''} aria-describedby="hint${attempts ? ' attempts' : ''}">
        <legend>${agent ? m.legendAgent : m.legendSelf}</legend>
        <p class="hint" id="hint">${agent ? m.hintAgent : m.hintSelf}</p>
        ${
          attempts
            ? html`<p class="attempts" id="attempts">${agent ? m.attemptsAgent(remaining) : m.attemptsSelf(remaining)}</p>`
            : nothing
        }
        ${this.#boxes.render(agent || this.#shown ? 'text' : 'password', busy, missing)}
        ${
          agent
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
            </button>`
        }
      </fieldset>`
      }
      ${
        agent
          ? nothing
          : html`<div class="field full-secret ${this.#fullSecretError ? 'field--error' : ''}">
            <slot name="full-secret-label"></slot>
            <slot name="full-secret-hint"></slot>
            <slot name="full-secret-error"></slot>
            <slot name="full-secret-input"></slot>
          </div>`
      }
      ${
        this.endpoint && !this.#form
          ? html`<button type="button" part="submit" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.verify()}>
            ${busy ? m.verifying : m.verify}
          </button>`
          : nothing
      }
      ${agent ? nothing : this.#renderHelp()} ${this.#announcer.render()}
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
