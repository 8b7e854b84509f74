// Never rendered. `npm run typecheck` proves that the package's published
// typings refuse what the elements do not take: each line under
// `@ts-expect-error` is a type error, and if one ever type-checks, tsc fails
// on the unused directive.
import { SecretSetup } from 'account-secret-elements/react/secret-setup';

export const wrongProps = (
  <>
    {/* @ts-expect-error: alphabet is latin or unicode */}
    <SecretSetup alphabet="greek" />
    {/* @ts-expect-error: a rules-change detail has no value (the secret is never in an event) */}
    <SecretSetup onSecretRulesChange={(event) => event.detail.value} />
    {/* The plain tags are typed too, with their attributes as in HTML (the wrapper's import brings the JSX typings). */}
    {/* @ts-expect-error: no mode "selff" */}
    <secret-challenge mode="selff" />
  </>
);
