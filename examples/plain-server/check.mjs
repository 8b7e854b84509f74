// `npm run check`'s last step: starts the reference server (the repository's
// `npm run server`, on a fresh PGlite folder) and this portal in front of it,
// then drives the page in Chromium, with JavaScript and without.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  check,
  expect,
  expectRulesMet,
  fillAndSubmit,
  freePort,
  onCleanup,
  repoRoot,
  saveAndExpectSaved,
  startCommand,
  typeNameThenSecret,
  waitInPage,
} from '../drive.mjs';

await check('plain-server', async ({ open, requests }) => {
  const data = mkdtempSync(join(tmpdir(), 'plain-server-'));
  onCleanup(() => rmSync(data, { recursive: true, force: true }));
  const keyFile = join(data, 'secret.key');
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`);
  chmodSync(keyFile, 0o600);

  // The portal's origin must be the reference server's PUBLIC_ORIGIN
  // (docs/backend.md), so the portal's port is chosen first.
  const port = await freePort();
  const portal = `http://127.0.0.1:${port}`;
  const reference = await startCommand(join(repoRoot, 'node_modules/.bin/tsx'), ['server/src/main.ts'], {
    cwd: repoRoot,
    env: { PORT: '0', DATA_DIR: join(data, 'db'), SECRET_KEY_FILE: keyFile, PUBLIC_ORIGIN: portal, LOG_LEVEL: 'warn' },
    ready: /^listening on (http:\S+)$/m,
  });
  await startCommand(process.execPath, ['server.mjs'], {
    cwd: new URL('.', import.meta.url),
    env: { PORT: String(port), API_ORIGIN: reference.url },
    ready: /^listening on (http:\S+)$/m,
  });

  // With JavaScript: the element enhances the page's own fields.
  const page = await open(portal);
  await waitInPage(page, '<secret-setup> to upgrade', () => customElements.get('secret-setup') !== undefined);
  await typeNameThenSecret(page, {
    name: 'Smith',
    secretLabel: 'Your new account secret',
    confirmLabel: 'Enter the secret again',
  });
  await expectRulesMet(page, '#status');

  // The page's own submit button: the element saves over JSON, through the
  // portal, to the reference server; the page shows secret-saved's detail.
  await saveAndExpectSaved(page, requests, {
    button: 'Save your account secret',
    shownIn: '#status',
    shownAfter: 'Saved at',
    isSave: (url) => url === `${portal}/api/account-secret`,
    byMocks: false,
  });
  expect(page.url() === `${portal}/`, `the page navigated to ${page.url()}`);

  // Without JavaScript: the same markup is a plain form that posts both fields.
  const plain = await open(portal, { javaScript: false });
  const heading = await fillAndSubmit(plain, ['Your new account secret', 'Enter the secret again'], 'kingfishers');
  expect(
    plain.url() === `${portal}/done` && heading === 'Your account secret is saved',
    `without JavaScript the form led to ${plain.url()} ("${heading}")`,
  );
});
