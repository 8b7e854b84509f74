/**
 * Every check the contract (api/openapi.yaml) implies, black-box, over
 * HTTP. Each check signs in fresh users of its own and makes a bounded
 * number of requests, so checks never disturb one another and a rate limit
 * of 60 requests a minute per session is never reached by accident. What
 * only time shows (a 15-minute lock running out, a 10-minute verification
 * expiring) is checked as far as it is observable without waiting, and the
 * check's name says so.
 *
 * A check's name starts with the rule it proves (`csrf: …`): a failure
 * names the broken rule.
 */
import {
  CheckFailure,
  Client,
  expect,
  expectJsonObject,
  expectProblem,
  expectStatus,
  isDateTime,
  isRecord,
  type Answer,
  type Profile,
  type Target,
} from './kit.js';

/** What a check gets: the backend, and ways to sign in. */
export interface Context {
  target: Required<Target>;
  /** A fresh user (unique id) signed in with these roles and profile fields. */
  signIn(profile?: Partial<Profile>): Promise<Client>;
  /** A client with no session. */
  anonymous(): Client;
}

export interface Check {
  /** The rule it proves, as it starts the name. */
  rule: string;
  /** `rule: what is expected`. */
  name: string;
  run(context: Context): Promise<void>;
}

export const PATHS = {
  secret: '/api/account-secret',
  aup: '/api/aup/acceptance',
  self: '/api/account-secret/challenge',
  status: '/api/account-secret/status',
  agent: (userId: string) => `/api/helpdesk/users/${encodeURIComponent(userId)}/account-secret/challenge`,
  unlock: (userId: string) => `/api/helpdesk/users/${encodeURIComponent(userId)}/account-secret/unlock`,
  resecure: (userId: string) => `/api/helpdesk/users/${encodeURIComponent(userId)}/resecure`,
  consume: (verificationId: string) => `/api/helpdesk/verifications/${encodeURIComponent(verificationId)}/consume`,
  audit: (userId: string) => `/api/admin/audit?userId=${encodeURIComponent(userId)}`,
} as const;

/**
 * Failures in a row before a lock, locks in 24 hours before only an admin
 * can unlock, highest position, distinct positions told to agents before a
 * new secret is due, unlocks of one account in 24 hours.
 */
export const LIMITS = {
  attempts: 5,
  locksBeforeAdmin: 3,
  maxPosition: 9,
  size: 3,
  lockMinutes: 15,
  requestsPerMinute: 60,
  maxBodyBytes: 16 * 1024,
  maxVersionLength: 64,
  secretsPerMinute: 10,
  exposedPositions: 6,
  unlocksPerDay: 2,
};

const ANSWER_KEYS = new Set(['type', 'title', 'status', 'detail', 'instance', 'verified', 'attemptsRemaining']);
const AUDIT_ACTIONS = new Set([
  'secret-set',
  'secret-rejected',
  'aup-accepted',
  'challenge-verified',
  'challenge-failed',
  'challenge-locked',
  'challenge-unlocked',
  'verification-consumed',
  'challenge-read',
  'secret-resecured',
  'secret-exposed',
]);

/** Random lower-case letters from the platform's CSPRNG. */
export function randomLetters(count: number): string {
  const bytes = new Uint8Array(count);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** A user who has just set a secret through the API. */
interface UserWithSecret {
  client: Client;
  userId: string;
  secret: string;
}

async function userWithSecret(context: Context, length = 12): Promise<UserWithSecret> {
  const client = await context.signIn();
  const secret = randomLetters(length);
  const saved = await client.post(PATHS.secret, { secret });
  expectStatus(saved, 200, 204);
  return { client, userId: client.profile!.userId, secret };
}

interface Challenge {
  challengeId: string;
  positions: number[];
  attemptsRemaining: number | undefined;
}

/** GETs a challenge and checks its shape. */
async function getChallenge(client: Client, path: string): Promise<Challenge> {
  const body = expectJsonObject(await client.get(path));
  const { challengeId, positions, attemptsRemaining, expiresAt } = body;
  expect(typeof challengeId === 'string' && challengeId !== '', `GET ${path}: no string "challengeId"`);
  expect(
    Array.isArray(positions) && positions.every((p) => Number.isInteger(p)),
    `GET ${path}: "positions" is not an array of integers (${JSON.stringify(positions)})`,
  );
  expect(
    attemptsRemaining === undefined || (Number.isInteger(attemptsRemaining) && (attemptsRemaining as number) >= 0),
    `GET ${path}: "attemptsRemaining" is not a non-negative integer`,
  );
  expect(expiresAt === undefined || isDateTime(expiresAt), `GET ${path}: "expiresAt" is not a date-time`);
  return { challengeId, positions: positions as number[], attemptsRemaining: attemptsRemaining as number | undefined };
}

/** The right answers, in a given case. */
function rightAnswers(secret: string, positions: readonly number[], upper = false): string[] {
  return positions.map((p) => (upper ? secret[p - 1].toUpperCase() : secret[p - 1]));
}

/** A letter that is not `letter` (in any case). */
function otherLetter(letter: string): string {
  return letter.toLowerCase() === 'q' ? 'z' : 'q';
}

/** The right answers but for the one at `index`. */
function wrongAnswers(secret: string, positions: readonly number[], index = 0): string[] {
  const answers = rightAnswers(secret, positions);
  answers[index] = otherLetter(answers[index]);
  return answers;
}

async function answer(client: Client, path: string, challengeId: string, answers: string[]): Promise<Answer> {
  return client.post(path, { challengeId, answers });
}

/** Fails a fresh challenge `times` times; answers the last answer. */
async function failTimes(client: Client, path: string, secret: string, times: number): Promise<Answer> {
  let last: Answer | undefined;
  for (let i = 0; i < times; i++) {
    const { challengeId, positions } = await getChallenge(client, path);
    last = await answer(client, path, challengeId, wrongAnswers(secret, positions));
  }
  return last!;
}

/** Expects a 423 problem; answers its `lockedUntil` (undefined when absent). */
function expectLocked(answer: Answer): string | undefined {
  const problem = expectProblem(answer, 423);
  const { lockedUntil } = problem;
  expect(
    lockedUntil === undefined || isDateTime(lockedUntil),
    `${answer.what}: the 423's "lockedUntil" is not a date-time`,
  );
  return lockedUntil;
}

/** Checks that answer `what` in milliseconds within `[low, high]` of now. */
function expectAhead(value: string, lowMinutes: number, highMinutes: number, what: string): void {
  const ahead = (Date.parse(value) - Date.now()) / 60_000;
  expect(
    ahead >= lowMinutes && ahead <= highMinutes,
    `${what} is ${ahead.toFixed(1)} minutes ahead, expected about ${LIMITS.lockMinutes}`,
  );
}

/** Locks `user` (5 failures in a row on the self path). */
async function lock(user: UserWithSecret): Promise<Answer> {
  return failTimes(user.client, PATHS.self, user.secret, LIMITS.attempts);
}

async function unlock(admin: Client, userId: string): Promise<void> {
  expectStatus(await admin.post(PATHS.unlock(userId), {}), 200, 204);
}

/** The status of the signed-in user, its shape checked. */
async function getStatus(client: Client): Promise<Status> {
  const body = expectJsonObject(await client.get(PATHS.status));
  const { aup, secret } = body;
  expect(isRecord(aup) && isRecord(secret), `GET ${PATHS.status}: no "aup" and "secret" objects`);
  const nullOr = (value: unknown, test: (v: unknown) => boolean) => value === null || test(value);
  const isString = (v: unknown) => typeof v === 'string' && v !== '';
  expect(isString(aup.currentVersion), `GET ${PATHS.status}: "aup.currentVersion" is not a string`);
  expect(nullOr(aup.acceptedVersion, isString), `GET ${PATHS.status}: "aup.acceptedVersion" is not a string or null`);
  expect(nullOr(aup.acceptedAt, isDateTime), `GET ${PATHS.status}: "aup.acceptedAt" is not a date-time or null`);
  expect(typeof aup.required === 'boolean', `GET ${PATHS.status}: "aup.required" is not a boolean`);
  expect(
    typeof secret.set === 'boolean' && typeof secret.mustChange === 'boolean',
    `GET ${PATHS.status}: "secret.set" or "secret.mustChange" is not a boolean`,
  );
  expect(nullOr(secret.setAt, isDateTime), `GET ${PATHS.status}: "secret.setAt" is not a date-time or null`);
  expect(
    secret.reason === null || secret.reason === 'resecured' || secret.reason === 'exposed',
    `GET ${PATHS.status}: "secret.reason" is ${JSON.stringify(secret.reason)}, not null, "resecured" or "exposed"`,
  );
  expect(
    secret.mustChange === (secret.reason !== null),
    `GET ${PATHS.status}: "mustChange" ${String(secret.mustChange)} with "reason" ${JSON.stringify(secret.reason)}`,
  );
  return body as unknown as Status;
}

interface Status {
  aup: { currentVersion: string; acceptedVersion: string | null; acceptedAt: string | null; required: boolean };
  secret: { set: boolean; setAt: string | null; mustChange: boolean; reason: 'resecured' | 'exposed' | null };
}

/** `agent` checks `user` right; answers the positions told and the verificationId. */
async function agentCheck(
  agent: Client,
  user: UserWithSecret,
): Promise<{ positions: number[]; verificationId: string }> {
  const path = PATHS.agent(user.userId);
  const { challengeId, positions } = await getChallenge(agent, path);
  const body = expectJsonObject(await answer(agent, path, challengeId, rightAnswers(user.secret, positions)));
  expect(
    typeof body.verificationId === 'string' && body.verificationId !== '',
    `POST ${path}: a success gave no "verificationId"`,
  );
  return { positions, verificationId: body.verificationId };
}

/** The same user signed in again (a new session). */
async function signInAgain(context: Context, user: UserWithSecret): Promise<Client> {
  const { userId, givenName, familyName, organisation } = user.client.profile!;
  return context.signIn({ userId, givenName, familyName, organisation });
}

const check = (rule: string, text: string, run: (context: Context) => Promise<void>): Check => ({
  rule,
  name: `${rule}: ${text}`,
  run,
});

export const checks: readonly Check[] = [
  check('session', 'a request without a session, or with an unknown one, is 401 problem+json', async (context) => {
    const anonymous = context.anonymous();
    expectProblem(await anonymous.get(PATHS.self), 401);
    expectProblem(await anonymous.get(PATHS.aup), 401);
    expectProblem(await anonymous.post(PATHS.aup, { version: '1' }), 401);
    expectProblem(await anonymous.post(PATHS.secret, { secret: randomLetters(12) }), 401);
    const client = await context.signIn();
    expectProblem(await client.forged().get(PATHS.aup), 401);
  }),

  check(
    'csrf',
    "a POST without X-CSRF-Token, or with another session's, is 403 and changes nothing",
    async (context) => {
      const client = await context.signIn();
      const other = await context.signIn();
      expectProblem(await client.post(PATHS.aup, { version: 'csrf-1' }, { csrf: false }), 403);
      expectProblem(await client.post(PATHS.aup, { version: 'csrf-2' }, { csrf: other.credentials!.csrfToken }), 403);
      expectProblem(await client.post(PATHS.secret, { secret: randomLetters(12) }, { csrf: false }), 403);
      const latest = await client.get(PATHS.aup);
      expect(
        latest.status === 404,
        `GET ${PATHS.aup} answered ${latest.status} after refused POSTs: an acceptance was recorded without a CSRF token`,
      );
    },
  ),

  check('origin', 'a request from a foreign Origin is 403', async (context) => {
    const client = await context.signIn();
    const headers = { origin: 'https://attacker.example' };
    expectProblem(await client.post(PATHS.aup, { version: 'origin-1' }, { headers }), 403);
    expectProblem(await client.get(PATHS.self, { headers }), 403);
  }),

  check('content-type', 'a body that is not application/json is 415', async (context) => {
    const client = await context.signIn();
    const body = JSON.stringify({ version: 'type-1' });
    expectProblem(await client.request('POST', PATHS.aup, { body, headers: { 'content-type': 'text/plain' } }), 415);
    expectProblem(
      await client.request('POST', PATHS.aup, {
        body: 'version=type-2',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
  }),

  check('body-size', 'a body larger than 16 KiB is 413', async (context) => {
    const client = await context.signIn();
    expectProblem(await client.post(PATHS.aup, { version: 'x'.repeat(LIMITS.maxBodyBytes + 1) }), 413);
  }),

  check('bad-request', 'malformed JSON or the wrong shape is 400', async (context) => {
    const { client } = await userWithSecret(context);
    expectProblem(
      await client.request('POST', PATHS.aup, { body: '{"version":', headers: { 'content-type': 'application/json' } }),
      400,
    );
    expectProblem(await client.post(PATHS.aup, { version: 7 }), 400);
    expectProblem(await client.post(PATHS.secret, { password: 'kingfisher' }), 400);
    const { challengeId } = await getChallenge(client, PATHS.self);
    expectProblem(await client.post(PATHS.self, { challengeId }), 400);
    expectProblem(await client.post(PATHS.self, { challengeId, answers: 'abc' }), 400);
  }),

  check(
    'answers',
    'answers are one letter each (one code point after NFC), at most 4, one per position: else 400',
    async (context) => {
      const { client, secret } = await userWithSecret(context);
      const { challengeId, positions } = await getChallenge(client, PATHS.self);
      const right = rightAnswers(secret, positions);
      expectProblem(await answer(client, PATHS.self, challengeId, [right[0] + right[0], ...right.slice(1)]), 400);
      expectProblem(await answer(client, PATHS.self, challengeId, ['', ...right.slice(1)]), 400);
      expectProblem(await answer(client, PATHS.self, challengeId, [...right, 'a', 'b']), 400);
      expectProblem(await answer(client, PATHS.self, challengeId, right.slice(0, -1)), 400);
      // None of these counted as a failure.
      const after = await getChallenge(client, PATHS.self);
      expect(
        after.attemptsRemaining === undefined || after.attemptsRemaining === LIMITS.attempts,
        `a malformed answer counted as a failed check (attemptsRemaining ${after.attemptsRemaining})`,
      );
      // A letter with a combining mark is one code point after NFC: a valid (here wrong) answer, not a 400.
      const decomposed = await answer(client, PATHS.self, challengeId, ['e\u0301', ...right.slice(1)]);
      expect(
        decomposed.status === 422,
        `an answer that is one code point after NFC ("e" + U+0301) answered ${decomposed.status}, expected 422`,
      );
    },
  ),

  check(
    'problem',
    'every error is application/problem+json with title and status (401, 403, 404, 410)',
    async (context) => {
      const anonymous = context.anonymous();
      expectProblem(await anonymous.get(PATHS.self), 401);
      const client = await context.signIn();
      expectProblem(await client.get(PATHS.agent('anyone')), 403);
      expectProblem(await client.get(PATHS.self), 404);
      const { client: owner } = await userWithSecret(context);
      expectProblem(await owner.post(PATHS.self, { challengeId: 'never-issued', answers: ['a', 'b', 'c'] }), 410);
    },
  ),

  check('rate-limit', 'more than 60 requests in a minute from one session is 429 with Retry-After', async (context) => {
    const client = await context.signIn();
    for (let i = 1; i <= LIMITS.requestsPerMinute + 1; i++) {
      const answer = await client.get(PATHS.aup);
      if (answer.status === 429) {
        expect(i > LIMITS.requestsPerMinute - 1, `request ${i} of the minute was already refused with 429`);
        expectProblem(answer, 429);
        const retryAfter = answer.headers.get('retry-after') ?? '';
        expect(
          /^\d+$/.test(retryAfter) || !Number.isNaN(Date.parse(retryAfter)),
          `the 429 has no Retry-After (seconds or a date): "${retryAfter}"`,
        );
        return;
      }
    }
    throw new CheckFailure(
      `${LIMITS.requestsPerMinute + 1} requests in a minute from one session were all answered, none 429`,
    );
  }),

  check('no-store', 'every answer, errors included, carries Cache-Control: no-store', async (context) => {
    const anonymous = context.anonymous();
    const client = await context.signIn();
    const answers = [
      await anonymous.get(PATHS.aup),
      await client.get(PATHS.aup),
      await client.post(PATHS.aup, { version: 'no-store-1' }, { csrf: false }),
      await client.post(PATHS.aup, { version: 'no-store-2' }),
      await client.get(PATHS.aup),
      await client.post(PATHS.secret, { secret: 'ab1' }),
    ];
    for (const answer of answers) {
      const directives = (answer.headers.get('cache-control') ?? '')
        .toLowerCase()
        .split(',')
        .map((d) => d.trim());
      expect(
        directives.includes('no-store'),
        `${answer.what} answered ${answer.status} with Cache-Control "${answer.headers.get('cache-control') ?? ''}", not no-store`,
      );
    }
  }),

  check(
    'aup-version',
    `a policy version of at most ${LIMITS.maxVersionLength} characters is accepted; a longer one is 400 and not recorded`,
    async (context) => {
      const client = await context.signIn();
      const longest = `v${randomLetters(LIMITS.maxVersionLength - 1)}`;
      expectStatus(await client.post(PATHS.aup, { version: longest }), 200, 201);
      expectProblem(await client.post(PATHS.aup, { version: `${longest}x` }), 400);
      const latest = expectJsonObject(await client.get(PATHS.aup));
      expect(
        latest.version === longest,
        `GET ${PATHS.aup} answers version ${JSON.stringify(latest.version)} after a refused longer one, not the last accepted`,
      );
    },
  ),

  check(
    'secret-rate-limit',
    `setting a secret more than ${LIMITS.secretsPerMinute} times in a minute is 429 with Retry-After`,
    async (context) => {
      const client = await context.signIn();
      for (let i = 1; i <= LIMITS.secretsPerMinute; i++)
        expectStatus(await client.post(PATHS.secret, { secret: randomLetters(12) }), 200, 204);
      const answer = await client.post(PATHS.secret, { secret: randomLetters(12) });
      expectProblem(answer, 429);
      const retryAfter = answer.headers.get('retry-after') ?? '';
      expect(
        /^\d+$/.test(retryAfter) || !Number.isNaN(Date.parse(retryAfter)),
        `the 429 has no Retry-After (seconds or a date): "${retryAfter}"`,
      );
    },
  ),

  check(
    'aup',
    'an acceptance answers 200/201 {version, acceptedAt}; GET answers the latest, 404 before any',
    async (context) => {
      const client = await context.signIn();
      expectProblem(await client.get(PATHS.aup), 404);
      const accepted = expectJsonObject(await client.post(PATHS.aup, { version: '2026-11' }), 200, 201);
      expect(
        accepted.version === '2026-11',
        `POST ${PATHS.aup}: "version" is ${JSON.stringify(accepted.version)}, not the one sent`,
      );
      expect(isDateTime(accepted.acceptedAt), `POST ${PATHS.aup}: "acceptedAt" is not a date-time`);
      const latest = expectJsonObject(await client.get(PATHS.aup));
      expect(
        latest.version === '2026-11' && isDateTime(latest.acceptedAt),
        `GET ${PATHS.aup} does not answer the latest acceptance`,
      );
    },
  ),

  check('secret-rules', 'a secret that breaks rules is 422 listing every unmet rule by id', async (context) => {
    const client = await context.signIn();
    const short = expectProblem(await client.post(PATHS.secret, { secret: 'ab1' }), 422);
    const ids = ruleIds(short);
    expect(
      ids.includes('letters') && ids.includes('length'),
      `"ab1" was refused with rules [${ids.join(', ')}], expected letters and length`,
    );
    const { givenName, familyName } = client.profile!;
    const name = expectProblem(await client.post(PATHS.secret, { secret: `${givenName}${familyName}` }), 422);
    expect(
      ruleIds(name).includes('not-name'),
      `the user's full name was refused with rules [${ruleIds(name).join(', ')}], expected not-name`,
    );
  }),

  check(
    'secret-history',
    'the last 5 secrets (the current one included) are refused as history, whatever their case',
    async (context) => {
      const client = await context.signIn();
      const secrets = Array.from({ length: 6 }, () => randomLetters(12));
      expectStatus(await client.post(PATHS.secret, { secret: secrets[0] }), 200, 204);
      const again = expectProblem(await client.post(PATHS.secret, { secret: secrets[0].toUpperCase() }), 422);
      expect(
        ruleIds(again).includes('history'),
        `the current secret in upper case was refused with [${ruleIds(again).join(', ')}], not history`,
      );
      for (const secret of secrets.slice(1, 5)) expectStatus(await client.post(PATHS.secret, { secret }), 200, 204);
      const fifth = expectProblem(await client.post(PATHS.secret, { secret: secrets[0] }), 422);
      expect(ruleIds(fifth).includes('history'), 'the 5th secret back was not refused as history');
      expectStatus(await client.post(PATHS.secret, { secret: secrets[5] }), 200, 204);
      const sixth = await client.post(PATHS.secret, { secret: secrets[0] });
      expect(
        sixth.status === 200 || sixth.status === 204,
        `the 6th secret back was refused (${sixth.status}): only the last 5 count`,
      );
    },
  ),

  check('recent-sign-in', 'setting a secret needs a sign-in within the last 15 minutes (else 401)', async (context) => {
    const stale = await context.signIn({ signedInSecondsAgo: 16 * 60 });
    expectProblem(await stale.post(PATHS.secret, { secret: randomLetters(12) }), 401);
    const fresh = await context.signIn({ signedInSecondsAgo: 60 });
    expectStatus(await fresh.post(PATHS.secret, { secret: randomLetters(12) }), 200, 204);
  }),

  check(
    'challenge',
    'GET answers {challengeId, positions, attemptsRemaining?, expiresAt?}; 404 before a secret is set',
    async (context) => {
      const client = await context.signIn();
      expectProblem(await client.get(PATHS.self), 404);
      const { client: owner } = await userWithSecret(context);
      const challenge = await getChallenge(owner, PATHS.self);
      expect(
        challenge.attemptsRemaining === undefined || challenge.attemptsRemaining === LIMITS.attempts,
        `a new user has ${challenge.attemptsRemaining} attempts, expected ${LIMITS.attempts}`,
      );
    },
  ),

  check('positions', "3 distinct positions, each within 1..9, whatever the secret's length", async (context) => {
    const { client, secret } = await userWithSecret(context, 40);
    for (let round = 0; round < 4; round++) {
      const { challengeId, positions } = await getChallenge(client, PATHS.self);
      expect(positions.length === LIMITS.size, `${positions.length} positions asked, expected ${LIMITS.size}`);
      expect(new Set(positions).size === positions.length, `positions repeat: [${positions.join(', ')}]`);
      expect(
        positions.every((p) => p >= 1 && p <= LIMITS.maxPosition),
        `positions [${positions.join(', ')}] for a 40-letter secret: not within 1..${LIMITS.maxPosition}, so they reveal its length`,
      );
      expectStatus(await answer(client, PATHS.self, challengeId, rightAnswers(secret, positions)), 200);
    }
  }),

  check(
    'positions-fixed',
    "the same positions until a success: after a refresh, a failure, and on the agent's screen",
    async (context) => {
      const user = await userWithSecret(context);
      const agent = await context.signIn({ roles: ['agent'] });
      const first = await getChallenge(user.client, PATHS.self);
      const same = (c: Challenge, when: string) =>
        expect(
          c.positions.join() === first.positions.join(),
          `positions changed ${when}: [${first.positions.join(', ')}] then [${c.positions.join(', ')}]`,
        );
      same(await getChallenge(user.client, PATHS.self), 'on a refresh');
      expectProblem(
        await answer(user.client, PATHS.self, first.challengeId, wrongAnswers(user.secret, first.positions)),
        422,
      );
      same(await getChallenge(user.client, PATHS.self), 'after a failure');
      same(await getChallenge(agent, PATHS.agent(user.userId)), "on the agent's screen");
    },
  ),

  check(
    'verify',
    'right answers, in any case, are 200 {verified: true, verificationId}; then a new challenge',
    async (context) => {
      const { client, secret } = await userWithSecret(context);
      const first = await getChallenge(client, PATHS.self);
      const body = expectJsonObject(
        await answer(client, PATHS.self, first.challengeId, rightAnswers(secret, first.positions, true)),
      );
      expect(body.verified === true, `a right answer gave "verified": ${JSON.stringify(body.verified)}`);
      expect(
        typeof body.verificationId === 'string' && body.verificationId !== '',
        'a success gave no string "verificationId"',
      );
      const next = await getChallenge(client, PATHS.self);
      expect(next.challengeId !== first.challengeId, 'the challenge id did not change after a success');
      const replay = await answer(client, PATHS.self, first.challengeId, rightAnswers(secret, first.positions));
      expect(replay.status !== 200, 'the answered challenge was accepted a second time');
    },
  ),

  check(
    'no-hint',
    'a wrong answer is 422 {verified: false, attemptsRemaining} and never says which character was wrong',
    async (context) => {
      const { client, secret } = await userWithSecret(context);
      const { challengeId, positions } = await getChallenge(client, PATHS.self);
      const bodies: Array<Record<string, unknown>> = [];
      for (const index of [0, positions.length - 1]) {
        const failed = expectProblem(
          await answer(client, PATHS.self, challengeId, wrongAnswers(secret, positions, index)),
          422,
        );
        expect(failed.verified === false, `a wrong answer gave "verified": ${JSON.stringify(failed.verified)}`);
        const extra = Object.keys(failed).filter((key) => !ANSWER_KEYS.has(key));
        expect(extra.length === 0, `a wrong answer carries fields beyond the contract's: ${extra.join(', ')}`);
        bodies.push(failed);
      }
      expect(
        bodies[0].attemptsRemaining === LIMITS.attempts - 1 && bodies[1].attemptsRemaining === LIMITS.attempts - 2,
        `attemptsRemaining went ${String(bodies[0].attemptsRemaining)}, ${String(bodies[1].attemptsRemaining)}; expected ${LIMITS.attempts - 1}, ${LIMITS.attempts - 2}`,
      );
      const strip = ({ attemptsRemaining: _a, instance: _i, ...rest }: Record<string, unknown>) => JSON.stringify(rest);
      expect(
        strip(bodies[0]) === strip(bodies[1]),
        'the answer to a wrong first character differs from the answer to a wrong last one: it says which was wrong',
      );
    },
  ),

  check('expired', 'an unknown or used challengeId is 410', async (context) => {
    const { client, secret } = await userWithSecret(context);
    expectProblem(await client.post(PATHS.self, { challengeId: 'never-issued', answers: ['a', 'b', 'c'] }), 410);
    const { challengeId, positions } = await getChallenge(client, PATHS.self);
    expectStatus(await answer(client, PATHS.self, challengeId, rightAnswers(secret, positions)), 200);
    await getChallenge(client, PATHS.self);
    expectProblem(await answer(client, PATHS.self, challengeId, rightAnswers(secret, positions)), 410);
  }),

  check(
    'lockout',
    '5 failures in a row: 423 with lockedUntil about 15 minutes ahead, on every path (expiry not waited for)',
    async (context) => {
      const user = await userWithSecret(context);
      const agent = await context.signIn({ roles: ['agent'] });
      const fourth = await failTimes(user.client, PATHS.self, user.secret, LIMITS.attempts - 1);
      expect(expectProblem(fourth, 422).attemptsRemaining === 1, 'after 4 failures, attemptsRemaining is not 1');
      const fifth = await failTimes(user.client, PATHS.self, user.secret, 1);
      const lockedUntil = expectLocked(fifth);
      expect(lockedUntil !== undefined, 'the first lock gave no "lockedUntil"');
      expectAhead(lockedUntil, LIMITS.lockMinutes - 2, LIMITS.lockMinutes + 2, '"lockedUntil"');
      expectLocked(await user.client.get(PATHS.self));
      expectLocked(await agent.get(PATHS.agent(user.userId)));
      expectLocked(await user.client.post(PATHS.self, { challengeId: 'any', answers: ['a', 'b', 'c'] }));
    },
  ),

  check('lockout-shared', "the self check and the agent's check share one count of failures", async (context) => {
    const user = await userWithSecret(context);
    const agent = await context.signIn({ roles: ['agent'] });
    await failTimes(user.client, PATHS.self, user.secret, 3);
    expectProblem(await failTimes(agent, PATHS.agent(user.userId), user.secret, 1), 422);
    expectLocked(await failTimes(agent, PATHS.agent(user.userId), user.secret, 1));
  }),

  check(
    'lockout-run',
    'a success ends the run of failures: 4 failures, a success, 4 failures is not a lock',
    async (context) => {
      const user = await userWithSecret(context);
      await failTimes(user.client, PATHS.self, user.secret, LIMITS.attempts - 1);
      const { challengeId, positions } = await getChallenge(user.client, PATHS.self);
      expectStatus(await answer(user.client, PATHS.self, challengeId, rightAnswers(user.secret, positions)), 200);
      expectProblem(await failTimes(user.client, PATHS.self, user.secret, LIMITS.attempts - 1), 422);
    },
  ),

  check(
    'escalation',
    'the 3rd lock in 24 hours is a 423 without lockedUntil until an admin unlocks',
    async (context) => {
      const user = await userWithSecret(context);
      const admin = await context.signIn({ roles: ['admin'] });
      for (let n = 1; n < LIMITS.locksBeforeAdmin; n++) {
        expect(expectLocked(await lock(user)) !== undefined, `lock ${n} of the day gave no "lockedUntil"`);
        await unlock(admin, user.userId);
      }
      const third = expectLocked(await lock(user));
      expect(
        third === undefined,
        `lock ${LIMITS.locksBeforeAdmin} of the day still ends by itself ("lockedUntil": ${String(third)})`,
      );
      expect(
        expectLocked(await user.client.get(PATHS.self)) === undefined,
        'GET after the 3rd lock gives a "lockedUntil"',
      );
    },
  ),

  check('unlock', 'only an admin may unlock (else 403); an unlock lets checks resume', async (context) => {
    const user = await userWithSecret(context);
    const agent = await context.signIn({ roles: ['agent'] });
    const admin = await context.signIn({ roles: ['admin'] });
    expectLocked(await lock(user));
    expectProblem(await agent.post(PATHS.unlock(user.userId), {}), 403);
    expectProblem(await user.client.post(PATHS.unlock(user.userId), {}), 403);
    expectLocked(await user.client.get(PATHS.self));
    await unlock(admin, user.userId);
    const after = await getChallenge(user.client, PATHS.self);
    expect(
      after.attemptsRemaining === undefined || after.attemptsRemaining === LIMITS.attempts,
      'an unlock did not restore the attempts',
    );
  }),

  check(
    'agent-role',
    'only an agent may use the helpdesk check (else 403); an unknown user is 404',
    async (context) => {
      const user = await userWithSecret(context);
      const other = await context.signIn();
      expectProblem(await other.get(PATHS.agent(user.userId)), 403);
      expectProblem(await other.post(PATHS.agent(user.userId), { challengeId: 'x', answers: ['a', 'b', 'c'] }), 403);
      const agent = await context.signIn({ roles: ['agent'] });
      expectProblem(await agent.get(PATHS.agent(`unknown-${randomLetters(10)}`)), 404);
      await getChallenge(agent, PATHS.agent(user.userId));
    },
  ),

  check(
    'helpdesk-self',
    'an agent who checks their own account through the helpdesk routes is refused, 403 (GET and POST)',
    async (context) => {
      const agent = await context.signIn({ roles: ['agent'] });
      expectStatus(await agent.post(PATHS.secret, { secret: randomLetters(12) }), 200, 204);
      const path = PATHS.agent(agent.profile!.userId);
      expectProblem(await agent.get(path), 403);
      expectProblem(await agent.post(path, { challengeId: 'c-self', answers: ['a', 'b', 'c'] }), 403);
    },
  ),

  check(
    'verification',
    'a verification is consumed once, by the agent who checked: 200 {userId, verifiedAt}, then 409 (10-minute expiry not waited for)',
    async (context) => {
      const user = await userWithSecret(context);
      const agent = await context.signIn({ roles: ['agent'] });
      const otherAgent = await context.signIn({ roles: ['agent'] });
      const path = PATHS.agent(user.userId);
      const { challengeId, positions } = await getChallenge(agent, path);
      const verified = expectJsonObject(await answer(agent, path, challengeId, rightAnswers(user.secret, positions)));
      const verificationId = String(verified.verificationId);
      const stolen = await otherAgent.post(PATHS.consume(verificationId), {});
      expect(stolen.status >= 400, `another agent consumed the verification (${stolen.status})`);
      const consumed = expectJsonObject(await agent.post(PATHS.consume(verificationId), {}));
      expect(
        consumed.userId === user.userId,
        `the consumed verification names user ${JSON.stringify(consumed.userId)}, not ${user.userId}`,
      );
      expect(isDateTime(consumed.verifiedAt), 'the consumed verification has no "verifiedAt" date-time');
      expectAhead(String(consumed.verifiedAt), -2, 2, '"verifiedAt" (minutes from now)');
      expectProblem(await agent.post(PATHS.consume(verificationId), {}), 409);
      const forged = await agent.post(PATHS.consume(`v-${randomLetters(16)}`), {});
      expect(
        forged.status === 404 || forged.status === 409,
        `an unknown verificationId answered ${forged.status}, expected 404 or 409`,
      );
    },
  ),

  check(
    'audit-paging',
    'the audit is paged: at most `limit` records, and a Link rel="next" to the older ones until the last page',
    async (context) => {
      const client = await context.signIn();
      for (let i = 1; i <= 5; i++) expectStatus(await client.post(PATHS.aup, { version: `paging-${i}` }), 200, 201);
      const admin = await context.signIn({ roles: ['admin'] });
      const whole = await admin.get(PATHS.audit(client.profile!.userId));
      expectStatus(whole, 200);
      expect(
        Array.isArray(whole.body) && whole.body.length >= 5,
        `GET ${PATHS.audit(client.profile!.userId)} lists ${Array.isArray(whole.body) ? whole.body.length : 'no'} records after 5 acceptances`,
      );
      const paged: unknown[] = [];
      let path: string | undefined = `${PATHS.audit(client.profile!.userId)}&limit=2`;
      for (let pages = 0; path !== undefined; pages++) {
        expect(pages < 10, "the audit's next links never end");
        const page = await admin.get(path);
        expectStatus(page, 200);
        const records: unknown = page.body;
        expect(
          Array.isArray(records) && records.length <= 2,
          `${page.what} answered ${Array.isArray(records) ? records.length : 'no'} records for limit=2`,
        );
        paged.push(...(records as unknown[]));
        path = nextLink(page, context.target.baseUrl);
        expect(
          path !== undefined || (records as unknown[]).length < 2 || paged.length >= whole.body.length,
          `${page.what}: a full page with no Link rel="next", after ${paged.length} of ${whole.body.length} records`,
        );
      }
      expect(
        JSON.stringify(paged) === JSON.stringify(whole.body),
        'the pages, one after another, are not the whole audit, newest first',
      );
    },
  ),

  check(
    'audit',
    'only an admin reads the audit: newest first, {at, actorId, userId, action, outcome}',
    async (context) => {
      const user = await userWithSecret(context);
      const admin = await context.signIn({ roles: ['admin'] });
      await failTimes(user.client, PATHS.self, user.secret, 1);
      const { challengeId, positions } = await getChallenge(user.client, PATHS.self);
      expectStatus(await answer(user.client, PATHS.self, challengeId, rightAnswers(user.secret, positions)), 200);
      expectProblem(await user.client.get(PATHS.audit(user.userId)), 403);
      const answerAudit = await admin.get(PATHS.audit(user.userId));
      expectStatus(answerAudit, 200);
      const records = answerAudit.body;
      expect(
        Array.isArray(records) && records.every(isRecord),
        `GET ${PATHS.audit(user.userId)} is not an array of records`,
      );
      for (const record of records) {
        expect(
          isDateTime(record.at) && typeof record.actorId === 'string' && record.userId === user.userId,
          `an audit record is not {at, actorId, userId}: ${JSON.stringify(record)}`,
        );
        expect(
          typeof record.action === 'string' && AUDIT_ACTIONS.has(record.action),
          `an audit record has the unknown action ${JSON.stringify(record.action)}`,
        );
        expect(typeof record.outcome === 'string', 'an audit record has no "outcome"');
        expect(!JSON.stringify(record).toLowerCase().includes(user.secret), 'an audit record holds the secret');
      }
      const actions = records.map((record) => record.action as string);
      for (const action of ['secret-set', 'challenge-failed', 'challenge-verified']) {
        expect(actions.includes(action), `the audit has no "${action}" (it lists: ${actions.join(', ')})`);
      }
      expect(
        actions.indexOf('challenge-verified') < actions.indexOf('challenge-failed'),
        'the audit is not newest first',
      );
    },
  ),

  check(
    'status',
    'GET status: {aup: {currentVersion, acceptedVersion, acceptedAt, required}, secret: {set, setAt, mustChange, reason}}, as the account changes',
    async (context) => {
      expectProblem(await context.anonymous().get(PATHS.status), 401);
      const client = await context.signIn();
      const fresh = await getStatus(client);
      expect(
        fresh.aup.required && fresh.aup.acceptedVersion === null && fresh.aup.acceptedAt === null,
        `a new user's AUP status is ${JSON.stringify(fresh.aup)}, expected required with nothing accepted`,
      );
      expect(
        !fresh.secret.set && fresh.secret.setAt === null && !fresh.secret.mustChange,
        `a new user's secret status is ${JSON.stringify(fresh.secret)}, expected not set`,
      );
      const { currentVersion } = fresh.aup;
      expectStatus(await client.post(PATHS.aup, { version: `${currentVersion}-old` }), 200, 201);
      const other = await getStatus(client);
      expect(
        other.aup.required && other.aup.acceptedVersion === `${currentVersion}-old`,
        `after accepting another version than the current one, the AUP status is ${JSON.stringify(other.aup)}: still required`,
      );
      const accepted = expectJsonObject(await client.post(PATHS.aup, { version: currentVersion }), 200, 201);
      const saved = await client.post(PATHS.secret, { secret: randomLetters(12) });
      expectStatus(saved, 200, 204);
      const done = await getStatus(client);
      expect(
        !done.aup.required &&
          done.aup.acceptedVersion === currentVersion &&
          done.aup.acceptedAt === accepted.acceptedAt,
        `after accepting the current version, the AUP status is ${JSON.stringify(done.aup)}`,
      );
      expect(
        done.secret.set && isDateTime(done.secret.setAt) && !done.secret.mustChange && done.secret.reason === null,
        `after setting a secret, its status is ${JSON.stringify(done.secret)}`,
      );
      expectAhead(done.secret.setAt, -2, 2, '"secret.setAt" (minutes from now)');
    },
  ),

  check(
    'resecure-rules',
    'a re-secure needs an agent (403), never of their own account (403), with their own unspent verification of that user (403, 404, 409)',
    async (context) => {
      const user = await userWithSecret(context);
      const other = await userWithSecret(context);
      const agent = await context.signIn({ roles: ['agent'] });
      const otherAgent = await context.signIn({ roles: ['agent'] });
      const { verificationId } = await agentCheck(agent, user);
      expectProblem(await user.client.post(PATHS.resecure(user.userId), { verificationId }), 403);
      expectProblem(await otherAgent.post(PATHS.resecure(user.userId), { verificationId }), 403);
      expectProblem(await agent.post(PATHS.resecure(agent.profile!.userId), { verificationId }), 403);
      expectProblem(await agent.post(PATHS.resecure(`unknown-${randomLetters(10)}`), { verificationId }), 404);
      expectProblem(await agent.post(PATHS.resecure(user.userId), { verificationId: `v-${randomLetters(16)}` }), 404);
      expectProblem(await agent.post(PATHS.resecure(user.userId), {}), 400);
      const ofOther = await agentCheck(agent, other);
      expectProblem(await agent.post(PATHS.resecure(user.userId), { verificationId: ofOther.verificationId }), 403);
      expectStatus(await agent.post(PATHS.consume(verificationId), {}), 200);
      expectProblem(await agent.post(PATHS.resecure(user.userId), { verificationId }), 409);
      // Nothing of this re-secured the user: their session and checks still work.
      await getChallenge(user.client, PATHS.self);
      const status = await getStatus(user.client);
      expect(
        !status.secret.mustChange,
        `refused re-secures left the user's secret status ${JSON.stringify(status.secret)}`,
      );
    },
  ),

  check(
    'resecure',
    "a re-secure ends the user's sessions, answers 409 to their checks until a new secret is set, and asks for the AUP and a new secret; the history still refuses the old one",
    async (context) => {
      const user = await userWithSecret(context);
      const agent = await context.signIn({ roles: ['agent'] });
      const { currentVersion } = (await getStatus(user.client)).aup;
      expectStatus(await user.client.post(PATHS.aup, { version: currentVersion }), 200, 201);
      const { verificationId } = await agentCheck(agent, user);
      const done = expectJsonObject(await agent.post(PATHS.resecure(user.userId), { verificationId }));
      expect(
        done.userId === user.userId && isDateTime(done.resecuredAt),
        `POST ${PATHS.resecure(user.userId)} answered ${JSON.stringify(done)}, not {userId, resecuredAt}`,
      );
      expectProblem(await user.client.get(PATHS.status), 401);
      expectProblem(await agent.post(PATHS.consume(verificationId), {}), 409);
      const back = await signInAgain(context, user);
      const status = await getStatus(back);
      expect(status.aup.required, `after a re-secure the AUP status is ${JSON.stringify(status.aup)}: not required`);
      expect(
        status.secret.mustChange && status.secret.reason === 'resecured',
        `after a re-secure the secret status is ${JSON.stringify(status.secret)}`,
      );
      expectProblem(await agent.get(PATHS.agent(user.userId)), 409);
      expectProblem(await back.get(PATHS.self), 409);
      expectProblem(await back.post(PATHS.self, { challengeId: 'any', answers: ['a', 'b', 'c'] }), 409);
      const old = expectProblem(await back.post(PATHS.secret, { secret: user.secret }), 422);
      expect(
        ruleIds(old).includes('history'),
        `the re-secured secret was refused with [${ruleIds(old).join(', ')}], not history`,
      );
      const secret = randomLetters(12);
      expectStatus(await back.post(PATHS.secret, { secret }), 200, 204);
      const renewed = await getStatus(back);
      expect(
        renewed.secret.set && !renewed.secret.mustChange,
        `after a new secret the status is ${JSON.stringify(renewed.secret)}`,
      );
      expect(renewed.aup.required, 'a new secret alone made the AUP acceptance count again');
      expectStatus(await back.post(PATHS.aup, { version: currentVersion }), 200, 201);
      expect(!(await getStatus(back)).aup.required, 'accepting the AUP after a re-secure still leaves it required');
      await agentCheck(agent, { ...user, client: back, secret });
    },
  ),

  check(
    'exposure',
    'once agents have been told 6 distinct positions since the secret was set, the status asks for a new secret (reason "exposed"); checks keep working',
    async (context) => {
      const user = await userWithSecret(context);
      const agent = await context.signIn({ roles: ['agent'] });
      // A self check tells no agent anything.
      const own = await getChallenge(user.client, PATHS.self);
      expectStatus(
        await answer(user.client, PATHS.self, own.challengeId, rightAnswers(user.secret, own.positions)),
        200,
      );
      const told = new Set<number>();
      for (let round = 0; told.size < LIMITS.exposedPositions; round++) {
        expect(
          round < 20,
          `20 successful agent checks told only ${told.size} distinct positions: positions do not change after a success`,
        );
        const before = await getStatus(user.client);
        expect(
          !before.secret.mustChange,
          `after ${told.size} positions told to agents, the status already says ${JSON.stringify(before.secret)}`,
        );
        for (const position of (await agentCheck(agent, user)).positions) told.add(position);
      }
      const exposed = await getStatus(user.client);
      expect(
        exposed.secret.mustChange && exposed.secret.reason === 'exposed',
        `after ${told.size} positions told to agents, the secret status is ${JSON.stringify(exposed.secret)}`,
      );
      await agentCheck(agent, user);
      expectStatus(await user.client.post(PATHS.secret, { secret: randomLetters(12) }), 200, 204);
      const renewed = await getStatus(user.client);
      expect(
        !renewed.secret.mustChange && renewed.secret.reason === null,
        `a new secret left the status ${JSON.stringify(renewed.secret)}`,
      );
    },
  ),

  check(
    'unlock-rules',
    'nobody unlocks their own account, nor one whose failed checks they made (403)',
    async (context) => {
      const admin = await context.signIn({ roles: ['user', 'admin'] });
      expectProblem(await admin.post(PATHS.unlock(admin.profile!.userId), {}), 403);
      const user = await userWithSecret(context);
      const agentAdmin = await context.signIn({ roles: ['agent', 'admin'] });
      expectProblem(await failTimes(agentAdmin, PATHS.agent(user.userId), user.secret, 1), 422);
      expectLocked(await failTimes(user.client, PATHS.self, user.secret, LIMITS.attempts - 1));
      expectProblem(await agentAdmin.post(PATHS.unlock(user.userId), {}), 403);
      expectLocked(await user.client.get(PATHS.self));
      await unlock(admin, user.userId);
      await getChallenge(user.client, PATHS.self);
    },
  ),

  check(
    'unlock-limit',
    'one account is unlocked at most twice in 24 hours: the 3rd is 409, and the audit says so',
    async (context) => {
      const user = await userWithSecret(context);
      const admin = await context.signIn({ roles: ['admin'] });
      for (let n = 1; n <= LIMITS.unlocksPerDay; n++) {
        expectLocked(await lock(user));
        await unlock(admin, user.userId);
      }
      expectLocked(await lock(user));
      expectProblem(await admin.post(PATHS.unlock(user.userId), {}), 409);
      expectLocked(await user.client.get(PATHS.self));
      const records = (await admin.get(PATHS.audit(user.userId))).body;
      expect(
        Array.isArray(records) && records.every(isRecord),
        `GET ${PATHS.audit(user.userId)} is not an array of records`,
      );
      const unlocks = records.filter((record) => record.action === 'challenge-unlocked');
      expect(
        unlocks.length === LIMITS.unlocksPerDay + 1,
        `the audit lists ${unlocks.length} unlocks, expected ${LIMITS.unlocksPerDay} and the refused one`,
      );
      expect(
        unlocks.slice(1).every((record) => record.outcome !== unlocks[0].outcome),
        `the refused unlock's audit outcome (${JSON.stringify(unlocks[0].outcome)}) is the same as a successful one's`,
      );
    },
  ),
];

/** The path of a `Link: <…>; rel="next"` header (relative to the base URL), or undefined without one. */
function nextLink(answer: Answer, baseUrl: string): string | undefined {
  const header = answer.headers.get('link');
  if (header === null) return undefined;
  const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(header);
  expect(match !== null, `${answer.what}: the Link header "${header}" has no rel="next"`);
  const target = match[1];
  const base = baseUrl.replace(/\/+$/, '');
  if (target.startsWith(base)) return target.slice(base.length);
  const url = new URL(target, `${base}/`);
  return `${url.pathname}${url.search}`;
}

function ruleIds(problem: Record<string, unknown>): string[] {
  const errors = problem.errors;
  expect(Array.isArray(errors) && errors.length > 0, 'the 422 has no "errors" list');
  return errors.map((error) => (isRecord(error) && typeof error.rule === 'string' ? error.rule : '?'));
}
