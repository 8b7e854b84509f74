import type { ErrorDetail } from '../internal/http.js';
import type { RuleId, RuleResult } from '../rules/index.js';

/** The details of `<secret-setup>`'s events (docs/elements/secret-setup.md, "Events"). */
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

// Typed listeners for hosts: `addEventListener('secret-saved', (e) => e.detail.response)`.
declare global {
  interface GlobalEventHandlersEventMap {
    'secret-rules-change': SecretRulesChangeEvent;
    'secret-saved': SecretSavedEvent;
    'secret-rejected': SecretRejectedEvent;
    'secret-error': SecretErrorEvent;
    'secret-done': SecretDoneEvent;
  }
}
