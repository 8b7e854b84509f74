/**
 * The helpdesk's actions: an agent checks a caller and re-secures their
 * account; an admin unlocks; whoever made a check consumes its verification.
 */
import type { FastifyPluginCallback } from 'fastify';
import { MAX_UNLOCKS } from '../../../src/policy.js';
import { answerChallenge, readCallerChallenge, unlock } from '../challenges.js';
import { consumeVerification } from '../verifications.js';
import { readContract } from '../http/contract.js';
import { preloadedAccount, userOf } from '../http/request-rules.js';
import { USER_ID_PARAMS, VERIFICATION_ID_PARAMS } from '../http/schemas.js';
import { problem } from '../problem.js';
import { resecure } from '../resecure.js';
import type { User } from '../sessions.js';
import { NO_SUCH_USER, sendAnswer, sendChallenge } from './replies.js';
import type { ApiServices } from './services.js';

type UserIdParams = { Params: { userId: string } };

/** Why an agent may not check this caller, if they may not. */
function refuseCheck(agent: User, userId: string): string | undefined {
  if (!agent.roles.includes('agent')) return 'Only a helpdesk agent may check a caller.';
  if (userId === agent.userId) return 'Nobody checks their own account through the helpdesk.';
  return undefined;
}

export const helpdeskRoutes: FastifyPluginCallback<ApiServices> = (app, services, done) => {
  const contract = readContract();
  const challengePath = '/api/helpdesk/users/:userId/account-secret/challenge';

  app.get<UserIdParams>(
    challengePath,
    {
      schema: { ...contract.route('getAgentChallenge'), params: USER_ID_PARAMS },
      config: { account: 'userId-param' },
    },
    async (request, reply) => {
      const agent = userOf(request);
      const { userId } = request.params;
      const refused = refuseCheck(agent, userId);
      if (refused) return problem(reply, 403, refused);
      return sendChallenge(reply, await readCallerChallenge(services, agent.userId, userId, preloadedAccount(request)));
    },
  );

  app.post<UserIdParams & { Body: { challengeId: string; answers: string[] } }>(
    challengePath,
    {
      schema: { ...contract.route('answerAgentChallenge'), params: USER_ID_PARAMS },
      config: { account: 'userId-param' },
    },
    async (request, reply) => {
      const agent = userOf(request);
      const { userId } = request.params;
      const refused = refuseCheck(agent, userId);
      if (refused) return problem(reply, 403, refused);
      const { challengeId, answers } = request.body;
      return sendAnswer(
        reply,
        await answerChallenge(services, agent.userId, userId, challengeId, answers, preloadedAccount(request)),
      );
    },
  );

  app.post<UserIdParams>(
    '/api/helpdesk/users/:userId/account-secret/unlock',
    { schema: { ...contract.route('unlockChallenges'), params: USER_ID_PARAMS } },
    async (request, reply) => {
      const admin = userOf(request);
      if (!admin.roles.includes('admin')) return problem(reply, 403, 'Only an administrator may unlock an account.');
      const { userId } = request.params;
      const result = await unlock(services, admin.userId, userId);
      switch (result.kind) {
        case 'unlocked':
          return { userId, unlockedAt: result.unlockedAt.toISOString() };
        case 'not-found':
          return problem(reply, 404, NO_SUCH_USER);
        case 'forbidden':
          return problem(
            reply,
            403,
            result.reason === 'own-account'
              ? 'Nobody unlocks their own account.'
              : 'You made some of the failed checks behind this lock: another administrator must lift it.',
          );
        case 'limit':
          return problem(
            reply,
            409,
            `This account was unlocked ${MAX_UNLOCKS} times in the last 24 hours; it can be unlocked again from ${result.retryAt.toISOString()}.`,
            { title: 'Unlock limit reached' },
          );
      }
    },
  );

  app.post<UserIdParams & { Body: { verificationId: string } }>(
    '/api/helpdesk/users/:userId/resecure',
    { schema: { ...contract.route('resecureAccount'), params: USER_ID_PARAMS } },
    async (request, reply) => {
      const agent = userOf(request);
      if (!agent.roles.includes('agent')) return problem(reply, 403, 'Only a helpdesk agent may re-secure an account.');
      const { userId } = request.params;
      const result = await resecure(services, agent.userId, userId, request.body.verificationId);
      switch (result.kind) {
        case 'resecured':
          await services.onResecured?.(userId);
          return { userId, resecuredAt: result.resecuredAt.toISOString() };
        case 'not-found':
          return problem(reply, 404, result.what === 'user' ? NO_SUCH_USER : 'There is no such verification.');
        case 'forbidden':
          return problem(
            reply,
            403,
            {
              'own-account': 'Nobody re-secures their own account.',
              'not-verifier': 'Only the agent who made the check may use its verification.',
              'other-user': 'This verification is of another user: check this caller first.',
            }[result.reason],
          );
        case 'spent':
          return problem(
            reply,
            409,
            'This verification has been used already, or has expired. Check the caller again.',
            {
              title: 'Verification used',
            },
          );
      }
    },
  );

  app.post<{ Params: { verificationId: string } }>(
    '/api/helpdesk/verifications/:verificationId/consume',
    { schema: { ...contract.route('consumeVerification'), params: VERIFICATION_ID_PARAMS } },
    async (request, reply) => {
      const result = await consumeVerification(services, userOf(request).userId, request.params.verificationId);
      switch (result.kind) {
        case 'consumed':
          return { userId: result.userId, verifiedAt: result.verifiedAt.toISOString() };
        case 'not-found':
          return problem(reply, 404, 'There is no such verification.');
        case 'forbidden':
          return problem(reply, 403, 'Only the one who made the check may use its verification.');
        case 'spent':
          return problem(reply, 409, 'This verification has been used already, or has expired.', {
            title: 'Verification used',
          });
      }
    },
  );
  done();
};
