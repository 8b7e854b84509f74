import { http, type HttpHandler } from 'msw';
import { paths, route } from './data.js';
import { json, problem } from './problem.js';
import { admit, audit, type MockMode } from './session.js';

/** One acceptance the demo server recorded. */
export interface AupAcceptance {
  version: string;
  /** ISO 8601, the server's clock. */
  acceptedAt: string;
}

/** The longest policy version the contract accepts (UTF-16 code units, as JSON Schema's maxLength counts in JavaScript validators). */
export const MAX_VERSION_LENGTH = 64;

/** The demo server's record of acceptances, oldest first, with who accepted. */
const acceptances: Array<AupAcceptance & { userId: string }> = [];

/** Forgets every recorded acceptance (call between tests). */
export function resetAupState(): void {
  acceptances.length = 0;
}

/** What the demo server has recorded since the last reset, oldest first (copies). */
export function aupAcceptances(): AupAcceptance[] {
  return acceptances.map(({ version, acceptedAt }) => ({ version, acceptedAt }));
}

/** `userId`'s latest acceptance, or undefined. */
export function latestAcceptance(userId: string): AupAcceptance | undefined {
  const latest = acceptances.filter((entry) => entry.userId === userId).at(-1);
  return latest && { version: latest.version, acceptedAt: latest.acceptedAt };
}

/**
 * `POST /api/aup/acceptance`: records that the user accepted a version of
 * the policy, and answers 201 with what it recorded. A body other than
 * `{"version": "<non-empty string>"}` is a 400 problem.
 * `GET /api/aup/acceptance`: the user's latest acceptance, or 404.
 */
export function aupRoutes(mode: MockMode): HttpHandler[] {
  return [
    http.post(route(paths.aupAcceptance), async ({ request }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      const { body, session } = caller;
      const version =
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? (body as { version?: unknown }).version
          : undefined;
      if (
        typeof version !== 'string' ||
        version.trim() === '' ||
        version.length > MAX_VERSION_LENGTH ||
        Object.keys(body as object).length !== 1
      ) {
        return problem(
          400,
          'Bad request',
          `The body must be JSON with a non-empty string "version" of at most ${MAX_VERSION_LENGTH} characters, and nothing else.`,
        );
      }
      const acceptance: AupAcceptance = { version, acceptedAt: new Date().toISOString() };
      acceptances.push({ ...acceptance, userId: session.userId });
      audit({ actorId: session.userId, userId: session.userId, action: 'aup-accepted', outcome: 'success' });
      return json(acceptance, { status: 201 });
    }),
    http.get(route(paths.aupAcceptance), async ({ request }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      const latest = latestAcceptance(caller.session.userId);
      if (!latest) return problem(404, 'Not found', 'This user has not accepted the policy.');
      return json({ version: latest.version, acceptedAt: latest.acceptedAt });
    }),
  ];
}

/** The policy handlers in lenient mode (the demo user needs no session). */
export const aupHandlers = aupRoutes({ lenient: true });
