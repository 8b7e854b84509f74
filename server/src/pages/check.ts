/**
 * Checks: the user's own (`<secret-challenge>` over the page's boxes), and
 * the flow an agent's check of a caller shares with it (helpdesk.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerChallenge, getChallenge, readCallerChallenge } from '../challenges.js';
import type { User } from '../sessions.js';
import { field, fields, page } from './kit.js';
import type { FieldError, Form, Kit } from './kit.js';
import type { Messages } from './messages.js';

/** Whose check a page shows, and where its form and its success go. */
export interface CheckSubject {
  /** The account checked. */
  userId: string;
  /** Set for an agent's check: the caller's user id. */
  callerId?: string;
  /** Who is checking: the user themselves, or the agent. */
  actorId: string;
  action: string;
  verifiedPath: string;
}

export type CheckFlow = ReturnType<typeof checkFlow>;

/** Rendering a check and answering it, for the user's own check and an agent's. */
export function checkFlow(kit: Kit) {
  const { options, journeyOf, render } = kit;

  function ordinalLabels(m: Messages, positions: number[]) {
    return positions.map((n) => ({ label: m.challenge.charLabel(n), invalid: false }));
  }

  async function renderChallenge(
    request: FastifyRequest,
    reply: FastifyReply,
    subject: CheckSubject,
    status: number,
    errors: FieldError[] = [],
    invalidBoxes: number[] = [],
  ): Promise<FastifyReply> {
    const m = journeyOf(request).m;
    const agent = subject.callerId !== undefined;
    const title = agent ? m.page.helpdeskTitle : m.page.checkTitle;
    const links = agent
      ? [{ href: '/helpdesk', text: m.page.checkAnotherCaller }]
      : [{ href: '/account', text: m.page.backToAccount }];
    const challenge =
      subject.callerId === undefined
        ? await getChallenge(options, subject.userId)
        : await readCallerChallenge(options, subject.actorId, subject.userId);
    switch (challenge.kind) {
      case 'not-found':
      case 'resecured':
        if (!agent) return reply.redirect('/', 303);
        return renderHelpdesk(request, reply, 422, subject.callerId ?? '', [
          { field: 'caller-id', text: m.page.errorNoSuchCaller },
        ]);
      case 'locked': {
        const text = challenge.lockedUntil
          ? (agent ? m.challenge.lockedAgent : m.challenge.lockedSelf)(m.time(challenge.lockedUntil))
          : agent
            ? m.challenge.lockedAdminAgent
            : m.challenge.lockedAdminSelf;
        return render(request, reply, 423, 'challenge.njk', {
          title,
          callerId: subject.callerId ?? '',
          lockedText: text,
          agent,
          links,
          errors: [],
        });
      }
      case 'ok': {
        const boxes = ordinalLabels(m, challenge.positions);
        for (const index of invalidBoxes) boxes[index].invalid = true;
        const attempts = agent ? m.challenge.attemptsAgent : m.challenge.attemptsSelf;
        return render(request, reply, status, 'challenge.njk', {
          title,
          callerId: subject.callerId ?? '',
          lockedText: '',
          agent,
          action: subject.action,
          challengeId: challenge.challengeId,
          positions: challenge.positions,
          boxes,
          attemptsText: challenge.attemptsRemaining < 5 ? attempts(challenge.attemptsRemaining) : '',
          errors,
          fieldErrors: errors.length > 0 ? { answers: errors[0].text } : {},
          links,
        });
      }
    }
  }

  async function answer(
    request: FastifyRequest<{ Body: Form }>,
    reply: FastifyReply,
    actor: User,
    subject: CheckSubject,
  ): Promise<FastifyReply> {
    const m = journeyOf(request).m;
    const form = request.body ?? {};
    const challengeId = field(form, 'challengeId');
    const answers = fields(form, 'answers').map((a) => a.trim());
    const current = await getChallenge(options, subject.userId);
    if (current.kind !== 'ok') return renderChallenge(request, reply, subject, 422);
    const positions = current.positions;
    // Checked before anything is counted, as the element checks before it sends.
    const errors: FieldError[] = [];
    const invalid: number[] = [];
    positions.forEach((position, index) => {
      const given = answers[index] ?? '';
      if (given === '') errors.push({ field: `answer-${index + 1}`, text: m.challenge.errorMissing(position) });
      else if ([...given.normalize('NFC')].length !== 1 || !/^\p{L}$/u.test(given.normalize('NFC'))) {
        errors.push({ field: `answer-${index + 1}`, text: m.challenge.errorNotLetter(position) });
      } else return;
      invalid.push(index);
    });
    if (errors.length > 0) return renderChallenge(request, reply, subject, 422, errors, invalid);
    const result = await answerChallenge(
      options,
      actor.userId,
      subject.userId,
      challengeId,
      answers.slice(0, positions.length),
    );
    const agent = subject.callerId !== undefined;
    switch (result.kind) {
      case 'verified':
        return reply.redirect(subject.verifiedPath, 303);
      case 'failed':
        return renderChallenge(request, reply, subject, 422, [
          {
            field: 'answer-1',
            text: (agent ? m.challenge.failedAgent : m.challenge.failedSelf)(result.attemptsRemaining),
          },
        ]);
      case 'expired':
        return renderChallenge(request, reply, subject, 422, [{ field: 'answer-1', text: m.challenge.expired }]);
      case 'bad-answers':
        return renderChallenge(request, reply, subject, 422, [
          { field: 'answer-1', text: m.challenge.errorMissingGroup },
        ]);
      case 'locked':
      case 'not-found':
      case 'resecured':
        return renderChallenge(request, reply, subject, 422);
    }
  }

  function renderHelpdesk(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    userId: string,
    errors: FieldError[],
  ): FastifyReply {
    return render(request, reply, status, 'helpdesk.njk', {
      title: journeyOf(request).m.page.helpdeskTitle,
      form: { userId },
      errors,
      fieldErrors: errors.length > 0 ? { userId: errors[0].text } : {},
    });
  }

  function renderVerified(request: FastifyRequest, reply: FastifyReply, agent: boolean): FastifyReply {
    const m = journeyOf(request).m;
    return render(request, reply, 200, 'message.njk', {
      title: agent ? m.challenge.verifiedTitleAgent : m.challenge.verifiedTitleSelf,
      paragraphs: [agent ? m.challenge.verifiedBodyAgent : m.challenge.verifiedBodySelf],
      panel: true,
      links: agent
        ? [{ href: '/helpdesk', text: m.page.checkAnotherCaller }]
        : [{ href: '/account', text: m.page.backToAccount }],
      button: null,
    });
  }

  return { renderChallenge, answer, renderHelpdesk, renderVerified };
}

export function checkPages(app: FastifyInstance, kit: Kit, flow: CheckFlow): void {
  const { readyUser } = kit;
  const { renderChallenge, answer, renderVerified } = flow;

  const selfSubject = (user: User): CheckSubject => ({
    userId: user.userId,
    actorId: user.userId,
    action: '/check',
    verifiedPath: '/check/verified',
  });

  app.get('/check', page, async (request, reply) => {
    const user = await readyUser(request, reply);
    if (!user) return reply;
    return renderChallenge(request, reply, selfSubject(user), 200);
  });

  app.post<{ Body: Form }>('/check', page, async (request, reply) => {
    const user = await readyUser(request, reply);
    if (!user) return reply;
    return answer(request, reply, user, selfSubject(user));
  });

  // This page only says so; what proves a check to a server is the verification, consumed by the host's action.
  app.get('/check/verified', page, async (request, reply) => {
    if (!(await readyUser(request, reply))) return reply;
    return renderVerified(request, reply, false);
  });
}
