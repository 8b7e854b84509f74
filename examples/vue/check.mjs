// `npm run check`'s last step: drives the production build (dist/) in
// Chromium with the MSW mocks answering in the page. See examples/README.md.
import { check, expect, fieldByLabel, serveStatic, waitInPage } from '../drive.mjs';

await check('vue', async ({ open, requests, problems }) => {
  const site = await serveStatic(new URL('./dist/', import.meta.url));
  const page = await open(site.origin);

  const secret = await fieldByLabel(page, 'Account secret');
  const confirm = await fieldByLabel(page, 'Enter your account secret again');

  // Live feedback: a rule's state changes as the person types, and the app
  // renders the count from secret-rules-change's detail.
  await secret.type('Smith');
  await waitInPage(page, 'the not-name rule to be unmet', () =>
    document.querySelector('secret-setup')?.rules.some((rule) => rule.id === 'not-name' && rule.state === 'unmet'),
  );
  await secret.click({ count: 3 });
  await secret.type('meadowlarks');
  await confirm.type('meadowlarks');
  const met = await waitInPage(page, 'the app to count 4 rules met', () => {
    const text = document.querySelector('#rules-met')?.textContent ?? '';
    return text.startsWith('4 of 5') && text;
  });
  expect(met === '4 of 5 rules met', `rules-met reads "${met}"`);

  // `import 'account-secret-elements/secret-setup.js'` registers that element alone.
  const defined = await page.evaluate(() =>
    ['secret-setup', 'aup-consent', 'secret-challenge'].filter((tag) => customElements.get(tag)),
  );
  expect(defined.join() === 'secret-setup', `elements defined: ${defined.join(', ')}`);

  // The save reaches the mocks, and the app renders secret-saved's detail.
  const save = await page.$('aria/Save secret[role="button"]');
  expect(save, 'no Save secret button');
  await save.click();
  const savedAt = await waitInPage(
    page,
    'the app to show secret-saved',
    () => document.querySelector('#saved-at')?.textContent,
  );
  expect(/^Saved at \d{4}-\d\d-\d\dT/.test(savedAt), `the app shows "${savedAt}"`);
  const post = requests.find((request) => request.method === 'POST' && request.url.endsWith('/api/account-secret'));
  expect(
    post?.status === 200 && post.fromServiceWorker,
    `the save was not answered by the mocks: ${JSON.stringify(post)}`,
  );

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
