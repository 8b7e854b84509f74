// `npm run size`: gzip sizes of what `npm run build` wrote, and a budget
// check for the self-contained bundle that fails CI when it is exceeded.
// Chunks loaded on demand (the HTML sanitiser, locale packs) are reported
// apart: a page that does not use them never downloads them.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Budget for dist/account-secret-elements.min.js, gzip bytes. The goal is
 * 15 KB; docs/performance.md says where the bytes go and why the budget is
 * set just above the measured size instead. History: 22.5 KB; raised to
 * 23.1 KB by issue #10's hardening (+0.96 KB) and to 23.3 KB by issue #12
 * (+0.2 KB); main then measured 23.48 KB (24,041 bytes, over that budget)
 * after <secret-setup>'s formdata guard and <secret-challenge account>.
 * Lowered to 22.75 KB after the size work measured 22.71 KB (23,257 bytes)
 * on top of that: style sheets side by side in the bundle, our own css
 * tag, the fetched-policy code in the `src` chunk, tighter template
 * whitespace, no annotation comments (what each won: docs/performance.md).
 * Lowered to 22.6 KB after the <secret-challenge> size work measured
 * 22.57 KB (23,110 bytes): the visually hidden declarations written once,
 * the failed-request box beside the error summary, sheet and attribute
 * order that gzip matches, small message and model dedupes.
 * Raised to 22.65 KB for <secret-setup>'s one form sync per keystroke
 * (+30 bytes measured, 22.60 KB; the keystroke goal, docs/performance.md).
 * Raised to 25.5 KB for "HTML first" (issue 18): the light-DOM mode that
 * enhances a page's own fields (the shared LightControls layer, the page
 * fields of <secret-setup> and the ase- sheet for what it adds beside
 * them, the GET guard over the page's inputs), measured 25.48 KB.
 * Just above the measurement, so any growth fails CI and has to be argued
 * for.
 */
const BUNDLE_BUDGET = 25.5 * 1024;

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
  for (const external of [['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element/*', 'dompurify'], ['dompurify']]) {
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
