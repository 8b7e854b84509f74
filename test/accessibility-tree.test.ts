import { expect, fixture, html } from '@open-wc/testing';
import { nothing } from 'lit';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { lockChallenge } from '../mocks/challenge.js';
import { paths } from '../mocks/index.js';
import { aupConsentEnglish as aupEn } from '../src/aup-consent/messages.js';
import { aupConsentWelsh as aupCy } from '../src/aup-consent/messages.cy.js';
import { secretChallengeEnglish as challengeEn } from '../src/secret-challenge/messages.js';
import { secretChallengeWelsh as challengeCy } from '../src/secret-challenge/messages.cy.js';
import { secretSetupEnglish as setupEn } from '../src/secret-setup/messages.js';
import { secretSetupWelsh as setupCy } from '../src/secret-setup/messages.cy.js';
import '../src/index.js';
import { resetMocks, until, useMocks } from './helpers.js';
import { aupPage, challengePageForm, MODES, modeTitle, setupToLight } from './support/light.js';

/**
 * What assistive technology is given, read from the browser's own
 * accessibility tree (not the DOM, not axe): the role, name, description and
 * states of every control in the key states, and the text of each live
 * region, in English and Welsh.
 *
 * Only Chromium exposes its tree to the test runner (DevTools protocol).
 * Firefox over WebDriver BiDi and WebKit over WebDriver classic have no call
 * that returns it, so this file skips there (docs/testing.md); the DOM-level
 * announcements are tested in every engine by the element suites.
 */

interface AXNode {
  role: string;
  name: string;
  description?: string;
  value?: string;
  disabled?: boolean;
  focused?: boolean;
  invalid?: string;
  live?: string;
  level?: number;
  pressed?: boolean | 'mixed';
  children?: AXNode[];
}

/** `interestingOnly: false` keeps containers (a fieldset's group) that a screen reader names but puppeteer prunes. */
async function tree(interestingOnly = true): Promise<AXNode> {
  const root = await executeServerCommand<AXNode | false, { interestingOnly: boolean }>('a11y-tree', {
    interestingOnly,
  });
  if (!root) throw new Error('This browser gives no accessibility tree');
  return root;
}

function nodes(root: AXNode): AXNode[] {
  return [root, ...(root.children ?? []).flatMap(nodes)];
}

/** The controls and landmarks a screen reader offers, in order, without static text. */
async function controls(): Promise<AXNode[]> {
  return nodes(await tree()).filter(
    (n) => !['RootWebArea', 'StaticText', 'InlineTextBox', 'generic', 'paragraph'].includes(n.role),
  );
}

function one(list: AXNode[], role: string, name: string | RegExp): AXNode {
  const found = list.filter((n) => n.role === role && (typeof name === 'string' ? n.name === name : name.test(n.name)));
  expect(
    found.length,
    `one ${role} named ${String(name)} in ${JSON.stringify(list.map((n) => `${n.role}: ${n.name}`))}`,
  ).to.equal(1);
  return found[0];
}

/** The text a live region holds now: what a screen reader announces from it. */
const liveText = (region: AXNode) =>
  nodes(region)
    .filter((n) => n.role === 'StaticText' || (n.role === 'heading' && !n.children?.length))
    .map((n) => n.name)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();

async function liveRegions(): Promise<AXNode[]> {
  return nodes(await tree()).filter((n) => n.live === 'polite' || n.live === 'assertive');
}

/** Waits until some live region says `text` (the summary comes after a pause in typing). */
async function announced(text: string): Promise<void> {
  let last: string[] = [];
  const start = performance.now();
  while (performance.now() - start < 5000) {
    last = (await liveRegions()).map(liveText);
    if (last.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(last, 'what the live regions say').to.include(text);
}

const shadow = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector)!;

const LANGUAGES = [
  { lang: 'en', setup: setupEn, aup: aupEn, challenge: challengeEn },
  { lang: 'cy', setup: setupCy, aup: aupCy, challenge: challengeCy },
] as const;

describe('the accessibility tree', () => {
  before(async function () {
    if ((await executeServerCommand('a11y-tree', { interestingOnly: true })) === false) this.skip();
    await useMocks();
  });
  beforeEach(resetMocks);

  for (const { lang, setup, aup, challenge } of LANGUAGES)
    for (const mode of MODES) {
      describe(`in ${lang === 'en' ? 'English' : 'Welsh'} (${modeTitle(mode)})`, () => {
        const light = mode === 'light';
        /** The page's own wording, in the page's language (as the reference server renders it). */
        const page = {
          secretLabel: setup.secretLabel,
          hint: setup.secretHint,
          confirmLabel: setup.confirmLabel,
          save: setup.save,
        };
        /** A control: the element's own part, or the page's (or the element's light-DOM addition) matching `selector`. */
        const control = (el: Element, partName: string, selector: string) =>
          light ? el.closest('form')!.querySelector<HTMLElement>(selector)! : shadow(el, `[part~="${partName}"]`);

        async function secretSetup() {
          const wrapper = await fixture(html`<div lang=${lang}>
          <secret-setup endpoint=${paths.secret} given-name="Mary" family-name="Smith"></secret-setup>
        </div>`);
          const el = wrapper.querySelector('secret-setup')!;
          if (light) await setupToLight(el, page);
          await until(
            () =>
              light
                ? el.querySelector('.ase-toggle')?.getAttribute('aria-label') === setup.showSecret
                : shadow(el, '[part~="submit"]')?.textContent?.trim() === setup.save,
            5000,
            'the language pack',
          );
          return el;
        }

        /** A ready self challenge at 2, 5 and 8: its own boxes, or the page's. */
        async function secretChallenge(account?: string) {
          const attributes = { positions: '2,5,8', challengeId: 'c1' };
          const wrapper = await fixture(html`<div lang=${lang}>
          ${
            light
              ? challengePageForm({
                  endpoint: paths.selfChallenge,
                  account,
                  positions: [2, 5, 8],
                  givePositions: true,
                  challengeId: attributes.challengeId,
                  legend: challenge.legendSelf,
                  charLabel: challenge.charLabel,
                  submit: challenge.verify,
                })
              : html`<secret-challenge
                  account=${account ?? nothing}
                  positions=${attributes.positions}
                  challenge-id=${attributes.challengeId}
                  endpoint=${paths.selfChallenge}
                ></secret-challenge>`
          }
        </div>`);
          const el = wrapper.querySelector('secret-challenge')!;
          await until(
            () =>
              light
                ? el.querySelector('.ase-toggle')?.getAttribute('aria-label') === challenge.showCharacters
                : shadow(el, 'legend')?.textContent?.trim() === challenge.legendSelf,
            5000,
            'the language pack',
          );
          return el;
        }

        it('<secret-setup> untouched: labelled fields, the rules as the description, nothing looks like an error', async () => {
          await secretSetup();
          const list = await controls();
          const secret = one(list, 'textbox', setup.secretLabel);
          expect(secret.description).to.equal(
            [
              setup.secretHint,
              setup.rulesTitle,
              `${setup.stateUnmet} ${setup.ruleLetters}`,
              `${setup.stateUnmet} ${setup.ruleNotName}`,
              `${setup.stateUnmet} ${setup.ruleLength(9)}`,
              `${setup.statePending} ${setup.ruleHistory(5)}`,
              `${setup.stateUnmet} ${setup.ruleMatch}`,
            ].join(' '),
          );
          expect(secret.invalid ?? 'false').to.equal('false');
          one(list, 'textbox', setup.confirmLabel);
          expect(one(list, 'button', setup.showSecret).disabled ?? false).to.equal(false);
          one(list, 'button', setup.save);
          expect((await liveRegions()).map(liveText).filter(Boolean), 'nothing announced yet').to.deep.equal([]);
        });

        it('<secret-setup> while typing: each rule met or unmet in the description; one polite summary after a pause', async () => {
          const el = await secretSetup();
          control(el, 'input', '#secret').focus();
          await sendKeys({ type: 'bluebell' });
          await announced(setup.rulesSummary(2, 4));
          const secret = one(await controls(), 'textbox', setup.secretLabel);
          expect(secret.focused).to.equal(true);
          expect(secret.description).to.contain(`${setup.stateMet} ${setup.ruleLetters}`);
          expect(secret.description).to.contain(`${setup.stateMet} ${setup.ruleNotName}`);
          expect(secret.description).to.contain(`${setup.stateUnmet} ${setup.ruleLength(9)}`);
          const polite = (await liveRegions()).filter((n) => n.live === 'polite' && liveText(n));
          expect(polite.map(liveText), 'one polite announcement').to.deep.equal([setup.rulesSummary(2, 4)]);
        });

        it('<secret-setup> show/hide: the toggle is renamed and the change announced', async () => {
          const el = await secretSetup();
          control(el, 'toggle', '.ase-toggle').click();
          await announced(setup.secretShown);
          one(await controls(), 'button', setup.hideSecret);
        });

        it('<secret-setup> error summary: an alert with a heading and a link per problem; fields invalid, the error in their description', async () => {
          const el = await secretSetup();
          control(el, 'input', '#secret').focus();
          await sendKeys({ type: 'bluebell' });
          control(el, 'submit', ':scope > button[type="submit"]').click();
          await el.updateComplete;
          const list = await controls();
          const alert = one(list, 'alert', '');
          expect(alert.live).to.equal('assertive');
          const links = nodes(alert)
            .filter((n) => n.role === 'link')
            .map((n) => n.name);
          expect(links).to.deep.equal([setup.errorTooShort(9), setup.errorConfirmEmpty]);
          one(list, 'heading', setup.errorSummaryTitle);
          const secret = one(list, 'textbox', setup.secretLabel);
          expect(secret.invalid).to.equal('true');
          expect(secret.description).to.match(
            new RegExp(`${escape(setup.errorPrefix)} ${escape(setup.errorTooShort(9))}$`),
          );
          const confirm = one(list, 'textbox', setup.confirmLabel);
          expect(confirm.invalid).to.equal('true');
          expect(confirm.description).to.match(
            new RegExp(`${escape(setup.errorPrefix)} ${escape(setup.errorConfirmEmpty)}$`),
          );
        });

        it('<aup-consent> policy not yet read: a named region; Accept unavailable, and why', async () => {
          const style = '--ase-policy-max-height: 5rem';
          const policy = [html`<h2>Policy</h2>`, ...Array.from({ length: 30 }, () => html`<p>Text of the policy.</p>`)];
          const wrapper = await fixture(html`<div lang=${lang}>
          ${
            light
              ? aupPage({ version: 'v1', endpoint: paths.aupAcceptance, style, policy, accept: aup.accept })
              : html`<aup-consent version="v1" endpoint=${paths.aupAcceptance} style=${style}>${policy}</aup-consent>`
          }
        </div>`);
          const el = wrapper.querySelector('aup-consent')!;
          await until(
            () =>
              light
                ? el.querySelector(':scope > [part~="hint"]')?.textContent?.trim() === aup.hintUnread
                : shadow(el, '[part~="accept"]')?.textContent?.trim() === aup.accept,
            5000,
            'the language pack',
          );
          const list = await controls();
          one(list, 'region', aup.policyLabel);
          const accept = one(list, 'button', aup.accept);
          expect(accept.disabled, 'aria-disabled, announced as unavailable').to.equal(true);
          expect(accept.description).to.equal(aup.hintUnread);
          // Light mode has no Decline of the element's: the page's form is how one leaves.
          if (!light) expect(one(list, 'button', aup.decline).disabled ?? false).to.equal(false);
        });

        it('<secret-challenge> ready: a group named by its legend, a box per position named by ordinal', async () => {
          await secretChallenge();
          const group = one(nodes(await tree(false)), 'group', challenge.legendSelf);
          const boxes = nodes(group).filter((n) => n.role === 'textbox');
          expect(
            boxes.map((n) => n.name),
            'the boxes, inside the group',
          ).to.deep.equal([2, 5, 8].map((n) => challenge.charLabel(n)));
          // Light mode: the hint, if any, is the page's (its fieldset's aria-describedby).
          if (!light) expect(group.description ?? '', 'the hint describes the group').to.contain(challenge.hintSelf);
          one(await controls(), 'button', challenge.verify);
        });

        it('<secret-challenge account>: the hidden username for password managers is not in the tree', async () => {
          const account = 'mary.smith@nhs.net';
          const el = await secretChallenge(account);
          expect(el.querySelector('[autocomplete="username"]'), 'the field is there').to.not.equal(null);
          const all = nodes(await tree(false));
          expect(
            all.filter((n) => `${n.name} ${n.value ?? ''}`.includes(account)),
            'nothing names or holds the account',
          ).to.deep.equal([]);
          // The whole-secret field is still offered, once.
          one(await controls(), 'textbox', challenge.fullSecretLabel);
        });

        it('<secret-challenge> locked: the lock is said in a status region, and no box is offered', async () => {
          lockChallenge();
          const wrapper = await fixture(
            light
              ? html`<div lang=${lang}>
                ${challengePageForm({
                  endpoint: paths.selfChallenge,
                  positions: [2, 5, 8],
                  legend: challenge.legendSelf,
                  charLabel: challenge.charLabel,
                })}
              </div>`
              : html`<div lang=${lang}><secret-challenge endpoint=${paths.selfChallenge}></secret-challenge></div>`,
          );
          const el = wrapper.querySelector('secret-challenge')!;
          await until(
            () => !!shadow(el, '[part~="status"]') && el.shadowRoot!.textContent.includes(challenge.lockedTitle),
            5000,
            'the lock',
          );
          const list = await controls();
          const status = one(list, 'status', challenge.lockedTitle);
          expect(liveText(status)).to.contain(challenge.lockedTitle);
          expect(liveText(status)).to.match(new RegExp(escape(challenge.lockedSelf('§')).replace('§', '.+')));
          expect(
            list.filter((n) => n.role === 'textbox'),
            'no boxes while locked',
          ).to.deep.equal([]);
        });
      });
    }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
