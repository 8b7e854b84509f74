/**
 * Entry of the self-contained bundle, `dist/account-secret-elements.min.js`:
 * everything `index.ts` exports, with the style sheets evaluated first, side
 * by side. In the minified file they then sit within gzip's 32 KB window of
 * one another, so their many shared declarations compress against each
 * other rather than each against code far away. Order only: each element
 * still imports its own sheet, and npm users' bundlers order modules their
 * own way.
 */
import './internal/styles.js';
import './secret-setup/secret-setup.styles.js';
import './aup-consent/aup-consent.styles.js';
import './secret-challenge/secret-challenge.styles.js';

export * from './index.js';
