import { html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { define } from '../internal/define.js';
import { focusErrorSummary, renderErrorSummary, type SummaryItem } from '../internal/error-summary.js';
import { fire } from '../internal/events.js';
import { FormAssociatedElement } from '../internal/form-associated.js';
import { FormGuard } from '../internal/form-guard.js';
import { RequestController, type ErrorDetail, type RequestError } from '../internal/http.js';
import { Localizer } from '../internal/i18n.js';
import { errorMessage } from '../internal/messages.js';
import type { Alphabet, RuleResult } from '../rules/index.js';
import { PageFieldsController } from './light-fields.js';
import { secretSetupEnglish, secretSetupLocales, type SecretSetupMessages } from './messages.js';
import { createOwnFields, listenToOwnFields, renderSuccess, syncOwnFields, type FieldsState } from './own-fields.js';
import { RuleList } from './rule-list.js';
import { saveAnswerOf, type SaveAnswer } from './save-answer.js';
import { secretSetupStyles } from './secret-setup.styles.js';
import type { SecretRejectedDetail, SecretRulesChangeDetail, SecretSavedDetail } from './events.js';

export type * from './events.js';

/** How long typing must pause before the rule summary is announced. */
const ANNOUNCE_PAUSE_MS = 1000;

/**
 * Lets a person choose an account secret, with live feedback on every rule,
 * and saves it to the host's endpoint, or submits it with a surrounding form.
 *
 * @tagname secret-setup
 * @summary Choose and save a user account secret.
 *
 * @slot - The page's own fields (HTML first): two password inputs with their labels, and optionally the rules list.
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
    givenName: { attribute: 'given-name', reflect: true, useDefault: true },
    familyName: { attribute: 'family-name', reflect: true, useDefault: true },
    organisation: { reflect: true, useDefault: true },
    minLength: { attribute: 'min-length', type: Number, reflect: true, useDefault: true },
    maxLength: { attribute: 'max-length', type: Number, reflect: true, useDefault: true },
    alphabet: { reflect: true, useDefault: true },
    historySize: { attribute: 'history-size', type: Number, reflect: true, useDefault: true },
    noConfirm: { attribute: 'no-confirm', type: Boolean, reflect: true, useDefault: true },
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
  // Made when first needed, not with every instance (docs/performance.md): the request
  // controller at the first save with `endpoint`, the announcer at the first announcement,
  // the form guard when the element joins a form.
  #request?: RequestController;
  #announcing?: ReturnType<typeof setTimeout>;
  /**
   * The polite summary waits for a pause in typing: one timer, moved on only
   * when it fires early (a keystroke pushes `#summaryDue`, not the timer).
   */
  #summarising?: ReturnType<typeof setTimeout>;
  #summaryDue = 0;
  #guard?: FormGuard;
  readonly #i18n = new Localizer<SecretSetupMessages>(this, secretSetupEnglish, secretSetupLocales);
  /** The page's own fields, when it gave them (light-DOM mode); otherwise the element renders its own. */
  readonly #page = new PageFieldsController(this, (field, value) => this.#edit(field, value));
  readonly #rules = new RuleList(() => ({
    secret: this.#secret,
    confirm: this.noConfirm ? null : this.#confirm,
    settings: this,
    messages: this.#i18n.messages,
  }));

  #secret = '';
  #confirm = '';
  /** The user has typed: unmet rules may now look unmet. */
  #dirty = false;
  /** A save was attempted: errors are shown (and follow the fields live). */
  #submitted = false;
  #shown = false;
  #failure?: RequestError;
  #saved = false;
  /** What #syncForm last gave ElementInternals, set again only when it changes: most keystrokes keep the same first unmet rule. */
  #formValue?: string | null;
  #validityKey?: string;
  #validityAnchor?: HTMLElement;
  #list?: HTMLElement | null;
  /** The element's own fields (own-fields.ts), made at its first render without the page's, kept while it lives. */
  #view?: HTMLDivElement;
  /** An error summary has been rendered in the own fields: from then on each update renders it, or its absence. */
  #summaryShown = false;

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
    return this.#rules.results.map((rule) => ({ ...rule }));
  }

  override disconnectedCallback(): void {
    // Nothing of the secret outlives the element's time on the page (the
    // page's own fields are emptied before they are let go); the re-render
    // keeps the rule list true if the element comes back.
    this.#clear();
    super.disconnectedCallback();
    this.requestUpdate();
  }

  protected clearSecrets(): void {
    this.#clear();
  }

  formAssociatedCallback(form: HTMLFormElement | null): void {
    if (form)
      this.#guard ??= new FormGuard(this, {
        tag: 'secret-setup',
        entries: () =>
          this.#secret === '' ? [] : (this.#page.entries(this.#secret, this.#confirm) ?? [[this.name, this.#secret]]),
        // With an endpoint the element saves a GET submission over JSON (both modes): the GET form never sends.
        sendsItself: () => !!this.endpoint,
        inForm: () => !!this.#page.fields || !!this.name,
        submit: (event, get) => this.#onSubmit(event, get),
      });
    this.#guard?.attach(form);
    // Before the first update there is nothing to give: updated() does it.
    if (this.hasUpdated) this.#syncForm();
  }

  /**
   * The polite region is static markup of the template, its text written
   * here (no template part): emptied first, so that a repeat is new content,
   * then set a moment later, each call replacing the one still waiting (and
   * the rule summary still waiting for a pause in typing).
   */
  #announce(text: string): void {
    clearTimeout(this.#announcing);
    clearTimeout(this.#summarising);
    this.#summarising = undefined;
    const region = this.$('[data-announcer]');
    region?.replaceChildren();
    // The region is the same node then: only the success notification replaces it, and that cancels this.
    this.#announcing = setTimeout(() => region?.replaceChildren(text), 50);
  }

  /**
   * The page's form, enhanced (light-DOM mode): with `endpoint` the element saves over JSON; without, the form posts
   * the page's inputs unless a rule is unmet. With its own fields, only a GET submission (`get`) is its to save.
   */
  #onSubmit(event: SubmitEvent, get: boolean): void {
    if (!this.#page.fields && !get) return;
    this.#setShown(false);
    if (!event.defaultPrevented && (this.endpoint || this.#rules.problems().length > 0)) {
      event.preventDefault();
      void this.save();
    }
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
    if (this.#request?.busy || this.isDisabled) return;
    this.#submitted = true;
    this.#failure = undefined;
    this.#setShown(false);
    if (this.#rules.problems().length > 0 || !this.endpoint) {
      this.requestUpdate();
      await focusErrorSummary(this);
      return;
    }
    // The rules count code points after NFC; the server compares in NFC: send what was counted.
    const secret = this.#secret.normalize('NFC');
    const outcome = await (this.#request ??= new RequestController(this)).run(async (request) =>
      this.#apply(saveAnswerOf(await request({ method: 'POST', url: this.endpoint, body: { secret } }))),
    );
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
      this.$('[part="success"]')?.focus();
    } else if (this.#rules.rejected) {
      await focusErrorSummary(this);
    }
  }

  #apply(answer: SaveAnswer): void {
    if (answer.kind === 'saved') {
      this.#clear();
      this.#saved = true;
      this.requestUpdate();
      fire<SecretSavedDetail>(this, 'secret-saved', { response: answer.response });
      return;
    }
    this.#rules.reject(answer.rules);
    this.requestUpdate();
    fire<SecretRejectedDetail>(this, 'secret-rejected', { rules: answer.rules });
    this.#fireRulesChange();
  }

  #clear(): void {
    // The inputs hold the secret too (a detached input keeps its value):
    // empty them now rather than at the next render, which may never come.
    for (const input of this.#view?.querySelectorAll('input') ?? []) input.value = '';
    this.#page.clear();
    this.#secret = '';
    this.#confirm = '';
    this.#dirty = false;
    this.#submitted = false;
    this.#shown = false;
    this.#failure = undefined;
    this.#rules.reset();
    clearTimeout(this.#announcing);
    clearTimeout(this.#summarising);
    this.#summarising = undefined;
  }

  #setShown(shown: boolean): void {
    if (this.#shown === shown) return;
    this.#shown = shown;
    this.requestUpdate();
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    listenToOwnFields(
      root,
      (field, value) => this.#edit(field, value),
      () => (this.endpoint ? void this.save() : this.form?.requestSubmit()),
      this.#onToggle,
    );
    return root;
  }

  #edit(field: 'secret' | 'confirm', value: string): void {
    // Until a save is tried, or while a failure is on show, typing changes
    // nothing the template renders: only the rule items, which are written
    // directly, with no render, so a keystroke costs one derivation of the
    // rules and a few text writes rather than a template update.
    const rendersSame = this.#dirty && !this.#submitted && !this.#failure;
    if (field === 'secret') this.#secret = value;
    else this.#confirm = value;
    this.#rules.changed(field);
    this.#dirty = true;
    this.#failure = undefined;
    // Like a native input, the form value and validity are current when the
    // input event reaches the host, not one render later.
    this.#syncForm();
    if (rendersSame) this.#writeRules(true);
    else this.requestUpdate();
    this.#fireRulesChange();
    this.#summaryDue = performance.now() + ANNOUNCE_PAUSE_MS;
    this.#summarising ??= setTimeout(() => this.#summarise(), ANNOUNCE_PAUSE_MS);
  }

  #summarise(): void {
    const wait = this.#summaryDue - performance.now();
    if (wait > 0) this.#summarising = setTimeout(() => this.#summarise(), wait);
    else this.#announce(this.#rules.summary());
  }

  #fireRulesChange(): void {
    fire<SecretRulesChangeDetail>(this, 'secret-rules-change', { valid: this.#rules.valid, rules: this.rules });
  }

  readonly #onToggle = () => {
    this.#setShown(!this.#shown);
    const m = this.#i18n.messages;
    this.#announce(this.#shown ? m.secretShown : m.secretHidden);
  };

  async #onOk(): Promise<void> {
    if (!fire(this, 'secret-done', {}, true)) return;
    this.#saved = false;
    this.requestUpdate();
    // The focused button is gone with the notification: focus must not fall back to the page's start.
    await this.updateComplete;
    this.#page.inputOf('secret')?.focus();
  }

  /** The problems to show (after a save was tried), each linked to its field's id. */
  #problems(): Array<SummaryItem & { field: 'secret' | 'confirm' }> {
    if (!this.#submitted) return [];
    const fields = this.#page.fields;
    return this.#rules
      .problems()
      .map((problem) => ({ ...problem, target: fields ? fields[problem.field]?.id : problem.field }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A setting the rules read has changed: derive again (once) for this render.
    if (changed.size > 0) this.#rules.changed();
    const taken = this.#page.takeUp();
    if (taken) {
      this.#secret = taken.secret;
      this.#confirm = taken.confirm;
      this.#dirty ||= this.#secret !== '' || this.#confirm !== '';
      this.#rules.changed('secret');
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The own fields, when this render showed them (not the success notification, nor the page's fields).
    // Put aside, they keep no entry: the page's fields may have taken over from them.
    const view = this.#view;
    if (view?.parentNode === this.renderRoot)
      syncOwnFields(view, this.#fieldsState(), this.#secret, this.#confirm, this.required);
    else for (const input of view?.querySelectorAll('input') ?? []) input.value = '';
    this.#writeRules();
    // Sets only what changed: a render for typing alone finds what the input handler set.
    this.#syncForm();
    this.setStates({
      saving: !!this.#request?.busy,
      saved: this.#saved,
      'user-invalid': this.#submitted && (this.#rules.problems().length > 0 || !!this.#failure),
    });
  }

  /**
   * The rule items from the one derivation, in the element's own list, or
   * (light-DOM mode) with all it adds beside the page's fields; `typing`:
   * only the rules can have changed (the keystroke path).
   */
  #writeRules(typing = false): void {
    const fields = this.#page.fields;
    if (fields) {
      // While the success notification shows, the page's fields are not slotted:
      // nothing beside them to keep. A page in Welsh shows no English while the pack loads.
      if (!this.#saved && this.#i18n.ready)
        if (typing) this.#page.syncRules(this.#rules);
        else this.#page.sync(this.#rules, this.#fieldsState());
      return;
    }
    // Found again only when a render replaced it (the success notification and back), not on every keystroke.
    const list = this.#list?.isConnected ? this.#list : (this.#list = this.$('[part="rules"]'));
    if (list) this.#rules.write(list, false, this.#dirty || this.#submitted);
  }

  #syncForm(): void {
    // The state argument is what the browser keeps in session history: never
    // the secret. In light-DOM mode the page's inputs submit themselves: a
    // value of ours would post the secret twice. Out of a form, no one can
    // read the value: it is given when a form takes the element (above).
    const value = this.#secret === '' || this.#page.fields || !this.internals.form ? null : this.#secret;
    if (value !== this.#formValue) this.internals.setFormValue((this.#formValue = value), '');
    const invalid = this.#rules.validity(this.required);
    const anchor = invalid && this.#page.inputOf(invalid.field);
    const key = JSON.stringify(invalid);
    if (key === this.#validityKey && anchor === this.#validityAnchor) return;
    this.#validityKey = key;
    this.#validityAnchor = anchor;
    if (invalid) this.internals.setValidity(invalid.flags, invalid.message, anchor);
    else this.internals.setValidity({});
  }

  /** What both modes' fields show, from the one derivation. */
  #fieldsState(): FieldsState {
    const problems = this.#problems();
    const { min, max } = this.#rules.limits;
    return {
      messages: this.#i18n.messages,
      errors: {
        secret: problems.find((p) => p.field === 'secret')?.text,
        confirm: problems.find((p) => p.field === 'confirm')?.text,
      },
      shown: this.#shown,
      busy: !!this.#request?.busy,
      disabled: this.isDisabled,
      live: this.#dirty || this.#submitted,
      noConfirm: this.noConfirm,
      saves: !!this.endpoint,
      onToggle: this.#onToggle,
      // Generators that read passwordrules can only be told about A-Z: for a unicode alphabet, say only the lengths.
      passwordRules: `minlength: ${min}; maxlength: ${max};${this.alphabet === 'unicode' ? '' : ' allowed: lower, upper;'}`,
    };
  }

  /** The error summary: the save's failure, then each problem (after a save was tried). */
  #errors(): TemplateResult | typeof nothing {
    const m = this.#i18n.messages;
    const problems = this.#problems();
    const summary: SummaryItem[] = this.#failure ? [{ text: errorMessage(m, this.#failure) }, ...problems] : problems;
    return renderErrorSummary(m.errorSummaryTitle, summary, this);
  }

  override render(): TemplateResult | HTMLDivElement {
    if (this.#saved) return renderSuccess(this.#i18n.messages, () => void this.#onOk());
    // The own fields are the same nodes in every render (written in updated()); the error summary goes
    // in them, in update(). The polite live region is static markup: the announcer writes its text.
    // Light-DOM mode: the page's fields, slotted where the page put them, in one template (no nested
    // one for the slot); what the element adds beside them is written in updated().
    return this.#page.fields
      ? html`${this.#errors()}<slot></slot><div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-announcer></div>`
      : (this.#view ??= createOwnFields());
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const view = this.#view;
    // The summary is rendered in the same update as the fields, before controllers hear of it (the page's
    // summary, PageSummary, reads what renderErrorSummary was given). Until there is one to show, no
    // Lit part is made for it: most elements never show one.
    if (this.#saved || this.#page.fields || !view) return;
    const errors = this.#errors();
    if (errors === nothing && !this.#summaryShown) return;
    this.#summaryShown = true;
    render(errors, view, { host: this, renderBefore: view.querySelector<HTMLElement>('[part="warning"]') });
  }
}

define('secret-setup', SecretSetupElement);

declare global {
  interface HTMLElementTagNameMap {
    'secret-setup': SecretSetupElement;
  }
}
