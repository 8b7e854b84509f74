/** Key rotation: old secrets still check after a new key is put first; rotateKeys re-seals the rest. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/database.js';
import { FileKeyProvider, keyIdOf, rotateKeys } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { Client, charactersAt, engines, startFixture, uniqueUser } from './helpers.js';
import type { Fixture } from './helpers.js';

const SECRET = 'Kingfisherblue';

async function check(base: string, userId: string): Promise<number> {
  const client = await Client.signIn(base, userId);
  const { body } = await client.get('/api/account-secret/challenge');
  const answer = await client.post('/api/account-secret/challenge', {
    challengeId: body.challengeId,
    answers: charactersAt(SECRET, body.positions as number[]),
  });
  return answer.status;
}

for (const engine of engines()) {
  describe(`key rotation (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    before(async () => {
      fx = await startFixture(engine);
    });
    after(async () => {
      await fx?.cleanup();
    });

    it('checks old secrets under a rotated key file, re-seals on success and with rotateKeys', async () => {
      const users = [uniqueUser(), uniqueUser()];
      for (const userId of users) {
        const client = await Client.signIn(fx.server.url, userId);
        assert.equal((await client.post('/api/account-secret', { secret: SECRET })).status, 200);
      }
      await fx.server.close();
      const oldKey = readFileSync(fx.keyFile, 'utf8').trim();
      const newKey = randomBytes(32).toString('base64');
      writeFileSync(fx.keyFile, `${newKey}\n${oldKey}\n`);

      let server: RunningServer = await fx.another();
      assert.equal(
        await check(server.url, users[0]),
        200,
        'an old secret checks under the rotated file, and is re-sealed',
      );
      await server.close();

      const { db } = await openDatabase({ databaseUrl: fx.databaseUrl, dataDir: fx.dataDir });
      try {
        const result = await rotateKeys(db, new FileKeyProvider(fx.keyFile));
        assert.deepEqual(result, { resealed: 1, total: 2 });
        const ids = await db.selectFrom('accounts').select('secret_key_id').execute();
        assert.deepEqual(
          ids.map((r) => r.secret_key_id),
          [keyIdOf(Buffer.from(newKey, 'base64')), keyIdOf(Buffer.from(newKey, 'base64'))],
        );
      } finally {
        await db.destroy();
      }

      writeFileSync(fx.keyFile, `${newKey}\n`);
      server = await fx.another();
      for (const userId of users) assert.equal(await check(server.url, userId), 200, 'the old key is no longer needed');
    });
  });
}
