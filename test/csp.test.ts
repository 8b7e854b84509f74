import { expect } from '@open-wc/testing';
import type { CspReport } from './csp/page.js';

/**
 * Every element, driven through its states in a page served with a strict
 * Content-Security-Policy and Trusted Types (test/csp/page.ts), causes no
 * policy violation and no console error.
 */
describe('strict CSP with Trusted Types', () => {
  it('is the policy the page is served with', async () => {
    const response = await fetch('/test/csp/page.html');
    const policy = response.headers.get('Content-Security-Policy') ?? '';
    expect(policy).to.include("script-src 'self'");
    expect(policy).to.include("style-src 'self'");
    expect(policy).to.include("require-trusted-types-for 'script'");
    expect(policy).to.include('trusted-types lit-html dompurify');
  });

  it('runs every element through its states with no violation and no error', async function () {
    this.timeout(60_000);
    const frame = document.createElement('iframe');
    frame.title = 'Strict CSP page';
    frame.style.cssText = 'width: 800px; height: 600px';
    const report = new Promise<CspReport>((resolve) => {
      window.addEventListener('message', function onMessage(event: MessageEvent<CspReport>) {
        if (event.source === frame.contentWindow && event.data.type === 'csp-report') {
          window.removeEventListener('message', onMessage);
          resolve(event.data);
        }
      });
    });
    frame.src = '/test/csp/page.html';
    document.body.append(frame);
    const result = await report;
    frame.remove();

    expect(result.errors, 'errors').to.deep.equal([]);
    expect(result.violations, 'violations').to.deep.equal([]);
    expect(result.steps).to.deep.equal([
      'setup:initial',
      'setup:error-summary',
      'setup:typed',
      'setup:secret-saved',
      'setup:initial',
      'setup:error-summary',
      'setup:typed',
      'setup:secret-error',
      'aup:loaded',
      'aup:early',
      'aup:read',
      'aup:accepted',
      'challenge-self:ready',
      'challenge-self:challenge-failed',
      'challenge-self:ready',
      'challenge-self:challenge-verified',
      'challenge-agent:ready',
      'challenge-agent:challenge-verified',
    ]);
  });

  it('is enforced (a string into an HTML sink is refused), where the browser has Trusted Types', async function () {
    this.timeout(60_000);
    if (!('trustedTypes' in window)) this.skip();
    const frame = document.createElement('iframe');
    frame.title = 'Strict CSP page';
    frame.style.cssText = 'width: 800px; height: 600px';
    const report = new Promise<CspReport>((resolve) => {
      window.addEventListener('message', (event: MessageEvent<CspReport>) => {
        if (event.source === frame.contentWindow) resolve(event.data);
      });
    });
    frame.src = '/test/csp/page.html';
    document.body.append(frame);
    expect((await report).canaryBlocked).to.equal(true);
    frame.remove();
  });
});
