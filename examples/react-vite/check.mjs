// `npm run check`'s last step: drives the production build (dist/) in
// Chromium with the MSW mocks answering in the page. See examples/README.md.
import { check, expect, fieldByLabel, serveStatic, waitInPage } from '../drive.mjs';

await check('react-vite', async ({ open, requests }) => {
  const site = await serveStatic(new URL('./dist/', import.meta.url));
  const page = await open(site.origin);

  const secret = await fieldByLabel(page, 'Account secret');
  const confirm = await fieldByLabel(page, 'Enter your account secret again');
  const rulesMet = () => page.$eval('#rules-met', (p) => p.textContent);

  // Live feedback: the element's rule list changes as the person types, and
  // the app renders the count from secret-rules-change's detail.
  await secret.type('Mary');
  await waitInPage(page, 'the not-name rule to be unmet', () =>
    document.querySelector('secret-setup')?.rules.some((rule) => rule.id === 'not-name' && rule.state === 'unmet'),
  );
  await secret.click({ count: 3 });
  await secret.type('meadowlarks');
  await confirm.type('meadowlarks');
  await waitInPage(page, 'every rule the element checks to be met', () =>
    document.querySelector('#rules-met')?.textContent?.startsWith('4 of 5'),
  );
  expect((await rulesMet()) === '4 of 5 rules met', `rules-met reads "${await rulesMet()}"`);

  // The per-element wrapper loads <secret-setup> alone: the page pays for one element.
  const defined = await page.evaluate(() =>
    ['secret-setup', 'aup-consent', 'secret-challenge'].filter((tag) => customElements.get(tag)),
  );
  expect(defined.join() === 'secret-setup', `elements defined: ${defined.join(', ')}`);

  // A host's `text-align: center` (Vite's template) does not reach the element's own labels.
  const align = await page.evaluate(
    () => getComputedStyle(document.querySelector('secret-setup').shadowRoot.querySelector('label')).textAlign,
  );
  expect(align === 'start' || align === 'left', `the element's label is aligned "${align}"`);

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
