/**
 * Types only (`account-secret-elements/vue`): the three tags in Vue's
 * `GlobalComponents`, so `vue-tsc` checks their attributes and events in
 * templates (`mode="selff"` is an error, `@challenge-verified` hands a typed
 * event). Vue reads a custom element as a component whose `$props` are its
 * props, in camelCase (a template may write them either way), with `on…`
 * props for its events, as Vue's guide to custom elements describes.
 *
 *   import type {} from 'account-secret-elements/vue';
 */
import type { HTMLAttributes } from 'vue';
import type { AupConsentElement } from './aup-consent/aup-consent.js';
import type { SecretChallengeElement } from './secret-challenge/secret-challenge.js';
import type { SecretSetupElement } from './secret-setup/secret-setup.js';
import type { SharedAttributes } from './attributes.js';

/** The events of `E` (from `GlobalEventHandlersEventMap`) as Vue's `on…` listener props. */
type Listeners<Names extends keyof GlobalEventHandlersEventMap> = {
  [N in Names as `on${Capitalize<CamelCase<N>>}`]?: (event: GlobalEventHandlersEventMap[N]) => void;
};
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** A custom element as Vue's template checker sees it: an instance whose `$props` are typed. */
type VueElement<E extends HTMLElement, Props> = new () => E & { $props: HTMLAttributes & Props };

/** Attribute-or-property values: a number attribute may be written as a string in a template. */
type Shared = Omit<SharedAttributes, 'timeout'> &
  Partial<Pick<SecretSetupElement, 'headers' | 'timeout'>> & { timeout?: number | string };

export type SecretSetupProps = Shared &
  Partial<
    Pick<
      SecretSetupElement,
      | 'name'
      | 'required'
      | 'disabled'
      | 'givenName'
      | 'familyName'
      | 'organisation'
      | 'alphabet'
      | 'noConfirm'
      | 'strings'
    >
  > & {
    minLength?: number | string;
    maxLength?: number | string;
    historySize?: number | string;
  } & Listeners<'secret-rules-change' | 'secret-saved' | 'secret-rejected' | 'secret-error' | 'secret-done'>;

export type AupConsentProps = Shared &
  Partial<Pick<AupConsentElement, 'name' | 'required' | 'disabled' | 'version' | 'src' | 'acceptedAt' | 'strings'>> &
  Listeners<'aup-read' | 'aup-accepted' | 'aup-declined' | 'aup-error'>;

export type SecretChallengeProps = Shared &
  Partial<Pick<SecretChallengeElement, 'mode' | 'challengeId' | 'helpHref' | 'account' | 'strings'>> & {
    /** Comma-separated positions as an attribute (`positions="2,5,8"`), or an array as a property. */
    positions?: string | number[];
  } & Listeners<'challenge-ready' | 'challenge-verified' | 'challenge-failed' | 'challenge-locked' | 'challenge-error'>;

declare module 'vue' {
  interface GlobalComponents {
    'secret-setup': VueElement<SecretSetupElement, SecretSetupProps>;
    'aup-consent': VueElement<AupConsentElement, AupConsentProps>;
    'secret-challenge': VueElement<SecretChallengeElement, SecretChallengeProps>;
  }
}
