/**
 * The page's own markup for light-DOM ("HTML first") mode, as the reference
 * server renders it (MARKUP.md): one factory per element, shared by every
 * suite that runs over both modes, so what "light mode" means is said once.
 * Labels are the page's own text; a suite that checks the page in Welsh
 * passes the page's Welsh wording.
 */
import { html, nothing, type TemplateResult } from 'lit';
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

/** The page's `<secret-setup>` fields (MARKUP.md). */
function setupPageFields(noConfirm: boolean, wording: PageWording = ENGLISH_PAGE): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = `<div class="nhsuk-form-group">
      <label class="nhsuk-label" for="secret"></label>
      <div class="nhsuk-hint" id="secret-hint"></div>
      <input class="nhsuk-input" type="password" id="secret" name="secret" autocomplete="off" spellcheck="false"
        autocapitalize="none" autocorrect="off" aria-describedby="secret-hint">
    </div>${
      noConfirm
        ? ''
        : `<div class="nhsuk-form-group">
      <label class="nhsuk-label" for="secret-confirm"></label>
      <input class="nhsuk-input" type="password" id="secret-confirm" name="confirm" autocomplete="off"
        spellcheck="false" autocapitalize="none" autocorrect="off">
    </div>`
    }`;
  const fields = template.content;
  // Set as text: the page's wording is never parsed as markup.
  fields.querySelector('label[for="secret"]')!.textContent = wording.secretLabel;
  fields.querySelector('#secret-hint')!.textContent = wording.hint;
  const confirmLabel = fields.querySelector('label[for="secret-confirm"]');
  if (confirmLabel) confirmLabel.textContent = wording.confirmLabel;
  return fields;
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
  el.append(setupPageFields(el.noConfirm, wording));
  await until(() => !!el.querySelector('.ase-toggle'), 5000, "the page's fields enhanced");
  await el.updateComplete;
}

/** The page's `<secret-setup>` Save: its own submit button, a direct child of its form. */
export const pageSubmit = (el: Element): HTMLButtonElement =>
  el.closest('form')!.querySelector<HTMLButtonElement>(':scope > button[type="submit"]')!;

/** The page's `<secret-challenge>` form (MARKUP.md): one labelled input per position, in the page's form. */
export function challengePageForm(attributes: {
  mode?: 'self' | 'agent';
  endpoint?: string;
  positions: number[];
  /** The page's wording, in the page's language. */
  legend: string;
  charLabel: (position: number) => string;
  challengeId?: string;
  /** Whether the element is told its positions (a page that rendered a challenge); else it fetches one. */
  givePositions?: boolean;
  /** The form's `method` (`post` by default; null: none, so the form is sent with GET). */
  method?: string | null;
  account?: string;
  /** The page's submit button's wording. */
  submit?: string;
}): TemplateResult {
  const agentMode = attributes.mode === 'agent';
  return html`<form method=${attributes.method === null ? nothing : (attributes.method ?? 'post')} action="/never">
    <input type="hidden" name="csrf" value="TOKEN" />
    <input type="hidden" name="challengeId" value=${attributes.challengeId ?? 'c-page'} />
    <secret-challenge
      mode=${agentMode ? 'agent' : 'self'}
      endpoint=${attributes.endpoint ?? ''}
      account=${attributes.account ?? nothing}
      positions=${attributes.givePositions ? attributes.positions.join(',') : nothing}
      challenge-id=${attributes.challengeId ?? nothing}
    >
      <fieldset class="nhsuk-fieldset">
        <legend class="nhsuk-fieldset__legend">${attributes.legend}</legend>
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
            />
          </div>`,
        )}
      </fieldset>
    </secret-challenge>
    <button class="nhsuk-button" type="submit">${attributes.submit ?? 'Check'}</button>
  </form>`;
}

/** The page's `<aup-consent>` (MARKUP.md): the policy and the page's own submit button as children, in the page's form. */
export function aupPage(attributes: {
  version: string;
  endpoint?: string;
  policy: unknown;
  accept: string;
  style?: string;
}): TemplateResult {
  return html`<form method="post" action="/never">
    <input type="hidden" name="csrf" value="TOKEN" />
    <aup-consent version=${attributes.version} endpoint=${attributes.endpoint ?? nothing} style=${attributes.style ?? nothing}
      >${attributes.policy}<button class="nhsuk-button" type="submit" name="version" value=${attributes.version}>
        ${attributes.accept}
      </button></aup-consent
    >
  </form>`;
}
