/**
 * `<SecretChallenge>` (`account-secret-elements/react/secret-challenge`):
 * the React wrapper of `<secret-challenge>` alone. Shipped with
 * `"use client"`, like `./secret-setup.ts`, which says why.
 */
import type { EventName } from '@lit/react';
import {
  SecretChallengeElement,
  type ChallengeErrorEvent,
  type ChallengeFailedEvent,
  type ChallengeLockedEvent,
  type ChallengeReadyEvent,
  type ChallengeVerifiedEvent,
} from '../secret-challenge/secret-challenge.js';
import { wrap } from './wrap.js';
// The plain tags' JSX typings come with the wrapper, as they always have.
export type * from '../jsx.js';

export const SecretChallenge = wrap({
  tagName: 'secret-challenge',
  elementClass: SecretChallengeElement,
  events: {
    onChallengeReady: 'challenge-ready' as EventName<ChallengeReadyEvent>,
    onChallengeVerified: 'challenge-verified' as EventName<ChallengeVerifiedEvent>,
    onChallengeFailed: 'challenge-failed' as EventName<ChallengeFailedEvent>,
    onChallengeLocked: 'challenge-locked' as EventName<ChallengeLockedEvent>,
    onChallengeError: 'challenge-error' as EventName<ChallengeErrorEvent>,
  },
});
