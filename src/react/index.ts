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

/** Attributes common to the three elements, as written in markup. */
interface SharedAttributes {
  endpoint?: string;
  credentials?: RequestCredentials;
  timeout?: number | string;
}

type CustomElementProps<E extends HTMLElement, A> = React.DetailedHTMLProps<React.HTMLAttributes<E>, E> & A;

/**
 * The plain tags in JSX (React 19 renders custom elements natively and sets
 * properties for known ones), for hosts that prefer them to the wrappers.
 * Attributes are written as in HTML (`given-name`); events are best
 * subscribed to with the wrappers above or a ref.
 */
declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX typings are a namespace
  namespace JSX {
    interface IntrinsicElements {
      'secret-setup': CustomElementProps<
        SecretSetupElement,
        SharedAttributes & {
          name?: string;
          required?: boolean;
          disabled?: boolean;
          'given-name'?: string;
          'family-name'?: string;
          organisation?: string;
          'min-length'?: number | string;
          'max-length'?: number | string;
          alphabet?: 'latin' | 'unicode';
          'history-size'?: number | string;
          'no-confirm'?: boolean;
        }
      >;
      'aup-consent': CustomElementProps<
        AupConsentElement,
        SharedAttributes & {
          name?: string;
          required?: boolean;
          disabled?: boolean;
          version?: string;
          src?: string;
          'accepted-at'?: string;
        }
      >;
      'secret-challenge': CustomElementProps<
        SecretChallengeElement,
        SharedAttributes & {
          mode?: 'self' | 'agent';
          positions?: string;
          'challenge-id'?: string;
          'help-href'?: string;
          account?: string;
        }
      >;
    }
  }
}
