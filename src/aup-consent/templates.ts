import { html, nothing, type TemplateResult } from 'lit';
import type { RequestError } from '../internal/http.js';
import { errorMessage } from '../internal/messages.js';
import type { AupAcceptedDetail } from './events.js';
import type { AupConsentMessages } from './messages.js';

/** What `<aup-consent>`'s own controls show, read from the element's state once per render. */
export interface ConsentView {
  messages: AupConsentMessages;
  lang: string;
  /** The end of the policy has been in view. */
  read: boolean;
  /** Accept was pressed before the end: the hint is emphasised. */
  nudged: boolean;
  busy: boolean;
  disabled: boolean;
  /** A surrounding form refused to submit without the acceptance. */
  showRequired: boolean;
  /** The acceptance is recorded by the server (and cannot be withdrawn here). */
  recorded: boolean;
  accept(): void;
  decline(): void;
}

/** An ISO time in the page's language, or undefined when it is not a time. */
export function formatTime(iso: string, lang: string): string | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(date);
}

/** The policy from `src`: its content once loaded, or why it did not load (with a retry), or that it is loading. */
export function renderFetched(
  m: AupConsentMessages,
  content: HTMLElement | undefined,
  failure: RequestError | undefined,
  retry: () => void,
): TemplateResult | HTMLElement {
  if (content) return content;
  if (failure) {
    return html`<p class="error-message" id="load-error">
        <span class="visually-hidden">${m.errorPrefix}</span> ${m.loadFailed}
        ${errorMessage(m, failure)}
      </p>
      <button type="button" class="secondary" id="retry" @click=${retry}>${m.retry}</button>`;
  }
  return html`<p class="status">${m.loading}</p>`;
}

/** The hint, the required-field error, Accept and Decline. */
export function renderActions(view: ConsentView): TemplateResult {
  const { messages: m, read, busy, disabled, showRequired } = view;
  const unavailable = !read || busy;
  const describedBy = [!read ? 'hint' : '', showRequired ? 'required-error' : ''].filter(Boolean).join(' ');
  return html`<p id="hint" part="hint" class="hint ${view.nudged ? 'hint--nudged' : ''}">
      ${read ? m.hintRead : m.hintUnread}
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
        ?disabled=${disabled}
        @click=${() => view.accept()}
      >
        ${busy ? m.accepting : m.accept}
      </button>
      <button
        id="decline"
        part="decline"
        type="button"
        class="secondary"
        ?disabled=${disabled}
        @click=${() => view.decline()}
      >
        ${m.decline}
      </button>
    </div>`;
}

/** The notice of the acceptance, with the button that withdraws it when it is a form control's. */
export function renderConfirmation(view: ConsentView, acceptance: AupAcceptedDetail): TemplateResult {
  const m = view.messages;
  const when = formatTime(acceptance.acceptedAt, view.lang) ?? acceptance.acceptedAt;
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
      view.recorded
        ? nothing
        : // A form control's value can change until the form is sent, as a checkbox's can.
          html`<button
          id="decline"
          part="decline"
          type="button"
          class="secondary"
          ?disabled=${view.disabled}
          @click=${() => view.decline()}
        >
          ${m.withdraw}
        </button>`
    }
  </div>`;
}
