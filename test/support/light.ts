/**
 * The page's own markup for light-DOM ("HTML first") mode, as the reference
 * server renders it (MARKUP.md): one factory per element, shared by every
 * suite that runs over both modes, so what "light mode" means is said once.
 * Labels are the page's own text; a suite that checks the page in Welsh
 * passes the page's Welsh wording.
 */
import { html, nothing, render, type TemplateResult } from 'lit';
import { until } from '../helpers.js';

/** The two ways a page uses each element: its own controls in shadow DOM, or the page's own among its children. */
export const MODES = ['shadow', 'light'] as const;
export type Mode = (typeof MODES)[number];
/** A describe title's tail naming the mode. */
export const modeTitle = (mode: Mode): string =>
  mode === 'light' ? "light DOM: the page's own controls" : 'shadow DOM: its own controls';

/** The page's own words for its controls: English by default. */
export interface PageWording {
  secretLabel: string;
  hint: string;
  confirmLabel: string;
  save: string;
}
const ENGLISH_PAGE: PageWording = {
  secretLabel: 'Your new account secret',
  hint: 'Use letters only.',
  confirmLabel: 'Enter the secret again',
  save: 'Save your account secret',
};

/** What a `<secret-setup>` page may show besides its two fields. */
export interface SetupFieldsOptions {
  noConfirm?: boolean;
  wording?: PageWording;
  /** The page's plain-text list of the rules (MARKUP.md), which the element turns into its live checklist. */
  rules?: boolean;
  /** A server-rendered error for the secret (GOV.UK markup, MARKUP.md), with this text. */
  serverError?: string;
  /** The confirm input disabled by the page itself, in its markup. */
  confirmDisabled?: boolean;
}

/** The page's rule items as MARKUP.md gives them (the element's English wording, by rule id). */
const PAGE_RULES: Array<[id: string, text: string]> = [
  ['letters', 'only letters'],
  ['not-name', "not your name or your organisation's name"],
  ['length', 'at least 9 letters'],
  ['history', 'not one of your last 5 secrets'],
  ['match', 'both entries match'],
];

/** The page's `<secret-setup>` fields (MARKUP.md, server/src/pages/templates/secret.njk). */
export function setupPageFields({
  noConfirm = false,
  wording = ENGLISH_PAGE,
  rules = false,
  serverError,
  confirmDisabled = false,
}: SetupFieldsOptions = {}): DocumentFragment {
  const template = document.createElement('template');
  const describedBy = ['secret-hint', rules ? 'secret-rules' : '', serverError ? 'secret-error' : '']
    .filter(Boolean)
    .join(' ');
  template.innerHTML = `<div class="nhsuk-form-group${serverError ? ' nhsuk-form-group--error' : ''}">
      <label class="nhsuk-label" for="secret"></label>
      <div class="nhsuk-hint" id="secret-hint"></div>${
        rules
          ? `<ul class="ase-rules" id="secret-rules">${PAGE_RULES.map(([id]) => `<li data-rule="${id}"></li>`).join('')}</ul>`
          : ''
      }${
        serverError
          ? '<span class="nhsuk-error-message" id="secret-error"><span class="nhsuk-u-visually-hidden">Error:</span> </span>'
          : ''
      }
      <input class="nhsuk-input" type="password" id="secret" name="secret" autocomplete="off" spellcheck="false"
        autocapitalize="none" autocorrect="off" passwordrules="allowed: upper, lower; minlength: 9; maxlength: 64;"
        aria-describedby="${describedBy}"${serverError ? ' aria-invalid="true"' : ''}>
    </div>${
      noConfirm
        ? ''
        : `<div class="nhsuk-form-group">
      <label class="nhsuk-label" for="secret-confirm"></label>
      <input class="nhsuk-input" type="password" id="secret-confirm" name="confirm" autocomplete="off"
        spellcheck="false" autocapitalize="none" autocorrect="off"${confirmDisabled ? ' disabled' : ''}>
    </div>`
    }`;
  const fields = template.content;
  // Set as text: the page's wording is never parsed as markup.
  fields.querySelector('label[for="secret"]')!.textContent = wording.secretLabel;
  fields.querySelector('#secret-hint')!.textContent = wording.hint;
  const confirmLabel = fields.querySelector('label[for="secret-confirm"]');
  if (confirmLabel) confirmLabel.textContent = wording.confirmLabel;
  for (const [id, text] of PAGE_RULES) {
    const item = fields.querySelector(`li[data-rule="${id}"]`);
    if (item) item.textContent = text;
  }
  fields.querySelector('#secret-error')?.append(serverError ?? '');
  return fields;
}

/** Where and how a page's form is sent (the fixtures' forms share it). */
interface PageFormOptions {
  /** The form's `method` (`post` by default; null: none, so the form is sent with GET). */
  method?: string | null;
  action?: string;
  target?: string;
}

/** A page's `<form>` (MARKUP.md): its CSRF field, then `content`. */
function pageForm(attributes: PageFormOptions, content: TemplateResult): TemplateResult {
  return html`<form
    method=${attributes.method === null ? nothing : (attributes.method ?? 'post')}
    action=${attributes.action ?? '/never'}
    target=${attributes.target ?? nothing}
    novalidate
  >
    <input type="hidden" name="csrf" value="TOKEN" />
    ${content}
  </form>`;
}

/**
 * The page's `<secret-setup>` form (MARKUP.md): a CSRF field, the element
 * with the page's fields, the page's submit button. `action` and `target`
 * let a test send it somewhere it can read (a frame).
 */
export function setupPageForm(
  attributes: SetupFieldsOptions &
    PageFormOptions & {
      endpoint?: string;
      givenName?: string;
      familyName?: string;
      organisation?: string;
      /** false: the element without the page's fields (shadow mode: it shows its own controls). */
      pageFields?: boolean;
      /** What the page shows in its form before the element (a field of its own). */
      before?: unknown;
      /** A `<fieldset>` of the page's around the element, with this legend (its submit button stays outside). */
      fieldset?: string;
    } = {},
): TemplateResult {
  const element = html`<secret-setup
    endpoint=${attributes.endpoint ?? nothing}
    given-name=${attributes.givenName ?? nothing}
    family-name=${attributes.familyName ?? nothing}
    organisation=${attributes.organisation ?? nothing}
    ?no-confirm=${!!attributes.noConfirm}
    >${attributes.pageFields === false ? nothing : setupPageFields(attributes)}</secret-setup
  >`;
  return pageForm(
    attributes,
    html`${attributes.before ?? nothing}
      ${
        attributes.fieldset === undefined
          ? element
          : html`<fieldset>
              <legend>${attributes.fieldset}</legend>
              ${element}
            </fieldset>`
      }
      <button class="nhsuk-button" type="submit">${(attributes.wording ?? ENGLISH_PAGE).save}</button>`,
  );
}

/**
 * A page's markup as HTML source, for a document that never runs the
 * elements (an iframe's `srcdoc`: the page before, or without, the script).
 * Rendered detached, so the element is never connected and adds nothing.
 */
export function pageSource(template: TemplateResult): string {
  const source = document.createElement('div');
  render(template, source);
  return source.innerHTML.replace(/<!--[^]*?-->/g, '');
}

/**
 * Turns a `<secret-setup>` into light mode: the page's fields go into the
 * element, and the element into a form of the page's with its own submit
 * button (unless it is in a form already). Resolves once the element has
 * taken the fields over.
 */
export async function setupToLight(
  el: HTMLElement & { noConfirm: boolean; updateComplete: Promise<boolean> },
  wording: PageWording = ENGLISH_PAGE,
): Promise<void> {
  if (!el.closest('form')) {
    const form = Object.assign(document.createElement('form'), { method: 'post', action: '/never' });
    form.noValidate = true;
    el.replaceWith(form);
    form.append(el, Object.assign(document.createElement('button'), { type: 'submit', textContent: wording.save }));
  }
  el.append(setupPageFields({ noConfirm: el.noConfirm, wording }));
  await until(() => !!el.querySelector('.ase-toggle'), 5000, "the page's fields enhanced");
  await el.updateComplete;
}

/** The page's `<secret-setup>` Save: its own submit button, a direct child of its form. */
export const pageSubmit = (el: Element): HTMLButtonElement =>
  el.closest('form')!.querySelector<HTMLButtonElement>(':scope > button[type="submit"]')!;

/**
 * The page's `<secret-challenge>` form (MARKUP.md, server/src/pages/templates/challenge.njk): one
 * labelled input per position, in the page's form with its CSRF and challenge id fields.
 */
export function challengePageForm(
  attributes: PageFormOptions & {
    mode?: 'self' | 'agent';
    endpoint?: string;
    /** The positions the page's boxes are labelled for, one box each. */
    positions: number[];
    /** The page's wording, in the page's language. */
    legend: string;
    charLabel: (position: number) => string;
    /** The page's hint under the legend (`answers-hint`), if it shows one. */
    hint?: string;
    /** A server-rendered error for the boxes (GOV.UK markup: `answers-error`, each box invalid), with this text. */
    serverError?: string;
    challengeId?: string;
    /**
     * Whether the element is told its positions (a page that rendered a challenge): true for the
     * boxes' own, or other positions (a page whose boxes do not fit); else it fetches one.
     */
    givePositions?: boolean | readonly number[];
    /** false: the element and its boxes with no form around them (a page that does not post them). */
    form?: boolean;
    account?: string;
    /** The page's submit button's wording. */
    submit?: string;
  },
): TemplateResult {
  const agentMode = attributes.mode === 'agent';
  const { givePositions, hint, serverError } = attributes;
  const told = givePositions === true ? attributes.positions : givePositions || undefined;
  const describedBy = [hint ? 'answers-hint' : '', serverError ? 'answers-error' : ''].filter(Boolean).join(' ');
  const element = html`<secret-challenge
    mode=${agentMode ? 'agent' : 'self'}
    endpoint=${attributes.endpoint ?? ''}
    account=${attributes.account ?? nothing}
    positions=${told ? told.join(',') : nothing}
    challenge-id=${attributes.challengeId ?? nothing}
  >
    <div class="nhsuk-form-group${serverError ? ' nhsuk-form-group--error' : ''}">
      <fieldset class="nhsuk-fieldset" aria-describedby=${describedBy || nothing}>
        <legend class="nhsuk-fieldset__legend">${attributes.legend}</legend>
        ${hint ? html`<div class="nhsuk-hint" id="answers-hint">${hint}</div>` : nothing}
        ${
          serverError
            ? html`<span class="nhsuk-error-message" id="answers-error"
                ><span class="nhsuk-u-visually-hidden">Error:</span> ${serverError}</span
              >`
            : nothing
        }
        ${attributes.positions.map(
          (position, index) => html`<div class="ase-char">
            <label for="answer-${index + 1}">${attributes.charLabel(position)}</label>
            <input
              class="nhsuk-input"
              id="answer-${index + 1}"
              name="answers"
              type=${agentMode ? 'text' : 'password'}
              autocomplete="off"
              spellcheck="false"
              autocapitalize="none"
              autocorrect="off"
              size="2"
              aria-describedby=${serverError ? 'answers-error' : nothing}
              aria-invalid=${serverError ? 'true' : nothing}
            />
          </div>`,
        )}
      </fieldset>
    </div>
  </secret-challenge>`;
  if (attributes.form === false) return element;
  return pageForm(
    attributes,
    html`<input type="hidden" name="challengeId" value=${attributes.challengeId ?? 'c-page'} />
    ${element}
      <button class="nhsuk-button" type="submit">${attributes.submit ?? 'Check'}</button>`,
  );
}

/**
 * The page's `<aup-consent>` (MARKUP.md, server/src/pages/templates/aup.njk): the policy and the
 * page's own submit button as children, in the page's form.
 */
export function aupPage(attributes: {
  version: string;
  endpoint?: string;
  policy: unknown;
  accept: string;
  style?: string;
  /** What the page shows in its form before the element (a note its button refers to). */
  before?: unknown;
  /** The page's own `aria-describedby` on its button. */
  buttonDescribedBy?: string;
  /** The form's `method` (`post` by default; null: none, so the form is sent with GET). */
  method?: string | null;
}): TemplateResult {
  return html`<form method=${attributes.method === null ? nothing : (attributes.method ?? 'post')} action="/never">
    <input type="hidden" name="csrf" value="TOKEN" />
    ${attributes.before ?? nothing}
    <aup-consent version=${attributes.version} endpoint=${attributes.endpoint ?? nothing} style=${attributes.style ?? nothing}
      >${attributes.policy}<button
        class="nhsuk-button"
        type="submit"
        name="version"
        value=${attributes.version}
        aria-describedby=${attributes.buttonDescribedBy ?? nothing}
      >
        ${attributes.accept}
      </button></aup-consent
    >
  </form>`;
}
