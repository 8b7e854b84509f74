/** "Check a caller's identity": an agent asks for the caller's User ID, then checks them. */
import type { FastifyInstance } from 'fastify';
import { accountStatus } from '../status.js';
import type { CheckFlow, CheckSubject } from './check.js';
import { USER_ID_MAX, field, page } from './kit.js';
import type { Form, Kit } from './kit.js';

export function helpdeskPages(app: FastifyInstance, kit: Kit, flow: CheckFlow): void {
  const { options, journeyOf, agentUser } = kit;
  const { renderChallenge, answer, renderHelpdesk, renderVerified } = flow;

  app.get('/helpdesk', page, async (request, reply) => {
    if (!(await agentUser(request, reply))) return reply;
    return renderHelpdesk(request, reply, 200, '', []);
  });

  app.post<{ Body: Form }>('/helpdesk', page, async (request, reply) => {
    const agent = await agentUser(request, reply);
    if (!agent) return reply;
    const m = journeyOf(request).m.page;
    const userId = field(request.body ?? {}, 'userId').trim();
    const refuse = (text: string) => renderHelpdesk(request, reply, 422, userId, [{ field: 'caller-id', text }]);
    if (userId === '') return refuse(m.errorCallerIdEmpty);
    if (userId.length > USER_ID_MAX) return refuse(m.errorCallerIdLong);
    if (userId === agent.userId) return refuse(m.errorOwnAccount);
    // A plain read: whether there is a secret to check (nothing drawn or recorded yet).
    const caller = await accountStatus(options.db, userId, options.aupVersion);
    if (!caller.secret.set) return refuse(m.errorNoSuchCaller);
    return reply.redirect(`/helpdesk/users/${encodeURIComponent(userId)}/check`, 303);
  });

  const callerSubject = (callerId: string, agentId: string): CheckSubject => {
    const base = `/helpdesk/users/${encodeURIComponent(callerId)}`;
    return { userId: callerId, callerId, actorId: agentId, action: `${base}/check`, verifiedPath: `${base}/verified` };
  };

  const callerParams = {
    type: 'object',
    required: ['userId'],
    properties: { userId: { type: 'string', minLength: 1, maxLength: USER_ID_MAX } },
  };

  app.get<{ Params: { userId: string } }>(
    '/helpdesk/users/:userId/check',
    { ...page, schema: { params: callerParams } },
    async (request, reply) => {
      const agent = await agentUser(request, reply);
      if (!agent) return reply;
      if (request.params.userId === agent.userId) return reply.redirect('/helpdesk', 303);
      return renderChallenge(request, reply, callerSubject(request.params.userId, agent.userId), 200);
    },
  );

  app.post<{ Params: { userId: string }; Body: Form }>(
    '/helpdesk/users/:userId/check',
    { ...page, schema: { params: callerParams } },
    async (request, reply) => {
      const agent = await agentUser(request, reply);
      if (!agent) return reply;
      if (request.params.userId === agent.userId) return reply.redirect('/helpdesk', 303);
      return answer(request, reply, agent, callerSubject(request.params.userId, agent.userId));
    },
  );

  app.get<{ Params: { userId: string } }>(
    '/helpdesk/users/:userId/verified',
    { ...page, schema: { params: callerParams } },
    async (request, reply) => {
      if (!(await agentUser(request, reply))) return reply;
      return renderVerified(request, reply, true);
    },
  );
}
