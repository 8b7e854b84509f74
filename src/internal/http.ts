import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Why a request failed, as carried by every `*-error` event. */
export type ErrorKind =
  'network' | 'timeout' | 'server' | 'unauthorized' | 'forbidden' | 'rate-limited' | 'bad-response';

/** Detail of the `secret-error`, `aup-error` and `challenge-error` events. */
export interface ErrorDetail {
  kind: ErrorKind;
  /** HTTP status, when the server answered. */
  status?: number;
}

type HeaderMap = Record<string, string>;

/**
 * Extra request headers: an object, or a function returning one (or a
 * promise of one), called before every request so a token can be refreshed.
 */
export type HeadersSource = HeaderMap | (() => HeaderMap | Promise<HeaderMap>);

/** How every element's requests are made (the URL comes with each request). */
export interface HttpConfig {
  credentials: RequestCredentials;
  timeout: number;
  headers?: HeadersSource;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON; `undefined` for an empty body; `INVALID_BODY` if unparsable. */
  body: unknown;
  /** Seconds from `Retry-After` (either form), when present and sensible. */
  retryAfter?: number;
}

/** Marks a body that claimed to be JSON, or was not empty, and did not parse. */
export const INVALID_BODY: unique symbol = Symbol('invalid body');

/** A failed request, classified. Thrown by `send` and by element code alike. */
export class RequestError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly retryAfter?: number;
  /** When the failure happened (ms since the epoch): a `retryAfter` wait counts from here. */
  readonly at = Date.now();

  constructor(kind: ErrorKind, status?: number, retryAfter?: number) {
    super(kind);
    this.name = 'RequestError';
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  get detail(): ErrorDetail {
    return this.status === undefined ? { kind: this.kind } : { kind: this.kind, status: this.status };
  }
}

/** The answer broke the contract (a body or status the caller cannot use): one spelling for the bundle. */
export const badResponse = (status?: number): RequestError => new RequestError('bad-response', status);

/**
 * The error for a status the caller did not expect: 401, 403, 429 and 5xx
 * have kinds of their own; anything else (400, an unknown 4xx, a 3xx that
 * fetch did not follow) means the exchange broke the contract.
 */
export function unexpected(response: HttpResponse): RequestError {
  const { status, retryAfter } = response;
  if (status === 401) return new RequestError('unauthorized', status);
  if (status === 403) return new RequestError('forbidden', status);
  if (status === 429) return new RequestError('rate-limited', status, retryAfter);
  if (status >= 500) return new RequestError('server', status);
  return badResponse(status);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP-date form starts with a day name; Date.parse would also take "-5" or "1.5".
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** The longest a timer is sure to wait: engines keep timer delays in 32 bits, and a longer one may fire at once. */
const MAX_TIMEOUT = 2 ** 31 - 1;
/** Limits on what is read of a body: JSON answers are a few hundred bytes, a policy document some kilobytes. */
const MAX_JSON_BYTES = 64 * 1024;
const MAX_TEXT_BYTES = 1024 * 1024;

/** Reads at most `limit` bytes of the body; more is a contract breach, and the rest is never read. */
async function readText(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel();
      throw badResponse(response.status);
    }
    text += decoder.decode(value, { stream: true });
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // An HTML error page from a proxy, a truncated body: never shown, only classified.
    return INVALID_BODY;
  }
}

async function resolveHeaders(source: HeadersSource | undefined): Promise<HeaderMap> {
  if (!source) return {};
  const value = typeof source === 'function' ? await source() : source;
  if (!isRecord(value)) return {};
  // Header names ignore case: a host's "accept" would be sent beside ours, joined into one value.
  return Object.fromEntries(Object.entries(value).filter(([name]) => !/^(accept|content-type)$/i.test(name)));
}

export interface SendOptions {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  signal?: AbortSignal;
  /** The `Accept` header; the contract's JSON types when not given. */
  accept?: string;
  /** How to read the body: parsed JSON (default), or the text as sent (an HTML document, say). */
  responseType?: 'json' | 'text';
}

/**
 * The one place that talks HTTP. Adds the contract's headers and the host's,
 * enforces the timeout (on the host's `headers()` too), never follows a
 * redirect, reads a bounded body, and answers with the status and parsed
 * body; throws `RequestError` for network failures, timeouts, redirects, a
 * failing `headers()` and oversized bodies, so each element decides what
 * every other status means to it.
 */
export async function send(config: HttpConfig, options: SendOptions): Promise<HttpResponse> {
  const deadline = AbortSignal.timeout(config.timeout > 0 ? Math.min(config.timeout, MAX_TIMEOUT) : 15000);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  // The combined signal carries the reason of whichever aborted first: the deadline's, or the caller's (a change of subject).
  const failed = (status?: number) =>
    new RequestError(signal.aborted && signal.reason === deadline.reason ? 'timeout' : 'network', status);

  let extra: HeaderMap;
  try {
    // Raced with the signal: a headers() that never settles must not hang the element.
    extra = await Promise.race([resolveHeaders(config.headers), rejectOnAbort(signal)]);
  } catch {
    // The host could not give its credentials (a token refresh failed): to the user, a session to renew.
    throw signal.aborted ? failed() : new RequestError('unauthorized');
  }
  const headers: HeaderMap = {
    ...extra,
    Accept: options.accept ?? 'application/json, application/problem+json',
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: options.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: config.credentials,
      cache: 'no-store',
      // Never follow: a 307/308 would re-send the body and the host's headers
      // wherever it points, and a 302 to a sign-in page would pass for a 200.
      redirect: 'manual',
      signal,
    });
  } catch {
    throw failed();
  }
  if (response.type === 'opaqueredirect' || response.redirected) {
    // We cannot see where it points; a JSON API redirects a browser only to sign in.
    throw new RequestError('unauthorized');
  }
  let text: string;
  try {
    text = await readText(response, options.responseType === 'text' ? MAX_TEXT_BYTES : MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof RequestError && !signal.aborted) throw error;
    throw failed(response.status);
  }
  return {
    status: response.status,
    body: options.responseType === 'text' ? text : parseJson(text),
    retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
  };
}

/** Rejects once `signal` aborts (at once if it has). */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Error('aborted'));
    else signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

/** What one run of a request came to. `aborted`: superseded, or the element left; nothing to apply. */
export type Outcome<T> = { status: 'ok'; value: T } | { status: 'error'; error: RequestError } | { status: 'aborted' };

/** Sends one request of a run, with the run's signal. */
export type Request = (options: Omit<SendOptions, 'signal'>) => Promise<HttpResponse>;

/**
 * The request lifecycle of an element (the pattern of Lit's `@lit/task`,
 * without its bytes): one run at a time, each with its own abort signal.
 * `run` refuses while busy (a double click sends one request); `restart`
 * aborts the run in flight first (a change of subject). A run resolves to
 * `ok` with the value its work returned, `error` with a classified
 * `RequestError`, or `aborted` when it was superseded or the element left
 * the page: a reply is applied only by the run that asked for it, and only
 * when it is still the current one. Work should return what it read and
 * leave applying it to the caller.
 */
export class RequestController implements ReactiveController {
  #current?: AbortController;
  readonly #host: ReactiveControllerHost;
  readonly #config: () => HttpConfig;

  constructor(host: ReactiveControllerHost & HttpConfig, config: () => HttpConfig = () => host) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  /** A run is in flight. */
  get busy(): boolean {
    return this.#current !== undefined;
  }

  run<T>(work: (request: Request, signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    if (this.busy) return Promise.resolve({ status: 'aborted' });
    return this.#start(work);
  }

  restart<T>(work: (request: Request, signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    this.abort();
    return this.#start(work);
  }

  /** Aborts the run in flight, if any; it resolves `aborted`. */
  abort(): void {
    const current = this.#current;
    if (!current) return;
    this.#current = undefined;
    current.abort();
    this.#host.requestUpdate();
  }

  async #start<T>(work: (request: Request, signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    const abort = new AbortController();
    const { signal } = abort;
    this.#current = abort;
    this.#host.requestUpdate();
    let outcome: Outcome<T>;
    try {
      const value = await work((options) => send(this.#config(), { ...options, signal }), signal);
      outcome = { status: 'ok', value };
    } catch (error) {
      outcome = { status: 'error', error: error instanceof RequestError ? error : new RequestError('network') };
    }
    if (signal.aborted) return { status: 'aborted' };
    this.#current = undefined;
    this.#host.requestUpdate();
    return outcome;
  }

  hostDisconnected(): void {
    this.abort();
  }
}
