/**
 * SPEC, "What every element also guarantees (hardening)": one test (or a
 * few) per guarantee, each written to fail against the code before its fix
 * (issue #10). Requests are scripted with MSW handlers put in front of the
 * mocks, and held open with gates, so nothing here depends on timing.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { nothing, type TemplateResult } from 'lit';
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
  dispatchPaste,
  gate,
  part,
  q,
  recordEvents,
  requests,
  resetMocks,
  scriptedPaste,
  settle,
  text,
  typeAnswers,
  typeInto,
  until,
  useMocks,
  values,
} from './helpers.js';
import { aupPage, challengePageForm, MODES, modeTitle, pageSubmit, setupToLight, type Mode } from './support/light.js';
import { secretChallengeEnglish as challengeEn } from '../src/secret-challenge/messages.js';

const SELF = paths.selfChallenge;
const agentPath = (user: string) => paths.agentChallenge.replace(':userId', user);
const CHALLENGE_EVENTS = [
  'challenge-ready',
  'challenge-verified',
  'challenge-failed',
  'challenge-locked',
  'challenge-error',
];

let worker: SetupWorker;

async function readyChallenge(template: ReturnType<typeof html>): Promise<SecretChallengeElement> {
  const el = await fixture<SecretChallengeElement>(template);
  await until(() => boxes(el).length > 0 || !!q(el, '[part~="status"], [part~="error"]'), 5000, 'challenge');
  await el.updateComplete;
  return el;
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
      const el = await readyChallenge(
        html`<secret-challenge mode="agent" endpoint=${agentPath('mary-smith')}></secret-challenge>`,
      );
      const events = recordEvents(el, CHALLENGE_EVENTS);
      const held = gate();
      worker.use(
        http.post(agentPath('mary-smith'), async () => (await held.wait, HttpResponse.json({ verified: true }))),
      );
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
      const el = await readyChallenge(
        html`<secret-challenge mode="agent" endpoint=${agentPath('mary-smith')}></secret-challenge>`,
      );
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
      worker.use(
        http.get(
          SELF,
          async () => (await held.wait, HttpResponse.json({ challengeId: 'server', positions: [1, 2, 3] })),
        ),
      );
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
        http.get(
          '/api/sign-in',
          () => new HttpResponse('<html><body>Sign in</body></html>', { headers: { 'Content-Type': 'text/html' } }),
        ),
      );
      const el = await fixture<SecretSetupElement>(
        html`<secret-setup endpoint=${paths.secret} no-confirm></secret-setup>`,
      );
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
      const el = await fixture<SecretSetupElement>(
        html`<secret-setup endpoint=${paths.secret} no-confirm></secret-setup>`,
      );
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
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => (
        seen.push(init ?? {}),
        original.call(window, input, init)
      );
      try {
        await send({ credentials: 'same-origin', timeout: 15000 }, { method: 'GET', url: SELF });
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
        expect(events.map((e) => [e.type, e.detail])).to.deep.equal([
          ['challenge-error', { kind: 'bad-response', status: 200 }],
        ]);
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
      const el = await readyChallenge(
        html`<secret-challenge endpoint=${SELF} positions="1,2,3" challenge-id="c"></secret-challenge>`,
      );
      const field = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
      field.focus();
      await sendKeys({ type: 'abcde' });
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(values(el)).to.deep.equal(['', '', '']);
      expect(posts()).to.deep.equal([]);
    });

    it('a whole secret pasted into the first box needs twice as many letters as boxes', async () => {
      const el = await readyChallenge(
        html`<secret-challenge endpoint=${SELF} positions="1,2,3" challenge-id="c"></secret-challenge>`,
      );
      dispatchPaste(boxes(el)[0], 'abcd');
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
      expect([
        part<HTMLInputElement>(el, 'input').value,
        part<HTMLInputElement>(el, 'confirm-input').value,
        el.value,
      ]).to.deep.equal(['', '', '']);
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
    const TYPES = [
      'keydown',
      'keyup',
      'keypress',
      'beforeinput',
      'input',
      'paste',
      'compositionstart',
      'compositionupdate',
      'compositionend',
    ];
    let seen: string[];
    const listener = (event: Event) => seen.push(event.type);
    beforeEach(() => {
      seen = [];
      for (const type of TYPES) document.addEventListener(type, listener);
    });
    afterEach(() => {
      for (const type of TYPES) document.removeEventListener(type, listener);
    });

    const compose = (input: HTMLInputElement) => {
      for (const type of ['compositionstart', 'compositionupdate', 'compositionend']) {
        input.dispatchEvent(new CompositionEvent(type, { data: 'k', bubbles: true, composed: true }));
      }
    };

    it('<secret-setup>', async () => {
      const el = await fixture<SecretSetupElement>(html`<secret-setup></secret-setup>`);
      await typeInto(part<HTMLInputElement>(el, 'input'), 'kin');
      dispatchPaste(part<HTMLInputElement>(el, 'confirm-input'), 'kingfisher');
      compose(part<HTMLInputElement>(el, 'input'));
      expect(seen).to.deep.equal([]);
    });

    it('<secret-challenge>: the boxes and the light-DOM whole-secret field', async () => {
      const el = await readyChallenge(html`<secret-challenge endpoint=${SELF}></secret-challenge>`);
      await typeAnswers(el, ['a']);
      dispatchPaste(boxes(el)[1], 'b');
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

  describe(`the same guarantees with the page's own controls (${modeTitle('light')})`, () => {
    const pageSetup = async (attributes = html`<secret-setup endpoint=${paths.secret}></secret-setup>`) => {
      const el = await fixture<SecretSetupElement>(attributes);
      await setupToLight(el);
      return {
        el,
        secret: el.querySelector<HTMLInputElement>('#secret')!,
        confirm: el.querySelector<HTMLInputElement>('#secret-confirm'),
      };
    };
    const pageChallenge = async () => {
      const form = await fixture<HTMLFormElement>(
        challengePageForm({
          endpoint: SELF,
          positions: [2, 5, 8],
          legend: challengeEn.legendSelf,
          charLabel: challengeEn.charLabel,
        }),
      );
      const el = form.querySelector('secret-challenge')!;
      await until(() => boxes(el).length === 3, 5000, "the page's boxes");
      await el.updateComplete;
      return el;
    };

    it('<secret-setup>: a 302 to a sign-in page is unauthorized, not saved, and the fields are kept', async () => {
      worker.use(
        http.post(paths.secret, () => new HttpResponse(null, { status: 302, headers: { Location: '/api/sign-in' } })),
        http.get(
          '/api/sign-in',
          () => new HttpResponse('<html><body>Sign in</body></html>', { headers: { 'Content-Type': 'text/html' } }),
        ),
      );
      const { el, secret } = await pageSetup(html`<secret-setup endpoint=${paths.secret} no-confirm></secret-setup>`);
      const events = recordEvents(el, ['secret-saved', 'secret-error']);
      await typeInto(secret, 'kingfisherblue');
      pageSubmit(el).click();
      await until(() => events.length > 0, 5000, 'an outcome');
      expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['secret-error', { kind: 'unauthorized' }]]);
      expect(secret.value).to.equal('kingfisherblue');
      expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).to.deep.equal([`POST ${paths.secret}`]);
    });

    it("pagehide clears the page's fields and boxes", async () => {
      const { el, secret, confirm } = await pageSetup();
      await typeInto(secret, 'kingfisher');
      await typeInto(confirm!, 'kingfisher');
      const challenge = await pageChallenge();
      await typeAnswers(challenge, ['a', 'b']);
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      await el.updateComplete;
      await challenge.updateComplete;
      expect([secret.value, confirm!.value, el.value]).to.deep.equal(['', '', '']);
      expect(values(challenge)).to.deep.equal(['', '', '']);
    });

    describe("typing events: the page's inputs' go on to the page, the element's own field's stay inside", () => {
      const TYPES = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input', 'paste'];
      let seen: string[];
      const listener = (event: Event) => seen.push(event.type);
      beforeEach(() => {
        seen = [];
        for (const type of TYPES) document.addEventListener(type, listener);
      });
      afterEach(() => {
        for (const type of TYPES) document.removeEventListener(type, listener);
      });

      // docs/elements/secret-setup.md and secret-challenge.md ("Events"): the
      // page's inputs are the page's, and so are their events.
      it("<secret-setup>: the page's fields' events reach the page", async () => {
        const { secret, confirm } = await pageSetup();
        await typeInto(secret, 'k');
        dispatchPaste(confirm!, 'kingfisher');
        expect(new Set(seen)).to.include.keys('keydown', 'input', 'paste');
      });

      it("<secret-challenge>: the page's boxes' events reach the page; the element's whole-secret field's do not", async () => {
        const el = await pageChallenge();
        await typeAnswers(el, ['a']);
        dispatchPaste(boxes(el)[1], 'b');
        expect(new Set(seen)).to.include.keys('keydown', 'input', 'paste');
        seen = [];
        const field = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
        // Dispatched, as the field sits in a closed disclosure until the user opens it.
        field.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true, composed: true }));
        field.dispatchEvent(new InputEvent('input', { data: 'k', bubbles: true, composed: true }));
        dispatchPaste(field, 'kingfisher');
        expect(seen).to.deep.equal([]);
      });
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
        const wrapper =
          await fixture<HTMLElement>(html`<div lang="constructor"><secret-setup></secret-setup><secret-challenge
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

    it('sends the secret in NFC', async () => {
      const el = await fixture<SecretSetupElement>(
        html`<secret-setup endpoint=${paths.secret} alphabet="unicode" no-confirm></secret-setup>`,
      );
      const events = recordEvents(el, ['secret-saved', 'secret-error', 'secret-rejected']);
      const input = part<HTMLInputElement>(el, 'input');
      input.focus();
      // "Siân" with a combining circumflex (NFD), as some keyboards and pastes give it.
      scriptedPaste(input, 'Sia\u0302nefyddmorgan');
      await el.updateComplete;
      part(el, 'submit').click();
      await until(() => events.length > 0 && posts()[0]?.body !== '', 5000, 'an outcome and the recorded body');
      expect(posts().map((r) => JSON.parse(r.body) as unknown)).to.deep.equal([{ secret: 'Si\u00e2nefyddmorgan' }]);
    });

    it('passwordrules does not claim lower, upper for alphabet="unicode"', async () => {
      const latin = await fixture<SecretSetupElement>(html`<secret-setup></secret-setup>`);
      const unicode = await fixture<SecretSetupElement>(html`<secret-setup alphabet="unicode"></secret-setup>`);
      expect(part(latin, 'input').getAttribute('passwordrules')).to.equal(
        'minlength: 9; maxlength: 64; allowed: lower, upper;',
      );
      expect(part(unicode, 'input').getAttribute('passwordrules')).to.equal('minlength: 9; maxlength: 64;');
    });
  });

  describe('a form sent with GET never carries a secret in its URL', () => {
    const SECRET = 'kingfisherblue';
    let sinks = 0;

    /**
     * A form around `content` that navigates a frame, never the test page:
     * to about:blank, which loads without a request, so the mock service
     * worker is never asked for it. `method` absent: the form has none.
     */
    async function sinkForm(content: TemplateResult, method?: string) {
      sinks += 1;
      const target = `get-sink-${sinks}`;
      const wrapper = await fixture<HTMLDivElement>(html`
        <div>
          <iframe name=${target} title="sink"></iframe>
          <form action="about:blank" target=${target} method=${method ?? nothing}>
            <input name="other" value="kept" />
            ${content}
            <button>Continue</button>
          </form>
        </div>
      `);
      const form = wrapper.querySelector('form')!;
      return { form, frame: wrapper.querySelector('iframe')!, button: form.querySelector('button')! };
    }

    let navigations = 0;

    /**
     * Runs `act`, which sends `form` with GET into its frame, and resolves to
     * the frame's URL once it shows this navigation: the page's own field
     * gets a new value each time, so the URL cannot be an earlier one.
     */
    async function navigated(form: HTMLFormElement, frame: HTMLIFrameElement, act: () => void): Promise<URL> {
      navigations += 1;
      const marker = `kept-${navigations}`;
      form.querySelector<HTMLInputElement>('input[name="other"]')!.value = marker;
      act();
      const shown = () => new URL(frame.contentWindow?.location.href ?? 'about:blank');
      await until(
        () => shown().searchParams.get('other') === marker,
        5000,
        `the frame to show the GET (it shows ${shown().href})`,
      );
      return shown();
    }

    /** What the URL carries besides the page's own field. */
    const beyondOwn = (url: URL) => [...url.searchParams].filter(([name]) => name !== 'other');

    /** Runs `act`, which submits the form once; resolves to whether the submission was refused, as the page's last listener sees it. */
    async function refused(act: () => void | Promise<void>): Promise<boolean> {
      let prevented: boolean | undefined;
      const onSubmit = (event: Event) => void (prevented = event.defaultPrevented);
      document.addEventListener('submit', onSubmit);
      try {
        await act();
        await until(() => prevented !== undefined, 2000, 'the submit');
      } finally {
        document.removeEventListener('submit', onSubmit);
      }
      return prevented!;
    }

    /** What `run` wrote with console.warn. */
    async function warningsOf(run: () => void | Promise<void>): Promise<string[]> {
      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
      try {
        await run();
      } finally {
        console.warn = original;
      }
      return warnings;
    }

    /** A `<secret-setup>` in a sink form, nothing typed yet; in light mode with the page's own field, named "secret" by the page. */
    async function placeSetup(method: string | undefined, endpoint = false, mode: Mode = 'shadow', name = 'secret') {
      const sink = await sinkForm(
        html`<secret-setup name=${name || nothing} no-confirm endpoint=${endpoint ? paths.secret : nothing}></secret-setup>`,
        method,
      );
      const el = sink.form.querySelector('secret-setup')!;
      if (mode === 'light') await setupToLight(el);
      return { ...sink, el };
    }

    async function setupIn(method: string | undefined, endpoint = false, mode: Mode = 'shadow') {
      const sink = await placeSetup(method, endpoint, mode);
      const { el } = sink;
      await typeInto(
        mode === 'light' ? el.querySelector<HTMLInputElement>('#secret')! : part<HTMLInputElement>(el, 'input'),
        SECRET,
      );
      return sink;
    }

    /** The warning an element gives as soon as it finds its secret among a GET form's fields. */
    const connectWarnings = (warnings: string[], tag: string) =>
      warnings.filter(
        (w) =>
          w.startsWith(`<${tag}>: in a GET form, also without JavaScript`) &&
          w.includes('would put the secret in the URL') &&
          w.endsWith('use method="post".'),
      );

    for (const mode of MODES)
      for (const endpoint of [false, true])
        it(`<secret-setup> (${modeTitle(mode)}${endpoint ? ', endpoint set' : ''}), a form without method: warns once as it connects, before anything is typed; not on method="post"`, async () => {
          let el: SecretSetupElement | undefined;
          const warnings = await warningsOf(async () => {
            ({ el } = await placeSetup(undefined, endpoint, mode));
            await el.updateComplete;
          });
          expect(connectWarnings(warnings, 'secret-setup')).to.have.length(1);
          // Typing and re-rendering do not repeat it.
          const later = await warningsOf(async () => {
            await typeInto(
              mode === 'light' ? el!.querySelector<HTMLInputElement>('#secret')! : part<HTMLInputElement>(el!, 'input'),
              'kingfisherbl',
            );
            el!.requestUpdate();
            await el!.updateComplete;
          });
          expect(later.join(' ')).to.not.contain('kingfisher');
          expect(connectWarnings(later, 'secret-setup')).to.deep.equal([]);
          const posted = await warningsOf(async () => {
            const { el: other } = await placeSetup('post', endpoint, mode);
            await other.updateComplete;
          });
          expect(connectWarnings(posted, 'secret-setup')).to.deep.equal([]);
        });

    it('<secret-setup> (shadow DOM) without a name, in a form without method: no warning as it connects (no field of the form holds its secret)', async () => {
      const warnings = await warningsOf(async () => {
        const { el } = await placeSetup(undefined, true, 'shadow', '');
        await el.updateComplete;
      });
      expect(connectWarnings(warnings, 'secret-setup')).to.deep.equal([]);
    });

    for (const endpoint of [undefined, SELF])
      it(`<secret-challenge> (light DOM: the page's own boxes${endpoint ? ', endpoint set' : ''}), method="get": warns once as it connects; its own boxes (shadow DOM) do not`, async () => {
        const light = await warningsOf(async () => {
          const form = await fixture<HTMLFormElement>(
            challengePageForm({
              method: 'get',
              endpoint,
              positions: [2, 5, 8],
              givePositions: true,
              challengeId: 'c-get',
              legend: challengeEn.legendSelf,
              charLabel: challengeEn.charLabel,
            }),
          );
          const el = form.querySelector('secret-challenge')!;
          await until(() => !!el.querySelector('.ase-toggle'), 5000, "the page's boxes enhanced");
          await el.updateComplete;
        });
        expect(connectWarnings(light, 'secret-challenge')).to.have.length(1);
        const shadow = await warningsOf(async () => {
          const { form } = await sinkForm(
            html`<secret-challenge positions="2,5,8" challenge-id="c" endpoint=${endpoint ?? nothing}></secret-challenge>`,
          );
          const el = form.querySelector('secret-challenge')!;
          await until(() => boxes(el).length === 3, 5000, 'the boxes');
          await el.updateComplete;
        });
        expect(connectWarnings(shadow, 'secret-challenge')).to.deep.equal([]);
      });

    const GET_SUBMISSIONS: Array<{
      what: string;
      method?: string;
      formmethod?: string;
      endpoint?: boolean;
      enter?: boolean;
    }> = [
      { what: "no method, endpoint set, the form's own button", endpoint: true },
      { what: "no method, no endpoint, the form's own button" },
      { what: 'no method, no endpoint, Enter in the field', enter: true },
      { what: 'method="get", Enter in the field', method: 'get', enter: true },
      { what: 'method="put" (no form method: the browser uses GET)', method: 'put', endpoint: true },
      { what: 'a submitter with formmethod="get" on method="post"', method: 'post', formmethod: 'get', endpoint: true },
    ];
    for (const mode of MODES)
      for (const { what, method, formmethod, endpoint, enter } of GET_SUBMISSIONS) {
        it(`<secret-setup> (${modeTitle(mode)}), ${what}: the submission is refused${
          endpoint ? ' (the element sends the secret itself, over JSON)' : ', with a console warning'
        }`, async () => {
          const { el, button } = await setupIn(method, endpoint, mode);
          if (formmethod) button.setAttribute('formmethod', formmethod);
          const outcome = recordEvents(el, ['secret-saved', 'secret-error']);
          let wasRefused: boolean | undefined;
          const warnings = await warningsOf(async () => {
            wasRefused = await refused(() => (enter ? sendKeys({ press: 'Enter' }) : button.click()));
          });
          expect(wasRefused, 'the page does not navigate').to.equal(true);
          expect(warnings.join(' ')).to.not.contain('kingfisher');
          if (endpoint) {
            // With an endpoint the element takes a GET submission over in
            // both modes (docs/decisions.md, "A form sent with GET never
            // carries the secret"): the secret goes in a JSON body, never a
            // URL, so there is no warning at the submission.
            expect(warnings.filter((w) => w.includes('not submitted'))).to.deep.equal([]);
            await until(() => outcome.length > 0, 5000, "the element's own save");
            expect(requests.map((r) => `${r.method} ${r.url.href}`)).to.deep.equal([
              `POST ${new URL(paths.secret, location.href).href}`,
            ]);
            return;
          }
          expect(
            warnings.filter((w) => w.startsWith('<secret-setup>: not submitted') && w.includes('URL')),
          ).to.have.length(1);
          expect(el.value, 'the secret stays for a retry').to.equal(SECRET);
          expect(requests).to.deep.equal([]);
        });
      }

    it('<secret-setup>, no method, nothing typed: the host form is submitted as usual', async () => {
      const { form, frame, button } = await sinkForm(html`<secret-setup name="secret" no-confirm></secret-setup>`);
      const warnings = await warningsOf(async () => {
        const url = await navigated(form, frame, () => button.click());
        expect(beyondOwn(url)).to.deep.equal([]);
      });
      expect(warnings).to.deep.equal([]);
    });

    it('<secret-setup>, method="post": submitted with the secret in the body, no warning', async () => {
      const { form, button } = await setupIn('post', true);
      const sent: unknown[] = [];
      // The entry list is built during the click; the POST then navigates the frame.
      form.addEventListener('formdata', (event) => sent.push(event.formData.get('secret')));
      const warnings = await warningsOf(() => button.click());
      expect(sent).to.deep.equal([SECRET]);
      expect(warnings).to.deep.equal([]);
    });

    it('<secret-setup>, a submitter with formmethod="post" on a form without method: sent without the secret, with a warning (the form\'s method governs its data)', async () => {
      const { form, button } = await setupIn(undefined, true);
      button.setAttribute('formmethod', 'post');
      const sent: unknown[] = [];
      form.addEventListener('formdata', (event) => sent.push(event.formData.get('secret')));
      const warnings = await warningsOf(() => button.click());
      expect(sent).to.deep.equal([null]);
      expect(warnings.filter((w) => w.startsWith('<secret-setup>: left out of the form data'))).to.have.length(1);
    });

    for (const [label, method] of [
      ['method="get"', 'get'],
      ['a form without method', undefined],
      ['method="put"', 'put'],
    ] as const) {
      it(`<secret-setup>: form.submit() on ${label} (no submit event) navigates without the secret in the URL`, async () => {
        const { form, frame } = await setupIn(method);
        let url: URL | undefined;
        const warnings = await warningsOf(async () => {
          url = await navigated(form, frame, () => form.submit());
        });
        expect(`${url!.protocol}${url!.pathname}`).to.equal('about:blank');
        expect(beyondOwn(url!)).to.deep.equal([]);
        expect(
          warnings.filter((w) => w.startsWith('<secret-setup>: left out of the form data') && w.includes('URL')),
        ).to.have.length(1);
        expect(warnings.join(' ')).to.not.contain('kingfisher');
      });
    }

    it('<secret-setup>: a host that cancels a formmethod="post" submission and calls form.submit() on its GET form sends no secret', async () => {
      const { form, frame, button } = await setupIn(undefined, true);
      button.setAttribute('formmethod', 'post');
      form.addEventListener(
        'submit',
        (event) => {
          event.preventDefault();
          form.submit();
        },
        { once: true },
      );
      let url: URL | undefined;
      const warnings = await warningsOf(async () => {
        url = await navigated(form, frame, () => button.click());
      });
      expect(beyondOwn(url!)).to.deep.equal([]);
      expect(warnings.filter((w) => w.startsWith('<secret-setup>: left out of the form data'))).to.have.length(1);
    });

    it('<secret-setup>: new FormData(form) leaves the secret out on a form without method (it cannot be told from form.submit()), keeps it on method="post"', async () => {
      const { form } = await setupIn(undefined);
      let entries: Array<[string, FormDataEntryValue]> = [];
      const warnings = await warningsOf(() => void (entries = [...new FormData(form)]));
      expect(entries).to.deep.equal([['other', 'kept']]);
      expect(warnings.filter((w) => w.startsWith('<secret-setup>: left out of the form data'))).to.have.length(1);
      form.setAttribute('method', 'post');
      expect(new FormData(form).get('secret')).to.equal(SECRET);
    });

    // One submission per form: Firefox drops a form.submit() made just after the same form's last navigation.
    const SENDS = [
      ["the form's own button", (sink: { button: HTMLButtonElement }) => sink.button.click()],
      ['form.submit()', (sink: { form: HTMLFormElement }) => sink.form.submit()],
    ] as const;

    /** The page's own `<secret-challenge>` form (light mode), without `method`, sent into a frame like `sinkForm`'s. */
    async function challengeSink() {
      sinks += 1;
      const target = `get-sink-${sinks}`;
      const wrapper = await fixture<HTMLDivElement>(html`<div>
        <iframe name=${target} title="sink"></iframe>
        ${challengePageForm({
          method: null,
          positions: [2, 5, 8],
          givePositions: true,
          challengeId: 'c',
          legend: challengeEn.legendSelf,
          charLabel: challengeEn.charLabel,
        })}
      </div>`);
      const form = wrapper.querySelector('form')!;
      form.action = 'about:blank';
      form.target = target;
      form.prepend(Object.assign(document.createElement('input'), { name: 'other', value: 'kept' }));
      return {
        form,
        frame: wrapper.querySelector('iframe')!,
        button: pageSubmit(form.querySelector('secret-challenge')!),
      };
    }

    for (const mode of MODES)
      for (const [how, send] of SENDS) {
        it(`<secret-challenge> (${modeTitle(mode)}): the boxes and a half-typed whole secret never reach the URL of a form without method (${how}${
          mode === 'light' && how !== 'form.submit()' ? ': refused, with a warning' : ''
        })`, async () => {
          const sink =
            mode === 'light'
              ? await challengeSink()
              : await sinkForm(html`<secret-challenge positions="2,5,8" challenge-id="c"></secret-challenge>`);
          const el = sink.form.querySelector('secret-challenge')!;
          await until(() => boxes(el).length === 3, 5000, 'the boxes');
          await typeAnswers(el, ['i', 'f', 'h']);
          const field = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
          // Typed by hand, the whole secret waits in its field until the field is left.
          await typeInto(field, 'kingf');
          expect([values(el), field.value]).to.deep.equal([['i', 'f', 'h'], 'kingf']);
          // The page's own hidden fields go as they are; no character does.
          const pageOwn =
            mode === 'light'
              ? [
                  ['csrf', 'TOKEN'],
                  ['challengeId', 'c'],
                ]
              : [];
          const warnings = await warningsOf(async () => {
            expect([...new FormData(sink.form)].filter(([name]) => name !== 'other')).to.deep.equal(pageOwn);
            if (mode === 'light' && how !== 'form.submit()') {
              expect(await refused(() => send(sink)), 'the page does not navigate').to.equal(true);
              return;
            }
            const url = await navigated(sink.form, sink.frame, () => send(sink));
            expect(beyondOwn(url)).to.deep.equal(pageOwn);
          });
          expect(warnings.join(' ')).to.not.match(/kingf|\b[ifh]\b/);
          // Light mode: one for new FormData(form), one for the submission (refused, or its data).
          if (mode === 'light')
            expect(
              warnings.filter((w) => /^<secret-challenge>: (not submitted|left out of the form data)/.test(w)),
            ).to.have.length(2);
        });
      }

    it("<aup-consent> (light DOM: the page's own button), a form without method: no warning as it connects or submits; the button sends the version (it holds no secret)", async () => {
      sinks += 1;
      const target = `get-sink-${sinks}`;
      let url: URL | undefined;
      const warnings = await warningsOf(async () => {
        const wrapper = await fixture<HTMLDivElement>(html`<div>
          <iframe name=${target} title="sink"></iframe>
          ${aupPage({ method: null, version: '2026-11', policy: html`<p>Short policy.</p>`, accept: 'Accept and continue' })}
        </div>`);
        const form = wrapper.querySelector('form')!;
        form.action = 'about:blank';
        form.target = target;
        form.prepend(Object.assign(document.createElement('input'), { name: 'other', value: 'kept' }));
        const el = form.querySelector('aup-consent')!;
        await until(() => el.read, 5000, 'read');
        await el.updateComplete;
        const button = form.querySelector<HTMLButtonElement>('aup-consent > button[type="submit"]')!;
        url = await navigated(form, wrapper.querySelector('iframe')!, () => button.click());
      });
      expect(beyondOwn(url!)).to.deep.equal([
        ['csrf', 'TOKEN'],
        ['version', '2026-11'],
      ]);
      expect(warnings).to.deep.equal([]);
    });

    for (const [how, send] of SENDS) {
      it(`<aup-consent>: an accepted version is still submitted by a form without method (${how})`, async () => {
        const sink = await sinkForm(html`<aup-consent name="aup" version="2026-11"><p>Short policy.</p></aup-consent>`);
        const el = sink.form.querySelector('aup-consent')!;
        await until(() => el.read, 5000, 'read');
        await el.accept();
        let url: URL | undefined;
        const warnings = await warningsOf(async () => {
          url = await navigated(sink.form, sink.frame, () => send(sink));
        });
        expect(beyondOwn(url!)).to.deep.equal([['aup', '2026-11']]);
        expect(warnings).to.deep.equal([]);
      });
    }
  });

  describe('the HTTP seam is bounded', () => {
    const config = (extra: Partial<HttpConfig> = {}): HttpConfig => ({
      credentials: 'same-origin',
      timeout: 15000,
      ...extra,
    });
    async function kindOf(promise: Promise<unknown>): Promise<string> {
      try {
        await promise;
        return 'ok';
      } catch (error) {
        return (error as { kind?: string }).kind ?? String(error);
      }
    }

    it('a headers() that throws is unauthorized (the host could not give its credentials), not network', async () => {
      const kind = await kindOf(
        send(
          config({
            headers: () => {
              throw new Error('no token');
            },
          }),
          { method: 'GET', url: SELF },
        ),
      );
      expect(kind).to.equal('unauthorized');
      expect(requests).to.deep.equal([]);
    });

    it('a headers() that never settles times out', async () => {
      const kind = await kindOf(
        send(config({ timeout: 200, headers: () => new Promise<Record<string, string>>(() => {}) }), {
          method: 'GET',
          url: SELF,
        }),
      );
      expect(kind).to.equal('timeout');
    });

    it('a timeout above 2^31-1 ms does not fire at once', async () => {
      const kind = await kindOf(send(config({ timeout: 2 ** 31 }), { method: 'GET', url: SELF }));
      expect(kind).to.equal('ok');
    });

    it('a response body over the limit is a bad response, read no further', async () => {
      worker.use(
        http.get(SELF, () => HttpResponse.json({ challengeId: 'x', positions: [1], padding: 'x'.repeat(300_000) })),
      );
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
      const wrapper = await fixture<HTMLElement>(
        html`<div lang="en"><secret-setup endpoint=${paths.secret} no-confirm></secret-setup></div>`,
      );
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
        http.get(
          '/api/policy.html',
          () =>
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
