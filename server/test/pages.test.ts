/**
 * The journey pages over real HTTP, as a browser without JavaScript sends
 * them: url-encoded forms, cookies, 303s. On PGlite and on PostgreSQL.
 * (test/pages/ drives the same pages in real browsers.)
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client, charactersAt, engines, startFixture, uniqueUser, wrongAnswers } from './helpers.js';
import type { Fixture } from './helpers.js';

const SECRET = 'Kingfisherblue';

/** A browser: keeps cookies, sends forms, follows nothing by itself. */
class Browser {
  cookies = new Map<string, string>();
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async request(
    method: string,
    path: string,
    form?: Record<string, string | string[]>,
    extra: Record<string, string> = {},
  ) {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) params.append(name, v);
      body = params.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      headers.origin ??= this.base;
    }
    const response = await fetch(this.base + path, { method, headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /Max-Age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      text,
      location: location && new URL(location, this.base).pathname,
    };
  }
  get(path: string, extra?: Record<string, string>) {
    return this.request('GET', path, undefined, extra);
  }
  post(path: string, form: Record<string, string | string[]>, extra?: Record<string, string>) {
    return this.request('POST', path, form, extra);
  }
}

function csrfOf(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  assert.ok(match, 'the page has a CSRF field');
  return match[1];
}

function challengeOf(html: string): { challengeId: string; positions: number[] } {
  const id = /name="challengeId" value="([^"]+)"/.exec(html);
  const positions = /positions="([\d,]+)"/.exec(html);
  assert.ok(id && positions, 'the page has a challenge');
  return { challengeId: id[1], positions: positions[1].split(',').map(Number) };
}

/** The error summary's items: [href, text]. */
function summaryOf(html: string): Array<[string, string]> {
  const summary = /<div class="nhsuk-error-summary"[^>]*>([\s\S]*?)<\/ul>/.exec(html);
  if (!summary) return [];
  return [...summary[1].matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
}

for (const engine of engines()) {
  describe(`journey pages (${engine.name})`, { skip: engine.skip }, () => {
    let fx: Fixture;
    let base: string;
    before(async () => {
      fx = await startFixture(engine, { bundleDir: join(tmpdir(), 'no-such-bundle') });
      base = fx.server.url;
    });
    after(async () => {
      await fx?.cleanup();
    });

    async function signIn(extra: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Browser> {
      const browser = new Browser(base, headers);
      const answer = await browser.post('/sign-in', {
        userId: uniqueUser(),
        givenName: 'Mary',
        familyName: 'Smith',
        organisation: 'Leeds Teaching Hospitals',
        ...extra,
      });
      assert.equal(answer.status, 303);
      assert.equal(answer.location, '/');
      return browser;
    }

    async function ready(extra: Record<string, string> = {}): Promise<Browser & { userId?: string }> {
      const browser = await signIn(extra);
      const aup = await browser.get('/aup');
      assert.equal((await browser.post('/aup', { csrf: csrfOf(aup.text), version: '2026-11' })).location, '/');
      const form = await browser.get('/account-secret');
      const saved = await browser.post('/account-secret', { csrf: csrfOf(form.text), secret: SECRET, confirm: SECRET });
      assert.equal(saved.location, '/account-secret/saved');
      return browser;
    }

    it('shows the development sign-in form to a visitor, with no-store and a strict CSP', async () => {
      const answer = await new Browser(base).get('/');
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const csp = answer.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "script-src 'self'",
        "style-src 'self'",
        "require-trusted-types-for 'script'",
        'trusted-types lit-html dompurify',
      ]) {
        assert.ok(csp.includes(directive), directive);
      }
      assert.match(answer.text, /<html lang="en">/);
      for (const [id, label] of [
        ['user-id', 'User ID'],
        ['given-name', 'Given name'],
        ['family-name', 'Family name'],
        ['organisation', 'Organisation'],
        ['agent', 'Helpdesk agent'],
      ]) {
        assert.ok(
          answer.text.includes(
            `<label class="nhsuk-label${id === 'agent' ? ' nhsuk-checkboxes__label' : ''}" for="${id}">${label}</label>`,
          ),
          label,
        );
      }
      assert.match(answer.text, /<button class="nhsuk-button" type="submit">Sign in<\/button>/);
      assert.doesNotMatch(answer.text, /<script/, 'no bundle built here: no script');
      assert.doesNotMatch(answer.text, /style=|<style/);
    });

    it('signs in with the same session cookie as the JSON sign-in, and walks the seed order with 303s', async () => {
      const browser = new Browser(base);
      const signedIn = await browser.post('/sign-in', { userId: uniqueUser(), givenName: 'Mary', familyName: 'Smith' });
      assert.equal(signedIn.status, 303);
      const cookie = signedIn.headers.get('set-cookie') ?? '';
      // The attributes in any order: @fastify/cookie writes Max-Age first.
      assert.match(cookie, /^ase_session=[^;]+;/);
      for (const attribute of ['Path=/', 'HttpOnly', 'SameSite=Strict'])
        assert.ok(cookie.split('; ').includes(attribute), `${attribute} in ${cookie}`);
      // The page session works for the JSON API too, with the page's CSRF token as the header.
      assert.equal((await browser.get('/')).location, '/aup');
      const aup = await browser.get('/aup');
      assert.equal(aup.status, 200);
      assert.match(aup.text, /<aup-consent version="2026-11">/);
      assert.match(
        aup.text,
        /<button class="nhsuk-button" type="submit" name="version" value="2026-11">Accept and continue<\/button>/,
      );
      const csrf = csrfOf(aup.text);
      const api = Object.assign(new Client(base, 'x'), {
        cookie: `ase_session=${browser.cookies.get('ase_session')}`,
        csrfToken: csrf,
      });
      assert.equal((await api.get('/api/account-secret/status')).body.aup instanceof Object, true);

      const accepted = await browser.post('/aup', { csrf, version: '2026-11' });
      assert.equal(accepted.status, 303);
      assert.equal(accepted.location, '/');
      assert.equal((await browser.get('/')).location, '/account-secret');
      assert.equal(
        (await browser.get('/account')).location,
        '/account-secret',
        'a later step sends back to the one needed',
      );
      const saved = await browser.post('/account-secret', { csrf, secret: SECRET, confirm: SECRET });
      assert.equal(saved.status, 303);
      assert.equal(saved.location, '/account-secret/saved');
      const confirmation = await browser.get('/account-secret/saved');
      assert.match(confirmation.text, /Your account secret has been saved/);
      assert.equal((await browser.get('/')).location, '/account');
      const home = await browser.get('/account');
      assert.match(home.text, /<a href="\/check">Check your account secret<\/a>/);
      assert.doesNotMatch(home.text, /Check a caller/, 'only agents check callers');
      assert.equal((await browser.get('/helpdesk')).status, 403);
    });

    it('refuses a form without the CSRF field, or with a wrong one, and changes nothing', async () => {
      const browser = await signIn();
      const csrf = csrfOf((await browser.get('/aup')).text);
      for (const form of [
        { version: '2026-11' },
        { version: '2026-11', csrf: 'forged' },
        { version: '2026-11', csrf: '' },
      ] as Array<Record<string, string>>) {
        const refused = await browser.post('/aup', form);
        assert.equal(refused.status, 403);
        assert.match(refused.text, /This form has expired or did not come from this service/);
      }
      // The header alone (the JSON API's way) is not the page's.
      assert.equal((await browser.post('/aup', { version: '2026-11' }, { 'x-csrf-token': csrf })).status, 403);
      assert.equal((await browser.get('/')).location, '/aup', 'still not accepted');
      assert.equal((await browser.post('/aup', { version: '2026-11', csrf })).status, 303);
      assert.equal((await browser.get('/')).location, '/account-secret');
    });

    it('refuses a foreign Origin, a body that is not a form, and a body over 16 KiB', async () => {
      const browser = await signIn();
      const csrf = csrfOf((await browser.get('/aup')).text);
      assert.equal(
        (await browser.post('/aup', { csrf, version: '2026-11' }, { origin: 'https://evil.example' })).status,
        403,
      );
      const json = await browser.request('POST', '/aup', undefined, {
        'content-type': 'application/json',
        origin: base,
      });
      assert.equal(json.status, 415);
      const big = await browser.post('/aup', { csrf, version: '2026-11', padding: 'a'.repeat(20_000) });
      assert.equal(big.status, 413);
      assert.match(big.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal((await browser.get('/')).location, '/aup');
      // Without a session a form changes nothing: back to sign in.
      const stranger = await new Browser(base).post('/aup', { csrf, version: '2026-11' });
      assert.equal(stranger.status, 303);
      assert.equal(stranger.location, '/');
    });

    it('answers a bad secret with 422, an error summary linked to the field, and never the secret', async () => {
      const browser = await signIn();
      const csrf = csrfOf((await browser.get('/aup')).text);
      await browser.post('/aup', { csrf, version: '2026-11' });
      const cases: Array<[string, string, Array<[string, string]>]> = [
        ['Kingfisher7', 'Kingfisher7', [['#secret', 'Your secret must contain only letters (A to Z)']]],
        ['MarySmith', 'MarySmith', [['#secret', 'Your secret must not be your name or your organisation&#39;s name']]],
        ['Robin', 'Robin', [['#secret', 'Your secret must be at least 9 letters long']]],
        ['Kingfisherblue', 'Kingfisherbluf', [['#secret-confirm', 'The secrets you entered do not match']]],
        [
          'Kingfisher7',
          '',
          [
            ['#secret', 'Your secret must contain only letters (A to Z)'],
            ['#secret-confirm', 'Enter your account secret again'],
          ],
        ],
        ['', '', [['#secret', 'Enter an account secret']]],
      ];
      for (const [secret, confirm, summary] of cases) {
        const answer = await browser.post('/account-secret', { csrf, secret, confirm });
        assert.equal(answer.status, 422, secret);
        assert.deepEqual(summaryOf(answer.text), summary, secret);
        assert.match(
          answer.text,
          /<h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem<\/h2>/,
        );
        assert.match(
          answer.text,
          /class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1"/,
        );
        assert.match(answer.text, /<title>Error: /);
        const id = summary[0][0].slice(1);
        assert.match(answer.text, new RegExp(`<span class="nhsuk-error-message" id="${id}-error">`));
        if (secret) assert.ok(!answer.text.includes(secret), `${secret} is not in the page`);
        if (confirm) assert.ok(!answer.text.includes(confirm), `${confirm} is not in the page`);
        assert.doesNotMatch(answer.text, /type="password"[^>]*value=/);
      }
      // The history rule comes from the same domain function as the JSON route.
      assert.equal((await browser.post('/account-secret', { csrf, secret: SECRET, confirm: SECRET })).status, 303);
      const again = await browser.post('/account-secret', {
        csrf,
        secret: SECRET.toUpperCase(),
        confirm: SECRET.toUpperCase(),
      });
      assert.equal(again.status, 422);
      assert.deepEqual(summaryOf(again.text), [['#secret', 'Your secret must not be one of your last 5 secrets']]);
      assert.ok(!again.text.toLowerCase().includes(SECRET.toLowerCase()));
    });

    it('passes Check your account secret with the right characters, and refuses wrong ones with 422, then 423', async () => {
      const browser = await ready();
      const page = await browser.get('/check');
      assert.equal(page.status, 200);
      const csrf = csrfOf(page.text);
      let { challengeId, positions } = challengeOf(page.text);
      assert.match(page.text, /<legend[^>]*>Enter these characters from your account secret<\/legend>/);
      const missing = await browser.post('/check', { csrf, challengeId, answers: ['', 'a', 'b'] });
      assert.equal(missing.status, 422);
      assert.deepEqual(summaryOf(missing.text)[0][0], '#answer-1');
      const wrong = await browser.post('/check', { csrf, challengeId, answers: wrongAnswers(SECRET, positions) });
      assert.equal(wrong.status, 422);
      assert.match(summaryOf(wrong.text)[0][1], /^Those characters are not right\. You have 4 attempts left\.$/);
      ({ challengeId, positions } = challengeOf(wrong.text));
      const right = await browser.post('/check', {
        csrf,
        challengeId,
        answers: charactersAt(SECRET, positions).map((c) => c.toUpperCase()),
      });
      assert.equal(right.status, 303);
      assert.equal(right.location, '/check/verified');
      assert.match((await browser.get('/check/verified')).text, /Your account secret is correct/);

      for (let i = 0; i < 5; i++) {
        const current = challengeOf((await browser.get('/check')).text);
        const answer = await browser.post('/check', {
          csrf,
          challengeId: current.challengeId,
          answers: wrongAnswers(SECRET, current.positions),
        });
        assert.equal(answer.status, i < 4 ? 422 : 423, `attempt ${i + 1}`);
      }
      const locked = await browser.get('/check');
      assert.equal(locked.status, 423);
      assert.match(locked.text, /You have entered the wrong characters too many times/);
      assert.doesNotMatch(locked.text, /name="answers"/);
    });

    it("lets an agent check a caller's identity, and no one else", async () => {
      const caller = await ready();
      const callerId = [...(await caller.get('/account')).text.matchAll(/Signed in as ([^<]+)</g)][0][1];
      const agent = await ready({ agent: 'yes' });
      const home = await agent.get('/account');
      assert.match(home.text, /<a href="\/helpdesk">Check a caller’s identity<\/a>/);
      const form = await agent.get('/helpdesk');
      const csrf = csrfOf(form.text);
      assert.match(form.text, /<label class="nhsuk-label" for="caller-id">The caller’s User ID<\/label>/);
      const unknown = await agent.post('/helpdesk', { csrf, userId: 'nobody-here' });
      assert.equal(unknown.status, 422);
      assert.deepEqual(summaryOf(unknown.text)[0][0], '#caller-id');
      assert.equal((await agent.post('/helpdesk', { csrf, userId: '' })).status, 422);
      const found = await agent.post('/helpdesk', { csrf, userId: callerId });
      assert.equal(found.status, 303);
      assert.equal(found.location, `/helpdesk/users/${callerId}/check`);
      const page = await agent.get(found.location);
      assert.match(page.text, /<legend[^>]*>Ask the caller for these characters of their account secret<\/legend>/);
      assert.match(page.text, /name="answers" type="text"/);
      const { challengeId, positions } = challengeOf(page.text);
      const right = await agent.post(found.location, { csrf, challengeId, answers: charactersAt(SECRET, positions) });
      assert.equal(right.status, 303);
      assert.equal(right.location, `/helpdesk/users/${callerId}/verified`);
      assert.match((await agent.get(right.location)).text, /Identity checked/);
      // The caller is no agent.
      assert.equal((await caller.get(found.location)).status, 403);
    });

    it('asks for a recent sign-in before a secret is set, as the JSON route does', async () => {
      const browser = await signIn();
      const csrf = csrfOf((await browser.get('/aup')).text);
      await browser.post('/aup', { csrf, version: '2026-11' });
      fx.advance(16 * 60_000);
      try {
        const stale = await browser.post('/account-secret', { csrf, secret: SECRET, confirm: SECRET });
        assert.equal(stale.status, 401);
        assert.match(stale.text, /signed in within the last 15 minutes/);
        assert.equal((await browser.get('/')).location, '/account-secret', 'nothing saved');
      } finally {
        fx.advance(-16 * 60_000);
      }
    });

    it('speaks Welsh for Accept-Language: cy and for ?lang=cy, kept for the session, from the first byte', async () => {
      const byHeader = await new Browser(base, { 'accept-language': 'cy-GB,cy;q=0.9,en;q=0.5' }).get('/');
      assert.match(byHeader.text, /^<!doctype html>\n<html lang="cy">/);
      assert.match(byHeader.text, /<label class="nhsuk-label" for="user-id">ID defnyddiwr<\/label>/);
      assert.match(byHeader.text, /<button class="nhsuk-button" type="submit">Mewngofnodi<\/button>/);
      assert.match(
        (await new Browser(base, { 'accept-language': 'en;q=0.4, cy;q=0.8' }).get('/')).text,
        /<html lang="cy">/,
      );
      assert.match(
        (await new Browser(base, { 'accept-language': 'fr, en;q=0.9, cy;q=0.1' }).get('/')).text,
        /<html lang="en">/,
      );

      const browser = new Browser(base);
      assert.match((await browser.get('/?lang=cy')).text, /<html lang="cy">/);
      assert.match((await browser.get('/')).text, /<html lang="cy">/, 'kept');
      await browser.post('/sign-in', { userId: uniqueUser() });
      const aup = await browser.get('/aup');
      assert.match(aup.text, /<html lang="cy">/);
      assert.match(aup.text, />Derbyn a pharhau<\/button>/);
      assert.match(aup.text, /<div class="ase-policy" lang="en">/, 'the English-only policy is marked as English');
      await browser.post('/aup', { csrf: csrfOf(aup.text), version: '2026-11' });
      const refused = await browser.post('/account-secret', {
        csrf: csrfOf(aup.text),
        secret: 'Robin',
        confirm: 'Robin',
      });
      assert.equal(refused.status, 422);
      assert.match(refused.text, /id="error-summary-title">Mae problem wedi codi<\/h2>/);
      assert.deepEqual(summaryOf(refused.text), [
        ['#secret', 'Rhaid i&#39;ch cyfrinach fod o leiaf 9 llythyren o hyd'],
      ]);
      assert.match((await browser.get('/?lang=en')).headers.get('location') ?? '', /\/account-secret$/);
      assert.match((await browser.get('/account-secret')).text, /<html lang="en">/, 'switched back');
    });
  });
}

describe('journey pages and the rate limit', () => {
  it('answers a request over the session rate limit with a 429 page and Retry-After', async () => {
    const fx = await startFixture({ name: 'pglite' }, { rateLimit: { max: 3, windowMs: 60_000 } });
    try {
      const browser = new Browser(fx.server.url);
      await browser.post('/sign-in', { userId: uniqueUser() });
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await browser.get('/aup'));
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 429],
      );
      assert.match(answers[3].headers.get('retry-after') ?? '', /^\d+$/);
      assert.match(answers[3].text, /You have tried too many times\. Try again in/);
      assert.equal(answers[3].headers.get('cache-control'), 'no-store');
    } finally {
      await fx.cleanup();
    }
  });
});

describe('journey pages and the bundle', () => {
  it('loads the built bundle once, from /assets/, when dist/ has it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ase-bundle-'));
    mkdirSync(join(dir, 'chunks'));
    writeFileSync(join(dir, 'account-secret-elements.min.js'), 'export {};\n');
    writeFileSync(join(dir, 'chunks', 'welsh.js'), 'export const x = 1;\n');
    const fx = await startFixture({ name: 'pglite' }, { bundleDir: dir });
    try {
      const page = await new Browser(fx.server.url).get('/');
      assert.equal(page.text.match(/<script/g)?.length, 1);
      assert.match(page.text, /<script type="module" src="\/assets\/account-secret-elements\.min\.js"><\/script>/);
      const chunk = await new Browser(fx.server.url).get('/assets/chunks/welsh.js');
      assert.equal(chunk.status, 200);
      assert.match(chunk.headers.get('content-type') ?? '', /javascript/);
      const outside = await new Browser(fx.server.url).get('/assets/%2e%2e/%2e%2e/package.json');
      assert.notEqual(outside.status, 200);
      assert.doesNotMatch(outside.text, /"name"/);
      assert.equal((await new Browser(fx.server.url).get('/static/pages.css')).status, 200);
    } finally {
      await fx.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
