import type { SetupWorker } from 'msw/browser';
import { startMockWorker } from '../mocks/browser.js';
import { resetMockState } from '../mocks/index.js';

let worker: SetupWorker | undefined;

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** Requests the page made since the last `resetMocks()`, as the server saw them. */
export const requests: RecordedRequest[] = [];

/** Starts the mock backend once per test file; resets it between tests. */
export async function useMocks(): Promise<SetupWorker> {
  if (!worker) {
    worker = await startMockWorker();
    worker.events.on('request:start', async ({ request }) => {
      const url = new URL(request.url);
      if (!url.pathname.startsWith('/api/')) return;
      const clone = request.clone();
      const entry: RecordedRequest = { method: request.method, url, headers: request.headers, body: '' };
      requests.push(entry);
      entry.body = await clone.text();
    });
  }
  return worker;
}

export function resetMocks(): void {
  worker?.resetHandlers();
  resetMockState();
  requests.length = 0;
}

/** Collects the named events fired on `target`, in order. */
export function recordEvents(target: EventTarget, types: string[]): Array<{ type: string; detail: unknown; event: Event }> {
  const seen: Array<{ type: string; detail: unknown; event: Event }> = [];
  for (const type of types) {
    target.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail, event }));
  }
  return seen;
}

/** Waits until `check` passes (or fails after `timeout` ms), polling each frame. */
export async function until(check: () => boolean, timeout = 5000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
