import { http, type HttpHandler } from 'msw';
import { HISTORY_SIZE, SET_SECRET_PER_MINUTE } from '../src/policy.js';
import { evaluateSecret, sameSecret, type RuleId } from '../src/rules/index.js';
import { paths, route } from './data.js';
import { json, problem } from './problem.js';
import { admit, audit, RECENT_SIGN_IN_MS, resetSessionState, type MockMode } from './session.js';

/** The policy's limits, under the names the mocks have always exported. */
export { HISTORY_SIZE, SET_SECRET_PER_MINUTE as SECRET_RATE_LIMIT_PER_MINUTE };

const RULE_DETAILS = {
  letters: 'The secret must contain only letters.',
  'not-name': "The secret must not be the user's name or organisation's name.",
  length: 'The secret must be between 9 and 64 letters long.',
  history: `The secret must not be one of the last ${HISTORY_SIZE} secrets.`,
  match: 'The entries must match.',
} as const;

/** Times of each user's recent attempts to set a secret. */
const attempts = new Map<string, number[]>();

/** Forgets what the demo server learnt (call between tests). */
export function resetSecretState(): void {
  resetSessionState();
  attempts.clear();
}

/** The 429 for a user's 11th attempt in a minute, else undefined (and the attempt counted). */
function secretRateLimited(userId: string, now: number): Response | undefined {
  const recent = (attempts.get(userId) ?? []).filter((at) => at > now - 60_000);
  if (recent.length >= SET_SECRET_PER_MINUTE) {
    const retryAfter = Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000));
    attempts.set(userId, recent);
    return problem(
      429,
      'Too many requests',
      'Too many new secrets. Try again later.',
      {},
      { 'Retry-After': String(retryAfter) },
    );
  }
  recent.push(now);
  attempts.set(userId, recent);
  return undefined;
}

/**
 * `POST /api/account-secret`: checks the secret with the same rule engine
 * as the element and the user's names, plus the history only a server knows
 * (canonical, case-insensitive: secrets are read out over the phone, where
 * case is not heard). Needs a sign-in within the last 15 minutes.
 * The mock keeps secrets in plain text in memory: never do that (docs/backend.md).
 */
export function secretRoutes(mode: MockMode): HttpHandler[] {
  return [
    http.post(route(paths.secret), async ({ request }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      const { session, user, body } = caller;
      const secret =
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? (body as { secret?: unknown }).secret
          : undefined;
      if (typeof secret !== 'string' || Object.keys(body as object).length !== 1) {
        return problem(400, 'Bad request', 'The body must be JSON with a string "secret" and nothing else.');
      }
      if (Date.now() - session.authTime > RECENT_SIGN_IN_MS) {
        return problem(401, 'Unauthorized', 'Sign in again before setting a secret.');
      }
      // The lenient demo session has no rate limit (as in admit).
      const limited = session.lenient ? undefined : secretRateLimited(user.userId, Date.now());
      if (limited) return limited;
      const unmet: RuleId[] = evaluateSecret(secret, user)
        .filter((rule) => rule.state === 'unmet')
        .map((rule) => rule.id);
      // The history only once the rules pass: a real server's history check is slow hashes, never spent on a refused secret.
      if (unmet.length === 0 && user.history.slice(0, HISTORY_SIZE).some((earlier) => sameSecret(earlier, secret)))
        unmet.push('history');
      if (unmet.length > 0) {
        audit({ actorId: session.userId, userId: user.userId, action: 'secret-rejected', outcome: 'failure' });
        return problem(422, 'Secret not accepted', 'The secret does not meet every rule.', {
          errors: unmet.map((rule) => ({ rule, detail: RULE_DETAILS[rule] })),
        });
      }
      const normalised = secret.normalize('NFC');
      // The lenient demo session keeps the demo secret the page shows
      // (`demoChallengeSecret`) for its checks; a signed-in session's checks
      // ask for the secret it just set, as a real server's do.
      if (!session.lenient) user.secret = normalised;
      // A new secret: set now, nothing told to agents yet, no change due.
      user.secretSetAt = Date.now();
      user.told = [];
      user.mustChange = undefined;
      user.history.unshift(normalised);
      user.history.length = Math.min(user.history.length, HISTORY_SIZE);
      audit({ actorId: session.userId, userId: user.userId, action: 'secret-set', outcome: 'success' });
      return json({ savedAt: new Date().toISOString() });
    }),
  ];
}

/** The secret handler in lenient mode (the demo user needs no session). */
export const secretHandlers = secretRoutes({ lenient: true });
