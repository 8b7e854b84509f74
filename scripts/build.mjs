// `npm run build`: everything `dist/` ships, from a clean folder.
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const run = (name, args) => execFileSync(bin(name), args, { stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run('vite', ['build', '--mode', 'lib', '--logLevel', 'warn']);
markClientModules(['react.js', 'react/secret-setup.js', 'react/aup-consent.js', 'react/secret-challenge.js']);
writeTypesOnlyModules(['jsx.js', 'vue.js']);
// The self-contained bundles: all three elements, then each element alone (vite.config.ts).
for (const mode of ['bundle', 'bundle-secret-setup', 'bundle-aup-consent', 'bundle-secret-challenge'])
  run('vite', ['build', '--mode', mode, '--logLevel', 'warn']);
run('tsc', ['-p', 'tsconfig.build.json']);
// One definition of the manifest's inputs: the `analyze` script in package.json.
execFileSync('npm', ['run', '--silent', 'analyze'], { stdio: 'inherit' });
pointManifestAtDist();
writeNotices();
console.log('Built dist/ and custom-elements.json');

/**
 * React server components may import the wrappers only from a client module:
 * `"use client"` must open each file as published. Rollup and Rolldown drop
 * module-level directives when they bundle (with a warning), so the
 * directive is put back here, on the built files.
 */
function markClientModules(files) {
  for (const file of files) {
    const url = new URL(`../dist/${file}`, import.meta.url);
    const code = readFileSync(url, 'utf8');
    if (!code.startsWith('"use client"')) writeFileSync(url, `"use client";\n${code}`);
  }
}

/**
 * `account-secret-elements/jsx` and `/vue` are typings; an empty module
 * beside each lets `import 'account-secret-elements/vue'` (without `type`)
 * resolve too, in bundlers and in Node.
 */
function writeTypesOnlyModules(files) {
  for (const file of files) {
    writeFileSync(
      new URL(`../dist/${file}`, import.meta.url),
      "// Types only: see the .d.ts beside the package's exports.\nexport {};\n",
    );
  }
}

/**
 * `cem analyze` names the TypeScript sources, which the package does not
 * ship (its exports reach only `dist/`; shipping 250 KB of sources nothing
 * can import would invite deep imports). The published manifest names the
 * shipped files instead: a public entry's JavaScript where there is one,
 * otherwise the module's declarations (`dist/types/...d.ts`), which export
 * the same names.
 */
function pointManifestAtDist() {
  const entries = {
    'src/index.ts': 'dist/index.js',
    'src/bundle.ts': 'dist/account-secret-elements.min.js',
    'src/secret-setup/secret-setup.ts': 'dist/secret-setup.js',
    'src/aup-consent/aup-consent.ts': 'dist/aup-consent.js',
    'src/secret-challenge/secret-challenge.ts': 'dist/secret-challenge.js',
    'src/rules/index.ts': 'dist/rules.js',
    'src/react/index.ts': 'dist/react.js',
    'src/react/secret-setup.ts': 'dist/react/secret-setup.js',
    'src/react/aup-consent.ts': 'dist/react/aup-consent.js',
    'src/react/secret-challenge.ts': 'dist/react/secret-challenge.js',
  };
  const shipped = (source) => entries[source] ?? source.replace(/^src\/(.*)\.ts$/, 'dist/types/src/$1.d.ts');
  // The analyzer writes a reference as the import was written: `src/x.ts`,
  // `src/x.js`, `/src/x.js` or relative to the module (`./x.js`).
  const source = (reference, from) => {
    const path = reference.startsWith('.') ? posix.join(posix.dirname(from), reference) : reference.replace(/^\//, '');
    return path.startsWith('src/') ? path.replace(/\.js$/, '.ts') : undefined;
  };
  const rewrite = (node, from) => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, from));
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => {
        const named =
          (key === 'path' || key === 'module') && typeof value === 'string' ? source(value, from) : undefined;
        return [key, named ? shipped(named) : rewrite(value, from)];
      }),
    );
  };
  const url = new URL('../custom-elements.json', import.meta.url);
  const analyzed = JSON.parse(readFileSync(url, 'utf8'));
  const manifest = { ...analyzed, modules: analyzed.modules.map((module) => rewrite(module, module.path)) };
  const missing = [...JSON.stringify(manifest).matchAll(/"(?:path|module)":"([^"]+)"/g)]
    .map((match) => match[1])
    .filter((path) => !existsSync(new URL(`../${path}`, import.meta.url)));
  if (missing.length)
    throw new Error(`custom-elements.json names files the build did not write: ${[...new Set(missing)].join(', ')}`);
  writeFileSync(url, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The self-contained bundles and their chunks carry Lit and DOMPurify inside
 * them, and the minifier drops their licence comments (keeping them costs
 * about 0.1 KB gzip on every page). Their licences ask that the notices
 * travel with the distribution, so they do, beside the files, in full.
 * The npm modules import both as dependencies, which bring their own.
 */
function writeNotices() {
  const bundles =
    'dist/account-secret-elements.min.js, dist/secret-setup.min.js, dist/aup-consent.min.js, dist/secret-challenge.min.js';
  const embedded = [
    ['lit', bundles],
    ['lit-html', bundles],
    ['lit-element', bundles],
    ['@lit/reactive-element', bundles],
    ['dompurify', 'dist/chunks/sanitize-*.js (loaded only for <aup-consent src>)'],
  ];
  const read = (name, file) => readFileSync(new URL(`../node_modules/${name}/${file}`, import.meta.url), 'utf8');
  const sections = embedded.map(([name, where]) => {
    const { version, license } = JSON.parse(read(name, 'package.json'));
    return `${name} ${version}, licence ${license}, in ${where}\n\n${read(name, 'LICENSE').trim()}\n`;
  });
  const intro =
    'account-secret-elements: third-party code inside the self-contained bundle and its chunks.\n' +
    'Written by `npm run build` from the packages that were bundled.\n';
  writeFileSync(
    new URL('../dist/THIRD-PARTY-NOTICES.txt', import.meta.url),
    [intro, ...sections].join(`\n${'-'.repeat(72)}\n\n`),
  );
}
