/**
 * SPEC, "What every element also guarantees (hardening)": one test (or a
 * few) per guarantee, each written to fail against the code before its fix
 * (issue #10). Requests are scripted with MSW handlers put in front of the
 * mocks, and held open with gates, so nothing here depends on timing.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';
import { paths } from '../mocks/index.js';
import { seedChallengePositions } from '../mocks/challenge.js';
import '../src/aup-consent/aup-consent.js';
import type { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import '../src/secret-challenge/secret-challenge.js';
import type { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import '../src/secret-setup/secret-setup.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { send, type HttpConfig } from '../src/internal/http.js';
import {
  boxes,
  answered,
  gate,
  part,
  q,
  recordEvents,
  requests,
  resetMocks,
  settle,
  text,
  typeInto,
  until,
  useMocks,
  values,
} from './helpers.js';

const SELF = paths.selfChallenge;
const agentPath = (user: string) => paths.agentChallenge.replace(':userId', user);
const CHALLENGE_EVENTS = ['challenge-ready', 'challenge-verified', 'challenge-failed', 'challenge-locked', 'challenge-error'];

let worker: SetupWorker;

async function readyChallenge(template: ReturnType<typeof html>): Promise<SecretChallengeElement> {
  const el = await fixture<SecretChallengeElement>(template);
  await until(() => boxes(el).length > 0 || !!q(el, '[part~="status"], [part~="error"]'), 5000, 'challenge');
  await el.updateComplete;
  return el;
}

async function typeAnswers(el: SecretChallengeElement, answers: string[]): Promise<void> {
  boxes(el)[0].focus();
  for (const answer of answers) await sendKeys({ type: answer });
  await el.updateComplete;
}

const posts = () => requests.filter((r) => r.method === 'POST');

describe('hardening (SPEC)', () => {
  before(async () => {
    worker = await useMocks();
  });
  beforeEach(() => {
    resetMocks();
    seedChallengePositions([2, 5, 8]);
  });

  describe('a change of subject aborts the request in flight', () => {
    it('agent: a 200 for caller A that arrives after the switch to caller B is never applied to B', async () => {
      const el = await readyChallenge(html`<secret-challenge mode="agent" endpoint=${agentPath('mary-smith')}></secret-challenge>`);
      const events = recordEvents(el, CHALLENGE_EVENTS);
      const held = gate();
      worker.use(http.post(agentPath('mary-smith'), async () => (await held.wait, HttpResponse.json({ verified: true }))));
      await typeAnswers(el, ['i', 'f', 'h']);
      part(el, 'submit').click();
      await until(() => posts().length === 1, 5000, 'the POST for A');

      el.endpoint = agentPath('ahmed-khan');
      await until(() => events.some((e) => e.type === 'challenge-ready'), 5000, 'the challenge for B');
      const lateAnswer = answered(worker, 'POST', agentPath('mary-smith'));
      held.open();
      await lateAnswer;
      await settle();
      await el.updateComplete;

      expect(events.map((e) => e.type)).to.deep.equal(['challenge-ready']);
      expect(q(el, '[part~="status"][data-state="verified"]')).to.equal(null);
      expect(boxes(el)).to.have.length(3);
      expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).to.deep.equal([
        `GET ${agentPath('mary-smith')}`,
        `POST ${agentPath('mary-smith')}`,
        `GET ${agentPath('ahmed-khan')}`,
      ]);
    });

    it('agent: after a 422 for caller A, the element shows B\'s challenge, not "Loading" for good', async () => {
      const el = await readyChallenge(html`<secret-challenge mode="agent" endpoint=${agentPath('mary-smith')}></secret-challenge>`);
      const events = recordEvents(el, CHALLENGE_EVENTS);
      const held = gate();
      worker.use(
        http.post(agentPath('mary-smith'), async () => {
          await held.wait;
          return HttpResponse.json({ verified: false, attemptsRemaining: 4 }, { status: 422 });
        }),
      );
      await typeAnswers(el, ['z', 'z', 'z']);
      part(el, 'submit').click();
      await until(() => posts().length === 1, 5000, 'the POST for A');
      el.endpoint = agentPath('ahmed-khan');
      held.open();
      await until(() => events.some((e) => e.type === 'challenge-ready'), 5000, 'the challenge for B');
      await el.updateComplete;
      expect(events.map((e) => e.type)).to.deep.equal(['challenge-ready']);
      expect(boxes(el)).to.have.length(3);
      expect(values(el)).to.deep.equal(['', '', '']);
    });

    it('a GET in flight is aborted when positions arrive from the host; its answer is ignored', async () => {
      const held = gate();
      worker.use(http.get(SELF, async () => (await held.wait, HttpResponse.json({ challengeId: 'server', positions: [1, 2, 3] }))));
      const el = await fixture<SecretChallengeElement>(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
      await until(() => requests.length === 1, 5000, 'the GET');
      const events = recordEvents(el, CHALLENGE_EVENTS);
      el.challengeId = 'host';
      el.positions = [4, 6];
      await until(() => boxes(el).length === 2, 5000, 'the host challenge');
      const lateAnswer = answered(worker, 'GET', SELF);
      held.open();
      await lateAnswer;
      await settle();
      await el.updateComplete;
      expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-ready', { positions: [4, 6] }]]);
      expect(boxes(el).map((box) => box.dataset.position)).to.deep.equal(['4', '6']);
    });

    it('a change of mode while a GET is in flight loads again', async () => {
      const held = gate();
      let calls = 0;
      worker.use(
        http.get(SELF, async () => {
          calls += 1;
          if (calls === 1) await held.wait;
          return HttpResponse.json({ challengeId: `c${calls}`, positions: calls === 1 ? [1, 2, 3] : [2, 4, 6] });
        }),
      );
      const el = await fixture<SecretChallengeElement>(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
      await until(() => calls === 1, 5000, 'the first GET');
      el.mode = 'agent';
      await until(() => boxes(el).length === 3, 5000, 'the second challenge');
      const lateAnswer = answered(worker, 'GET', SELF);
      held.open();
      await lateAnswer;
      await settle();
      await el.updateComplete;
      expect(boxes(el).map((box) => box.dataset.position)).to.deep.equal(['2', '4', '6']);
    });
  });

  describe('requests never follow redirects', () => {
    it('<secret-setup>: a 302 to a sign-in page is unauthorized, not saved, and the fields are kept', async () => {
      worker.use(
        http.post(paths.secret, () => new HttpResponse(null, { status: 302, headers: { Location: '/api/sign-in' } })),
        http.get('/api/sign-in', () => new HttpResponse('<html><body>Sign in</body></html>', { headers: { 'Content-Type': 'text/html' } })),
      );
      const el = await fixture<SecretSetupElement>(html`<secret-setup endpoint=${paths.secret} no-confirm></secret-setup>`);
      const events = recordEvents(el, ['secret-saved', 'secret-error']);
      await typeInto(part<HTMLInputElement>(el, 'input'), 'kingfisherblue');
      part(el, 'submit').click();
      await until(() => events.length > 0, 5000, 'an outcome');
      expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['secret-error', { kind: 'unauthorized' }]]);
      expect(part<HTMLInputElement>(el, 'input').value).to.equal('kingfisherblue');
      expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).to.deep.equal([`POST ${paths.secret}`]);
    });

    it('<secret-setup>: a 307 never re-sends the secret (or the host headers) to the target', async () => {
      worker.use(
        http.post(paths.secret, () => new HttpResponse(null, { status: 307, headers: { Location: '/api/elsewhere' } })),
        http.post('/api/elsewhere', () => HttpResponse.json({ savedAt: new Date().toISOString() })),
      );
      const el = await fixture<SecretSetupElement>(html`<secret-setup endpoint=${paths.secret} no-confirm></secret-setup>`);
      el.headers = { 'X-CSRF-Token': 'token-1' };
      const events = recordEvents(el, ['secret-saved', 'secret-error']);
      await typeInto(part<HTMLInputElement>(el, 'input'), 'kingfisherblue');
      part(el, 'submit').click();
      await until(() => events.length > 0, 5000, 'an outcome');
      expect(events.map((e) => e.type)).to.deep.equal(['secret-error']);
      expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).to.deep.equal([`POST ${paths.secret}`]);
    });

    it('<secret-challenge>: a redirected GET is an error, never a challenge', async () => {
      worker.use(
        http.get(SELF, () => new HttpResponse(null, { status: 302, headers: { Location: '/api/moved' } })),
        http.get('/api/moved', () => HttpResponse.json({ challengeId: 'x', positions: [1, 2, 3] })),
      );
      const el = await readyChallenge(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
      expect(boxes(el)).to.have.length(0);
      expect(q(el, '[part~="error"]')).to.not.equal(null);
      expect(requests.map((r) => r.url.pathname)).to.deep.equal([SELF]);
    });

    it('the HTTP seam asks fetch not to follow (redirect: manual)', async () => {
      const seen: RequestInit[] = [];
      const original = window.fetch;
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => (seen.push(init ?? {}), original.call(window, input, init));
      try {
        await send({ endpoint: SELF, credentials: 'same-origin', timeout: 15000 }, { method: 'GET', url: SELF });
      } finally {
        window.fetch = original;
      }
      expect(seen.map((init) => init.redirect)).to.deep.equal(['manual']);
    });
  });

  describe('positions are bounded', () => {
    const refused: Array<[string, unknown]> = [
      ['5 positions', [1, 2, 3, 4, 5]],
      ['a position beyond the longest secret (65)', [1, 2, 65]],
      ['a fractional position', [1, 2.5]],
    ];
    for (const [why, positions] of refused) {
      it(`a fetched challenge with ${why} is refused: bad-response, no boxes`, async () => {
        worker.use(http.get(SELF, () => HttpResponse.json({ challengeId: 'c', positions })));
        const el = await fixture<SecretChallengeElement>(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
        const events = recordEvents(el, CHALLENGE_EVENTS);
        await until(() => events.length > 0, 5000, 'an event');
        await el.updateComplete;
        expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-error', { kind: 'bad-response', status: 200 }]]);
        expect(boxes(el)).to.have.length(0);
      });
    }

    it('host positions asking for 5 characters are refused: bad-response, no boxes, nothing sent', async () => {
      const el = document.createElement('secret-challenge');
      const events = recordEvents(el, CHALLENGE_EVENTS);
      el.setAttribute('endpoint', SELF);
      el.setAttribute('positions', '1,2,3,4,5');
      await fixture<HTMLElement>(html`<div></div>`).then((div) => div.append(el));
      await until(() => events.length > 0, 5000, 'an event');
      await el.updateComplete;
      expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-error', { kind: 'bad-response' }]]);
      expect(boxes(el)).to.have.length(0);
      expect(requests).to.deep.equal([]);
    });

    it('the whole-secret field never takes the asked characters from fewer than twice as many', async () => {
      const el = await readyChallenge(html`<secret-challenge endpoint=${SELF} positions="1,2,3" challenge-id="c"></secret-challenge>`);
      const field = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
      field.focus();
      await sendKeys({ type: 'abcde' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(values(el)).to.deep.equal(['', '', '']);
      expect(posts()).to.deep.equal([]);
    });

    it('a whole secret pasted into the first box needs twice as many letters as boxes', async () => {
      const el = await readyChallenge(html`<secret-challenge endpoint=${SELF} positions="1,2,3" challenge-id="c"></secret-challenge>`);
      const data = new DataTransfer();
      data.setData('text/plain', 'abcd');
      boxes(el)[0].dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
      await el.updateComplete;
      expect(values(el)).to.deep.equal(['', '', '']);
    });
  });

  describe('pagehide clears every field holding a secret', () => {
    const pagehide = () => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));

    it('<secret-setup>', async () => {
      const el = await fixture<SecretSetupElement>(html`<secret-setup></secret-setup>`);
      await typeInto(part<HTMLInputElement>(el, 'input'), 'kingfisher');
      await typeInto(part<HTMLInputElement>(el, 'confirm-input'), 'kingfisher');
      pagehide();
      await el.updateComplete;
      expect([part<HTMLInputElement>(el, 'input').value, part<HTMLInputElement>(el, 'confirm-input').value, el.value]).to.deep.equal(['', '', '']);
    });

    it('<secret-challenge>: the boxes and the whole-secret field', async () => {
      const el = await readyChallenge(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
      await typeAnswers(el, ['a', 'b']);
      const field = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
      field.focus();
      await sendKeys({ type: 'kingf' });
      pagehide();
      await el.updateComplete;
      expect(values(el)).to.deep.equal(['', '', '']);
      expect(el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')?.value ?? '').to.equal('');
      expect(field.value).to.equal('');
    });
  });

  describe('events that carry typed characters stay inside', () => {
    const TYPES = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'paste', 'compositionstart', 'compositionupdate', 'compositionend'];
    let seen: string[];
    const listener = (event: Event) => seen.push(event.type);
    beforeEach(() => {
      seen = [];
      for (const type of TYPES) document.addEventListener(type, listener);
    });
    afterEach(() => {
      for (const type of TYPES) document.removeEventListener(type, listener);
    });

    const pasteInto = (input: HTMLInputElement, value: string) => {
      const data = new DataTransfer();
      data.setData('text/plain', value);
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
    };
    const compose = (input: HTMLInputElement) => {
      for (const type of ['compositionstart', 'compositionupdate', 'compositionend']) {
        input.dispatchEvent(new CompositionEvent(type, { data: 'k', bubbles: true, composed: true }));
      }
    };

    it('<secret-setup>', async () => {
      const el = await fixture<SecretSetupElement>(html`<secret-setup></secret-setup>`);
      await typeInto(part<HTMLInputElement>(el, 'input'), 'kin');
      pasteInto(part<HTMLInputElement>(el, 'confirm-input'), 'kingfisher');
      compose(part<HTMLInputElement>(el, 'input'));
      expect(seen).to.deep.equal([]);
    });

    it('<secret-challenge>: the boxes and the light-DOM whole-secret field', async () => {
      const el = await readyChallenge(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
      await typeAnswers(el, ['a']);
      pasteInto(boxes(el)[1], 'b');
      const field = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
      field.focus();
      await sendKeys({ type: 'ki' });
      compose(field);
      expect(seen).to.deep.equal([]);
    });

    it('a capture-phase listener on the page still sees them (documented)', async () => {
      const captured: string[] = [];
      const capture = (event: Event) => captured.push(event.type);
      document.addEventListener('keydown', capture, true);
      try {
        const el = await fixture<SecretSetupElement>(html`<secret-setup></secret-setup>`);
        await typeInto(part<HTMLInputElement>(el, 'input'), 'k');
      } finally {
        document.removeEventListener('keydown', capture, true);
      }
      expect(captured).to.deep.equal(['keydown']);
    });
  });

  describe('links, languages, forms, normalisation', () => {
    it('help-href is a link only for http(s) and relative URLs', async () => {
      for (const [href, link] of [
        ['javascript:alert(1)', false],
        [' JavaScript:alert(1)', false],
        ['data:text/html,x', false],
        ['https://example.org/help', true],
        ['/help', true],
      ] as const) {
        const el = await readyChallenge(html`<secret-challenge endpoint=${SELF} help-href=${href}></secret-challenge>`);
        expect(!!part(el, 'help').querySelector('a'), href).to.equal(link);
      }
    });

    it('a lang that names an Object.prototype key (constructor) falls back to English without error', async () => {
      const errors: unknown[] = [];
      const onError = (event: ErrorEvent) => errors.push(event.message);
      window.addEventListener('error', onError);
      try {
        const wrapper = await fixture<HTMLElement>(html`<div lang="constructor"><secret-setup></secret-setup><secret-challenge
          positions="1,2" challenge-id="c"></secret-challenge><aup-consent><p>Policy</p></aup-consent></div>`);
        const setup = wrapper.querySelector('secret-setup')!;
        await setup.updateComplete;
        expect(errors).to.deep.equal([]);
        expect(text(q(setup, 'label'))).to.contain('secret');
        expect(boxes(wrapper.querySelector('secret-challenge')!)).to.have.length(2);
      } finally {
        window.removeEventListener('error', onError);
      }
    });

    it('inside <form method="get">, the secret is never submitted in the URL: refused with a console warning', async () => {
      const warnings: unknown[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
      let defaultPrevented: boolean | undefined;
      const onSubmit = (event: Event) => {
        defaultPrevented = event.defaultPrevented;
        event.preventDefault(); // the test page itself never navigates
      };
      document.addEventListener('submit', onSubmit);
      try {
        const form = await fixture<HTMLFormElement>(html`<form method="get" action="/never"><secret-setup name="secret" no-confirm></secret-setup></form>`);
        const el = form.querySelector('secret-setup')!;
        await typeInto(part<HTMLInputElement>(el, 'input'), 'kingfisherblue');
        await sendKeys({ press: 'Enter' });
        await until(() => defaultPrevented !== undefined, 2000, 'the submit');
      } finally {
        document.removeEventListener('submit', onSubmit);
        console.warn = original;
      }
      expect(defaultPrevented).to.equal(true);
      expect(warnings.filter((w) => /method="?get"?|GET/i.test(String(w)))).to.have.length(1);
      expect(warnings.join(' ')).to.not.contain('kingfisher');
    });

    it('form.submit() on <form method="get"> (no submit event) navigates without the secret in the URL', async () => {
      const warnings: unknown[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
      try {
        const wrapper = await fixture<HTMLDivElement>(html`
          <div>
            <!-- about:blank: the form navigates the frame without a request, so the mock service worker is never asked for it -->
            <iframe name="get-sink" title="sink"></iframe>
            <form method="get" action="about:blank" target="get-sink">
              <input name="other" value="kept" />
              <secret-setup name="secret" no-confirm></secret-setup>
            </form>
          </div>
        `);
        const frame = wrapper.querySelector('iframe')!;
        const el = wrapper.querySelector('secret-setup')!;
        await typeInto(part<HTMLInputElement>(el, 'input'), 'kingfisherblue');
        const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
        wrapper.querySelector('form')!.submit();
        await loaded;
        const url = new URL(frame.contentWindow!.location.href);
        expect(`${url.protocol}${url.pathname}`).to.equal('about:blank');
        expect([...url.searchParams.keys()]).to.deep.equal(['other']);
        expect(url.href).to.not.contain('kingfisher');
      } finally {
        console.warn = original;
      }
      expect(warnings.filter((w) => /method="?get"?/i.test(String(w)))).to.have.length(1);
      expect(warnings.join(' ')).to.not.contain('kingfisher');
    });

    it('a form without method (script-driven) still reads the secret through new FormData(form)', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><secret-setup name="secret" no-confirm></secret-setup></form>`);
      const el = form.querySelector('secret-setup')!;
      await typeInto(part<HTMLInputElement>(el, 'input'), 'kingfisherblue');
      expect(new FormData(form).get('secret')).to.equal('kingfisherblue');
    });

    it('sends the secret in NFC', async () => {
      const el = await fixture<SecretSetupElement>(
        html`<secret-setup endpoint=${paths.secret} alphabet="unicode" no-confirm></secret-setup>`,
      );
      const events = recordEvents(el, ['secret-saved', 'secret-error', 'secret-rejected']);
      const input = part<HTMLInputElement>(el, 'input');
      input.focus();
      // "Siân" with a combining circumflex (NFD), as some keyboards and pastes give it.
      input.value = 'Sia\u0302nefyddmorgan';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
      await el.updateComplete;
      part(el, 'submit').click();
      await until(() => events.length > 0 && posts()[0]?.body !== '', 5000, 'an outcome and the recorded body');
      expect(posts().map((r) => JSON.parse(r.body) as unknown)).to.deep.equal([{ secret: 'Si\u00e2nefyddmorgan' }]);
    });

    it('passwordrules does not claim lower, upper for alphabet="unicode"', async () => {
      const latin = await fixture<SecretSetupElement>(html`<secret-setup></secret-setup>`);
      const unicode = await fixture<SecretSetupElement>(html`<secret-setup alphabet="unicode"></secret-setup>`);
      expect(part(latin, 'input').getAttribute('passwordrules')).to.equal('minlength: 9; maxlength: 64; allowed: lower, upper;');
      expect(part(unicode, 'input').getAttribute('passwordrules')).to.equal('minlength: 9; maxlength: 64;');
    });
  });

  describe('the HTTP seam is bounded', () => {
    const config = (extra: Partial<HttpConfig> = {}): HttpConfig => ({ endpoint: SELF, credentials: 'same-origin', timeout: 15000, ...extra });
    async function kindOf(promise: Promise<unknown>): Promise<string> {
      try {
        await promise;
        return 'ok';
      } catch (error) {
        return (error as { kind?: string }).kind ?? String(error);
      }
    }

    it('a headers() that throws is unauthorized (the host could not give its credentials), not network', async () => {
      const kind = await kindOf(send(config({ headers: () => { throw new Error('no token'); } }), { method: 'GET', url: SELF }));
      expect(kind).to.equal('unauthorized');
      expect(requests).to.deep.equal([]);
    });

    it('a headers() that never settles times out', async () => {
      const kind = await kindOf(send(config({ timeout: 200, headers: () => new Promise<Record<string, string>>(() => {}) }), { method: 'GET', url: SELF }));
      expect(kind).to.equal('timeout');
    });

    it('a timeout above 2^31-1 ms does not fire at once', async () => {
      const kind = await kindOf(send(config({ timeout: 2 ** 31 }), { method: 'GET', url: SELF }));
      expect(kind).to.equal('ok');
    });

    it('a response body over the limit is a bad response, read no further', async () => {
      worker.use(http.get(SELF, () => HttpResponse.json({ challengeId: 'x', positions: [1], padding: 'x'.repeat(300_000) })));
      const kind = await kindOf(send(config(), { method: 'GET', url: SELF }));
      expect(kind).to.equal('bad-response');
    });
  });

  describe('error and lock texts', () => {
    it('a lock ending on another day names the day, not only a time', async () => {
      const until_ = new Date(Date.now() + 36 * 3600 * 1000);
      worker.use(http.get(SELF, () => HttpResponse.json({ lockedUntil: until_.toISOString() }, { status: 423 })));
      const el = await readyChallenge(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
      const day = until_.toLocaleDateString('en-GB', { day: 'numeric', month: 'long' });
      expect(text(part(el, 'status'))).to.contain(day);
    });

    it('<secret-setup>: a lang switch puts the error on show in the new language', async () => {
      worker.use(http.post(paths.secret, () => new HttpResponse(null, { status: 503 })));
      const wrapper = await fixture<HTMLElement>(html`<div lang="en"><secret-setup endpoint=${paths.secret} no-confirm></secret-setup></div>`);
      const el = wrapper.querySelector('secret-setup')!;
      const events = recordEvents(el, ['secret-error']);
      await typeInto(part<HTMLInputElement>(el, 'input'), 'kingfisherblue');
      part(el, 'submit').click();
      await until(() => events.length > 0, 5000, 'the error');
      const { commonWelsh } = await import('../src/internal/messages.cy.js');
      wrapper.lang = 'cy';
      await until(() => text(part(el, 'error-summary')).includes(commonWelsh.errorServer), 5000, 'the Welsh error');
    });

    it('<aup-consent>: a policy image from another origin is dropped (no tracking pixels)', async () => {
      worker.use(
        http.get('/api/policy.html', () =>
          new HttpResponse(
            `<h1>Policy</h1><p>Text.</p><img alt="own" src="/api/logo.png"><img alt="pixel" src="https://tracker.example/p.gif">`,
            { headers: { 'Content-Type': 'text/html' } },
          ),
        ),
        http.get('/api/logo.png', () => new HttpResponse(null, { status: 204 })),
      );
      const el = await fixture<AupConsentElement>(html`<aup-consent src="/api/policy.html" version="1"></aup-consent>`);
      await until(() => !!el.shadowRoot!.querySelector('.policy-content'), 5000, 'the policy');
      const images = [...el.shadowRoot!.querySelectorAll('img')].map((img) => [img.alt, img.getAttribute('src')]);
      expect(images).to.deep.equal([
        ['own', new URL('/api/logo.png', location.href).href],
        ['pixel', null],
      ]);
    });
  });
});
