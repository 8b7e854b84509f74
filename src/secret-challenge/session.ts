import type { ReactiveControllerHost } from 'lit';
import { fire } from '../internal/events.js';
import {
  RequestController,
  RequestError,
  type ErrorDetail,
  type HttpConfig,
  type Outcome,
  badResponse,
} from '../internal/http.js';
import { fetchedOf, isPositionList, verdictOf, type Challenge, type Fetched } from './challenge-model.js';
import type {
  ChallengeFailedDetail,
  ChallengeLockedDetail,
  ChallengeReadyDetail,
  ChallengeVerifiedDetail,
} from './events.js';

export type Phase = 'idle' | 'loading' | 'load-failed' | 'ready' | 'verified' | 'locked';

/** What the session reads of `<secret-challenge>`: the subject (which challenge), and where to send. */
type SessionHost = ReactiveControllerHost &
  HTMLElement &
  HttpConfig & { readonly endpoint: string; readonly positions: number[] | undefined; readonly challengeId: string };

export interface SessionHooks {
  /** Whether the page's boxes (if it gave them) fit the challenge: one per position. */
  fits(challenge: Challenge): boolean;
  /** A new challenge is on show: what the element showed of the last one goes. */
  shown(challenge: Challenge): void;
  /** The answers typed go (an answer was judged, a lock, a new subject). */
  clear(): void;
}

/**
 * The request lifecycle of `<secret-challenge>`: which challenge is on
 * show, fetched or host-given, and what the server made of the answers.
 * One request at a time (`RequestController`): a new subject aborts the one
 * in flight, and a reply is applied only to the challenge that asked for it.
 * It fires the element's events; the element renders from its fields.
 */
export class ChallengeSession {
  readonly #host: SessionHost;
  readonly #hooks: SessionHooks;
  readonly #request: RequestController;
  phase: Phase = 'idle';
  challenge?: Challenge;
  notice?: 'failed' | 'expired';
  lockedUntil?: string;
  failure?: RequestError;

  constructor(host: SessionHost, hooks: SessionHooks) {
    this.#host = host;
    this.#hooks = hooks;
    this.#request = new RequestController(host);
  }

  /** A request is in flight. */
  get busy(): boolean {
    return this.#request.busy;
  }

  /** A new subject: whatever was in flight is aborted, and the challenge is taken again. */
  setUp(): void {
    const host = this.#host;
    this.#request.abort();
    this.#hooks.clear();
    this.lockedUntil = undefined;
    this.challenge = undefined;
    this.failure = undefined;
    if (host.positions !== undefined) {
      if (isPositionList(host.positions)) {
        this.#show({ id: host.challengeId, positions: [...host.positions] });
      } else {
        // Too many, duplicate, or out of range: refused, never trimmed, and nothing is fetched instead.
        this.phase = 'idle';
        this.fail(badResponse());
      }
      return;
    }
    if (!host.endpoint) {
      this.phase = 'idle';
      host.requestUpdate();
      return;
    }
    void this.#load();
  }

  /**
   * Sends the answers for the challenge on show and applies the server's
   * verdict. Resolves `aborted` when a change of subject (or the element
   * leaving) superseded the request: its answer belongs to nobody on show.
   */
  async answer(answers: string[]): Promise<'done' | 'error' | 'aborted'> {
    const challenge = this.challenge;
    if (!challenge) return 'aborted';
    const host = this.#host;
    const body = { challengeId: challenge.id, answers };
    const outcome = await this.#request.run(async (request) =>
      verdictOf(await request({ method: 'POST', url: host.endpoint, body })),
    );
    if (outcome.status === 'aborted') return 'aborted';
    if (outcome.status === 'error') {
      this.fail(outcome.error);
      return 'error';
    }
    const verdict = outcome.value;
    this.#hooks.clear();
    switch (verdict.kind) {
      case 'verified':
        this.phase = 'verified';
        fire<ChallengeVerifiedDetail>(
          host,
          'challenge-verified',
          verdict.verificationId ? { verificationId: verdict.verificationId } : {},
        );
        break;
      case 'failed':
        challenge.attemptsRemaining = verdict.attemptsRemaining;
        this.notice = 'failed';
        fire<ChallengeFailedDetail>(host, 'challenge-failed', { attemptsRemaining: verdict.attemptsRemaining });
        break;
      case 'locked':
        this.#lock(verdict.lockedUntil);
        break;
      case 'expired':
        // The challenge ran out: the boxes belong to it, so they go too.
        await this.#load('expired');
        break;
    }
    host.requestUpdate();
    return 'done';
  }

  /** `lockedUntil` null: a lock only an admin can lift. */
  #lock(lockedUntil: string | null): void {
    this.#hooks.clear();
    this.lockedUntil = lockedUntil ?? undefined;
    this.phase = 'locked';
    this.#host.requestUpdate();
    fire<ChallengeLockedDetail>(this.#host, 'challenge-locked', lockedUntil === null ? {} : { lockedUntil });
  }

  #show(challenge: Challenge): void {
    const host = this.#host;
    if (!this.#hooks.fits(challenge)) {
      // The page's boxes do not fit the challenge: refused, never guessed at.
      this.phase = 'idle';
      this.fail(badResponse());
      return;
    }
    this.challenge = challenge;
    this.phase = 'ready';
    this.notice = undefined;
    this.failure = undefined;
    this.#hooks.shown(challenge);
    host.requestUpdate();
    const positions = [...challenge.positions];
    // After the render, so a listener can already move focus into the boxes.
    void host.updateComplete.then(() => {
      if (this.challenge === challenge) fire<ChallengeReadyDetail>(host, 'challenge-ready', { positions });
    });
  }

  fail(failure: RequestError): void {
    this.failure = failure;
    if (!this.challenge && this.phase !== 'locked') this.phase = 'load-failed';
    this.#host.requestUpdate();
    fire<ErrorDetail>(this.#host, 'challenge-error', failure.detail);
  }

  async #load(notice?: 'expired'): Promise<void> {
    this.challenge = undefined;
    this.phase = 'loading';
    this.#host.requestUpdate();
    const url = this.#host.endpoint;
    const outcome: Outcome<Fetched> = await this.#request.restart(async (request) =>
      fetchedOf(await request({ method: 'GET', url })),
    );
    if (outcome.status === 'aborted') return;
    if (outcome.status === 'error') {
      this.fail(outcome.error);
      return;
    }
    if (outcome.value.kind === 'locked') {
      this.#lock(outcome.value.lockedUntil);
      return;
    }
    this.#show(outcome.value.challenge);
    this.notice = notice;
  }
}
