/**
 * No English is left in Welsh mode: for each element in each of its main
 * states, with `lang="cy"` on an ancestor and the Welsh pack loaded, no
 * text (visible or for screen readers, live regions included), no
 * `aria-label`/`title`/`placeholder`/`alt`, and no validation message
 * equals or contains a string of the element's English table.
 *
 * The English strings are taken from the tables themselves, so a string
 * added later is checked too: plain strings whole; message functions are
 * called with marker arguments and every fixed piece of wording between
 * the markers is looked for (so "be at least 9 letters long" is found
 * whatever the number), and called with 0, 1 and 2 for the wording of
 * singular and plural branches. Wording identical in both languages is not
 * a leak and is skipped. English ordinals ("2nd", "11th") are looked for
 * separately, since their suffix is too short to search on its own.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { delay, http, HttpResponse } from 'msw';
import type { SetupWorker } from 'msw/browser';
import { expireChallenge, lockChallenge, seedChallengePositions } from '../mocks/challenge.js';
import { demoPreviousSecrets, demoUser, paths, scenario } from '../mocks/index.js';
import '../src/index.js';
import type { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import { aupConsentEnglish } from '../src/aup-consent/messages.js';
import { aupConsentWelsh } from '../src/aup-consent/messages.cy.js';
import type { MessageTable } from '../src/internal/i18n.js';
import { secretChallengeEnglish } from '../src/secret-challenge/messages.js';
import { secretChallengeWelsh } from '../src/secret-challenge/messages.cy.js';
import type { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import { secretSetupEnglish } from '../src/secret-setup/messages.js';
import { secretSetupWelsh } from '../src/secret-setup/messages.cy.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { announced, boxes, givesOwnBoxes, part, paste, press, q, resetMocks, until, useMocks } from './helpers.js';
import { aupPage, challengePageForm, MODES, modeTitle, pageSubmit, setupToLight } from './support/light.js';
import { stopAll } from './support/watch.js';

let worker: SetupWorker;

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
/** Private-use characters: never in a message, so they mark where the arguments went. */
const MARKERS = ['\ue000', '\ue001', '\ue002'];

function call(fn: (...args: unknown[]) => string, args: unknown[]): string | undefined {
  try {
    const result = fn(...args);
    return typeof result === 'string' ? result : undefined;
  } catch {
    return undefined;
  }
}

/** The fixed wording of a message function: the text between its arguments, each piece with a word in it. */
function pieces(fn: (...args: unknown[]) => string): string[] {
  const out = call(fn, MARKERS) ?? call(fn, [MARKERS]) ?? '';
  return out
    .split(/[\ue000-\ue002]/)
    .map((piece, i, all) => {
      let text = piece;
      // A suffix glued to an argument ("1st", "10fed") is not wording of its own.
      if (i > 0 && /^\S/.test(text)) text = text.replace(/^\S+/, '');
      if (i < all.length - 1 && /\S$/.test(text)) text = text.replace(/\S+$/, '');
      return squash(text);
    })
    .filter((text) => /\p{L}{3,}/u.test(text));
}

/** Every piece of English wording in `english` that Welsh does not share. */
function englishWording(english: MessageTable, welsh: MessageTable): string[] {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(english)) {
    const cy = welsh[key];
    if (typeof value === 'string') {
      if (value !== cy && squash(value) !== '') found.add(squash(value));
      continue;
    }
    const welshPieces = typeof cy === 'function' ? new Set(pieces(cy)) : new Set<string>();
    for (const piece of pieces(value)) if (!welshPieces.has(piece)) found.add(piece);
    for (const n of [0, 1, 2]) {
      const whole = call(value, [n, n, n]);
      const inWelsh = typeof cy === 'function' ? call(cy, [n, n, n]) : undefined;
      if (whole && whole !== inWelsh) found.add(squash(whole));
    }
  }
  return [...found];
}

/** What a person can see or hear of an element: texts, accessible names and descriptions, the validation message. */
function perceivable(el: HTMLElement): string[] {
  const texts: string[] = [];
  // Light mode: the whole page form, the page's own Welsh wording and what the element added to it.
  const page = el.closest('form[data-page]');
  const roots: Node[] = page
    ? [el.shadowRoot!, page]
    : [el.shadowRoot!, ...el.querySelectorAll('[data-secret-challenge-owned]')];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
      if (node instanceof Text) {
        const parent = node.parentElement?.localName;
        if (parent !== 'style' && parent !== 'script' && node.data.trim() !== '') texts.push(node.data);
      } else if (node instanceof Element) {
        for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext', 'aria-roledescription']) {
          const value = node.getAttribute(name);
          if (value) texts.push(value);
        }
      }
    }
  }
  const message = (el as HTMLElement & { validationMessage?: string }).validationMessage;
  if (message) texts.push(message);
  return texts.map(squash).filter(Boolean);
}

/** Which English wording `el` shows in Welsh mode, with the text it appeared in. */
function englishLeft(el: HTMLElement, english: MessageTable, welsh: MessageTable): string[] {
  const wording = englishWording(english, welsh);
  const texts = perceivable(el);
  const left = wording.flatMap((w) => texts.filter((text) => text.includes(w)).map((text) => `"${w}" in "${text}"`));
  for (const text of texts) {
    const ordinal = /\b\d+(?:st|nd|rd|th)\b/.exec(text);
    if (ordinal) left.push(`English ordinal "${ordinal[0]}" in "${text}"`);
  }
  return left;
}

describe('no English left in Welsh mode', () => {
  before(async () => {
    worker = await useMocks();
  });
  beforeEach(() => {
    resetMocks();
    seedChallengePositions([2, 5, 8]);
  });
  afterEach(() => stopAll());

  it('joins Welsh lists with "a", or "ac" where the spoken ordinal starts with a vowel', () => {
    const { list } = secretChallengeWelsh;
    expect(list(['2il', '5ed', '8fed'])).to.equal('2il, 5ed ac 8fed');
    expect(list(['1af', '3ydd'])).to.equal('1af a 3ydd');
    expect(list(['4ydd', '11eg'])).to.equal('4ydd ac 11eg');
    expect(list(['7fed'])).to.equal('7fed');
  });

  it('the check finds English: an English table against itself is all leaks, ordinals included', () => {
    const wording = englishWording(secretChallengeEnglish, {});
    expect(wording).to.include('Enter these characters from your account secret');
    expect(wording).to.include('character'); // from `${englishOrdinal(n)} character`
    expect(wording).to.include('You have 1 attempt left.');
    expect(wording.some((w) => w.startsWith('be at least') || w.includes('letters long'))).to.equal(false); // not a challenge string
    expect(englishWording(secretSetupEnglish, {})).to.include('letters long');
  });

  for (const mode of MODES)
    describe(`<secret-setup lang="cy"> (${modeTitle(mode)})`, () => {
      const en = secretSetupEnglish;
      const cy = secretSetupWelsh;
      const left = (el: SecretSetupElement) => englishLeft(el, en, cy);
      /** The page's own wording, in Welsh, as the reference server renders it with ?lang=cy. */
      const page = {
        secretLabel: cy.secretLabel,
        hint: 'Defnyddiwch lythrennau yn unig.',
        confirmLabel: cy.confirmLabel,
        save: cy.save,
      };
      const field = (el: SecretSetupElement, name: 'input' | 'confirm-input') =>
        mode === 'light'
          ? el.querySelector<HTMLInputElement>(name === 'input' ? '#secret' : '#secret-confirm')!
          : part<HTMLInputElement>(el, name);
      const save = (el: SecretSetupElement) => (mode === 'light' ? pageSubmit(el) : part(el, 'submit'));
      /** A match in the element's shadow root or, in light mode, among the page's fields it keeps. */
      const find = (el: SecretSetupElement, selector: string) => q(el, selector) ?? el.querySelector(selector);

      async function make(
        attributes = html`<secret-setup
      endpoint=${paths.secret}
      given-name=${demoUser.givenName}
      family-name=${demoUser.familyName}
      organisation=${demoUser.organisation}
    ></secret-setup>`,
      ): Promise<SecretSetupElement> {
        const wrapper = await fixture<HTMLElement>(html`<div lang="cy">${attributes}</div>`);
        const el = wrapper.querySelector('secret-setup')!;
        if (mode === 'light') {
          await setupToLight(el, page);
          el.closest('form')!.dataset.page = '';
          await until(
            () => el.querySelector('.ase-toggle')?.getAttribute('aria-label') === cy.showSecret,
            5000,
            'Welsh pack',
          );
          return el;
        }
        await until(
          () => squash(q(el, 'label[for="secret"]')?.textContent ?? '') === cy.secretLabel,
          5000,
          'Welsh pack',
        );
        return el;
      }
      async function enter(el: SecretSetupElement, secret: string, confirm = secret): Promise<void> {
        for (const [name, value] of [
          ['input', secret],
          ['confirm-input', confirm],
        ] as const) {
          if (name === 'confirm-input' && el.noConfirm) continue;
          const input = field(el, name);
          input.focus();
          input.select();
          await sendKeys({ press: 'Backspace' });
          if (value) await sendKeys({ type: value });
        }
        await el.updateComplete;
      }

      it('initial, typing (with the paused summary announced), shown', async () => {
        const el = await make();
        expect(left(el), 'initial').to.deep.equal([]);
        await enter(el, 'abc');
        await until(() => announced(el) !== '', 5000, 'rules summary');
        expect(left(el), 'typing, summary announced').to.deep.equal([]);
        await press(mode === 'light' ? el.querySelector<HTMLElement>('.ase-toggle')! : part(el, 'toggle'));
        await until(() => announced(el) === cy.secretShown, 5000, 'shown announced');
        expect(left(el), 'shown').to.deep.equal([]);
      });

      it('errors: empty, not letters, too short, too long, not matching, a name', async () => {
        const el = await make();
        await press(save(el));
        await el.updateComplete;
        expect(left(el), 'empty').to.deep.equal([]);
        for (const [secret, confirm] of [
          ['abc1', 'abd'],
          ['a'.repeat(70), ''],
          ['marysmith', 'marysmith'],
        ]) {
          await enter(el, secret, confirm);
          await press(save(el));
          await el.updateComplete;
          expect(q(el, '[part~="error-summary"]'), secret).to.not.equal(null);
          expect(left(el), `errors for ${secret}`).to.deep.equal([]);
        }
      });

      it('the server refuses (422, history), fails (500, 429, offline), then saves', async () => {
        const el = await make();
        await enter(el, demoPreviousSecrets[0]);
        await press(save(el));
        await until(() => find(el, '[data-rule="history"][data-state="unmet"]') !== null, 5000, '422');
        expect(left(el), 'history').to.deep.equal([]);
        await enter(el, 'meadowlarks');
        for (const name of ['server-error', 'rate-limited', 'network-error'] as const) {
          worker.resetHandlers();
          worker.use(...scenario(name));
          await press(save(el));
          await until(
            () => q(el, '[part~="error-summary"]') !== null && save(el).getAttribute('aria-disabled') !== 'true',
            5000,
            name,
          );
          await el.updateComplete;
          expect(left(el), name).to.deep.equal([]);
        }
        worker.resetHandlers();
        await press(save(el));
        await until(() => q(el, '[part~="success"]') !== null, 5000, 'saved');
        expect(left(el), 'saved').to.deep.equal([]);
      });

      it('as a required form control: the validation message', async () => {
        const el = await make(html`<form><secret-setup name="secret" required no-confirm></secret-setup></form>`);
        expect(el.validationMessage).to.equal(cy.errorEmpty);
        await enter(el, 'abc1');
        expect(el.validationMessage).to.not.equal('');
        expect(left(el)).to.deep.equal([]);
      });
    });

  for (const page of MODES)
    describe(`<secret-challenge lang="cy"> (${modeTitle(page)})`, () => {
      const en = secretChallengeEnglish;
      const cy = secretChallengeWelsh;
      const left = (el: SecretChallengeElement) => englishLeft(el, en, cy);
      /** A match in the element's shadow root or, in light mode, among the page's controls. */
      const find = (el: SecretChallengeElement, selector: string) => q(el, selector) ?? el.querySelector(selector);
      const verify = (el: SecretChallengeElement): HTMLElement =>
        givesOwnBoxes(el)
          ? el.closest('form')!.querySelector<HTMLElement>('button[type="submit"]')!
          : part(el, 'submit');
      const toggle = (el: SecretChallengeElement): HTMLElement =>
        givesOwnBoxes(el) ? el.querySelector<HTMLElement>('.ase-toggle')! : part(el, 'toggle');

      async function make(mode: 'self' | 'agent' = 'self', ready = true): Promise<SecretChallengeElement> {
        const endpoint = mode === 'self' ? paths.selfChallenge : paths.agentChallenge.replace(':userId', demoUser.id);
        const wrapper = await fixture<HTMLElement>(
          page === 'light'
            ? html`<div lang="cy">
              ${challengePageForm({
                mode,
                endpoint,
                positions: [2, 5, 8],
                legend: mode === 'self' ? cy.legendSelf : cy.legendAgent,
                charLabel: cy.charLabel,
              })}
            </div>`
            : html`<div lang="cy"><secret-challenge mode=${mode} endpoint=${endpoint}></secret-challenge></div>`,
        );
        const el = wrapper.querySelector('secret-challenge')!;
        el.closest('form')?.setAttribute('data-page', '');
        if (ready && page === 'light') {
          await until(() => boxes(el).length === 3, 5000, "the page's boxes");
          if (mode === 'self')
            await until(() => toggle(el).getAttribute('aria-label') === cy.showCharacters, 5000, 'Welsh pack');
          await el.updateComplete;
        } else if (ready) {
          await until(
            () => squash(q(el, 'legend')?.textContent ?? '') === (mode === 'self' ? cy.legendSelf : cy.legendAgent),
            5000,
            'Welsh boxes',
          );
        }
        return el;
      }
      async function verifyAndWait(el: SecretChallengeElement, ready: () => boolean, what: string): Promise<void> {
        await press(verify(el));
        await until(ready, 5000, what);
        await el.updateComplete;
      }

      for (const mode of ['self', 'agent'] as const) {
        it(`${mode}: ready, refused input, empty boxes, a wrong answer, an expired challenge, a failed request, locked`, async () => {
          const el = await make(mode);
          expect(left(el), 'ready').to.deep.equal([]);
          boxes(el)[0].focus();
          await sendKeys({ type: '7' });
          await until(() => announced(el) !== '', 5000, 'refusal announced');
          expect(left(el), 'not a letter').to.deep.equal([]);
          await paste(boxes(el)[0], 'abcde');
          await el.updateComplete;
          expect(left(el), 'paste that does not fit').to.deep.equal([]);
          await verifyAndWait(el, () => find(el, '[part~="error-summary"]') !== null, 'missing');
          expect(left(el), 'empty boxes').to.deep.equal([]);

          boxes(el)[0].focus();
          await sendKeys({ type: 'zzz' });
          await verifyAndWait(el, () => find(el, '[part~="status"][data-state="failed"]') !== null, '422');
          await until(() => announced(el) !== '', 5000, 'failure announced');
          expect(left(el), 'wrong answer').to.deep.equal([]);

          expireChallenge();
          boxes(el)[0].focus();
          await sendKeys({ type: 'zzz' });
          await verifyAndWait(el, () => find(el, '[part~="status"][data-state="expired"]') !== null, '410');
          expect(left(el), 'expired').to.deep.equal([]);

          worker.use(...scenario('rate-limited'));
          boxes(el)[0].focus();
          await sendKeys({ type: 'zzz' });
          await verifyAndWait(el, () => find(el, '[part~="error"]') !== null, '429');
          expect(left(el), 'rate limited').to.deep.equal([]);
          worker.resetHandlers();

          lockChallenge();
          await verifyAndWait(el, () => find(el, '[part~="status"][data-state="locked"]') !== null, '423');
          expect(left(el), 'locked').to.deep.equal([]);
        });

        it(`${mode}: verified`, async () => {
          const el = await make(mode);
          boxes(el)[0].focus();
          await sendKeys({ type: 'ifh' });
          await verifyAndWait(el, () => find(el, '[part~="status"][data-state="verified"]') !== null, 'verified');
          expect(left(el)).to.deep.equal([]);
        });
      }

      it('self: shown characters, and the whole secret refused and taken', async () => {
        const el = await make();
        await press(toggle(el));
        await until(() => announced(el) === cy.charactersShown, 5000, 'shown announced');
        expect(left(el), 'shown').to.deep.equal([]);
        const field = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
        await paste(field, 'king');
        await el.updateComplete;
        expect(left(el), 'too short').to.deep.equal([]);
        await paste(field, 'king5isher');
        await el.updateComplete;
        expect(left(el), 'not letters').to.deep.equal([]);
        await paste(field, 'kingfisher');
        await until(() => announced(el).startsWith("Mae'r nodau"), 5000, 'taken announced');
        // The same Welsh list in every browser (Chromium has no Welsh list data of its own).
        expect(announced(el)).to.equal(cy.fullSecretTaken('2il, 5ed ac 8fed', cy.verify));
        expect(left(el), 'taken').to.deep.equal([]);
      });

      it('loading, and a fetch that failed (with its retry)', async () => {
        worker.use(...scenario('hang'));
        const loading = await make('self', false);
        await until(() => q(loading, '.loading')?.textContent?.includes(cy.loading) ?? false, 5000, 'Welsh loading');
        expect(left(loading), 'loading').to.deep.equal([]);
        worker.resetHandlers();
        worker.use(...scenario('network-error'));
        const failed = await make('self', false);
        await until(() => q(failed, '[part~="retry"]')?.textContent?.includes(cy.retry) ?? false, 5000, 'Welsh retry');
        expect(left(failed), 'load failed').to.deep.equal([]);
      });
    });

  describe('<aup-consent lang="cy">', () => {
    const en = aupConsentEnglish;
    const cy = aupConsentWelsh;
    const left = (el: AupConsentElement) => englishLeft(el, en, cy);
    const POLICY = Array.from({ length: 30 }, (_, i) => html`<p>Paragraff ${i + 1} o'r polisi.</p>`);

    async function make(template: ReturnType<typeof html>): Promise<AupConsentElement> {
      const wrapper = await fixture<HTMLElement>(html`<div lang="cy">${template}</div>`);
      const el = wrapper.querySelector('aup-consent')!;
      await until(() => part(el, 'policy').getAttribute('aria-label') === cy.policyLabel, 5000, 'Welsh pack');
      return el;
    }

    for (const mode of MODES)
      it(`unread, pressed too early, read, refused by the server, accepted (${modeTitle(mode)})`, async () => {
        const style = '--ase-policy-max-height: 8rem';
        const el = await make(
          mode === 'light'
            ? aupPage({
                version: '2026-11',
                endpoint: paths.aupAcceptance,
                style,
                policy: POLICY,
                accept: 'Derbyn a pharhau',
              })
            : html`<aup-consent endpoint=${paths.aupAcceptance} version="2026-11" style=${style}>${POLICY}</aup-consent>`,
        );
        el.closest('form')?.setAttribute('data-page', '');
        const accept = () =>
          el.querySelector<HTMLElement>(':scope > button[type="submit"]') ?? part<HTMLElement>(el, 'accept');
        expect(left(el), 'unread').to.deep.equal([]);
        await press(accept());
        await until(() => announced(el) === cy.mustReadFirst, 5000, 'why not announced');
        expect(left(el), 'too early').to.deep.equal([]);
        const region = part(el, 'policy');
        region.scrollTop = region.scrollHeight;
        await until(() => el.read && announced(el) === cy.readAnnouncement, 5000, 'read announced');
        expect(left(el), 'read').to.deep.equal([]);
        worker.use(...scenario('rate-limited'));
        await press(accept());
        await until(() => q(el, '[part~="error-summary"]') !== null, 5000, 'error');
        expect(left(el), 'refused').to.deep.equal([]);
        worker.resetHandlers();
        await press(accept());
        await until(() => q(el, '[part~="confirmation"]') !== null, 5000, 'accepted');
        expect(left(el), 'accepted').to.deep.equal([]);
      });

    // Shadow mode only: the next two are about what only the element's own
    // controls have (an earlier acceptance shown beside its Accept, the
    // element as a form control, a policy fetched from `src`); in light mode
    // the policy and the button are the page's, and the page's form posts.
    it('an earlier acceptance; a form control accepted and withdrawn; required', async () => {
      const earlier = await make(
        html`<aup-consent version="2026-11" accepted-at="2025-03-01T10:00:00Z"><p>Polisi byr.</p></aup-consent>`,
      );
      expect(q(earlier, '[part~="earlier"]')).to.not.equal(null);
      expect(left(earlier), 'earlier acceptance').to.deep.equal([]);
      const control = await make(
        html`<form><aup-consent name="aup" required version="2026-11"><p>Polisi byr.</p></aup-consent></form>`,
      );
      await until(() => control.read, 5000, 'short policy read');
      expect(control.validationMessage).to.equal(cy.errorRequired);
      expect(left(control), 'required').to.deep.equal([]);
      await press(part(control, 'accept'));
      await until(() => q(control, '[part~="confirmation"]') !== null, 5000, 'accepted');
      expect(left(control), 'accepted, with withdraw').to.deep.equal([]);
    });

    it('a policy from src: loading, failed, loaded with a link that opens a new tab', async () => {
      worker.use(http.get('/policy/cy.html', () => delay('infinite')));
      const loading = await make(html`<aup-consent version="2026-11" src="/policy/cy.html"></aup-consent>`);
      expect(q(loading, '.status')?.textContent).to.equal(cy.loading);
      expect(left(loading), 'loading').to.deep.equal([]);
      loading.remove();
      worker.resetHandlers();
      worker.use(http.get('/policy/cy.html', () => HttpResponse.error()));
      const failed = await make(html`<aup-consent version="2026-11" src="/policy/cy.html"></aup-consent>`);
      await until(() => q(failed, '#load-error') !== null, 5000, 'load failed');
      expect(left(failed), 'load failed').to.deep.equal([]);
      worker.resetHandlers();
      worker.use(
        http.get('/policy/cy.html', () =>
          HttpResponse.html('<h1>Polisi</h1><p>Gweler <a href="https://www.nhs.uk/">GIG</a>.</p>'),
        ),
      );
      const loaded = await make(html`<aup-consent version="2026-11" src="/policy/cy.html"></aup-consent>`);
      await until(() => q(loaded, '[data-new-tab]')?.textContent === cy.opensInNewTab, 5000, 'Welsh new-tab note');
      expect(left(loaded), 'loaded').to.deep.equal([]);
    });
  });
});
