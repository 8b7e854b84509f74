// `npm run check`'s last step: drives the production build (dist/browser/)
// in Chromium with the MSW mocks answering in the page. See examples/README.md.
import { check, expect, fieldByLabel, serveStatic, waitInPage } from '../drive.mjs';

await check('angular', async ({ open, requests }) => {
  const site = await serveStatic(new URL('./dist/browser/', import.meta.url));
  const page = await open(site.origin);

  const secret = await fieldByLabel(page, 'Account secret');
  const confirm = await fieldByLabel(page, 'Enter your account secret again');

  // Live feedback: the element marks the name rule unmet as the person types
  // their own name, and the app renders the count from the event's detail.
  await secret.type('Mary');
  await waitInPage(page, 'the not-name rule to be unmet', () =>
    document.querySelector('secret-setup')?.rules.some((rule) => rule.id === 'not-name' && rule.state === 'unmet'),
  );
  await secret.click({ count: 3 });
  await secret.type('meadowlarks');
  await confirm.type('meadowlarks');
  const rulesMet = await waitInPage(page, 'the app to show every rule the element checks met', () => {
    const text = document.querySelector('#rules-met')?.textContent;
    return text?.startsWith('4 of 5') ? text : '';
  });
  expect(rulesMet === '4 of 5 rules met', `#rules-met reads "${rulesMet}"`);

  // The per-element import loads <secret-setup> alone: the page pays for one element.
  const defined = await page.evaluate(() =>
    ['secret-setup', 'aup-consent', 'secret-challenge'].filter((tag) => customElements.get(tag)),
  );
  expect(defined.join() === 'secret-setup', `elements defined: ${defined.join(', ')}`);

  // Attributes bound with [attr.given-name] and the [headers] property reached the element.
  const bound = await page.evaluate(() => {
    const el = document.querySelector('secret-setup');
    return `${el.givenName}|${typeof el.headers}`;
  });
  expect(bound === 'Mary|object', `the element's givenName and headers: ${bound}`);

  // The save reaches the mocks (answered by the service worker), and the
  // app renders the answer from secret-saved's detail.
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
});
