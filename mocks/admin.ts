import { http, type HttpHandler } from 'msw';
import { paths } from './data.js';
import { json, problem } from './problem.js';
import { admit, auditRecords, checkOrigin, createSession, hasRole, readJson, sessionCookie, type MockMode, type Role, type SessionProfile } from './session.js';

const ROLES: readonly Role[] = ['user', 'agent', 'admin'];

function profileOf(body: unknown): SessionProfile | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { userId, givenName, familyName, organisation, roles, signedInSecondsAgo } = body as Record<string, unknown>;
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  if (typeof userId !== 'string' || userId === '' || !optionalString(givenName) || !optionalString(familyName) || !optionalString(organisation)) {
    return undefined;
  }
  if (roles !== undefined && (!Array.isArray(roles) || !roles.every((role) => ROLES.includes(role as Role)))) return undefined;
  if (signedInSecondsAgo !== undefined && (typeof signedInSecondsAgo !== 'number' || !(signedInSecondsAgo >= 0))) return undefined;
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
    http.post(paths.devSession, async ({ request }) => {
      const foreign = checkOrigin(request);
      if (foreign) return foreign;
      const read = await readJson(request);
      if (read instanceof Response) return read;
      const profile = profileOf(read.body);
      if (!profile) return problem(400, 'Bad request', 'The body must be JSON with a string "userId" and the optional profile fields.');
      const session = createSession(profile);
      return json({ csrfToken: session.csrfToken }, { headers: { 'Set-Cookie': sessionCookie(session) } });
    }),
    http.get(paths.audit, async ({ request }) => {
      const caller = await admit(request, mode);
      if (caller instanceof Response) return caller;
      if (!hasRole(caller, 'admin')) return problem(403, 'Forbidden', 'Only an admin may read the audit.');
      const userId = new URL(request.url).searchParams.get('userId') ?? undefined;
      return json(auditRecords(userId));
    }),
  ];
}
