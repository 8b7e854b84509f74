/**
 * The secret's life on the reference server, on PGlite and on PostgreSQL:
 * the status route, re-securing, exposure to agents and the unlock rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, engines, startFixture, uniqueUser } from './helpers.js';
import type { Fixture } from './helpers.js';

const SECRET = 'Kingfisherblue';

for (const engine of engines()) {
  describe(`The secret's life (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    let base: string;
    before(async () => {
      fx = await startFixture(engine, { aupVersion: '2026-12' });
      base = fx.server.url;
    });
    after(async () => {
      await fx?.cleanup();
    });

    it('says which steps an account needs: the current AUP, then a secret', async () => {
      const user = await Client.signIn(base, uniqueUser(), { givenName: 'Mary', familyName: 'Smith' });
      const first = await user.get('/api/account-secret/status');
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.body, {
        aup: { currentVersion: '2026-12', acceptedVersion: null, acceptedAt: null, required: true },
        secret: { set: false, setAt: null, mustChange: false, reason: null },
      });
      const old = await user.post('/api/aup/acceptance', { version: '2026-11' });
      assert.equal(old.status, 201);
      const stillRequired = await user.get('/api/account-secret/status');
      assert.deepEqual(stillRequired.body.aup, {
        currentVersion: '2026-12',
        acceptedVersion: '2026-11',
        acceptedAt: old.body.acceptedAt,
        required: true,
      });
      const current = await user.post('/api/aup/acceptance', { version: '2026-12' });
      const saved = await user.post('/api/account-secret', { secret: SECRET });
      assert.equal(saved.status, 200);
      const done = await user.get('/api/account-secret/status');
      assert.deepEqual(done.body, {
        aup: { currentVersion: '2026-12', acceptedVersion: '2026-12', acceptedAt: current.body.acceptedAt, required: false },
        secret: { set: true, setAt: saved.body.savedAt, mustChange: false, reason: null },
      });
      assert.equal((await new Client(base, user.userId).get('/api/account-secret/status')).status, 401);
    });
  });
}
