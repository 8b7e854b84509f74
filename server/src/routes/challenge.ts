/** The user's own check (`<secret-challenge mode="self">`). */
import type { FastifyPluginCallback } from 'fastify';
import { answerChallenge, getChallenge } from '../challenges.js';
import { readContract } from '../http/contract.js';
import { preloadedAccount, userOf } from '../http/request-rules.js';
import { sendAnswer, sendChallenge } from './replies.js';
import type { ApiServices } from './services.js';

export const challengeRoutes: FastifyPluginCallback<ApiServices> = (app, services, done) => {
  const contract = readContract();
  const path = '/api/account-secret/challenge';

  app.get(path, { schema: contract.route('getSelfChallenge'), config: { account: 'self' } }, async (request, reply) =>
    sendChallenge(reply, await getChallenge(services, userOf(request).userId, preloadedAccount(request))),
  );

  app.post<{ Body: { challengeId: string; answers: string[] } }>(
    path,
    { schema: contract.route('answerSelfChallenge'), config: { account: 'self' } },
    async (request, reply) => {
      const { userId } = userOf(request);
      const { challengeId, answers } = request.body;
      return sendAnswer(
        reply,
        await answerChallenge(services, userId, userId, challengeId, answers, preloadedAccount(request)),
      );
    },
  );
  done();
};
