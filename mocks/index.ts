/**
 * MSW handlers implementing `api/openapi.yaml` in memory: one source of
 * truth for the demo page, the tests and Storybook, and usable in a host's
 * own tests (browser: `setupWorker(...handlers)`; Node 22+: `setupServer`).
 */
import { aupHandlers, resetAupState } from './aup.js';
import { challengeHandlers, resetChallengeState } from './challenge.js';
import { resetSecretState, secretHandlers } from './secret.js';

export { demoPreviousSecrets, demoUser, paths } from './data.js';
export { HISTORY_SIZE, secretHandlers } from './secret.js';
export * from './aup.js';
export * from './challenge.js';
export { scenario, RETRY_AFTER_SECONDS, SLOW_MS, type Scenario } from './scenarios.js';

/** Every endpoint of the contract, behaving normally. */
export const handlers = [...secretHandlers, ...aupHandlers, ...challengeHandlers];

/** Returns the in-memory backend to its first state. */
export function resetMockState(): void {
  resetSecretState();
  resetAupState();
  resetChallengeState();
}
