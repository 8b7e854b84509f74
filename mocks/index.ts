/**
 * MSW handlers implementing `api/openapi.yaml` in memory: one source of
 * truth for the demo page, the tests and Storybook, and usable in a host's
 * own tests (browser: `setupWorker(...handlers)`; Node 22+: `setupServer`).
 *
 * The mocks keep every secret in plain text in memory, so tests can seed
 * and read them: they are a stand-in, NOT a storage design (docs/backend.md
 * says how a real backend stores and checks a secret).
 */
import type { HttpHandler, UnhandledFrameHandle } from 'msw';
import { adminRoutes } from './admin.js';
import { aupRoutes, resetAupState } from './aup.js';
import { challengeRoutes, resetChallengeState } from './challenge.js';
import { resetSecretState, secretRoutes } from './secret.js';
import { statusRoutes } from './status.js';
import type { MockMode } from './session.js';
import { paths } from './data.js';

export {
  demoAupVersion,
  demoChallengeSecret,
  demoChallengeSecrets,
  demoPreviousSecrets,
  demoUser,
  paths,
} from './data.js';
export { statusRoutes } from './status.js';
export { HISTORY_SIZE, SECRET_RATE_LIMIT_PER_MINUTE, secretHandlers, secretRoutes } from './secret.js';
export * from './aup.js';
export * from './challenge.js';
export { adminRoutes } from './admin.js';
export {
  auditRecords,
  MAX_BODY_BYTES,
  RATE_LIMIT_PER_MINUTE,
  RECENT_SIGN_IN_MS,
  SESSION_COOKIE,
  type AuditRecord,
  type MockMode,
  type Role,
  type SessionProfile,
} from './session.js';
export { scenario, RETRY_AFTER_SECONDS, SLOW_MS, type Scenario } from './scenarios.js';

/**
 * Every endpoint of the contract. `lenient` (the default) takes a request
 * without a known session as the signed-in demo user, with no CSRF token and
 * no rate limit, so a page that sets no headers works; `lenient: false`
 * behaves exactly as the contract says (the conformance kit runs against it).
 */
export function mockHandlers(options: Partial<MockMode> = {}): HttpHandler[] {
  const mode: MockMode = { lenient: options.lenient ?? true };
  return [
    ...adminRoutes(mode),
    ...secretRoutes(mode),
    ...statusRoutes(mode),
    ...aupRoutes(mode),
    ...challengeRoutes(mode),
  ];
}

/** Every endpoint of the contract, behaving normally, lenient (demo, tests, Storybook). */
export const handlers = mockHandlers();

/** Every endpoint of the contract, strict: sessions, CSRF and rate limit as a real server. */
export const strictHandlers = mockHandlers({ lenient: false });

/**
 * For `setupServer(...handlers).listen({ onUnhandledFrame })` (or
 * `setupWorker(...).start({ onUnhandledFrame })`): a request under `/api/`
 * that no handler matches fails, with an error that names it and what the
 * mocks answer, instead of reaching the network with a warning; anything
 * else (the page's own assets) goes through untouched.
 */
export const onUnhandledFrame: UnhandledFrameHandle = ({ frame, defaults }) => {
  const { request } = frame.data as { request?: Request };
  if (!request || !new URL(request.url).pathname.startsWith('/api/')) return;
  defaults.error();
  const known = Object.values(paths).join(', ');
  throw new Error(
    `account-secret-elements/mocks: no handler matches ${request.method} ${request.url}. The mocks answer (on any origin): ${known}. ` +
      "Check the element's endpoint, or add a handler with server.use().",
  );
};

/** Returns the in-memory backend to its first state. */
export function resetMockState(): void {
  resetSecretState();
  resetAupState();
  resetChallengeState();
}
