import { http, HttpResponse } from 'msw';
import { paths } from './data.js';
import { jsonBody, problem } from './problem.js';

/** One acceptance the demo server recorded. */
export interface AupAcceptance {
  version: string;
  /** ISO 8601, the server's clock. */
  acceptedAt: string;
}

/** The demo server's record of acceptances, oldest first. */
const acceptances: AupAcceptance[] = [];

/** Forgets every recorded acceptance (call between tests). */
export function resetAupState(): void {
  acceptances.length = 0;
}

/** What the demo server has recorded since the last reset, oldest first (copies). */
export function aupAcceptances(): AupAcceptance[] {
  return acceptances.map((entry) => ({ ...entry }));
}

/**
 * `POST /api/aup/acceptance`: records that the user accepted a version of
 * the policy, and answers with what it recorded. A body without a non-empty
 * string `version` is a 400 problem.
 */
export const aupHandlers = [
  http.post(paths.aupAcceptance, async ({ request }) => {
    const body = await jsonBody(request);
    const version = typeof body === 'object' && body !== null ? (body as { version?: unknown }).version : undefined;
    if (typeof version !== 'string' || version.trim() === '') {
      return problem(400, 'Bad request', 'The body must be JSON with a non-empty string "version".');
    }
    const acceptance: AupAcceptance = { version, acceptedAt: new Date().toISOString() };
    acceptances.push(acceptance);
    return HttpResponse.json(acceptance);
  }),
];
