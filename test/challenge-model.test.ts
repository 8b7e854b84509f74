/**
 * The pure logic of <secret-challenge> (src/secret-challenge/challenge-model.ts):
 * no DOM, table-first.
 */
import { expect } from '@open-wc/testing';
import { RequestError, type HttpResponse } from '../src/internal/http.js';
import {
  askedOf,
  fetchedOf,
  isPositionList,
  parsePositions,
  verdictOf,
} from '../src/secret-challenge/challenge-model.js';

const answer = (status: number, body: unknown): HttpResponse => ({ status, body });
function kindOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof RequestError ? `${error.kind} ${error.status ?? ''}`.trim() : String(error);
  }
}

describe('challenge model (no DOM)', () => {
  it('isPositionList: 1 to 4 distinct integers from 1 to 64', () => {
    const table: Array<[unknown, boolean]> = [
      [[2, 5, 8], true],
      [[1], true],
      [[1, 2, 3, 4], true],
      [[64], true],
      [[], false],
      [[1, 2, 3, 4, 5], false],
      [[0, 2], false],
      [[65], false],
      [[2, 2], false],
      [[1.5], false],
      [[Number.NaN], false],
      [['2'], false],
      ['2,5,8', false],
      [null, false],
    ];
    expect(table.map(([value]) => isPositionList(value))).to.deep.equal(table.map(([, ok]) => ok));
  });

  it('parsePositions keeps what was written, for isPositionList to judge', () => {
    expect(parsePositions('2,5,8')).to.deep.equal([2, 5, 8]);
    expect(parsePositions(' 2 5,  8 ')).to.deep.equal([2, 5, 8]);
    expect(parsePositions('1.5,two')).to.deep.equal([Number.NaN, Number.NaN]);
  });

  it('askedOf: the asked characters, only from at least twice as many letters reaching the highest position', () => {
    const secret = [...'kingfisher'];
    const table: Array<[string[], number[], string[] | string]> = [
      [secret, [2, 5, 8], ['i', 'f', 'h']],
      [secret, [1, 2, 3, 4], ['k', 'i', 'n', 'g']],
      [[...'abcde'], [1, 2, 3], 'too-short'],
      [[...'abcdef'], [1, 2, 3], ['a', 'b', 'c']],
      [[...'kingf'], [2, 8], 'too-short'],
      [[...'king1isher'], [2, 5, 8], 'not-letters'],
    ];
    expect(table.map(([chars, positions]) => askedOf(chars, positions))).to.deep.equal(table.map(([, , out]) => out));
  });

  it('fetchedOf: a challenge, a lock, or a classified error', () => {
    expect(fetchedOf(answer(200, { challengeId: 'c', positions: [2, 5, 8], attemptsRemaining: 5 }))).to.deep.equal({
      kind: 'challenge',
      challenge: { id: 'c', positions: [2, 5, 8], attemptsRemaining: 5 },
    });
    expect(fetchedOf(answer(423, { lockedUntil: '2026-12-01T10:00:00Z' }))).to.deep.equal({
      kind: 'locked',
      lockedUntil: '2026-12-01T10:00:00Z',
    });
    // No lockedUntil: a lock only an admin can lift.
    expect(fetchedOf(answer(423, { title: 'Locked' }))).to.deep.equal({ kind: 'locked', lockedUntil: null });
    const table: Array<[HttpResponse, string]> = [
      [answer(200, { challengeId: 'c', positions: [1, 2, 3, 4, 5] }), 'bad-response 200'],
      [answer(200, { challengeId: '', positions: [1] }), 'bad-response 200'],
      [answer(200, { challengeId: 'c', positions: [1], expiresAt: 'soon' }), 'bad-response 200'],
      [answer(423, { lockedUntil: 'soon' }), 'bad-response 423'],
      [answer(423, 'Locked'), 'bad-response 423'],
      [answer(401, {}), 'unauthorized 401'],
      [answer(302, undefined), 'bad-response 302'],
      [answer(503, {}), 'server 503'],
    ];
    expect(table.map(([response]) => kindOf(() => fetchedOf(response)))).to.deep.equal(table.map(([, kind]) => kind));
  });

  it('verdictOf: verified, failed, locked, expired, or a classified error', () => {
    expect(verdictOf(answer(200, { verified: true }))).to.deep.equal({ kind: 'verified' });
    expect(verdictOf(answer(200, { verified: true, verificationId: 'v-1' }))).to.deep.equal({
      kind: 'verified',
      verificationId: 'v-1',
    });
    expect(verdictOf(answer(422, { verified: false, attemptsRemaining: 2 }))).to.deep.equal({
      kind: 'failed',
      attemptsRemaining: 2,
    });
    expect(verdictOf(answer(410, {}))).to.deep.equal({ kind: 'expired' });
    expect(verdictOf(answer(423, { lockedUntil: '2026-12-01T10:00:00Z' }))).to.deep.equal({
      kind: 'locked',
      lockedUntil: '2026-12-01T10:00:00Z',
    });
    const table: Array<[HttpResponse, string]> = [
      [answer(200, { verified: 'yes' }), 'bad-response 200'],
      [answer(200, { verified: true, verificationId: 42 }), 'bad-response 200'],
      [answer(422, { verified: false, attemptsRemaining: -1 }), 'bad-response 422'],
      [answer(429, {}), 'rate-limited 429'],
      [answer(403, {}), 'forbidden 403'],
    ];
    expect(table.map(([response]) => kindOf(() => verdictOf(response)))).to.deep.equal(table.map(([, kind]) => kind));
  });
});
