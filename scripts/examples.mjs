// `npm run examples [-- name...]`: each app under examples/ installs the
// library from the tarball `npm pack` makes, then type-checks, builds and
// drives itself in Chromium (`npm run check`). See examples/README.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = new URL('../examples/', import.meta.url);
const packDir = new URL('../.pack/', import.meta.url);
const tarball = 'account-secret-elements.tgz';

// docs/frameworks.md shows these files whole: the examples are the proof
// that its snippets run, so a snippet that drifts from its file fails here.
const shownInDocs = [
  'react-vite/src/App.tsx',
  'react-vite/src/main.tsx',
  'vue/src/env.d.ts',
  'vue/vite.config.ts',
  'vue/src/App.vue',
  'vue/src/main.ts',
  'vue/src/template-types.test.vue',
  'angular/src/main.ts',
  'next-app-router/app/load-secret-elements.tsx',
];
const frameworksDoc = readFileSync(new URL('../docs/frameworks.md', import.meta.url), 'utf8');
const drifted = shownInDocs.filter((file) => !frameworksDoc.includes(readFileSync(new URL(file, examples), 'utf8')));
if (drifted.length) {
  console.error(`docs/frameworks.md no longer shows these files as they are: examples/${drifted.join(', examples/')}`);
  process.exit(1);
}

const all = readdirSync(examples, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/package.json`, examples)))
  .map((entry) => entry.name)
  .sort();
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`No example called ${unknown.join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}
const names = asked.length ? asked : all;

// A dist/ left from older sources would pack and test yesterday's library;
// CI has just built it and says so.
if (process.env.EXAMPLES_DIST_IS_FRESH !== '1' || !existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.log('== npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

console.log(`== npm pack into .pack/${tarball}`);
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir);
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', fileURLToPath(packDir)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);
renameSync(new URL(packed[0].filename, packDir), new URL(tarball, packDir));
console.log(`${packed[0].entryCount} files, ${(packed[0].size / 1024).toFixed(0)} KB packed`);

const results = [];
for (const name of names) {
  const dir = fileURLToPath(new URL(`${name}/`, examples));
  const started = Date.now();
  forgetTarballHash(new URL(`${name}/package-lock.json`, examples));
  const step = (label, args) => {
    console.log(`\n== ${name}: npm ${args.join(' ')}`);
    const { status, signal } = spawnSync('npm', args, {
      cwd: dir,
      stdio: 'inherit',
      // Next.js and Angular would otherwise try to report usage to their makers.
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NG_CLI_ANALYTICS: 'false' },
    });
    return status === 0 ? undefined : `${label} failed (${signal ?? `exit ${status}`})`;
  };
  const failure = step('npm ci', ['ci', '--no-audit', '--no-fund']) ?? step('npm run check', ['run', 'check']);
  results.push({ name, failure, seconds: (Date.now() - started) / 1000 });
}

console.log('\n== examples');
for (const { name, failure, seconds } of results) {
  console.log(
    `${failure ? 'FAIL' : 'ok  '} ${name.padEnd(18)} ${seconds.toFixed(0).padStart(4)} s${failure ? `  ${failure}` : ''}`,
  );
}
const failed = results.filter((result) => result.failure).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/**
 * The tarball changes with every change of the library, so its hash must not
 * be pinned: with a stale `integrity` npm ci fails (EINTEGRITY) on a clean
 * cache, or silently installs the old tarball from a warm one. `npm install`
 * in an app writes the field back; it goes again here.
 */
function forgetTarballHash(lockUrl) {
  if (!existsSync(lockUrl)) return;
  const text = readFileSync(lockUrl, 'utf8');
  const lock = JSON.parse(text);
  const entry = lock.packages?.['node_modules/account-secret-elements'];
  if (!entry?.integrity) return;
  delete entry.integrity;
  writeFileSync(lockUrl, `${JSON.stringify(lock, null, 2)}\n`);
}
