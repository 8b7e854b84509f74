/**
 * `<SecretSetup>` (`account-secret-elements/react/secret-setup`): the React
 * wrapper of `<secret-setup>` alone, so a page that needs one element loads
 * one. Made with @lit/react: properties, typed `on…` events and refs the
 * React way. The published file starts with `"use client"` (added by
 * `scripts/build.mjs`), so a server component can render it. On a server
 * it writes the element's attributes and children (`./wrap.ts`); see
 * docs/frameworks.md.
 */
import type { EventName } from '@lit/react';
import {
  SecretSetupElement,
  type SecretDoneEvent,
  type SecretErrorEvent,
  type SecretRejectedEvent,
  type SecretRulesChangeEvent,
  type SecretSavedEvent,
} from '../secret-setup/secret-setup.js';
import { wrap } from './wrap.js';
// The plain tags' JSX typings come with the wrapper, as they always have.
export type * from '../jsx.js';

export const SecretSetup = wrap({
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
