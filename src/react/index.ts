/**
 * React wrappers (`account-secret-elements/react`), made with @lit/react so
 * properties, typed events and refs work the React way:
 *
 *   <SecretSetup endpoint="/api/account-secret" onSecretSaved={(e) => …} />
 *
 * This entry loads all three elements; `account-secret-elements/react/secret-setup`
 * (and `/aup-consent`, `/secret-challenge`) load one. React is an optional
 * peer dependency: only these entry points need it.
 */
export { SecretSetup } from './secret-setup.js';
export { AupConsent } from './aup-consent.js';
export { SecretChallenge } from './secret-challenge.js';
