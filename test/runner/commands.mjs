// Server commands the tests call with `executeServerCommand(name, payload)`,
// for what @web/test-runner-commands cannot do in every engine. Each works
// in all three: puppeteer (Chromium, Firefox) and WebDriver classic (WebKit).
// A command an engine cannot honour resolves false, so the test can skip
// with a reason instead of failing on the harness.

const isWebDriver = (session) => session.browser.type === 'webdriver';
const page = (session) => session.browser.getPage(session.id);
const driver = (session) => session.browser.driver;

/**
 * `key-chord` `{ modifier: 'Control' | 'Meta' | 'Shift' | 'Alt', key: 'v' }`:
 * presses `key` while holding `modifier` (copy, paste, select all), as a
 * user does. sendKeys' `down`/`up` are puppeteer-only.
 */
async function keyChord(session, { modifier, key }) {
  if (isWebDriver(session)) {
    const codes = { Control: '\uE009', Shift: '\uE008', Alt: '\uE00A', Meta: '\uE03D' };
    const mod = codes[modifier];
    if (!mod) throw new Error(`key-chord: unknown modifier ${modifier}`);
    await driver(session).performActions([
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value: mod },
          { type: 'keyDown', value: key },
          { type: 'keyUp', value: key },
          { type: 'keyUp', value: mod },
        ],
      },
    ]);
    await driver(session).releaseActions();
    return true;
  }
  const keyboard = page(session).keyboard;
  await keyboard.down(modifier);
  await keyboard.press(key);
  await keyboard.up(modifier);
  return true;
}

/** `wheel` `{ x, y, deltaY }`: turns the real mouse wheel over a point (sendMouse has no wheel). */
async function wheel(session, { x, y, deltaY }) {
  if (isWebDriver(session)) {
    await driver(session).performActions([
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [{ type: 'pointerMove', x: Math.round(x), y: Math.round(y), duration: 0 }],
      },
      {
        type: 'wheel',
        id: 'wheel',
        actions: [
          { type: 'pause', duration: 0 },
          { type: 'scroll', x: Math.round(x), y: Math.round(y), deltaX: 0, deltaY, duration: 100 },
        ],
      },
    ]);
    await driver(session).releaseActions();
    return true;
  }
  await page(session).mouse.move(x, y);
  await page(session).mouse.wheel({ deltaX: 0, deltaY });
  return true;
}

/**
 * `emulate-media-features` `[{ name, value }]`: like `emulateMedia`, which
 * drops `forcedColors` on puppeteer, but passes every feature
 * (`forced-colors`, `prefers-color-scheme`). False where the engine cannot
 * emulate them: Firefox over WebDriver BiDi, WebKit over WebDriver classic.
 */
async function emulateMediaFeatures(session, features) {
  if (isWebDriver(session)) return false;
  try {
    await page(session).emulateMediaFeatures(features);
    return true;
  } catch {
    return false;
  }
}

/**
 * `viewport` `{ width, height }`: sets the layout viewport (CSS pixels) in
 * every engine. WebDriver classic sizes the window, frame and toolbar
 * included, so the window is sized once, measured, and sized again by the
 * difference. Resolves the viewport reached, `{ width, height }`.
 */
async function viewport(session, { width, height }) {
  if (isWebDriver(session)) {
    const d = driver(session);
    const inner = () => d.execute('return [window.innerWidth, window.innerHeight]');
    await d.setWindowSize(width, height);
    const [w, h] = await inner();
    if (w !== width || h !== height) await d.setWindowSize(width + (width - w), height + (height - h));
    const [finalWidth, finalHeight] = await inner();
    return { width: finalWidth, height: finalHeight };
  }
  await page(session).setViewport({ width, height });
  // Firefox may apply the new size a moment after the command resolves.
  const reached = () => page(session).evaluate(() => [window.innerWidth, window.innerHeight]);
  let [finalWidth, finalHeight] = await reached();
  for (let wait = 0; wait < 50 && (finalWidth !== width || finalHeight !== height); wait++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    [finalWidth, finalHeight] = await reached();
  }
  return { width: finalWidth, height: finalHeight };
}

/**
 * `a11y-tree` `{ interestingOnly }`: the browser's own accessibility tree of the page (what a
 * screen reader is given: role, name, description, states), through
 * Chromium's DevTools protocol. False where the driver exposes none: WebDriver
 * BiDi (Firefox) and WebDriver classic (WebKit) have no such call.
 */
async function accessibilityTree(session, { interestingOnly = true } = {}) {
  if (isWebDriver(session) || session.browser.name !== 'Chrome') return false;
  return (await page(session).accessibility.snapshot({ interestingOnly })) ?? false;
}

const COMMANDS = {
  'key-chord': keyChord,
  wheel,
  'emulate-media-features': emulateMediaFeatures,
  viewport,
  'a11y-tree': accessibilityTree,
};

export function crossEngineCommands() {
  return {
    name: 'cross-engine-commands',
    async executeCommand({ command, payload, session }) {
      const run = COMMANDS[command];
      return run ? run(session, payload) : undefined;
    },
  };
}
