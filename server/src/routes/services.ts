/** What the API's route plugins are given (their plugin options). */
import type { ChallengeServices } from '../challenges.js';
import type { SecretServices } from '../secrets.js';

export interface ApiServices extends ChallengeServices, SecretServices {
  /** Secrets one user may try to set in a window (besides the per-session limit). */
  secretRateLimit: { max: number; windowMs: number };
  /** Whether to mark the session cookie `Secure` (always in production). */
  secureCookie: boolean;
  /** The AUP version in force. */
  aupVersion: string;
  /** Called after an account is re-secured (see AppOptions). */
  onResecured?: (userId: string) => Promise<void>;
}
