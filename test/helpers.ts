import { sendKeys } from '@web/test-runner-commands';
import type { ReactiveElement } from 'lit';
import type { SetupWorker } from 'msw/browser';
import { startMockWorker } from '../mocks/browser.js';
import { resetMockState } from '../mocks/index.js';
import { chord } from './support/keys.js';

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
export function recordEvents(
  target: EventTarget,
  types: string[],
): Array<{ type: string; detail: unknown; event: Event }> {
  const seen: Array<{ type: string; detail: unknown; event: Event }> = [];
  for (const type of types) {
    target.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail, event }));
  }
  return seen;
}

/**
 * Waits until `check` passes (or fails after `timeout` ms), polling each
 * frame. `what` names the wait in the error; as a function, it is read when
 * the wait times out, so that it can say what the page looked like then.
 */
export async function until(
  check: () => boolean,
  timeout = 5000,
  what: string | (() => string) = 'condition',
): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout)
      throw new Error(`Timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

// --- reaching into an element's shadow root (shared by every suite) -------------------

/** The first match in the element's shadow root, or null. */
export function q<T extends Element = HTMLElement>(el: Element, selector: string): T | null {
  return el.shadowRoot!.querySelector<T>(selector);
}

/** The element's part `name` (in its shadow root); throws when there is none. */
export function part<T extends Element = HTMLElement>(el: Element, name: string): T {
  const found = q<T>(el, `[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

/** Text as a person reads it: whitespace collapsed. */
export const text = (node: Element | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The polite live region's text. */
export const announced = (el: Element): string => text(q(el, '[data-announcer]'));

/**
 * The page gave a `<secret-challenge>` boxes of its own ("HTML first"): an
 * input among its children that is neither hidden nor the element's own
 * (its whole-secret and username fields are marked as its own).
 */
export const givesOwnBoxes = (el: Element): boolean =>
  [...el.querySelectorAll('input:not([type="hidden"])')].some(
    (input) => !input.closest('[data-secret-challenge-owned]'),
  );

/**
 * The character boxes on show in a `<secret-challenge>`: the page's own
 * inputs while the element shows them (slotted), or the element's own.
 */
export function boxes(el: Element): HTMLInputElement[] {
  if (!givesOwnBoxes(el)) return [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="char-input"]')];
  return [...el.querySelectorAll<HTMLInputElement>('input:not([type="hidden"])')].filter((input) => {
    if (input.closest('[data-secret-challenge-owned]')) return false;
    let top: Element = input;
    while (top.parentElement !== el) top = top.parentElement!;
    return top.assignedSlot !== null;
  });
}
export const values = (el: Element): string[] => boxes(el).map((box) => box.value);

/** Focuses `field` and types `keys` with real key presses. */
export async function typeInto(field: HTMLInputElement, keys: string): Promise<void> {
  field.focus();
  await sendKeys({ type: keys });
}

/** Types each answer with a real key press, from the first box on show of a `<secret-challenge>` (the page's or its own). */
export async function typeAnswers(el: ReactiveElement, answers: string[]): Promise<void> {
  boxes(el)[0].focus();
  for (const answer of answers) await sendKeys({ type: answer });
  await el.updateComplete;
}

/**
 * A real paste, as a user makes one: the text is copied from a scratch
 * field with the keyboard, then pasted into `target` with the keyboard, so
 * the browser fires a trusted paste event carrying clipboard data. (Firefox
 * drops the data of a scripted `new ClipboardEvent('paste', {clipboardData})`.)
 * Resolves to the paste event, seen after the element handled it, or
 * undefined when the browser fired none.
 */
export async function paste(target: HTMLInputElement, value: string): Promise<ClipboardEvent | undefined> {
  const source = document.createElement('textarea');
  source.value = value;
  document.body.append(source);
  source.focus();
  source.select();
  await chord('c');
  source.value = '';
  source.remove();
  let seen: ClipboardEvent | undefined;
  const listener = (event: Event) => (seen = event as ClipboardEvent);
  // In the capture phase: the elements stop paste at their shadow root (SPEC, hardening).
  window.addEventListener('paste', listener, true);
  target.focus();
  await chord('v');
  window.removeEventListener('paste', listener, true);
  return seen;
}

/** A scripted paste event, as a host's script or a test may dispatch: the element reads its clipboard data, where the engine keeps it. */
export function dispatchPaste(target: HTMLInputElement, value: string): { event: ClipboardEvent; carried: boolean } {
  const data = new DataTransfer();
  data.setData('text/plain', value);
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
  const carried = event.clipboardData?.getData('text/plain') === value;
  target.focus();
  target.dispatchEvent(event);
  return { event, carried };
}

/** Puts text in a field the way a script or an older engine pastes: one `input` event for the whole text. */
export function scriptedPaste(field: HTMLInputElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
}

/** A promise a test opens when it chooses: holds a mocked answer back without timers. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/**
 * Resolves once the mock backend has finished answering the next request to
 * `path` (its handler returned and the answer went to the service worker),
 * whether or not the page still wanted it. Tests of stale answers wait for
 * this instead of a timer, then for the element's update.
 */
export function answered(mock: SetupWorker, method: string, path: string): Promise<void> {
  return new Promise((resolve) => {
    const listener = ({ request }: { request: Request }) => {
      if (request.method !== method || new URL(request.url).pathname !== path) return;
      mock.events.removeListener('request:end', listener);
      resolve();
    };
    mock.events.on('request:end', listener);
  });
}

/** Lets everything already queued run: tasks, then a frame, then microtasks after it. */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** The first match in the element's shadow root; throws when there is none. */
export function one<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = q<T>(el, selector);
  if (!found) throw new Error(`nothing matches ${selector} in ${el.localName}`);
  return found;
}

/** Focuses `target` and presses `key` (Enter by default), as a keyboard user does. */
export async function press(target: HTMLElement, key = 'Enter'): Promise<void> {
  target.focus();
  await sendKeys({ press: key });
}
