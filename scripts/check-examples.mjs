// CI check that the plain-HTML example in docs/ works as written against the
// built bundle: the elements register and render, Welsh loads its chunk by
// relative URL, and nothing is logged as an error. Needs `npm run build`.
import puppeteer from 'puppeteer-core';
import { chromiumArgs, chromiumPath, serveRoot } from './static-server.mjs';

const server = await serveRoot();
const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
const problems = [];
try {
  const page = await browser.newPage();
  page.on('console', (message) => {
    // A failed load is reported below with its URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${server.origin}/docs/examples/plain-html/index.html`, { waitUntil: 'load' });

  const rendered = await page.evaluate(async () => {
    const tags = ['secret-setup', 'aup-consent'];
    await Promise.all(tags.map((tag) => customElements.whenDefined(tag)));
    const els = [...document.querySelectorAll(tags.join(','))];
    await Promise.all(els.map((el) => el.updateComplete));
    return els.map((el) => `${el.localName}:${el.shadowRoot?.childElementCount ?? 0}`);
  });
  if (rendered.length !== 3 || rendered.some((r) => r.endsWith(':0')))
    problems.push(`not rendered: ${rendered.join(', ')}`);

  // Welsh comes from a chunk beside the bundle, loaded on demand.
  const welsh = await page.evaluate(async () => {
    document.documentElement.lang = 'cy';
    const el = document.querySelector('secret-setup');
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const label = el.shadowRoot.querySelector('label')?.textContent ?? '';
      if (label.includes('Cyfrinach')) return label;
    }
    return el.shadowRoot.querySelector('label')?.textContent ?? '';
  });
  if (!welsh.includes('Cyfrinach')) problems.push(`Welsh did not load: label is "${welsh}"`);
} finally {
  await browser.close();
  server.close();
}

if (problems.length) {
  console.error(`docs/examples/plain-html: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('docs/examples/plain-html: the elements render from the bundle, Welsh loads on demand, no console error.');
