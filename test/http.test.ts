/**
 * The HTTP seam (`src/internal/http.ts`) on its own: what it sends, how it
 * reads answers, and how it fails. Each test gives the mock worker its own
 * handler for one path.
 */
import { expect } from '@open-wc/testing';
import { delay, http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  INVALID_BODY,
  RequestController,
  RequestError,
  send,
  unexpected,
  type HttpConfig,
  type HttpResponse as SeamResponse,
} from '../src/internal/http.js';
import { requests, resetMocks, until, useMocks } from './helpers.js';
import { stopAll, watchErrors } from './support/watch.js';

const URL_ = '/api/http-test';
const CONTRACT_ACCEPT = 'application/json, application/problem+json';
let worker: SetupWorker;

const config = (extra: Partial<HttpConfig> = {}): HttpConfig => ({
  credentials: 'same-origin',
  timeout: 15000,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<RequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

/** Records `fetch`'s init for each call: what the browser was asked to do. */
function spyOnFetch(): RequestInit[] {
  const calls: RequestInit[] = [];
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push(init ?? {});
    return original.call(window, input, init);
  };
  restoreFetch = () => (window.fetch = original);
  return calls;
}
let restoreFetch: (() => void) | undefined;

/** The least a controller needs of its host, with the HTTP settings. */
class Host implements ReactiveControllerHost, HttpConfig {
  credentials: RequestCredentials = 'same-origin';
  timeout = 15000;
  updates = 0;
  readonly controllers: ReactiveController[] = [];
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates++;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
}

describe('the HTTP seam', () => {
  before(async () => {
    worker = await useMocks();
  });
  beforeEach(() => resetMocks());
  afterEach(() => {
    stopAll();
    restoreFetch?.();
    restoreFetch = undefined;
  });

  describe('what it sends', () => {
    it('POST: the JSON body with exactly Content-Type application/json and the contract Accept', async () => {
      worker.use(http.post(URL_, () => HttpResponse.json({ ok: true })));
      const response = await send(config(), { method: 'POST', url: URL_, body: { secret: 'x', n: [1, 2] } });
      expect(response).to.deep.equal({ status: 200, body: { ok: true }, retryAfter: undefined });
      // The recorder reads the body asynchronously (helpers.ts): wait for it rather than race it.
      await until(() => requests[0]?.body !== '', 5000, 'the recorded body');
      const [request] = requests;
      expect(request.method).to.equal('POST');
      expect(request.headers.get('content-type')).to.equal('application/json');
      expect(request.headers.get('accept')).to.equal(CONTRACT_ACCEPT);
      expect(request.body).to.equal('{"secret":"x","n":[1,2]}');
    });

    it('GET: the contract Accept, and no Content-Type or body', async () => {
      worker.use(http.get(URL_, () => HttpResponse.json({ ok: true })));
      await send(config(), { method: 'GET', url: URL_ });
      const [request] = requests;
      expect(request.method).to.equal('GET');
      expect(request.headers.get('accept')).to.equal(CONTRACT_ACCEPT);
      expect(request.headers.get('content-type')).to.equal(null);
      expect(request.body).to.equal('');
    });

    it('passes credentials to fetch, never caches, and carries an abort signal', async () => {
      worker.use(http.get(URL_, () => HttpResponse.json({})));
      const calls = spyOnFetch();
      for (const credentials of ['same-origin', 'include', 'omit'] as const) {
        await send(config({ credentials }), { method: 'GET', url: URL_ });
      }
      expect(calls.map((init) => init.credentials)).to.deep.equal(['same-origin', 'include', 'omit']);
      expect(calls.every((init) => init.cache === 'no-store')).to.equal(true);
      expect(calls.every((init) => init.signal instanceof AbortSignal)).to.equal(true);
    });

    const sources = {
      'an object': () => ({ 'X-CSRF-Token': 'csrf-1' }),
      'a function': () => () => ({ 'X-CSRF-Token': 'csrf-1' }),
      'an async function': () => async () => {
        await delay(5);
        return { 'X-CSRF-Token': 'csrf-1' };
      },
    };
    for (const [what, make] of Object.entries(sources)) {
      it(`merges host headers given as ${what} into every request`, async () => {
        worker.use(http.post(URL_, () => HttpResponse.json({})));
        const headers = make();
        await send(config({ headers }), { method: 'POST', url: URL_, body: {} });
        await send(config({ headers }), { method: 'POST', url: URL_, body: {} });
        expect(requests.map((r) => r.headers.get('x-csrf-token'))).to.deep.equal(['csrf-1', 'csrf-1']);
        expect(requests.map((r) => r.headers.get('accept'))).to.deep.equal([CONTRACT_ACCEPT, CONTRACT_ACCEPT]);
      });
    }

    it('asks a header function again before each request (a token can be refreshed)', async () => {
      worker.use(http.get(URL_, () => HttpResponse.json({})));
      let n = 0;
      const headers = () => Promise.resolve({ Authorization: `Bearer token-${++n}` });
      await send(config({ headers }), { method: 'GET', url: URL_ });
      await send(config({ headers }), { method: 'GET', url: URL_ });
      expect(requests.map((r) => r.headers.get('authorization'))).to.deep.equal(['Bearer token-1', 'Bearer token-2']);
    });

    it('keeps the contract Accept and Content-Type whatever the host headers say, in any letter case', async () => {
      worker.use(http.post(URL_, () => HttpResponse.json({})));
      const variants: Array<Record<string, string>> = [
        { Accept: 'text/html', 'Content-Type': 'text/plain' },
        { accept: 'text/html', 'content-type': 'text/plain' },
        { ACCEPT: 'text/html', 'CONTENT-TYPE': 'text/plain' },
      ];
      for (const headers of variants) {
        await send(config({ headers }), { method: 'POST', url: URL_, body: {} });
      }
      expect(requests.map((r) => [r.headers.get('accept'), r.headers.get('content-type')])).to.deep.equal([
        [CONTRACT_ACCEPT, 'application/json'],
        [CONTRACT_ACCEPT, 'application/json'],
        [CONTRACT_ACCEPT, 'application/json'],
      ]);
    });

    it('ignores a header function that answers something other than an object', async () => {
      worker.use(http.get(URL_, () => HttpResponse.json({})));
      const headers = (() => null) as unknown as () => Record<string, string>;
      await send(config({ headers }), { method: 'GET', url: URL_ });
      expect(requests[0].headers.get('accept')).to.equal(CONTRACT_ACCEPT);
    });
  });

  describe('how it reads answers', () => {
    it('parses JSON and problem+json bodies, whatever the status', async () => {
      worker.use(
        http.post(
          URL_,
          () =>
            new HttpResponse(JSON.stringify({ title: 'Nope', status: 422 }), {
              status: 422,
              headers: { 'Content-Type': 'application/problem+json' },
            }),
        ),
      );
      const response = await send(config(), { method: 'POST', url: URL_, body: {} });
      expect(response).to.deep.equal({ status: 422, body: { title: 'Nope', status: 422 }, retryAfter: undefined });
    });

    for (const [what, make] of [
      ['a 200 with no body', () => new HttpResponse(null, { status: 200 })],
      ['a 204', () => new HttpResponse(null, { status: 204 })],
      [
        'a body of whitespace',
        () => new HttpResponse('  \n', { status: 200, headers: { 'Content-Type': 'application/json' } }),
      ],
      [
        'a 422 with no body',
        () => new HttpResponse(null, { status: 422, headers: { 'Content-Type': 'application/problem+json' } }),
      ],
    ] as const) {
      it(`reads ${what} as no body (undefined)`, async () => {
        worker.use(http.post(URL_, make));
        const response = await send(config(), { method: 'POST', url: URL_, body: {} });
        expect(response.body).to.equal(undefined);
      });
    }

    for (const [what, make, status] of [
      [
        'invalid JSON',
        () => new HttpResponse('{"verified": tru', { status: 200, headers: { 'Content-Type': 'application/json' } }),
        200,
      ],
      [
        'an HTML error page',
        () =>
          new HttpResponse('<!doctype html><h1>502 Bad Gateway</h1>', {
            status: 502,
            headers: { 'Content-Type': 'text/html' },
          }),
        502,
      ],
    ] as const) {
      it(`marks ${what} INVALID_BODY, keeping the status`, async () => {
        worker.use(http.post(URL_, make));
        const response = await send(config(), { method: 'POST', url: URL_, body: {} });
        expect(response.status).to.equal(status);
        expect(response.body).to.equal(INVALID_BODY);
      });
    }

    it('reads Retry-After in seconds', async () => {
      worker.use(http.post(URL_, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': ' 120 ' } })));
      const response = await send(config(), { method: 'POST', url: URL_, body: {} });
      expect(response.retryAfter).to.equal(120);
      expect(unexpected(response)).to.deep.include({ kind: 'rate-limited', status: 429, retryAfter: 120 });
    });

    it('reads Retry-After as an HTTP date, as seconds from now', async () => {
      // Whole seconds ahead: an HTTP date has no fractions.
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 90_000);
      worker.use(
        http.post(URL_, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': at.toUTCString() } })),
      );
      const response = await send(config(), { method: 'POST', url: URL_, body: {} });
      // Seconds tick while the request runs: 90 when answered at once, less for each second lost.
      expect(response.retryAfter).to.be.within(85, 91);
    });

    it('reads a Retry-After date in the past as 0, and a meaningless one as absent', async () => {
      const values = [new Date(Date.now() - 60_000).toUTCString(), 'soon', '-5', '1.5'];
      const seen: Array<number | undefined> = [];
      for (const value of values) {
        worker.resetHandlers();
        worker.use(http.post(URL_, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': value } })));
        seen.push((await send(config(), { method: 'POST', url: URL_, body: {} })).retryAfter);
      }
      expect(seen).to.deep.equal([0, undefined, undefined, undefined]);
    });

    it('maps statuses nobody expected to error kinds: 401, 403, 429, 5xx, and anything else is a bad response', () => {
      const kinds = [401, 403, 429, 500, 502, 503, 400, 404, 409, 302, 200].map((status) => {
        const error = unexpected({ status, body: undefined } satisfies SeamResponse);
        return [status, error.kind, error.detail];
      });
      expect(kinds).to.deep.equal([
        [401, 'unauthorized', { kind: 'unauthorized', status: 401 }],
        [403, 'forbidden', { kind: 'forbidden', status: 403 }],
        [429, 'rate-limited', { kind: 'rate-limited', status: 429 }],
        [500, 'server', { kind: 'server', status: 500 }],
        [502, 'server', { kind: 'server', status: 502 }],
        [503, 'server', { kind: 'server', status: 503 }],
        [400, 'bad-response', { kind: 'bad-response', status: 400 }],
        [404, 'bad-response', { kind: 'bad-response', status: 404 }],
        [409, 'bad-response', { kind: 'bad-response', status: 409 }],
        [302, 'bad-response', { kind: 'bad-response', status: 302 }],
        [200, 'bad-response', { kind: 'bad-response', status: 200 }],
      ]);
    });
  });

  describe('how it fails', () => {
    it('a failed connection is a network error, with no status', async () => {
      worker.use(http.post(URL_, () => HttpResponse.error()));
      const error = await failure(send(config(), { method: 'POST', url: URL_, body: {} }));
      expect(error.detail).to.deep.equal({ kind: 'network' });
    });

    it('an answer that does not come within `timeout` ms is a timeout, and the request is aborted', async () => {
      worker.use(http.post(URL_, () => delay('infinite')));
      const calls = spyOnFetch();
      const error = await failure(send(config({ timeout: 200 }), { method: 'POST', url: URL_, body: {} }));
      expect(error.detail).to.deep.equal({ kind: 'timeout' });
      expect(calls[0].signal!.aborted).to.equal(true);
    });

    it('with a signal from the caller too (as every element request has), the timeout is still a timeout', async () => {
      worker.use(http.post(URL_, () => delay('infinite')));
      const abort = new AbortController();
      const error = await failure(
        send(config({ timeout: 200 }), { method: 'POST', url: URL_, body: {}, signal: abort.signal }),
      );
      expect(error.detail).to.deep.equal({ kind: 'timeout' });
      expect(abort.signal.aborted, "the caller's own signal is left alone").to.equal(false);
    });

    it('a headers() that never settles times out, with a signal from the caller too', async () => {
      const abort = new AbortController();
      const never = () => new Promise<Record<string, string>>(() => {});
      const error = await failure(
        send(config({ timeout: 200, headers: never }), { method: 'GET', url: URL_, signal: abort.signal }),
      );
      expect(error.detail).to.deep.equal({ kind: 'timeout' });
      // Only this test's GET counts: the worker may report the previous test's hung POST late, under load.
      expect(
        requests.filter((request) => request.method === 'GET'),
        'nothing sent',
      ).to.deep.equal([]);
    });

    it('a signal from the caller aborts the request (reported as a network error to whoever still listens)', async () => {
      worker.use(http.post(URL_, () => delay('infinite')));
      const abort = new AbortController();
      const pending = failure(send(config(), { method: 'POST', url: URL_, body: {}, signal: abort.signal }));
      await until(() => requests.length === 1, 5000, 'request sent');
      abort.abort();
      expect((await pending).detail).to.deep.equal({ kind: 'network' });
    });
  });

  describe('RequestController', () => {
    it('keeps one request in flight: a second run while busy does nothing and resolves aborted', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      worker.use(
        http.post(URL_, async () => {
          await released;
          return HttpResponse.json({ n: 1 });
        }),
      );
      const host = new Host();
      const controller = new RequestController(host);
      expect(host.controllers).to.deep.equal([controller]);
      const first = controller.run((request) => request({ method: 'POST', url: URL_, body: {} }));
      expect(controller.busy).to.equal(true);
      let ran = false;
      const second = await controller.run(() => {
        ran = true;
        return Promise.resolve('second');
      });
      expect([second, ran]).to.deep.equal([{ status: 'aborted' }, false]);
      await until(() => requests.length === 1, 5000, 'request sent');
      release();
      const done = await first;
      expect(done.status === 'ok' && done.value.body).to.deep.equal({ n: 1 });
      expect(controller.busy).to.equal(false);
      expect(host.updates, 'the host re-renders when busy starts and ends').to.equal(2);
      expect(requests).to.have.length(1);
    });

    it('aborts the request when the host leaves the page: no answer, no error, no unhandled rejection', async () => {
      const errors = watchErrors();
      worker.use(http.post(URL_, () => delay('infinite')));
      const host = new Host();
      const controller = new RequestController(host);
      const calls = spyOnFetch();
      let answered = false;
      const run = controller.run(async (request) => {
        const response = await request({ method: 'POST', url: URL_, body: {} });
        answered = true;
        return response;
      });
      await until(() => requests.length === 1, 5000, 'request sent');
      controller.hostDisconnected();
      expect(await run).to.deep.equal({ status: 'aborted' });
      expect(answered).to.equal(false);
      expect(calls[0].signal!.aborted).to.equal(true);
      expect(controller.busy).to.equal(false);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(errors).to.deep.equal([]);
    });

    it('resolves a failure as an error outcome, classified (anything but a RequestError is network)', async () => {
      worker.use(http.post(URL_, () => HttpResponse.error()));
      const controller = new RequestController(new Host());
      const outcome = await controller.run((request) => request({ method: 'POST', url: URL_, body: {} }));
      expect(outcome.status === 'error' && outcome.error.detail).to.deep.equal({ kind: 'network' });
      const thrown = await controller.run(() => Promise.reject(new TypeError('a bug')));
      expect(thrown.status === 'error' && thrown.error.kind).to.equal('network');
      expect(controller.busy).to.equal(false);
    });

    it('restart aborts the run in flight: it resolves aborted even when its answer arrives, and the new run applies', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let n = 0;
      worker.use(
        http.get(URL_, async () => {
          n += 1;
          const mine = n;
          if (mine === 1) await released;
          return HttpResponse.json({ n: mine });
        }),
      );
      const controller = new RequestController(new Host());
      const calls = spyOnFetch();
      const first = controller.run(async (request) => (await request({ method: 'GET', url: URL_ })).body);
      await until(() => requests.length === 1, 5000, 'first request sent');
      const second = controller.restart(async (request) => (await request({ method: 'GET', url: URL_ })).body);
      release();
      expect(await first).to.deep.equal({ status: 'aborted' });
      expect(await second).to.deep.equal({ status: 'ok', value: { n: 2 } });
      expect(calls[0].signal!.aborted).to.equal(true);
      expect(controller.busy).to.equal(false);
    });

    it('uses the host settings at the time of the request', async () => {
      worker.use(http.get(URL_, () => HttpResponse.json({})));
      const calls = spyOnFetch();
      const host = new Host();
      const controller = new RequestController(host);
      host.credentials = 'include';
      Object.assign(host, { headers: { 'X-Trace': 'abc' } });
      await controller.run((request) => request({ method: 'GET', url: URL_ }));
      expect(calls[0].redirect).to.equal('manual');
      expect(calls[0].credentials).to.equal('include');
      expect(requests[0].headers.get('x-trace')).to.equal('abc');
    });
  });
});
