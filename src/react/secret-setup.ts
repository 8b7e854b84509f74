/**
 * `<SecretSetup>` (`account-secret-elements/react/secret-setup`): the React
 * wrapper of `<secret-setup>` alone, so a page that needs one element loads
 * one. Made with @lit/react: properties, typed `on…` events and refs the
 * React way. The published file starts with `"use client"` (added by
 * `scripts/build.mjs`): @lit/react sets everything as properties in an
 * effect, so on a server it renders a bare tag; see docs/frameworks.md.
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
// The plain tags' JSX typings come with the wrapper, as they always have.
export type * from '../jsx.js';

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
