/**
 * The conformance kit's plumbing: how it talks to a backend (a transport
 * over plain `fetch`, or anything that answers the same), who it signs in
 * as, and the assertions its checks make. No Node or DOM specifics: the
 * same modules run in Node 20 (the CLI) and in a browser (the test suite).
 */

/** Roles of the contract. */
export type Role = 'user' | 'agent' | 'admin';

/** Who a check needs to be signed in as. */
export interface Profile {
  userId: string;
  givenName: string;
  familyName: string;
  organisation: string;
  roles: Role[];
  /** How long ago the person signed in (setting a secret needs a recent sign-in). */
  signedInSecondsAgo: number;
}

/** What a sign-in yields: the headers that carry the session, and its CSRF token. */
export interface Credentials {
  /** Sent with every request of the session (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** A `Cookie` header value (`name=value; …`) sent with every request of the session. */
  cookie?: string;
  /** Sent as `X-CSRF-Token` on POST. */
  csrfToken: string;
}

/** A request as it goes on the wire. Header names are lower case. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A response, read whole. */
export interface WireResponse {
  status: number;
  headers: Headers;
  /** Every `Set-Cookie` header, as sent. */
  setCookies: string[];
  text: string;
}

/** Sends one request and reads the whole answer. Must not follow redirects. */
export type Transport = (request: WireRequest) => Promise<WireResponse>;

/** A host's own sign-in: gives the credentials of a session for the profile. */
export type SignIn = (profile: Profile, context: { baseUrl: string; send: Transport }) => Promise<Credentials>;

/** The backend under test. */
export interface Target {
  /** Where the contract's paths live, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  send: Transport;
  /** Default: `POST /api/dev/session` (`devSessionSignIn`). */
  signIn?: SignIn;
}

/** A failed expectation: its message says what the backend did instead. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

/** Fails the check with `message` unless `condition` holds. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

/** A transport over a `fetch` function (Node 20's global fetch by default): no redirects, a timeout. */
export function fetchTransport(fetchImpl: typeof fetch = fetch, timeoutMs = 15_000): Transport {
  return async ({ method, url, headers, body }) => {
    const response = await fetchImpl(url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const setCookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
    return { status: response.status, headers: response.headers, setCookies, text: await response.text() };
  };
}

/** `path` (absolute, e.g. `/api/…`) under `baseUrl`, keeping any path prefix of the base (`https://host/app`). */
function urlOf(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The `name=value` pairs of `Set-Cookie` headers, as one `Cookie` header. */
export function cookieHeader(setCookies: readonly string[]): string {
  return setCookies
    .map((line) => line.split(';')[0].trim())
    .filter((pair) => pair.includes('='))
    .join('; ');
}

/**
 * The default sign-in: `POST /api/dev/session` with the profile, which
 * answers `{"csrfToken"}` and sets the session cookie. Node's fetch keeps no
 * cookies, so the kit keeps it and sends it back itself.
 */
export const devSessionSignIn: SignIn = async (profile, { baseUrl, send }) => {
  const response = await send({
    method: 'POST',
    url: urlOf(baseUrl, '/api/dev/session'),
    headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
    body: JSON.stringify(profile),
  });
  if (response.status !== 200) {
    throw new CheckFailure(`sign-in: POST /api/dev/session answered ${response.status}, expected 200`);
  }
  const body = parseJson(response.text);
  const csrfToken = isRecord(body) ? body.csrfToken : undefined;
  if (typeof csrfToken !== 'string' || csrfToken === '') {
    throw new CheckFailure('sign-in: POST /api/dev/session answered no string "csrfToken"');
  }
  const cookie = cookieHeader(response.setCookies);
  if (cookie === '') throw new CheckFailure('sign-in: POST /api/dev/session set no session cookie');
  return { cookie, csrfToken };
};

/** An answer as a check reads it. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON. */
  body: unknown;
  /** `METHOD path` of the request, for messages. */
  what: string;
}

export interface RequestOptions {
  /** A JSON body (serialised, with `Content-Type: application/json`). */
  json?: unknown;
  /** A raw body, sent as is. */
  body?: string;
  /** Headers to add or override (lower-case names). */
  headers?: Record<string, string>;
  /** Send the session's CSRF token on unsafe methods (default true); a string sends that token instead. */
  csrf?: boolean | string;
  /** Send the session's credentials (default true). */
  credentials?: boolean;
}

/** A client of the backend, signed in or not. */
export class Client {
  constructor(
    private readonly target: Required<Target>,
    readonly credentials: Credentials | undefined,
    readonly profile: Profile | undefined,
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    const { credentials } = this;
    if (credentials && options.credentials !== false) {
      for (const [name, value] of Object.entries(credentials.headers ?? {})) headers[name.toLowerCase()] = value;
      if (credentials.cookie) headers.cookie = credentials.cookie;
    }
    const unsafe = method !== 'GET' && method !== 'HEAD';
    if (unsafe && options.csrf !== false) {
      const token = typeof options.csrf === 'string' ? options.csrf : credentials?.csrfToken;
      if (token !== undefined) headers['x-csrf-token'] = token;
    }
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    const what = `${method} ${path}`;
    let response: WireResponse;
    try {
      response = await this.target.send({ method, url: urlOf(this.target.baseUrl, path), headers, body });
    } catch (error) {
      throw new CheckFailure(`${what}: no answer (${error instanceof Error ? error.message : String(error)})`);
    }
    return {
      status: response.status,
      headers: response.headers,
      text: response.text,
      body: parseJson(response.text),
      what,
    };
  }

  /** The same client with every credential altered, as a session the backend never issued. */
  forged(): Client {
    const credentials = this.credentials;
    if (!credentials) return this;
    const alter = (value: string) => `${value}x`;
    const cookie = credentials.cookie
      ?.split(';')
      .map((pair) => {
        const [name, ...value] = pair.trim().split('=');
        return `${name}=${alter(value.join('='))}`;
      })
      .join('; ');
    const headers = Object.fromEntries(
      Object.entries(credentials.headers ?? {}).map(([name, value]) => [name, alter(value)]),
    );
    return new Client(this.target, { cookie, headers, csrfToken: alter(credentials.csrfToken) }, this.profile);
  }

  get(path: string, options?: RequestOptions): Promise<Answer> {
    return this.request('GET', path, options);
  }

  post(path: string, json: unknown, options: RequestOptions = {}): Promise<Answer> {
    return this.request('POST', path, { ...options, json });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mediaType(headers: Headers): string {
  return (headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

/** Expects the status, or one of several. */
export function expectStatus(answer: Answer, ...statuses: number[]): void {
  expect(
    statuses.includes(answer.status),
    `${answer.what} answered ${answer.status}, expected ${statuses.join(' or ')}${answer.status >= 400 ? ` (${brief(answer.text)})` : ''}`,
  );
}

/**
 * Expects an RFC 9457 problem with `status`: `application/problem+json`,
 * an object with string `title`, the same integer `status`, and string
 * `type` and `detail` when present. Answers the problem's fields.
 */
export function expectProblem(answer: Answer, status: number): Record<string, unknown> {
  expectStatus(answer, status);
  expect(
    mediaType(answer.headers) === 'application/problem+json',
    `${answer.what} answered ${status} as "${answer.headers.get('content-type') ?? 'no content type'}", not application/problem+json`,
  );
  const body = answer.body;
  expect(isRecord(body), `${answer.what}: the ${status} problem+json body is not a JSON object`);
  expect(typeof body.title === 'string', `${answer.what}: the problem has no string "title"`);
  expect(
    body.status === status,
    `${answer.what}: the problem's "status" is ${JSON.stringify(body.status)}, not ${status}`,
  );
  for (const key of ['type', 'detail'] as const) {
    expect(
      body[key] === undefined || typeof body[key] === 'string',
      `${answer.what}: the problem's "${key}" is not a string`,
    );
  }
  return body;
}

/** Expects a 2xx JSON object body; answers it. */
export function expectJsonObject(answer: Answer, ...statuses: number[]): Record<string, unknown> {
  expectStatus(answer, ...(statuses.length > 0 ? statuses : [200]));
  expect(
    mediaType(answer.headers) === 'application/json',
    `${answer.what}: the body is "${answer.headers.get('content-type') ?? 'no content type'}", not application/json`,
  );
  expect(isRecord(answer.body), `${answer.what}: the body is not a JSON object`);
  return answer.body;
}

/** Whether a string is an ISO 8601 date-time Date.parse understands. */
export function isDateTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

function brief(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
