import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SetupWorker } from 'msw/browser';
import { http, HttpResponse } from 'msw';
import type { TemplateResult } from 'lit';
import {
  CHALLENGE_MAX_ATTEMPTS,
  challengeState,
  demoChallengeSecret,
  expireChallenge,
  lockChallenge,
  lockChallengeUntilUnlocked,
  seedChallengePositions,
} from '../mocks/challenge.js';
import { paths, RETRY_AFTER_SECONDS, scenario, type Scenario } from '../mocks/index.js';
import { problem } from '../mocks/problem.js';
import type { ErrorDetail } from '../src/internal/http.js';
import { secretChallengeEnglish as en } from '../src/secret-challenge/messages.js';
import { secretChallengeWelsh as cy, welshArticle, welshOrdinal } from '../src/secret-challenge/messages.cy.js';
import '../src/secret-challenge/secret-challenge.js';
import type { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import {
  announced,
  boxes,
  deepActiveElement,
  dispatchPaste,
  givesOwnBoxes,
  part,
  paste,
  q,
  recordEvents,
  requests,
  resetMocks,
  text,
  typeAnswers,
  typeInto,
  until,
  useMocks,
  values,
} from './helpers.js';
import { challengePageForm, pageSource, MODES, type Mode } from './support/light.js';

const SELF = paths.selfChallenge;
const AGENT = paths.agentChallenge.replace(':userId', 'mary-smith');
const EVENTS = ['challenge-ready', 'challenge-verified', 'challenge-failed', 'challenge-locked', 'challenge-error'];
/** kingfisher: the 2nd, 5th and 8th characters are i, f and h. */
const POSITIONS = [2, 5, 8];
const RIGHT = ['i', 'f', 'h'];
const JSON_HEADERS = { accept: 'application/json, application/problem+json', 'content-type': 'application/json' };

let worker: SetupWorker;

/**
 * The two ways a page uses the element: boxes of its own in shadow DOM, or
 * the page's own inputs among its children ("HTML first", docs/elements/
 * secret-challenge.md). Suites that hold in both run once per mode; `mode`
 * is set by each run's `before`, and the default fixtures follow it.
 */
let mode: Mode = 'shadow';
function inMode(m: Mode): void {
  before(() => (mode = m));
  after(() => (mode = 'shadow'));
}

/** The page's markup (MARKUP.md, the shared fixture): one labelled input per position, in the page's form, with its hint. */
function pageForm(
  attributes: {
    mode?: 'self' | 'agent';
    endpoint?: string;
    positions?: number[];
    challengeId?: string;
    method?: string;
  } = {},
) {
  return challengePageForm({
    ...attributes,
    positions: attributes.positions ?? POSITIONS,
    givePositions: !!attributes.positions,
    legend: attributes.mode === 'agent' ? en.legendAgent : en.legendSelf,
    charLabel: en.charLabel,
    hint: 'Enter one letter in each box.',
  });
}

/** The element's own Verify, or the page's submit button. */
const verifyButton = (el: Element): HTMLButtonElement =>
  givesOwnBoxes(el)
    ? el.closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!
    : part<HTMLButtonElement>(el, 'submit');
const toggleOf = (el: Element): HTMLButtonElement | null =>
  givesOwnBoxes(el) ? el.querySelector('.ase-toggle') : q(el, '[part~="toggle"]');
const inputErrorOf = (el: Element): HTMLElement | null =>
  givesOwnBoxes(el) ? el.querySelector('.ase-error-message') : q(el, '[part~="input-error"]');
const legendOf = (el: Element): HTMLElement | null =>
  givesOwnBoxes(el) ? el.querySelector('legend') : q(el, 'legend');
const attemptsOf = (el: Element): HTMLElement | null =>
  givesOwnBoxes(el) ? el.querySelector('.ase-attempts') : q(el, '.attempts');

/** Submissions of a page form, as the page saw them after the element had its say; none navigates. */
const submissions: Array<{ prevented: boolean; data: Array<[string, string]> }> = [];
const onSubmit = (event: SubmitEvent) => {
  submissions.push({
    prevented: event.defaultPrevented,
    data: [...new FormData(event.target as HTMLFormElement, event.submitter)].map(([k, v]) => [
      k,
      typeof v === 'string' ? v : v.name,
    ]),
  });
  event.preventDefault();
};
const posted = () => submissions.filter((s) => !s.prevented);

// --- reaching into the element ---------------------------------------------------

const fullSecret = (el: SecretChallengeElement) => el.querySelector<HTMLInputElement>('[part~="full-secret-input"]');
/** The box's accessible name, from its associated label. */
const nameOf = (input: HTMLInputElement) => text(input.labels?.[0]);

// --- acting as a user ---------------------------------------------------------------

async function pressVerify(el: SecretChallengeElement): Promise<void> {
  verifyButton(el).focus();
  await sendKeys({ press: 'Enter' });
}

/** Listens on the document (events bubble and are composed), so nothing fired early is missed. */
const listeners: Array<() => void> = [];
function record(): Array<{ type: string; detail: unknown; event: Event }> {
  const seen: Array<{ type: string; detail: unknown; event: Event }> = [];
  for (const type of EVENTS) {
    const listener = (event: Event) => seen.push({ type, detail: (event as CustomEvent).detail, event });
    document.addEventListener(type, listener);
    listeners.push(() => document.removeEventListener(type, listener));
  }
  return seen;
}
const types = (events: Array<{ type: string }>) => events.map((e) => e.type);

async function challenge(
  template: TemplateResult | HTMLElement = mode === 'light'
    ? pageForm({ endpoint: SELF })
    : html`<secret-challenge endpoint=${SELF}></secret-challenge>`,
): Promise<SecretChallengeElement> {
  const found = template instanceof HTMLElement ? template : await fixture<HTMLElement>(template);
  const el = (
    found.localName === 'secret-challenge' ? found : found.querySelector('secret-challenge')
  ) as SecretChallengeElement;
  await until(() => boxes(el).length > 0 || !!q(el, '[part~="status"], [part~="error"]'), 5000, 'challenge');
  await el.updateComplete;
  return el;
}
const agent = () =>
  challenge(
    mode === 'light'
      ? pageForm({ mode: 'agent', endpoint: AGENT })
      : html`<secret-challenge mode="agent" endpoint=${AGENT}></secret-challenge>`,
  );

async function settled(el: SecretChallengeElement, events: Array<{ type: string }>, count = 1): Promise<void> {
  await until(() => events.filter((e) => e.type !== 'challenge-ready').length >= count, 5000, 'an outcome event');
  await el.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

function lastRequest(): { method: string; path: string; headers: Record<string, string | null>; body: unknown } {
  const request = requests.at(-1)!;
  return {
    method: request.method,
    path: request.url.pathname,
    headers: { accept: request.headers.get('accept'), 'content-type': request.headers.get('content-type') },
    body: request.body === '' ? undefined : (JSON.parse(request.body) as unknown),
  };
}

async function fail(el: SecretChallengeElement, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = requests.length;
    await typeAnswers(el, ['z', 'z', 'z']);
    await pressVerify(el);
    await until(
      () =>
        requests.length > before &&
        !q(el, '[part~="submit"][aria-disabled="true"]') &&
        !boxes(el).some((box) => box.readOnly),
      5000,
      'answer',
    );
    await el.updateComplete;
  }
}

describe('<secret-challenge>', () => {
  before(async () => {
    worker = await useMocks();
    document.addEventListener('submit', onSubmit);
  });
  after(() => document.removeEventListener('submit', onSubmit));
  beforeEach(() => {
    resetMocks();
    seedChallengePositions(POSITIONS);
    submissions.length = 0;
  });
  afterEach(() => {
    for (const remove of listeners.splice(0)) remove();
  });

  for (const m of MODES) {
    describe(`accessibility in every state (${m})`, () => {
      inMode(m);

      for (const role of ['self', 'agent'] as const) {
        const make = () => (role === 'self' ? challenge() : agent());

        it(`${role}: ready`, async () => {
          const el = await make();
          await expect(el).to.be.accessible();
        });

        it(`${role}: failed`, async () => {
          const el = await make();
          const events = record();
          await fail(el, 1);
          await settled(el, events);
          expect(part(el, 'status').dataset.state).to.equal('failed');
          await expect(el).to.be.accessible();
        });

        it(`${role}: locked`, async () => {
          const el = await make();
          const events = record();
          await fail(el, CHALLENGE_MAX_ATTEMPTS);
          await settled(el, events, CHALLENGE_MAX_ATTEMPTS);
          expect(part(el, 'status').dataset.state).to.equal('locked');
          await expect(el).to.be.accessible();
        });

        it(`${role}: verified`, async () => {
          const el = await make();
          const events = record();
          await typeAnswers(el, RIGHT);
          await pressVerify(el);
          await settled(el, events);
          expect(part(el, 'status').dataset.state).to.equal('verified');
          await expect(el).to.be.accessible();
        });

        it(`${role}: refused input, missing boxes and a failed request`, async () => {
          const el = await make();
          boxes(el)[0].focus();
          await sendKeys({ type: '7' });
          await el.updateComplete;
          await expect(el).to.be.accessible();
          await pressVerify(el);
          await el.updateComplete;
          expect(q(el, '[part~="error-summary"]')).to.not.equal(null);
          await expect(el).to.be.accessible();
          worker.use(...scenario('server-error'));
          await typeAnswers(el, RIGHT);
          await pressVerify(el);
          await until(() => !!q(el, '[part~="error"]'), 5000, 'error');
          await expect(el).to.be.accessible();
        });
      }

      if (m === 'shadow')
        it('self: Welsh, and a whole secret refused', async () => {
          const wrapper = await fixture<HTMLElement>(
            html`<div lang="cy"><secret-challenge endpoint=${SELF}></secret-challenge></div>`,
          );
          const el = wrapper.querySelector('secret-challenge')!;
          await until(() => text(q(el, 'legend')) === cy.legendSelf, 5000, 'Welsh');
          await paste(fullSecret(el)!, 'king');
          await el.updateComplete;
          await expect(el).to.be.accessible();
        });

      if (m === 'shadow')
        it('axe can fail here: a box without its label is caught', async () => {
          const el = await challenge();
          q(el, 'label[for="char-0"]')!.remove();
          let failed = false;
          try {
            await expect(el).to.be.accessible();
          } catch {
            failed = true;
          }
          expect(failed).to.equal(true);
        });
    });
  }

  describe('fetching the challenge', () => {
    it('sends GET endpoint with the contract headers and fires challenge-ready {positions}', async () => {
      const events = record();
      const el = await challenge();
      await until(() => events.length > 0, 5000, 'challenge-ready');
      expect(requests.length).to.equal(1);
      const request = lastRequest();
      expect(request.method).to.equal('GET');
      expect(request.path).to.equal(SELF);
      expect(request.headers.accept).to.equal(JSON_HEADERS.accept);
      expect(request.headers['content-type']).to.equal(null);
      expect(request.body).to.equal(undefined);
      expect(types(events)).to.deep.equal(['challenge-ready']);
      expect(events[0].detail).to.deep.equal({ positions: POSITIONS });
      expect(events[0].event.bubbles && events[0].event.composed).to.equal(true);
      expect(el.activePositions).to.deep.equal(POSITIONS);
      expect(boxes(el).map((box) => box.dataset.position)).to.deep.equal(['2', '5', '8']);
      expect(text(attemptsOf(el))).to.equal('You have 5 attempts left.');
    });

    it('keeps the same positions across fetches until a success (no shopping for easier ones)', async () => {
      resetMocks(); // no seeded positions: the mock picks them at random
      const first = await challenge();
      const positions = first.activePositions;
      expect(positions.length).to.equal(3);
      expect(
        [...positions].sort((a, b) => a - b),
        'ascending',
      ).to.deep.equal(positions);
      expect(new Set(positions).size, 'distinct').to.equal(3);
      expect(positions.every((p) => p >= 1 && p <= demoChallengeSecret.length)).to.equal(true);
      for (let i = 0; i < 3; i++) {
        const again = await challenge();
        expect(again.activePositions).to.deep.equal(positions);
      }
    });

    it('with positions and challenge-id from the host, fetches nothing and answers that challenge', async () => {
      let seen: unknown;
      worker.use(
        http.post(SELF, async ({ request }) => {
          seen = await request.json();
          return HttpResponse.json({ verified: true });
        }),
      );
      const events = record();
      const el = await challenge(
        html`<secret-challenge endpoint=${SELF} positions="3, 1,10" challenge-id="host-7"></secret-challenge>`,
      );
      await until(() => events.length > 0, 5000, 'challenge-ready');
      expect(events[0].detail).to.deep.equal({ positions: [3, 1, 10] });
      expect(requests.length, 'no GET').to.equal(0);
      expect(el.positions).to.deep.equal([3, 1, 10]);
      expect(boxes(el).map(nameOf)).to.deep.equal(['3rd character', '1st character', '10th character']);
      await typeAnswers(el, ['n', 'K', 'r']);
      await pressVerify(el);
      await settled(el, events);
      expect(seen).to.deep.equal({ challengeId: 'host-7', answers: ['n', 'K', 'r'] });
    });

    it('reflects a positions property to the attribute', async () => {
      const el = await challenge(html`<secret-challenge positions="2,5"></secret-challenge>`);
      el.positions = [4, 6, 9];
      await el.updateComplete;
      expect(el.getAttribute('positions')).to.equal('4,6,9');
      expect(boxes(el).map(nameOf)).to.deep.equal(['4th character', '6th character', '9th character']);
    });

    it('refuses an unusable positions attribute: challenge-error bad-response, no boxes, nothing fetched instead', async () => {
      for (const bad of ['2,2,5', '0,3', 'two', '1.5,2', '1,2,3,4,5', '2,65']) {
        resetMocks();
        const el = document.createElement('secret-challenge');
        const events = recordEvents(el, EVENTS);
        el.setAttribute('endpoint', SELF);
        el.setAttribute('positions', bad);
        (await fixture<HTMLElement>(html`<div></div>`)).append(el);
        await until(() => events.length > 0, 5000, 'an event');
        expect(
          events.map((e) => [e.type, e.detail]),
          bad,
        ).to.deep.equal([['challenge-error', { kind: 'bad-response' }]]);
        expect(el.activePositions, bad).to.deep.equal([]);
        expect(boxes(el), bad).to.have.length(0);
        expect(requests.length, bad).to.equal(0);
      }
    });

    it('an empty positions attribute means none: the challenge is fetched', async () => {
      const el = await challenge(html`<secret-challenge endpoint=${SELF} positions=""></secret-challenge>`);
      expect(el.activePositions).to.deep.equal(POSITIONS);
      expect(requests.length).to.equal(1);
    });

    const getFailures: Array<[Scenario, ErrorDetail]> = [
      ['session-expired', { kind: 'unauthorized', status: 401 }],
      ['forbidden', { kind: 'forbidden', status: 403 }],
      ['rate-limited', { kind: 'rate-limited', status: 429 }],
      ['server-error', { kind: 'server', status: 500 }],
      ['html-error', { kind: 'server', status: 502 }],
      ['bad-request', { kind: 'bad-response', status: 400 }],
      ['network-error', { kind: 'network' }],
      ['malformed', { kind: 'bad-response', status: 200 }],
    ];
    for (const [name, detail] of getFailures) {
      it(`a fetch answered "${name}" fires challenge-error ${JSON.stringify(detail)} and offers to try again`, async () => {
        worker.use(...scenario(name));
        const events = record();
        const el = await challenge();
        await until(() => events.length > 0, 5000, 'challenge-error');
        expect(types(events)).to.deep.equal(['challenge-error']);
        expect(events[0].detail).to.deep.equal(detail);
        expect(boxes(el)).to.have.length(0);
        const message = text(part(el, 'error'));
        expect(message).to.contain(
          name === 'rate-limited' ? en.errorRateLimitedIn(RETRY_AFTER_SECONDS) : errorText(detail.kind),
        );
        worker.resetHandlers();
        part(el, 'retry').focus();
        await sendKeys({ press: 'Enter' });
        await until(() => boxes(el).length === 3, 5000, 'boxes after retry');
        expect(types(events)).to.deep.equal(['challenge-error', 'challenge-ready']);
        expect(q(el, '[part~="error"]')).to.equal(null);
      });
    }

    it('a fetch that never answers times out', async () => {
      worker.use(...scenario('hang'));
      const events = record();
      const el = await challenge(html`<secret-challenge endpoint=${SELF} timeout="300"></secret-challenge>`);
      await until(() => events.length > 0, 5000, 'challenge-error');
      expect(events.map((e) => e.detail)).to.deep.equal([{ kind: 'timeout' }]);
      expect(text(part(el, 'error'))).to.contain(en.errorTimeout);
    });

    for (const [why, body] of [
      ['no challengeId', { positions: [2, 5, 8] }],
      ['an empty challengeId', { challengeId: '', positions: [2, 5, 8] }],
      ['positions not a list', { challengeId: 'c', positions: '2,5,8' }],
      ['no positions', { challengeId: 'c', positions: [] }],
      ['a repeated position', { challengeId: 'c', positions: [2, 2, 8] }],
      ['a zero position', { challengeId: 'c', positions: [0, 2] }],
      ['a fractional position', { challengeId: 'c', positions: [2.5] }],
      ['a negative attemptsRemaining', { challengeId: 'c', positions: [2], attemptsRemaining: -1 }],
      ['an unreadable expiresAt', { challengeId: 'c', positions: [2], expiresAt: 'soon' }],
      ['a list for a body', [2, 5, 8]],
    ] as const) {
      it(`a challenge with ${why} is a bad response`, async () => {
        worker.use(http.get(SELF, () => HttpResponse.json(body)));
        const events = record();
        await challenge();
        await until(() => events.length > 0, 5000, 'challenge-error');
        expect(events.map((e) => [e.type, e.detail])).to.deep.equal([
          ['challenge-error', { kind: 'bad-response', status: 200 }],
        ]);
      });
    }

    it('a fetch while locked shows the lock at once (423)', async () => {
      const until_ = new Date(Date.now() + 10 * 60 * 1000);
      lockChallenge(undefined, until_);
      const events = record();
      const el = await challenge();
      await until(() => events.length > 0, 5000, 'challenge-locked');
      expect(events.map((e) => [e.type, e.detail])).to.deep.equal([
        ['challenge-locked', { lockedUntil: until_.toISOString() }],
      ]);
      expect(part(el, 'status').dataset.state).to.equal('locked');
      expect(text(part(el, 'status'))).to.contain(en.lockedSelf(localTime(until_)));
      expect(text(part(el, 'help'))).to.equal(en.helpSelf);
      expect(boxes(el)).to.have.length(0);
    });

    it('a 423 without lockedUntil (only an admin can unlock) says to contact the Local Administrator', async () => {
      lockChallengeUntilUnlocked();
      const events = record();
      const el = await challenge();
      await until(() => events.length > 0, 5000, 'challenge-locked');
      expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-locked', {}]]);
      const status = part(el, 'status');
      expect(status.dataset.state).to.equal('locked');
      expect(text(status)).to.contain(en.lockedAdminSelf);
      expect(text(status)).to.contain('Contact your Local Administrator');
      expect(boxes(el)).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('agent: a 423 without lockedUntil tells the agent the caller must contact their Local Administrator', async () => {
      lockChallengeUntilUnlocked();
      const el = await agent();
      expect(part(el, 'status').dataset.state).to.equal('locked');
      expect(text(part(el, 'status'))).to.contain(en.lockedAdminAgent);
      expect(text(part(el, 'status'))).to.contain('contact their Local Administrator');
    });

    it('Welsh: a 423 without lockedUntil in Welsh', async () => {
      lockChallengeUntilUnlocked();
      const wrapper = await fixture<HTMLElement>(
        html`<div lang="cy"><secret-challenge endpoint=${SELF}></secret-challenge></div>`,
      );
      const el = wrapper.querySelector('secret-challenge')!;
      await until(() => !!q(el, '[part~="status"]'), 5000, 'locked status');
      await el.updateComplete;
      expect(text(part(el, 'status'))).to.contain(cy.lockedAdminSelf);
      expect(cy.lockedAdminSelf).to.contain('Gweinyddwr Lleol');
      expect(cy.lockedAdminAgent).to.contain('Gweinyddwr Lleol');
    });

    it('an unknown caller (agent, 404) is reported as a bad response', async () => {
      const events = record();
      const el = await challenge(
        html`<secret-challenge mode="agent" endpoint=${paths.agentChallenge.replace(':userId', 'nobody')}></secret-challenge>`,
      );
      await until(() => events.length > 0, 5000, 'challenge-error');
      expect(events.map((e) => e.detail)).to.deep.equal([{ kind: 'bad-response', status: 404 }]);
      expect(q(el, '[part~="error"]')).to.not.equal(null);
    });
  });

  for (const m of MODES) {
    describe(`boxes (${m})`, () => {
      inMode(m);

      if (m === 'shadow')
        it('labels each box by its ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 51st, 62nd', async () => {
          const names: string[] = [];
          // At most 4 boxes at a time (SPEC, hardening).
          for (const positions of ['1,2,3,4', '11,12,13,21', '22,23,51,62']) {
            const el = await challenge(html`<secret-challenge positions=${positions}></secret-challenge>`);
            names.push(...boxes(el).map(nameOf));
            for (const box of boxes(el)) expect(box.labels).to.have.length(1);
          }
          expect(names).to.deep.equal([
            '1st character',
            '2nd character',
            '3rd character',
            '4th character',
            '11th character',
            '12th character',
            '13th character',
            '21st character',
            '22nd character',
            '23rd character',
            '51st character',
            '62nd character',
          ]);
          expect([101, 111, 112, 113].map(en.charLabel)).to.deep.equal([
            '101st character',
            '111th character',
            '112th character',
            '113th character',
          ]);
        });

      if (m === 'shadow')
        it('self: groups the boxes under the legend, masked, with the input attributes the contract pins', async () => {
          const el = await challenge();
          const fieldset = part(el, 'fieldset');
          expect(fieldset.localName).to.equal('fieldset');
          expect(text(fieldset.querySelector('legend'))).to.equal('Enter these characters from your account secret');
          expect(boxes(el).map(nameOf)).to.deep.equal(['2nd character', '5th character', '8th character']);
          for (const box of boxes(el)) {
            expect(box.closest('fieldset')).to.equal(fieldset);
            expect(box.type).to.equal('password');
            expect(box.getAttribute('autocomplete')).to.equal('off');
            expect(box.getAttribute('inputmode')).to.equal('text');
            expect(box.getAttribute('autocapitalize')).to.equal('none');
            expect(box.getAttribute('spellcheck')).to.equal('false');
            expect(box.hasAttribute('maxlength'), 'no maxlength: it would cut a pasted secret').to.equal(false);
          }
          expect(text(part(el, 'submit'))).to.equal('Verify');
          expect(text(part(el, 'help'))).to.equal('Forgotten your account secret? Contact your Local Administrator.');
        });

      if (m === 'shadow')
        it('agent: asks the caller, plain boxes, no toggle, no whole-secret field, no help until locked', async () => {
          const el = await agent();
          expect(text(q(el, 'legend'))).to.equal('Ask the caller for these characters of their account secret');
          for (const box of boxes(el)) {
            expect(box.type).to.equal('text');
            expect(box.getAttribute('autocomplete')).to.equal('off');
          }
          expect(q(el, '[part~="toggle"]')).to.equal(null);
          expect(fullSecret(el)).to.equal(null);
          expect(el.children).to.have.length(0);
          expect(q(el, '[part~="help"]')).to.equal(null);
          expect(text(q(el, '.attempts'))).to.equal('The caller has 5 attempts left.');
        });

      it('shows and hides the characters with the toggle, and hides them again on Verify', async () => {
        const el = await challenge();
        const toggle = toggleOf(el)!;
        expect(toggle.type).to.equal('button');
        expect(toggle.getAttribute('aria-controls')).to.equal(
          boxes(el)
            .map((box) => box.id)
            .join(' '),
        );
        expect(toggle.getAttribute('aria-label')).to.equal('Show characters');
        expect(text(toggle)).to.equal('Show');
        toggle.focus();
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
        expect(boxes(el).map((b) => b.type)).to.deep.equal(['text', 'text', 'text']);
        expect(toggle.getAttribute('aria-label')).to.equal('Hide characters');
        expect(text(toggle)).to.equal('Hide');
        await until(() => announced(el) === en.charactersShown, 5000, 'announcement');
        worker.use(...scenario('server-error'));
        await typeAnswers(el, RIGHT);
        await pressVerify(el);
        await el.updateComplete;
        expect(boxes(el).map((b) => b.type)).to.deep.equal(['password', 'password', 'password']);
        await until(() => !!q(el, '[part~="error"]'), 5000, 'answer');
      });

      it('typing a letter moves to the next box; the last box keeps focus and nothing is sent', async () => {
        const el = await challenge();
        const [first, second, third] = boxes(el);
        first.focus();
        await sendKeys({ type: 'i' });
        expect(deepActiveElement()).to.equal(second);
        await sendKeys({ type: 'F' });
        expect(deepActiveElement()).to.equal(third);
        await sendKeys({ type: 'h' });
        await el.updateComplete;
        expect(deepActiveElement()).to.equal(third);
        expect(values(el)).to.deep.equal(['i', 'F', 'h']);
        expect(
          requests.filter((r) => r.method === 'POST'),
          'no automatic submit',
        ).to.have.length(0);
      });

      it('typing into a filled box replaces its letter', async () => {
        const el = await challenge();
        await typeAnswers(el, ['a', 'b', 'c']);
        boxes(el)[1].focus();
        await sendKeys({ type: 'x' });
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['a', 'x', 'c']);
        expect(deepActiveElement()).to.equal(boxes(el)[2]);
      });

      it('Backspace clears a filled box and stays; in an empty box it moves back and clears that one', async () => {
        const el = await challenge();
        await typeAnswers(el, ['a', 'b', 'c']);
        const [first, second, third] = boxes(el);
        expect(deepActiveElement()).to.equal(third);
        await sendKeys({ press: 'Backspace' });
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['a', 'b', '']);
        expect(deepActiveElement()).to.equal(third);
        await sendKeys({ press: 'Backspace' });
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['a', '', '']);
        expect(deepActiveElement()).to.equal(second);
        await sendKeys({ press: 'Backspace' });
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['', '', '']);
        expect(deepActiveElement()).to.equal(first);
        await sendKeys({ press: 'Backspace' });
        expect(deepActiveElement(), 'nowhere further back').to.equal(first);
      });

      it('Left and Right arrows (and Home, End) move between boxes', async () => {
        const el = await challenge();
        const [first, second, third] = boxes(el);
        first.focus();
        await sendKeys({ press: 'ArrowRight' });
        expect(deepActiveElement()).to.equal(second);
        await sendKeys({ press: 'ArrowRight' });
        expect(deepActiveElement()).to.equal(third);
        await sendKeys({ press: 'ArrowRight' });
        expect(deepActiveElement()).to.equal(third);
        await sendKeys({ press: 'ArrowLeft' });
        expect(deepActiveElement()).to.equal(second);
        await sendKeys({ press: 'Home' });
        expect(deepActiveElement()).to.equal(first);
        await sendKeys({ press: 'ArrowLeft' });
        expect(deepActiveElement()).to.equal(first);
        await sendKeys({ press: 'End' });
        expect(deepActiveElement()).to.equal(third);
      });

      for (const [what, key] of [
        ['a digit', '7'],
        ['a space', ' '],
        ['punctuation', '!'],
        ['an emoji', '😀'],
      ]) {
        it(`refuses ${what} with a visible, announced message and keeps focus`, async () => {
          const el = await challenge();
          const [first, second] = boxes(el);
          first.focus();
          await sendKeys({ type: 'k' });
          expect(deepActiveElement()).to.equal(second);
          await sendKeys({ type: key });
          await el.updateComplete;
          expect(values(el)).to.deep.equal(['k', '', '']);
          expect(deepActiveElement()).to.equal(second);
          const message = inputErrorOf(el)!;
          expect(text(message)).to.equal('Error: The 5th character must be a letter');
          expect(second.getAttribute('aria-invalid')).to.equal('true');
          expect(second.getAttribute('aria-describedby')).to.equal(message.id);
          expect(first.getAttribute('aria-invalid') ?? 'false').to.equal('false');
          await until(() => announced(el) === 'The 5th character must be a letter', 5000, 'announcement');
          await sendKeys({ type: 'q' });
          await el.updateComplete;
          expect(values(el)).to.deep.equal(['k', 'q', '']);
          expect(inputErrorOf(el), 'message gone once a letter is typed').to.equal(null);
        });
      }

      it('accepts letters beyond A to Z (a secret may be unicode)', async () => {
        const el = await challenge();
        await typeAnswers(el, ['é', 'ß', 'ŵ']);
        expect(values(el)).to.deep.equal(['é', 'ß', 'ŵ']);
      });

      it('pasting N letters fills N boxes from the focused one', async () => {
        const el = await challenge();
        const event = await paste(boxes(el)[1], 'fh');
        await el.updateComplete;
        expect(event?.defaultPrevented).to.equal(true);
        expect(values(el)).to.deep.equal(['', 'f', 'h']);
        expect(deepActiveElement()).to.equal(boxes(el)[2]);
        await paste(boxes(el)[0], 'i');
        await el.updateComplete;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        expect(values(el)).to.deep.equal(['i', 'f', 'h']);
        expect(deepActiveElement()).to.equal(boxes(el)[1]);
      });

      it('a focus() made just after a paste into box 2 stands: the move on to the next box gives way', async () => {
        const el = await challenge();
        const field = fullSecret(el)!;
        // A script of the page's (or a tool) moves focus in the paste's own task, after the element took the paste.
        boxes(el)[1].addEventListener('paste', () => field.focus(), { once: true });
        const event = await paste(boxes(el)[1], 'f');
        expect(event?.defaultPrevented).to.equal(true);
        await el.updateComplete;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        expect(values(el)).to.deep.equal(['', 'f', '']);
        expect(deepActiveElement(), 'after a paste from the keyboard').to.equal(field);
        // A script's own paste event and its focus(), in one task (before any microtask runs).
        const { carried } = dispatchPaste(boxes(el)[1], 'h');
        field.focus();
        await el.updateComplete;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        // Firefox ESR's DataTransfer constructor drops the data (then nothing is filled).
        expect(values(el)).to.deep.equal(['', carried ? 'h' : 'f', '']);
        expect(deepActiveElement(), 'after a scripted paste').to.equal(field);
        // Without the script, the paste still moves on.
        await paste(boxes(el)[0], 'i');
        await el.updateComplete;
        expect(deepActiveElement()).to.equal(boxes(el)[1]);
      });

      it('handles a scripted paste event: its letters when it carries them, never text typed into the box', async () => {
        const el = await challenge();
        const { event, carried } = dispatchPaste(boxes(el)[0], 'ifh');
        await el.updateComplete;
        expect(event.defaultPrevented).to.equal(true);
        // Chromium keeps the DataTransfer's data; Firefox ESR's constructor drops it (then nothing is filled).
        expect(values(el)).to.deep.equal(carried ? RIGHT : ['', '', '']);
        const whole = dispatchPaste(fullSecret(el)!, demoChallengeSecret);
        expect(fullSecret(el)!.value).to.equal('');
        await el.updateComplete;
        expect(whole.event.defaultPrevented).to.equal(true);
        expect(values(el)).to.deep.equal(carried ? RIGHT : ['', '', '']);
      });

      it('refuses a paste with anything but letters, keeping what was there', async () => {
        const el = await challenge();
        await paste(boxes(el)[0], 'a1');
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['', '', '']);
        expect(text(inputErrorOf(el))).to.equal(`Error: ${en.errorPasteNotLetters}`);
        await until(() => announced(el) === en.errorPasteNotLetters, 5000, 'announcement');
      });

      it('refuses a paste too long for the boxes and too short to be the whole secret', async () => {
        const el = await challenge();
        await paste(boxes(el)[0], 'abcde');
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['', '', '']);
        expect(text(inputErrorOf(el))).to.equal(`Error: ${en.errorPasteMismatch}`);
      });
    });
  }

  for (const m of MODES) {
    describe(`the whole secret (WCAG 2.2 SC 3.3.8) (${m})`, () => {
      inMode(m);

      it('self: renders a labelled current-password field in light DOM, slotted, reachable by password managers', async () => {
        const el = await challenge();
        const input = fullSecret(el)!;
        expect(input.parentElement, 'a light-DOM child of the element').to.equal(el);
        expect(input.type).to.equal('password');
        expect(input.getAttribute('autocomplete')).to.equal('current-password');
        expect(input.slot).to.equal('full-secret-input');
        expect(input.assignedSlot?.getRootNode()).to.equal(el.shadowRoot);
        expect(text(input.labels?.[0])).to.equal(en.fullSecretLabel);
        expect(input.labels?.[0].parentElement).to.equal(el);
        const hint = document.getElementById(input.getAttribute('aria-describedby')!);
        expect(text(hint)).to.equal(en.fullSecretHint);
        // Two elements on one page never share ids.
        const other = await challenge();
        expect(fullSecret(other)!.id).to.not.equal(input.id);
      });

      it('a whole secret pasted into the field: only the asked characters are sent, and the field is emptied at once', async () => {
        const el = await challenge();
        const events = record();
        const id = challengeState().challengeId;
        const input = fullSecret(el)!;
        const event = await paste(input, demoChallengeSecret);
        expect(event?.defaultPrevented, 'the secret never lands in the field').to.equal(true);
        expect(input.value).to.equal('');
        await el.updateComplete;
        expect(values(el)).to.deep.equal(RIGHT);
        await until(() => announced(el) === en.fullSecretTaken('2nd, 5th and 8th', 'Verify'), 5000, 'announcement');
        await pressVerify(el);
        await settled(el, events);
        const request = lastRequest();
        expect(request.method).to.equal('POST');
        expect(request.path).to.equal(SELF);
        expect(request.headers).to.deep.equal(JSON_HEADERS);
        expect(request.body).to.deep.equal({ challengeId: id, answers: RIGHT });
        for (const sent of requests) expect(sent.body).to.not.contain(demoChallengeSecret);
        expect(types(events)).to.deep.equal(['challenge-verified']);
        // The server's single-use verification id, for the guarded action to consume: nothing of the secret.
        const { verificationId } = events[0].detail as { verificationId?: unknown };
        expect(verificationId).to.be.a('string').and.match(/^v-/);
        expect(Object.keys(events[0].detail as object)).to.deep.equal(['verificationId']);
        expect(JSON.stringify(events.map((e) => e.detail))).to.not.contain(demoChallengeSecret);
        expect(fullSecret(el), 'field gone after success').to.equal(null);
      });

      it('a whole secret filled by a password manager is taken and cleared the same way', async () => {
        const el = await challenge();
        const input = fullSecret(el)!;
        input.value = demoChallengeSecret.toUpperCase();
        // Autofill arrives as one input event that is not typing.
        input.dispatchEvent(new Event('input', { bubbles: true }));
        expect(input.value).to.equal('');
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['I', 'F', 'H']);
      });

      it('typed by hand, the secret is taken on Enter, which then verifies', async () => {
        const el = await challenge();
        const events = record();
        const input = fullSecret(el)!;
        input.focus();
        await sendKeys({ type: 'kingf' });
        expect(input.value, 'not cut off while typing').to.equal('kingf');
        await sendKeys({ type: 'isher' });
        await sendKeys({ press: 'Enter' });
        expect(input.value).to.equal('');
        await settled(el, events);
        expect(lastRequest().body).to.deep.include({ answers: RIGHT });
        expect(types(events)).to.deep.equal(['challenge-verified']);
      });

      it('a whole secret pasted into the first box fills the asked characters only', async () => {
        const el = await challenge();
        const events = record();
        const event = await paste(boxes(el)[0], `${demoChallengeSecret}\n`);
        expect(event?.defaultPrevented).to.equal(true);
        await el.updateComplete;
        expect(values(el)).to.deep.equal(RIGHT);
        await pressVerify(el);
        await settled(el, events);
        expect(lastRequest().body).to.deep.include({ answers: RIGHT });
        for (const sent of requests) expect(sent.body).to.not.contain(demoChallengeSecret);
      });

      it('a secret shorter than the highest position gets a clear message, and nothing is kept', async () => {
        const el = await challenge();
        const input = fullSecret(el)!;
        await paste(input, 'king');
        expect(input.value).to.equal('');
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['', '', '']);
        const message = en.errorFullSecretShort(8);
        expect(input.getAttribute('aria-invalid')).to.equal('true');
        const error = document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[1])!;
        expect(error.hidden).to.equal(false);
        expect(text(error)).to.equal(`Error: ${message}`);
        await until(() => announced(el) === message, 5000, 'announcement');
        await paste(input, 'king5isher');
        await el.updateComplete;
        expect(text(error)).to.equal(`Error: ${en.errorFullSecretLetters}`);
        expect(values(el)).to.deep.equal(['', '', '']);
        await paste(input, demoChallengeSecret);
        await el.updateComplete;
        expect(error.hidden, 'error gone once taken').to.equal(true);
        expect(input.getAttribute('aria-invalid')).to.equal('false');
      });

      it('the field leaves with agent mode and with the element', async () => {
        const el = await challenge();
        /** The element's own children: in light mode the page's group of boxes stays, the element's nodes go. */
        const own = () => [...el.children].filter((child) => !child.querySelector('input[name="answers"]'));
        expect(fullSecret(el)).to.not.equal(null);
        el.mode = 'agent';
        await el.updateComplete;
        expect(fullSecret(el)).to.equal(null);
        expect(own()).to.have.length(0);
        el.mode = 'self';
        await until(() => fullSecret(el) !== null, 5000, 'the field, with the new challenge');
        el.remove();
        expect(own()).to.have.length(0);
        expect(
          el.querySelectorAll('[data-ase-owned]'),
          "nothing of the element is left in the page's markup",
        ).to.have.length(0);
        await el.updateComplete;
        expect(own(), 'not brought back by a late render').to.have.length(0);
        document.body.append(el);
        await el.updateComplete;
        expect(fullSecret(el), 'back with the element').to.not.equal(null);
        el.remove();
      });
    });
  }

  describe('account: a username for password managers beside the whole-secret field', () => {
    const ACCOUNT = 'mary.smith@nhs.net';
    const USERNAME = `${ACCOUNT} (account secret)`;
    const username = (el: SecretChallengeElement) =>
      el.querySelector<HTMLInputElement>('input[autocomplete="username"]');
    const withAccount = (account = ACCOUNT) =>
      challenge(html`<secret-challenge account=${account} endpoint=${SELF}></secret-challenge>`);

    it('is accessible with the username field', async () => {
      const el = await withAccount();
      expect(username(el)).to.not.equal(null);
      await expect(el).to.be.accessible();
    });

    it('a hidden, read-only text input with autocomplete="username" and the account as a distinct id, just before the whole-secret input, in the same tree', async () => {
      const el = await withAccount();
      const user = username(el)!;
      const input = fullSecret(el)!;
      expect(el.account).to.equal(ACCOUNT);
      expect(user.type, 'a text field: managers skip type="hidden"').to.equal('text');
      expect(user.getAttribute('autocomplete')).to.equal('username');
      expect(user.value).to.equal(USERNAME);
      expect(user.readOnly).to.equal(true);
      expect(user.hidden).to.equal(true);
      expect(user.hasAttribute('name'), 'no name: never submitted').to.equal(false);
      expect(user.hasAttribute('data-secret-challenge-owned')).to.equal(true);
      expect(user.parentElement, 'a light-DOM child, like the whole-secret input').to.equal(el);
      expect(user.getRootNode()).to.equal(input.getRootNode());
      expect(user.nextElementSibling, 'just before the password field').to.equal(input);
      expect(user.assignedSlot, 'assigned to no slot: never rendered').to.equal(null);
      expect(user.getClientRects().length, 'no box').to.equal(0);
      expect(el.querySelectorAll('input[autocomplete="username"]')).to.have.length(1);
    });

    it('is never focused: not by script, not by Tab', async () => {
      const el = await withAccount();
      const user = username(el)!;
      user.focus();
      expect(document.activeElement).to.not.equal(user);
      const seen: Element[] = [];
      const submit = part(el, 'submit');
      boxes(el)[0].focus();
      // Up to the Verify button, and no further: a Tab past the page's end leaves the document for the browser's own UI.
      while (seen.at(-1) !== submit && seen.length < 8) {
        await sendKeys({ press: 'Tab' });
        seen.push(deepActiveElement()!);
      }
      expect(seen.at(-1)).to.equal(submit);
      expect(seen, 'Tab went through the whole-secret field').to.include(fullSecret(el));
      expect(seen).to.not.include(user);
    });

    it('is never submitted with a host form', async () => {
      const form = await fixture<HTMLFormElement>(
        html`<form><secret-challenge account=${ACCOUNT} endpoint=${SELF}></secret-challenge></form>`,
      );
      const el = form.querySelector('secret-challenge')!;
      await until(() => username(el) !== null, 5000, 'the username field');
      const submitted = [...new FormData(form).entries()].map(
        ([key, value]) => `${key}=${typeof value === 'string' ? value : value.name}`,
      );
      expect(submitted.filter((entry) => entry.includes(ACCOUNT))).to.deep.equal([]);
    });

    it('follows account: changed, removed, set again; the attribute reflects', async () => {
      const el = await withAccount();
      const user = username(el)!;
      el.account = 'joe.bloggs@nhs.net';
      await el.updateComplete;
      expect(el.getAttribute('account')).to.equal('joe.bloggs@nhs.net');
      expect(username(el), 'the same node, updated').to.equal(user);
      expect(user.value).to.equal('joe.bloggs@nhs.net (account secret)');
      el.removeAttribute('account');
      await el.updateComplete;
      expect(username(el)).to.equal(null);
      expect(fullSecret(el), 'the whole-secret field stays').to.not.equal(null);
      el.setAttribute('account', ACCOUNT);
      await el.updateComplete;
      expect(username(el)?.value).to.equal(USERNAME);
      expect(username(el)?.nextElementSibling).to.equal(fullSecret(el));
      el.account = '  ';
      await el.updateComplete;
      expect(username(el), 'blank is no account').to.equal(null);
    });

    it('is not there without account, in agent mode, or once the element has left; it comes back with the element', async () => {
      const plain = await challenge();
      expect(fullSecret(plain)).to.not.equal(null);
      expect(username(plain), 'without account: as before').to.equal(null);
      expect([...plain.children].map((c) => c.localName)).to.deep.equal(['label', 'span', 'span', 'input']);

      const el = await withAccount();
      el.mode = 'agent';
      await el.updateComplete;
      expect(el.children, 'agent mode: nothing in light DOM').to.have.length(0);
      el.mode = 'self';
      await until(() => username(el) !== null, 5000, 'the field, with the new challenge');
      el.remove();
      expect(el.children, 'removed with the element').to.have.length(0);
      await el.updateComplete;
      expect(el.children).to.have.length(0);
      document.body.append(el);
      await el.updateComplete;
      expect(username(el)?.value, 'back with the element').to.equal(USERNAME);
      el.remove();
    });

    it('leaves after a pass, with the whole-secret field', async () => {
      const el = await withAccount();
      const events = record();
      await paste(fullSecret(el)!, demoChallengeSecret);
      await el.updateComplete;
      await pressVerify(el);
      await settled(el, events);
      expect(types(events)).to.deep.equal(['challenge-verified']);
      expect(el.children).to.have.length(0);
    });

    it('the safeguard stands: a filled sign-in password that is too short or not all letters is refused, and nothing is sent', async () => {
      const el = await withAccount();
      const input = fullSecret(el)!;
      for (const filled of ['Passw0rd!', 'Sunny']) {
        input.value = filled;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        expect(input.value).to.equal('');
        await el.updateComplete;
        expect(values(el)).to.deep.equal(['', '', '']);
        expect(input.getAttribute('aria-invalid')).to.equal('true');
      }
      expect(requests.filter((r) => r.method === 'POST')).to.deep.equal([]);
      expect(username(el)?.value, 'the username is untouched').to.equal(USERNAME);
    });
  });

  for (const m of MODES) {
    describe(`verifying (${m})`, () => {
      inMode(m);

      it('200: sends the characters as typed, in position order, and shows a clear success', async () => {
        const el = await challenge();
        const events = record();
        const id = challengeState().challengeId;
        await typeAnswers(el, ['I', 'f', 'H']);
        await pressVerify(el);
        await settled(el, events);
        expect(requests.map((r) => r.method)).to.deep.equal(['GET', 'POST']);
        const request = lastRequest();
        expect(request.method).to.equal('POST');
        expect(request.path).to.equal(SELF);
        expect(request.headers).to.deep.equal(JSON_HEADERS);
        expect(request.body).to.deep.equal({ challengeId: id, answers: ['I', 'f', 'H'] });
        expect(types(events)).to.deep.equal(['challenge-verified']);
        expect(Object.keys(events[0].detail as object), 'only the server-given verification id').to.deep.equal([
          'verificationId',
        ]);
        expect((events[0].detail as { verificationId: string }).verificationId).to.match(/^v-/);
        expect(events[0].event.bubbles && events[0].event.composed).to.equal(true);
        const status = part(el, 'status');
        expect(status.dataset.state).to.equal('verified');
        expect(status.getAttribute('role')).to.equal('status');
        expect(text(status)).to.equal(`${en.verifiedTitleSelf} ${en.verifiedBodySelf}`);
        expect(deepActiveElement()).to.equal(status);
        expect(boxes(el), 'boxes cleared away').to.have.length(0);
        expect(challengeState().positions, 'the server picks new positions next time').to.equal(undefined);
      });

      it('agent: verified wording', async () => {
        const el = await agent();
        const events = record();
        await typeAnswers(el, RIGHT);
        await pressVerify(el);
        await settled(el, events);
        expect(lastRequest().path).to.equal(AGENT);
        expect(text(part(el, 'status'))).to.equal(`${en.verifiedTitleAgent} ${en.verifiedBodyAgent}`);
      });

      it('422: fires challenge-failed {attemptsRemaining}, clears the boxes, focuses the first, never says which', async () => {
        const el = await challenge();
        const events = record();
        await typeAnswers(el, ['i', 'f', 'x']);
        await pressVerify(el);
        await settled(el, events);
        expect(lastRequest().body).to.deep.include({ answers: ['i', 'f', 'x'] });
        expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-failed', { attemptsRemaining: 4 }]]);
        expect(values(el)).to.deep.equal(['', '', '']);
        expect(deepActiveElement()).to.equal(boxes(el)[0]);
        const status = part(el, 'status');
        expect(status.dataset.state).to.equal('failed');
        expect(text(status)).to.equal('Those characters are not right. You have 4 attempts left.');
        await until(() => announced(el) === text(status), 5000, 'announcement');
        for (const box of boxes(el))
          expect(box.getAttribute('aria-invalid') ?? 'false', 'no box singled out').to.equal('false');
      });

      it('agent: 422 wording', async () => {
        const el = await agent();
        const events = record();
        await fail(el, 1);
        await settled(el, events);
        expect(text(part(el, 'status'))).to.equal(
          'The characters given are not right. The caller has 4 attempts left.',
        );
      });

      it('423 after 5 failures: fires challenge-locked {lockedUntil}, says until when and what to do', async () => {
        const el = await challenge();
        const events = record();
        await fail(el, CHALLENGE_MAX_ATTEMPTS);
        await settled(el, events, CHALLENGE_MAX_ATTEMPTS);
        expect(types(events)).to.deep.equal([
          'challenge-failed',
          'challenge-failed',
          'challenge-failed',
          'challenge-failed',
          'challenge-locked',
        ]);
        expect(events.slice(0, 4).map((e) => e.detail)).to.deep.equal([
          { attemptsRemaining: 4 },
          { attemptsRemaining: 3 },
          { attemptsRemaining: 2 },
          { attemptsRemaining: 1 },
        ]);
        const lockedUntil = challengeState().lockedUntil!;
        expect(events[4].detail).to.deep.equal({ lockedUntil });
        const status = part(el, 'status');
        expect(status.dataset.state).to.equal('locked');
        expect(text(status)).to.contain(en.lockedSelf(localTime(new Date(lockedUntil))));
        expect(text(part(el, 'help'))).to.equal(en.helpSelf);
        expect(deepActiveElement()).to.equal(status);
        expect(boxes(el)).to.have.length(0);
        expect(fullSecret(el)).to.equal(null);
      });

      it('agent: 423 wording, with the help shown', async () => {
        lockChallenge();
        const el = await agent();
        expect(text(part(el, 'status'))).to.contain(en.lockedAgent(localTime(new Date(challengeState().lockedUntil!))));
        expect(text(part(el, 'help'))).to.equal(en.helpAgent);
      });

      if (m === 'shadow')
        it('help-href makes the help a link', async () => {
          const el = await challenge(
            html`<secret-challenge endpoint=${SELF} help-href="/help/secret"></secret-challenge>`,
          );
          const link = part(el, 'help').querySelector('a')!;
          expect(link.getAttribute('href')).to.equal('/help/secret');
          expect(text(link)).to.equal(en.helpSelf);
        });

      it('410: fetches a new challenge and says so', async () => {
        const el = await challenge();
        const events = record();
        const firstId = challengeState().challengeId;
        expireChallenge();
        await typeAnswers(el, RIGHT);
        await pressVerify(el);
        await until(() => events.length > 0, 5000, 'challenge-ready');
        await el.updateComplete;
        expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).to.deep.equal([
          `GET ${SELF}`,
          `POST ${SELF}`,
          `GET ${SELF}`,
        ]);
        expect(types(events)).to.deep.equal(['challenge-ready']);
        expect(events[0].detail).to.deep.equal({ positions: POSITIONS });
        expect(challengeState().challengeId).to.not.equal(firstId);
        const status = part(el, 'status');
        expect(status.dataset.state).to.equal('expired');
        expect(text(status)).to.equal(en.expired);
        expect(values(el)).to.deep.equal(['', '', '']);
        await until(() => announced(el) === en.expired, 5000, 'announcement');
        expect(deepActiveElement()).to.equal(boxes(el)[0]);
        // The new challenge is answered with its own id.
        const secondId = challengeState().challengeId;
        await typeAnswers(el, RIGHT);
        await pressVerify(el);
        await settled(el, events);
        expect(lastRequest().body).to.deep.equal({ challengeId: secondId, answers: RIGHT });
        expect(types(events)).to.deep.equal(['challenge-ready', 'challenge-verified']);
      });

      const answerFailures: Array<[Scenario, ErrorDetail]> = [
        ['session-expired', { kind: 'unauthorized', status: 401 }],
        ['forbidden', { kind: 'forbidden', status: 403 }],
        ['rate-limited', { kind: 'rate-limited', status: 429 }],
        ['server-error', { kind: 'server', status: 500 }],
        ['html-error', { kind: 'server', status: 502 }],
        ['bad-request', { kind: 'bad-response', status: 400 }],
        ['network-error', { kind: 'network' }],
        ['malformed', { kind: 'bad-response', status: 200 }],
      ];
      for (const [name, detail] of answerFailures) {
        it(`an answer "${name}" fires challenge-error ${JSON.stringify(detail)}, says what to do, keeps the boxes`, async () => {
          const el = await challenge();
          const events = record();
          worker.use(...scenario(name));
          await typeAnswers(el, RIGHT);
          await pressVerify(el);
          await settled(el, events);
          expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-error', detail]]);
          const error = part(el, 'error');
          expect(text(error)).to.contain(
            name === 'rate-limited' ? en.errorRateLimitedIn(RETRY_AFTER_SECONDS) : errorText(detail.kind),
          );
          expect(deepActiveElement()).to.equal(error);
          expect(values(el), 'nothing typed is lost').to.deep.equal(RIGHT);
          // Kept as typed, in the boxes' values only: no attribute of the element or of a box holds an answer.
          const attributes = [el, ...boxes(el)].flatMap((node) =>
            [...node.attributes].map((a) => `${a.name}=${a.value}`),
          );
          expect(attributes.filter((a) => /=[ifh]$/i.test(a))).to.deep.equal([]);
        });
      }

      it('an answer that never comes times out', async () => {
        const el = await challenge();
        expect(boxes(el), 'the challenge loaded').to.have.length(3);
        // Short only for the answer: 300 ms for the first GET too failed it on a loaded machine.
        el.timeout = 300;
        const events = record();
        worker.use(...scenario('hang'));
        await typeAnswers(el, RIGHT);
        await pressVerify(el);
        await settled(el, events);
        expect(events.map((e) => e.detail)).to.deep.equal([{ kind: 'timeout' }]);
        expect(text(part(el, 'error'))).to.contain(en.errorTimeout);
      });

      for (const [why, status, body] of [
        ['a 200 without verified: true', 200, { verified: false }],
        ['a 422 without attemptsRemaining', 422, { verified: false }],
        ['a 422 with a negative attemptsRemaining', 422, { verified: false, attemptsRemaining: -2 }],
        ['a 423 with a lockedUntil that is not a string', 423, { lockedUntil: 1800 }],
        ['a 423 with an unreadable lockedUntil', 423, { lockedUntil: 'later' }],
      ] as const) {
        it(`${why} is a bad response`, async () => {
          const el = await challenge();
          const events = record();
          worker.use(http.post(SELF, () => problem(status, 'Answer', 'Test', body)));
          await typeAnswers(el, RIGHT);
          await pressVerify(el);
          await settled(el, events);
          expect(events.map((e) => [e.type, e.detail])).to.deep.equal([
            ['challenge-error', { kind: 'bad-response', status }],
          ]);
        });
      }

      it('a double click sends one request', async () => {
        const el = await challenge();
        const events = record();
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        worker.use(
          http.post(SELF, async () => {
            await held;
            return undefined;
          }),
        );
        await typeAnswers(el, RIGHT);
        const button = verifyButton(el);
        button.click();
        button.click();
        await el.updateComplete;
        if (m === 'shadow') {
          expect(button.getAttribute('aria-disabled')).to.equal('true');
          expect(text(button)).to.equal(en.verifying);
        } else {
          // The page's button keeps its words; the boxes say the check is under way.
          expect(boxes(el).every((box) => box.readOnly)).to.equal(true);
        }
        button.click();
        await until(() => requests.some((r) => r.method === 'POST'), 5000, 'POST');
        release();
        await settled(el, events);
        expect(requests.filter((r) => r.method === 'POST')).to.have.length(1);
        expect(types(events)).to.deep.equal(['challenge-verified']);
      });

      it('with an empty box: an error summary linking to it, and no request', async () => {
        const el = await challenge();
        boxes(el)[1].focus();
        await sendKeys({ type: 'f' });
        await pressVerify(el);
        await el.updateComplete;
        expect(requests.filter((r) => r.method === 'POST')).to.have.length(0);
        const summary = part(el, 'error-summary');
        expect(deepActiveElement()).to.equal(summary);
        const links = [...summary.querySelectorAll('a')].map((a) => [text(a), a.getAttribute('href')]);
        expect(links).to.deep.equal([
          ['Enter the 2nd character', `#${boxes(el)[0].id}`],
          ['Enter the 8th character', `#${boxes(el)[2].id}`],
        ]);
        expect(text(inputErrorOf(el))).to.equal(`Error: ${en.errorMissingGroup}`);
        expect(boxes(el).map((b) => b.getAttribute('aria-invalid') ?? 'false')).to.deep.equal([
          'true',
          'false',
          'true',
        ]);
        summary.querySelector('a')!.click();
        expect(deepActiveElement()).to.equal(boxes(el)[0]);
        expect(location.hash).to.equal('');
      });

      it('Enter in a box verifies (the user asks; nothing is sent automatically)', async () => {
        const el = await challenge();
        const events = record();
        await typeAnswers(el, RIGHT);
        expect(requests.filter((r) => r.method === 'POST')).to.have.length(0);
        await sendKeys({ press: 'Enter' });
        await settled(el, events);
        expect(types(events)).to.deep.equal(['challenge-verified']);
      });

      it('never puts an answer in an event, an attribute or the console', async () => {
        const logged: unknown[] = [];
        const methods = ['log', 'info', 'debug', 'warn', 'error'] as const;
        // The test watches every console method, including those the code may not use.
        const watched = console as unknown as Record<string, (...args: unknown[]) => void>;
        const original = methods.map((method) => watched[method]);
        for (const method of methods) watched[method] = (...args: unknown[]) => void logged.push(...args);
        try {
          const el = await challenge();
          const events = record();
          await typeAnswers(el, ['Q', 'W', 'Z']); // distinctive: appear nowhere else
          const attributes = [el, ...el.querySelectorAll('*'), ...el.shadowRoot!.querySelectorAll('*')].flatMap(
            (node) => [...node.attributes].map((a) => a.value),
          );
          expect(attributes.filter((value) => /^[QWZ]$/.test(value))).to.deep.equal([]);
          await pressVerify(el);
          await settled(el, events);
          expect(JSON.stringify(events.map((e) => e.detail))).to.not.match(/[QWZ]/);
        } finally {
          methods.forEach((method, i) => (watched[method] = original[i]));
        }
        expect(logged.map(String).filter((line) => /\b[QWZ]\b/.test(line))).to.deep.equal([]);
      });

      it('clears the boxes when the element leaves the page', async () => {
        const el = await challenge();
        await typeAnswers(el, ['a', 'b', 'c']);
        const [first, second, third] = boxes(el);
        el.remove();
        expect([first.value, second.value, third.value]).to.deep.equal(['', '', '']);
      });
    });
  }

  describe('light DOM: the page\'s own inputs ("HTML first")', () => {
    inMode('light');
    const pageInputs = (el: Element) => [...el.querySelectorAll<HTMLInputElement>('fieldset input')];
    const native = (extra: Parameters<typeof pageForm>[0] = {}) =>
      challenge(pageForm({ positions: POSITIONS, challengeId: 'c-page', ...extra }));

    it("keeps the page's inputs: the same nodes, in light DOM, in the page's form, named by the page's labels", async () => {
      const form = await fixture<HTMLFormElement>(pageForm({ endpoint: SELF }));
      const before = pageInputs(form.querySelector('secret-challenge')!);
      const el = await challenge(form);
      expect(pageInputs(el)).to.deep.equal(before);
      expect(boxes(el)).to.deep.equal(before);
      for (const input of before) {
        expect(input.form).to.equal(form);
        expect(input.getRootNode()).to.equal(document);
      }
      expect(before.map(nameOf)).to.deep.equal(['2nd character', '5th character', '8th character']);
      expect(text(legendOf(el))).to.equal(en.legendSelf);
      expect(q(el, '[part~="char-input"]'), 'no boxes of its own').to.equal(null);
      expect(q(el, '[part~="submit"]'), "the page's form has its own button").to.equal(null);
      expect(before.map((input) => input.type)).to.deep.equal(['password', 'password', 'password']);
      for (const input of before) expect(input.getBoundingClientRect().height, 'shown').to.be.greaterThan(0);
    });

    it("without endpoint: the page's form posts its own inputs, in the order of positions, and nothing else", async () => {
      const el = await native();
      const events = record();
      await typeAnswers(el, ['I', 'f', 'H']);
      await pressVerify(el);
      await until(() => submissions.length > 0, 5000, 'submission');
      expect(posted().map((sub) => sub.data)).to.deep.equal([
        [
          ['csrf', 'TOKEN'],
          ['challengeId', 'c-page'],
          ['answers', 'I'],
          ['answers', 'f'],
          ['answers', 'H'],
        ],
      ]);
      expect(requests, 'no request of its own').to.deep.equal([]);
      expect(types(events), "the page's server gives the outcome").to.deep.equal([]);
    });

    it("without endpoint: Enter in the last box submits the page's form", async () => {
      const el = await native();
      await typeAnswers(el, RIGHT);
      await sendKeys({ press: 'Enter' });
      await until(() => submissions.length > 0, 5000, 'submission');
      expect(posted().map((sub) => sub.data.filter(([name]) => name === 'answers').map(([, v]) => v))).to.deep.equal([
        RIGHT,
      ]);
    });

    it("without endpoint: an empty box blocks the submission with the error summary linking to the page's input", async () => {
      const el = await native();
      boxes(el)[1].focus();
      await sendKeys({ type: 'f' });
      await pressVerify(el);
      await until(() => submissions.length > 0, 5000, 'submission');
      expect(posted(), 'not submitted').to.deep.equal([]);
      await el.updateComplete;
      const summary = part(el, 'error-summary');
      expect(deepActiveElement()).to.equal(summary);
      expect([...summary.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([
        '#answer-1',
        '#answer-3',
      ]);
      const message = inputErrorOf(el)!;
      expect(message.getRootNode(), 'beside the inputs, where their aria-describedby reaches').to.equal(document);
      expect(boxes(el)[0].getAttribute('aria-describedby')).to.equal(message.id);
      summary.querySelector('a')!.click();
      expect(deepActiveElement()).to.equal(boxes(el)[0]);
      expect(location.hash).to.equal('');
      await expect(el).to.be.accessible();
    });

    it("with endpoint: the page's submit button runs the JSON contract and the form is never submitted", async () => {
      const el = await challenge();
      const events = record();
      const id = challengeState().challengeId;
      await typeAnswers(el, RIGHT);
      await pressVerify(el);
      await settled(el, events);
      expect(posted()).to.deep.equal([]);
      expect(lastRequest().body).to.deep.equal({ challengeId: id, answers: RIGHT });
      expect(types(events)).to.deep.equal(['challenge-verified']);
      expect(boxes(el), "the page's inputs are no longer shown").to.have.length(0);
      expect(
        pageInputs(el).map((input) => input.value),
        'and are empty',
      ).to.deep.equal(['', '', '']);
    });

    it('with endpoint and no form around the inputs, it offers its own Verify', async () => {
      const wrapper = await fixture<HTMLElement>(html`<div>
        ${challengePageForm({ form: false, endpoint: SELF, positions: POSITIONS, legend: en.legendSelf, charLabel: en.charLabel })}
      </div>`);
      const el = await challenge(wrapper);
      const events = record();
      await typeAnswers(el, RIGHT);
      part(el, 'submit').click();
      await settled(el, events);
      expect(types(events)).to.deep.equal(['challenge-verified']);
    });

    it('refuses page inputs that do not fit the positions: challenge-error bad-response, nothing shown or sent', async () => {
      for (const [given, seeded] of [
        [[2, 5], undefined],
        [undefined, [2, 5, 8, 9]],
      ] as const) {
        resetMocks();
        if (seeded) seedChallengePositions([...seeded]);
        const events = record();
        const form = await fixture<HTMLFormElement>(
          challengePageForm({
            endpoint: SELF,
            positions: POSITIONS,
            givePositions: given ?? false,
            legend: en.legendSelf,
            charLabel: en.charLabel,
          }),
        );
        const el = form.querySelector('secret-challenge')!;
        await until(() => events.some((e) => e.type === 'challenge-error'), 5000, 'challenge-error');
        await el.updateComplete;
        expect(events.map((e) => [e.type, e.detail])).to.deep.equal([['challenge-error', { kind: 'bad-response' }]]);
        expect(boxes(el), 'the inputs are not shown').to.have.length(0);
        expect(requests.filter((r) => r.method === 'POST')).to.deep.equal([]);
        for (const remove of listeners.splice(0)) remove();
      }
    });

    it('names the boxes by the positions asked when the page could not know them (fetched)', async () => {
      const el = await challenge(
        challengePageForm({
          endpoint: SELF,
          positions: POSITIONS,
          legend: en.legendSelf,
          charLabel: () => 'Character',
        }),
      );
      await until(() => nameOf(boxes(el)[0]) === '2nd character', 5000, 'labels');
      expect(boxes(el).map(nameOf)).to.deep.equal(['2nd character', '5th character', '8th character']);
    });

    it('keeps a server-rendered error until the answer changes', async () => {
      const form = await fixture<HTMLFormElement>(
        challengePageForm({
          positions: POSITIONS,
          givePositions: true,
          challengeId: 'c-page',
          legend: en.legendSelf,
          charLabel: en.charLabel,
          hint: 'Enter one letter in each box.',
          serverError: 'Those characters are not right.',
        }),
      );
      expect(form.querySelector('fieldset')!.getAttribute('aria-describedby')).to.equal('answers-hint answers-error');
      const el = await challenge(form);
      const message = form.querySelector<HTMLElement>('#answers-error')!;
      expect(message.hidden).to.equal(false);
      expect(boxes(el).map((box) => box.getAttribute('aria-describedby'))).to.deep.equal([
        'answers-error',
        'answers-error',
        'answers-error',
      ]);
      expect(boxes(el).map((box) => box.getAttribute('aria-invalid'))).to.deep.equal(['true', 'true', 'true']);
      await typeInto(boxes(el)[0], 'k');
      await el.updateComplete;
      expect(message.hidden, 'gone once the answer changed').to.equal(true);
      expect(boxes(el).map((box) => box.getAttribute('aria-invalid'))).to.deep.equal([null, null, null]);
      expect(form.querySelector('fieldset')!.getAttribute('aria-describedby')).to.equal('answers-hint');
    });

    it("agent: the page's plain inputs stay plain; no show/hide, no whole-secret field", async () => {
      const el = await challenge(pageForm({ mode: 'agent', positions: POSITIONS, challengeId: 'c-page' }));
      expect(boxes(el).map((box) => box.type)).to.deep.equal(['text', 'text', 'text']);
      expect(toggleOf(el)).to.equal(null);
      expect(fullSecret(el)).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it("self: show/hide switches the page's inputs and hides them again on submit", async () => {
      const el = await native();
      const toggle = toggleOf(el)!;
      expect(toggle.getRootNode(), 'in light DOM, where aria-controls reaches the inputs').to.equal(document);
      toggle.click();
      await el.updateComplete;
      expect(boxes(el).map((box) => box.type)).to.deep.equal(['text', 'text', 'text']);
      await typeAnswers(el, RIGHT);
      await pressVerify(el);
      await until(() => submissions.length > 0, 5000, 'submission');
      await el.updateComplete;
      expect(boxes(el).map((box) => box.type)).to.deep.equal(['password', 'password', 'password']);
    });

    it("a whole secret pasted into the first box fills the page's inputs with the asked characters only", async () => {
      const el = await native();
      await paste(boxes(el)[0], demoChallengeSecret);
      await el.updateComplete;
      expect(values(el)).to.deep.equal(RIGHT);
      await pressVerify(el);
      await until(() => submissions.length > 0, 5000, 'submission');
      expect(
        posted()[0]
          .data.filter(([name]) => name === 'answers')
          .map(([, v]) => v),
      ).to.deep.equal(RIGHT);
    });

    it("clears the page's inputs on pagehide, masked again", async () => {
      const el = await native();
      toggleOf(el)!.click();
      await typeAnswers(el, RIGHT);
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      expect(pageInputs(el).map((input) => input.value)).to.deep.equal(['', '', '']);
      await el.updateComplete;
      expect(pageInputs(el).map((input) => input.type)).to.deep.equal(['password', 'password', 'password']);
    });

    it("typing events: the page's own inputs' are the page's; the element's own whole-secret field's stay inside", async () => {
      const el = await native();
      const seen: string[] = [];
      const listener = (event: Event) =>
        seen.push(`${event.type}:${(event.target as Element).id === boxes(el)[0].id ? 'page' : 'other'}`);
      for (const type of ['keydown', 'input']) document.addEventListener(type, listener);
      try {
        await typeInto(boxes(el)[0], 'k');
        const before = seen.length;
        await typeInto(fullSecret(el)!, 'ab');
        expect(seen.slice(before), 'nothing from the whole-secret field').to.deep.equal([]);
      } finally {
        for (const type of ['keydown', 'input']) document.removeEventListener(type, listener);
      }
      expect(seen).to.include('keydown:page');
    });

    it('a GET form is refused with a console warning and nothing in the URL', async () => {
      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
      try {
        const el = await native({ method: 'get' });
        await typeAnswers(el, ['Q', 'W', 'Z']);
        await pressVerify(el);
        await until(() => submissions.length > 0, 5000, 'submission');
      } finally {
        console.warn = original;
      }
      expect(posted()).to.deep.equal([]);
      expect(warnings.filter((w) => /not submitted/.test(w) && /method="get"/.test(w))).to.have.length(1);
      // The page's boxes are in a GET form: said once, as the element took them.
      expect(
        warnings.filter((w) => w.startsWith('<secret-challenge>: in a GET form, also without JavaScript')),
      ).to.have.length(1);
      expect(warnings.join(' ')).to.not.match(/\b[QWZ]\b/);
    });

    it('form.submit() on a GET form navigates without the characters, or a half-typed whole secret, in the URL', async () => {
      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
      try {
        const wrapper = await fixture<HTMLDivElement>(html`<div>
          <iframe name="challenge-sink" title="sink"></iframe>
          ${challengePageForm({
            method: 'get',
            action: 'about:blank',
            target: 'challenge-sink',
            positions: POSITIONS,
            givePositions: true,
            challengeId: 'c-page',
            legend: en.legendSelf,
            charLabel: en.charLabel,
          })}
        </div>`);
        const el = await challenge(wrapper);
        await typeAnswers(el, ['Q', 'W', 'Z']);
        // Typed by hand, the whole secret waits in its field (which has no name) until the field is left.
        await typeInto(fullSecret(el)!, 'kingf');
        expect(fullSecret(el)!.value).to.equal('kingf');
        const frame = wrapper.querySelector('iframe')!;
        const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
        wrapper.querySelector('form')!.submit();
        await loaded;
        const url = new URL(frame.contentWindow!.location.href);
        // The page's own hidden fields go; no character does.
        expect([...url.searchParams]).to.deep.equal([
          ['csrf', 'TOKEN'],
          ['challengeId', 'c-page'],
        ]);
      } finally {
        console.warn = original;
      }
      expect(warnings.filter((w) => /left out of the form data/.test(w) && /method="get"/.test(w))).to.have.length(1);
      expect(
        warnings.filter((w) => w.startsWith('<secret-challenge>: in a GET form, also without JavaScript')),
      ).to.have.length(1);
      expect(warnings.join(' ')).to.not.match(/\b[QWZ]\b|kingf/);
    });

    it("speaks Welsh beside the page's inputs", async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div lang="cy">${pageForm({ positions: POSITIONS, challengeId: 'c-page' })}</div>`,
      );
      const el = await challenge(wrapper);
      await until(() => text(toggleOf(el)) === cy.show, 5000, 'Welsh');
      expect(toggleOf(el)!.getAttribute('aria-label')).to.equal(cy.showCharacters);
      expect(text(fullSecret(el)!.labels?.[0])).to.equal(cy.fullSecretLabel);
      boxes(el)[0].focus();
      await sendKeys({ type: '3' });
      await el.updateComplete;
      expect(text(inputErrorOf(el))).to.equal("Gwall: Rhaid i'r 2il nod fod yn llythyren");
      await expect(el).to.be.accessible();
    });

    it('before the element is defined, the markup is a plain working form', async () => {
      const frame = await fixture<HTMLIFrameElement>(
        html`<iframe title="no script" style="width: 600px; height: 400px"></iframe>`,
      );
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
      frame.srcdoc = `<!doctype html>${pageSource(
        challengePageForm({
          positions: POSITIONS,
          givePositions: true,
          challengeId: 'c-1',
          legend: en.legendSelf,
          charLabel: en.charLabel,
          hint: 'Enter one letter in each box.',
        }),
      )}`;
      await loaded;
      const doc = frame.contentDocument!;
      expect(frame.contentWindow!.customElements.get('secret-challenge')).to.equal(undefined);
      const inputs = [...doc.querySelectorAll('input[name="answers"]')] as HTMLInputElement[];
      expect(inputs.map((input) => input.labels?.[0].textContent)).to.deep.equal([
        '2nd character',
        '5th character',
        '8th character',
      ]);
      for (const input of inputs) expect(input.getBoundingClientRect().height).to.be.greaterThan(0);
      RIGHT.forEach((answer, i) => (inputs[i].value = answer));
      let data: Array<[string, string]> | undefined;
      doc.addEventListener('submit', (event: SubmitEvent) => {
        data = [...new FormData(event.target as HTMLFormElement, event.submitter)].map(([k, v]) => [
          k,
          typeof v === 'string' ? v : v.name,
        ]);
        event.preventDefault();
      });
      doc.querySelector('button')!.click();
      expect(data).to.deep.equal([
        ['csrf', 'TOKEN'],
        ['challengeId', 'c-1'],
        ['answers', 'i'],
        ['answers', 'f'],
        ['answers', 'h'],
      ]);
    });
  });

  describe('Welsh', () => {
    it('writes ordinals the Welsh way', () => {
      const table: Array<[number, string]> = [
        [1, '1af'],
        [2, '2il'],
        [3, '3ydd'],
        [4, '4ydd'],
        [5, '5ed'],
        [6, '6ed'],
        [7, '7fed'],
        [8, '8fed'],
        [9, '9fed'],
        [10, '10fed'],
        [11, '11eg'],
        [12, '12fed'],
        [13, '13eg'],
        [14, '14eg'],
        [15, '15fed'],
        [16, '16eg'],
        [17, '17eg'],
        [18, '18fed'],
        [19, '19eg'],
        [20, '20fed'],
        [21, '21ain'],
        [22, '22ain'],
        [30, '30ain'],
        [31, '31ain'],
        [40, '40fed'],
        [41, '41ain'],
        [50, '50fed'],
        [60, '60fed'],
        [64, '64ain'],
        [80, '80fed'],
        [100, '100fed'],
        [101, '101af'],
        [111, '111eg'],
      ];
      expect(table.map(([n]) => welshOrdinal(n))).to.deep.equal(table.map(([, written]) => written));
      expect([1, 2, 3, 8, 11, 18, 20, 21, 40].map(welshArticle)).to.deep.equal([
        'y',
        'yr',
        'y',
        'yr',
        'yr',
        'y',
        'yr',
        'yr',
        'y',
      ]);
    });

    it('speaks Welsh with lang="cy": legend, ordinal labels, buttons, messages', async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div lang="cy"><secret-challenge endpoint=${SELF}></secret-challenge></div>`,
      );
      const el = wrapper.querySelector('secret-challenge')!;
      await until(() => text(q(el, 'legend')) === cy.legendSelf, 5000, 'Welsh');
      expect(text(q(el, 'legend'))).to.equal('Rhowch y nodau hyn o gyfrinach eich cyfrif');
      expect(boxes(el).map(nameOf)).to.deep.equal(['2il nod', '5ed nod', '8fed nod']);
      expect(text(part(el, 'submit'))).to.equal('Gwirio');
      expect(text(q(el, '.attempts'))).to.equal('Mae gennych 5 cynnig ar ôl.');
      expect(text(fullSecret(el)!.labels?.[0])).to.equal(cy.fullSecretLabel);
      boxes(el)[0].focus();
      await sendKeys({ type: '3' });
      await el.updateComplete;
      expect(text(inputErrorOf(el))).to.equal("Gwall: Rhaid i'r 2il nod fod yn llythyren");
      await pressVerify(el);
      await el.updateComplete;
      expect([...part(el, 'error-summary').querySelectorAll('a')].map(text)).to.deep.equal([
        'Rhowch yr 2il nod',
        'Rhowch y 5ed nod',
        'Rhowch yr 8fed nod',
      ]);
    });

    it('agent wording in Welsh', async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div lang="cy"><secret-challenge mode="agent" endpoint=${AGENT}></secret-challenge></div>`,
      );
      const el = wrapper.querySelector('secret-challenge')!;
      await until(() => text(q(el, 'legend')) === cy.legendAgent, 5000, 'Welsh');
      expect(text(q(el, '.attempts'))).to.equal('Mae gan y galwr 5 cynnig ar ôl.');
    });

    it('lets a host override any string', async () => {
      const el = await challenge();
      el.strings = { verify: 'Check characters', charLabel: (n: number) => `Character ${n}` };
      await el.updateComplete;
      expect(text(part(el, 'submit'))).to.equal('Check characters');
      expect(boxes(el).map(nameOf)).to.deep.equal(['Character 2', 'Character 5', 'Character 8']);
    });
  });
});

function errorText(kind: ErrorDetail['kind']): string {
  const byKind: Record<ErrorDetail['kind'], string> = {
    network: en.errorNetwork,
    timeout: en.errorTimeout,
    server: en.errorServer,
    unauthorized: en.errorUnauthorized,
    forbidden: en.errorForbidden,
    'rate-limited': en.errorRateLimited,
    'bad-response': en.errorBadResponse,
  };
  return byKind[kind];
}

/** A time as the element words it: the time of day, with the date when that is not today (a lock ends after midnight). */
function localTime(date: Date): string {
  return date.toDateString() === new Date().toDateString()
    ? date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
    : new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(date);
}
