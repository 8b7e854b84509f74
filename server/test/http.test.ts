/** The HTTP contract of the reference server, on PGlite and on PostgreSQL. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, charactersAt, engines, startFixture, uniqueUser, wrongAnswers } from './helpers.js';
import type { Fixture } from './helpers.js';

const SECRET = 'Kingfisherblue';
const MINUTE = 60_000;

for (const engine of engines()) {
  describe(`HTTP (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    let base: string;
    before(async () => {
      fx = await startFixture(engine, { allowedOrigins: ['https://portal.example'] });
      base = fx.server.url;
    });
    after(async () => {
      await fx?.cleanup();
    });

    /** A signed-in user with `SECRET` set. */
    async function userWithSecret(secret = SECRET, roles?: string[]): Promise<Client> {
      const client = await Client.signIn(base, uniqueUser(), { givenName: 'Mary', familyName: 'Smith', roles });
      const saved = await client.post('/api/account-secret', { secret });
      assert.equal(saved.status, 200, saved.text);
      return client;
    }

    it('signs in for development with an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
      const answer = await new Client(base, 'x').post('/api/dev/session', { userId: uniqueUser() });
      assert.equal(answer.status, 200);
      assert.equal(typeof answer.body.csrfToken, 'string');
      const cookie = answer.headers.get('set-cookie') ?? '';
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
    });

    it('answers 401 without a session and with an unknown one, as problem+json', async () => {
      for (const client of [
        new Client(base, 'x'),
        Object.assign(new Client(base, 'x'), { cookie: 'ase_session=forged' }),
      ]) {
        const answer = await client.get('/api/account-secret/challenge');
        assert.equal(answer.status, 401);
        assert.match(answer.type, /^application\/problem\+json/);
        assert.equal(answer.body.status, 401);
        assert.equal(typeof answer.body.title, 'string');
      }
    });

    it('refuses unsafe methods without the CSRF token, and foreign origins', async () => {
      const client = await Client.signIn(base, uniqueUser());
      const noToken = await client.post('/api/aup/acceptance', { version: '1' }, { 'x-csrf-token': '' });
      assert.equal(noToken.status, 403);
      const wrong = await client.post('/api/aup/acceptance', { version: '1' }, { 'x-csrf-token': 'nope' });
      assert.equal(wrong.status, 403);
      const foreign = await client.post('/api/aup/acceptance', { version: '1' }, { origin: 'https://evil.example' });
      assert.equal(foreign.status, 403);
      assert.match(foreign.type, /problem\+json/);
      const allowed = await client.post('/api/aup/acceptance', { version: '1' }, { origin: 'https://portal.example' });
      assert.equal(allowed.status, 201);
      const own = await client.post('/api/aup/acceptance', { version: '2' }, { origin: base });
      assert.equal(own.status, 201);
    });

    it('answers 415, 400 and 413 for bodies that do not fit, and changes nothing', async () => {
      const client = await Client.signIn(base, uniqueUser());
      const cases: Array<[unknown, Record<string, string>, number]> = [
        ['secret=abc', { 'content-type': 'text/plain' }, 415],
        ['{"secret": "abc"}', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
        ['{"secret": ', {}, 400],
        [{ secret: 123 }, {}, 400],
        [{}, {}, 400],
        [{ secret: 'Kingfisherblue', extra: true }, {}, 400],
        [[], {}, 400],
        [{ secret: 'a'.repeat(20_000) }, {}, 413],
      ];
      for (const [body, headers, status] of cases) {
        const answer = await client.post('/api/account-secret', body, headers);
        assert.equal(answer.status, status, `${JSON.stringify(body).slice(0, 40)} ${answer.text}`);
        assert.match(answer.type, /^application\/problem\+json/);
      }
      const noType = await fetch(`${base}/api/account-secret`, {
        method: 'POST',
        headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken },
        body: new Uint8Array(Buffer.from('{"secret":"Kingfisherblue"}')),
      });
      assert.equal(noType.status, 415);
      const challenge = await client.get('/api/account-secret/challenge');
      assert.equal(challenge.status, 404, 'no secret was saved by any of them');
    });

    it("applies the rules with the user's names and lists every unmet rule", async () => {
      const client = await Client.signIn(base, uniqueUser(), {
        givenName: 'Mary',
        familyName: 'Smith',
        organisation: 'Leeds',
      });
      const short = await client.post('/api/account-secret', { secret: 'abc1' });
      assert.equal(short.status, 422);
      assert.deepEqual((short.body.errors as Array<{ rule: string }>).map((e) => e.rule).sort(), ['length', 'letters']);
      const name = await client.post('/api/account-secret', { secret: 'MarySmithRocks' });
      assert.equal(name.status, 422);
      assert.deepEqual(
        (name.body.errors as Array<{ rule: string }>).map((e) => e.rule),
        ['not-name'],
      );
      const ok = await client.post('/api/account-secret', { secret: SECRET });
      assert.equal(ok.status, 200);
      assert.ok(!Number.isNaN(Date.parse(String(ok.body.savedAt))));
    });

    it('refuses the last 5 secrets, compared case-insensitively, and allows the 6th oldest', async () => {
      const client = await Client.signIn(base, uniqueUser());
      const secrets = ['Amberfalcon', 'Bluebellwood', 'Cedarharbour', 'Driftwoodbay', 'Emberlantern', 'Foxglovehill'];
      for (const secret of secrets) assert.equal((await client.post('/api/account-secret', { secret })).status, 200);
      for (const again of ['FOXGLOVEHILL', 'bluebellWOOD']) {
        const answer = await client.post('/api/account-secret', { secret: again });
        assert.equal(answer.status, 422, again);
        assert.deepEqual(answer.body.errors, [{ rule: 'history' }]);
      }
      assert.equal(
        (await client.post('/api/account-secret', { secret: 'AMBERFALCON' })).status,
        200,
        'the 6th oldest is allowed',
      );
    });

    it('needs a sign-in within 15 minutes to set a secret', async () => {
      const client = await Client.signIn(base, uniqueUser(), { signedInSecondsAgo: 16 * 60 });
      const answer = await client.post('/api/account-secret', { secret: SECRET });
      assert.equal(answer.status, 401);
    });

    it('records and reads the policy acceptance', async () => {
      const client = await Client.signIn(base, uniqueUser());
      assert.equal((await client.get('/api/aup/acceptance')).status, 404);
      const accepted = await client.post('/api/aup/acceptance', { version: '2026-11' });
      assert.equal(accepted.status, 201);
      assert.equal(accepted.body.version, '2026-11');
      const latest = await client.get('/api/aup/acceptance');
      assert.deepEqual(latest.body, accepted.body);
      assert.equal((await client.post('/api/aup/acceptance', { version: 7 })).status, 400);
    });

    it('hands out 3 distinct positions in 1..9, the same until a success, and checks case-insensitively', async () => {
      const client = await userWithSecret();
      const first = await client.get('/api/account-secret/challenge');
      assert.equal(first.status, 200);
      const positions = first.body.positions as number[];
      assert.equal(positions.length, 3);
      assert.equal(new Set(positions).size, 3);
      assert.ok(positions.every((p) => Number.isInteger(p) && p >= 1 && p <= 9));
      assert.equal(first.body.attemptsRemaining, 5);
      assert.ok(Date.parse(String(first.body.expiresAt)) > Date.now());
      const again = await client.get('/api/account-secret/challenge');
      assert.deepEqual(again.body.positions, positions);
      assert.equal(again.body.challengeId, first.body.challengeId);

      const wrong = await client.post('/api/account-secret/challenge', {
        challengeId: first.body.challengeId,
        answers: wrongAnswers(SECRET, positions),
      });
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.verified, false);
      assert.equal(wrong.body.attemptsRemaining, 4);
      assert.deepEqual((await client.get('/api/account-secret/challenge')).body.positions, positions);

      const answers = charactersAt(SECRET, positions).map((c) => c.toUpperCase());
      const right = await client.post('/api/account-secret/challenge', {
        challengeId: first.body.challengeId,
        answers,
      });
      assert.equal(right.status, 200, right.text);
      assert.equal(right.body.verified, true);
      assert.match(String(right.body.verificationId), /^v-/);
      const next = await client.get('/api/account-secret/challenge');
      assert.notEqual(next.body.challengeId, first.body.challengeId);
      assert.equal(next.body.attemptsRemaining, 5, 'a success clears the failures');
    });

    it('answers 410 to an expired, foreign or replayed challenge id, without counting a failure', async () => {
      const client = await userWithSecret();
      const other = await userWithSecret();
      const mine = await client.get('/api/account-secret/challenge');
      const theirs = await other.get('/api/account-secret/challenge');
      const foreign = await client.post('/api/account-secret/challenge', {
        challengeId: theirs.body.challengeId,
        answers: ['a', 'b', 'c'],
      });
      assert.equal(foreign.status, 410);
      assert.match(foreign.type, /problem\+json/);
      const unknown = await client.post('/api/account-secret/challenge', {
        challengeId: 'c-nope',
        answers: ['a', 'b', 'c'],
      });
      assert.equal(unknown.status, 410);
      const positions = mine.body.positions as number[];
      const ok = await client.post('/api/account-secret/challenge', {
        challengeId: mine.body.challengeId,
        answers: charactersAt(SECRET, positions),
      });
      assert.equal(ok.status, 200);
      const replay = await client.post('/api/account-secret/challenge', {
        challengeId: mine.body.challengeId,
        answers: charactersAt(SECRET, positions),
      });
      assert.equal(replay.status, 410);
      const fresh = await client.get('/api/account-secret/challenge');
      fx.advance(11 * MINUTE);
      const expired = await client.post('/api/account-secret/challenge', {
        challengeId: fresh.body.challengeId,
        answers: ['a', 'b', 'c'],
      });
      assert.equal(expired.status, 410);
      const after = await client.get('/api/account-secret/challenge');
      assert.equal(after.body.attemptsRemaining, 5);
      assert.deepEqual(after.body.positions, fresh.body.positions, 'expiry keeps the positions');
    });

    it('refuses answers that are not one character each, or the wrong count, without counting', async () => {
      const client = await userWithSecret();
      const { body } = await client.get('/api/account-secret/challenge');
      for (const answers of [
        ['ab', 'c', 'd'],
        ['a', 'b'],
        ['a', 'b', 'c', 'd'],
        ['', 'b', 'c'],
        ['a', 'b', 3],
        'abc',
      ]) {
        const answer = await client.post('/api/account-secret/challenge', { challengeId: body.challengeId, answers });
        assert.equal(answer.status, 400, JSON.stringify(answers));
      }
      assert.equal((await client.get('/api/account-secret/challenge')).body.attemptsRemaining, 5);
    });

    it('locks for 15 minutes after 5 failures, for self and agent alike; 3 locks in a day need an admin', async () => {
      const user = await userWithSecret();
      const agent = await Client.signIn(base, uniqueUser('agent'), { roles: ['agent'] });
      const agentPath = `/api/helpdesk/users/${user.userId}/account-secret/challenge`;
      const fail = async (who: Client, path: string) => {
        const { body } = await who.get(path);
        return who.post(path, {
          challengeId: body.challengeId,
          answers: wrongAnswers(SECRET, body.positions as number[]),
        });
      };
      for (let round = 1; round <= 3; round++) {
        // Self and agent failures share one count.
        for (let i = 1; i <= 4; i++) {
          const answer = await fail(i % 2 ? user : agent, i % 2 ? '/api/account-secret/challenge' : agentPath);
          assert.equal(answer.status, 422);
          assert.equal(answer.body.attemptsRemaining, 5 - i);
        }
        const locked = await fail(agent, agentPath);
        assert.equal(locked.status, 423);
        const selfGet = await user.get('/api/account-secret/challenge');
        assert.equal(selfGet.status, 423);
        if (round < 3) {
          const until = Date.parse(String(locked.body.lockedUntil));
          assert.ok(until > Date.now() + 14 * MINUTE, 'locked for 15 minutes');
          assert.equal((await agent.get(agentPath)).status, 423);
          fx.advance(16 * MINUTE);
          assert.equal((await user.get('/api/account-secret/challenge')).body.attemptsRemaining, 5);
        } else {
          assert.equal(locked.body.lockedUntil, undefined, 'the third lock waits for an admin');
          fx.advance(2 * 60 * MINUTE);
          assert.equal((await user.get('/api/account-secret/challenge')).status, 423);
        }
      }
      const notAdmin = await agent.post(`/api/helpdesk/users/${user.userId}/account-secret/unlock`);
      assert.equal(notAdmin.status, 403);
      const admin = await Client.signIn(base, uniqueUser('admin'), { roles: ['admin'] });
      assert.equal((await admin.post(`/api/helpdesk/users/nobody-${user.userId}/account-secret/unlock`)).status, 404);
      const unlocked = await admin.post(`/api/helpdesk/users/${user.userId}/account-secret/unlock`);
      assert.equal(unlocked.status, 200);
      const open = await user.get('/api/account-secret/challenge');
      assert.equal(open.status, 200);
      assert.equal(open.body.attemptsRemaining, 5);
      // An unlock gives fresh attempts, not fresh locks: the locks of the last
      // 24 hours still count, so the next lock waits for an admin again...
      for (let i = 1; i <= 5; i++) await fail(user, '/api/account-secret/challenge');
      const again = await user.get('/api/account-secret/challenge');
      assert.equal(again.status, 423);
      assert.equal(again.body.lockedUntil, undefined, 'locks an admin lifted still count');
      // ...until those locks are more than 24 hours old.
      assert.equal((await admin.post(`/api/helpdesk/users/${user.userId}/account-secret/unlock`)).status, 200);
      fx.advance(24 * 60 * MINUTE);
      // A day on, the session has ended too: the person signs in again.
      const nextDay = await Client.signIn(base, user.userId);
      for (let i = 1; i <= 5; i++) await fail(nextDay, '/api/account-secret/challenge');
      const lone = await nextDay.get('/api/account-secret/challenge');
      assert.equal(lone.status, 423);
      assert.ok(lone.body.lockedUntil, 'a lone lock ends by itself');
    });

    it('lets an agent check a caller and consume the verification once, within 10 minutes', async () => {
      const user = await userWithSecret();
      const plain = await Client.signIn(base, uniqueUser());
      const agent = await Client.signIn(base, uniqueUser('agent'), { roles: ['agent'] });
      const otherAgent = await Client.signIn(base, uniqueUser('agent'), { roles: ['agent'] });
      const path = `/api/helpdesk/users/${user.userId}/account-secret/challenge`;
      assert.equal((await plain.get(path)).status, 403);
      assert.equal((await agent.get(`/api/helpdesk/users/nobody-${user.userId}/account-secret/challenge`)).status, 404);
      assert.equal(
        (await agent.get(`/api/helpdesk/users/${plain.userId}/account-secret/challenge`)).status,
        404,
        'no secret set',
      );
      const verify = async () => {
        const { body } = await agent.get(path);
        const answer = await agent.post(path, {
          challengeId: body.challengeId,
          answers: charactersAt(SECRET, body.positions as number[]),
        });
        assert.equal(answer.status, 200, answer.text);
        return String(answer.body.verificationId);
      };
      const id = await verify();
      assert.equal((await otherAgent.post(`/api/helpdesk/verifications/${id}/consume`)).status, 403);
      const consumed = await agent.post(`/api/helpdesk/verifications/${id}/consume`);
      assert.equal(consumed.status, 200);
      assert.equal(consumed.body.userId, user.userId);
      assert.ok(Date.parse(String(consumed.body.verifiedAt)));
      assert.equal((await agent.post(`/api/helpdesk/verifications/${id}/consume`)).status, 409);
      assert.equal((await agent.post('/api/helpdesk/verifications/v-unknown/consume')).status, 404);
      const late = await verify();
      fx.advance(11 * MINUTE);
      assert.equal((await agent.post(`/api/helpdesk/verifications/${late}/consume`)).status, 409);
      // Racing consumers: exactly one wins.
      const racing = await verify();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => agent.post(`/api/helpdesk/verifications/${racing}/consume`)),
      );
      assert.equal(results.filter((r) => r.status === 200).length, 1);
      assert.equal(results.filter((r) => r.status === 409).length, 9);
    });

    it('keeps an audit trail an admin can read, with no secret material in it', async () => {
      const user = await userWithSecret();
      await user.post('/api/account-secret', { secret: SECRET });
      const { body } = await user.get('/api/account-secret/challenge');
      await user.post('/api/account-secret/challenge', {
        challengeId: body.challengeId,
        answers: wrongAnswers(SECRET, body.positions as number[]),
      });
      await user.post('/api/account-secret/challenge', {
        challengeId: body.challengeId,
        answers: charactersAt(SECRET, body.positions as number[]),
      });
      assert.equal((await user.get(`/api/admin/audit?userId=${user.userId}`)).status, 403);
      const admin = await Client.signIn(base, uniqueUser('admin'), { roles: ['admin'] });
      const trail = await admin.get(`/api/admin/audit?userId=${user.userId}`);
      assert.equal(trail.status, 200);
      const records = JSON.parse(trail.text) as Array<Record<string, string>>;
      assert.deepEqual(
        records.map((r) => r.action),
        ['challenge-verified', 'challenge-failed', 'secret-rejected', 'secret-set'],
      );
      for (const record of records) {
        assert.deepEqual(Object.keys(record).sort(), ['action', 'actorId', 'at', 'outcome', 'userId']);
        assert.equal(record.userId, user.userId);
      }
      assert.ok(Date.parse(records[0].at) >= Date.parse(records[3].at));
      assert.doesNotMatch(trail.text.toLowerCase(), /kingfisher/);
    });

    it('rate-limits a session to 60 requests a minute with Retry-After', async () => {
      const client = await Client.signIn(base, uniqueUser());
      const answers = [];
      for (let i = 0; i < 61; i++) answers.push(await client.get('/api/aup/acceptance'));
      assert.ok(answers.slice(0, 60).every((a) => a.status === 404));
      const limited = answers[60];
      assert.equal(limited.status, 429);
      assert.match(limited.type, /problem\+json/);
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, String(retry));
      fx.advance(MINUTE);
      assert.equal((await client.get('/api/aup/acceptance')).status, 404);
    });

    it('counts 50 simultaneous wrong answers for one user as exactly 5 attempts (PostgreSQL: across two servers)', async () => {
      const user = await userWithSecret();
      // PGlite is one process's database; on PostgreSQL a second server shares it.
      const second = engine.name === 'postgres' ? await fx.another() : fx.server;
      const agents = await Promise.all(
        [base, second.url].map((url) => Client.signIn(url, uniqueUser('agent'), { roles: ['agent'] })),
      );
      const path = `/api/helpdesk/users/${user.userId}/account-secret/challenge`;
      const { body } = await agents[0].get(path);
      const wrong = wrongAnswers(SECRET, body.positions as number[]);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          agents[i % 2].post(path, { challengeId: body.challengeId, answers: wrong }),
        ),
      );
      const counts = new Map<number, number>();
      for (const r of results) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      assert.equal(counts.get(422), 4, JSON.stringify([...counts]));
      assert.equal(counts.get(423), 46, JSON.stringify([...counts]));
      const admin = await Client.signIn(base, uniqueUser('admin'), { roles: ['admin'] });
      const trail = JSON.parse((await admin.get(`/api/admin/audit?userId=${user.userId}`)).text) as Array<
        Record<string, string>
      >;
      assert.equal(trail.filter((r) => r.action === 'challenge-failed' && r.outcome === 'wrong').length, 5);
      assert.equal(trail.filter((r) => r.action === 'challenge-locked').length, 1);
    });

    it('lets exactly one of two racing right answers count', async () => {
      const user = await userWithSecret();
      const { body } = await user.get('/api/account-secret/challenge');
      const answers = charactersAt(SECRET, body.positions as number[]);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          user.post('/api/account-secret/challenge', { challengeId: body.challengeId, answers }),
        ),
      );
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 410, 410, 410, 410]);
    });

    it('answers unknown routes with a problem document', async () => {
      const client = await Client.signIn(base, uniqueUser());
      const answer = await client.get('/api/nothing-here');
      assert.equal(answer.status, 404);
      assert.match(answer.type, /problem\+json/);
    });
  });
}
