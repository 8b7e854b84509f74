/**
 * The mocks in plain Node, as a host's Jest, Vitest or node:test suite uses
 * them (docs/frameworks.md): msw/node, absolute URLs, no `location`.
 * `npm run test:node`.
 */
import './polyfills.js';
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { setupServer } from 'msw/node';
import { handlers, onUnhandledFrame, paths, resetMockState, scenario } from '../../mocks/index.js';

const server = setupServer(...handlers);
const base = 'http://localhost';
const warnings: unknown[][] = [];
const originalWarn = console.warn;

describe('the mocks in Node (msw/node)', () => {
  before(() => {
    console.warn = (...args: unknown[]) => void warnings.push(args);
    server.listen({ onUnhandledFrame });
  });
  afterEach(() => {
    server.resetHandlers();
    resetMockState();
    warnings.length = 0;
  });
  after(() => {
    server.close();
    console.warn = originalWarn;
  });

  it('answer absolute URLs on any origin', async () => {
    const status = await fetch(`${base}${paths.status}`);
    assert.equal(status.status, 200, await status.clone().text());
    const saved = await fetch(`https://portal.example${paths.secret}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ secret: 'meadowlarks' }),
    });
    assert.equal(saved.status, 200, await saved.clone().text());
    const challenge = await fetch(`${base}${paths.selfChallenge}`);
    assert.equal(challenge.status, 200, await challenge.clone().text());
    assert.deepEqual(warnings, [], 'no unhandled-request warning');
  });

  it('a scenario applies to absolute URLs too', async () => {
    server.use(...scenario('session-expired'));
    const response = await fetch(`${base}${paths.secret}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ secret: 'meadowlarks' }),
    });
    assert.equal(response.status, 401);
  });

  it('a request to /api/ that no handler matches fails with an error naming it', async () => {
    const errors: unknown[][] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const response = await fetch(`${base}/api/acount-secret`);
      assert.equal(response.status, 500);
      const { message } = (await response.json()) as { message: string };
      assert.match(
        message,
        /^account-secret-elements\/mocks: no handler matches GET http:\/\/localhost\/api\/acount-secret\./,
      );
      assert.match(message, /\/api\/account-secret,/);
    } finally {
      console.error = originalError;
    }
    assert.match(String(errors.flat()[0]), /intercepted a request without a matching request handler/);
  });
});
