// Keystroke cost by time since the page was ready, on the peer bench's own pages (docs/performance.md,
// "The peer bench's keystroke is its first second"). The bench times its keystrokes in the first
// ~0.7 s after a page is ready; this shows how each candidate's cost falls over the seconds after.
// Run from the bench's copy, beside run.mjs:
//   node after-ready.mjs --only a,p --candidate product [--rounds 4] [--delay 1000] [--bare]
// --delay: wait that many ms (idle) after ready before typing. --bare: type into a bare
// <input type=password> added to the page instead of the candidate's own input.
// Each timed unit is the bench's `typeSynthetic` of one 20-character string (clear + 20 keystrokes,
// each awaited to feedback), divided by 21; no layout flush. Loopback only; it stops by itself.
import path from 'node:path';
import { chromium } from 'playwright-core';
import { discover, select } from './lib/candidates.mjs';
import { buildAll } from './lib/build.mjs';
import { startServer } from './lib/server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const extra = args.flatMap((arg, i) => (arg === '--candidate' ? [args[i + 1]] : []));
const rounds = Number(option('rounds', 4));
const delay = Number(option('delay', 0));
const bare = args.includes('--bare');
const BUCKET_MS = 200;
const SPAN_MS = 2400;
const STRING = 'Xq9#pLmNoPqRsTuVwXyZ';

const ROOT = path.resolve('.');
const cands = select(discover(ROOT, extra), option('only', null));
await buildAll(cands, { root: ROOT, outDir: path.join(ROOT, 'build') });
const { server, origin } = await startServer({ root: ROOT, cands });
// The flags run.mjs launches Chromium with, copied: run.mjs does not export them, and this file runs
// from the bench's copy, where nothing of this repository can be imported.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--js-flags=--expose-gc',
    '--enable-precise-memory-info',
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
  ],
});
const buckets = {};
try {
  for (let round = 0; round < rounds; round++) {
    for (const c of cands) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      try {
        const page = await ctx.newPage();
        await page.goto(`${origin}/page/${c.id}?n=1`, { waitUntil: 'load', timeout: 30000 });
        await page.waitForFunction(() => window.__bench && window.__bench.done, null, { timeout: 30000 });
        if (delay) await page.waitForTimeout(delay);
        const samples = await page.evaluate(
          async ({ span, string, bare }) => {
            let type = () => window.__bench.typeSynthetic(string);
            if (bare) {
              const input = document.createElement('input');
              input.type = 'password';
              document.body.append(input);
              type = async () => {
                input.value = '';
                for (const ch of string) {
                  input.value += ch;
                  input.dispatchEvent(
                    new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: ch }),
                  );
                  await null;
                }
              };
            }
            const out = [];
            const start = performance.now();
            while (performance.now() - start < span) {
              const a = performance.now();
              await type();
              out.push([a - start, (performance.now() - a) / (string.length + 1)]);
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
            return out;
          },
          { span: SPAN_MS, string: STRING, bare },
        );
        const row = (buckets[c.id] ??= Array.from({ length: SPAN_MS / BUCKET_MS }, () => []));
        for (const [at, perKey] of samples) row[Math.min(row.length - 1, Math.floor(at / BUCKET_MS))].push(perKey);
      } finally {
        await ctx.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
const median = (values) => (values.length ? [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] : NaN);
console.log(
  `ms per keystroke (median), by ms after ready${delay ? ` + ${delay} ms idle` : ''}${bare ? ', bare input' : ''}, ${rounds} pages each`,
);
console.log(
  'ms after ready'.padEnd(16) +
    Array.from({ length: SPAN_MS / BUCKET_MS }, (_, i) => String(i * BUCKET_MS).padStart(7)).join(''),
);
for (const [id, row] of Object.entries(buckets))
  console.log(id.padEnd(16) + row.map((b) => median(b).toFixed(3).padStart(7)).join(''));
