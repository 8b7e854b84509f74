import { http, type HttpHandler } from 'msw';
import { paths, route } from './data.js';
import { json, problem } from './problem.js';
import {
  admit,
  auditPage,
  checkOrigin,
  createSession,
  hasRole,
  readJson,
  sessionCookie,
  type MockMode,
  type Role,
  type SessionProfile,
} from './session.js';

const ROLES: readonly Role[] = ['user', 'agent', 'admin'];

function profileOf(body: unknown): SessionProfile | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { userId, givenName, familyName, organisation, roles, signedInSecondsAgo } = body as Record<string, unknown>;
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  if (
    typeof userId !== 'string' ||
    userId === '' ||
    !optionalString(givenName) ||
    !optionalString(familyName) ||
    !optionalString(organisation)
  ) {
    return undefined;
  }
  if (roles !== undefined && (!Array.isArray(roles) || !roles.every((role) => ROLES.includes(role as Role))))
    return undefined;
  if (signedInSecondsAgo !== undefined && (typeof signedInSecondsAgo !== 'number' || !(signedInSecondsAgo >= 0)))
    return undefined;
  return {
    userId,
    givenName: givenName,
    familyName: familyName,
    organisation: organisation,
    roles: roles as Role[] | undefined,
    signedInSecondsAgo: signedInSecondsAgo,
  };
}

/**
 * `POST /api/dev/session` (development sign-in: any user, any roles; a
 * real deployment has no such route) and `GET /api/admin/audit?userId=`
 * (role `admin`, newest first).
 */
export function adminRoutes(mode: MockMode): HttpHandler[] {
  return [
    http.post(route(paths.devSession), async ({ request }) => {
      const foreign = checkOrigin(request);
      if (foreign) return foreign;
      const read = await readJson(request);
      if (read instanceof Response) return read;
      const profile = profileOf(read.body);
      if (!profile)
        return problem(
          400,
          'Bad request',
          'The body must be JSON with a string "userId" and the optional profile fields.',
        );
      const session = createSession(profile);
      return json({ csrfToken: session.csrfToken }, { headers: { 'Set-Cookie': sessionCookie(session) } });
    }),
    http.get(route(paths.audit), async ({ request }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      if (!hasRole(caller, 'admin')) return problem(403, 'Forbidden', 'Only an admin may read the audit.');
      const query = new URL(request.url).searchParams;
      const userId = query.get('userId') ?? undefined;
      const limit = query.get('limit');
      const before = query.get('before');
      if (
        (limit !== null && !/^(?:[1-9]\d{0,2}|1000)$/.test(limit)) ||
        (before !== null && !/^[1-9]\d{0,14}$/.test(before))
      ) {
        return problem(400, 'Bad request', '"limit" is 1 to 1000; "before" is the cursor a Link header gave.');
      }
      const page = auditPage({
        userId,
        limit: limit === null ? 100 : Number(limit),
        before: before === null ? undefined : Number(before),
      });
      if (page.next === undefined) return json(page.records);
      const next = new URLSearchParams({
        ...(userId === undefined ? {} : { userId }),
        ...(limit === null ? {} : { limit }),
        before: String(page.next),
      });
      return json(page.records, { headers: { Link: `<${paths.audit}?${next.toString()}>; rel="next"` } });
    }),
  ];
}
