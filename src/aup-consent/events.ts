import type { ErrorDetail } from '../internal/http.js';

/** The details of `<aup-consent>`'s events (docs/elements/aup-consent.md, "Events"). */
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
