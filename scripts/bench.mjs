// `npm run bench`: speed and memory of <secret-setup> in Chromium, beside a
// minimal vanilla custom element doing the same three rules in the same run
// (bench/vanilla-secret-setup.js). Not a test: it reports, it does not judge.
// `npm run bench -- --smoke` runs a few iterations only (CI checks it completes).
// Needs `npm run build` first (it measures the shipped bundle).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath, root, serveRoot } from './static-server.mjs';

const smoke = process.argv.includes('--smoke');
const KEYSTROKES = smoke ? 30 : 400;
/** The keystrokes of each element are split into rounds that alternate with the other's, so load that comes and goes falls on both. */
const ROUNDS = smoke ? 1 : 8;
const RENDER_RUNS = smoke ? 3 : 25;
const HEAP_INSTANCES = smoke ? 20 : 200;

if (!existsSync(join(root, 'dist/account-secret-elements.min.js'))) {
  console.error('dist/account-secret-elements.min.js is missing: run `npm run build` first.');
  process.exit(1);
}

// Cross-origin isolation gives performance.now() a 5 µs step instead of
// 100 µs: the keystroke medians are about 1 ms, so the coarse step alone
// moved their ratio by 10-20 %.
const server = await serveRoot({
  headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
});

const browser = await puppeteer.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [...chromiumArgs, '--js-flags=--expose-gc'],
});

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);

async function freshPage() {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/bench/bench.html`);
  await page.evaluate(async () => {
    await customElements.whenDefined('secret-setup');
    await customElements.whenDefined('vanilla-secret-setup');
  });
  return page;
}

/**
 * Real key presses into the element's input. Latency is measured in the
 * page, from the keydown (window, capture phase) to the element having
 * rendered the new rule states (its `updateComplete` after the input event).
 */
async function keystrokeLatency(tag, count) {
  const page = await freshPage();
  await page.evaluate((tag) => {
    const el = document.createElement(tag);
    el.setAttribute('given-name', 'Mary');
    document.getElementById('stage').append(el);
    window.latencies = [];
    let start = 0;
    window.addEventListener('keydown', () => (start = performance.now()), { capture: true });
    // Bubble phase, on the shadow root (the elements keep typing events inside
    // it): the element's own input handler has run and queued its render.
    el.shadowRoot.addEventListener('input', async () => {
      await el.updateComplete;
      window.latencies.push(performance.now() - start);
    });
  }, tag);
  const input = await page.evaluateHandle((tag) => document.querySelector(tag).shadowRoot.querySelector('input'), tag);
  await input.focus();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < count; i++) {
    if (i % 40 === 39) {
      // Keep the value realistic: clear it now and then, as a person retypes.
      await page.keyboard.down('Control');
      await page.keyboard.press('a');
      await page.keyboard.up('Control');
      await page.keyboard.press('Backspace');
    } else {
      await page.keyboard.press(letters[i % letters.length]);
    }
  }
  const latencies = await page.evaluate(() => window.latencies);
  await page.close();
  return latencies;
}

/** Both elements' keystroke latencies, in alternating rounds; the ratio of medians is over all samples. */
async function keystrokes() {
  const samples = { 'secret-setup': [], 'vanilla-secret-setup': [] };
  const roundRatios = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['vanilla-secret-setup', 'secret-setup'] : ['secret-setup', 'vanilla-secret-setup'];
    const medians = {};
    for (const tag of order) {
      const latencies = await keystrokeLatency(tag, KEYSTROKES / ROUNDS);
      samples[tag].push(...latencies);
      medians[tag] = median(latencies);
    }
    roundRatios.push(medians['secret-setup'] / medians['vanilla-secret-setup']);
  }
  const summary = (values) => ({ median: median(values), p95: quantile(values, 0.95), samples: values.length });
  return { lit: summary(samples['secret-setup']), vanilla: summary(samples['vanilla-secret-setup']), roundRatios };
}

/** From creating N instances to the first frame that shows them all rendered. */
async function timeToFirstRender(tag, count) {
  const page = await freshPage();
  const times = [];
  for (let run = 0; run < RENDER_RUNS; run++) {
    times.push(
      await page.evaluate(
        async (tag, count) => {
          const stage = document.getElementById('stage');
          stage.replaceChildren();
          await new Promise(requestAnimationFrame);
          const start = performance.now();
          const els = [];
          for (let i = 0; i < count; i++) els.push(stage.appendChild(document.createElement(tag)));
          await Promise.all(els.map((el) => el.updateComplete));
          await new Promise(requestAnimationFrame);
          return performance.now() - start;
        },
        tag,
        count,
      ),
    );
  }
  await page.close();
  return median(times);
}

/** JS heap growth per rendered instance, after garbage collection. */
async function heapPerInstance(tag) {
  const page = await freshPage();
  const used = async () => {
    await page.evaluate(() => window.gc());
    await page.evaluate(() => window.gc());
    return (await page.metrics()).JSHeapUsedSize;
  };
  // Warm up: the first instance pays for templates and styles shared by all.
  await page.evaluate(async (tag) => {
    const el = document.body.appendChild(document.createElement(tag));
    await el.updateComplete;
  }, tag);
  const before = await used();
  await page.evaluate(
    async (tag, count) => {
      const stage = document.getElementById('stage');
      const els = [];
      for (let i = 0; i < count; i++) els.push(stage.appendChild(document.createElement(tag)));
      await Promise.all(els.map((el) => el.updateComplete));
    },
    tag,
    HEAP_INSTANCES,
  );
  const after = await used();
  await page.close();
  return (after - before) / HEAP_INSTANCES;
}

/**
 * Where a keystroke's time goes, for the shadow mode, the light-DOM mode (the
 * page's own form, input and rules list) and the vanilla element, all on one
 * page, one keystroke each in turn (so load that comes and goes falls on all
 * three): setting the input's value, the `input` event (every listener:
 * the element's work), the element's update, and the style and layout that
 * follow. Synthetic keystrokes, as the peer bench types them.
 */
async function keystrokeSplit(count) {
  const page = await freshPage();
  const split = await page.evaluate(async (count) => {
    const stage = document.getElementById('stage');
    const make = (mode) => {
      const el = document.createElement(mode === 'vanilla' ? 'vanilla-secret-setup' : 'secret-setup');
      el.setAttribute('given-name', 'Mary');
      el.setAttribute('family-name', 'Smith');
      el.setAttribute('organisation', 'Leeds Teaching Hospitals NHS Trust');
      if (mode === 'vanilla') return [stage.appendChild(el), () => el.shadowRoot.querySelector('input')];
      el.setAttribute('no-confirm', '');
      if (mode === 'shadow') return [stage.appendChild(el), () => el.shadowRoot.querySelector('[part~=input]')];
      el.innerHTML =
        '<label for="s-light">Your new account secret</label><ul id="s-light-rules"><li data-rule="letters">only letters</li>' +
        '<li data-rule="not-name">not your name</li><li data-rule="length">at least 9 letters</li><li data-rule="history">not a recent one</li></ul>' +
        '<input type="password" id="s-light" name="secret" autocomplete="off" aria-describedby="s-light-rules">';
      const form = Object.assign(document.createElement('form'), { method: 'post' });
      form.append(el);
      stage.append(form);
      return [el, () => el.querySelector('input')];
    };
    const modes = ['shadow', 'light', 'vanilla'];
    const els = modes.map(make);
    await Promise.all(els.map(([el]) => el.updateComplete));
    const nextTask = () => new Promise((resolve) => setTimeout(resolve));
    const text = 'MarySmithQ7 zebraXYZmary smith!Tr0ub4d0rXq9#pLmNoPqRsTuVwXyZ';
    const times = modes.map(() => [[], [], [], [], []]);
    for (let k = 0; k < count; k++) {
      for (const [index, [el, inputOf]] of els.entries()) {
        const input = inputOf();
        if (k % 20 === 0) {
          input.value = '';
          input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
          await el.updateComplete;
          await nextTask();
        }
        const t0 = performance.now();
        input.value += text[k % text.length];
        const t1 = performance.now();
        input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
        const t2 = performance.now();
        await el.updateComplete;
        const t3 = performance.now();
        document.documentElement.getBoundingClientRect();
        const t4 = performance.now();
        [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0].forEach((t, part) => times[index][part].push(t));
        await nextTask();
      }
    }
    return times;
  }, count);
  await page.close();
  return split.map((parts) => parts.map((values) => median(values)));
}

const isolated = await (async () => {
  const page = await freshPage();
  const value = await page.evaluate(() => crossOriginIsolated);
  await page.close();
  return value;
})();
const typed = await keystrokes();
const results = {};
for (const tag of ['secret-setup', 'vanilla-secret-setup']) {
  results[tag] = {
    keystroke: tag === 'secret-setup' ? typed.lit : typed.vanilla,
    render1: await timeToFirstRender(tag, 1),
    render50: await timeToFirstRender(tag, 50),
    heap: await heapPerInstance(tag),
  };
}
const split = await keystrokeSplit(smoke ? 20 : 600);
const version = await browser.version();
await browser.close();
server.close();

const ms = (v) => `${v.toFixed(3)} ms`;
const lit = results['secret-setup'];
const vanilla = results['vanilla-secret-setup'];
const rows = [
  ['keystroke to feedback, median', ms(lit.keystroke.median), ms(vanilla.keystroke.median)],
  ['keystroke to feedback, p95', ms(lit.keystroke.p95), ms(vanilla.keystroke.p95)],
  ['first render, 1 instance (median)', ms(lit.render1), ms(vanilla.render1)],
  ['first render, 50 instances (median)', ms(lit.render50), ms(vanilla.render50)],
  ['JS heap per instance', `${(lit.heap / 1024).toFixed(2)} KiB`, `${(vanilla.heap / 1024).toFixed(2)} KiB`],
];
console.log(`\n${version}`);
console.log(
  `${KEYSTROKES} keystrokes each (${lit.keystroke.samples} measured), ${RENDER_RUNS} render runs, ${HEAP_INSTANCES} instances for heap${smoke ? ' [smoke run: figures are not meaningful]' : ''}\n`,
);
console.log(`| measure | <secret-setup> | vanilla floor |\n| --- | --- | --- |`);
for (const [name, a, b] of rows) console.log(`| ${name} | ${a} | ${b} |`);
console.log(
  `\nmedian keystroke ratio (secret-setup / vanilla): ${(lit.keystroke.median / vanilla.keystroke.median).toFixed(2)}x`,
);
console.log(`per round (${ROUNDS} alternating rounds): ${typed.roundRatios.map((r) => `${r.toFixed(2)}x`).join(' ')}`);
console.log(
  `\nWhere a keystroke's time goes (medians, ms; the three on one page, one keystroke each in turn, ${smoke ? 20 : 600} each):\n`,
);
console.log(
  '| element | set the value | `input` event (listeners) | update | style + layout | total |\n| --- | --- | --- | --- | --- | --- |',
);
for (const [name, parts] of [
  ['<secret-setup>, shadow mode', split[0]],
  ['<secret-setup>, light-DOM mode', split[1]],
  ['vanilla', split[2]],
])
  console.log(`| ${name} | ${parts.map((t) => t.toFixed(3)).join(' | ')} |`);
console.log(`timer: ${isolated ? 'cross-origin isolated (5 µs step)' : 'NOT isolated (100 µs step)'}`);
