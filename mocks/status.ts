import { http, type HttpHandler } from 'msw';
import { latestAcceptance } from './aup.js';
import { demoAupVersion, paths, route } from './data.js';
import { admit, type MockMode } from './session.js';
import { json } from './problem.js';

/**
 * `GET /api/account-secret/status`: what the signed-in user must do next.
 * The AUP is required when the latest acceptance is not of the current
 * version (`demoAupVersion`) or is not later than the last re-secure; a
 * secret must be set when none is in force or one must change.
 */
export function statusRoutes(mode: MockMode): HttpHandler[] {
  return [
    http.get(route(paths.status), async ({ request }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      const { user } = caller;
      const latest = latestAcceptance(user.userId);
      const counts =
        latest !== undefined && (user.resecuredAt === undefined || Date.parse(latest.acceptedAt) > user.resecuredAt);
      const set = user.secret !== undefined;
      return json({
        aup: {
          currentVersion: demoAupVersion,
          acceptedVersion: latest?.version ?? null,
          acceptedAt: latest?.acceptedAt ?? null,
          required: !counts || latest.version !== demoAupVersion,
        },
        secret: {
          set,
          setAt: set && user.secretSetAt !== undefined ? new Date(user.secretSetAt).toISOString() : null,
          mustChange: user.mustChange !== undefined,
          reason: user.mustChange ?? null,
        },
      });
    }),
  ];
}
