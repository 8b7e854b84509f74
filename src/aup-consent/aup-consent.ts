import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Announcer } from '../internal/announcer.js';
import { define } from '../internal/define.js';
import { focusErrorSummary, renderErrorSummary } from '../internal/error-summary.js';
import { fire } from '../internal/events.js';
import { FormAssociatedElement } from '../internal/form-associated.js';
import { RequestController, RequestError, isRecord, unexpected, type ErrorDetail } from '../internal/http.js';
import { Localizer } from '../internal/i18n.js';
import { LightControls } from '../internal/light-controls.js';
import { errorMessage } from '../internal/messages.js';
import { aupConsentStyles } from './aup-consent.styles.js';
import { aupConsentEnglish, type AupConsentMessages } from './messages.js';

export interface AupAcceptedDetail {
  /** The version accepted (the server's echo of `version` when `endpoint` is set). */
  version: string;
  /** When it was accepted, ISO 8601: the server's time with `endpoint`, the browser's without. */
  acceptedAt: string;
}

export type AupReadEvent = CustomEvent<Record<string, never>>;
export type AupAcceptedEvent = CustomEvent<AupAcceptedDetail>;
export type AupDeclinedEvent = CustomEvent<Record<string, never>>;
export type AupErrorEvent = CustomEvent<ErrorDetail>;

type LoadState = 'idle' | 'loading' | 'loaded' | 'failed';

/** The page's accept control: the last direct-child `<button type="submit">` (docs/elements/aup-consent.md, "HTML first"). */
function acceptButtonOf(host: HTMLElement): HTMLButtonElement | undefined {
  return [...host.querySelectorAll<HTMLButtonElement>(':scope > button[type="submit" i]')].at(-1);
}

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
    version: { reflect: true },
    src: { reflect: true },
    acceptedAt: { attribute: 'accepted-at', reflect: true },
  };

  /** The version id of the policy shown; sent on acceptance, and the form value once accepted. */
  declare version: string;
  /** URL of the policy as an HTML document, fetched and sanitised; replaces the slotted content. */
  declare src: string;
  /** ISO time of an earlier acceptance: shown, and the user is asked to accept again. */
  declare acceptedAt: string;
  readonly #request = new RequestController(this);
  /** The policy from `src`: its own lifecycle (a new `src` aborts the last), without the host's headers (a public document). */
  readonly #policy = new RequestController(this, () => ({
    endpoint: this.src,
    credentials: this.credentials,
    timeout: this.timeout,
  }));
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

  #load: LoadState = 'idle';
  #loadFailure?: RequestError;
  /** The sanitised policy from `src`, kept in one element so re-renders move it, never empty it. */
  #content?: HTMLElement;
  #slotFilled = false;

  #intersection?: IntersectionObserver;
  #resize?: ResizeObserver;
  /** Reassigns the children to the slots when the page (or a framework) changes them. */
  #children?: MutationObserver;
  /** The page's own accept button, when it gave one (light-DOM mode). */
  readonly #light = new LightControls(this, (host) => {
    const button = acceptButtonOf(host);
    return button ? { button } : undefined;
  });
  /** The page's button the element listens to. */
  #button?: HTMLButtonElement;
  /** The hint in light DOM beside the page's button: an id reference cannot cross into the shadow root. */
  #hint?: HTMLElement;
  #form?: HTMLFormElement | null;
  /** The current observation has seen the end out of view: reaching it is news worth announcing. */
  #endWasHidden = false;

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
    this.#children = new MutationObserver(() => this.#assign());
    this.#children.observe(this, { childList: true });
    if (!this.hasUpdated) return;
    this.#assign();
    // Back on the page after a move: watch again, and finish a load the move cut short.
    this.#observe();
    if (this.src && this.#load === 'idle') void this.#loadSrc();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#intersection?.disconnect();
    this.#resize?.disconnect();
    this.#children?.disconnect();
    this.#wire(undefined);
    // The policy controller aborted its load: finish it when the element comes back.
    if (this.#load === 'loading') this.#load = 'idle';
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
    const button = this.#button;
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
      if (!answer) throw new RequestError('bad-response', response.status);
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
    this.renderRoot.querySelector<HTMLElement>('#confirmation')?.focus();
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
      this.renderRoot.querySelector<HTMLElement>('#accept')?.focus();
    }
  }

  get #region(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('#policy');
  }

  /**
   * Hands each child to its slot: the page's accept button (and the hint
   * beside it) after the region, everything else to the policy. Runs after
   * each render and whenever the children change.
   */
  #assign(): void {
    const slots = this.renderRoot.querySelectorAll('slot');
    const policy = [...this.childNodes].filter((node) => node !== this.#button && node !== this.#hint) as Array<
      Element | Text
    >;
    for (const slot of slots) {
      const wanted = slot.name === 'accept' ? [this.#button] : slot.name === 'hint' ? [this.#hint] : policy;
      const nodes = wanted.filter(
        (node): node is Element | Text => !!node && (node instanceof Element || node instanceof Text),
      );
      const current = slot.assignedNodes();
      if (current.length !== nodes.length || current.some((node, i) => node !== nodes[i])) slot.assign(...nodes);
    }
  }

  /** Listens to the page's button (or lets the last one go), with the hint beside it. */
  #wire(button: HTMLButtonElement | undefined): void {
    if (button === this.#button) return;
    const old = this.#button;
    if (old) {
      old.removeEventListener('click', this.#onButtonClick);
      old.removeAttribute('aria-disabled');
      if (this.isConnected) this.#light.describe(old, []);
      this.#light.remove('hint');
      this.#hint = undefined;
    }
    this.#watchForm(null);
    this.#button = button;
    if (button) {
      button.addEventListener('click', this.#onButtonClick);
      const hint = this.#light.add(
        'hint',
        () => Object.assign(document.createElement('p'), { className: 'hint' }),
        (node) => button.before(node),
      );
      hint.setAttribute('part', 'hint');
      this.#light.id(hint, 'aup-consent-hint');
      this.#hint = hint;
      this.#watchForm(button.form);
    }
    this.requestUpdate();
  }

  #watchForm(form: HTMLFormElement | null): void {
    this.#form?.removeEventListener('submit', this.#onFormSubmit);
    this.#form = form;
    form?.addEventListener('submit', this.#onFormSubmit);
  }

  /** The page's button before the end: no submission, and the reason shown. With `endpoint`, the JSON contract instead. */
  readonly #onButtonClick = (event: MouseEvent) => {
    if (!this.#read || this.#request.busy || this.endpoint) {
      event.preventDefault();
      void this.accept();
    }
  };

  /** A script's `requestSubmit(button)` fires no click: the same gate holds. */
  readonly #onFormSubmit = (event: SubmitEvent) => {
    if (event.submitter !== this.#button || event.defaultPrevented) return;
    if (!this.#read || this.#request.busy || this.endpoint) {
      event.preventDefault();
      if (!this.#read) this.#explain();
      return;
    }
    // The page's form posts the acceptance; the host still hears of it.
    fire<AupAcceptedDetail>(this, 'aup-accepted', { version: this.version, acceptedAt: new Date().toISOString() });
  };

  /** There is a policy on show to read: fetched and cleaned, or slotted. */
  get #contentReady(): boolean {
    return this.src ? this.#load === 'loaded' : this.#slotFilled;
  }

  protected override firstUpdated(): void {
    this.#assign();
    const slot = this.renderRoot.querySelector<HTMLSlotElement>('slot:not([name])');
    if (slot) this.#slotFilled = hasContent(slot);
    this.#observe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#wire(this.#light.controls?.button);
    if (changed.has('src') && (changed.get('src') !== undefined || this.src)) void this.#loadSrc();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#assign();
    this.#syncLight();
    this.#syncForm();
    this.setStates({ read: this.#read, accepting: this.#request.busy, accepted: !!this.#acceptance });
    // Links added by the sanitiser say in the current language that they open a new tab.
    for (const note of this.#content?.querySelectorAll('[data-new-tab]') ?? []) {
      note.textContent = this.#i18n.messages.opensInNewTab;
    }
  }

  /**
   * Starts watching for the end of the policy afresh. A new observer gives
   * a first answer about the current layout, which matters each time the
   * content changes (an empty region has its end in view).
   */
  #observe(): void {
    this.#intersection?.disconnect();
    this.#resize?.disconnect();
    const region = this.#region;
    const end = this.renderRoot.querySelector('#end');
    if (!region || !end || this.#read) return;
    this.#endWasHidden = false;
    const observer = new IntersectionObserver(
      (entries, self) => {
        // Answers of a replaced observer describe content that has gone.
        if (self !== this.#intersection || !this.#contentReady) return;
        const last = entries[entries.length - 1];
        if (last.isIntersecting) this.#markRead(this.#endWasHidden);
        else this.#endWasHidden = true;
      },
      { root: region },
    );
    this.#intersection = observer;
    observer.observe(end);
    // A resize or zoom can bring the end into view without a scroll; the
    // observer sees that too, this is the measured second opinion.
    this.#resize = new ResizeObserver(() => this.#measure());
    this.#resize.observe(region);
  }

  readonly #measure = (): void => {
    const region = this.#region;
    // No box (hidden, not laid out): nothing can have been seen.
    if (this.#read || !this.#contentReady || !region || region.clientHeight === 0) return;
    const scrollable = region.scrollHeight > region.clientHeight + 1;
    if (region.scrollHeight - region.scrollTop - region.clientHeight <= 1) this.#markRead(scrollable);
  };

  #markRead(announce: boolean): void {
    if (this.#read) return;
    this.#read = true;
    this.#nudged = false;
    this.#intersection?.disconnect();
    this.#resize?.disconnect();
    this.requestUpdate();
    fire(this, 'aup-read', {});
    // A policy that fitted at once changed nothing the user was waiting for.
    if (announce) this.#announcer.announce(this.#i18n.messages.readAnnouncement);
  }

  #onSlotChange(event: Event): void {
    const filled = hasContent(event.target as HTMLSlotElement);
    if (filled === this.#slotFilled) return;
    this.#slotFilled = filled;
    this.#observe();
  }

  async #loadSrc(): Promise<void> {
    this.#content = undefined;
    this.#loadFailure = undefined;
    // A different policy: what was read of the last one does not count.
    this.#read = false;
    if (!this.src) {
      this.#policy.abort();
      this.#load = 'idle';
      this.requestUpdate();
      await this.updateComplete;
      this.#observe();
      return;
    }
    this.#load = 'loading';
    this.requestUpdate();
    const url = new URL(this.src, document.baseURI).href;
    const outcome = await this.#policy.restart(async (request) => {
      const [response, sanitizer] = await Promise.all([
        request({ method: 'GET', url, accept: 'text/html', responseType: 'text' }),
        import('./sanitize.js'),
      ]);
      if (response.status < 200 || response.status >= 300 || typeof response.body !== 'string')
        throw unexpected(response);
      const content = sanitizer.policyContent(response.body, url);
      // Nothing left to read (an empty body, or only what the sanitiser
      // removed) must never count as a policy read to its end.
      if (!content.textContent?.trim()) throw new RequestError('bad-response', response.status);
      return content;
    });
    if (outcome.status === 'aborted') return;
    if (outcome.status === 'ok') {
      this.#content = outcome.value;
      this.#load = 'loaded';
    } else {
      // A sanitiser chunk that would not load is, to the user, a failed connection.
      this.#loadFailure = outcome.error;
      this.#load = 'failed';
      fire<ErrorDetail>(this, 'aup-error', outcome.error.detail);
    }
    this.requestUpdate();
    await this.updateComplete;
    this.#observe();
  }

  /** The page's button and the hint beside it, as the shadow-mode Accept and hint would be. */
  #syncLight(): void {
    const button = this.#button;
    const hint = this.#hint;
    if (!button || !hint) return;
    const m = this.#i18n.messages;
    const text = this.#read ? m.hintRead : m.hintUnread;
    // A Welsh page shows no English while the Welsh strings load.
    if (hint.textContent !== text && this.#i18n.ready) hint.textContent = text;
    hint.classList.toggle('hint--nudged', this.#nudged);
    button.setAttribute('aria-disabled', !this.#read || this.#request.busy ? 'true' : 'false');
    this.#light.describe(button, this.#read ? [] : [hint.id]);
  }

  #syncForm(): void {
    if (this.#button) {
      // The page's button carries the acceptance (name="version" value=...): the element adds nothing to the form.
      this.internals.setFormValue(null);
      this.internals.setValidity({});
      return;
    }
    // Session history restore is not offered (no formStateRestoreCallback):
    // consent is given on the page, never brought back by the Back button.
    this.internals.setFormValue(this.#acceptance ? this.value : null);
    if (this.required && !this.#acceptance) {
      const anchor = this.renderRoot.querySelector<HTMLElement>('#accept') ?? undefined;
      this.internals.setValidity({ valueMissing: true }, this.#i18n.messages.errorRequired, anchor);
    } else {
      this.internals.setValidity({});
    }
  }

  #formatTime(iso: string): string | undefined {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return undefined;
    return new Intl.DateTimeFormat(this.#i18n.lang === 'cy' ? 'cy-GB' : 'en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
    }).format(date);
  }

  override render(): TemplateResult {
    const m = this.#i18n.messages;
    const failure = this.#serviceFailure;
    const earlier = this.acceptedAt && !this.#acceptance ? this.#formatTime(this.acceptedAt) : undefined;
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
        aria-busy=${this.#load === 'loading' ? 'true' : 'false'}
        @scroll=${this.#measure}
      >
        ${this.src ? this.#renderFetched() : html`<slot @slotchange=${this.#onSlotChange}></slot>`}
        <div class="end" id="end" aria-hidden="true"></div>
      </div>
      ${
        this.#acceptance
          ? this.#renderConfirmation(this.#acceptance)
          : this.#button
            ? html`<slot name="hint"></slot>
              <div class="actions"><slot name="accept"></slot></div>`
            : this.#renderActions()
      }
      ${this.#announcer.render()}
    `;
  }

  #renderFetched(): TemplateResult | HTMLElement {
    const m = this.#i18n.messages;
    if (this.#load === 'loaded' && this.#content) return this.#content;
    if (this.#load === 'failed' && this.#loadFailure) {
      const failure = this.#loadFailure;
      return html`<p class="error-message" id="load-error">
          <span class="visually-hidden">${m.errorPrefix}</span> ${m.loadFailed}
          ${errorMessage(m, failure)}
        </p>
        <button type="button" class="secondary" id="retry" @click=${() => void this.#loadSrc()}>${m.retry}</button>`;
    }
    return html`<p class="status">${m.loading}</p>`;
  }

  #renderActions(): TemplateResult {
    const m = this.#i18n.messages;
    const busy = this.#request.busy;
    const unavailable = !this.#read || busy;
    const showRequired = this.#invalidShown && this.required;
    const describedBy = [!this.#read ? 'hint' : '', showRequired ? 'required-error' : ''].filter(Boolean).join(' ');
    return html`<p id="hint" part="hint" class="hint ${this.#nudged ? 'hint--nudged' : ''}">
        ${this.#read ? m.hintRead : m.hintUnread}
      </p>
      ${
        showRequired
          ? html`<p class="error-message" id="required-error">
            <span class="visually-hidden">${m.errorPrefix}</span> ${m.errorRequired}
          </p>`
          : nothing
      }
      <div class="actions">
        <button
          id="accept"
          part="accept"
          type="button"
          aria-disabled=${unavailable ? 'true' : 'false'}
          aria-describedby=${describedBy || nothing}
          ?disabled=${this.isDisabled}
          @click=${() => void this.accept()}
        >
          ${busy ? m.accepting : m.accept}
        </button>
        <button
          id="decline"
          part="decline"
          type="button"
          class="secondary"
          ?disabled=${this.isDisabled}
          @click=${() => void this.#decline()}
        >
          ${m.decline}
        </button>
      </div>`;
  }

  #renderConfirmation(acceptance: AupAcceptedDetail): TemplateResult {
    const m = this.#i18n.messages;
    const when = this.#formatTime(acceptance.acceptedAt) ?? acceptance.acceptedAt;
    return html`<div
      id="confirmation"
      part="confirmation"
      class="panel"
      role="status"
      tabindex="-1"
      aria-labelledby="confirmation-title"
    >
      <h2 id="confirmation-title">${m.confirmationTitle}</h2>
      <p>${m.confirmationBody(acceptance.version, when)}</p>
      ${
        this.endpoint
          ? nothing
          : // A form control's value can change until the form is sent, as a checkbox's can.
            html`<button
            id="decline"
            part="decline"
            type="button"
            class="secondary"
            ?disabled=${this.isDisabled}
            @click=${() => void this.#decline()}
          >
            ${m.withdraw}
          </button>`
      }
    </div>`;
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
