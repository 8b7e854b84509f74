// `npm run check`'s last step: drives the production build (dist/) in
// Chromium with the MSW mocks answering in the page. See examples/README.md.
import {
  check,
  expect,
  expectOnlySecretSetupDefined,
  expectRulesMet,
  saveAndExpectSaved,
  serveStatic,
  typeNameThenSecret,
} from '../drive.mjs';

await check('react-vite', async ({ open, requests }) => {
  const site = await serveStatic(new URL('./dist/', import.meta.url));
  const page = await open(site.origin);

  // Live feedback: the element's rule list changes as the person types, and
  // the app renders the count from secret-rules-change's detail.
  await typeNameThenSecret(page, { name: 'Mary' });
  await expectRulesMet(page, '#rules-met');

  // The per-element wrapper loads <secret-setup> alone.
  await expectOnlySecretSetupDefined(page);

  // A host's `text-align: center` (Vite's template) does not reach the element's own labels.
  const align = await page.evaluate(
    () => getComputedStyle(document.querySelector('secret-setup').shadowRoot.querySelector('label')).textAlign,
  );
  expect(align === 'start' || align === 'left', `the element's label is aligned "${align}"`);

  // The save reaches the mocks (answered by the service worker), and the
  // app renders the answer from secret-saved's detail.
  await saveAndExpectSaved(page, requests, { shownIn: '#saved-at' });
});
