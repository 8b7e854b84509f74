/**
 * React wrappers (`account-secret-elements/react`), made with @lit/react so
 * properties, typed events and refs work the React way:
 *
 *   <SecretSetup endpoint="/api/account-secret" onSecretSaved={(e) => …} />
 *
 * React is an optional peer dependency: only this entry point needs it.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  SecretSetupElement,
  type SecretDoneEvent,
  type SecretErrorEvent,
  type SecretRejectedEvent,
  type SecretRulesChangeEvent,
  type SecretSavedEvent,
} from '../secret-setup/secret-setup.js';
import {
  AupConsentElement,
  type AupAcceptedEvent,
  type AupDeclinedEvent,
  type AupErrorEvent,
  type AupReadEvent,
} from '../aup-consent/aup-consent.js';
import {
  SecretChallengeElement,
  type ChallengeErrorEvent,
  type ChallengeFailedEvent,
  type ChallengeLockedEvent,
  type ChallengeReadyEvent,
  type ChallengeVerifiedEvent,
} from '../secret-challenge/secret-challenge.js';

export const SecretSetup = createComponent({
  react: React,
  tagName: 'secret-setup',
  elementClass: SecretSetupElement,
  events: {
    onSecretRulesChange: 'secret-rules-change' as EventName<SecretRulesChangeEvent>,
    onSecretSaved: 'secret-saved' as EventName<SecretSavedEvent>,
    onSecretRejected: 'secret-rejected' as EventName<SecretRejectedEvent>,
    onSecretError: 'secret-error' as EventName<SecretErrorEvent>,
    onSecretDone: 'secret-done' as EventName<SecretDoneEvent>,
  },
});

export const AupConsent = createComponent({
  react: React,
  tagName: 'aup-consent',
  elementClass: AupConsentElement,
  events: {
    onAupRead: 'aup-read' as EventName<AupReadEvent>,
    onAupAccepted: 'aup-accepted' as EventName<AupAcceptedEvent>,
    onAupDeclined: 'aup-declined' as EventName<AupDeclinedEvent>,
    onAupError: 'aup-error' as EventName<AupErrorEvent>,
  },
});

export const SecretChallenge = createComponent({
  react: React,
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
