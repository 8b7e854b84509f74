/**
 * How a secret is kept: canonical form, sealed under a key that never lives
 * in the database (for checking characters), and a slow salted hash (for the
 * history rule). Nothing here touches the database or the request.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { canonicalCharacters, canonicalSecret } from '../../src/rules/index.js';
import type { KeyProvider } from './key-provider.js';

/** Widest position a secret may have: the rules' default maximum length. */
const MAX_POSITIONS = 64;
/** Bytes per position in the sealed form: room for any canonical character. */
const SLOT = 16;
/** Sealed plaintext size: fixed, so the ciphertext says nothing of the length. */
const PLAIN_SIZE = MAX_POSITIONS * SLOT;

// The canonical form is the rules module's (the mocks and `sameSecret` use
// it too), so a secret is the same secret to every one of them.
export { canonicalCharacters, canonicalSecret };

/**
 * The canonical form of one answer, or undefined when it is not exactly one
 * character (after NFC, so a decomposed `é` counts as one).
 */
export function canonicalAnswer(answer: string): string | undefined {
  const characters = canonicalCharacters(answer);
  return characters.length === 1 ? characters[0] : undefined;
}

function slotOf(character: string, target: Buffer, offset: number): void {
  const written = target.write(character, offset, SLOT, 'utf8');
  // A canonical character is at most a few code points; anything that does
  // not fit its slot is refused before sealing.
  if (Buffer.byteLength(character, 'utf8') !== written) throw new RangeError('character too wide');
}

/** What the database keeps to check characters: no plaintext, no length. */
export interface SealedSecret {
  keyId: string;
  iv: Uint8Array;
  /** AES-256-GCM ciphertext followed by its 16-byte tag. */
  ciphertext: Uint8Array;
}

function aad(userId: string): Buffer {
  // Binds the ciphertext to its row: a database writer cannot move one
  // user's sealed secret to another user.
  return Buffer.from(`account-secret:v1:${userId}`, 'utf8');
}

/** Whether `characters` fit the sealed layout (at most 64, each small). */
export function sealable(characters: readonly string[]): boolean {
  return characters.length <= MAX_POSITIONS && characters.every((c) => Buffer.byteLength(c, 'utf8') <= SLOT);
}

/** Seals the canonical characters of a secret for `userId`. */
export async function sealSecret(
  keys: KeyProvider,
  userId: string,
  characters: readonly string[],
): Promise<SealedSecret> {
  if (!sealable(characters)) throw new RangeError('secret too long to seal');
  const { keyId, key } = await keys.currentKey();
  const plain = Buffer.alloc(PLAIN_SIZE);
  try {
    characters.forEach((c, i) => slotOf(c, plain, i * SLOT));
    return closeSealed(keyId, key, userId, plain);
  } finally {
    plain.fill(0);
  }
}

/**
 * The verifier: decrypts the sealed secret, compares the canonical answer at
 * every asked position in constant time (all positions, every time, no early
 * exit), and wipes the decrypted bytes before returning. Returns only
 * whether all answers are right.
 */
function openSealed(key: Uint8Array, userId: string, sealed: SealedSecret): Buffer {
  const body = Buffer.from(sealed.ciphertext);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(aad(userId));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
}

function closeSealed(keyId: string, key: Uint8Array, userId: string, plain: Buffer): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(userId));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { keyId, iv, ciphertext };
}

/**
 * Seals again under the current key (key rotation), without the characters
 * ever becoming strings; undefined when already under the current key.
 */
export async function resealSecret(
  keys: KeyProvider,
  userId: string,
  sealed: SealedSecret,
): Promise<SealedSecret | undefined> {
  const current = await keys.currentKey();
  if (current.keyId === sealed.keyId) return undefined;
  const plain = openSealed(await keys.keyById(sealed.keyId), userId, sealed);
  try {
    return closeSealed(current.keyId, current.key, userId, plain);
  } finally {
    plain.fill(0);
  }
}

export async function verifyCharacters(
  keys: KeyProvider,
  userId: string,
  sealed: SealedSecret,
  positions: readonly number[],
  answers: readonly string[],
): Promise<boolean> {
  if (positions.length !== answers.length) return false;
  const plain = openSealed(await keys.keyById(sealed.keyId), userId, sealed);
  const given = Buffer.alloc(SLOT);
  let wrong = 0;
  try {
    positions.forEach((position, i) => {
      given.fill(0);
      const answer = answers[i];
      const fits = Buffer.byteLength(answer, 'utf8') <= SLOT;
      if (fits) given.write(answer, 0, SLOT, 'utf8');
      const index = Number.isInteger(position) && position >= 1 && position <= MAX_POSITIONS ? position - 1 : 0;
      const stored = plain.subarray(index * SLOT, index * SLOT + SLOT);
      // An empty slot (beyond the secret's end) is all zeros; a real answer never is.
      const same = timingSafeEqual(stored, given);
      wrong |= (same ? 0 : 1) | (fits ? 0 : 1) | (index === position - 1 ? 0 : 1) | (given[0] === 0 ? 1 : 0);
    });
  } finally {
    plain.fill(0);
    given.fill(0);
  }
  return wrong === 0;
}

/** Slow-hash parameters. Stored with each hash so they can be raised later. */
export interface HashParams {
  /** log2 of scrypt's N. */
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_HASH_PARAMS: HashParams = { logN: 15, r: 8, p: 1 };

export function encodeParams(params: HashParams): string {
  return `scrypt:${params.logN}:${params.r}:${params.p}`;
}

export function decodeParams(text: string): HashParams {
  const [name, logN, r, p] = text.split(':');
  if (name !== 'scrypt') throw new Error(`unknown hash ${name}`);
  return { logN: Number(logN), r: Number(r), p: Number(p) };
}

/** A slow hash of a canonical secret (scrypt by default; a host may run it elsewhere, e.g. a worker pool). */
export type SlowHash = (canonical: string, salt: Uint8Array, params: HashParams) => Promise<Buffer>;

/** scrypt of the canonical secret with a per-entry salt (for the history rule). */
export const slowHash: SlowHash = (canonical, salt, params) => {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scrypt(
      canonical.normalize('NFC'),
      salt,
      32,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (error, hash) => (error ? reject(error) : resolve(hash)),
    );
  });
};

/** Whether `canonical` hashes to `hash` under `salt` and `params`, in constant time. */
export async function sameHash(
  canonical: string,
  salt: Uint8Array,
  params: HashParams,
  hash: Uint8Array,
  hashWith: SlowHash = slowHash,
): Promise<boolean> {
  const candidate = await hashWith(canonical, salt, params);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}

/**
 * At most `slots` calls of `hash` run at once; the others wait their turn
 * (never refused). scrypt runs on libuv's thread pool (4 threads by
 * default), which file access and DNS share: unbounded, a burst of secrets
 * to check (6 hashes each) held every thread and stalled other requests.
 */
export function boundedHash(hash: SlowHash, slots: number): SlowHash {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (canonical, salt, params) => {
    if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await hash(canonical, salt, params);
    } finally {
      // The slot passes straight to the next waiter, if any.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * Whether `sealed` opens under its key (the key is known and the tag is
 * right). The server opens one secret per key id at start, so a wrong or
 * missing key is refused at start rather than at someone's first answer.
 */
export async function opensWith(keys: KeyProvider, userId: string, sealed: SealedSecret): Promise<boolean> {
  try {
    const plain = openSealed(await keys.keyById(sealed.keyId), userId, sealed);
    plain.fill(0);
    return true;
  } catch {
    return false;
  }
}
