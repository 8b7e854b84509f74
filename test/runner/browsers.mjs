// The three engines the suite runs in, and what each needs to start on a
// Debian machine with no display and no network. docs/testing.md says why.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromeLauncher } from '@web/test-runner-chrome';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteer from 'puppeteer-core';

export const paths = {
  chromium: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
  webkitDriver: process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver',
  miniBrowser: process.env.WEBKIT_BROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
};

/** How to install each engine on Debian, for the error that names a missing one. */
const install = {
  chromium: 'apt-get install chromium',
  firefox: 'apt-get install firefox-esr',
  webkit: 'apt-get install webkit2gtk-driver xvfb',
};

/** Version strings, printed at the start of every run so a log says what was tested. */
export function browserVersion(name) {
  try {
    if (name === 'webkit') {
      const version = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'webkit2gtk-driver'], { encoding: 'utf8' });
      return `WebKitGTK ${version.trim()} (WebKitWebDriver + MiniBrowser)`;
    }
    return execFileSync(paths[name], ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'version unknown';
  }
}

/**
 * Every requested engine must be there: a missing one is an error that says
 * how to install it, never a silent skip (a green run in one browser would
 * pass for a green run in three).
 */
export function assertInstalled(names) {
  const missing = names.filter((name) =>
    name === 'webkit' ? !existsSync(paths.webkitDriver) || !existsSync(paths.miniBrowser) : !existsSync(paths[name]),
  );
  if (missing.length) {
    const how = missing.map((name) => `${name}: ${install[name]}`).join('; ');
    throw new Error(`Browser not found: ${how}. Or run fewer with BROWSERS=chromium,firefox,webkit.`);
  }
}

/** Chromium as root on a machine without outside network (the element suites, and test:pages through server/test/browser/puppeteer.ts). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromium() {
  return chromeLauncher({ launchOptions: { executablePath: paths.chromium, headless: true, args: chromiumArgs } });
}

/**
 * Firefox ESR over WebDriver BiDi with puppeteer-core.
 *
 * puppeteer-core (24.x and 25.x alike) implements `page.setViewport` as two
 * BiDi commands at once: `browsingContext.setViewport` and
 * `emulation.setScreenOrientationOverride`. Firefox gained the second only
 * after ESR 140, which answers "unknown command", so every setViewport (the
 * test runner calls it before each test file) rejected and no test ran.
 * The viewport itself is the standard command every ESR has: when, and only
 * when, the orientation command is unknown, set the viewport with that alone.
 */
export function firefox() {
  return chromeLauncher({
    puppeteer,
    launchOptions: { browser: 'firefox', executablePath: paths.firefox, headless: true },
    async createPage({ context }) {
      const page = await context.newPage();
      const setViewport = page.setViewport.bind(page);
      page.setViewport = async (viewport) => {
        try {
          await setViewport(viewport);
        } catch (error) {
          if (!isUnknownCommand(error, 'emulation.setScreenOrientationOverride')) throw error;
          await page.mainFrame().browsingContext.setViewport({
            viewport: viewport ? { width: viewport.width, height: viewport.height } : null,
            devicePixelRatio: viewport?.deviceScaleFactor ?? null,
          });
        }
      };
      return page;
    },
  });
}

function isUnknownCommand(error, command) {
  const message = String(error?.message ?? error);
  return message.includes(command) && message.includes('unknown command');
}

/**
 * WebKit (Safari's engine) as WebKitGTK's MiniBrowser, driven by
 * WebKitWebDriver (W3C WebDriver classic). MiniBrowser has no headless mode,
 * so without a DISPLAY this starts a private Xvfb; the driver and the display
 * live as long as the launcher and are stopped with it. One session at a
 * time: the config runs one test file at a time.
 */
export function webkit() {
  return new WebKitLauncher();
}

class WebKitLauncher extends WebdriverLauncher {
  #driver;

  constructor() {
    super({
      hostname: '127.0.0.1',
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebdriverIO 9 would otherwise ask for WebDriver BiDi, which
        // WebKitWebDriver does not speak.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: paths.miniBrowser, args: ['--automation'] },
      },
    });
  }

  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
    this.#driver = await startWebKitDriver();
    this.options.port = this.#driver.port;
  }

  /**
   * WebKitWebDriver drops a key pressed again before the engine has seen it
   * released ("kk" types "k"), so each key is its own action sequence.
   */
  async sendKeys(sessionId, keys) {
    // The test runner splits typed text into UTF-16 units: put each
    // surrogate pair (an emoji) back together as the one key it is.
    for (const key of [...keys.join('')].length === keys.length ? keys : joinSurrogates(keys)) {
      if (key.length === 1 || !/[\uD800-\uDBFF]/.test(key)) await super.sendKeys(sessionId, [key]);
      // WebdriverIO refuses a key of two UTF-16 units; the protocol takes one code point.
      else
        await this.driver.performActions([
          {
            type: 'key',
            id: 'keyboard',
            actions: [
              { type: 'keyDown', value: key },
              { type: 'keyUp', value: key },
            ],
          },
        ]);
    }
  }

  async stop() {
    await super.stop();
    this.#driver?.stop();
    this.#driver = undefined;
  }
}

/**
 * WebKitWebDriver on a free port, with MiniBrowser's home in a fresh folder
 * and, without a DISPLAY, a private Xvfb (MiniBrowser has no headless mode).
 * `stop()` ends the driver and the display and removes the folder. Shared by
 * the element suites' launcher and the journey pages' test
 * (server/test/browser/webdriver.ts).
 */
export async function startWebKitDriver() {
  const children = [];
  const spawnChild = (command, args, env, stdout = 'ignore') => {
    // A process group of its own: a signal that the driver, MiniBrowser or
    // the display sends to its whole group cannot reach the test runner.
    const child = spawn(command, args, { env, stdio: ['ignore', stdout, 'ignore'], detached: true });
    child.on('error', (error) => console.error(`Could not start ${command}: ${error.message}`));
    children.push(child);
    // The test runner may exit without stopping its launchers (e.g. on a
    // failed start): never leave a driver or a display behind.
    process.once('exit', () => child.kill('SIGTERM'));
    return child;
  };
  // MiniBrowser keeps caches and local storage per user: give it a fresh home.
  const profile = mkdtempSync(join(tmpdir(), 'wtr-webkit-'));
  const stop = () => {
    for (const child of children.reverse()) child.kill('SIGTERM');
    children.length = 0;
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const env = { ...process.env };
    if (!env.DISPLAY) env.DISPLAY = await startDisplay(spawnChild);
    env.XDG_CACHE_HOME = join(profile, 'cache');
    env.XDG_DATA_HOME = join(profile, 'data');
    env.XDG_CONFIG_HOME = join(profile, 'config');
    const port = await freePort();
    spawnChild(paths.webkitDriver, [`--port=${port}`, '--host=127.0.0.1'], env);
    await waitForPort(port, 30_000, 'WebKitWebDriver');
    return { port, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

async function startDisplay(spawnChild) {
  // -displayfd: Xvfb picks a free display number and writes it to us.
  const xvfb = spawnChild(
    'Xvfb',
    ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    process.env,
    'pipe',
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start within 15 s')), 15_000);
    xvfb.stdout.once('data', (data) => {
      clearTimeout(timer);
      resolve(`:${String(data).trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}); apt-get install xvfb`)));
  });
}

function joinSurrogates(keys) {
  const joined = [];
  for (const key of keys) {
    const last = joined.at(-1);
    if (last?.length === 1 && /[\uD800-\uDBFF]/.test(last) && /^[\uDC00-\uDFFF]$/.test(key))
      joined[joined.length - 1] = last + key;
    else joined.push(key);
  }
  return joined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeout, what) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not answer on port ${port} within ${timeout / 1000} s`);
}
