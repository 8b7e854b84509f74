import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { setProjectAnnotations } from '@storybook/web-components-vite';
import { composeStories, composeStory } from 'storybook/preview-api';
import project from '../.storybook/project.js';
import * as aupConsent from '../stories/aup-consent.stories.js';
import * as journeys from '../stories/journeys.stories.js';
import * as secretChallenge from '../stories/secret-challenge.stories.js';
import * as secretSetup from '../stories/secret-setup.stories.js';
import * as theming from '../stories/theming.stories.js';
import { customElementsIn, runStory } from './stories/run-story.js';
import { secretChallengeEnglish as challengeEn } from '../src/secret-challenge/messages.js';
import { secretChallengeWelsh as challengeCy } from '../src/secret-challenge/messages.cy.js';
import { boxes, q, typeInto, until } from './helpers.js';
import { aupPage, challengePageForm, setupToLight } from './support/light.js';

/**
 * WCAG 2.2 reflow (1.4.10) and target size (2.5.8), across every story (so
 * every state the stories reach), in English and Welsh (longer words), at
 * the two sizes the criteria name: a 320 CSS px wide phone, and a 1280 x 1024
 * screen zoomed to 400 % (a 320 x 256 viewport). Nothing may scroll
 * sideways, the page or any region; every control is at least 24 x 24.
 */
const annotations = setProjectAnnotations(project);
type StoryModule = Parameters<typeof composeStories>[0] & { default: { title: string } };
type ComposedStory = ReturnType<typeof composeStory>;
const modules = [secretSetup, aupConsent, secretChallenge, journeys, theming] as unknown as StoryModule[];

const VIEWPORTS = [
  { what: '320 px phone', width: 320, height: 640 },
  { what: '1280 px at 400 % zoom', width: 320, height: 256 },
];
const LOCALES = ['en', 'cy'];
const MIN_TARGET = 24;
const IS_WEBKIT = /AppleWebKit/.test(navigator.userAgent) && !/Chrome|Firefox/.test(navigator.userAgent);

/** Every element of the page, through open shadow roots. */
function everyElement(root: ParentNode = document): Element[] {
  const found: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    found.push(el);
    if (el.shadowRoot) found.push(...everyElement(el.shadowRoot));
  }
  return found;
}

const describeEl = (el: Element) => {
  const part = el.getAttribute('part');
  return `<${el.localName}${el.id ? `#${el.id}` : ''}${part ? ` part="${part}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 30)}"`;
};

const visible = (el: Element) => {
  const rect = el.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 && getComputedStyle(el).visibility !== 'hidden';
};

/**
 * What scrolls sideways: the page itself (or, where the story is held in a
 * column as narrow as the viewport would be, that column), or any region
 * that scrolls on its own.
 */
function sidewaysScrolling(column?: HTMLElement): string[] {
  const problems: string[] = [];
  const page = column ?? document.scrollingElement ?? document.documentElement;
  const width = column ? column.clientWidth : innerWidth;
  if (page.scrollWidth > width) problems.push(`the page is ${page.scrollWidth} px wide in a ${width} px viewport`);
  const right = column ? column.getBoundingClientRect().right : innerWidth;
  for (const el of everyElement(column ?? document)) {
    const { overflowX } = getComputedStyle(el);
    if ((overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describeEl(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    // Content cut off on the right, even where clipped rather than scrolled.
    if (
      visible(el) &&
      el.getBoundingClientRect().right > right + 0.5 &&
      !el.closest('.sr-only, [class*="visually-hidden"]')
    ) {
      problems.push(
        `${describeEl(el)} ends at ${Math.round(el.getBoundingClientRect().right)} px, past the ${width} px viewport`,
      );
    }
  }
  return problems;
}

/**
 * Controls smaller than 24 x 24. Links inside a sentence or a list of text
 * are exempt (SC 2.5.8's inline exception); visually hidden inputs (a
 * checkbox drawn by its label) are measured by what the user clicks.
 */
function smallTargets(): string[] {
  const problems: string[] = [];
  const controls = everyElement().filter((el) =>
    el.matches(
      'button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"]), a[href]',
    ),
  );
  for (const el of controls) {
    if (!visible(el)) continue;
    if (el.localName === 'a' && getComputedStyle(el).display === 'inline') continue;
    const { width, height } = el.getBoundingClientRect();
    if (width < MIN_TARGET - 0.01 || height < MIN_TARGET - 0.01) {
      problems.push(`${describeEl(el)} is ${width.toFixed(1)} x ${height.toFixed(1)} px`);
    }
  }
  return problems;
}

async function settle(canvas: HTMLElement): Promise<void> {
  for (const el of customElementsIn(canvas))
    await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** Sets `lang` around the story and waits until the elements have re-rendered in it. */
async function switchLanguage(canvas: HTMLElement, locale: string): Promise<void> {
  const elements = customElementsIn(canvas);
  const before = elements.map((el) => el.shadowRoot!.textContent);
  canvas.querySelectorAll('[lang]').forEach((el) => el.setAttribute('lang', locale));
  canvas.setAttribute('lang', locale);
  const start = performance.now();
  while (elements.some((el, i) => el.shadowRoot!.textContent === before[i]) && performance.now() - start < 3000) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Lengths or media queries that follow the viewport rather than the
 * element's container. While there are none, a column as narrow as the
 * viewport lays the elements out exactly as that viewport would.
 */
function viewportDependentRules(canvas: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of customElementsIn(canvas)) {
    for (const sheet of el.shadowRoot!.adoptedStyleSheets) {
      for (const rule of sheet.cssRules) {
        const text = rule.cssText;
        if (
          /\d(vw|vi|vmin|vmax|[sdl]vw)\b/.test(text) ||
          (rule instanceof CSSMediaRule && /width|orientation|aspect-ratio/.test(rule.conditionText))
        ) {
          found.push(`<${el.localName}>: ${text.slice(0, 80)}`);
        }
      }
    }
  }
  return found;
}

for (const viewport of VIEWPORTS) {
  describe(`reflow and target size at ${viewport.what} (${viewport.width} x ${viewport.height})`, () => {
    /** Set where the engine cannot narrow its viewport: the story is held in a column that wide instead. */
    let column = false;
    before(async () => {
      const reached = await executeServerCommand<{ width: number; height: number }, { width: number; height: number }>(
        'viewport',
        viewport,
      );
      // WebKitGTK's MiniBrowser, driven over WebDriver classic, has no
      // viewport emulation, and its window (toolbar included) cannot be made
      // narrower than about 447 CSS px. There the story is laid out in a
      // column of the viewport's width, which is the same for the elements
      // while their styles hold nothing that follows the viewport (checked
      // in each test).
      column = IS_WEBKIT && reached.width > viewport.width;
      if (!column)
        expect(reached, 'the viewport the browser reached').to.deep.equal({
          width: viewport.width,
          height: viewport.height,
        });
    });
    after(async () => {
      await executeServerCommand('viewport', { width: 800, height: 600 });
    });

    /**
     * Light-DOM ("HTML first") mode in the states where the element adds
     * the most to the page's markup: its rules, errors and summary, its
     * refusal of empty boxes, its hint beside a page's button. The page's
     * controls get the page's own sizing, as NHS.UK frontend gives them; what
     * is measured is what the element adds and how the whole lays out.
     */
    describe("light DOM: the page's own controls", () => {
      // No endpoint anywhere below: every submission has a problem the element refuses, and none leaves the page.
      const stay = (event: Event) => event.preventDefault();
      before(() => window.addEventListener('submit', stay));
      after(() => window.removeEventListener('submit', stay));
      for (const locale of LOCALES) {
        it(`in their busiest states (${locale})`, async () => {
          const wrapper = await fixture<HTMLElement>(html`<div lang=${locale}>
          <style>
            [data-page] button,
            [data-page] input:not([type='hidden']) {
              font: inherit;
              min-height: 2.75rem;
              min-width: 2.75rem;
              max-width: 100%;
              box-sizing: border-box;
            }
          </style>
          <div data-page>
            <secret-setup given-name="Mary" family-name="Smith"></secret-setup>
          </div>
          <div data-page>
            ${challengePageForm({
              positions: [2, 5, 8],
              givePositions: true,
              challengeId: 'c1',
              legend: locale === 'cy' ? challengeCy.legendSelf : challengeEn.legendSelf,
              charLabel: locale === 'cy' ? challengeCy.charLabel : challengeEn.charLabel,
            })}
          </div>
          <div data-page>
            ${aupPage({
              version: 'v1',
              style: '--ase-policy-max-height: 8rem',
              policy: Array.from(
                { length: 20 },
                (_, i) => html`<p>Rule ${i + 1}. Use the service only for your work.</p>`,
              ),
              accept: 'Accept and continue',
            })}
          </div>
        </div>`);
          const setup = wrapper.querySelector('secret-setup')!;
          await setupToLight(setup);
          const challenge = wrapper.querySelector('secret-challenge')!;
          await until(() => boxes(challenge).length === 3, 5000, "the page's boxes");
          // A secret that breaks rules, then Save: rules live, field errors, the summary.
          await typeInto(setup.querySelector<HTMLInputElement>('#secret')!, 'abc1');
          setup.closest('form')!.querySelector<HTMLButtonElement>(':scope > button[type="submit"]')!.click();
          // Check with the boxes empty: the element's refusal.
          challenge.closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
          await until(() => !!q(setup, '[part~="error-summary"]'), 5000, 'the setup summary');
          await settle(wrapper);
          expect(sidewaysScrolling(column ? wrapper : undefined), 'nothing scrolls sideways').to.deep.equal([]);
          expect(smallTargets(), 'controls of at least 24 x 24 CSS px').to.deep.equal([]);
        });
      }
    });

    for (const module of modules) {
      const stories = composeStories(module, annotations) as Record<string, ComposedStory>;
      for (const [name, story] of Object.entries(stories)) {
        for (const locale of LOCALES) {
          it(`${module.default.title} / ${name} (${locale})`, async () => {
            // The play steps assert English text: reach the state in English,
            // then switch the page's language as a reader would.
            const run = await runStory(story);
            try {
              if (column) {
                run.canvasElement.style.width = `${viewport.width}px`;
                expect(viewportDependentRules(run.canvasElement), 'styles that follow the viewport').to.deep.equal([]);
              }
              if (locale !== 'en') await switchLanguage(run.canvasElement, locale);
              await settle(run.canvasElement);
              expect(
                sidewaysScrolling(column ? run.canvasElement : undefined),
                'nothing scrolls sideways',
              ).to.deep.equal([]);
              expect(smallTargets(), 'controls of at least 24 x 24 CSS px').to.deep.equal([]);
            } finally {
              run.finish();
            }
          });
        }
      }
    }
  });
}
