import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import type { SetupWorker } from 'msw/browser';
import { demoUser, paths } from '../mocks/index.js';
import { scenario } from '../mocks/scenarios.js';
import '../src/aup-consent/aup-consent.js';
import type { AupConsentElement } from '../src/aup-consent/aup-consent.js';
import { aupConsentEnglish as aupEn } from '../src/aup-consent/messages.js';
import { errorMessage } from '../src/internal/messages.js';
import { RequestError } from '../src/internal/http.js';
import '../src/secret-challenge/secret-challenge.js';
import type { SecretChallengeElement } from '../src/secret-challenge/secret-challenge.js';
import { secretChallengeEnglish as challengeEn } from '../src/secret-challenge/messages.js';
import '../src/secret-setup/secret-setup.js';
import type { SecretSetupElement } from '../src/secret-setup/secret-setup.js';
import { secretSetupEnglish as setupEn } from '../src/secret-setup/messages.js';
import { deepActiveElement, press, resetMocks, text, typeInto, until, useMocks } from './helpers.js';
import { aupPage, challengePageForm, setupPageForm } from './support/light.js';

/**
 * One error summary per page (docs/elements/secret-setup.md): on a page the
 * server rendered again after refusing a submission, with its GOV.UK error
 * summary, the element lists its own problems in the page's summary instead
 * of showing a second one, in each of its modes.
 */

const HISTORY = 'Your secret must not be one of your last 5 secrets';

/** The page's summary as the reference server renders it (server/src/pages/templates/macros.njk). */
function serverSummary(items: Array<[href: string, text: string]>): TemplateResult {
  return html`<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
    <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
    <div class="nhsuk-error-summary__body">
      <ul class="nhsuk-list nhsuk-error-summary__list">
        ${items.map(([href, label]) => html`<li><a href=${href}>${label}</a></li>`)}
      </ul>
    </div>
  </div>`;
}

/** Every error summary a person can see: the page's (not hidden) and any element's own, in its shadow root. */
function visibleSummaries(): HTMLElement[] {
  const own = [...document.querySelectorAll('secret-setup, secret-challenge, aup-consent')].flatMap((el) => [
    ...(el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="error-summary"]') ?? []),
  ]);
  const page = [...document.querySelectorAll<HTMLElement>('.nhsuk-error-summary')].filter((s) => !s.hidden);
  return [...page, ...own];
}

/** The items of the page's summary a person can see, as [href, text]. */
function listed(summary: Element): Array<[string, string]> {
  return [...summary.querySelectorAll<HTMLLIElement>('li')]
    .filter((li) => !li.hidden)
    .map((li) => [li.querySelector('a')?.getAttribute('href') ?? '', text(li)]);
}

const pageSummary = (): HTMLElement => document.querySelector('.nhsuk-error-summary')!;

/** The secret page after the server refused a secret: its summary, the field's message (the shared fixture), and a field of the page's own. */
function setupPage(o: { light?: boolean; other?: boolean; endpoint?: boolean } = {}): TemplateResult {
  return html`<div>
    ${serverSummary([...(o.other ? [['#nickname', 'Enter a nickname'] as [string, string]] : []), ['#secret', HISTORY]])}
    ${setupPageForm({
      endpoint: o.endpoint ? paths.secret : undefined,
      givenName: demoUser.givenName,
      familyName: demoUser.familyName,
      organisation: demoUser.organisation,
      pageFields: o.light ?? true,
      serverError: HISTORY,
      before: o.other
        ? html`<label for="nickname">Nickname</label><input id="nickname" name="nickname" aria-invalid="true" />`
        : undefined,
    })}
  </div>`;
}

async function setupOn(page: TemplateResult): Promise<SecretSetupElement> {
  const wrapper = await fixture<HTMLElement>(page);
  const el = wrapper.querySelector('secret-setup')!;
  await el.updateComplete;
  return el;
}

const saveButton = (el: Element) => el.closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!;

/** No form of this page navigates: stopped last (on window), after the element and the page summary have seen the submission. */
const stay = (event: Event) => event.preventDefault();

/** Empties a field as a person does, one Backspace at a time. */
async function empty(field: HTMLInputElement): Promise<void> {
  field.focus();
  while (field.value !== '') await sendKeys({ press: 'Backspace' });
}

let worker: SetupWorker;
before(async () => {
  worker = await useMocks();
  window.addEventListener('submit', stay);
});
after(() => window.removeEventListener('submit', stay));
beforeEach(() => resetMocks());

describe('one error summary per page', () => {
  it("<secret-setup> (light DOM): the page's summary stands until Save, then lists the element's problems instead of a second summary", async () => {
    const el = await setupOn(setupPage());
    const summary = pageSummary();
    expect(listed(summary), 'as the server rendered it').to.deep.equal([['#secret', HISTORY]]);
    expect(visibleSummaries()).to.deep.equal([summary]);

    await typeInto(el.querySelector<HTMLInputElement>('#secret')!, 'Kingfisher7');
    await typeInto(el.querySelector<HTMLInputElement>('#secret-confirm')!, 'Kingfisher7');
    expect(listed(summary), 'typing alone changes nothing in it').to.deep.equal([['#secret', HISTORY]]);

    await press(saveButton(el));
    await until(() => deepActiveElement() === summary, 5000, 'the summary focused');
    await el.updateComplete;
    expect(visibleSummaries(), 'one summary on the page').to.deep.equal([summary]);
    expect(listed(summary)).to.deep.equal([['#secret', setupEn.errorLetters]]);
    expect(text(summary.querySelector('h2')), "the page's own title").to.equal('There is a problem');

    // Its link takes the person to the page's field.
    summary.querySelector<HTMLAnchorElement>('li:not([hidden]) a')!.click();
    expect(deepActiveElement()).to.equal(el.querySelector('#secret'));

    // The items follow the fields, as the element's own summary does; with nothing left, no summary.
    for (const id of ['#secret', '#secret-confirm']) {
      const field = el.querySelector<HTMLInputElement>(id)!;
      await empty(field);
      await typeInto(field, 'meadowlarks');
    }
    await el.updateComplete;
    expect(listed(summary)).to.deep.equal([]);
    expect(summary.hidden, 'nothing left to say').to.equal(true);
    expect(visibleSummaries()).to.deep.equal([]);
    await expect(el.closest('div')!).to.be.accessible();
  });

  it("keeps the page's items about its other fields, and gives the page its summary back when the element leaves", async () => {
    const el = await setupOn(setupPage({ other: true }));
    const summary = pageSummary();
    await typeInto(el.querySelector<HTMLInputElement>('#secret')!, 'mary');
    await press(saveButton(el));
    await until(() => deepActiveElement() === summary, 5000, 'the summary focused');
    expect(visibleSummaries()).to.deep.equal([summary]);
    expect(listed(summary)).to.deep.equal([
      ['#nickname', 'Enter a nickname'],
      ['#secret', setupEn.errorNotName],
      ['#secret', setupEn.errorTooShort(9)],
      ['#secret-confirm', setupEn.errorConfirmEmpty],
    ]);
    el.remove();
    expect(listed(summary), 'as the server rendered it').to.deep.equal([
      ['#nickname', 'Enter a nickname'],
      ['#secret', HISTORY],
    ]);
    expect(summary.hidden).to.equal(false);
  });

  it("<secret-setup> (shadow DOM, with endpoint): a save with an unmet rule is listed in the page's summary, not in a second one", async () => {
    const el = await setupOn(setupPage({ light: false, endpoint: true }));
    const summary = pageSummary();
    const own = (id: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
    await typeInto(own('secret'), 'Kingfisher7');
    await typeInto(own('confirm'), 'Kingfisher7');
    await press(el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!);
    await until(() => deepActiveElement() === summary, 5000, 'the summary focused');
    expect(visibleSummaries()).to.deep.equal([summary]);
    // The server's item linked to a field of the page; the element's to its own field, reached from the page's summary.
    expect(listed(summary)).to.deep.equal([
      ['#secret', HISTORY],
      ['#secret', setupEn.errorLetters],
    ]);
    summary.querySelectorAll<HTMLAnchorElement>('li a')[1].click();
    expect(deepActiveElement()).to.equal(own('secret'));
  });

  it("a submission the element lets through to the server leaves the page's summary as it is", async () => {
    const el = await setupOn(setupPage());
    const summary = pageSummary();
    let submitted = 0;
    el.closest('form')!.addEventListener('submit', () => submitted++);
    await typeInto(el.querySelector<HTMLInputElement>('#secret')!, 'meadowlarks');
    await typeInto(el.querySelector<HTMLInputElement>('#secret-confirm')!, 'meadowlarks');
    await press(saveButton(el));
    await until(() => submitted === 1, 5000, 'the submission');
    await el.updateComplete;
    expect(listed(summary)).to.deep.equal([['#secret', HISTORY]]);
    expect(summary.hidden).to.equal(false);
  });

  it("<secret-challenge> (light DOM): boxes left empty are listed in the page's summary of wrong characters", async () => {
    const failed = challengeEn.failedSelf(4);
    const wrapper = await fixture<HTMLElement>(html`<div>
      ${serverSummary([['#answer-1', failed]])}
      ${challengePageForm({
        positions: [2, 5, 8],
        givePositions: true,
        challengeId: 'c-page',
        legend: challengeEn.legendSelf,
        charLabel: challengeEn.charLabel,
        hint: 'Enter one letter in each box.',
        serverError: failed,
      })}
    </div>`);
    const el = wrapper.querySelector<SecretChallengeElement>('secret-challenge')!;
    await el.updateComplete;
    const summary = pageSummary();
    expect(visibleSummaries()).to.deep.equal([summary]);
    await typeInto(el.querySelector<HTMLInputElement>('#answer-1')!, 'k');
    await press(saveButton(el));
    await until(() => deepActiveElement() === summary, 5000, 'the summary focused');
    await el.updateComplete;
    expect(visibleSummaries(), 'one summary on the page').to.deep.equal([summary]);
    expect(listed(summary)).to.deep.equal([
      ['#answer-2', challengeEn.errorMissing(5)],
      ['#answer-3', challengeEn.errorMissing(8)],
    ]);
  });

  it('two elements on one page share the summary: one that hid it, having nothing left, does not keep the other silent', async () => {
    const wrapper = await fixture<HTMLElement>(html`<div>
      ${setupPage()}
      ${challengePageForm({
        positions: [2, 5],
        givePositions: true,
        challengeId: 'c-page',
        legend: challengeEn.legendSelf,
        charLabel: challengeEn.charLabel,
      })}
    </div>`);
    const setup = wrapper.querySelector<SecretSetupElement>('secret-setup')!;
    const challenge = wrapper.querySelector<SecretChallengeElement>('secret-challenge')!;
    await setup.updateComplete;
    await challenge.updateComplete;
    const summary = pageSummary();
    await typeInto(setup.querySelector<HTMLInputElement>('#secret')!, 'mary');
    await press(saveButton(setup));
    await until(() => deepActiveElement() === summary, 5000, 'the summary focused');
    for (const id of ['#secret', '#secret-confirm']) {
      const field = setup.querySelector<HTMLInputElement>(id)!;
      await empty(field);
      await typeInto(field, 'meadowlarks');
    }
    await setup.updateComplete;
    expect(summary.hidden, "nothing left of <secret-setup>'s").to.equal(true);

    await press(saveButton(challenge));
    await until(() => deepActiveElement() === summary, 5000, 'the summary focused again');
    expect(visibleSummaries()).to.deep.equal([summary]);
    expect(listed(summary)).to.deep.equal([
      ['#answer-1', challengeEn.errorMissing(2)],
      ['#answer-2', challengeEn.errorMissing(5)],
    ]);
  });

  it("<aup-consent> (light DOM, with endpoint): a failed acceptance is listed in the page's summary", async () => {
    worker.use(...scenario('server-error'));
    const wrapper = await fixture<HTMLElement>(html`<div>
      ${serverSummary([['#other', 'Something the page says']])}
      ${aupPage({
        version: '2026-11',
        endpoint: paths.aupAcceptance,
        policy: html`<p>A short policy.</p>`,
        accept: 'Accept and continue',
        before: html`<label for="other">Other</label><input id="other" />`,
      })}
    </div>`);
    const el = wrapper.querySelector<AupConsentElement>('aup-consent')!;
    await until(() => el.read, 5000, 'read');
    const summary = pageSummary();
    await press(el.querySelector('button')!);
    await until(() => deepActiveElement() === summary, 5000, 'the summary focused');
    expect(visibleSummaries()).to.deep.equal([summary]);
    expect(listed(summary)).to.deep.equal([
      ['#other', 'Something the page says'],
      ['', errorMessage(aupEn, new RequestError('server', 500))],
    ]);
  });
});
