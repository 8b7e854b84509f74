import { setupWorker, type SetupWorker } from 'msw/browser';
import { handlers } from './index.js';

/**
 * Starts the mock backend in this page through MSW's service worker, served
 * at `/mockServiceWorker.js`. Used by the demo page and the tests.
 */
export async function startMockWorker(options: { quiet?: boolean } = {}): Promise<SetupWorker> {
  const worker = setupWorker(...handlers);
  await worker.start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledFrame: 'bypass',
    quiet: options.quiet ?? true,
  });
  return worker;
}
