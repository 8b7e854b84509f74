// `npm run size`: gzip sizes of what `npm run build` wrote, and a budget
// check for the self-contained bundle that fails CI when it is exceeded.
// Chunks loaded on demand (the HTML sanitiser, locale packs) are reported
// apart: a page that does not use them never downloads them.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Budget for dist/account-secret-elements.min.js, gzip bytes: just above
 * what it measures, so that any growth fails CI and has to be argued for
 * in the commit that raises it. docs/performance.md says where the bytes go.
 */
const BUNDLE_BUDGET = 30.58 * 1024;

const dist = new URL('../dist/', import.meta.url);
const gz = (file) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

const ELEMENTS = ['secret-setup', 'aup-consent', 'secret-challenge'];
const missing = ['account-secret-elements', ...ELEMENTS]
  .map((name) => `${name}.min.js`)
  .filter((file) => !existsSync(new URL(file, dist)));
if (missing.length) {
  console.error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` first.`);
  process.exit(1);
}

// Each bundle is self-contained (SPEC: no other file for English): it may
// import only its own on-demand chunks, by relative URL.
for (const name of ['account-secret-elements', ...ELEMENTS]) {
  const code = readFileSync(new URL(`${name}.min.js`, dist), 'utf8');
  const imports = [
    ...code.matchAll(
      /\bimport\s*\(\s*["'`]([^"'`]+)["'`]|\bfrom\s*["'`]([^"'`]+)["'`]|\bimport\s*["'`]([^"'`]+)["'`]/g,
    ),
  ]
    .map((match) => match[1] ?? match[2] ?? match[3])
    .filter((specifier) => !/^\.\/chunks\/[\w.-]+\.js$/.test(specifier));
  if (imports.length) {
    console.error(`dist/${name}.min.js is not self-contained: it imports ${imports.join(', ')}`);
    process.exit(1);
  }
}

// What a page that loads one script downloads for English: the bundle of
// all three, or one element's own bundle (each with Lit inside).
const bundle = gz('account-secret-elements.min.js');
console.log(`all three  account-secret-elements.min.js  ${kb(bundle)} gzip (budget ${kb(BUNDLE_BUDGET)})`);
let separately = 0;
for (const element of ELEMENTS) {
  const size = gz(`${element}.min.js`);
  separately += size;
  console.log(`one alone  ${element}.min.js  ${kb(size)} gzip`);
}
console.log(`(the three single-element bundles together: ${kb(separately)} gzip, each with its own Lit)`);

const chunks = existsSync(new URL('chunks/', dist))
  ? readdirSync(new URL('chunks/', dist)).filter((f) => f.endsWith('.js'))
  : [];
for (const chunk of chunks) console.log(`on demand chunks/${chunk}  ${kb(gz(`chunks/${chunk}`))} gzip`);

// What an npm user's bundler adds for one element: its module and our shared
// internals, minified; Lit counted apart since an app shares it.
for (const entry of [...ELEMENTS.map((element) => `${element}.js`), 'rules.js']) {
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

await whereTheBytesGo();

if (bundle > BUNDLE_BUDGET) {
  console.error(`Over budget by ${bundle - BUNDLE_BUDGET} bytes.`);
  process.exit(1);
}

/**
 * Where the bundle of all three spends its bytes: esbuild's metafile for the
 * same entry (minified, before gzip; the on-demand chunks apart), by source
 * file, Lit as one line. Vite's own output differs by a few per cent (it
 * also minifies the templates' markup), so read the shares, not the bytes.
 */
async function whereTheBytesGo() {
  const result = await build({
    entryPoints: [new URL('../src/bundle.ts', import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    outdir: '/tmp/ase-size',
    write: false,
    metafile: true,
    conditions: ['browser', 'production'],
    logLevel: 'silent',
  });
  const main = Object.values(result.metafile.outputs).find((output) => output.entryPoint);
  const bytes = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(main.inputs)) {
    const name = /node_modules\/(@lit\/reactive-element|lit-html|lit-element|lit)\//.test(input)
      ? 'Lit (lit-html, reactive-element, lit-element)'
      : input.replace(/^src\//, '');
    bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
  }
  const total = [...bytes.values()].reduce((sum, n) => sum + n, 0);
  console.log(`\nwhere account-secret-elements.min.js's bytes go (esbuild, minified, before gzip; ${total} bytes):`);
  for (const [name, n] of [...bytes].sort((a, b) => b[1] - a[1]))
    if (n >= 400) console.log(`${String(n).padStart(7)}  ${((100 * n) / total).toFixed(1).padStart(4)} %  ${name}`);
}
