/**
 * The account-secret policy, defined once for the reference server and the
 * mocks: limits, lifetimes and the audit actions. No DOM: it runs in Node
 * and browsers. The conformance kit (conformance/) keeps its own copy on
 * purpose, as an independent check of both.
 */

/** Wrong answers in a row before the account is locked. */
export const MAX_FAILED_ATTEMPTS = 5;
/** How long a lock lasts. */
export const LOCK_MS = 15 * 60 * 1000;
/** Locks within `LOCK_WINDOW_MS` after which only an admin can unlock. */
export const LOCKS_BEFORE_ADMIN = 3;
/** The window in which locks escalate. */
export const LOCK_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Unlocks of one account allowed within `UNLOCK_WINDOW_MS`. */
export const MAX_UNLOCKS = 2;
export const UNLOCK_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Characters asked for in one challenge. */
export const CHALLENGE_SIZE = 3;
/** Positions are drawn from 1..9, so they say nothing of the secret's length (at least 9). */
export const HIGHEST_POSITION = 9;
/** How long a challenge may be answered after it was handed out. */
export const CHALLENGE_LIFETIME_MS = 10 * 60 * 1000;
/** How long a verification may be consumed after the check. */
export const VERIFICATION_LIFETIME_MS = 10 * 60 * 1000;
/** Distinct positions told to agents (since the secret was set) after which a new secret is due. */
export const EXPOSED_POSITIONS = 6;

/** How many earlier secrets (the current one included) may not be reused. */
export const HISTORY_SIZE = 5;
/** Attempts to set a secret one session may make in a minute (each costs slow hashes). */
export const SET_SECRET_PER_MINUTE = 10;
/** How recent a sign-in must be to set a secret. */
export const RECENT_SIGN_IN_MS = 15 * 60 * 1000;

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** What the audit trail records, as `GET /api/admin/audit` lists it. */
export type AuditAction =
  | 'secret-set'
  | 'secret-rejected'
  | 'aup-accepted'
  | 'challenge-verified'
  | 'challenge-failed'
  | 'challenge-locked'
  | 'challenge-unlocked'
  | 'verification-consumed'
  | 'challenge-read'
  | 'secret-resecured'
  | 'secret-exposed';
