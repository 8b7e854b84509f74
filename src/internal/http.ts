import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Why a request failed, as carried by every `*-error` event. */
export type ErrorKind =
  | 'network'
  | 'timeout'
  | 'server'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'bad-response';

/** Detail of the `secret-error`, `aup-error` and `challenge-error` events. */
export interface ErrorDetail {
  kind: ErrorKind;
  /** HTTP status, when the server answered. */
  status?: number;
}

export type HeaderMap = Record<string, string>;

/**
 * Extra request headers: an object, or a function returning one (or a
 * promise of one), called before every request so a token can be refreshed.
 */
export type HeadersSource = HeaderMap | (() => HeaderMap | Promise<HeaderMap>);

/** The configuration every element exposes. */
export interface HttpConfig {
  endpoint: string;
  credentials: RequestCredentials;
  timeout: number;
  headers?: HeadersSource;
}

/** An RFC 9457 problem document, with the extensions our contract adds. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  [extension: string]: unknown;
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
  return new RequestError('bad-response', status);
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

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
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
 * enforces the timeout, and answers with the status and parsed body; throws
 * `RequestError` for network failures and timeouts only, so each element
 * decides what every status means to it.
 */
export async function send(config: HttpConfig, options: SendOptions): Promise<HttpResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, config.timeout > 0 ? config.timeout : 15000);
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });

  try {
    const extra = await resolveHeaders(config.headers);
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
        signal: controller.signal,
      });
    } catch {
      throw new RequestError(timedOut ? 'timeout' : 'network');
    }
    let body: unknown;
    try {
      body = options.responseType === 'text' ? await response.text() : await readBody(response);
    } catch {
      throw new RequestError(timedOut ? 'timeout' : 'network', response.status);
    }
    return {
      status: response.status,
      body,
      retryAfter: parseRetryAfter(response.headers.get('Retry-After')),
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Keeps one request in flight per element, re-renders the host while busy,
 * and aborts the request when the element leaves the page.
 */
export class RequestController implements ReactiveController {
  busy = false;
  #abort?: AbortController;
  readonly #host: ReactiveControllerHost & HttpConfig;

  constructor(host: ReactiveControllerHost & HttpConfig) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * Runs `work` unless a request is already under way (then returns
   * `undefined` at once: a double click sends one request).
   */
  async run<T>(work: (request: (options: Omit<SendOptions, 'signal'>) => Promise<HttpResponse>) => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    const abort = new AbortController();
    this.#abort = abort;
    this.#host.requestUpdate();
    try {
      return await work((options) => send(this.#host, { ...options, signal: abort.signal }));
    } catch (error) {
      // Aborted because the element left the page: nobody is there to tell.
      if (abort.signal.aborted) return undefined;
      throw error;
    } finally {
      this.busy = false;
      this.#abort = undefined;
      this.#host.requestUpdate();
    }
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }
}
