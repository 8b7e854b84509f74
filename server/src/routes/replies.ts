/** The challenge routes' answers, shared by the user's own check and the helpdesk's. */
import type { FastifyReply } from 'fastify';
import type { AnswerResult, ChallengeResult } from '../challenges.js';
import { problem } from '../problem.js';

export const NO_SUCH_USER = 'There is no such user, or the user has not set an account secret.';

function sendResecured(reply: FastifyReply): FastifyReply {
  return problem(
    reply,
    409,
    'This account was re-secured: there is no secret to check until the user sets a new one.',
    { title: 'Account re-secured' },
  );
}

function sendLocked(reply: FastifyReply, lockedUntil: Date | undefined): FastifyReply {
  return lockedUntil
    ? problem(reply, 423, 'Too many failed checks. Try again later.', {
        extensions: { lockedUntil: lockedUntil.toISOString() },
      })
    : problem(reply, 423, 'Too many failed checks. An administrator must unlock the account.');
}

export function sendChallenge(reply: FastifyReply, result: ChallengeResult): FastifyReply {
  switch (result.kind) {
    case 'not-found':
      return problem(reply, 404, NO_SUCH_USER);
    case 'resecured':
      return sendResecured(reply);
    case 'locked':
      return sendLocked(reply, result.lockedUntil);
    case 'ok':
      return reply.send({
        challengeId: result.challengeId,
        positions: result.positions,
        attemptsRemaining: result.attemptsRemaining,
        expiresAt: result.expiresAt.toISOString(),
      });
  }
}

export function sendAnswer(reply: FastifyReply, result: AnswerResult): FastifyReply {
  switch (result.kind) {
    case 'not-found':
      return problem(reply, 404, NO_SUCH_USER);
    case 'resecured':
      return sendResecured(reply);
    case 'locked':
      return sendLocked(reply, result.lockedUntil);
    case 'expired':
      return problem(reply, 410, 'This challenge has expired or is not the current one. Fetch a new one.');
    case 'bad-answers':
      return problem(reply, 400, result.detail);
    case 'verified':
      return reply.send({ verified: true, verificationId: result.verificationId });
    case 'failed':
      return problem(reply, 422, 'The characters given are not right.', {
        title: 'Not verified',
        extensions: { verified: false, attemptsRemaining: result.attemptsRemaining },
      });
  }
}
