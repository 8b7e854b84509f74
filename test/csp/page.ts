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
function first(target: EventTarget, types: string[]): Promise<string> {
  return new Promise((resolve) => {
    for (const type of types) target.addEventListener(type, () => resolve(type), { once: true });
  });
}

function typeInto(input: HTMLInputElement, text: string): void {
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
}

function part<T extends HTMLElement>(host: Element, name: string): T {
  const found = host.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name} in ${host.localName}`);
  return found;
}

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
  typeInto(part(el, 'input'), 'meadowlarks');
  typeInto(part(el, 'confirm-input'), 'meadowlarks');
  await el.updateComplete;
  steps.push('setup:typed');

  const outcome = first(el, ['secret-saved', 'secret-error']);
  part<HTMLButtonElement>(el, 'submit').click();
  if ((await outcome) !== expected) throw new Error(`setup: expected ${expected}`);
  await el.updateComplete;
  steps.push(`setup:${expected}`);
}

async function run(): Promise<void> {
  const canaryBlocked = canary();
  // The canary's own violation report is expected; start counting after it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  violations.length = 0;

  let worker: Awaited<ReturnType<typeof import('../../mocks/browser.js').startMockWorker>> | undefined;
  try {
    const [{ startMockWorker }, { scenario }] = await Promise.all([
      import('../../mocks/browser.js'),
      import('../../mocks/index.js'),
      import('../../src/index.js'),
    ]);
    worker = await startMockWorker();
    await secretSetup('secret-saved');
    worker.use(...scenario('server-error'));
    await secretSetup('secret-error');
    worker.resetHandlers();
  } catch (error) {
    errors.push(`step failed: ${String(error)}`);
  } finally {
    worker?.resetHandlers();
  }
  // Let late reports (violations are dispatched asynchronously) arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const report: CspReport = { type: 'csp-report', canaryBlocked, violations, errors, steps };
  parent.postMessage(report, location.origin);
}

void run();
