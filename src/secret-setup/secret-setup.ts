import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Announcer } from '../internal/announcer.js';
import { define } from '../internal/define.js';
import { focusErrorSummary, renderErrorSummary, type SummaryItem } from '../internal/error-summary.js';
import { fire } from '../internal/events.js';
import { FormAssociatedElement } from '../internal/form-associated.js';
import { guardGetForms } from '../internal/get-form-guard.js';
import { RequestController, RequestError, isRecord, unexpected, type ErrorDetail, type HttpResponse } from '../internal/http.js';
import { Localizer } from '../internal/i18n.js';
import { errorMessage } from '../internal/messages.js';
import {
  DEFAULT_MAX_LENGTH,
  DEFAULT_MIN_LENGTH,
  evaluateSecret,
  isRuleId,
  secretLength,
  type Alphabet,
  type RuleId,
  type RuleResult,
} from '../rules/index.js';
import { secretSetupEnglish, type SecretSetupMessages } from './messages.js';
import { secretSetupStyles } from './secret-setup.styles.js';

export interface SecretRulesChangeDetail {
  /** No rule is unmet (pending rules are for the server to decide). */
  valid: boolean;
  rules: RuleResult[];
}
export interface SecretSavedDetail {
  /** The server's parsed JSON answer, or null when it sent none. */
  response: unknown;
}
export interface SecretRejectedDetail {
  rules: RuleId[];
}

export type SecretRulesChangeEvent = CustomEvent<SecretRulesChangeDetail>;
export type SecretSavedEvent = CustomEvent<SecretSavedDetail>;
export type SecretRejectedEvent = CustomEvent<SecretRejectedDetail>;
export type SecretErrorEvent = CustomEvent<ErrorDetail>;
export type SecretDoneEvent = CustomEvent<Record<string, never>>;

/** How long typing must pause before the rule summary is announced. */
const ANNOUNCE_PAUSE_MS = 1000;

/** Locale packs other than English, loaded on demand; one table for every instance. */
const LOADERS = { cy: () => import('./messages.cy.js').then((m) => m.secretSetupWelsh) };

/** Which field each rule's problem belongs to (for error links and anchors). */
const FIELD_OF: Record<RuleId, 'secret' | 'confirm'> = {
  letters: 'secret',
  'not-name': 'secret',
  length: 'secret',
  history: 'secret',
  match: 'confirm',
};

/**
 * Lets a person choose an account secret, with live feedback on every rule,
 * and saves it to the host's endpoint, or submits it with a surrounding form.
 *
 * @tagname secret-setup
 * @summary Choose and save a user account secret.
 *
 * @fires {SecretRulesChangeEvent} secret-rules-change - On every edit: `{valid, rules}` (rule ids and states, never the secret).
 * @fires {SecretSavedEvent} secret-saved - The server accepted the secret: `{response}` (its parsed JSON answer or null).
 * @fires {SecretRejectedEvent} secret-rejected - The server refused the secret (422): `{rules}`, the ids of the rules it failed.
 * @fires {SecretErrorEvent} secret-error - The save failed: `{kind, status?}`.
 * @fires {SecretDoneEvent} secret-done - The user pressed OK on the success notification. Cancelable: prevent it to keep the notification.
 *
 * @csspart input - The secret input.
 * @csspart confirm-input - The confirmation input.
 * @csspart toggle - The show/hide button.
 * @csspart rules - The list of rules.
 * @csspart rule - Each rule; also carries `data-rule` (its id) and `data-state` (`met`, `unmet` or `pending`).
 * @csspart submit - The save button (rendered when `endpoint` is set).
 * @csspart error-summary - The error summary shown after a failed save.
 * @csspart success - The success notification.
 * @csspart warning - The reminder never to share the secret.
 *
 * @cssprop --ase-color-text - Text colour (NHS.UK #212b32; dark defaults in docs/theming.md).
 * @cssprop --ase-color-secondary-text - Hint text colour (#4c6272).
 * @cssprop --ase-color-error - Error colour (#d5281b).
 * @cssprop --ase-color-success - Success and met-rule colour (#007f3b).
 * @cssprop --ase-color-focus - Focus highlight (#ffeb3b).
 * @cssprop --ase-color-focus-text - Text and ring on focus (#212b32).
 * @cssprop --ase-color-link - Link colour (#005eb8).
 * @cssprop --ase-color-button - Primary button (#007f3b).
 * @cssprop --ase-color-button-shadow - Primary button shadow (#00401e).
 * @cssprop --ase-color-input-border - Input border (#4c6272).
 * @cssprop --ase-color-callout - Warning callout bar (#005eb8).
 * @cssprop --ase-color-background - Background of the error summary and success panel (#ffffff).
 * @cssprop --ase-color-link-hover - Link colour on hover (#7c2855).
 * @cssprop --ase-color-button-hover - Primary button on hover (#00662f).
 * @cssprop --ase-color-button-text - Primary button text (#ffffff).
 * @cssprop --ase-color-secondary-button-text - Secondary button text and border (#005eb8).
 * @cssprop --ase-color-secondary-button-hover - Secondary button on hover.
 * @cssprop --ase-color-input-background - Input background (#ffffff).
 * @cssprop --ase-color-callout-background - Callout background (#f0f4f5).
 * @cssprop --ase-font-family - Font stack (Frutiger W01, Arial, sans-serif).
 * @cssprop --ase-font-size - Base font size (1.1875rem).
 * @cssprop --ase-space-m - Medium spacing (1rem); also -xs, -s, -l.
 *
 * @cssstate saving - A save request is under way.
 * @cssstate saved - The success notification is showing.
 * @cssstate user-invalid - Errors are being shown.
 */
export class SecretSetupElement extends FormAssociatedElement<SecretSetupMessages> {
  static override styles = secretSetupStyles;

  static override properties = {
    ...FormAssociatedElement.properties,
    givenName: { attribute: 'given-name', reflect: true },
    familyName: { attribute: 'family-name', reflect: true },
    organisation: { reflect: true },
    minLength: { attribute: 'min-length', type: Number, reflect: true },
    maxLength: { attribute: 'max-length', type: Number, reflect: true },
    alphabet: { reflect: true },
    historySize: { attribute: 'history-size', type: Number, reflect: true },
    noConfirm: { attribute: 'no-confirm', type: Boolean, reflect: true },
  };

  /** The user's given name: the secret must not be it. */
  declare givenName: string;
  /** The user's family name: the secret must not be it. */
  declare familyName: string;
  /** The user's organisation: the secret must not be or contain it. */
  declare organisation: string;
  /** Fewest letters allowed (default 9). */
  declare minLength: number;
  /** Most letters allowed (default 64). */
  declare maxLength: number;
  /** `latin` (A-Z, default) or `unicode` (any letter). */
  declare alphabet: Alphabet;
  /** How many earlier secrets the server refuses (wording only; default 5). */
  declare historySize: number;
  /** Hide the confirmation field. */
  declare noConfirm: boolean;
  readonly #request = new RequestController(this);
  readonly #announcer = new Announcer(this);
  readonly #i18n = new Localizer<SecretSetupMessages>(this, secretSetupEnglish, LOADERS);

  #secret = '';
  #confirm = '';
  /** The input handler has just set the form value and validity, and nothing they read has changed since. */
  #formSynced = false;
  /** The user has typed: unmet rules may now look unmet. */
  #dirty = false;
  /** A save was attempted: errors are shown (and follow the fields live). */
  #submitted = false;
  #shown = false;
  /** Rules the server said the current secret fails; forgotten on the next edit. */
  #serverUnmet: readonly RuleId[] = [];
  #failure?: RequestError;
  #saved = false;
  /** The rule states for the current secret, confirmation and settings: derived once per change, read by all. */
  #derived?: RuleResult[];

  constructor() {
    super();
    this.givenName = '';
    this.familyName = '';
    this.organisation = '';
    this.minLength = 9;
    this.maxLength = 64;
    this.alphabet = 'latin';
    this.historySize = 5;
    this.noConfirm = false;
    guardGetForms(this, {
      form: () => this.form,
      holdsSecret: () => this.#secret !== '',
      entries: () => (this.name && this.#secret ? [[this.name, this.#secret]] : []),
    });
    this.addEventListener('invalid', () => {
      // A surrounding form refused to submit: show why, beside the fields.
      this.#submitted = true;
      this.requestUpdate();
    });
  }

  /** The secret as typed (like a native input's value); never reflected to an attribute. */
  get value(): string {
    return this.#secret;
  }

  /** Current state of every rule, in display order. */
  get rules(): RuleResult[] {
    return this.#rules().map((rule) => ({ ...rule }));
  }

  /** The rules, evaluated once per change of the secret, the confirmation or a setting. */
  #rules(): RuleResult[] {
    if (this.#derived) return this.#derived;
    const results = evaluateSecret(this.#secret, {
      givenName: this.givenName,
      familyName: this.familyName,
      organisation: this.organisation,
      minLength: this.#limits.min,
      maxLength: this.#limits.max,
      alphabet: this.alphabet === 'unicode' ? 'unicode' : 'latin',
    });
    if (!this.noConfirm) {
      results.push({ id: 'match', state: this.#confirm !== '' && this.#confirm === this.#secret ? 'met' : 'unmet' });
    }
    this.#derived = results.map((rule) => (this.#serverUnmet.includes(rule.id) ? { id: rule.id, state: 'unmet' } : rule));
    return this.#derived;
  }

  /** The length limits in force: an unusable attribute value falls back to the default. */
  get #limits(): { min: number; max: number } {
    const min = Number.isInteger(this.minLength) && this.minLength > 0 ? this.minLength : DEFAULT_MIN_LENGTH;
    const max = Number.isInteger(this.maxLength) && this.maxLength >= min ? this.maxLength : Math.max(min, DEFAULT_MAX_LENGTH);
    return { min, max };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Nothing of the secret outlives the element's time on the page; the
    // re-render keeps the rule list true if the element comes back.
    this.#clear();
    this.requestUpdate();
  }

  protected clearSecrets(): void {
    this.#clear();
  }

  override formResetCallback(): void {
    this.#clear();
    this.#saved = false;
    this.requestUpdate();
  }

  /** Restoring session history must not bring a secret back: always restore empty. */
  formStateRestoreCallback(): void {
    this.#clear();
    this.requestUpdate();
  }

  /**
   * Validates and saves, as the Save button does. Resolves when the attempt
   * has finished. Without `endpoint` there is nowhere to send the secret:
   * it only validates and shows any problems.
   */
  async save(): Promise<void> {
    if (this.#request.busy || this.isDisabled) return;
    this.#submitted = true;
    this.#failure = undefined;
    this.#setShown(false);
    if (this.#problems().length > 0 || !this.endpoint) {
      this.requestUpdate();
      await focusErrorSummary(this);
      return;
    }
    // The rules count code points after NFC; the server compares in NFC: send what was counted.
    const secret = this.#secret.normalize('NFC');
    const outcome = await this.#request.run(async (request) => {
      const response = await request({ method: 'POST', url: this.endpoint, body: { secret } });
      this.#handleAnswer(response);
    });
    if (outcome.status === 'aborted') return;
    if (outcome.status === 'error') {
      this.#failure = outcome.error;
      fire<ErrorDetail>(this, 'secret-error', outcome.error.detail);
      this.requestUpdate();
      await focusErrorSummary(this);
      return;
    }
    if (this.#saved) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="success"]')?.focus();
    } else if (this.#serverUnmet.length > 0) {
      await focusErrorSummary(this);
    }
  }

  #handleAnswer(response: HttpResponse): void {
    if (response.status >= 200 && response.status < 300) {
      // The secret is stored once the server says 2xx, whatever the body: a
      // retry would only meet the history rule.
      const body = isRecord(response.body) || Array.isArray(response.body) ? response.body : null;
      this.#clear();
      this.#saved = true;
      this.requestUpdate();
      fire<SecretSavedDetail>(this, 'secret-saved', { response: body });
      return;
    }
    if (response.status === 422) {
      const rules = rejectedRules(response.body);
      if (!rules) throw new RequestError('bad-response', 422);
      this.#serverUnmet = rules;
      this.#derived = undefined;
      this.requestUpdate();
      fire<SecretRejectedDetail>(this, 'secret-rejected', { rules });
      this.#fireRulesChange();
      return;
    }
    throw unexpected(response);
  }

  #clear(): void {
    // The rendered inputs hold the secret too (a detached input keeps its
    // value): empty them now rather than at the next render, which may never come.
    for (const input of this.renderRoot.querySelectorAll<HTMLInputElement>('input')) input.value = '';
    this.#secret = '';
    this.#confirm = '';
    this.#dirty = false;
    this.#submitted = false;
    this.#shown = false;
    this.#serverUnmet = [];
    this.#failure = undefined;
    this.#derived = undefined;
    this.#announcer.cancel();
  }

  #setShown(shown: boolean): void {
    if (this.#shown === shown) return;
    this.#shown = shown;
    this.requestUpdate();
  }

  /**
   * The inputs' listeners, once on the shadow root rather than bound in the
   * template: two event parts less per input. Only the two inputs fire
   * `input`; `keydown` is taken from them alone (Enter on a button is the button's).
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    root.addEventListener('input', (event) => this.#onInput(event));
    root.addEventListener('keydown', (event) => this.#onKeyDown(event as KeyboardEvent));
    return root;
  }

  #onInput(event: Event): void {
    const { id, value } = event.target as HTMLInputElement;
    // Until a save is tried, or while a failure is on show, typing changes
    // nothing the template renders: only the rule items, which are written
    // here directly, with no render (the keystroke goal, docs/performance.md).
    const rendersSame = this.#dirty && !this.#submitted && !this.#failure;
    if (id === 'secret') {
      this.#secret = value;
      this.#serverUnmet = [];
    } else {
      this.#confirm = value;
      this.#serverUnmet = this.#serverUnmet.filter((id) => id !== 'match');
    }
    this.#dirty = true;
    this.#failure = undefined;
    this.#derived = undefined;
    // Like a native input, the form value and validity are current when the
    // input event reaches the host, not one render later.
    this.#syncForm();
    if (rendersSame) {
      this.#syncRules();
    } else {
      this.#formSynced = true;
      this.requestUpdate();
    }
    this.#fireRulesChange();
    this.#announcer.announce(this.#summaryText(), ANNOUNCE_PAUSE_MS);
  }

  #fireRulesChange(): void {
    const rules = this.rules;

    fire<SecretRulesChangeDetail>(this, 'secret-rules-change', {
      valid: rules.every((rule) => rule.state !== 'unmet'),
      rules,
    });
  }

  #summaryText(): string {
    const m = this.#i18n.messages;
    const decided = this.#rules().filter((rule) => rule.state !== 'pending');
    const met = decided.filter((rule) => rule.state === 'met').length;
    return met === decided.length ? m.rulesAllMet : m.rulesSummary(met, decided.length);
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.isComposing || (event.target as Element).localName !== 'input') return;
    event.preventDefault();
    if (this.endpoint) void this.save();
    else this.form?.requestSubmit();
  }

  #onToggle(): void {
    this.#setShown(!this.#shown);
    const m = this.#i18n.messages;
    this.#announcer.announce(this.#shown ? m.secretShown : m.secretHidden);
  }

  async #onOk(): Promise<void> {
    if (!fire(this, 'secret-done', {}, true)) return;
    this.#saved = false;
    this.requestUpdate();
    // The focused button is gone with the notification: focus must not fall back to the page's start.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#secret')?.focus();
  }

  /** The problems to show, each with its field, in display order. */
  #problems(): Array<SummaryItem & { field: 'secret' | 'confirm' }> {
    const m = this.#i18n.messages;
    if (this.#secret === '') {
      // One clear instruction beats three rule failures for an empty field.
      return [{ text: m.errorEmpty, target: 'secret', field: 'secret' }];
    }
    const problems: Array<SummaryItem & { field: 'secret' | 'confirm' }> = [];
    for (const rule of this.#rules()) {
      if (rule.state !== 'unmet') continue;
      const field = FIELD_OF[rule.id];
      problems.push({ text: this.#problemText(rule.id), target: field, field });
    }
    return problems;
  }

  #problemText(id: RuleId): string {
    const m = this.#i18n.messages;
    switch (id) {
      case 'letters':
        return this.alphabet === 'unicode' ? m.errorLettersUnicode : m.errorLetters;
      case 'not-name':
        return m.errorNotName;
      case 'length':
        return secretLength(this.#secret) > this.#limits.max ? m.errorTooLong(this.#limits.max) : m.errorTooShort(this.#limits.min);
      case 'history':
        return m.errorHistory(this.historySize);
      case 'match':
        return this.#confirm === '' ? m.errorConfirmEmpty : m.errorMatch;
    }
  }

  #ruleText(id: RuleId): string {
    const m = this.#i18n.messages;
    switch (id) {
      case 'letters':
        return m.ruleLetters;
      case 'not-name':
        return m.ruleNotName;
      case 'length':
        return secretLength(this.#secret) > this.#limits.max ? m.ruleTooLong(this.#limits.max) : m.ruleLength(this.#limits.min);
      case 'history':
        return m.ruleHistory(this.historySize);
      case 'match':
        return m.ruleMatch;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A setting the rules read has changed: derive again (once) for this render.
    if (changed.size > 0) {
      this.#derived = undefined;
      this.#formSynced = false;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The inputs follow the element's state here rather than through template
    // bindings (about ten parts per input were most of the element's heap).
    // Values (cleared after a save, a reset, pagehide) are set only when they
    // differ, like live(), so the caret stays; so is the type, since setting
    // it resets the selection.
    const type = this.#shown ? 'text' : 'password';
    for (const input of this.renderRoot.querySelectorAll<HTMLInputElement>('#secret, #confirm')) {
      const secret = input.id === 'secret';
      const value = secret ? this.#secret : this.#confirm;
      if (input.value !== value) input.value = value;
      if (input.type !== type) input.type = type;
      input.required = secret && this.required;
      input.disabled = this.isDisabled;
      input.readOnly = this.#request.busy;
    }
    this.#syncRules();
    // A render for typing alone finds the form value and validity that the input handler already set.
    if (!this.#formSynced) this.#syncForm();
    this.#formSynced = false;
    this.setStates({
      saving: this.#request.busy,
      saved: this.#saved,
      'user-invalid': this.#submitted && (this.#problems().length > 0 || !!this.#failure),
    });
  }

  #syncForm(): void {
    const secretInput = this.renderRoot.querySelector<HTMLInputElement>('#secret') ?? undefined;
    // The state argument is what the browser keeps in session history: never the secret.
    this.internals.setFormValue(this.#secret === '' ? null : this.#secret, '');
    if (this.#secret === '') {
      if (this.required) {
        this.internals.setValidity({ valueMissing: true }, this.#i18n.messages.errorEmpty, secretInput);
      } else {
        this.internals.setValidity({});
      }
      return;
    }
    const first = this.#rules().find((rule) => rule.state === 'unmet');
    if (!first) {
      this.internals.setValidity({});
      return;
    }
    const anchor = this.renderRoot.querySelector<HTMLInputElement>(`#${FIELD_OF[first.id]}`) ?? secretInput;
    const flags: ValidityStateFlags =
      first.id === 'letters'
        ? { patternMismatch: true }
        : first.id === 'length'
          ? secretLength(this.#secret) > this.#limits.max
            ? { tooLong: true }
            : { tooShort: true }
          : { customError: true };
    this.internals.setValidity(flags, this.#problemText(first.id), anchor);
  }

  override render(): TemplateResult {
    const m = this.#i18n.messages;
    if (this.#saved) {
      return html`<div class="panel" part="success" role="status" tabindex="-1" aria-labelledby="success-title">
          <h2 id="success-title">${m.successTitle}</h2>
          <p>${m.successBody}</p>
          <button type="button" @click=${() => void this.#onOk()}>${m.ok}</button>
        </div>
        ${this.#announcer.render()}`;
    }

    const problems = this.#submitted ? this.#problems() : [];
    const summary: SummaryItem[] = this.#failure ? [{ text: errorMessage(m, this.#failure) }, ...problems] : problems;
    const secretError = problems.find((p) => p.field === 'secret')?.text;
    const confirmError = problems.find((p) => p.field === 'confirm')?.text;
    const busy = this.#request.busy;
    const disabled = this.isDisabled;
    const { min, max } = this.#limits;
    // The input is described by the whole rules block (title and every rule
    // with its state), not by the list, whose own label would stand in for its
    // items. The items are written by #syncRules, not by the template: five
    // small template instances and their twenty parts per element were most
    // of its heap.
    // Generators that read passwordrules can only be told about A-Z: for a unicode alphabet, say only the lengths.
    const passwordRules = `minlength: ${min}; maxlength: ${max};${this.alphabet === 'unicode' ? '' : ' allowed: lower, upper;'}`;

    return html`
      ${renderErrorSummary(m.errorSummaryTitle, summary)}
      <div class="callout" part="warning">
        <p><strong>${m.warningTitle}</strong><span class="visually-hidden">:</span> ${m.warning}</p>
      </div>
      <div class="field ${secretError ? 'field--error' : ''}">
        <label for="secret">${m.secretLabel}</label>
        <div class="hint" id="secret-hint">${m.secretHint}</div>
        ${secretError
          ? html`<p class="error-message" id="secret-error">
              <span class="visually-hidden">${m.errorPrefix}</span> ${secretError}
            </p>`
          : nothing}
        <div class="input-row">
          <!-- Not new-password: a manager would offer to store this as the portal
               password and overwrite the saved sign-in. The data-* hints ask the
               common managers (1Password, LastPass, Bitwarden, Dashlane) to stay away. -->
          <input
            id="secret"
            part="input"
            type="password"
            name="secret"
            autocomplete="off"
            data-1p-ignore
            data-lpignore="true"
            data-bwignore
            data-form-type="other"
            autocapitalize="none"
            autocorrect="off"
            spellcheck="false"
            passwordrules=${passwordRules}
            aria-describedby=${secretError ? 'secret-hint rules secret-error' : 'secret-hint rules'}
            aria-invalid=${secretError ? 'true' : nothing}
          />
          <button
            type="button"
            class="secondary toggle"
            part="toggle"
            aria-controls=${this.noConfirm ? 'secret' : 'secret confirm'}
            aria-label=${this.#shown ? m.hideSecret : m.showSecret}
            ?disabled=${disabled}
            @click=${this.#onToggle}
          >
            ${this.#shown ? m.hide : m.show}
          </button>
        </div>
      </div>
      <div class="rules" id="rules">
        <p class="rules-title" id="rules-title">${m.rulesTitle}</p>
        <ul part="rules" class=${this.#dirty || this.#submitted ? 'rules--live' : 'rules--fresh'} aria-labelledby="rules-title"></ul>
      </div>
      ${this.noConfirm
        ? nothing
        : html`<div class="field ${confirmError ? 'field--error' : ''}">
            <label for="confirm">${m.confirmLabel}</label>
            ${confirmError
              ? html`<p class="error-message" id="confirm-error">
                  <span class="visually-hidden">${m.errorPrefix}</span> ${confirmError}
                </p>`
              : nothing}
            <input
              id="confirm"
              part="confirm-input"
              type="password"
              name="confirm"
              autocomplete="off"
              data-1p-ignore
              data-lpignore="true"
              data-bwignore
              data-form-type="other"
              autocapitalize="none"
              autocorrect="off"
              spellcheck="false"
              aria-describedby=${confirmError ? 'confirm-error' : nothing}
              aria-invalid=${confirmError ? 'true' : nothing}
            />
          </div>`}
      ${this.endpoint
        ? html`<button
            type="button"
            part="submit"
            aria-disabled=${busy ? 'true' : 'false'}
            ?disabled=${disabled}
            @click=${() => void this.save()}
          >
            ${busy ? m.saving : m.save}
          </button>`
        : nothing}
      ${this.#announcer.render()}
    `;
  }

  /** Brings the rule items up to date from the one derivation, touching only what changed. */
  #syncRules(): void {
    const list = this.renderRoot.querySelector('[part="rules"]');
    if (!list) return;
    const m = this.#i18n.messages;
    const label = { met: m.stateMet, unmet: m.stateUnmet, pending: m.statePending };
    const rules = this.#rules();
    while (list.children.length > rules.length) list.lastElementChild!.remove();
    rules.forEach((rule, index) => {
      let item = list.children[index] as HTMLLIElement | undefined;
      if (!item) {
        item = document.createElement('li');
        item.setAttribute('part', 'rule');
        const icon = document.createElement('span');
        icon.className = 'icon';
        icon.setAttribute('aria-hidden', 'true');
        const state = document.createElement('span');
        state.className = 'visually-hidden';
        item.append(icon, state, '');
        list.append(item);
      }
      const [, state, text] = item.childNodes as NodeListOf<Node>;
      const stateText = `${label[rule.state]} `;
      const ruleText = this.#ruleText(rule.id);
      if (item.dataset.rule !== rule.id) item.dataset.rule = rule.id;
      if (item.dataset.state !== rule.state) item.dataset.state = rule.state;
      if (state.textContent !== stateText) state.textContent = stateText;
      if (text.textContent !== ruleText) text.textContent = ruleText;
    });
  }
}

/** The rule ids of a 422 problem, or undefined when the body breaks the contract. */
function rejectedRules(body: unknown): RuleId[] | undefined {
  if (!isRecord(body) || !Array.isArray(body.errors) || body.errors.length === 0) return undefined;
  const rules: RuleId[] = [];
  for (const error of body.errors) {
    if (!isRecord(error) || !isRuleId(error.rule)) return undefined;
    if (!rules.includes(error.rule)) rules.push(error.rule);
  }
  return rules;
}

define('secret-setup', SecretSetupElement);

declare global {
  interface HTMLElementTagNameMap {
    'secret-setup': SecretSetupElement;
  }
  interface GlobalEventHandlersEventMap {
    'secret-rules-change': SecretRulesChangeEvent;
    'secret-saved': SecretSavedEvent;
    'secret-rejected': SecretRejectedEvent;
    'secret-error': SecretErrorEvent;
    'secret-done': SecretDoneEvent;
  }
}
