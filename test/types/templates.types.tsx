/**
 * Type tests, run by `npm run typecheck`: what the template typings accept
 * and refuse. A line marked `@ts-expect-error` fails the type check if it
 * ever type-checks.
 */
import type { GlobalComponents } from 'vue';
import type {} from 'account-secret-elements/vue';
import type {} from 'account-secret-elements/jsx';

/** What `vue-tsc` checks a tag's attributes and `@event` handlers against. */
type VueProps<K extends keyof GlobalComponents> = GlobalComponents[K] extends new () => { $props: infer P } ? P : never;

export const vueChallenge: VueProps<'secret-challenge'> = {
  mode: 'agent',
  endpoint: '/api/helpdesk/users/mary-smith/account-secret/challenge',
  headers: () => ({ 'X-CSRF-Token': 'token' }),
  onChallengeVerified: (event) => event.detail.verificationId,
};
// @ts-expect-error: `selff` is not a mode
export const vueBadMode: VueProps<'secret-challenge'> = { mode: 'selff' };
export const vueSetup: VueProps<'secret-setup'> = {
  givenName: 'Mary',
  minLength: '10',
  noConfirm: true,
  class: 'wide',
};
// @ts-expect-error: `alphabet` is `latin` or `unicode`
export const vueBadAlphabet: VueProps<'secret-setup'> = { alphabet: 'greek' };

export const jsxSetup = <secret-setup endpoint="/api/account-secret" given-name="Mary" no-confirm />;
// @ts-expect-error: `selff` is not a mode
export const jsxBadMode = <secret-challenge mode="selff" />;
