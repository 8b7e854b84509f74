import type { ErrorKind } from './http.js';
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
  busy: 'Please wait…',
};

export type CommonMessages = typeof commonEnglish;

/** The message for a failed request, from the element's string table. */
export function errorMessage(messages: CommonMessages, kind: ErrorKind, retryAfter?: number): string {
  switch (kind) {
    case 'network':
      return messages.errorNetwork;
    case 'timeout':
      return messages.errorTimeout;
    case 'server':
      return messages.errorServer;
    case 'unauthorized':
      return messages.errorUnauthorized;
    case 'forbidden':
      return messages.errorForbidden;
    case 'rate-limited':
      return retryAfter !== undefined && retryAfter > 0
        ? messages.errorRateLimitedIn(retryAfter)
        : messages.errorRateLimited;
    case 'bad-response':
      return messages.errorBadResponse;
  }
}
