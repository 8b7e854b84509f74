/** The pure parts: canonical form, sealing and the verifier, positions, key rotation. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { drawPositions } from '../src/challenges.js';
import { FileKeyProvider } from '../src/key-provider.js';
import {
  canonicalAnswer,
  canonicalCharacters,
  canonicalSecret,
  resealSecret,
  sameHash,
  sealSecret,
  slowHash,
  verifyCharacters,
} from '../src/secret-crypto.js';

function keyFile(lines: string[]): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ase-unit-'));
  const path = join(dir, 'key');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const newKey = () => randomBytes(32).toString('base64');

describe('canonical form', () => {
  const table: Array<[string, string]> = [
    ['KingFisher', 'kingfisher'],
    ['ISTANBUL', 'istanbul'], // never dotless ı, whatever the locale
    ['Cafe\u0301', 'café'], // NFC first: e + combining acute is one letter
    ['ΟΔΟΣ', 'οδοσ'], // per code point: no final-sigma rule
    ['Straße', 'straße'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(canonicalSecret(input), expected.normalize('NFC'));
    });
  }
  it('keeps one entry per person-counted letter, even when lower case is longer', () => {
    assert.equal(canonicalCharacters('İz').length, 2);
    assert.equal(canonicalCharacters('e\u0301tude').length, 5);
  });
  it('takes exactly one character as an answer', () => {
    assert.equal(canonicalAnswer('Q'), 'q');
    assert.equal(canonicalAnswer('e\u0301'), 'é');
    assert.equal(canonicalAnswer('ab'), undefined);
    assert.equal(canonicalAnswer(''), undefined);
  });
  it('does not depend on the process locale (toLowerCase, not toLocaleLowerCase)', () => {
    assert.equal('I'.toLocaleLowerCase('tr-TR'), 'ı');
    assert.equal(canonicalSecret('I'), 'i');
  });
});

describe('sealing and the verifier', () => {
  it('checks the asked positions, case-insensitively, and nothing else', async () => {
    const file = keyFile([newKey()]);
    try {
      const keys = new FileKeyProvider(file.path);
      const sealed = await sealSecret(keys, 'mary', canonicalCharacters('Kingfisher'));
      assert.equal(sealed.ciphertext.length, 64 * 16 + 16, 'fixed size: the length of the secret does not show');
      assert.equal(await verifyCharacters(keys, 'mary', sealed, [1, 5, 9], ['k', 'f', 'e']), true);
      assert.equal(await verifyCharacters(keys, 'mary', sealed, [1, 5, 9], ['k', 'f', 'x']), false);
      assert.equal(await verifyCharacters(keys, 'mary', sealed, [2, 3, 4], ['i', 'n', 'g']), true);
      assert.equal(
        await verifyCharacters(keys, 'mary', sealed, [11, 1, 2], ['a', 'k', 'i']),
        false,
        'beyond the end never matches',
      );
      assert.equal(await verifyCharacters(keys, 'mary', sealed, [1, 2], ['k', 'i', 'n']), false);
      assert.equal(await verifyCharacters(keys, 'mary', sealed, [0, 1, 2], ['k', 'k', 'i']), false);
    } finally {
      file.done();
    }
  });
  it('refuses a sealed secret moved to another user, or under another key', async () => {
    const file = keyFile([newKey()]);
    const other = keyFile([newKey()]);
    try {
      const keys = new FileKeyProvider(file.path);
      const sealed = await sealSecret(keys, 'mary', canonicalCharacters('Kingfisher'));
      await assert.rejects(verifyCharacters(keys, 'ahmed', sealed, [1, 2, 3], ['k', 'i', 'n']));
      await assert.rejects(
        verifyCharacters(new FileKeyProvider(other.path), 'mary', sealed, [1, 2, 3], ['k', 'i', 'n']),
      );
    } finally {
      file.done();
      other.done();
    }
  });
  it('re-seals under the new key after a rotation; old keys still open old secrets', async () => {
    const oldKey = newKey();
    const before = keyFile([oldKey]);
    const rotated = keyFile([newKey(), oldKey]);
    try {
      const oldKeys = new FileKeyProvider(before.path);
      const newKeys = new FileKeyProvider(rotated.path);
      const sealed = await sealSecret(oldKeys, 'mary', canonicalCharacters('Kingfisher'));
      assert.equal(await verifyCharacters(newKeys, 'mary', sealed, [1, 2, 3], ['k', 'i', 'n']), true);
      const resealed = await resealSecret(newKeys, 'mary', sealed);
      assert.ok(resealed);
      assert.notEqual(resealed.keyId, sealed.keyId);
      assert.equal(await verifyCharacters(newKeys, 'mary', resealed, [1, 2, 3], ['k', 'i', 'n']), true);
      assert.equal(await resealSecret(newKeys, 'mary', resealed), undefined);
    } finally {
      before.done();
      rotated.done();
    }
  });
});

describe('history hash', () => {
  it('is salted and matches only the same canonical secret', async () => {
    const params = { logN: 10, r: 8, p: 1 };
    const salt = randomBytes(16);
    const hash = await slowHash(canonicalSecret('Kingfisher'), salt, params);
    assert.equal(await sameHash(canonicalSecret('KINGFISHER'), salt, params, hash), true);
    assert.equal(await sameHash(canonicalSecret('Kingfishers'), salt, params, hash), false);
    assert.notDeepEqual(await slowHash('kingfisher', randomBytes(16), params), hash);
  });
});

describe('positions', () => {
  it('are 3 distinct integers in 1..9, ascending, and vary', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const p = drawPositions();
      assert.equal(p.length, 3);
      assert.equal(new Set(p).size, 3);
      assert.ok(p.every((n) => Number.isInteger(n) && n >= 1 && n <= 9));
      assert.deepEqual(
        [...p].sort((a, b) => a - b),
        p,
      );
      seen.add(p.join());
    }
    assert.ok(seen.size > 40, `only ${seen.size} distinct draws`);
  });
});
