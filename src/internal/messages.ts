import type { ErrorKind, RequestError } from './http.js';
import { englishDuration } from './i18n.js';

/**
 * Strings every element shares: what to tell a person when a request fails.
 * Element tables spread these in, so a host overrides them per element too.
 * Each message says what happened and what to do, and that nothing typed
 * was lost.
 */
export const commonEnglish = {
  errorPrefix: 'Error:',
  errorSummaryTitle: 'There is a problem',
  errorNetwork: 'We could not reach the service. Check your connection, then try again.',
  errorTimeout: 'The service took too long to answer. Try again.',
  errorServer: 'Sorry, there is a problem with the service. Try again later.',
  errorUnauthorized: 'Your session has ended. Sign in again, then try again.',
  errorForbidden: 'You do not have permission to do this. Contact your Local Administrator.',
  errorRateLimitedIn: (wait: number) => `You have tried too many times. Try again in ${englishDuration(wait)}.`,
  errorRateLimited: 'You have tried too many times. Try again later.',
  errorBadResponse: 'Sorry, the service sent an answer we did not understand. Try again later.',
};

export type CommonMessages = typeof commonEnglish;

/**
 * The message for a failed request, from the element's string table. The
 * element keeps the failure, not its text, and calls this in render: a
 * language switch re-words it, and a wait counts from when the answer came
 * (so the Welsh clock time "after 14:05" stays put across re-renders).
 */
export function errorMessage(messages: CommonMessages, failure: RequestError, now = Date.now()): string {
  const { kind, retryAfter } = failure;
  if (kind === 'rate-limited') {
    const wait = retryAfter === undefined ? 0 : Math.ceil(retryAfter - (now - failure.at) / 1000);
    if (wait > 0) return messages.errorRateLimitedIn(wait);
  }
  // Each kind's own message is named after it ('bad-response': errorBadResponse): the type checks every name.
  return messages[
    `error-${kind}`.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase()) as MessageOf<ErrorKind>
  ];
}

/** The message key of a kind of failure: 'bad-response' -> 'errorBadResponse'. */
type MessageOf<K extends string> = `error${Capitalize<Camel<K>>}`;
type Camel<K extends string> = K extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : K;
