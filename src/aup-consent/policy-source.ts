import type { ReactiveControllerHost } from 'lit';
import { fire } from '../internal/events.js';
import { RequestController, RequestError, unexpected, type ErrorDetail, badResponse } from '../internal/http.js';

type LoadState = 'idle' | 'loading' | 'loaded' | 'failed';

type SourceHost = ReactiveControllerHost &
  HTMLElement & { readonly src: string; readonly credentials: RequestCredentials; readonly timeout: number };

/**
 * `<aup-consent src>`: the policy fetched as an HTML document and
 * sanitised (the sanitiser is a chunk loaded with the first policy). Its
 * own request lifecycle, apart from the acceptance's: a new `src` aborts
 * the last, and the host's headers are not sent (a public document).
 */
export class PolicySource {
  readonly #host: SourceHost;
  /** The policy is in the region (or gone): watch for its end again. */
  readonly #settled: () => void;
  readonly #request: RequestController;
  state: LoadState = 'idle';
  /** The sanitised policy, kept in one element so re-renders move it, never empty it. */
  content?: HTMLElement;
  failure?: RequestError;

  constructor(host: SourceHost, settled: () => void) {
    this.#host = host;
    this.#settled = settled;
    this.#request = new RequestController(host, () => ({ credentials: host.credentials, timeout: host.timeout }));
  }

  /** Loads the policy from `src` (or, without `src`, lets the last one go). */
  async load(): Promise<void> {
    const host = this.#host;
    this.content = undefined;
    this.failure = undefined;
    if (!host.src) {
      this.#request.abort();
      this.state = 'idle';
      host.requestUpdate();
      await host.updateComplete;
      this.#settled();
      return;
    }
    this.state = 'loading';
    host.requestUpdate();
    const url = new URL(host.src, document.baseURI).href;
    const outcome = await this.#request.restart(async (request) => {
      const [response, sanitizer] = await Promise.all([
        request({ method: 'GET', url, accept: 'text/html', responseType: 'text' }),
        import('./sanitize.js'),
      ]);
      if (response.status < 200 || response.status >= 300 || typeof response.body !== 'string')
        throw unexpected(response);
      const content = sanitizer.policyContent(response.body, url);
      // Nothing left to read (an empty body, or only what the sanitiser
      // removed) must never count as a policy read to its end.
      if (!content.textContent?.trim()) throw badResponse(response.status);
      return content;
    });
    if (outcome.status === 'aborted') return;
    if (outcome.status === 'ok') {
      this.content = outcome.value;
      this.state = 'loaded';
    } else {
      // A sanitiser chunk that would not load is, to the user, a failed connection.
      this.failure = outcome.error;
      this.state = 'failed';
      fire<ErrorDetail>(host, 'aup-error', outcome.error.detail);
    }
    host.requestUpdate();
    await host.updateComplete;
    this.#settled();
  }
}
