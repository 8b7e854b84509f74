import { expect } from '@open-wc/testing';
import { expireChallenge, seedChallengePositions } from '../mocks/challenge.js';
import { paths } from '../mocks/index.js';
import { resetMocks, useMocks } from './helpers.js';

/**
 * The mock backend that the demo, the stories and the element tests run on,
 * answering over HTTP in the page (MSW): the challenge rules of the contract
 * (api/openapi.yaml) that the element tests lean on.
 */
const SELF = paths.selfChallenge;
/** kingfisher: the 2nd, 5th and 8th characters are i, f and h. */
const POSITIONS = [2, 5, 8];
const RIGHT = ['i', 'f', 'h'];

describe('the mock challenge backend (mocks/challenge.ts)', () => {
  before(async () => {
    await useMocks();
  });
  beforeEach(() => {
    resetMocks();
    seedChallengePositions(POSITIONS);
  });

  async function post(body: unknown, path: string = SELF): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  async function get(path: string = SELF): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(path);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('compares case-insensitively, character by character', async () => {
    const { body } = await get();
    expect((await post({ challengeId: body.challengeId, answers: ['I', 'F', 'H'] })).status).to.equal(200);
  });

  it('answers 400 to a body that breaks the contract', async () => {
    const { body } = await get();
    for (const bad of [
      'not json',
      {},
      { challengeId: body.challengeId },
      { challengeId: body.challengeId, answers: ['if', 'f', 'h'] },
      { challengeId: body.challengeId, answers: ['i', 'f'] },
    ]) {
      expect((await post(bad)).status, JSON.stringify(bad)).to.equal(400);
    }
  });

  it('answers 410 to an expired or unknown challenge, and 404 for an unknown caller', async () => {
    const { body } = await get();
    expect((await post({ challengeId: 'nope', answers: RIGHT })).status).to.equal(410);
    expireChallenge();
    expect((await post({ challengeId: body.challengeId, answers: RIGHT })).status).to.equal(410);
    expect((await get(paths.agentChallenge.replace(':userId', 'nobody'))).status).to.equal(404);
  });

  it('locks after 5 failures for 15 minutes, also on GET', async () => {
    const { body } = await get();
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await post({ challengeId: body.challengeId, answers: ['x', 'x', 'x'] });
      expect(answer.body.verified).to.equal(false);
      answers.push(answer.body.attemptsRemaining as number);
    }
    expect(answers).to.deep.equal([4, 3, 2, 1]);
    const before = Date.now();
    const locked = await post({ challengeId: body.challengeId, answers: ['x', 'x', 'x'] });
    expect(locked.status).to.equal(423);
    const until_ = Date.parse(locked.body.lockedUntil as string);
    expect(until_ - before).to.be.within(14.9 * 60 * 1000, 15.1 * 60 * 1000);
    expect((await get()).status).to.equal(423);
    expect((await post({ challengeId: body.challengeId, answers: RIGHT })).status, 'even the right answer').to.equal(
      423,
    );
  });
});
