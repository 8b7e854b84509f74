/**
 * Where the key that seals secrets comes from. The database never holds it.
 *
 * A host backs this interface with its KMS or HSM (for example by keeping
 * the data key wrapped and unwrapping it at start, or by fetching it from a
 * secrets manager); the rest of the server never sees where a key lives.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface KeyProvider {
  /** The key new secrets are sealed with, and its id (stored beside each sealed secret). */
  currentKey(): Promise<{ keyId: string; key: Uint8Array }>;
  /** A key by id, for secrets sealed before a rotation. Throws if unknown. */
  keyById(keyId: string): Promise<Uint8Array>;
}

/** A key's id: a short fingerprint, useless to an attacker (the key has 256 random bits). */
export function keyIdOf(key: Uint8Array): string {
  return `k-${createHash('sha256').update('account-secret key id').update(key).digest('hex').slice(0, 16)}`;
}

/** Parses one base64 key (32 bytes). */
function parseKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error('a key must be 32 random bytes in base64');
  return key;
}

/**
 * Keys from a file: one base64 key (32 random bytes) per line. The first
 * line is the current key; later lines are earlier keys, kept so secrets
 * sealed under them can still be checked until they are re-sealed (see
 * docs/backend.md, key rotation). Lines starting with `#` are comments.
 */
export class FileKeyProvider implements KeyProvider {
  readonly #keys: Map<string, Buffer>;
  readonly #current: string;

  constructor(path: string) {
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    if (lines.length === 0) throw new Error(`no key in ${path}`);
    this.#keys = new Map(
      lines.map((line) => {
        const key = parseKey(line);
        return [keyIdOf(key), key] as const;
      }),
    );
    this.#current = keyIdOf(parseKey(lines[0]));
  }

  currentKey(): Promise<{ keyId: string; key: Uint8Array }> {
    return Promise.resolve({ keyId: this.#current, key: this.#keys.get(this.#current)! });
  }

  keyById(keyId: string): Promise<Uint8Array> {
    const key = this.#keys.get(keyId);
    return key ? Promise.resolve(key) : Promise.reject(new Error(`unknown key id ${keyId}`));
  }
}

/**
 * Creates a development key file at `path` if there is none (mode 0600).
 * Returns true when it created one.
 */
export function ensureDevelopmentKey(path: string): boolean {
  if (existsSync(path)) return false;
  writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return true;
}
