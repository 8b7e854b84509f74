// A portal's own server, with no framework: it renders the secret page as
// HTML (the README's "HTML first" markup: the page's own form and fields
// inside <secret-setup>), serves the bundle the build copied, and passes
// /api/ on to the reference server, so the browser sees one origin.
//
//   API_ORIGIN=http://127.0.0.1:8787 PORT=3000 node server.mjs
//
// The reference server must know the origin browsers use for this site:
// start it with PUBLIC_ORIGIN=http://127.0.0.1:3000 (or list it in
// ALLOWED_ORIGINS), or it refuses their requests (403).
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { extname } from 'node:path';

const port = Number(process.env.PORT ?? 3000);
const api = process.env.API_ORIGIN ?? 'http://127.0.0.1:8787';
/** The signed-in person. A real portal has its own sign-in; the reference server's development sign-in stands in. */
const user = { userId: 'mary-smith', givenName: 'Mary', familyName: 'Smith', organisation: 'NHS England' };

/** @param {string} text */
const escape = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** @param {{ csrfToken: string, error?: string }} state */
function secretPage({ csrfToken, error }) {
  const invalid = error
    ? ` aria-invalid="true" aria-describedby="secret-hint secret-rules secret-error"`
    : ` aria-describedby="secret-hint secret-rules"`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="csrf-token" content="${escape(csrfToken)}">
  <title>Set your account secret</title>
  <script type="module" src="/assets/account-secret-elements.min.js"></script>
  <script type="module" src="/app.js"></script>
</head>
<body>
<main>
  <h1>Set your account secret</h1>
  <form method="post" action="/account-secret" novalidate>
    <input type="hidden" name="csrf" value="${escape(csrfToken)}">
    <secret-setup endpoint="/api/account-secret" given-name="${escape(user.givenName)}" family-name="${escape(user.familyName)}" organisation="${escape(user.organisation)}" min-length="9">
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="secret">Your new account secret</label>
        <div class="nhsuk-hint" id="secret-hint">Use letters only. Do not use your name or your organisation's name.</div>
        <ul id="secret-rules">
          <li data-rule="letters">contain only letters</li>
          <li data-rule="not-name">not be your name or your organisation's name</li>
          <li data-rule="length">be at least 9 letters long</li>
          <li data-rule="history">not be one of your last 5 secrets</li>
          <li data-rule="match">match in both boxes</li>
        </ul>
        ${error ? `<span class="nhsuk-error-message" id="secret-error">${escape(error)}</span>` : ''}
        <input class="nhsuk-input" type="password" id="secret" name="secret" autocomplete="off"
               spellcheck="false" autocapitalize="none" autocorrect="off"
               passwordrules="allowed: upper, lower; minlength: 9; maxlength: 64;"${invalid}>
      </div>
      <div class="nhsuk-form-group">
        <label class="nhsuk-label" for="secret-confirm">Enter the secret again</label>
        <input class="nhsuk-input" type="password" id="secret-confirm" name="confirm"
               autocomplete="off" spellcheck="false" autocapitalize="none" autocorrect="off">
      </div>
    </secret-setup>
    <button class="nhsuk-button" type="submit">Save your account secret</button>
  </form>
  <p id="status" role="status"></p>
</main>
</body>
</html>`;
}

/**
 * Signs the person in on the reference server (development sign-in) and
 * returns its session cookie and CSRF token.
 */
async function signIn() {
  const response = await fetch(`${api}/api/dev/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!response.ok) throw new Error(`development sign-in: HTTP ${response.status}`);
  const { csrfToken } = /** @type {{ csrfToken: string }} */ (await response.json());
  return { cookies: response.headers.getSetCookie(), csrfToken };
}

/** @param {import('node:http').IncomingMessage} request */
async function readForm(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Passes a request on to the reference server as it came (method, body,
 * cookie, Origin, CSRF header), and its answer back.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
async function proxy(request, response) {
  const headers = new Headers();
  for (const name of ['accept', 'content-type', 'cookie', 'origin', 'x-csrf-token']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const answer = await fetch(`${api}${request.url}`, {
    method: request.method,
    headers,
    body: hasBody ? /** @type {ReadableStream} */ (Readable.toWeb(request)) : undefined,
    redirect: 'manual',
    ...(hasBody ? { duplex: 'half' } : {}),
  });
  const out = new Headers(answer.headers);
  out.delete('content-encoding');
  out.delete('content-length');
  out.delete('transfer-encoding');
  response.writeHead(answer.status, Object.fromEntries(out));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

const types = /** @type {Record<string, string>} */ ({ '.js': 'text/javascript; charset=utf-8', '.txt': 'text/plain' });
/**
 * @param {import('node:http').ServerResponse} response
 * @param {URL} file
 */
function sendFile(response, file) {
  const stream = createReadStream(file);
  stream.once('error', () => response.writeHead(404).end());
  stream.once('open', () => {
    response.writeHead(200, { 'Content-Type': types[extname(file.pathname)] ?? 'application/octet-stream' });
    stream.pipe(response);
  });
}

const server = createServer(async (request, response) => {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  try {
    if (pathname.startsWith('/api/')) return await proxy(request, response);
    if (request.method === 'GET' && pathname === '/') {
      const { cookies, csrfToken } = await signIn();
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Set-Cookie': cookies,
      });
      return void response.end(secretPage({ csrfToken }));
    }
    if (request.method === 'POST' && pathname === '/account-secret') {
      // The same page without JavaScript: the form posts here, and this
      // server saves the secret over the JSON contract itself.
      const form = await readForm(request);
      const csrfToken = form.get('csrf') ?? '';
      const secret = form.get('secret') ?? '';
      let error = secret === form.get('confirm') ? '' : 'Enter the same secret in both boxes';
      if (!error) {
        const saved = await fetch(`${api}/api/account-secret`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-CSRF-Token': csrfToken,
            cookie: request.headers.cookie ?? '',
          },
          body: JSON.stringify({ secret }),
        });
        if (saved.ok) return void response.writeHead(303, { Location: '/done' }).end();
        error =
          saved.status === 422 ? 'Your secret does not meet the rules' : 'Your secret could not be saved. Try again.';
      }
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return void response.end(secretPage({ csrfToken, error }));
    }
    if (request.method === 'GET' && pathname === '/done') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void response.end(
        '<!doctype html><html lang="en"><title>Saved</title><h1>Your account secret is saved</h1></html>',
      );
    }
    if (request.method === 'GET' && pathname === '/app.js')
      return sendFile(response, new URL('./public/app.js', import.meta.url));
    if (request.method === 'GET' && pathname.startsWith('/assets/') && !pathname.includes('..')) {
      return sendFile(response, new URL(`./dist${pathname}`, import.meta.url));
    }
    if (pathname === '/favicon.ico') return void response.writeHead(204).end();
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  } catch (error) {
    console.error(error);
    if (!response.headersSent) response.writeHead(502, { 'Content-Type': 'text/plain' });
    response.end('The account service is not available.');
  }
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`);
});
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.once(signal, () => server.close());
