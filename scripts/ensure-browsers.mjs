// `npm test` runs this first (pretest): every engine the suite needs must be
// installed. On Debian as root it installs what is missing with apt-get (a
// newcomer's first `npm test` just works); anywhere else it says what to
// install and fails. npm tools cannot download browsers on these machines,
// so the suite uses the distribution's: docs/testing.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { assertInstalled, paths } from '../test/runner/browsers.mjs';

const wanted = (process.env.BROWSERS ?? 'chromium,firefox,webkit').split(',').map((name) => name.trim()).filter(Boolean);
const PACKAGES = {
  chromium: { present: () => existsSync(paths.chromium), packages: ['chromium'] },
  firefox: { present: () => existsSync(paths.firefox), packages: ['firefox-esr'] },
  webkit: {
    present: () => existsSync(paths.webkitDriver) && existsSync(paths.miniBrowser) && hasCommand('Xvfb'),
    packages: ['webkit2gtk-driver', 'xvfb', 'xauth'],
  },
};

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const missing = wanted.filter((name) => PACKAGES[name] && !PACKAGES[name].present());
if (missing.length) {
  const packages = [...missing.flatMap((name) => PACKAGES[name].packages), 'fonts-dejavu-core'];
  const canInstall = process.getuid?.() === 0 && hasCommand('apt-get');
  if (!canInstall) {
    console.error(`Missing browsers for the tests: ${missing.join(', ')}.`);
    console.error(`Install them with: sudo apt-get install ${packages.join(' ')}`);
    console.error('Or test in fewer engines: BROWSERS=chromium npm test');
    process.exit(1);
  }
  process.stdout.write(`Installing ${packages.join(' ')} with apt-get (missing: ${missing.join(', ')})\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
}
// The test runner prints the versions it tests with.
assertInstalled(wanted);
