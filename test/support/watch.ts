/**
 * Watchers for the hygiene and fault suites: everything a page could leak a
 * secret into (events, attributes, URL, storage, console) and every error
 * that escapes the elements. Each `watch…` returns a stop function; tests
 * call `stopAll()` in `afterEach` so a failing test never leaves a wrapper on.
 */

const stops: Array<() => void> = [];

/** Undoes every watcher started since the last call. */
export function stopAll(): void {
  for (const stop of stops.splice(0).reverse()) stop();
}

/** Every custom event type the three elements fire (from their `@fires` JSDoc). */
export const ELEMENT_EVENTS = [
  'secret-rules-change',
  'secret-saved',
  'secret-rejected',
  'secret-error',
  'secret-done',
  'aup-read',
  'aup-accepted',
  'aup-declined',
  'aup-error',
  'challenge-ready',
  'challenge-verified',
  'challenge-failed',
  'challenge-locked',
  'challenge-error',
] as const;

export interface SeenEvent {
  type: string;
  detail: unknown;
}

/**
 * Records the elements' events at `document` in the capture phase (so no
 * listener of the page can stop one first), and also every `CustomEvent`
 * dispatched anywhere while watching, so an event type missing from
 * `ELEMENT_EVENTS` is seen too.
 */
export function watchEvents(): { listed: SeenEvent[]; dispatched: SeenEvent[] } {
  const listed: SeenEvent[] = [];
  const dispatched: SeenEvent[] = [];
  const listener = (event: Event) => listed.push({ type: event.type, detail: (event as CustomEvent).detail });
  for (const type of ELEMENT_EVENTS) document.addEventListener(type, listener, { capture: true });
  const original = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (this: EventTarget, event: Event): boolean {
    if (event instanceof CustomEvent) dispatched.push({ type: event.type, detail: event.detail as unknown });
    return original.call(this, event);
  };
  stops.push(() => {
    for (const type of ELEMENT_EVENTS) document.removeEventListener(type, listener, { capture: true });
    EventTarget.prototype.dispatchEvent = original;
  });
  return { listed, dispatched };
}

/** Every console call, whatever the method, as the list of its arguments. */
export function watchConsole(): unknown[][] {
  const calls: unknown[][] = [];
  const target = console as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  for (const name of Object.keys(target)) {
    const method = target[name];
    if (typeof method !== 'function') continue;
    originals.set(name, method);
    target[name] = (...args: unknown[]) => {
      calls.push(args);
    };
  }
  stops.push(() => {
    for (const [name, method] of originals) target[name] = method;
  });
  return calls;
}

/** Errors that escaped to the window: uncaught exceptions and unhandled rejections. */
export function watchErrors(): string[] {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => errors.push(`unhandledrejection: ${String(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  stops.push(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  });
  return errors;
}

/** Every element under `root`, looking into every open shadow root. */
export function deepElements(root: Node = document.documentElement): Element[] {
  const found: Element[] = [];
  const visit = (node: Node) => {
    if (node instanceof Element) {
      found.push(node);
      if (node.shadowRoot) for (const child of node.shadowRoot.childNodes) visit(child);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return found;
}

/** Every attribute value in the document (light and shadow DOM), and the serialised markup of each host and shadow root. */
export function markup(): string[] {
  const texts: string[] = [];
  for (const element of deepElements()) {
    for (const attribute of element.attributes) texts.push(`${attribute.name}=${attribute.value}`);
    if (element.shadowRoot) texts.push(element.outerHTML, element.shadowRoot.innerHTML);
  }
  return texts.map(withoutRunnerId);
}

/**
 * The test runner puts a random session id in the page's URL and its script
 * URLs; by chance it can spell the answers' sequence ("…KgH…"), which is
 * the runner's, not a leak.
 */
function withoutRunnerId(text: string): string {
  return text.replace(/wtr-session-id=[\w-]+/g, 'wtr-session-id=');
}

/** Attribute values only, for checks on single characters. */
export function attributeValues(): string[] {
  return deepElements().flatMap((element) => [...element.attributes].map((attribute) => attribute.value));
}

async function readDatabase(name: string): Promise<string[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error(`cannot open ${name}`));
  });
  try {
    const texts: string[] = [];
    for (const store of db.objectStoreNames) {
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error ?? new Error(`cannot read ${store}`));
      });
      texts.push(store, JSON.stringify(all));
    }
    return texts;
  } finally {
    db.close();
  }
}

/** Everything the page keeps outside the DOM: URL, history state, Web Storage, IndexedDB, cookies. */
export async function storedState(): Promise<string[]> {
  const texts = [withoutRunnerId(location.href), JSON.stringify(history.state), document.cookie];
  for (const storage of [localStorage, sessionStorage]) {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i)!;
      texts.push(key, storage.getItem(key) ?? '');
    }
  }
  const databases = await indexedDB.databases();
  for (const { name } of databases) {
    if (!name) continue;
    texts.push(name, ...(await readDatabase(name)));
  }
  return texts;
}

/** Stringifies console arguments the way a log viewer would show them. */
export function consoleText(calls: unknown[][]): string[] {
  return calls.flatMap((args) =>
    args.map((arg) => {
      if (typeof arg === 'string') return arg;
      if (arg instanceof Error) return `${arg.name}: ${arg.message}\n${arg.stack ?? ''}`;
      try {
        return JSON.stringify(arg) ?? String(arg);
      } catch {
        return String(arg);
      }
    }),
  );
}

/** Every string anywhere inside `value` (event details are plain data). */
export function stringsIn(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => [key, ...stringsIn(inner, seen)]);
}

/** Pseudo-random numbers in [0, 1) from a 32-bit seed (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
