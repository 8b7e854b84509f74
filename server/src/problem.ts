/** RFC 9457 problem documents: every error the server sends is one. */
import type { FastifyReply } from 'fastify';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  410: 'Challenge expired',
  413: 'Request too large',
  415: 'Unsupported media type',
  421: 'Misdirected request',
  422: 'Unprocessable content',
  423: 'Locked',
  429: 'Too many requests',
  500: 'Server error',
  503: 'Service unavailable',
};

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '');
}

function problemBody(
  status: number,
  detail: string,
  title = TITLES[status] ?? 'Error',
  extensions: Record<string, unknown> = {},
) {
  return {
    type: `https://account-secret-elements.example/problems/${slug(title)}`,
    title,
    status,
    detail,
    ...extensions,
  };
}

/**
 * Sends a problem document; returns the reply so hooks can `return problem(...)`.
 * The media type is set first: a route's problem schemas are chosen by it,
 * and they drop any member the contract does not list.
 */
export function problem(
  reply: FastifyReply,
  status: number,
  detail: string,
  options: { title?: string; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
): FastifyReply {
  for (const [name, value] of Object.entries(options.headers ?? {})) void reply.header(name, value);
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problemBody(status, detail, options.title, options.extensions));
}
