import type { ErrorDetail } from '../internal/http.js';

/** The details of `<secret-challenge>`'s events (docs/elements/secret-challenge.md, "Events"). */
export type ChallengeMode = 'self' | 'agent';

export interface ChallengeReadyDetail {
  /** The 1-based positions asked for, in the order the boxes show them. Not secret. */
  positions: number[];
}
export interface ChallengeFailedDetail {
  /** Attempts left before the server locks the checks. */
  attemptsRemaining: number;
}
export interface ChallengeLockedDetail {
  /** ISO 8601 time until which checks are locked, as the server sent it; absent when only an admin can unlock. */
  lockedUntil?: string;
}

export type ChallengeReadyEvent = CustomEvent<ChallengeReadyDetail>;
export interface ChallengeVerifiedDetail {
  /**
   * The server's single-use id for this check, when it gives one: the page
   * hands it to the action the check guards (a reset, an unlock), which
   * consumes it server-side. Not a proof on its own, and nothing of the secret.
   */
  verificationId?: string;
}
export type ChallengeVerifiedEvent = CustomEvent<ChallengeVerifiedDetail>;
export type ChallengeFailedEvent = CustomEvent<ChallengeFailedDetail>;
export type ChallengeLockedEvent = CustomEvent<ChallengeLockedDetail>;
export type ChallengeErrorEvent = CustomEvent<ErrorDetail>;
