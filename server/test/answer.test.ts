/**
 * answerChallenge's read-compare-decide: a comparison made on a read that
 * is no longer the row's state is never counted; the answer is read and
 * compared again, and counted exactly once. And the challenge routes with
 * a host's own authentication, where the route reads the account itself.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { answerChallenge, getChallenge } from '../src/challenges.js';
import type { ChallengeServices } from '../src/challenges.js';
import { openDatabase } from '../src/database.js';
import { ACCOUNT_READ_COLUMNS } from '../src/schema.js';
import type { AccountRead, Db } from '../src/schema.js';
import { FileKeyProvider, rotateKeys } from '../src/index.js';
import type { Role } from '../src/index.js';
import { slowHash } from '../src/secret-crypto.js';
import { setSecret } from '../src/secrets.js';
import {
  Client,
  TEST_HASH,
  charactersAt,
  createTestDatabase,
  dropTestDatabase,
  engines,
  startFixture,
  uniqueUser,
  wrongAnswers,
} from './helpers.js';
import type { Fixture } from './helpers.js';

const SECRET = 'Kingfisherblue';

for (const engine of engines()) {
  describe(`answering on a stale read (${engine.name})`, { skip: engine.skip }, () => {
    let dir: string;
    let db: Db;
    let keyFile: string;
    let services: ChallengeServices;
    let dbName: string | undefined;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ase-answer-'));
      keyFile = join(dir, 'key');
      writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`);
      let databaseUrl: string | undefined;
      if (engine.name === 'postgres') ({ name: dbName, url: databaseUrl } = await createTestDatabase());
      ({ db } = await openDatabase({ databaseUrl, dataDir: join(dir, 'data') }));
      services = { db, keys: new FileKeyProvider(keyFile), now: () => new Date() };
    });

    after(async () => {
      await db?.destroy();
      if (dbName) await dropTestDatabase(dbName);
      rmSync(dir, { recursive: true, force: true });
    });

    async function userWithChallenge() {
      const userId = uniqueUser();
      const saved = await setSecret(
        { ...services, hashParams: TEST_HASH, hash: slowHash },
        { userId, roles: ['user'], authTime: new Date() },
        SECRET,
      );
      assert.equal(saved.ok, true);
      const challenge = await getChallenge(services, userId);
      assert.equal(challenge.kind, 'ok');
      if (challenge.kind !== 'ok') throw new Error('no challenge');
      const columns = ACCOUNT_READ_COLUMNS.split(', ') as Array<keyof AccountRead>;
      const read = async (): Promise<AccountRead> =>
        db.selectFrom('accounts').select(columns).where('user_id', '=', userId).executeTakeFirstOrThrow();
      const countAudit = async (action: string, outcome: string) =>
        (
          await db
            .selectFrom('audit')
            .select('id')
            .where('user_id', '=', userId)
            .where('action', '=', action)
            .where('outcome', '=', outcome)
            .execute()
        ).length;
      return { userId, challenge, read, countAudit };
    }

    it('a verdict on a ciphertext re-sealed meanwhile is refused, and the answer is compared again', async () => {
      const { userId, challenge, read, countAudit } = await userWithChallenge();
      // Another process re-seals the secret (key rotation) after each read below.
      const rotate = async () => {
        writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n${readFileSync(keyFile, 'utf8')}`);
        services = { ...services, keys: new FileKeyProvider(keyFile) };
        assert.equal((await rotateKeys(db, services.keys)).resealed, 1);
      };
      const first = await read();
      await rotate();
      assert.notDeepEqual((await read()).secret_iv, first.secret_iv);
      const wrong = await answerChallenge(
        services,
        userId,
        userId,
        challenge.challengeId,
        wrongAnswers(SECRET, challenge.positions),
        first,
      );
      assert.deepEqual(wrong, { kind: 'failed', attemptsRemaining: 4 });
      assert.equal(await countAudit('challenge-failed', 'wrong'), 1, 'counted once');

      const second = await read();
      await rotate();
      const right = await answerChallenge(
        services,
        userId,
        userId,
        challenge.challengeId,
        charactersAt(SECRET, challenge.positions),
        second,
      );
      assert.equal(right.kind, 'verified');
      assert.equal(await countAudit('challenge-verified', 'verified'), 1);
      assert.equal((await read()).failures, 0);
    });

    it('takes the exposure threshold from its argument, not from the SQL text', async () => {
      const decide = async (exposedPositions: number) => {
        const { userId, challenge, read } = await userWithChallenge();
        const seen = await read();
        const now = new Date();
        const later = new Date(now.getTime() + 60_000);
        const input = {
          userId,
          actorId: uniqueUser('agent'),
          challengeId: challenge.challengeId,
          seenChallengeId: seen.challenge_id,
          seenPositions: seen.positions,
          seenIv: Buffer.from(seen.secret_iv ?? []).toString('base64'),
          wellFormed: true,
          right: true,
          now,
          nextPositions: '1,2,3',
          nextChallengeId: `c-${userId}`,
          nextExpiresAt: later,
          verificationId: `v-${userId}`,
          verificationExpiresAt: later,
          resealKeyId: null,
          resealIv: null,
          resealSealed: null,
          maxFailures: 5,
          lockedUntil: later,
          lockWindowStart: now,
          locksBeforeAdmin: 3,
          exposedPositions,
        };
        const { rows } = await sql<{
          result: string;
        }>`select result from answer_challenge(${JSON.stringify(input)}::jsonb)`.execute(db);
        assert.equal(rows[0].result, 'verified');
        return (
          await db.selectFrom('accounts').select('must_change').where('user_id', '=', userId).executeTakeFirstOrThrow()
        ).must_change;
      };
      // One agent's success tells 3 positions.
      assert.equal(await decide(3), 'exposed');
      assert.equal(await decide(4), null);
    });

    it('an answer not compared (the read showed another challenge) is never counted as wrong', async () => {
      const { userId, challenge, read, countAudit } = await userWithChallenge();
      const other = { ...(await read()), challenge_id: 'c-from-an-older-read' };
      const right = await answerChallenge(
        services,
        userId,
        userId,
        challenge.challengeId,
        charactersAt(SECRET, challenge.positions),
        other,
      );
      assert.equal(right.kind, 'verified', 'read again, compared, verified');
      assert.equal(await countAudit('challenge-failed', 'wrong'), 0);
    });
  });
}

for (const engine of engines()) {
  describe(`challenges with a host's own authentication (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    before(async () => {
      // The host's sign-in: the user named in a header (a stand-in for a real session).
      fx = await startFixture(engine, {
        authenticate: (request) => {
          const userId = request.headers['x-test-user'];
          if (typeof userId !== 'string') return Promise.resolve(undefined);
          const roles: Role[] = userId.startsWith('agent-') ? ['agent'] : ['user'];
          return Promise.resolve({ userId, roles, authTime: new Date() });
        },
        // A header, not a cookie: nothing a foreign page's form could send.
        bearerOnly: true,
      });
    });
    after(async () => {
      await fx?.cleanup();
    });

    it('reads the account in the route (no session statement to ride on), for the user and for an agent', async () => {
      const userId = uniqueUser();
      const as = (who: string) => ({ 'x-test-user': who });
      const user = new Client(fx.server.url, userId);
      assert.equal((await user.post('/api/account-secret', { secret: SECRET }, as(userId))).status, 200);
      const first = await user.request('GET', '/api/account-secret/challenge', undefined, as(userId));
      assert.equal(first.status, 200);
      const wrong = await user.post(
        '/api/account-secret/challenge',
        { challengeId: first.body.challengeId, answers: wrongAnswers(SECRET, first.body.positions as number[]) },
        as(userId),
      );
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.attemptsRemaining, 4);

      const agentId = uniqueUser('agent');
      const agent = new Client(fx.server.url, agentId);
      const path = `/api/helpdesk/users/${userId}/account-secret/challenge`;
      const seen = await agent.request('GET', path, undefined, as(agentId));
      assert.equal(seen.status, 200);
      assert.deepEqual(seen.body.positions, first.body.positions);
      assert.equal(seen.body.attemptsRemaining, 4, 'self and agent share one count');
      const right = await agent.post(
        path,
        { challengeId: seen.body.challengeId, answers: charactersAt(SECRET, seen.body.positions as number[]) },
        as(agentId),
      );
      assert.equal(right.status, 200);
      assert.match(String(right.body.verificationId), /^v-/);
      assert.equal(
        (
          await agent.request(
            'GET',
            `/api/helpdesk/users/nobody-${userId}/account-secret/challenge`,
            undefined,
            as(agentId),
          )
        ).status,
        404,
      );
    });
  });
}
