// `npm run size`: gzip sizes of what `npm run build` wrote, and a budget
// check for the self-contained bundle that fails CI when it is exceeded.
// Chunks loaded on demand (the HTML sanitiser, locale packs) are reported
// apart: a page that does not use them never downloads them.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Budget for dist/account-secret-elements.min.js, gzip bytes: just above
 * what it measures, so any growth fails CI and has to be argued for in the
 * commit that raises it (git log says what each change cost).
 * docs/performance.md says where the bytes go.
 */
const BUNDLE_BUDGET = 28.6 * 1024;

const dist = new URL('../dist/', import.meta.url);
const gz = (file) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

if (!existsSync(new URL('account-secret-elements.min.js', dist))) {
  console.error('dist/account-secret-elements.min.js is missing: run `npm run build` first.');
  process.exit(1);
}

const bundle = gz('account-secret-elements.min.js');
console.log(`bundle   account-secret-elements.min.js  ${kb(bundle)} gzip (budget ${kb(BUNDLE_BUDGET)})`);

const chunks = existsSync(new URL('chunks/', dist))
  ? readdirSync(new URL('chunks/', dist)).filter((f) => f.endsWith('.js'))
  : [];
for (const chunk of chunks) console.log(`on demand chunks/${chunk}  ${kb(gz(`chunks/${chunk}`))} gzip`);

// What an npm user's bundler adds for one element: its module and our shared
// internals, minified; Lit counted apart since an app shares it.
for (const entry of ['secret-setup.js', 'aup-consent.js', 'secret-challenge.js', 'rules.js']) {
  const sizes = [];
  for (const external of [
    ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element/*', 'dompurify'],
    ['dompurify'],
  ]) {
    const result = await build({
      entryPoints: [new URL(entry, dist).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      external,
      conditions: ['browser', 'production'],
      logLevel: 'silent',
      splitting: false,
    });
    sizes.push(gzipSync(result.outputFiles[0].contents, { level: 9 }).length);
  }
  console.log(`npm entry ${entry}  ${kb(sizes[0])} gzip without Lit, ${kb(sizes[1])} with Lit`);
}

if (bundle > BUNDLE_BUDGET) {
  console.error(`Over budget by ${bundle - BUNDLE_BUDGET} bytes.`);
  process.exit(1);
}
