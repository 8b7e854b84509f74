/**
 * Registers all three elements. Import one element's module instead
 * (`account-secret-elements/secret-setup.js`) to load only that one.
 */
export * from './secret-setup/secret-setup.js';
export * from './aup-consent/aup-consent.js';
export * from './secret-challenge/secret-challenge.js';
export type { ErrorDetail, ErrorKind, HeadersSource } from './internal/http.js';
export * from './rules/index.js';
