/**
 * Responses are serialised by the contract's schemas: what a route sends
 * has exactly the members the contract lists, and a member it does not
 * list never leaves the server, whatever a handler puts in its object.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { readContract } from '../src/http/contract.js';
import { addSchemas } from '../src/http/schemas.js';
import { problem } from '../src/problem.js';
import { Client, charactersAt, engines, startFixture, uniqueUser, wrongAnswers } from './helpers.js';
import type { Fixture } from './helpers.js';

const SECRET = 'Kingfisherblue';
const PROBLEM = ['detail', 'status', 'title', 'type'];

function keys(value: unknown): string[] {
  return Object.keys(value as Record<string, unknown>).sort();
}

describe('response schemas from the contract', () => {
  it('drop every member the contract does not list, in bodies and in problems', async () => {
    const app = Fastify();
    addSchemas(app);
    const contract = readContract();
    app.get('/status', { schema: contract.route('getAccountStatus') }, () => ({
      aup: { currentVersion: '1', acceptedVersion: null, acceptedAt: null, required: true, userId: 'u-1' },
      secret: { set: true, setAt: null, mustChange: false, reason: null, sealed: 'ciphertext' },
      secret_iv: 'iv',
    }));
    app.get('/challenge', { schema: contract.route('getSelfChallenge') }, () => ({
      challengeId: 'c-1',
      positions: [1, 2, 3],
      attemptsRemaining: 5,
      expiresAt: '2026-12-07T10:00:00.000Z',
      answers: ['k', 'i', 'n'],
    }));
    app.post('/challenge', { schema: contract.route('answerSelfChallenge') }, async (_request, reply) =>
      problem(reply, 422, 'The characters given are not right.', {
        extensions: { verified: false, attemptsRemaining: 4, expected: ['k', 'i', 'n'] },
      }),
    );
    try {
      const status = (await app.inject({ url: '/status' })).json<Record<string, Record<string, unknown>>>();
      assert.deepEqual(keys(status), ['aup', 'secret']);
      assert.deepEqual(keys(status.aup), ['acceptedAt', 'acceptedVersion', 'currentVersion', 'required']);
      assert.deepEqual(keys(status.secret), ['mustChange', 'reason', 'set', 'setAt']);

      const challenge = (await app.inject({ url: '/challenge' })).json<unknown>();
      assert.deepEqual(keys(challenge), ['attemptsRemaining', 'challengeId', 'expiresAt', 'positions']);

      const failed = await app.inject({
        method: 'POST',
        url: '/challenge',
        payload: { challengeId: 'c-1', answers: ['a', 'b', 'c'] },
      });
      assert.equal(failed.statusCode, 422);
      assert.match(String(failed.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(keys(failed.json()), [...PROBLEM, 'attemptsRemaining', 'verified'].sort());
    } finally {
      await app.close();
    }
  });
});

for (const engine of engines()) {
  describe(`every response has exactly the contract's members (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    before(async () => {
      fx = await startFixture(engine);
    });
    after(async () => {
      await fx?.cleanup();
    });

    it('for the user, the agent and the admin', async () => {
      const base = fx.server.url;
      const signIn = await new Client(base, 'x').post('/api/dev/session', { userId: uniqueUser() });
      assert.deepEqual(keys(signIn.body), ['csrfToken']);

      const user = await Client.signIn(base, uniqueUser(), { givenName: 'Mary' });
      assert.deepEqual(keys((await new Client(base, 'x').get('/api/account-secret/status')).body), PROBLEM);
      const refused = await user.post('/api/account-secret', { secret: 'Mary' });
      assert.equal(refused.status, 422);
      assert.deepEqual(keys(refused.body), [...PROBLEM, 'errors'].sort());
      assert.deepEqual(keys((refused.body.errors as unknown[])[0]), ['rule']);
      assert.deepEqual(keys((await user.post('/api/account-secret', { secret: SECRET })).body), ['savedAt']);
      const status = await user.get('/api/account-secret/status');
      assert.deepEqual(keys(status.body), ['aup', 'secret']);
      assert.deepEqual(keys(status.body.secret), ['mustChange', 'reason', 'set', 'setAt']);
      assert.deepEqual(keys((await user.post('/api/aup/acceptance', { version: '2026-11' })).body), [
        'acceptedAt',
        'version',
      ]);
      assert.deepEqual(keys((await user.get('/api/aup/acceptance')).body), ['acceptedAt', 'version']);

      const challenge = await user.get('/api/account-secret/challenge');
      assert.deepEqual(keys(challenge.body), ['attemptsRemaining', 'challengeId', 'expiresAt', 'positions']);
      const positions = challenge.body.positions as number[];
      const wrong = await user.post('/api/account-secret/challenge', {
        challengeId: challenge.body.challengeId,
        answers: wrongAnswers(SECRET, positions),
      });
      assert.deepEqual(keys(wrong.body), [...PROBLEM, 'attemptsRemaining', 'verified'].sort());

      const agent = await Client.signIn(base, uniqueUser('agent'), { roles: ['agent'] });
      const path = `/api/helpdesk/users/${user.userId}/account-secret/challenge`;
      const seen = await agent.get(path);
      assert.deepEqual(keys(seen.body), ['attemptsRemaining', 'challengeId', 'expiresAt', 'positions']);
      const right = await agent.post(path, {
        challengeId: seen.body.challengeId,
        answers: charactersAt(SECRET, positions),
      });
      assert.deepEqual(keys(right.body), ['verificationId', 'verified']);
      const consumed = await agent.post(`/api/helpdesk/verifications/${String(right.body.verificationId)}/consume`);
      assert.deepEqual(keys(consumed.body), ['userId', 'verifiedAt']);

      const admin = await Client.signIn(base, uniqueUser('admin'), { roles: ['admin'] });
      const audit = await admin.get(`/api/admin/audit?userId=${user.userId}`);
      assert.equal(audit.status, 200);
      for (const record of JSON.parse(audit.text) as unknown[]) {
        assert.deepEqual(keys(record), ['action', 'actorId', 'at', 'outcome', 'userId']);
      }
      assert.deepEqual(keys((await admin.post(`/api/helpdesk/users/${user.userId}/account-secret/unlock`)).body), [
        'unlockedAt',
        'userId',
      ]);
    });
  });
}
