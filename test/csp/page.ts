// Runs inside test/csp/page.html, served with a strict CSP and Trusted Types
// (see web-test-runner.config.mjs), and drives every element through its
// states. Reports to the parent test: violations, errors, and which steps ran.
// Everything is imported dynamically so that a module failing to load under
// the policy is reported to the parent as an error rather than a silent hang.

export interface CspReport {
  type: 'csp-report';
  canaryBlocked: boolean;
  violations: string[];
  errors: string[];
  steps: string[];
}

const violations: string[] = [];
const errors: string[] = [];
const steps: string[] = [];

document.addEventListener('securitypolicyviolation', (event) => {
  violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
window.addEventListener('error', (event) => errors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => errors.push(String(event.reason)));
const originalError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  errors.push(args.map(String).join(' '));
  originalError(...args);
};

const stage = document.getElementById('stage') as HTMLElement;

function until(check: () => boolean, what: string, timeout = 8000): Promise<void> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (performance.now() - start > timeout) reject(new Error(`timed out: ${what}`));
      else requestAnimationFrame(tick);
    };
    tick();
  });
}

/** Resolves with the type of whichever of `types` fires first on `target`. */
function first(target: EventTarget, types: string[], timeout = 8000): Promise<string> {
  return new Promise((resolve, reject) => {
    for (const type of types) target.addEventListener(type, () => resolve(type), { once: true });
    setTimeout(() => reject(new Error(`timed out waiting for ${types.join(' or ')}`)), timeout);
  });
}

/** A scripted entry (this page has no test-runner commands): the value, then the input event a user's typing fires. */
function enterScripted(input: HTMLInputElement, text: string): void {
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
}

function part<T extends HTMLElement>(host: Element, name: string): T {
  const found = host.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name} in ${host.localName}`);
  return found;
}

// The harness registers MSW's worker with a plain string; this default policy
// lets exactly that URL through. It defines no createHTML, so every HTML sink
// the library might touch is still refused (see canary()).
interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string | null }): unknown;
}
const tt = (window as unknown as { trustedTypes?: TrustedTypePolicyFactoryLike }).trustedTypes;
tt?.createPolicy('default', {
  createScriptURL: (url) => (new URL(url, location.href).pathname === '/mockServiceWorker.js' ? url : null),
});

/** Proves the policy is enforced here: a string into an HTML sink must be refused. */
function canary(): boolean {
  const div = document.createElement('div');
  try {
    div.innerHTML = '<b>not trusted</b>';
    return false;
  } catch {
    return true;
  }
}

async function secretSetup(expected: 'secret-saved' | 'secret-error'): Promise<void> {
  const el = document.createElement('secret-setup');
  el.setAttribute('endpoint', '/api/account-secret');
  el.setAttribute('given-name', 'Mary');
  stage.replaceChildren(el);
  await el.updateComplete;
  steps.push('setup:initial');

  part<HTMLButtonElement>(el, 'submit').click();
  await until(() => !!el.shadowRoot?.querySelector('[part="error-summary"]'), 'setup error summary');
  steps.push('setup:error-summary');

  part<HTMLButtonElement>(el, 'toggle').click();
  enterScripted(part(el, 'input'), 'meadowlarks');
  enterScripted(part(el, 'confirm-input'), 'meadowlarks');
  await el.updateComplete;
  steps.push('setup:typed');

  const outcome = first(el, ['secret-saved', 'secret-error']);
  part<HTMLButtonElement>(el, 'submit').click();
  if ((await outcome) !== expected) throw new Error(`setup: expected ${expected}`);
  await el.updateComplete;
  steps.push(`setup:${expected}`);
}

async function aupConsent(): Promise<void> {
  const el = document.createElement('aup-consent');
  el.setAttribute('endpoint', '/api/aup/acceptance');
  el.setAttribute('version', '2026-11');
  // A fetched policy goes through DOMPurify (its own Trusted Types policy).
  // The demo policy: clean HTML, as docs/elements/aup-consent.md asks hosts to serve.
  el.setAttribute('src', '/public/policy/acceptable-use-policy.html');
  stage.replaceChildren(el);
  // Loaded and sanitised: the region now holds a policy taller than itself.
  await until(() => {
    const region = el.shadowRoot?.querySelector<HTMLElement>('[part~="policy"]');
    return !!region && region.scrollHeight > region.clientHeight + 10;
  }, 'policy loaded');
  steps.push('aup:loaded');

  part<HTMLButtonElement>(el, 'accept').click();
  steps.push('aup:early');

  if (el.read) throw new Error('aup: a long policy was read on arrival');
  const policy = part(el, 'policy');
  policy.scrollTop = policy.scrollHeight;
  await until(() => el.read, 'aup read');
  steps.push('aup:read');

  const outcome = first(el, ['aup-accepted', 'aup-error']);
  part<HTMLButtonElement>(el, 'accept').click();
  if ((await outcome) !== 'aup-accepted') throw new Error('aup: not accepted');
  await el.updateComplete;
  steps.push('aup:accepted');
}

async function secretChallenge(mode: 'self' | 'agent', answer: string): Promise<void> {
  const el = document.createElement('secret-challenge');
  el.setAttribute('mode', mode);
  el.setAttribute(
    'endpoint',
    mode === 'agent' ? '/api/helpdesk/users/mary-smith/account-secret/challenge' : '/api/account-secret/challenge',
  );
  const ready = first(el, ['challenge-ready', 'challenge-error']);
  stage.replaceChildren(el);
  if ((await ready) !== 'challenge-ready') throw new Error(`challenge ${mode}: not ready`);
  await el.updateComplete;
  steps.push(`challenge-${mode}:ready`);

  if (mode === 'self') part<HTMLButtonElement>(el, 'toggle').click();
  const boxes = [...(el.shadowRoot?.querySelectorAll<HTMLInputElement>('[part="char-input"]') ?? [])];
  boxes.forEach((box, i) => enterScripted(box, answer[i] ?? 'a'));
  await el.updateComplete;
  const outcome = first(el, ['challenge-verified', 'challenge-failed', 'challenge-error']);
  part<HTMLButtonElement>(el, 'submit').click();
  steps.push(`challenge-${mode}:${await outcome}`);
  await el.updateComplete;
}

async function run(): Promise<void> {
  const canaryBlocked = canary();
  // The canary's own violation report is expected; start counting after it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  violations.length = 0;

  let worker: Awaited<ReturnType<typeof import('../../mocks/browser.js').startMockWorker>> | undefined;
  try {
    const [{ startMockWorker }, { scenario, seedChallengePositions, demoChallengeSecret }] = await Promise.all([
      import('../../mocks/browser.js'),
      import('../../mocks/index.js'),
      import('../../src/index.js'),
    ]);
    worker = await startMockWorker();
    await secretSetup('secret-saved');
    worker.use(...scenario('server-error'));
    await secretSetup('secret-error');
    worker.resetHandlers();
    await aupConsent();
    // Positions are fixed so the answers are known; a success draws new ones.
    seedChallengePositions([1, 2, 3]);
    await secretChallenge('self', 'xyz');
    await secretChallenge('self', demoChallengeSecret.slice(0, 3));
    seedChallengePositions([1, 2, 3]);
    await secretChallenge('agent', demoChallengeSecret.slice(0, 3));
  } catch (error) {
    errors.push(`step failed after ${steps.at(-1) ?? 'start'}: ${String(error)}`);
  } finally {
    worker?.resetHandlers();
  }
  // Let late reports (violations are dispatched asynchronously) arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const report: CspReport = { type: 'csp-report', canaryBlocked, violations, errors, steps };
  parent.postMessage(report, location.origin);
}

void run();
