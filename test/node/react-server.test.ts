/**
 * The React wrappers' server HTML, as Next.js (App Router) and any
 * `renderToString` write it before the script runs: the element's
 * attributes under their own names, never a camelCase prop as an attribute,
 * no property-only value, no event handler, the children kept.
 * `npm run test:node`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { AupConsent } from '../../src/react/aup-consent.js';
import { SecretChallenge } from '../../src/react/secret-challenge.js';
import { SecretSetup } from '../../src/react/secret-setup.js';

describe('the React wrappers on a server', () => {
  it('writes <SecretSetup>’s attributes in kebab-case, and its children', () => {
    const html = renderToString(
      createElement(
        SecretSetup,
        {
          endpoint: '/api/account-secret',
          givenName: 'Mary',
          familyName: 'Smith',
          organisation: 'NHS England',
          minLength: 10,
          noConfirm: true,
          headers: { 'X-CSRF-Token': 'token' },
          strings: { save: 'Save it' },
          onSecretSaved: () => undefined,
          id: 'setup',
          className: 'wide',
        },
        createElement('input', { type: 'password', name: 'secret', 'aria-label': 'Secret' }),
      ),
    );
    const tag = html.slice(0, html.indexOf('>') + 1);
    for (const expected of [
      'endpoint="/api/account-secret"',
      'given-name="Mary"',
      'family-name="Smith"',
      'organisation="NHS England"',
      'min-length="10"',
      'no-confirm=""',
      'id="setup"',
      'class="wide"',
    ])
      assert.ok(tag.includes(expected), `${expected} in ${tag}`);
    assert.doesNotMatch(tag, /[a-z][A-Z]\w*=/, `no camelCase attribute in ${tag}`);
    assert.doesNotMatch(
      tag,
      /headers|strings|token|Save it|onSecret|secret-saved/,
      `property-only values and events left out: ${tag}`,
    );
    assert.match(
      html,
      /<secret-setup [^>]*><input [^>]*name="secret"[^>]*\/><\/secret-setup>$/,
      `children kept: ${html}`,
    );
  });

  it('leaves out a false boolean and an absent value', () => {
    const html = renderToString(createElement(SecretSetup, { noConfirm: false, givenName: undefined }));
    assert.equal(html, '<secret-setup></secret-setup>');
  });

  it('writes <AupConsent>’s and <SecretChallenge>’s attributes', () => {
    const aup = renderToString(
      createElement(AupConsent, { endpoint: '/api/aup/acceptance', version: '2026-11', acceptedAt: '2026-11-30' }),
    );
    assert.equal(
      aup,
      '<aup-consent endpoint="/api/aup/acceptance" version="2026-11" accepted-at="2026-11-30"></aup-consent>',
    );
    const challenge = renderToString(
      createElement(SecretChallenge, { mode: 'agent', endpoint: '/api/c', helpHref: '/help', timeout: 5000 }),
    );
    assert.equal(
      challenge,
      '<secret-challenge mode="agent" endpoint="/api/c" help-href="/help" timeout="5000"></secret-challenge>',
    );
  });
});
