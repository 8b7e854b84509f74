/**
 * Types only (`account-secret-elements/jsx`): the three plain tags in React's
 * JSX (`React.JSX.IntrinsicElements`), without loading the React wrappers.
 * React 19 renders custom elements natively and sets properties for known
 * ones. Attributes are written as in HTML (`given-name`), which is also what
 * a server component must render (docs/frameworks.md, Next.js); events are
 * best subscribed to with the wrappers or a ref.
 *
 *   import type {} from 'account-secret-elements/jsx';
 */
import type * as React from 'react';
import type { AupConsentElement } from './aup-consent/aup-consent.js';
import type { SecretChallengeElement } from './secret-challenge/secret-challenge.js';
import type { SecretSetupElement } from './secret-setup/secret-setup.js';
import type { AupConsentAttributes, SecretChallengeAttributes, SecretSetupAttributes } from './attributes.js';

type CustomElementProps<E extends HTMLElement, A> = React.DetailedHTMLProps<React.HTMLAttributes<E>, E> & A;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX typings are a namespace
  namespace JSX {
    interface IntrinsicElements {
      'secret-setup': CustomElementProps<SecretSetupElement, SecretSetupAttributes>;
      'aup-consent': CustomElementProps<AupConsentElement, AupConsentAttributes>;
      'secret-challenge': CustomElementProps<SecretChallengeElement, SecretChallengeAttributes>;
    }
  }
}

export type {
  AupConsentAttributes,
  SecretChallengeAttributes,
  SecretSetupAttributes,
  SharedAttributes,
} from './attributes.js';
