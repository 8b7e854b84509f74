// `npm run check`'s last step: drives the production build (dist/browser/)
// in Chromium with the MSW mocks answering in the page. See examples/README.md.
import {
  check,
  expect,
  expectOnlySecretSetupDefined,
  expectRulesMet,
  saveAndExpectSaved,
  serveStatic,
  typeNameThenSecret,
} from '../drive.mjs';

await check('angular', async ({ open, requests }) => {
  const site = await serveStatic(new URL('./dist/browser/', import.meta.url));
  const page = await open(site.origin);

  // Live feedback: the element marks the name rule unmet as the person types
  // their own name, and the app renders the count from the event's detail.
  await typeNameThenSecret(page, { name: 'Mary' });
  await expectRulesMet(page, '#rules-met');

  // The per-element import loads <secret-setup> alone.
  await expectOnlySecretSetupDefined(page);

  // Attributes bound with [attr.given-name] and the [headers] property reached the element.
  const bound = await page.evaluate(() => {
    const el = document.querySelector('secret-setup');
    return `${el.givenName}|${typeof el.headers}`;
  });
  expect(bound === 'Mary|object', `the element's givenName and headers: ${bound}`);

  // The save reaches the mocks (answered by the service worker), and the
  // app renders the answer from secret-saved's detail.
  await saveAndExpectSaved(page, requests, { shownIn: '#saved-at' });
});
