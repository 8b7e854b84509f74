import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { safeHref } from '../internal/base.js';
import { renderErrorSummary, renderServiceError } from '../internal/error-summary.js';
import { timeOfDay } from '../internal/i18n.js';
import { errorMessage } from '../internal/messages.js';
import type { CharBoxes } from './char-boxes.js';
import type { Challenge } from './challenge-model.js';
import type { SecretChallengeMessages } from './messages.js';

import type { ChallengeSession } from './session.js';

/** What `<secret-challenge>`'s shadow root shows, read from the element's state once per render. */
export interface ChallengeView {
  /** The challenge on show and its request's state. */
  session: ChallengeSession;
  /** The element, so its error summary can use the page's own ("HTML first"). */
  host: ReactiveControllerHost & HTMLElement;
  messages: SecretChallengeMessages;
  lang: string;
  agent: boolean;
  /** The characters are shown as typed. */
  shown: boolean;
  helpHref: string;
  /** The boxes left empty when Verify was pressed. */
  missing: readonly number[];
  /** The page's own boxes ("HTML first"), slotted where the page put them. */
  given?: readonly HTMLInputElement[];
  fullSecretError?: string;
  /** The element's own Verify button: with `endpoint`, and no page's form to submit. */
  verifyButton: boolean;
  boxes: CharBoxes;
  announcer: TemplateResult;
  verify(): void;
  reload(): void;
  toggle(): void;
}

/** The element's shadow root in each phase of the challenge. */
export function renderChallenge(view: ChallengeView): TemplateResult {
  const { messages: m, announcer, agent, session } = view;
  switch (session.phase) {
    case 'idle':
      // Nothing asked yet (no positions, no endpoint): the page's form stays as the page wrote it.
      return html`${renderFailure(view)} ${view.given && !session.failure ? html`<slot></slot>` : nothing} ${announcer}`;
    case 'loading':
      return html`<p class="hint loading">${m.loading}</p>
        ${announcer}`;
    case 'load-failed':
      return html`${renderFailure(view)}
        <button type="button" class="secondary" part="retry" @click=${() => view.reload()}>${m.retry}</button>
        ${renderHelp(view)} ${announcer}`;
    case 'verified':
      return html`<div class="panel" part="status" data-state="verified" role="status" tabindex="-1" aria-labelledby="status-title">
          <h2 id="status-title">${agent ? m.verifiedTitleAgent : m.verifiedTitleSelf}</h2>
          <p>${agent ? m.verifiedBodyAgent : m.verifiedBodySelf}</p>
        </div>
        ${announcer}`;
    case 'locked':
      return html`<div class="panel panel--locked" part="status" data-state="locked" role="status" tabindex="-1" aria-labelledby="status-title">
          <h2 id="status-title">${m.lockedTitle}</h2>
          <p>${lockedText(view)}</p>
          ${renderHelp(view)}
        </div>
        ${announcer}`;
    case 'ready':
      return session.challenge ? renderReady(view, session.challenge) : html`${announcer}`;
  }
}

function lockedText({ messages: m, agent, session, lang }: ChallengeView): string {
  const lockedUntil = session.lockedUntil;
  if (lockedUntil === undefined) return agent ? m.lockedAdminAgent : m.lockedAdminSelf;
  const time = timeOfDay(new Date(lockedUntil), lang);
  return agent ? m.lockedAgent(time) : m.lockedSelf(time);
}

function renderFailure({ messages: m, session }: ChallengeView): TemplateResult | typeof nothing {
  const failure = session.failure;
  return failure ? renderServiceError(m.errorSummaryTitle, errorMessage(m, failure)) : nothing;
}

function renderHelp({ messages: m, agent, helpHref }: ChallengeView): TemplateResult {
  const text = agent ? m.helpAgent : m.helpSelf;
  const href = safeHref(helpHref);
  return html`<p class="help" part="help">${href ? html`<a href=${href}>${text}</a>` : text}</p>`;
}

function renderReady(view: ChallengeView, challenge: Challenge): TemplateResult {
  const { messages: m, agent, shown, missing, given, session } = view;
  const { busy, notice } = session;
  const summary = missing.map((index) => ({
    text: m.errorMissing(challenge.positions[index]),
    // The page's boxes are in the host's tree (the summary's links reach it).
    target: given ? given[index].id : `char-${index}`,
  }));
  const remaining = challenge.attemptsRemaining;
  const failed = notice === 'failed' && remaining !== undefined;
  const attempts = remaining !== undefined && notice !== 'failed';
  const ids = challenge.positions.map((_, index) => `char-${index}`).join(' ');

  return html`
    ${renderErrorSummary(m.errorSummaryTitle, summary, view.host)} ${renderFailure(view)}
    ${
      failed
        ? html`<div class="notice notice--failed" part="status" data-state="failed">
          <p>${agent ? m.failedAgent(remaining) : m.failedSelf(remaining)}</p>
        </div>`
        : nothing
    }
    ${
      notice === 'expired'
        ? html`<div class="notice" part="status" data-state="expired"><p>${m.expired}</p></div>`
        : nothing
    }
    ${
      given
        ? html`<slot></slot>`
        : html`<fieldset part="fieldset" class=${view.boxes.hasError(missing) ? 'field--error' : ''} aria-describedby="hint${attempts ? ' attempts' : ''}">
      <legend>${agent ? m.legendAgent : m.legendSelf}</legend>
      <p class="hint" id="hint">${agent ? m.hintAgent : m.hintSelf}</p>
      ${
        attempts
          ? html`<p class="attempts" id="attempts">${agent ? m.attemptsAgent(remaining) : m.attemptsSelf(remaining)}</p>`
          : nothing
      }
      ${view.boxes.render(agent || shown ? 'text' : 'password', busy, missing)}
      ${
        agent
          ? nothing
          : html`<button
            type="button"
            class="secondary toggle"
            part="toggle"
            aria-controls=${ids}
            aria-label=${shown ? m.hideCharacters : m.showCharacters}
            @click=${() => view.toggle()}
          >
            ${shown ? m.hide : m.show}
          </button>`
      }
    </fieldset>`
    }
    ${
      agent
        ? nothing
        : html`<div class="field full-secret ${view.fullSecretError ? 'field--error' : ''}">
          <slot name="full-secret-label"></slot>
          <slot name="full-secret-hint"></slot>
          <slot name="full-secret-error"></slot>
          <slot name="full-secret-input"></slot>
        </div>`
    }
    ${
      view.verifyButton
        ? html`<button type="button" part="submit" aria-disabled=${busy ? 'true' : 'false'} @click=${() => view.verify()}>
          ${busy ? m.verifying : m.verify}
        </button>`
        : nothing
    }
    ${agent ? nothing : renderHelp(view)} ${view.announcer}
  `;
}
