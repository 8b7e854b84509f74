/** Development sign-in (`AUTH=dev` only): the same session the journey pages' sign-in makes. */
import type { FastifyPluginCallback } from 'fastify';
import type { Role } from '../sessions.js';
import { SESSION_COOKIE, createSession, sessionCookieOptions } from '../sessions.js';
import { readContract } from '../http/contract.js';
import type { ApiServices } from './services.js';

interface DevSessionBody {
  userId: string;
  givenName?: string;
  familyName?: string;
  organisation?: string;
  roles?: Role[];
  signedInSecondsAgo?: number;
}

export const sessionRoutes: FastifyPluginCallback<ApiServices> = (app, { db, now, secureCookie }, done) => {
  app.post<{ Body: DevSessionBody }>(
    '/api/dev/session',
    { schema: readContract().route('createDevSession'), config: { signIn: true } },
    async (request, reply) => {
      const body = request.body;
      const at = now();
      const { token, csrfToken } = await createSession(
        db,
        {
          userId: body.userId,
          givenName: body.givenName,
          familyName: body.familyName,
          organisation: body.organisation,
          roles: body.roles && body.roles.length > 0 ? body.roles : ['user'],
          authTime: new Date(at.getTime() - (body.signedInSecondsAgo ?? 0) * 1000),
        },
        at,
      );
      void reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(secureCookie));
      return { csrfToken };
    },
  );
  done();
};
