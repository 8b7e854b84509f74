import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Announcer } from '../internal/announcer.js';
import { define } from '../internal/define.js';
import { focusErrorSummary, renderErrorSummary } from '../internal/error-summary.js';
import { fire } from '../internal/events.js';
import { FormAssociatedElement } from '../internal/form-associated.js';
import {
  RequestController,
  RequestError,
  isRecord,
  unexpected,
  type ErrorDetail,
  badResponse,
} from '../internal/http.js';
import { Localizer } from '../internal/i18n.js';
import { errorMessage } from '../internal/messages.js';
import { aupConsentStyles } from './aup-consent.styles.js';
import { EndWatcher } from './end-watcher.js';
import { PolicySource } from './policy-source.js';
import type { AupAcceptedDetail, AupAcceptedEvent, AupDeclinedEvent, AupErrorEvent, AupReadEvent } from './events.js';
import { aupConsentEnglish, type AupConsentMessages } from './messages.js';
import { PageButton } from './page-button.js';
import { formatTime, renderActions, renderConfirmation, renderFetched, type ConsentView } from './templates.js';

export type * from './events.js';

/**
 * Shows the Acceptable Use Policy in a scrolling region and lets the person
 * accept it once they have scrolled to its end. With `endpoint`, the
 * acceptance is recorded by the server; without it, the element is a form
 * control whose value is the accepted version.
 *
 * @tagname aup-consent
 * @summary Read the Acceptable Use Policy to its end, then accept it.
 *
 * @slot - The policy, as light-DOM content (used when `src` is not set). The element assigns its children to its slots itself
 *   (`slotAssignment: 'manual'`): every child but the page's accept button goes to the policy.
 * @slot accept - The page's own `<button type="submit">` (its last direct-child one), shown after the policy region, outside it;
 *   when present the element renders no Accept or Decline of its own (light-DOM mode, docs/elements/aup-consent.md).
 *
 * @fires {AupReadEvent} aup-read - The end of the policy has been in view (once per policy).
 * @fires {AupAcceptedEvent} aup-accepted - The policy was accepted: `{version, acceptedAt}`.
 * @fires {AupDeclinedEvent} aup-declined - The user pressed Decline (or, without `endpoint`, withdrew an acceptance).
 * @fires {AupErrorEvent} aup-error - Recording the acceptance, or loading the policy from `src`, failed: `{kind, status?}`.
 *
 * @csspart policy - The scrolling region holding the policy (focusable, keyboard scrollable).
 * @csspart hint - Why Accept is not available yet; then, that the end has been reached.
 * @csspart accept - The Accept button (`aria-disabled` until the end has been in view).
 * @csspart decline - The Decline button; without `endpoint`, after accepting, the button that withdraws the acceptance.
 * @csspart confirmation - The notice shown after accepting, with the time of acceptance.
 * @csspart earlier - The notice of an earlier acceptance (`accepted-at`).
 * @csspart error-summary - The error summary shown after a failed acceptance.
 *
 * @cssprop --ase-policy-max-height - Height of the policy region before it scrolls (24rem).
 * @cssprop --ase-color-policy-border - Border of the policy region (#aeb7bd).
 * @cssprop --ase-color-background - Background of the region and notices (#ffffff).
 * @cssprop --ase-color-text - Text colour (NHS.UK #212b32; dark defaults in docs/theming.md).
 * @cssprop --ase-color-secondary-text - Hint text colour (#4c6272).
 * @cssprop --ase-color-error - Error colour (#d5281b).
 * @cssprop --ase-color-success - Confirmation border (#007f3b).
 * @cssprop --ase-color-focus - Focus highlight (#ffeb3b).
 * @cssprop --ase-color-focus-text - Text and ring on focus (#212b32).
 * @cssprop --ase-color-link - Link colour (#005eb8).
 * @cssprop --ase-color-button - Primary button (#007f3b).
 * @cssprop --ase-color-button-shadow - Primary button shadow (#00401e).
 * @cssprop --ase-color-secondary-button-text - Decline button (#005eb8).
 * @cssprop --ase-color-callout - Earlier-acceptance callout bar (#005eb8).
 * @cssprop --ase-color-link-hover - Link colour on hover (#7c2855).
 * @cssprop --ase-color-button-hover - Primary button on hover (#00662f).
 * @cssprop --ase-color-button-text - Primary button text (#ffffff).
 * @cssprop --ase-color-secondary-button-hover - Secondary button on hover.
 * @cssprop --ase-color-input-background - Input background (#ffffff).
 * @cssprop --ase-color-input-border - Input border (#4c6272).
 * @cssprop --ase-color-callout-background - Callout background (#f0f4f5).
 * @cssprop --ase-font-family - Font stack (Frutiger W01, Arial, sans-serif).
 * @cssprop --ase-font-size - Base font size (1.1875rem).
 * @cssprop --ase-space-m - Medium spacing (1rem); also -xs, -s, -l.
 *
 * @cssstate read - The end of the policy has been in view.
 * @cssstate accepting - The acceptance is being recorded.
 * @cssstate accepted - The policy has been accepted.
 */
export class AupConsentElement extends FormAssociatedElement<AupConsentMessages> {
  static override styles = aupConsentStyles;
  /**
   * Manual slot assignment: the page's accept button goes to a slot after the
   * scrolling region without the element writing a `slot` attribute on a node
   * it does not own (a framework's hydration would see the change).
   */
  static override shadowRootOptions: ShadowRootInit = {
    ...FormAssociatedElement.shadowRootOptions,
    slotAssignment: 'manual',
  };

  static override properties = {
    ...FormAssociatedElement.properties,
    version: { reflect: true, useDefault: true },
    src: { reflect: true, useDefault: true },
    acceptedAt: { attribute: 'accepted-at', reflect: true, useDefault: true },
  };

  /** The version id of the policy shown; sent on acceptance, and the form value once accepted. */
  declare version: string;
  /** URL of the policy as an HTML document, fetched and sanitised; replaces the slotted content. */
  declare src: string;
  /** ISO time of an earlier acceptance: shown, and the user is asked to accept again. */
  declare acceptedAt: string;
  readonly #request = new RequestController(this);
  readonly #policy = new PolicySource(this, () => this.#end.observe());
  readonly #announcer = new Announcer(this);
  readonly #i18n = new Localizer<AupConsentMessages>(this, aupConsentEnglish, {
    cy: () => import('./messages.cy.js').then((m) => m.aupConsentWelsh),
  });

  /** The end of the policy has been in view. */
  #read = false;
  #acceptance?: AupAcceptedDetail;
  #serviceFailure?: RequestError;
  /** Accept was pressed before the end: the hint is emphasised. */
  #nudged = false;
  /** A surrounding form refused to submit without the acceptance. */
  #invalidShown = false;

  #slotFilled = false;

  /** Reassigns the children to the slots when the page (or a framework) changes them. */
  #children?: MutationObserver;
  /** The page's own accept button, when it gave one (light-DOM mode). */
  readonly #page = new PageButton(this, {
    read: () => this.#read,
    held: () => !this.#read || this.#request.busy || !!this.endpoint,
    accept: () => void this.accept(),
    explain: () => this.#explain(),
    accepted: () =>
      fire<AupAcceptedDetail>(this, 'aup-accepted', { version: this.version, acceptedAt: new Date().toISOString() }),
  });
  readonly #end: EndWatcher = new EndWatcher({
    region: () => this.#region,
    end: () => this.$('#end'),
    ready: () => (this.src ? this.#policy.state === 'loaded' : this.#slotFilled),
    read: () => this.#read,
    reached: (announce) => this.#markRead(announce),
  });

  constructor() {
    super();
    this.version = '';
    this.src = '';
    this.acceptedAt = '';
    this.addEventListener('invalid', () => {
      this.#invalidShown = true;
      this.requestUpdate();
    });
  }

  /** The end of the policy has been in view, so Accept is available. */
  get read(): boolean {
    return this.#read;
  }

  /** The form value: the accepted version (`on` without a version), or `''` before acceptance. */
  get value(): string {
    return this.#acceptance ? this.version || 'on' : '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#children = new MutationObserver(() => this.#page.assign(this.renderRoot));
    this.#children.observe(this, { childList: true });
    if (!this.hasUpdated) return;
    this.#page.assign(this.renderRoot);
    // Back on the page after a move: watch again, and finish a load the move cut short.
    this.#end.observe();
    if (this.src && this.#policy.state === 'idle') void this.#loadSrc();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#end.stop();
    this.#children?.disconnect();
    this.#page.wire(true);
    // The policy controller aborted its load: finish it when the element comes back.
    if (this.#policy.state === 'loading') this.#policy.state = 'idle';
  }

  /** Nothing here holds a secret. */
  protected clearSecrets(): void {}

  override formResetCallback(): void {
    // Reset withdraws the acceptance; what the user has read stays read.
    this.#acceptance = undefined;
    this.#invalidShown = false;
    this.#serviceFailure = undefined;
    this.requestUpdate();
  }

  /**
   * Accepts the policy, as the Accept button does; resolves when done.
   * Before the end has been in view it only explains why not, and moves
   * focus to the policy.
   */
  async accept(): Promise<void> {
    if (this.isDisabled || this.#request.busy || this.#acceptance) return;
    if (!this.#read) {
      this.#explain();
      return;
    }
    this.#serviceFailure = undefined;
    this.#invalidShown = false;
    const version = this.version;
    const button = this.#page.button;
    if (button && !this.endpoint) {
      // The page's button posts the page's form: the acceptance is the page's to record.
      button.form?.requestSubmit(button);
      return;
    }
    if (!this.endpoint) {
      await this.#complete({ version, acceptedAt: new Date().toISOString() });
      return;
    }
    const outcome = await this.#request.run(async (request) => {
      const response = await request({ method: 'POST', url: this.endpoint, body: { version } });
      if (response.status < 200 || response.status >= 300) throw unexpected(response);
      const answer = acceptanceOf(response.body, version);
      if (!answer) throw badResponse(response.status);
      return answer;
    });
    if (outcome.status === 'error') {
      this.#serviceFailure = outcome.error;
      this.requestUpdate();
      fire<ErrorDetail>(this, 'aup-error', outcome.error.detail);
      await focusErrorSummary(this);
      return;
    }
    // Aborted: the element left the page mid-request.
    if (outcome.status === 'ok') await this.#complete(outcome.value);
  }

  async #complete(acceptance: AupAcceptedDetail): Promise<void> {
    this.#acceptance = acceptance;
    // Current when the event reaches the host, like a native control's value.
    this.#syncForm();
    this.requestUpdate();
    fire<AupAcceptedDetail>(this, 'aup-accepted', { ...acceptance });
    await this.updateComplete;
    this.$('#confirmation')?.focus();
  }

  #explain(): void {
    this.#nudged = true;
    this.requestUpdate();
    this.#announcer.announce(this.#i18n.messages.mustReadFirst);
    this.#region?.focus();
  }

  async #decline(): Promise<void> {
    if (this.isDisabled || this.#request.busy) return;
    const withdrawn = !!this.#acceptance;
    // Only a form control's acceptance can be taken back: a recorded one stands.
    if (withdrawn) {
      this.#acceptance = undefined;
      this.#syncForm();
      this.requestUpdate();
    }
    fire(this, 'aup-declined', {});
    if (withdrawn) {
      await this.updateComplete;
      this.$('#accept')?.focus();
    }
  }

  get #region(): HTMLElement | null {
    return this.$('#policy');
  }

  protected override firstUpdated(): void {
    this.#page.assign(this.renderRoot);
    const slot = this.$<HTMLSlotElement>('slot:not([name])');
    if (slot) this.#slotFilled = hasContent(slot);
    this.#end.observe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#page.wire();
    if (changed.has('src') && (changed.get('src') !== undefined || this.src)) void this.#loadSrc();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#page.assign(this.renderRoot);
    const m = this.#i18n.messages;
    this.#page.sync({
      hint: this.#read ? m.hintRead : m.hintUnread,
      loaded: this.#i18n.ready,
      nudged: this.#nudged,
      unavailable: !this.#read || this.#request.busy,
      read: this.#read,
    });
    this.#syncForm();
    this.setStates({ read: this.#read, accepting: this.#request.busy, accepted: !!this.#acceptance });
    // Links added by the sanitiser say in the current language that they open a new tab.
    for (const note of this.#policy.content?.querySelectorAll('[data-new-tab]') ?? []) {
      note.textContent = m.opensInNewTab;
    }
  }

  #markRead(announce: boolean): void {
    if (this.#read) return;
    this.#read = true;
    this.#nudged = false;
    this.#end.stop();
    this.requestUpdate();
    fire(this, 'aup-read', {});
    // A policy that fitted at once changed nothing the user was waiting for.
    if (announce) this.#announcer.announce(this.#i18n.messages.readAnnouncement);
  }

  #onSlotChange(event: Event): void {
    const filled = hasContent(event.target as HTMLSlotElement);
    if (filled === this.#slotFilled) return;
    this.#slotFilled = filled;
    this.#end.observe();
  }

  #loadSrc(): Promise<void> {
    // A different policy: what was read of the last one does not count.
    this.#read = false;
    return this.#policy.load();
  }

  #syncForm(): void {
    if (this.#page.button) {
      // The page's button carries the acceptance (name="version" value=...): the element adds nothing to the form.
      this.internals.setFormValue(null);
      this.internals.setValidity({});
      return;
    }
    // Session history restore is not offered (no formStateRestoreCallback):
    // consent is given on the page, never brought back by the Back button.
    this.internals.setFormValue(this.#acceptance ? this.value : null);
    if (this.required && !this.#acceptance) {
      const anchor = this.$('#accept') ?? undefined;
      this.internals.setValidity({ valueMissing: true }, this.#i18n.messages.errorRequired, anchor);
    } else {
      this.internals.setValidity({});
    }
  }

  override render(): TemplateResult {
    const m = this.#i18n.messages;
    const failure = this.#serviceFailure;
    const acceptance = this.#acceptance;
    const lang = this.#i18n.lang;
    const earlier = this.acceptedAt && !acceptance ? formatTime(this.acceptedAt, lang) : undefined;
    const view: ConsentView = {
      messages: m,
      lang,
      read: this.#read,
      nudged: this.#nudged,
      busy: this.#request.busy,
      disabled: this.isDisabled,
      showRequired: this.#invalidShown && this.required,
      recorded: !!this.endpoint,
      accept: () => void this.accept(),
      decline: () => void this.#decline(),
    };
    return html`
      ${renderErrorSummary(m.errorSummaryTitle, failure ? [{ text: errorMessage(m, failure) }] : [], this)}
      ${
        earlier
          ? html`<div class="callout" part="earlier">
            <p>${m.earlierAcceptance(earlier)}</p>
          </div>`
          : nothing
      }
      <div
        id="policy"
        part="policy"
        class="policy"
        role="region"
        tabindex="0"
        aria-label=${m.policyLabel}
        aria-busy=${this.#policy.state === 'loading' ? 'true' : 'false'}
        @scroll=${this.#end.measure}
      >
        ${
          this.src
            ? renderFetched(m, this.#policy.content, this.#policy.failure, () => void this.#loadSrc())
            : html`<slot @slotchange=${this.#onSlotChange}></slot>`
        }
        <div class="end" id="end" aria-hidden="true"></div>
      </div>
      ${
        acceptance
          ? renderConfirmation(view, acceptance)
          : this.#page.button
            ? html`<slot name="hint"></slot>
              <div class="actions"><slot name="accept"></slot></div>`
            : renderActions(view)
      }
      ${this.#announcer.render()}
    `;
  }
}

/** A slot shows something to read: an element, or text that is not blank. */
function hasContent(slot: HTMLSlotElement): boolean {
  return slot
    .assignedNodes({ flatten: true })
    .some((node) => node.nodeType === Node.ELEMENT_NODE || (node.textContent ?? '').trim() !== '');
}

/** The server's answer as the contract gives it, or undefined when it does not fit. */
function acceptanceOf(body: unknown, version: string): AupAcceptedDetail | undefined {
  if (!isRecord(body)) return undefined;
  const { version: answered, acceptedAt } = body;
  if (answered !== version || typeof acceptedAt !== 'string' || Number.isNaN(Date.parse(acceptedAt))) return undefined;
  return { version: answered, acceptedAt };
}

define('aup-consent', AupConsentElement);

declare global {
  interface HTMLElementTagNameMap {
    'aup-consent': AupConsentElement;
  }
  interface GlobalEventHandlersEventMap {
    'aup-read': AupReadEvent;
    'aup-accepted': AupAcceptedEvent;
    'aup-declined': AupDeclinedEvent;
    'aup-error': AupErrorEvent;
  }
}
