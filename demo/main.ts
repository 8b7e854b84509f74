// The demo page: the seed article's journeys, on the mock backend (`npm
// start`) or on the reference server (`npm run serve`, which marks the page
// `<html data-backend="server">` and proxies /api/ to the server).
import type { SetupWorker } from 'msw/browser';
import { startMockWorker } from '../mocks/browser.js';
import { aupAcceptances, scenario, type Scenario } from '../mocks/index.js';
import { challengeState, demoChallengeSecret } from '../mocks/challenge.js';
import { demoSignIn, demoUser, paths } from '../mocks/data.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const $ = <T extends Element>(selector: string, root: ParentNode = document) => root.querySelector<T>(selector);

const onServer = document.documentElement.dataset.backend === 'server';
/** Who the page is signed in as on the reference server. */
let serverSession: 'mary' | 'agent' = 'mary';
// The backend must be ready before the elements make their first request
// (<secret-challenge> fetches its positions when it connects).
let worker: SetupWorker | undefined;
if (onServer) {
  // The helpdesk journey is the agent's, never Mary's own session: nobody
  // checks their own account through the helpdesk routes. Its check loads
  // once the page has signed in as the agent (see checkMaryAsAgent).
  byId('agent-challenge').removeAttribute('endpoint');
  await signInToServer();
  // After the page's own sign-in: what is recorded is what the elements sent.
  recordServerTraffic();
} else {
  worker = await startMockWorker();
  exposeBackendForTests(worker);
}
await import('../src/index.js');

for (const el of document.querySelectorAll('[data-demo-secret]')) el.textContent = demoChallengeSecret;

byId<HTMLSelectElement>('scenario').addEventListener('change', (event) => {
  const value = (event.target as HTMLSelectElement).value as Scenario | '';
  worker?.resetHandlers();
  if (value) worker?.use(...scenario(value));
});

/** Signs in through the development sign-in; answers the session's CSRF token (the cookie is HttpOnly). */
async function devSignIn(profile: object): Promise<string> {
  const response = await fetch(paths.devSession, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(profile),
  });
  if (!response.ok) throw new Error(`Development sign-in failed: ${response.status}`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

type WithHeaders = HTMLElement & { headers?: Record<string, string> };

/**
 * On the reference server: sign in as Mary through the development sign-in
 * (she has the user, agent and admin roles, so every journey works in one
 * session), and give every element the session's CSRF token. The session
 * cookie is HttpOnly: the page never sees it. The mock faults do not apply.
 */
async function signInToServer(): Promise<void> {
  const csrfToken = await devSignIn({ ...demoSignIn, roles: ['user', 'agent', 'admin'] });
  serverSession = 'mary';
  for (const el of document.querySelectorAll<WithHeaders>('secret-setup, aup-consent, secret-challenge')) {
    el.headers = { 'X-CSRF-Token': csrfToken };
  }
  byId<HTMLSelectElement>('scenario').disabled = true;
}

/** Shows the journey named by the URL hash, and moves focus to its heading area. */
function route(): void {
  const id = location.hash.slice(1) || 'home';
  const target = document.getElementById(id)?.hasAttribute('data-journey') ? id : 'home';
  if (onServer && target === 'reset') void resecureOnServer();
  else if (onServer && target === 'helpdesk') void checkMaryAsAgent(byId('agent-challenge'));
  // Leaving the helpdesk step half-way: Mary again, for the other journeys.
  else if (onServer && serverSession === 'agent') void signInToServer();
  for (const section of document.querySelectorAll<HTMLElement>('[data-journey]')) {
    section.hidden = section.id !== target;
  }
  for (const link of document.querySelectorAll('.journeys a')) {
    if (link.getAttribute('href') === `#${target}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (location.hash) byId('main').focus();
}
// New user: policy, then profile, then secret, then a confirmation pop-up.
const newUser = byId('new-user');
function showStep(step: string): void {
  for (const panel of newUser.querySelectorAll<HTMLElement>('[data-step-panel]')) {
    panel.hidden = panel.dataset.stepPanel !== step;
  }
  for (const item of newUser.querySelectorAll<HTMLElement>('[data-step]')) {
    if (item.dataset.step === step) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  }
  $<HTMLElement>(`[data-step-panel="${step}"] h2`, newUser)?.setAttribute('tabindex', '-1');
  $<HTMLElement>(`[data-step-panel="${step}"] h2`, newUser)?.focus();
}
let accepted = { version: '', acceptedAt: '' };
byId('new-aup').addEventListener('aup-accepted', (event) => {
  accepted = event.detail;
  showStep('profile');
});
byId('new-aup').addEventListener('aup-declined', () => {
  location.hash = '#home';
});
byId('profile-form').addEventListener('submit', (event) => {
  event.preventDefault();
  showStep('secret');
});
byId('new-secret').addEventListener('secret-done', (event) => {
  event.preventDefault();
  const dialog = byId<HTMLDialogElement>('aup-confirmed');
  $('[data-aup-version]', dialog)!.textContent = accepted.version;
  $('[data-aup-time]', dialog)!.textContent = new Date(accepted.acceptedAt).toLocaleString('en-GB');
  dialog.showModal();
});
byId('aup-confirmed').addEventListener('close', () => {
  showStep('policy');
  location.hash = '#home';
});

// Existing user: secret, then the element's success notification; OK returns to the profile.
byId('existing-secret').addEventListener('secret-done', (event) => {
  event.preventDefault();
  const el = event.target as HTMLElement;
  el.hidden = true;
  const done = $<HTMLElement>('[data-existing-done]')!;
  done.hidden = false;
  done.focus();
});

// Reset after re-securing: on the reference server, a helpdesk agent checks
// Mary and re-secures her account first; then (both backends) she accepts
// the policy again and sets a new secret.
const resetPanel = (name: string) => $<HTMLElement>(`[data-reset-panel="${name}"]`)!;
const resetOutcome = $<HTMLElement>('[data-reset-outcome]')!;

function focusHeading(panel: HTMLElement): void {
  const heading = $<HTMLElement>('h2', panel)!;
  heading.tabIndex = -1;
  heading.focus();
}

/**
 * The helpdesk step on the reference server: signs in as a helpdesk agent
 * (re-securing one's own account is refused, and Mary's session ends with
 * the re-secure anyway) and loads the agent's check of Mary.
 */
async function resecureOnServer(): Promise<void> {
  const challenge = byId<WithHeaders>('reset-agent-challenge');
  if (serverSession === 'agent' && challenge.hasAttribute('endpoint')) return;
  resetPanel('helpdesk').hidden = false;
  resetPanel('policy').hidden = true;
  resetPanel('secret').hidden = true;
  resetOutcome.textContent = '';
  await checkMaryAsAgent(challenge);
}

/** The agent's session's CSRF token, while the page is signed in as the agent. */
let agentCsrfToken = '';

/** Signs in as the helpdesk agent (once) and points `challenge` at Mary's account, which loads her challenge. */
async function checkMaryAsAgent(challenge: WithHeaders): Promise<void> {
  if (serverSession !== 'agent') {
    agentCsrfToken = await devSignIn({
      userId: 'helpdesk-agent',
      givenName: 'Helen',
      familyName: 'Desk',
      roles: ['agent'],
    });
    serverSession = 'agent';
  }
  challenge.headers = { 'X-CSRF-Token': agentCsrfToken };
  challenge.setAttribute('endpoint', paths.agentChallenge.replace(':userId', demoUser.id));
}

byId('reset-agent-challenge').addEventListener('challenge-verified', (event) => {
  void (async () => {
    const challenge = event.target as WithHeaders;
    const response = await fetch(paths.resecure.replace(':userId', demoUser.id), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, application/problem+json',
        ...challenge.headers,
      },
      body: JSON.stringify({ verificationId: event.detail.verificationId }),
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      resetOutcome.textContent = `The account was not re-secured: ${problem.detail ?? `the server answered ${response.status}`}`;
      return;
    }
    // Mary's sessions have ended: she signs in again, and the server says what she must do.
    await signInToServer();
    const status = (await (await fetch(paths.status)).json()) as {
      aup: { currentVersion: string; acceptedAt: string | null };
    };
    const aup = byId('reset-aup');
    aup.setAttribute('version', status.aup.currentVersion);
    if (status.aup.acceptedAt) aup.setAttribute('accepted-at', status.aup.acceptedAt);
    else aup.removeAttribute('accepted-at');
    challenge.removeAttribute('endpoint');
    resetPanel('helpdesk').hidden = true;
    resetPanel('policy').hidden = false;
    focusHeading(resetPanel('policy'));
  })();
});

byId('reset-aup').addEventListener('aup-accepted', () => {
  resetPanel('policy').hidden = true;
  resetPanel('secret').hidden = false;
  focusHeading(resetPanel('secret'));
});

// Last: the first route may start the reset journey's helpdesk step, which needs all of the above.
window.addEventListener('hashchange', route);
route();

/** What `?e2e` exposes: the backend this page talks to, as its server sees it. */
export interface DemoBackend {
  /** Every `/api/` request since the page loaded, in order. */
  requests: Array<{ method: string; url: URL; headers: Headers; body: string }>;
  /** The challenge the server has on show for a user. */
  challengeState(userId?: string): { positions?: number[]; challengeId?: string };
  /** The policy acceptances the server recorded. */
  aupAcceptances(): Array<{ version: string; acceptedAt: string }>;
}

/**
 * With `?e2e` in the URL, `test/journeys.test.ts` loads this page in a frame
 * and checks what the mock server was asked. A frame has its own module
 * registry, so only the page can hand over its own instance. Read-only by
 * intent: the test drives the page by keyboard alone. Hoisted, and called
 * before the elements load, so their first requests are recorded too.
 */
function exposeBackendForTests(worker: SetupWorker): void {
  if (!new URLSearchParams(location.search).has('e2e')) return;
  const backend: DemoBackend = { requests: [], challengeState, aupAcceptances };
  worker.events.on('request:start', async ({ request }) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/api/')) return;
    const entry = { method: request.method, url, headers: request.headers, body: '' };
    backend.requests.push(entry);
    entry.body = await request.clone().text();
  });
  Object.assign(window, { demoBackend: backend });
}

/**
 * The same view for `?e2e` on the reference server, which the page cannot
 * look inside: what went over `fetch` (the elements' only way out), and
 * what the server answered about challenges and acceptances.
 */
function recordServerTraffic(): void {
  if (!new URLSearchParams(location.search).has('e2e')) return;
  const challenges = new Map<string, { positions?: number[]; challengeId?: string }>();
  const acceptances: Array<{ version: string; acceptedAt: string }> = [];
  const backend: DemoBackend = {
    requests: [],
    challengeState: (userId = demoUser.id) => challenges.get(userId) ?? {},
    aupAcceptances: () => [...acceptances],
  };
  const send = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/api/')) return send(request);
    const entry = { method: request.method, url, headers: request.headers, body: '' };
    backend.requests.push(entry);
    entry.body = await request.clone().text();
    const response = await send(request);
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    if (typeof body === 'object' && body !== null) {
      if (request.method === 'GET' && 'challengeId' in body) {
        // Self: /api/account-secret/challenge; agent: /api/helpdesk/users/{userId}/...
        const userId = /\/users\/([^/]+)\//.exec(url.pathname)?.[1] ?? demoUser.id;
        challenges.set(decodeURIComponent(userId), body as { positions?: number[]; challengeId?: string });
      }
      if (request.method === 'POST' && url.pathname === paths.aupAcceptance && response.ok) {
        acceptances.push(body as { version: string; acceptedAt: string });
      }
    }
    return response;
  };
  Object.assign(window, { demoBackend: backend });
}
