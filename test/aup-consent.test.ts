import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';
import '../src/aup-consent/aup-consent.js';
import type { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import { aupConsentEnglish as en } from '../src/aup-consent/messages.js';
import { aupConsentWelsh as cy } from '../src/aup-consent/messages.cy.js';
import { aupAcceptances } from '../mocks/aup.js';
import { scenario, type Scenario } from '../mocks/scenarios.js';
import { formContract } from './form-contract.js';
import type { TrustedTypesReport } from './fixtures/aup/trusted-types-page.js';
import {
  announced,
  deepActiveElement,
  part,
  recordEvents,
  requests,
  resetMocks,
  text,
  until,
  useMocks,
} from './helpers.js';
import { aupPage, pageSource, MODES, type Mode } from './support/light.js';

const ENDPOINT = '/api/aup/acceptance';
const VERSION = '2026-11';
const FIXTURES = '/test/fixtures/aup';
const EVENTS = ['aup-read', 'aup-accepted', 'aup-declined', 'aup-error'];

let worker: SetupWorker;

const maybePart = (el: AupConsentElement, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

/**
 * The two ways a page uses the element: its own Accept in shadow DOM, or
 * the page's own submit button among its children ("HTML first"). Suites
 * that hold in both run once per mode; `mode` is set by each run's `before`.
 */
let mode: Mode = 'shadow';
/** The page's button in light mode. */
const pageButton = (el: AupConsentElement) => el.querySelector<HTMLButtonElement>(':scope > button[type="submit"]');
/** The accept control: the page's button, or the element's own. */
const acceptOf = (el: AupConsentElement): HTMLButtonElement => pageButton(el) ?? part<HTMLButtonElement>(el, 'accept');
/** The hint: beside the page's button in light DOM, or in the shadow root. */
const hintOf = (el: AupConsentElement): HTMLElement =>
  el.querySelector<HTMLElement>(':scope > [part~="hint"]') ?? part(el, 'hint');
/** The accept control as the user can reach it: in light mode, only while it is slotted. */
const acceptShown = (el: AupConsentElement) =>
  pageButton(el) ? pageButton(el)!.assignedSlot !== null : !!maybePart(el, 'accept');

/** Submissions of a page form, as the page saw them after the element had its say; none navigates. */
const submissions: Array<{ prevented: boolean; data: Array<[string, string]> }> = [];
const onSubmit = (event: SubmitEvent) => {
  const form = event.target as HTMLFormElement;
  submissions.push({
    prevented: event.defaultPrevented,
    data: [...new FormData(form, event.submitter)].map(([k, v]) => [k, typeof v === 'string' ? v : v.name]),
  });
  event.preventDefault();
};
const posted = () => submissions.filter((s) => !s.prevented);
/** A URL as a browser reads it: whitespace and control characters do not count. */
const withoutControls = (value: string) => [...value].filter((c) => c.charCodeAt(0) > 0x20).join('');
const frames = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
};

/** Thirty paragraphs: far taller than a 10rem region. */
function longPolicy() {
  return Array.from(
    { length: 30 },
    (_, i) =>
      html`<p>Paragraph ${i + 1}. Read every word of this paragraph of the demonstration policy before you accept it.</p>`,
  );
}

async function longFixture(attributes: { endpoint?: string } = {}): Promise<AupConsentElement> {
  const endpoint = attributes.endpoint ?? ENDPOINT;
  const style = '--ase-policy-max-height: 10rem';
  const policy = html`<h2>Demo policy</h2>
    ${longPolicy()}`;
  const found = await fixture<HTMLElement>(
    mode === 'light'
      ? aupPage({ version: VERSION, endpoint, style, policy, accept: 'Accept and continue' })
      : html`<aup-consent version=${VERSION} endpoint=${endpoint} style=${style}>${policy}</aup-consent>`,
  );
  const el = (found.localName === 'aup-consent' ? found : found.querySelector('aup-consent')) as AupConsentElement;
  await el.updateComplete;
  // Give end detection its chance to (wrongly) say the end is in view.
  await frames();
  expect(el.read, 'a long policy is not read on arrival').to.equal(false);
  return el;
}

/** Clicks the middle of an element with the real mouse. */
async function click(target: Element): Promise<void> {
  target.scrollIntoView({ block: 'center' });
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

async function scrollToEnd(el: AupConsentElement): Promise<void> {
  const region = part(el, 'policy');
  region.scrollTop = region.scrollHeight;
  await until(() => el.read, 5000, 'end reached');
}

async function acceptByKeyboard(el: AupConsentElement): Promise<void> {
  acceptOf(el).focus();
  await sendKeys({ press: 'Enter' });
}

function expectNoRequest(): void {
  expect(requests.filter((r) => r.url.pathname === ENDPOINT)).to.deep.equal([]);
}

describe('<aup-consent>', () => {
  before(async () => {
    worker = await useMocks();
    document.addEventListener('submit', onSubmit);
  });
  after(() => document.removeEventListener('submit', onSubmit));
  beforeEach(() => {
    resetMocks();
    submissions.length = 0;
  });
  afterEach(() => {
    delete (window as { aupHostile?: unknown }).aupHostile;
  });

  describe('accessibility', () => {
    for (const m of MODES) {
      it(`is accessible before the end, after the end, on error and after acceptance (${m})`, async () => {
        mode = m;
        const el = await longFixture().finally(() => (mode = 'shadow'));
        await expect(el).to.be.accessible();

        await scrollToEnd(el);
        await el.updateComplete;
        await expect(el).to.be.accessible();

        worker.use(...scenario('server-error'));
        await acceptByKeyboard(el);
        await until(() => !!maybePart(el, 'error-summary'), 5000, 'error summary');
        await expect(el).to.be.accessible();

        worker.resetHandlers();
        await acceptByKeyboard(el);
        await until(() => !!maybePart(el, 'confirmation'), 5000, 'confirmation');
        await expect(el).to.be.accessible();
      });
    }

    it('is accessible with a fetched policy, an earlier acceptance, and a failed load', async () => {
      const el = await fixture<AupConsentElement>(
        html`<aup-consent version=${VERSION} src="${FIXTURES}/long.html" accepted-at="2025-03-14T09:30:00Z"></aup-consent>`,
      );
      await until(() => !!el.shadowRoot!.querySelector('.policy-content'), 5000, 'policy loaded');
      await expect(el).to.be.accessible();

      el.src = `${FIXTURES}/missing.html`;
      await until(() => !!el.shadowRoot!.querySelector('#load-error'), 5000, 'load error');
      await expect(el).to.be.accessible();
    });

    it('names the policy region, makes it focusable, and describes the unavailable Accept by the hint', async () => {
      const el = await longFixture();
      const region = part(el, 'policy');
      expect(region.getAttribute('role')).to.equal('region');
      expect(region.getAttribute('aria-label')).to.equal(en.policyLabel);
      expect(region.tabIndex).to.equal(0);
      const accept = acceptOf(el);
      expect(accept.tagName).to.equal('BUTTON');
      expect(accept.hasAttribute('disabled'), 'not a dead button').to.equal(false);
      expect(accept.getAttribute('aria-disabled')).to.equal('true');
      const hint = hintOf(el);
      expect(accept.getAttribute('aria-describedby')).to.equal(hint.id);
      expect(el.shadowRoot!.getElementById(hint.id)).to.equal(hint);
      expect(text(hint)).to.equal(en.hintUnread);
    });

    it('is reached by Tab, and shows a visible focus ring on the policy', async () => {
      const before = await fixture<HTMLDivElement>(html`<div>
        <button id="before">Before</button>
        <aup-consent version=${VERSION} style="--ase-policy-max-height: 10rem">${longPolicy()}</aup-consent>
      </div>`);
      const el = before.querySelector('aup-consent')!;
      await el.updateComplete;
      before.querySelector<HTMLButtonElement>('#before')!.focus();
      await sendKeys({ press: 'Tab' });
      const region = part(el, 'policy');
      expect(deepActiveElement()).to.equal(region);
      const style = getComputedStyle(region);
      expect(style.outlineStyle).to.equal('solid');
      expect(parseFloat(style.outlineWidth)).to.be.at.least(3);
    });
  });

  for (const m of MODES) {
    describe(`before the end of the policy (${m})`, () => {
      before(() => (mode = m));
      after(() => (mode = 'shadow'));

      it('Accept by mouse sends nothing, explains why, and moves focus to the policy', async () => {
        const el = await longFixture();
        const events = recordEvents(el, EVENTS);
        await click(acceptOf(el));
        await until(() => announced(el) !== '', 5000, 'announcement');
        expect(announced(el)).to.equal(en.mustReadFirst);
        expect(text(hintOf(el))).to.equal(en.hintUnread);
        expect(hintOf(el).classList.contains('hint--nudged'), 'hint emphasised').to.equal(true);
        expect(deepActiveElement()).to.equal(part(el, 'policy'));
        expect(events).to.deep.equal([]);
        expectNoRequest();
        expect(maybePart(el, 'confirmation')).to.equal(null);
        expect(el.value).to.equal('');
      });

      it('Accept by keyboard (Enter and Space) sends nothing and moves focus to the policy', async () => {
        const el = await longFixture();
        const events = recordEvents(el, EVENTS);
        // ' ' is the Space bar: Firefox's WebDriver BiDi knows no key named "Space".
        for (const key of ['Enter', ' ']) {
          acceptOf(el).focus();
          await sendKeys({ press: key });
          await until(() => deepActiveElement() === part(el, 'policy'), 5000, `focus on policy after ${key}`);
        }
        await el.updateComplete;
        expect(el.read, 'moving focus does not scroll the policy to its end').to.equal(false);
        expect(events).to.deep.equal([]);
        expectNoRequest();
      });

      it('accept() by script is guarded too', async () => {
        const el = await longFixture();
        const events = recordEvents(el, EVENTS);
        await el.accept();
        await frames();
        expect(events).to.deep.equal([]);
        expectNoRequest();
      });
    });
  }

  for (const m of MODES) {
    describe(`reaching the end (${m})`, () => {
      before(() => (mode = m));
      after(() => (mode = 'shadow'));

      async function expectReadOnce(el: AupConsentElement, events: ReturnType<typeof recordEvents>): Promise<void> {
        await until(() => el.read, 5000, 'end reached');
        await el.updateComplete;
        expect(acceptOf(el).getAttribute('aria-disabled')).to.equal('false');
        expect(acceptOf(el).hasAttribute('aria-describedby')).to.equal(false);
        expect(text(hintOf(el))).to.equal(en.hintRead);
        await until(() => announced(el) !== '', 5000, 'announcement');
        expect(announced(el)).to.equal(en.readAnnouncement);
        expect(events.map((e) => e.type)).to.deep.equal(['aup-read']);
        expect(events[0].event.bubbles && events[0].event.composed).to.equal(true);
      }

      it('by the mouse wheel', async () => {
        const el = await longFixture();
        const events = recordEvents(el, EVENTS);
        const region = part(el, 'policy');
        const box = region.getBoundingClientRect();
        for (let turn = 0; turn < 40 && !el.read; turn++) {
          await executeServerCommand('wheel', { x: box.x + box.width / 2, y: box.y + box.height / 2, deltaY: 200 });
          await frames(2);
        }
        expect(region.scrollTop, 'the wheel scrolled the region').to.be.greaterThan(0);
        await expectReadOnce(el, events);
        // Focus stays where the user left it: the wheel does not focus, and reaching the end moves nothing.
        expect(deepActiveElement()).to.not.equal(acceptOf(el));
      });

      for (const key of ['End', 'PageDown', ' ', 'ArrowDown']) {
        it(`by the keyboard (${key === ' ' ? 'Space' : key}), with focus left on the policy`, async () => {
          const el = await longFixture();
          const events = recordEvents(el, EVENTS);
          const region = part(el, 'policy');
          region.focus();
          for (let press = 0; press < 200 && !el.read; press++) {
            await sendKeys({ press: key });
            await frames(1);
          }
          expect(region.scrollTop).to.be.greaterThan(0);
          await expectReadOnce(el, events);
          expect(deepActiveElement()).to.equal(region);
        });
      }

      it('by a programmatic scroll', async () => {
        const el = await longFixture();
        const events = recordEvents(el, EVENTS);
        const region = part(el, 'policy');
        region.scrollTop = region.scrollHeight;
        await expectReadOnce(el, events);
      });

      it('not by scrolling only part of the way', async () => {
        const el = await longFixture();
        const region = part(el, 'policy');
        region.scrollTop = (region.scrollHeight - region.clientHeight) / 2;
        await frames(4);
        expect(el.read).to.equal(false);
        expect(acceptOf(el).getAttribute('aria-disabled')).to.equal('true');
      });

      it('fires aup-read once, however often the end comes back into view', async () => {
        const el = await longFixture();
        const events = recordEvents(el, EVENTS);
        const region = part(el, 'policy');
        await scrollToEnd(el);
        for (let i = 0; i < 3; i++) {
          region.scrollTop = 0;
          await frames(2);
          region.scrollTop = region.scrollHeight;
          await frames(2);
        }
        expect(events.map((e) => e.type)).to.deep.equal(['aup-read']);
      });

      it('at once for a short policy, quietly', async () => {
        const seen: string[] = [];
        const listener = (event: Event) => seen.push(event.type);
        document.addEventListener('aup-read', listener);
        try {
          const el = await fixture<AupConsentElement>(
            html`<aup-consent version=${VERSION} endpoint=${ENDPOINT}><p>A short policy.</p></aup-consent>`,
          );
          await until(() => el.read, 5000, 'short policy read');
          await el.updateComplete;
          expect(acceptOf(el).getAttribute('aria-disabled')).to.equal('false');
          expect(seen).to.deep.equal(['aup-read']);
          await frames(4);
          // Nothing changed for the user: no announcement.
          expect(announced(el)).to.equal('');
        } finally {
          document.removeEventListener('aup-read', listener);
        }
      });

      it('at once for a short fetched policy, once its content has loaded', async () => {
        const el = await fixture<AupConsentElement>(
          html`<aup-consent version=${VERSION} endpoint=${ENDPOINT} src="${FIXTURES}/short.html"></aup-consent>`,
        );
        const events = recordEvents(el, EVENTS);
        await until(() => el.read, 5000, 'short fetched policy read');
        expect(text(part(el, 'policy'))).to.contain('This test policy is short enough');
        expect(events.map((e) => e.type)).to.deep.equal(['aup-read']);
      });

      it('not while a fetched policy is still loading, however short the loading text', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        worker.use(
          http.get('/api/test/policy', async () => {
            await gate;
            return new HttpResponse('<p>Held policy.</p>', { headers: { 'Content-Type': 'text/html' } });
          }),
        );
        const el = await fixture<AupConsentElement>(
          html`<aup-consent version=${VERSION} src="/api/test/policy"></aup-consent>`,
        );
        await frames(4);
        expect(el.read).to.equal(false);
        expect(part(el, 'policy').getAttribute('aria-busy')).to.equal('true');
        expect(text(part(el, 'policy'))).to.equal(en.loading);
        release();
        await until(() => el.read, 5000, 'read after load');
        expect(part(el, 'policy').getAttribute('aria-busy')).to.equal('false');
      });

      it('not with nothing to read, and at once when short content is slotted later', async () => {
        const el = await fixture<AupConsentElement>(html`<aup-consent version=${VERSION}> </aup-consent>`);
        await frames(4);
        expect(el.read).to.equal(false);
        const p = document.createElement('p');
        p.textContent = 'Policy added by the host after the element.';
        el.append(p);
        await until(() => el.read, 5000, 'read after slotting');
      });

      it('when a resize (or zoom) brings the end into view without scrolling', async () => {
        const el = await longFixture();
        const events = recordEvents(el, EVENTS);
        el.style.setProperty('--ase-policy-max-height', '1000rem');
        await until(() => el.read, 5000, 'read after resize');
        expect(events.map((e) => e.type)).to.deep.equal(['aup-read']);
      });
    });
  }

  for (const m of MODES) {
    describe(`accepting with an endpoint (${m})`, () => {
      before(() => (mode = m));
      after(() => (mode = 'shadow'));

      it('sends the exact request, fires aup-accepted with the server answer, and shows a focused confirmation', async () => {
        const el = await longFixture();
        el.headers = () => Promise.resolve({ 'X-CSRF-Token': 'token-1' });
        await scrollToEnd(el);
        const events = recordEvents(el, EVENTS);
        await acceptByKeyboard(el);
        await until(() => events.length > 0, 5000, 'event');

        expect(requests).to.have.length(1);
        const [request] = requests;
        expect(request.method).to.equal('POST');
        expect(request.url.pathname).to.equal(ENDPOINT);
        expect(request.headers.get('content-type')).to.equal('application/json');
        expect(request.headers.get('accept')).to.equal('application/json, application/problem+json');
        expect(request.headers.get('x-csrf-token')).to.equal('token-1');
        expect(JSON.parse(request.body)).to.deep.equal({ version: VERSION });

        const recorded = aupAcceptances();
        expect(recorded).to.have.length(1);
        expect(recorded[0].version).to.equal(VERSION);
        expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['aup-accepted', recorded[0]]]);
        expect(events[0].event.bubbles && events[0].event.composed).to.equal(true);

        await el.updateComplete;
        const confirmation = part(el, 'confirmation');
        expect(confirmation.getAttribute('role')).to.equal('status');
        expect(deepActiveElement()).to.equal(confirmation);
        const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(
          new Date(recorded[0].acceptedAt),
        );
        expect(text(confirmation)).to.equal(`${en.confirmationTitle} ${en.confirmationBody(VERSION, when)}`);
        expect(acceptShown(el)).to.equal(false);
        expect(el.value).to.equal(VERSION);
      });

      it('sends one request for a double click, and says it is busy meanwhile', async () => {
        worker.use(...scenario('slow'));
        const el = await longFixture();
        await scrollToEnd(el);
        const events = recordEvents(el, EVENTS);
        const accept = acceptOf(el);
        await click(accept);
        await click(accept);
        await el.updateComplete;
        expect(accept.getAttribute('aria-disabled')).to.equal('true');
        // The page's button keeps the page's words; the element's own says it is busy.
        if (mode === 'shadow') expect(text(accept)).to.equal(en.accepting);
        await until(() => events.length > 0, 8000, 'accepted');
        await frames(2);
        expect(requests.filter((r) => r.url.pathname === ENDPOINT)).to.have.length(1);
        expect(events.map((e) => e.type)).to.deep.equal(['aup-accepted']);
        expect(aupAcceptances()).to.have.length(1);
      });

      const failures: Array<{ name: string; use: Scenario | 'hang'; kind: string; status?: number; message: string }> =
        [
          { name: '401', use: 'session-expired', kind: 'unauthorized', status: 401, message: en.errorUnauthorized },
          { name: '403', use: 'forbidden', kind: 'forbidden', status: 403, message: en.errorForbidden },
          {
            name: '429 with Retry-After',
            use: 'rate-limited',
            kind: 'rate-limited',
            status: 429,
            message: en.errorRateLimitedIn(120),
          },
          { name: '500', use: 'server-error', kind: 'server', status: 500, message: en.errorServer },
          { name: '502 HTML error page', use: 'html-error', kind: 'server', status: 502, message: en.errorServer },
          { name: 'network error', use: 'network-error', kind: 'network', message: en.errorNetwork },
          { name: 'timeout', use: 'hang', kind: 'timeout', message: en.errorTimeout },
          {
            name: 'malformed 2xx body',
            use: 'malformed',
            kind: 'bad-response',
            status: 200,
            message: en.errorBadResponse,
          },
          { name: '400', use: 'bad-request', kind: 'bad-response', status: 400, message: en.errorBadResponse },
        ];
      for (const failure of failures) {
        it(`on ${failure.name}: says so, fires aup-error {kind: ${failure.kind}}, and loses nothing`, async () => {
          worker.use(...scenario(failure.use));
          const el = await longFixture();
          await scrollToEnd(el);
          const events = recordEvents(el, EVENTS);
          // Short only for the acceptance under test; the recovery below gets the usual timeout back.
          if (failure.use === 'hang') el.timeout = 300;
          await acceptByKeyboard(el);
          await until(() => events.length > 0, 5000, 'aup-error');
          const expected =
            failure.status === undefined ? { kind: failure.kind } : { kind: failure.kind, status: failure.status };
          expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['aup-error', expected]]);

          await el.updateComplete;
          const summary = part(el, 'error-summary');
          expect(text(summary)).to.equal(`${en.errorSummaryTitle} ${failure.message}`);
          expect(deepActiveElement()).to.equal(summary);
          expect(el.read, 'still read').to.equal(true);
          expect(acceptOf(el).getAttribute('aria-disabled')).to.equal('false');
          expect(maybePart(el, 'confirmation')).to.equal(null);
          expect(el.value).to.equal('');
          expect(aupAcceptances()).to.deep.equal([]);

          // The service recovers: accepting again works without reading again.
          worker.resetHandlers();
          el.timeout = 15000;
          await acceptByKeyboard(el);
          await until(() => events.length > 1, 5000, 'aup-accepted');
          expect(events.map((e) => e.type)).to.deep.equal(['aup-error', 'aup-accepted']);
          await el.updateComplete;
          expect(maybePart(el, 'error-summary')).to.equal(null);
        });
      }

      it('refuses a 2xx answer for another version as bad-response', async () => {
        worker.use(
          http.post(ENDPOINT, () => HttpResponse.json({ version: '1999-01', acceptedAt: new Date().toISOString() })),
        );
        const el = await longFixture();
        await scrollToEnd(el);
        const events = recordEvents(el, EVENTS);
        await acceptByKeyboard(el);
        await until(() => events.length > 0, 5000, 'aup-error');
        expect(events.map((e) => [e.type, e.detail])).to.deep.equal([
          ['aup-error', { kind: 'bad-response', status: 200 }],
        ]);
      });

      it('shows an earlier acceptance (accepted-at) and still offers to accept again', async () => {
        const earlier = '2025-03-14T09:30:00Z';
        const el = await fixture<AupConsentElement>(
          html`<aup-consent version=${VERSION} endpoint=${ENDPOINT} accepted-at=${earlier}><p>Short policy.</p></aup-consent>`,
        );
        const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(
          new Date(earlier),
        );
        expect(text(part(el, 'earlier'))).to.equal(en.earlierAcceptance(when));
        await until(() => el.read, 5000, 'read');
        const events = recordEvents(el, EVENTS);
        await acceptByKeyboard(el);
        await until(() => events.length > 0, 5000, 'accepted');
        expect(events.map((e) => e.type)).to.deep.equal(['aup-accepted']);
        expect(requests).to.have.length(1);
        await el.updateComplete;
        expect(maybePart(el, 'earlier')).to.equal(null);
      });
    });
  }

  describe('shadow mode only', () => {
    it('Decline fires aup-declined and sends nothing', async () => {
      const el = await longFixture();
      const events = recordEvents(el, EVENTS);
      part(el, 'decline').focus();
      await sendKeys({ press: 'Enter' });
      expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['aup-declined', {}]]);
      expect(events[0].event.bubbles && events[0].event.composed).to.equal(true);
      expectNoRequest();
    });
  });

  describe('a policy from src', () => {
    it('is fetched through the seam as HTML, without the host headers, and shown sanitised', async () => {
      const policy = '<!doctype html><title>t</title><h2 id="intro">Policy from the server</h2>\n<p>Body text.</p>';
      worker.use(
        http.get('/api/test/policy', () => new HttpResponse(policy, { headers: { 'Content-Type': 'text/html' } })),
      );
      const el = await fixture<AupConsentElement>(html`<aup-consent
        version=${VERSION}
        src="/api/test/policy"
        .headers=${{ Authorization: 'Bearer not-for-the-policy' }}
      ></aup-consent>`);
      await until(() => el.read, 5000, 'loaded and read');
      expect(requests).to.have.length(1);
      expect(requests[0].method).to.equal('GET');
      expect(requests[0].headers.get('accept')).to.equal('text/html');
      expect(requests[0].headers.get('authorization')).to.equal(null);
      const content = el.shadowRoot!.querySelector('.policy-content')!;
      expect(content.querySelector('h2')!.id).to.equal('user-content-intro');
      expect(text(content)).to.equal('Policy from the server Body text.');
    });

    for (const [name, body] of [
      ['an empty body', ''],
      [
        'only what the sanitiser removes',
        '<script>window.__aupEmpty = 1</script><iframe src="about:blank"></iframe><form></form>',
      ],
    ]) {
      it(`never counts ${name} as a policy read: Accept stays unavailable and the failure is reported`, async () => {
        worker.use(
          http.get(
            '/api/test/empty-policy',
            () => new HttpResponse(body, { headers: { 'Content-Type': 'text/html' } }),
          ),
        );
        const el = document.createElement('aup-consent');
        const events = recordEvents(el, EVENTS);
        el.setAttribute('version', VERSION);
        el.setAttribute('endpoint', ENDPOINT);
        el.setAttribute('src', '/api/test/empty-policy');
        await fixture<AupConsentElement>(el);
        await until(() => events.some((e) => e.type === 'aup-error'), 5000, 'aup-error');
        expect(events.map((e) => e.type)).to.deep.equal(['aup-error']);
        expect(events[0].detail).to.deep.equal({ kind: 'bad-response', status: 200 });
        expect(el.read).to.equal(false);
        expect(acceptOf(el).getAttribute('aria-disabled')).to.equal('true');
        expect(el.shadowRoot!.textContent).to.include(en.loadFailed);
        await expect(el).to.be.accessible();
      });
    }

    it('does nothing hostile: no script runs, no iframe, form, script, on* attribute or javascript: URL survives', async () => {
      const el = await fixture<AupConsentElement>(
        html`<aup-consent version=${VERSION} endpoint=${ENDPOINT} src="${FIXTURES}/hostile.html"></aup-consent>`,
      );
      await until(() => !!el.shadowRoot!.querySelector('.policy-content'), 5000, 'policy loaded');
      const root = el.shadowRoot!;
      const content = root.querySelector<HTMLElement>('.policy-content')!;
      // The harmless text survives.
      expect(text(content.querySelector('#user-content-kept'))).to.equal(
        'This paragraph is harmless and must survive.',
      );
      expect(text(content.querySelector('#user-content-last'))).to.equal('The end of the hostile policy.');

      const forbidden =
        'script, iframe, frame, form, input, button, object, embed, svg, math, style, link, meta, base, details, noscript';
      expect([...content.querySelectorAll(forbidden)].map((node) => node.localName)).to.deep.equal([]);
      expect(root.querySelectorAll('iframe, form, script, object, embed')).to.have.length(0);
      for (const node of content.querySelectorAll('*')) {
        for (const attribute of node.getAttributeNames()) {
          expect(attribute, `${node.localName}[${attribute}]`).to.not.match(/^on/i);
          expect([
            'style',
            'class',
            'part',
            'tabindex',
            'aria-hidden',
            'data-fake',
            'formaction',
            'autofocus',
          ]).to.not.include(attribute);
        }
        for (const name of ['href', 'src', 'action', 'data']) {
          const value = node.getAttribute(name);
          if (value !== null)
            expect(withoutControls(value), `${node.localName}[${name}]`).to.not.match(
              /^(javascript|data:text|vbscript):/i,
            );
        }
      }
      // The policy cannot impersonate the element's own parts or ids.
      expect(root.querySelectorAll('[part~="accept"]')).to.have.length(1);
      expect(root.querySelectorAll('[part~="confirmation"]')).to.have.length(0);
      expect(root.querySelectorAll('#hint')).to.have.length(1);
      expect(root.getElementById('hint')).to.equal(hintOf(el));
      // Links that pointed at script no longer point anywhere; clicking them does nothing.
      for (const id of ['js-link', 'js-mixed', 'js-tab', 'data-link', 'click-link']) {
        const link = content.querySelector<HTMLAnchorElement>(`#user-content-${id}`)!;
        expect(link, id).to.not.equal(null);
        expect(link.hasAttribute('href'), `${id} href`).to.equal(false);
        link.click();
      }
      const safe = content.querySelector<HTMLAnchorElement>('#user-content-safe-link')!;
      expect(safe.href).to.equal('https://example.org/guidance');
      expect(safe.target).to.equal('_blank');
      expect(safe.rel).to.equal('noopener noreferrer');
      // The broken image has had its chance to fire error handlers.
      const image = content.querySelector('img')!;
      expect(image.getAttribute('onerror')).to.equal(null);
      if (!image.complete) await new Promise((resolve) => image.addEventListener('error', resolve, { once: true }));
      await frames(4);
      expect((window as { aupHostile?: unknown }).aupHostile).to.equal(undefined);
      await expect(el).to.be.accessible();
    });

    it('resolves links against the policy, opens them safely in a new tab, and follows in-policy links inside the region', async () => {
      const el = await fixture<AupConsentElement>(
        html`<aup-consent version=${VERSION} src="${FIXTURES}/long.html" style="--ase-policy-max-height: 10rem"></aup-consent>`,
      );
      await until(() => !!el.shadowRoot!.querySelector('.policy-content'), 5000, 'policy loaded');
      await el.updateComplete;
      const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('.policy-content a')];
      const byText = (start: string) => links.find((a) => text(a).startsWith(start))!;
      const relative = byText('the rules');
      expect(relative.href).to.equal(new URL(`${FIXTURES}/rules.html`, location.href).href);
      expect(relative.target).to.equal('_blank');
      expect(relative.rel).to.equal('noopener noreferrer');
      expect(text(relative)).to.equal(`the rules ${en.opensInNewTab}`);
      const mail = byText('helpdesk');
      expect(mail.href).to.equal('mailto:helpdesk@example.org');
      expect(mail.target).to.equal('');

      const jump = byText('Go to section 12');
      expect(jump.getAttribute('href')).to.equal('#section-12');
      const hash = location.hash;
      await click(jump);
      const target = el.shadowRoot!.getElementById('user-content-section-12')!;
      await until(() => deepActiveElement() === target, 5000, 'focus on section 12');
      expect(location.hash, 'page URL untouched').to.equal(hash);
      const region = part(el, 'policy');
      expect(region.scrollTop).to.be.greaterThan(0);
      expect(el.read).to.equal(false);
    });

    async function underStrictCsp(src: string): Promise<TrustedTypesReport> {
      const frame = document.createElement('iframe');
      frame.title = 'Strict CSP page';
      const report = new Promise<TrustedTypesReport>((resolve) => {
        window.addEventListener('message', function onMessage(event: MessageEvent<TrustedTypesReport>) {
          if (event.source === frame.contentWindow && event.data.type === 'aup-trusted-types-report') {
            window.removeEventListener('message', onMessage);
            resolve(event.data);
          }
        });
      });
      frame.src = `${FIXTURES}/trusted-types.html?src=${encodeURIComponent(src)}`;
      document.body.append(frame);
      const result = await report;
      frame.remove();
      expect(result.errors, 'errors').to.deep.equal([]);
      expect(result.steps).to.deep.equal(['loaded', 'read', 'accepted']);
      if ('trustedTypes' in window) expect(result.canaryBlocked, 'policy enforced').to.equal(true);
      return result;
    }

    it('works under a strict CSP with Trusted Types (policies lit-html and dompurify only), with no violation', async function () {
      this.timeout(30_000);
      const result = await underStrictCsp(`${FIXTURES}/short.html`);
      expect(result.violations.join('\n'), 'violations').to.equal('');
    });

    it('under a strict CSP, a hostile policy breaks no Trusted Types rule; the CSP only reports what the inert parse met', async function () {
      this.timeout(30_000);
      const result = await underStrictCsp(`${FIXTURES}/hostile.html`);
      // Chromium checks the inline handlers, styles and <base> of the document
      // DOMPurify parses (inert: none of it can run) and reports them; Firefox does not.
      for (const violation of result.violations) {
        expect(violation.split(' ')[0], violation).to.be.oneOf([
          'script-src-attr',
          'style-src-attr',
          'style-src-elem',
          'base-uri',
        ]);
      }
      expect(result.hostileRan, 'nothing ran in the strict page').to.equal(null);
    });

    for (const failure of [
      {
        name: '404',
        src: `${FIXTURES}/missing.html`,
        detail: { kind: 'bad-response', status: 404 },
        message: en.errorBadResponse,
      },
      { name: 'network error', src: '/api/test/policy-down', detail: { kind: 'network' }, message: en.errorNetwork },
    ]) {
      it(`shows a message when the policy cannot be fetched (${failure.name}), and can try again`, async () => {
        worker.use(http.get('/api/test/policy-down', () => HttpResponse.error()));
        const seen: Array<{ type: string; detail: unknown }> = [];
        const listener = (event: Event) => seen.push({ type: event.type, detail: (event as CustomEvent).detail });
        document.addEventListener('aup-error', listener);
        try {
          const el = await fixture<AupConsentElement>(
            html`<aup-consent version=${VERSION} src=${failure.src}></aup-consent>`,
          );
          await until(() => !!el.shadowRoot!.querySelector('#load-error'), 5000, 'load error');
          expect(text(el.shadowRoot!.querySelector('#load-error'))).to.equal(
            `${en.errorPrefix} ${en.loadFailed} ${failure.message}`,
          );
          expect(seen).to.deep.equal([{ type: 'aup-error', detail: failure.detail }]);
          expect(el.read).to.equal(false);
          expect(acceptOf(el).getAttribute('aria-disabled')).to.equal('true');

          // The policy comes back: Try again shows it.
          worker.use(
            http.get(
              failure.src,
              () => new HttpResponse('<p>Back again.</p>', { headers: { 'Content-Type': 'text/html' } }),
            ),
          );
          const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('#retry')!;
          expect(text(retry)).to.equal(en.retry);
          retry.focus();
          await sendKeys({ press: 'Enter' });
          await until(() => el.read, 5000, 'read after retry');
          expect(text(part(el, 'policy'))).to.equal('Back again.');
        } finally {
          document.removeEventListener('aup-error', listener);
        }
      });
    }
  });

  describe('without an endpoint, in a form', () => {
    it('accepts on the client: aup-accepted with the browser time, the version as form value', async () => {
      const form = await fixture<HTMLFormElement>(html`<form>
        <aup-consent name="aup" version=${VERSION} required><p>Short policy.</p></aup-consent>
      </form>`);
      const el = form.querySelector('aup-consent')!;
      await until(() => el.read, 5000, 'read');
      expect(new FormData(form).has('aup')).to.equal(false);
      expect(el.validity.valueMissing).to.equal(true);
      const events = recordEvents(el, EVENTS);
      const before = Date.now();
      await acceptByKeyboard(el);
      await until(() => events.length > 0, 5000, 'accepted');
      const after = Date.now();
      expect(events.map((e) => e.type)).to.deep.equal(['aup-accepted']);
      const detail = events[0].detail as { version: string; acceptedAt: string };
      expect(detail.version).to.equal(VERSION);
      expect(detail.acceptedAt).to.equal(new Date(detail.acceptedAt).toISOString());
      expect(Date.parse(detail.acceptedAt)).to.be.within(before, after);
      expect(new FormData(form).get('aup')).to.equal(VERSION);
      expect(el.validity.valid).to.equal(true);
      expect(requests, 'no request without endpoint').to.deep.equal([]);
      await el.updateComplete;
      expect(deepActiveElement()).to.equal(part(el, 'confirmation'));
    });

    it('can withdraw a client-side acceptance before the form is sent', async () => {
      const form = await fixture<HTMLFormElement>(html`<form>
        <aup-consent name="aup" version=${VERSION}><p>Short policy.</p></aup-consent>
      </form>`);
      const el = form.querySelector('aup-consent')!;
      await until(() => el.read, 5000, 'read');
      const events = recordEvents(el, EVENTS);
      await acceptByKeyboard(el);
      await until(() => el.value === VERSION, 5000, 'accepted');
      await el.updateComplete;
      const withdraw = part(el, 'decline');
      expect(text(withdraw)).to.equal(en.withdraw);
      withdraw.focus();
      await sendKeys({ press: 'Enter' });
      expect(events.map((e) => e.type)).to.deep.equal(['aup-accepted', 'aup-declined']);
      expect(el.value).to.equal('');
      expect(new FormData(form).has('aup')).to.equal(false);
      await el.updateComplete;
      expect(deepActiveElement()).to.equal(acceptOf(el));
      expect(acceptOf(el).getAttribute('aria-disabled'), 'still read').to.equal('false');
    });

    it('shows why a required, unaccepted form cannot be submitted', async () => {
      const form = await fixture<HTMLFormElement>(html`<form>
        <aup-consent name="aup" version=${VERSION} required style="--ase-policy-max-height: 10rem">${longPolicy()}</aup-consent>
      </form>`);
      const el = form.querySelector('aup-consent')!;
      expect(el.validationMessage).to.equal(en.errorRequired);
      form.requestSubmit();
      await el.updateComplete;
      const error = el.shadowRoot!.querySelector('#required-error')!;
      expect(text(error)).to.equal(`${en.errorPrefix} ${en.errorRequired}`);
      expect(acceptOf(el).getAttribute('aria-describedby')).to.equal('hint required-error');
      await expect(el).to.be.accessible();
    });

    it('cannot be accepted while a fieldset around it is disabled', async () => {
      const form = await fixture<HTMLFormElement>(html`<form>
        <fieldset disabled><aup-consent name="aup" version=${VERSION}><p>Short policy.</p></aup-consent></fieldset>
      </form>`);
      const el = form.querySelector('aup-consent')!;
      await until(() => el.read, 5000, 'read');
      const events = recordEvents(el, EVENTS);
      expect(part<HTMLButtonElement>(el, 'accept').disabled).to.equal(true);
      await el.accept();
      expect(events).to.deep.equal([]);
      expect(new FormData(form).has('aup')).to.equal(false);
    });

    formContract<AupConsentElement>({
      render: ({ name, required }) =>
        html`<aup-consent name=${name} ?required=${required} version=${VERSION}><p>A short policy.</p></aup-consent>`,
      makeValid: async (element) => {
        await until(() => element.read, 5000, 'read');
        await acceptByKeyboard(element);
        await until(() => element.value !== '', 5000, 'accepted');
        return VERSION;
      },
    });
  });

  describe('light DOM: the page\'s own button ("HTML first")', () => {
    before(() => (mode = 'light'));
    after(() => (mode = 'shadow'));

    const page = (el: AupConsentElement) => el.closest('form')!;

    it("keeps the page's button: the same node, in light DOM, in the page's form, shown after the region and outside it", async () => {
      const el = await longFixture({ endpoint: '' });
      const button = pageButton(el)!;
      expect(button.parentElement).to.equal(el);
      expect(button.form).to.equal(page(el));
      const slot = button.assignedSlot!;
      expect(slot, 'slotted').to.not.equal(null);
      expect(part(el, 'policy').contains(slot), 'outside the scrolling region').to.equal(false);
      expect(part(el, 'policy').compareDocumentPosition(slot) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
      expect(maybePart(el, 'accept'), 'no Accept of its own').to.equal(null);
      expect(maybePart(el, 'decline'), 'no Decline of its own').to.equal(null);
      // The policy is every other child: the region holds the text.
      expect(text(part(el, 'policy').querySelector('slot')!.assignedElements()[0])).to.equal('Demo policy');
      expect(button.getBoundingClientRect().height).to.be.greaterThan(0);
    });

    it("until the end: aria-disabled (not disabled), described by a light-DOM hint beside it, the page's own description kept", async () => {
      const el = await longFixture({ endpoint: '' });
      const button = pageButton(el)!;
      expect(button.disabled, 'not a dead button').to.equal(false);
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      const hint = hintOf(el);
      expect(hint.getRootNode(), "in the page's tree, where an id reference reaches").to.equal(document);
      expect(button.getAttribute('aria-describedby')).to.equal(hint.id);
      expect(text(hint)).to.equal(en.hintUnread);
      expect(hint.assignedSlot).to.not.equal(null);

      const other = await fixture<HTMLFormElement>(
        aupPage({
          version: VERSION,
          style: '--ase-policy-max-height: 10rem',
          policy: longPolicy(),
          accept: 'Accept',
          before: html`<p id="page-note">By accepting you agree.</p>`,
          buttonDescribedBy: 'page-note',
        }),
      );
      const second = other.querySelector('aup-consent')!;
      await second.updateComplete;
      expect(pageButton(second)!.getAttribute('aria-describedby')).to.equal(`page-note ${hintOf(second).id}`);
      const region = part(second, 'policy');
      region.scrollTop = region.scrollHeight;
      await until(() => second.read, 5000, 'read');
      await second.updateComplete;
      expect(pageButton(second)!.getAttribute('aria-describedby')).to.equal('page-note');
      expect(pageButton(second)!.getAttribute('aria-disabled')).to.equal('false');
    });

    it('without endpoint: a click, Enter or requestSubmit before the end does not submit, and says why', async () => {
      const el = await longFixture({ endpoint: '' });
      const events = recordEvents(el, EVENTS);
      const button = pageButton(el)!;
      await click(button);
      await until(() => announced(el) !== '', 5000, 'announcement');
      expect(announced(el)).to.equal(en.mustReadFirst);
      expect(hintOf(el).classList.contains('hint--nudged')).to.equal(true);
      expect(deepActiveElement()).to.equal(part(el, 'policy'));
      button.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => deepActiveElement() === part(el, 'policy'), 5000, 'focus on policy after Enter');
      page(el).requestSubmit(button);
      await frames();
      expect(posted(), 'nothing submitted').to.deep.equal([]);
      expect(events).to.deep.equal([]);
      expectNoRequest();
    });

    it("without endpoint: after the end, the button submits the page's form natively with the page's own fields only", async () => {
      const el = await longFixture({ endpoint: '' });
      await scrollToEnd(el);
      const events = recordEvents(el, EVENTS);
      await el.updateComplete;
      await click(pageButton(el)!);
      await until(() => submissions.length > 0, 5000, 'submission');
      expect(posted().map((s) => s.data)).to.deep.equal([
        [
          ['csrf', 'TOKEN'],
          ['version', VERSION],
        ],
      ]);
      expect(events.map((e) => e.type)).to.deep.equal(['aup-accepted']);
      expect((events[0].detail as { version: string }).version).to.equal(VERSION);
      expectNoRequest();
    });

    it('without endpoint: Enter on the button after the end submits too, and accept() by script does the same', async () => {
      const el = await longFixture({ endpoint: '' });
      await scrollToEnd(el);
      await el.updateComplete;
      pageButton(el)!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => submissions.length > 0, 5000, 'submission');
      await el.accept();
      await until(() => submissions.length > 1, 5000, 'second submission');
      expect(posted().map((s) => s.data)).to.deep.equal([
        [
          ['csrf', 'TOKEN'],
          ['version', VERSION],
        ],
        [
          ['csrf', 'TOKEN'],
          ['version', VERSION],
        ],
      ]);
    });

    it("with endpoint: the page's form is never submitted; the JSON contract runs instead", async () => {
      const el = await longFixture();
      await scrollToEnd(el);
      await el.updateComplete;
      await click(pageButton(el)!);
      await until(() => !!maybePart(el, 'confirmation'), 5000, 'confirmation');
      expect(posted()).to.deep.equal([]);
      expect(requests.map((r) => [r.method, r.url.pathname, JSON.parse(r.body) as unknown])).to.deep.equal([
        ['POST', ENDPOINT, { version: VERSION }],
      ]);
      expect(pageButton(el)!.form, "still in the page's form").to.equal(page(el));
    });

    it('a short policy is accepted at once', async () => {
      const form = await fixture<HTMLFormElement>(
        aupPage({ version: VERSION, policy: html`<p>A short policy.</p>`, accept: 'Accept' }),
      );
      const el = form.querySelector('aup-consent')!;
      await until(() => el.read, 5000, 'read');
      await el.updateComplete;
      expect(pageButton(el)!.getAttribute('aria-disabled')).to.equal('false');
      await click(pageButton(el)!);
      await until(() => submissions.length > 0, 5000, 'submission');
      expect(posted().map((s) => s.data)).to.deep.equal([
        [
          ['csrf', 'TOKEN'],
          ['version', VERSION],
        ],
      ]);
    });

    it("speaks Welsh beside the page's button", async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="cy">
        ${aupPage({ version: VERSION, style: '--ase-policy-max-height: 10rem', policy: longPolicy(), accept: 'Derbyn a pharhau' })}
      </div>`);
      const el = wrapper.querySelector('aup-consent')!;
      await until(() => text(hintOf(el)) === cy.hintUnread, 5000, 'Welsh hint');
      expect(part(el, 'policy').getAttribute('aria-label')).to.equal(cy.policyLabel);
      await click(pageButton(el)!);
      await until(() => announced(el) === cy.mustReadFirst, 5000, 'Welsh reason');
      await expect(el).to.be.accessible();
    });

    it('gives the page back its button when the element leaves: no hint, no aria-disabled', async () => {
      const el = await longFixture({ endpoint: '' });
      const button = pageButton(el)!;
      const form = page(el);
      el.remove();
      form.append(button);
      expect(button.hasAttribute('aria-disabled')).to.equal(false);
      expect(button.hasAttribute('aria-describedby')).to.equal(false);
      expect(form.querySelector('[part~="hint"]')).to.equal(null);
    });

    it('before the element is defined, the markup is a plain working form: the whole policy shows and the button submits', async () => {
      const frame = await fixture<HTMLIFrameElement>(
        html`<iframe title="no script" style="width: 600px; height: 400px"></iframe>`,
      );
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      const paragraphs = Array.from({ length: 30 }, () => html`<p>Paragraph of the policy.</p>`);
      frame.srcdoc = `<!doctype html>${pageSource(
        aupPage({
          version: VERSION,
          policy: html`<h2>Policy</h2>${paragraphs}<p id="last">The end.</p>`,
          accept: 'Accept and continue',
        }),
      )}`;
      await loaded;
      const doc = frame.contentDocument!;
      expect(frame.contentWindow!.customElements.get('aup-consent')).to.equal(undefined);
      expect(
        doc.getElementById('last')!.getBoundingClientRect().height,
        'the end of the policy shows',
      ).to.be.greaterThan(0);
      const button = doc.querySelector('button')!;
      expect(button.getBoundingClientRect().height).to.be.greaterThan(0);
      let data: Array<[string, string]> | undefined;
      doc.addEventListener('submit', (event) => {
        data = [...new FormData(event.target as HTMLFormElement, event.submitter)].map(([k, v]) => [
          k,
          typeof v === 'string' ? v : v.name,
        ]);
        event.preventDefault();
      });
      button.click();
      expect(data).to.deep.equal([
        ['csrf', 'TOKEN'],
        ['version', VERSION],
      ]);
    });
  });

  describe('languages', () => {
    it('speaks Welsh under lang="cy"', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="cy">
        <aup-consent version=${VERSION} style="--ase-policy-max-height: 10rem">${longPolicy()}</aup-consent>
      </div>`);
      const el = wrapper.querySelector('aup-consent')!;
      await until(() => text(maybePart(el, 'accept')) === cy.accept, 5000, 'Welsh strings');
      expect(text(part(el, 'decline'))).to.equal(cy.decline);
      expect(text(hintOf(el))).to.equal(cy.hintUnread);
      expect(part(el, 'policy').getAttribute('aria-label')).to.equal(cy.policyLabel);
      await click(acceptOf(el));
      await until(() => announced(el) !== '', 5000, 'announcement');
      expect(announced(el)).to.equal(cy.mustReadFirst);
      await scrollToEnd(el);
      await until(() => announced(el) === cy.readAnnouncement, 5000, 'Welsh read announcement');
      await expect(el).to.be.accessible();
    });

    it('takes any string from the strings property', async () => {
      const el = await fixture<AupConsentElement>(html`<aup-consent
        version=${VERSION}
        .strings=${{ accept: 'I agree', policyLabel: 'Email policy' }}
        ><p>Short.</p></aup-consent
      >`);
      expect(text(acceptOf(el))).to.equal('I agree');
      expect(part(el, 'policy').getAttribute('aria-label')).to.equal('Email policy');
    });
  });
});
