/**
 * What the API answers when a request fails before or inside a route:
 * every error a problem document, and a 400 never echoing the body (it may
 * hold a secret). The journey pages set their own handler (in HTML).
 */
import type { FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES } from '../../../src/policy.js';
import { problem } from '../problem.js';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number'
    ? error.statusCode
    : undefined;
}

/** Sets the error and not-found handlers on `app` (the root: every route inherits them). */
export function handleErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const code = errorCode(error);
    if (typeof error === 'object' && error !== null && 'validation' in error) {
      const message = error instanceof Error ? error.message : 'The request does not fit the contract.';
      return problem(reply, 400, `The request does not fit the contract: ${message}.`);
    }
    if (
      code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' && statusOf(error) === 415)
    ) {
      return problem(reply, 415, 'Send the body as application/json.');
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return problem(reply, 413, `The body must be at most ${MAX_BODY_BYTES} bytes.`);
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) {
      return problem(
        reply,
        status,
        status === 400 ? 'The body is not valid JSON, or does not fit the contract.' : 'The request was refused.',
      );
    }
    request.log.error({ err: error }, 'request failed');
    return problem(reply, 500, 'The server failed. Try again later.');
  });

  app.setNotFoundHandler((request, reply) =>
    problem(reply, 404, `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
