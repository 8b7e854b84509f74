/**
 * At rest: after a secret is set and checked, no file of DATA_DIR (PGlite)
 * and no column of any table (PostgreSQL) holds it, or any run of its
 * characters, in a form readable without the key.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { Client, charactersAt, engines, startFixture, uniqueUser } from './helpers.js';
import type { Fixture } from './helpers.js';

// Letters chosen so that no run of them is likely in PostgreSQL's own files.
const SECRET = 'Quixoticzephyrwaltz';

function encodings(text: string): Buffer[] {
  const forms = [text, text.toLowerCase(), text.toUpperCase()];
  const out: Buffer[] = [];
  for (const form of forms) {
    const utf8 = Buffer.from(form, 'utf8');
    const utf16le = Buffer.from(form, 'utf16le');
    const utf16be = Buffer.from(utf16le).swap16();
    out.push(utf8, utf16le, utf16be);
    for (const bytes of [utf8, utf16le]) {
      out.push(Buffer.from(bytes.toString('base64').replace(/=+$/, '').slice(0, -2)));
      out.push(Buffer.from(bytes.toString('base64url').replace(/=+$/, '').slice(0, -2)));
      out.push(Buffer.from(bytes.toString('hex')));
      out.push(Buffer.from(bytes.toString('hex').toUpperCase()));
    }
  }
  return out;
}

/** Patterns of the secret: whole, and one character per slot in common layouts. */
function patterns(secret: string): Buffer[] {
  const chars = [...secret.toLowerCase()];
  const found = encodings(secret);
  for (const sep of [',', ', ', '","', '\u0000', '\n', ' ', '|', ';']) {
    const joined = chars.join(sep);
    found.push(...encodings(joined));
  }
  // Fixed-width slots (e.g. padded to 2, 4, 8 or 16 bytes per character).
  for (const width of [2, 4, 8, 16]) {
    const slots = Buffer.alloc(chars.length * width);
    chars.forEach((c, i) => slots.write(c, i * width, 'utf8'));
    found.push(slots, Buffer.from(slots.toString('hex')), Buffer.from(slots.toString('base64').slice(0, -4)));
  }
  return found;
}

function caseFolded(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer);
  for (let i = 0; i < copy.length; i++) if (copy[i] >= 0x41 && copy[i] <= 0x5a) copy[i] += 0x20;
  return copy;
}

function findIn(haystack: Buffer, needles: Buffer[]): string | undefined {
  const folded = caseFolded(haystack);
  for (const needle of needles) {
    if (haystack.includes(needle) || folded.includes(caseFolded(needle))) return needle.toString('latin1').slice(0, 40);
  }
  return undefined;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

for (const engine of engines()) {
  describe(`at rest (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    before(async () => {
      fx = await startFixture(engine);
      const client = await Client.signIn(fx.server.url, uniqueUser(), { givenName: 'Ada', familyName: 'Lovelace' });
      assert.equal((await client.post('/api/account-secret', { secret: SECRET })).status, 200);
      for (let i = 0; i < 2; i++) {
        const { body } = await client.get('/api/account-secret/challenge');
        const right = await client.post('/api/account-secret/challenge', {
          challengeId: body.challengeId,
          answers: charactersAt(SECRET, body.positions as number[]),
        });
        assert.equal(right.status, 200);
      }
      // A second user with the same secret: equal secrets must not look equal at rest.
      const twin = await Client.signIn(fx.server.url, uniqueUser());
      assert.equal((await twin.post('/api/account-secret', { secret: SECRET })).status, 200);
      await fx.server.close();
    });
    after(async () => {
      await fx?.cleanup();
    });

    it('finds the pattern finder working (control)', () => {
      const sample = Buffer.from(`xx${SECRET.toUpperCase()}yy["q","u","i","x","o","t","i","c"]`);
      assert.ok(findIn(sample, patterns(SECRET)));
      assert.ok(findIn(Buffer.from(Buffer.from(SECRET).toString('base64')), patterns(SECRET)));
    });

    if (engine.name === 'pglite') {
      it('no file of DATA_DIR holds the secret in any readable form', () => {
        const needles = patterns(SECRET);
        const all = files(fx.dataDir);
        assert.ok(all.length > 10, 'PGlite wrote its files');
        for (const file of all) {
          const hit = findIn(readFileSync(file), needles);
          assert.equal(hit, undefined, `${file} holds ${hit}`);
        }
      });
    } else {
      it('no column of any table holds the secret in any readable form', async () => {
        const needles = patterns(SECRET);
        const client = new pg.Client({ connectionString: fx.databaseUrl });
        await client.connect();
        try {
          const tables = await client.query<{ table_name: string }>(
            "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
          );
          assert.ok(tables.rows.length >= 8);
          let cells = 0;
          for (const { table_name: table } of tables.rows) {
            const rows = await client.query<Record<string, unknown>>(`select * from "${table}"`);
            for (const row of rows.rows) {
              for (const [column, value] of Object.entries(row)) {
                if (value === null) continue;
                const bytes = Buffer.isBuffer(value)
                  ? value
                  : Buffer.from(
                      value instanceof Date
                        ? value.toISOString()
                        : typeof value === 'object'
                          ? JSON.stringify(value)
                          : String(value as string | number | boolean),
                    );
                cells++;
                const hit = findIn(bytes, needles);
                assert.equal(hit, undefined, `${table}.${column} holds ${hit}`);
              }
            }
          }
          assert.ok(cells > 20);
          const sealed = await client.query<{ secret_sealed: Buffer }>('select secret_sealed from accounts');
          assert.equal(sealed.rows.length, 2);
          assert.notDeepEqual(
            sealed.rows[0].secret_sealed,
            sealed.rows[1].secret_sealed,
            'equal secrets seal differently',
          );
        } finally {
          await client.end();
        }
      });
    }
  });
}
