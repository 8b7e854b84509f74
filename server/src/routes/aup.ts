/** Acceptances of the Acceptable Use Policy. */
import type { FastifyPluginCallback } from 'fastify';
import { acceptPolicy, latestAcceptance } from '../aup.js';
import { readContract } from '../http/contract.js';
import { userOf } from '../http/request-rules.js';
import { problem } from '../problem.js';
import type { ApiServices } from './services.js';

export const aupRoutes: FastifyPluginCallback<ApiServices> = (app, { db, now }, done) => {
  const contract = readContract();

  app.post<{ Body: { version: string } }>(
    '/api/aup/acceptance',
    { schema: contract.route('acceptAcceptableUsePolicy') },
    async (request, reply) => {
      const accepted = await acceptPolicy(db, userOf(request).userId, request.body.version, now());
      return reply.code(201).send({ version: accepted.version, acceptedAt: accepted.acceptedAt.toISOString() });
    },
  );

  app.get(
    '/api/aup/acceptance',
    { schema: contract.route('getAcceptableUsePolicyAcceptance') },
    async (request, reply) => {
      const latest = await latestAcceptance(db, userOf(request).userId);
      if (!latest) return problem(reply, 404, 'The policy has not been accepted yet.');
      return { version: latest.version, acceptedAt: latest.acceptedAt.toISOString() };
    },
  );
  done();
};
