import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { paths, route } from './data.js';
import { problem } from './problem.js';

/**
 * Ways the backend can misbehave. Put a scenario's handlers in front of the
 * normal ones: `worker.use(...scenario('rate-limited'))` in a test, or
 * `parameters.msw.handlers: [...scenario('slow'), ...handlers]` in a story.
 */
export type Scenario =
  /** Answers normally after `SLOW_MS`. */
  | 'slow'
  /** Never answers (the element's timeout fires). */
  | 'hang'
  /** 500 problem. */
  | 'server-error'
  /** 502 with an HTML page, as a proxy sends. */
  | 'html-error'
  /** 401 problem: the session has expired. */
  | 'session-expired'
  /** 403 problem. */
  | 'forbidden'
  /** 429 problem with `Retry-After: 120`. */
  | 'rate-limited'
  /** 400 problem. */
  | 'bad-request'
  /** The connection fails. */
  | 'network-error'
  /** A body that does not fit the contract. */
  | 'malformed';

export const SLOW_MS = 2500;
export const RETRY_AFTER_SECONDS = 120;

type Method = 'get' | 'post';

/** Every endpoint of the contract, with a body that breaks its contract. */
const endpoints: ReadonlyArray<{ method: Method; path: string; malformed: () => Response }> = [
  // A 422 without `errors` cannot say which rule failed.
  { method: 'post', path: paths.secret, malformed: () => problem(422, 'Secret not accepted', 'No errors listed.') },
  { method: 'post', path: paths.aupAcceptance, malformed: () => HttpResponse.json({ accepted: true }) },
  { method: 'get', path: paths.selfChallenge, malformed: () => HttpResponse.json({ positions: '2,5,8' }) },
  { method: 'post', path: paths.selfChallenge, malformed: () => HttpResponse.json({ verified: 'yes' }) },
  { method: 'get', path: paths.agentChallenge, malformed: () => HttpResponse.json({ positions: '2,5,8' }) },
  { method: 'post', path: paths.agentChallenge, malformed: () => HttpResponse.json({ verified: 'yes' }) },
];

function answer(name: Scenario, malformed: () => Response): () => Promise<Response | undefined> {
  return async () => {
    switch (name) {
      case 'slow':
        await delay(SLOW_MS);
        return undefined; // fall through to the normal handler
      case 'hang':
        await delay('infinite');
        return undefined;
      case 'server-error':
        return problem(500, 'Internal server error', 'Something went wrong on the server.');
      case 'html-error':
        return new HttpResponse('<!doctype html><title>Bad gateway</title><h1>502 Bad Gateway</h1>', {
          status: 502,
          headers: { 'Content-Type': 'text/html' },
        });
      case 'session-expired':
        return problem(401, 'Unauthorized', 'The session has expired.');
      case 'forbidden':
        return problem(403, 'Forbidden', 'This account may not do this.');
      case 'rate-limited':
        return problem(429, 'Too many requests', 'Slow down.', {}, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
      case 'bad-request':
        return problem(400, 'Bad request', 'The request could not be understood.');
      case 'network-error':
        return HttpResponse.error();
      case 'malformed':
        return malformed();
    }
  };
}

/** Handlers that make every endpoint of the contract behave as `name` says. */
export function scenario(name: Scenario): HttpHandler[] {
  return endpoints.map(({ method, path, malformed }) => http[method](route(path), answer(name, malformed)));
}
