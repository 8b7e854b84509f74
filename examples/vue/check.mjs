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

await check('vue', async ({ open, requests, problems }) => {
  const site = await serveStatic(new URL('./dist/', import.meta.url));
  const page = await open(site.origin);

  // Live feedback: a rule's state changes as the person types, and the app
  // renders the count from secret-rules-change's detail.
  await typeNameThenSecret(page, { name: 'Smith' });
  await expectRulesMet(page, '#rules-met');

  // `import 'account-secret-elements/secret-setup.js'` registers that element alone.
  await expectOnlySecretSetupDefined(page);

  // The save reaches the mocks, and the app renders secret-saved's detail.
  await saveAndExpectSaved(page, requests, { shownIn: '#saved-at' });

  // A mistyped endpoint fails loudly (the package's onUnhandledFrame), with
  // the request named, instead of reaching the network.
  const before = problems.length;
  const unmatched = await page.evaluate(async () => {
    const response = await fetch('/api/acount-secret');
    return { status: response.status, body: await response.text() };
  });
  expect(
    unmatched.status === 500 && unmatched.body.includes('no handler matches GET http://127.0.0.1:'),
    `an unmatched /api/ request: ${JSON.stringify(unmatched)}`,
  );
  // What that request logged is expected; anything else still counts.
  const logged = problems.splice(before);
  const unexpected = logged.filter((line) => !line.includes('acount-secret'));
  problems.push(...unexpected);
  expect(logged.length > unexpected.length, 'the unmatched request logged nothing');
});
