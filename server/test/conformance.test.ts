/**
 * The conformance kit (`conformance/`, what `npm run conformance` runs
 * against any backend) against the reference server, on PGlite and on
 * PostgreSQL: the same checks `test/conformance.test.ts` runs against the
 * MSW mocks, so neither can drift from the contract.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fetchTransport } from '../../conformance/kit.js';
import { checks, runConformance } from '../../conformance/runner.js';
import { engines, startFixture } from './helpers.js';
import type { Fixture } from './helpers.js';

for (const engine of engines()) {
  describe(`conformance kit (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    before(async () => {
      fx = await startFixture(engine);
    });
    after(async () => {
      await fx?.cleanup();
    });

    // One test per check, so a failure names the rule it broke.
    for (const check of checks) {
      it(check.name, async () => {
        const summary = await runConformance({ baseUrl: fx.server.url, send: fetchTransport() }, { checks: [check] });
        const [result] = summary.results;
        assert.equal(summary.results.length, 1);
        assert.ok(result.ok, result.message);
      });
    }
  });
}
