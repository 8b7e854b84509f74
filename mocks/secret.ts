import { http, HttpResponse } from 'msw';
import { evaluateSecret, sameSecret } from '../src/rules/index.js';
import { demoPreviousSecrets, demoUser, paths } from './data.js';
import { jsonBody, problem } from './problem.js';

/** How many earlier secrets the demo server refuses. */
export const HISTORY_SIZE = 5;

const RULE_DETAILS = {
  letters: 'The secret must contain only letters.',
  'not-name': "The secret must not be the user's name or organisation's name.",
  length: 'The secret must be between 9 and 64 letters long.',
  history: `The secret must not be one of the last ${HISTORY_SIZE} secrets.`,
  match: 'The entries must match.',
} as const;

/** The demo server's memory of secrets, newest first. */
const history: string[] = [...demoPreviousSecrets];

/** Forgets what the demo server learnt (call between tests). */
export function resetSecretState(): void {
  history.splice(0, history.length, ...demoPreviousSecrets);
}

/**
 * `POST /api/account-secret`: checks the secret with the same rule engine
 * as the element, plus the history only a server knows (case-insensitive:
 * secrets are read out over the phone, where case is not heard).
 */
export const secretHandlers = [
  http.post(paths.secret, async ({ request }) => {
    const body = await jsonBody(request);
    const secret = typeof body === 'object' && body !== null ? (body as { secret?: unknown }).secret : undefined;
    if (typeof secret !== 'string') {
      return problem(400, 'Bad request', 'The body must be JSON with a string "secret".');
    }
    const unmet = evaluateSecret(secret, demoUser)
      .filter((rule) => rule.state === 'unmet')
      .map((rule) => rule.id);
    if (history.slice(0, HISTORY_SIZE).some((earlier) => sameSecret(earlier, secret))) unmet.push('history');
    if (unmet.length > 0) {
      return problem(422, 'Secret not accepted', 'The secret does not meet every rule.', {
        errors: unmet.map((rule) => ({ rule, detail: RULE_DETAILS[rule] })),
      });
    }
    history.unshift(secret);
    history.length = Math.min(history.length, HISTORY_SIZE);
    return HttpResponse.json({ savedAt: new Date().toISOString() });
  }),
];
