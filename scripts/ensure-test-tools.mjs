// Runs before the tests (`pretest:browsers`, `pretest:server`): what they
// need from the system must be installed. On Debian as root this installs
// what is missing with apt-get (a newcomer's first `npm test` just works);
// anywhere else it names the packages and fails. npm tools cannot download
// browsers or databases on these machines: docs/testing.md.
//   node scripts/ensure-test-tools.mjs browsers   the engines in BROWSERS (default all three)
//   node scripts/ensure-test-tools.mjs postgres   PostgreSQL, for the reference server's tests
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { assertInstalled, paths } from '../test/runner/browsers.mjs';

const what = process.argv[2];
const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
const hasPostgres = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

const TOOLS = {
  chromium: { present: () => existsSync(paths.chromium), packages: ['chromium', 'fonts-dejavu-core'] },
  firefox: { present: () => existsSync(paths.firefox), packages: ['firefox-esr', 'fonts-dejavu-core'] },
  webkit: {
    present: () => existsSync(paths.webkitDriver) && existsSync(paths.miniBrowser) && hasCommand('Xvfb'),
    packages: ['webkit2gtk-driver', 'xvfb', 'xauth', 'fonts-dejavu-core'],
  },
  // DATABASE_URL names a PostgreSQL elsewhere: nothing to install then.
  postgres: { present: () => Boolean(process.env.DATABASE_URL) || hasPostgres(), packages: ['postgresql'] },
};

let wanted;
if (what === 'browsers')
  wanted = (process.env.BROWSERS ?? 'chromium,firefox,webkit')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
else if (what === 'postgres') wanted = ['postgres'];
else {
  console.error('usage: node scripts/ensure-test-tools.mjs browsers|postgres');
  process.exit(2);
}

const missing = wanted.filter((name) => TOOLS[name] && !TOOLS[name].present());
if (missing.length) {
  const packages = [...new Set(missing.flatMap((name) => TOOLS[name].packages))];
  if (process.getuid?.() !== 0 || !hasCommand('apt-get')) {
    console.error(`Missing for the tests: ${missing.join(', ')}.`);
    console.error(`Install with: sudo apt-get install ${packages.join(' ')}`);
    if (what === 'browsers') console.error('Or test in fewer engines: BROWSERS=chromium npm test');
    process.exit(1);
  }
  process.stdout.write(`Installing ${packages.join(' ')} with apt-get (missing: ${missing.join(', ')})\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
}
// The test runner prints the browser versions it tests with.
if (what === 'browsers') assertInstalled(wanted);
