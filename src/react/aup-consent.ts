/**
 * `<AupConsent>` (`account-secret-elements/react/aup-consent`): the React
 * wrapper of `<aup-consent>` alone. Shipped with `"use client"`, like
 * `./secret-setup.ts`, which says why.
 */
import type { EventName } from '@lit/react';
import {
  AupConsentElement,
  type AupAcceptedEvent,
  type AupDeclinedEvent,
  type AupErrorEvent,
  type AupReadEvent,
} from '../aup-consent/aup-consent.js';
import { wrap } from './wrap.js';
// The plain tags' JSX typings come with the wrapper, as they always have.
export type * from '../jsx.js';

export const AupConsent = wrap({
  tagName: 'aup-consent',
  elementClass: AupConsentElement,
  events: {
    onAupRead: 'aup-read' as EventName<AupReadEvent>,
    onAupAccepted: 'aup-accepted' as EventName<AupAcceptedEvent>,
    onAupDeclined: 'aup-declined' as EventName<AupDeclinedEvent>,
    onAupError: 'aup-error' as EventName<AupErrorEvent>,
  },
});
