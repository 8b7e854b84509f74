// `npm run check`'s last step: drives the production build under `next start`
// in Chromium. See examples/README.md.
//  /        the server component's HTML-first form: its fields are in the
//           server's HTML and post without any script; with the script, the
//           element enhances them (live rules) and submits with the form.
//  /client  the React wrapper in a client component: its server HTML carries
//           the element's attributes; in the browser its events reach the
//           app and a save reaches the MSW mocks.
import {
  check,
  expect,
  expectOnlySecretSetupDefined,
  fillAndSubmit,
  goodSecret,
  saveAndExpectSaved,
  startCommand,
  submitForm,
  typeNameThenSecret,
  waitInPage,
} from '../drive.mjs';

await check('next-app-router', async ({ browser, open, requests }) => {
  const next = await startCommand('node_modules/.bin/next', ['start', '--hostname', '127.0.0.1', '--port', '0'], {
    cwd: new URL('.', import.meta.url),
    ready: /(http:\/\/127\.0\.0\.1:\d+)/,
  });
  const origin = next.url;

  // The server's HTML, as a browser gets it before any script.
  const serverHtml = async (path) => {
    const response = await fetch(origin + path);
    expect(response.ok, `GET ${path} answered ${response.status}`);
    const html = await response.text();
    const tag = /<secret-setup[^>]*>/.exec(html)?.[0];
    expect(tag, `GET ${path}: no <secret-setup> in the server's HTML`);
    expect(!/\s[a-z]+[A-Z][A-Za-z]*=/.test(tag), `GET ${path}: a camelCase attribute in ${tag}`);
    return { html, tag };
  };
  const home = await serverHtml('/');
  expect(home.tag.includes('given-name="Mary"'), `the server page's tag: ${home.tag}`);
  for (const needed of [
    /<label for="secret">Your new account secret<\/label>/,
    /<input type="password" id="secret" [^>]*name="secret"/,
    /<label for="secret-confirm">Enter the secret again<\/label>/,
    /<input type="password" id="secret-confirm" [^>]*name="confirm"/,
  ]) {
    expect(needed.test(home.html), `the server page's HTML lacks ${needed}`);
  }
  const wrapped = await serverHtml('/client');
  for (const needed of ['endpoint="/api/account-secret"', 'given-name="Mary"', 'family-name="Smith"']) {
    expect(wrapped.tag.includes(needed), `the wrapper's server HTML lacks ${needed}: ${wrapped.tag}`);
  }

  // Without JavaScript: the labelled fields are there and the form posts to
  // the route handler, which checks the rules again and redirects.
  // (A page of its own: Chromium reports each script it does not load as a failed request.)
  const plain = await browser.newPage();
  await plain.setJavaScriptEnabled(false);
  await plain.goto(`${origin}/`, { waitUntil: 'load' });
  const plainResult = await fillAndSubmit(plain, ['Your new account secret', 'Enter the secret again'], goodSecret);
  expect(plainResult === 'Your account secret is saved', `without script, the post ended on "${plainResult}"`);
  await plain.close();

  // With JavaScript: the element upgrades the same fields in place.
  const page = await open(`${origin}/`);
  await waitInPage(page, 'the element to upgrade the page’s fields', () =>
    customElements.get('secret-setup') ? document.querySelector('secret-setup').updateComplete : false,
  );
  await typeNameThenSecret(page, {
    name: 'Mary',
    secretLabel: 'Your new account secret',
    confirmLabel: 'Enter the secret again',
    nameRefused: () =>
      waitInPage(
        page,
        'the page’s own not-name rule to be marked unmet',
        () => document.querySelector('li[data-rule="not-name"]')?.dataset.state === 'unmet',
      ),
  });
  await waitInPage(
    page,
    'the page’s own length rule to be marked met',
    () => document.querySelector('li[data-rule="length"]')?.dataset.state === 'met',
  );
  expect(
    (await submitForm(page)) === 'Your account secret is saved',
    'the enhanced form did not reach the route handler',
  );
  const posted = requests.find((request) => request.method === 'POST' && request.url === `${origin}/account-secret`);
  expect(posted?.status === 303, `the form's post: ${JSON.stringify(posted)}`);

  // The React wrapper in a client component, hydrated, with the mocks: the
  // app counts the rules met from secret-rules-change's detail.
  const client = await open(`${origin}/client`);
  await waitInPage(client, 'the mocks to start', () => document.querySelector('#mocks-ready:not([hidden])'));
  let early = '';
  await typeNameThenSecret(client, {
    name: 'Mary',
    nameRefused: async () => {
      early = await waitInPage(client, 'the app to show secret-rules-change', () => {
        const text = document.querySelector('#rules-met')?.textContent ?? '';
        return /^Rules met: \d of 5$/.test(text) && text;
      });
    },
  });
  await waitInPage(client, 'more rules met', (before) => document.querySelector('#rules-met')?.textContent !== before, [
    early,
  ]);
  // The per-element wrapper loads <secret-setup> alone.
  await expectOnlySecretSetupDefined(client);
  await saveAndExpectSaved(client, requests, { shownIn: '#saved' });
});
