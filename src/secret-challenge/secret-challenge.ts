import { type PropertyValues, type TemplateResult } from 'lit';
import { Announcer } from '../internal/announcer.js';
import { BaseElement } from '../internal/base.js';
import { define } from '../internal/define.js';
import { focusErrorSummary } from '../internal/error-summary.js';
import { Localizer } from '../internal/i18n.js';
import { CharBoxes } from './char-boxes.js';
import { parsePositions } from './challenge-model.js';
import type {
  ChallengeErrorEvent,
  ChallengeFailedEvent,
  ChallengeLockedEvent,
  ChallengeMode,
  ChallengeReadyEvent,
  ChallengeVerifiedEvent,
} from './events.js';
import { secretChallengeEnglish, type SecretChallengeMessages } from './messages.js';
import { PageBoxes } from './page-boxes.js';
import { secretChallengeStyles } from './secret-challenge.styles.js';
import { ChallengeSession } from './session.js';
import { renderChallenge } from './templates.js';
import { WholeSecret } from './whole-secret.js';

export type * from './events.js';

const positionsConverter = {
  // Kept as given, so that unusable positions are refused (challenge-error), never quietly replaced.
  fromAttribute: (value: string | null): number[] | undefined =>
    value === null || value.trim() === '' ? undefined : parsePositions(value),
  toAttribute: (value: number[] | undefined): string | undefined => value?.join(','),
};

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
    mode: { reflect: true, useDefault: true },
    positions: { converter: positionsConverter, reflect: true },
    challengeId: { attribute: 'challenge-id', reflect: true, useDefault: true },
    helpHref: { attribute: 'help-href', reflect: true, useDefault: true },
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

  readonly #session = new ChallengeSession(this, {
    fits: (challenge) => !this.#page.inputs || this.#page.inputs.length === challenge.positions.length,
    shown: (challenge) => {
      this.#boxes.reset(challenge.positions);
      this.#submitted = false;
      this.#whole.error = undefined;
      this.#shown = false;
    },
    clear: () => this.#clearAnswers(),
  });
  readonly #announcer = new Announcer(this);
  /** The page's own boxes ("HTML first"), when it gave them; otherwise the element renders its own. */
  readonly #page = new PageBoxes(this, {
    sendsItself: () => !!this.endpoint,
    submit: (event) => this.#onFormSubmit(event),
    reset: () => this.#clearAnswers(),
    toggle: () => this.#onToggle(),
  });
  readonly #i18n = new Localizer<SecretChallengeMessages>(this, secretChallengeEnglish, {
    cy: () => import('./messages.cy.js').then((m) => m.secretChallengeWelsh),
  });
  readonly #boxes: CharBoxes = new CharBoxes(this, {
    messages: () => this.#i18n.messages,
    announce: (text) => this.#announcer.announce(text),
    takeWhole: (chars) => this.#whole.take(chars),
    // The page's form without endpoint: Enter submits it, as in any form.
    submit: () => (this.#page.inputs && !this.endpoint ? false : void this.verify()),
    changed: () => this.#page.dismissServerErrors(),
  });
  readonly #whole: WholeSecret = new WholeSecret(this, {
    boxes: this.#boxes,
    messages: () => this.#i18n.messages,
    challenge: () => this.#session.challenge,
    announce: (text) => this.#announcer.announce(text),
    taken: () => {
      this.#submitted = false;
      this.requestUpdate();
    },
    verify: () => void this.verify(),
  });

  #shown = false;
  /** Verify was pressed with boxes left empty: show which, live, until the next answer. */
  #submitted = false;

  constructor() {
    super();
    this.mode = 'self';
    this.challengeId = '';
    this.helpHref = '';
  }

  /** The positions of the challenge on show (host-given or fetched), or an empty list. */
  get activePositions(): number[] {
    const challenge = this.#session.challenge;
    return challenge ? [...challenge.positions] : [];
  }

  get #agent(): boolean {
    return this.mode === 'agent';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page after a fetch was cut short by leaving it: start again.
    if (this.hasUpdated && this.#session.phase === 'idle') this.#session.setUp();
    // The whole-secret field left with the element; it comes back with it.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Nothing typed outlives the element's time on the page (the controllers clear theirs).
    this.#shown = false;
    if (this.#session.phase === 'loading') this.#session.phase = 'idle';
  }

  protected clearSecrets(): void {
    this.#boxes.clear();
    this.#whole.clear();
    this.#shown = false;
  }

  /** Fetches a new challenge from `endpoint` (or takes the host's `positions` again). */
  async reload(): Promise<void> {
    this.#session.setUp();
    await this.updateComplete;
  }

  /**
   * Checks the characters in the boxes, as the Verify button does. Resolves
   * when the attempt has finished. With a box empty, shows why and sends nothing.
   */
  async verify(): Promise<void> {
    const session = this.#session;
    if (session.busy || session.phase !== 'ready' || !this.endpoint) return;
    this.#shown = false;
    session.failure = undefined;
    session.notice = undefined;
    this.#boxes.clearRefusal();
    this.#whole.error = undefined;
    if (this.#boxes.missing().length > 0) {
      this.#submitted = true;
      this.requestUpdate();
      await focusErrorSummary(this);
      return;
    }
    const done = await session.answer([...this.#boxes.answers]);
    if (done === 'aborted') return;
    if (done === 'error') {
      await this.updateComplete;
      this.$('[part="error"]')?.focus();
      return;
    }
    await this.#focusOutcome();
  }

  /** Puts focus where the outcome of a check is: the status, or the first box to try again. */
  async #focusOutcome(): Promise<void> {
    await this.updateComplete;
    const m = this.#i18n.messages;
    const { phase, notice, challenge } = this.#session;
    if (phase === 'verified' || phase === 'locked') {
      this.$('[part="status"]')?.focus();
      return;
    }
    if (phase === 'ready') {
      this.#boxes.focus(0);
      if (notice === 'failed' && challenge?.attemptsRemaining !== undefined) {
        const n = challenge.attemptsRemaining;
        this.#announcer.announce(this.#agent ? m.failedAgent(n) : m.failedSelf(n));
      } else if (notice === 'expired') {
        this.#announcer.announce(m.expired);
      }
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Off the page the controller has let the inputs go: they are still the boxes if the element comes back.
    if (!this.isConnected) return;
    const newBoxes = this.#page.take();
    if (newBoxes) this.#boxes.use(this.#page.inputs);
    if (newBoxes || SUBJECT.some((name) => changed.has(name))) this.#session.setUp();
  }

  /**
   * The page's form is submitted: with `endpoint`, the JSON contract runs
   * instead; without it, the form posts the boxes itself, unless a box is
   * empty (the error summary says which). A GET form never gets this far
   * with a character typed (`FormGuard`).
   */
  #onFormSubmit(event: SubmitEvent): void {
    if (event.defaultPrevented || !this.#page.inputs) return;
    if (this.endpoint) {
      event.preventDefault();
      void this.verify();
      return;
    }
    if (this.#session.phase !== 'ready') return;
    this.#shown = false;
    this.#session.failure = undefined;
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

  /** The boxes' state and what the element adds beside the page's boxes. */
  #syncPage(): void {
    const { phase, challenge, notice } = this.#session;
    const ready = phase === 'ready';
    this.#page.sync({
      boxes: this.#boxes,
      messages: this.#i18n.messages,
      loaded: this.#i18n.ready,
      agent: this.#agent,
      challenge: ready ? challenge : undefined,
      failed: notice === 'failed',
      missing: ready && this.#submitted ? this.#boxes.missing() : [],
      shown: this.#shown,
      busy: this.#session.busy,
      positions: this.positions,
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const { phase, busy } = this.#session;
    this.#whole.sync(
      !this.#agent && phase === 'ready' && this.isConnected,
      // In a page's own form (already in its language), no English while the pack loads.
      !!this.#page.inputs && !this.#i18n.ready,
      busy,
      this.account,
    );
    this.#syncPage();
    this.setStates({
      loading: phase === 'loading',
      ready: phase === 'ready',
      verifying: phase === 'ready' && busy,
      verified: phase === 'verified',
      locked: phase === 'locked',
    });
  }

  #clearAnswers(): void {
    this.#boxes.clear();
    this.#submitted = false;
    this.#whole.error = undefined;
    this.#whole.clear();
    this.requestUpdate();
  }

  #onToggle(): void {
    this.#shown = !this.#shown;
    const m = this.#i18n.messages;
    this.#announcer.announce(this.#shown ? m.charactersShown : m.charactersHidden);
    this.requestUpdate();
  }

  override render(): TemplateResult {
    return renderChallenge({
      session: this.#session,
      host: this,
      messages: this.#i18n.messages,
      lang: this.#i18n.lang,
      agent: this.#agent,
      shown: this.#shown,
      helpHref: this.helpHref,
      missing: this.#submitted ? this.#boxes.missing() : [],
      given: this.#page.inputs,
      fullSecretError: this.#whole.error,
      verifyButton: !!this.endpoint && !this.#page.form,
      boxes: this.#boxes,
      announcer: this.#announcer.render(),
      verify: () => void this.verify(),
      reload: () => void this.reload(),
      toggle: () => this.#onToggle(),
    });
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
