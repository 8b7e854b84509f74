/** The user's own secret: setting it, and the account's status (what is due next). */
import type { FastifyPluginCallback } from 'fastify';
import { RECENT_SIGN_IN_MS } from '../../../src/policy.js';
import { readContract } from '../http/contract.js';
import { userOf } from '../http/request-rules.js';
import { problem } from '../problem.js';
import { countSecretAttempt, setSecret } from '../secrets.js';
import { accountStatus } from '../status.js';
import type { ApiServices } from './services.js';

export const secretRoutes: FastifyPluginCallback<ApiServices> = (app, services, done) => {
  const { db, now } = services;
  const contract = readContract();

  app.post<{ Body: { secret: string } }>(
    '/api/account-secret',
    { schema: contract.route('saveAccountSecret') },
    async (request, reply) => {
      const user = userOf(request);
      if (now().getTime() - user.authTime.getTime() > RECENT_SIGN_IN_MS) {
        return problem(
          reply,
          401,
          'Sign in again to set your account secret (a sign-in within the last 15 minutes is needed).',
        );
      }
      const wait = await countSecretAttempt(db, user.userId, now(), services.secretRateLimit);
      if (wait !== undefined) {
        return problem(reply, 429, `Too many new secrets. Try again in ${wait} seconds.`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
      const result = await setSecret(services, user, request.body.secret);
      if (result.ok) return { savedAt: result.savedAt.toISOString() };
      return problem(reply, 422, 'The secret does not meet every rule.', {
        title: 'Secret not accepted',
        extensions: { errors: result.rules.map((rule) => ({ rule })) },
      });
    },
  );

  app.get('/api/account-secret/status', { schema: contract.route('getAccountStatus') }, async (request) =>
    accountStatus(db, userOf(request).userId, services.aupVersion),
  );
  done();
};
