import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { SetupWorker } from 'msw/browser';
import { demoChallengeSecret, lockChallenge, seedChallengePositions } from '../mocks/challenge.js';
import { demoUser, paths, scenario } from '../mocks/index.js';
import '../src/index.js';
import { deepActiveElement, one as q, press, resetMocks, typeInto, until, useMocks } from './helpers.js';

/**
 * Dark mode and Windows high contrast. Every dark state is checked twice:
 * through the user's preference (`prefers-color-scheme`, emulated by the
 * browser) and through a host pinning `color-scheme: dark` on the element.
 * Firefox ESR over WebDriver BiDi cannot emulate media features (neither
 * `emulateMedia` nor BiDi's `emulation.setMediaFeaturesOverride` exists
 * there), so the emulated tests skip in Firefox; the pinned ones, which run
 * the same palette through the same `light-dark()` tokens, run in both.
 */

/** The palette, as documented in docs/theming.md. */
const LIGHT = { text: 'rgb(33, 43, 50)', button: 'rgb(0, 127, 59)' };
const DARK = {
  text: 'rgb(240, 244, 245)',
  background: 'rgb(29, 36, 41)',
  secondaryText: 'rgb(179, 190, 197)',
  error: 'rgb(255, 139, 128)',
  success: 'rgb(95, 211, 141)',
  button: 'rgb(95, 211, 141)',
  buttonText: 'rgb(13, 26, 18)',
  link: 'rgb(140, 200, 255)',
  inputBorder: 'rgb(174, 183, 189)',
  inputBackground: 'rgb(21, 27, 31)',
  callout: 'rgb(140, 200, 255)',
  calloutBackground: 'rgb(43, 53, 60)',
  policyBorder: 'rgb(138, 154, 165)',
  warning: 'rgb(255, 235, 59)',
};
const TRANSPARENT = 'rgba(0, 0, 0, 0)';
/** The 2nd, 5th and 8th characters of the demo secret. */
const POSITIONS = [2, 5, 8];
const RIGHT = POSITIONS.map((p) => demoChallengeSecret[p - 1]);
const GOOD = 'meadowlarks';

let worker: SetupWorker;
let canEmulate = false;

// --- reaching in ---------------------------------------------------------------------

const all = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

type Property = 'color' | 'backgroundColor' | 'borderTopColor' | 'borderLeftColor' | 'outlineColor';
/** What a user sees of one piece: a computed colour, with the dark value it must take. */
interface Check {
  what: string;
  target: () => Element;
  pseudo?: string;
  property: Property;
  dark: string;
  /** The palette keeps this colour in both schemes (the NHS yellow). */
  same?: true;
}
const read = (check: Check) => getComputedStyle(check.target(), check.pseudo)[check.property];

/** An element brought to a state in light, with the pieces that must turn dark. */
interface State {
  el: HTMLElement;
  checks: Check[];
}

const hostChecks = (el: Element): Check[] => [
  { what: 'host text', target: () => el, property: 'color', dark: DARK.text },
  { what: 'host background', target: () => el, property: 'backgroundColor', dark: DARK.background },
];

// --- the states ------------------------------------------------------------------------

async function secretSetup(): Promise<HTMLElement> {
  const el = await fixture<HTMLElement>(html`<secret-setup
    endpoint=${paths.secret}
    given-name=${demoUser.givenName}
    family-name=${demoUser.familyName}
    organisation=${demoUser.organisation}
  ></secret-setup>`);
  await (el as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
  return el;
}
const settle = async (el: HTMLElement) => {
  await (el as HTMLElement & { updateComplete: Promise<boolean> }).updateComplete;
  await frame();
};

const setupStates: Record<string, () => Promise<State>> = {
  'secret-setup: initial': async () => {
    const el = await secretSetup();
    return {
      el,
      checks: [
        {
          what: 'Save button',
          target: () => q(el, '[part~="submit"]'),
          property: 'backgroundColor',
          dark: DARK.button,
        },
        { what: 'Save text', target: () => q(el, '[part~="submit"]'), property: 'color', dark: DARK.buttonText },
        {
          what: 'input border',
          target: () => q(el, '[part~="input"]'),
          property: 'borderTopColor',
          dark: DARK.inputBorder,
        },
        {
          what: 'input ground',
          target: () => q(el, '[part~="input"]'),
          property: 'backgroundColor',
          dark: DARK.inputBackground,
        },
        {
          what: 'warning callout',
          target: () => q(el, '[part~="warning"]'),
          property: 'backgroundColor',
          dark: DARK.calloutBackground,
        },
        {
          what: 'warning bar',
          target: () => q(el, '[part~="warning"]'),
          property: 'borderLeftColor',
          dark: DARK.callout,
        },
        { what: 'hint', target: () => q(el, '.hint'), property: 'color', dark: DARK.secondaryText },
      ],
    };
  },
  'secret-setup: rules unmet': async () => {
    const el = await secretSetup();
    await typeInto(q(el, '[part~="input"]'), 'mary1');
    await settle(el);
    const unmet = () => q(el, '[part~="rule"][data-state="unmet"] .icon');
    return {
      el,
      checks: [{ what: 'unmet ✗', target: unmet, pseudo: '::before', property: 'color', dark: DARK.error }],
    };
  },
  'secret-setup: every rule met': async () => {
    const el = await secretSetup();
    await typeInto(q(el, '[part~="input"]'), GOOD);
    await typeInto(q(el, '[part~="confirm-input"]'), GOOD);
    await settle(el);
    // The history rule stays pending: only the server can check it.
    expect(
      all(el, '[part~="rule"]').map((rule) => rule.dataset.state),
      'no rule unmet',
    ).to.deep.equal(['met', 'met', 'met', 'pending', 'met']);
    return {
      el,
      checks: [{ what: 'met rule', target: () => q(el, '[part~="rule"]'), property: 'color', dark: DARK.success }],
    };
  },
  'secret-setup: error summary': async () => {
    const el = await secretSetup();
    await typeInto(q(el, '[part~="input"]'), 'mary1');
    await typeInto(q(el, '[part~="confirm-input"]'), 'mary2');
    await press(q(el, '[part~="submit"]'));
    await until(
      () => deepActiveElement() === el.shadowRoot!.querySelector('[part~="error-summary"]'),
      5000,
      'summary focus',
    );
    await settle(el);
    return {
      el,
      checks: [
        {
          what: 'summary border',
          target: () => q(el, '[part~="error-summary"]'),
          property: 'borderTopColor',
          dark: DARK.error,
        },
        {
          what: 'summary ground',
          target: () => q(el, '[part~="error-summary"]'),
          property: 'backgroundColor',
          dark: DARK.background,
        },
        { what: 'summary link', target: () => q(el, '[part~="error-summary"] a'), property: 'color', dark: DARK.error },
        { what: 'error message', target: () => q(el, '.error-message'), property: 'color', dark: DARK.error },
        { what: 'invalid input', target: () => q(el, '[part~="input"]'), property: 'borderTopColor', dark: DARK.error },
      ],
    };
  },
  'secret-setup: service error': async () => {
    worker.use(...scenario('server-error'));
    const el = await secretSetup();
    await typeInto(q(el, '[part~="input"]'), GOOD);
    await typeInto(q(el, '[part~="confirm-input"]'), GOOD);
    await press(q(el, '[part~="submit"]'));
    await until(() => !!el.shadowRoot!.querySelector('[part~="error-summary"]'), 5000, 'error summary');
    await settle(el);
    return {
      el,
      checks: [
        {
          what: 'summary text',
          target: () => q(el, '[part~="error-summary"] p, [part~="error-summary"] li'),
          property: 'color',
          dark: DARK.error,
        },
      ],
    };
  },
  'secret-setup: saved': async () => {
    const el = await secretSetup();
    await typeInto(q(el, '[part~="input"]'), GOOD);
    await typeInto(q(el, '[part~="confirm-input"]'), GOOD);
    await press(q(el, '[part~="submit"]'));
    await until(() => !!el.shadowRoot!.querySelector('[part~="success"]'), 5000, 'success panel');
    await settle(el);
    return {
      el,
      checks: [
        {
          what: 'panel border',
          target: () => q(el, '[part~="success"]'),
          property: 'borderTopColor',
          dark: DARK.success,
        },
        {
          what: 'panel ground',
          target: () => q(el, '[part~="success"]'),
          property: 'backgroundColor',
          dark: DARK.background,
        },
      ],
    };
  },
};

async function aupConsent(): Promise<HTMLElement> {
  const paragraphs = Array.from(
    { length: 30 },
    (_, i) => html`<p>Paragraph ${i + 1} of the demonstration policy. Read every word.</p>`,
  );
  const el =
    await fixture<HTMLElement>(html`<aup-consent endpoint=${paths.aupAcceptance} version="2026-11" style="--ase-policy-max-height: 10rem"
    ><h2>Demo policy</h2>
    ${paragraphs}</aup-consent
  >`);
  await settle(el);
  return el;
}
const isRead = (el: HTMLElement) => (el as HTMLElement & { read: boolean }).read;
async function readToEnd(el: HTMLElement): Promise<void> {
  const region = q(el, '[part~="policy"]');
  region.scrollTop = region.scrollHeight;
  await until(() => isRead(el), 5000, 'end reached');
  await settle(el);
}

const aupStates: Record<string, () => Promise<State>> = {
  'aup-consent: before the end': async () => {
    const el = await aupConsent();
    expect(isRead(el)).to.equal(false);
    return {
      el,
      checks: [
        {
          what: 'policy border',
          target: () => q(el, '[part~="policy"]'),
          property: 'borderTopColor',
          dark: DARK.policyBorder,
        },
        {
          what: 'policy ground',
          target: () => q(el, '[part~="policy"]'),
          property: 'backgroundColor',
          dark: DARK.background,
        },
        { what: 'hint', target: () => q(el, '[part~="hint"]'), property: 'color', dark: DARK.secondaryText },
        { what: 'Decline', target: () => q(el, '[part~="decline"]'), property: 'color', dark: DARK.link },
      ],
    };
  },
  'aup-consent: nudged before the end': async () => {
    const el = await aupConsent();
    await press(q(el, '[part~="accept"]'));
    await until(() => !!el.shadowRoot!.querySelector('.hint--nudged'), 5000, 'nudge');
    await settle(el);
    return {
      el,
      checks: [
        { what: 'nudge bar', target: () => q(el, '.hint--nudged'), property: 'borderLeftColor', dark: DARK.error },
      ],
    };
  },
  'aup-consent: after the end': async () => {
    const el = await aupConsent();
    await readToEnd(el);
    return {
      el,
      checks: [
        { what: 'Accept', target: () => q(el, '[part~="accept"]'), property: 'backgroundColor', dark: DARK.button },
        { what: 'policy text', target: () => q(el, '[part~="policy"]'), property: 'color', dark: DARK.text },
      ],
    };
  },
  'aup-consent: failed acceptance': async () => {
    const el = await aupConsent();
    await readToEnd(el);
    worker.use(...scenario('server-error'));
    await press(q(el, '[part~="accept"]'));
    await until(() => !!el.shadowRoot!.querySelector('[part~="error-summary"]'), 5000, 'error summary');
    await settle(el);
    return {
      el,
      checks: [
        {
          what: 'summary border',
          target: () => q(el, '[part~="error-summary"]'),
          property: 'borderTopColor',
          dark: DARK.error,
        },
      ],
    };
  },
  'aup-consent: accepted': async () => {
    const el = await aupConsent();
    await readToEnd(el);
    await press(q(el, '[part~="accept"]'));
    await until(() => !!el.shadowRoot!.querySelector('[part~="confirmation"]'), 5000, 'confirmation');
    await settle(el);
    return { el, checks: [] };
  },
};

async function secretChallenge(mode: 'self' | 'agent'): Promise<HTMLElement> {
  const el = await fixture<HTMLElement>(
    mode === 'self'
      ? html`<secret-challenge endpoint=${paths.selfChallenge}></secret-challenge>`
      : html`<secret-challenge mode="agent" endpoint=${paths.agentChallenge.replace(':userId', demoUser.id)}></secret-challenge>`,
  );
  await until(
    () => !!el.shadowRoot!.querySelector('[part~="char-input"], [part~="status"], [part~="error"]'),
    5000,
    'challenge',
  );
  await settle(el);
  return el;
}
async function answer(el: HTMLElement, letters: string[]): Promise<void> {
  all(el, '[part~="char-input"]')[0].focus();
  for (const letter of letters) await sendKeys({ type: letter });
  await press(q(el, '[part~="submit"]'));
}
const statusIs = (el: HTMLElement, state: string) =>
  el.shadowRoot!.querySelector<HTMLElement>('[part~="status"]')?.dataset.state === state;

function challengeStates(mode: 'self' | 'agent'): Record<string, () => Promise<State>> {
  return {
    [`secret-challenge (${mode}): ready`]: async () => {
      const el = await secretChallenge(mode);
      return {
        el,
        checks: [
          {
            what: 'box border',
            target: () => q(el, '[part~="char-input"]'),
            property: 'borderTopColor',
            dark: DARK.inputBorder,
          },
          {
            what: 'box ground',
            target: () => q(el, '[part~="char-input"]'),
            property: 'backgroundColor',
            dark: DARK.inputBackground,
          },
          { what: 'Verify', target: () => q(el, '[part~="submit"]'), property: 'backgroundColor', dark: DARK.button },
        ],
      };
    },
    [`secret-challenge (${mode}): missing boxes`]: async () => {
      const el = await secretChallenge(mode);
      await press(q(el, '[part~="submit"]'));
      await until(() => !!el.shadowRoot!.querySelector('[part~="error-summary"]'), 5000, 'error summary');
      await settle(el);
      return {
        el,
        checks: [
          {
            what: 'group bar',
            target: () => q(el, '[part~="fieldset"]'),
            property: 'borderLeftColor',
            dark: DARK.error,
          },
          {
            what: 'summary border',
            target: () => q(el, '[part~="error-summary"]'),
            property: 'borderTopColor',
            dark: DARK.error,
          },
        ],
      };
    },
    [`secret-challenge (${mode}): failed`]: async () => {
      const el = await secretChallenge(mode);
      await answer(el, ['z', 'z', 'z']);
      await until(() => statusIs(el, 'failed'), 5000, 'failed');
      await settle(el);
      return {
        el,
        checks: [
          {
            what: 'notice bar',
            target: () => q(el, '[part~="status"]'),
            property: 'borderLeftColor',
            dark: DARK.error,
          },
          {
            what: 'notice ground',
            target: () => q(el, '[part~="status"]'),
            property: 'backgroundColor',
            dark: DARK.calloutBackground,
          },
        ],
      };
    },
    [`secret-challenge (${mode}): locked`]: async () => {
      lockChallenge();
      const el = await secretChallenge(mode);
      await until(() => statusIs(el, 'locked'), 5000, 'locked');
      return {
        el,
        checks: [
          {
            what: 'panel border',
            target: () => q(el, '[part~="status"]'),
            property: 'borderTopColor',
            dark: DARK.warning,
            same: true,
          },
          { what: 'panel bar', target: () => q(el, '[part~="status"]'), property: 'borderLeftColor', dark: DARK.error },
          {
            what: 'panel ground',
            target: () => q(el, '[part~="status"]'),
            property: 'backgroundColor',
            dark: DARK.background,
          },
        ],
      };
    },
    [`secret-challenge (${mode}): verified`]: async () => {
      const el = await secretChallenge(mode);
      await answer(el, RIGHT);
      await until(() => statusIs(el, 'verified'), 5000, 'verified');
      await settle(el);
      return {
        el,
        checks: [
          {
            what: 'panel border',
            target: () => q(el, '[part~="status"]'),
            property: 'borderTopColor',
            dark: DARK.success,
          },
        ],
      };
    },
  };
}

const states: Record<string, () => Promise<State>> = {
  ...setupStates,
  ...aupStates,
  ...challengeStates('self'),
  ...challengeStates('agent'),
};

// --- switching schemes ---------------------------------------------------------------------

type Switch = (el: HTMLElement) => Promise<void>;
const byPreference: Switch = async () => {
  await emulateMedia({ colorScheme: 'dark' });
  await frame();
};
const byHost: Switch = async (el) => {
  el.style.colorScheme = 'dark';
  await frame();
};

/** Forced colours through Chromium's emulation; false where the browser has none. */
async function forceColors(active: boolean): Promise<boolean> {
  const done = await executeServerCommand<boolean, Array<{ name: string; value: string }>>('emulate-media-features', [
    { name: 'forced-colors', value: active ? 'active' : 'none' },
    { name: 'prefers-color-scheme', value: 'light' },
  ]);
  return done === true && matchMedia('(forced-colors: active)').matches === active;
}

/** A CSS system colour as this browser resolves it now. */
function system(colour: string): string {
  const probe = document.createElement('div');
  probe.style.color = colour;
  document.body.append(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved;
}

async function expectTurnsDark(state: State, turn: Switch): Promise<void> {
  const checks = [...hostChecks(state.el), ...state.checks];
  const light = checks.map(read);
  await turn(state.el);
  const dark = checks.map(read);
  checks.forEach((check, i) => {
    expect(dark[i], `${check.what} in dark`).to.equal(check.dark);
    if (!check.same) expect(dark[i], `${check.what} changed from light`).to.not.equal(light[i]);
  });
  await expect(state.el).to.be.accessible();
}

describe('theming', () => {
  before(async () => {
    worker = await useMocks();
    // Firefox over WebDriver BiDi throws here: it cannot emulate media features.
    canEmulate = await emulateMedia({ colorScheme: 'dark' }).then(
      () => matchMedia('(prefers-color-scheme: dark)').matches,
      () => false,
    );
    if (canEmulate) await emulateMedia({ colorScheme: 'light' });
  });
  beforeEach(() => {
    resetMocks();
    seedChallengePositions(POSITIONS);
  });
  afterEach(async () => {
    if (canEmulate) await emulateMedia({ colorScheme: 'light' });
  });

  describe('light: the NHS.UK look is unchanged', () => {
    it('text, background and primary button keep the NHS.UK values', async () => {
      for (const make of [secretSetup, aupConsent, () => secretChallenge('self')]) {
        const el = await make();
        expect(getComputedStyle(el).color, el.localName).to.equal(LIGHT.text);
        expect(getComputedStyle(el).backgroundColor, `${el.localName} paints nothing in light`).to.equal(TRANSPARENT);
        const primary = q(el, '[part~="submit"], [part~="accept"]');
        expect(getComputedStyle(primary).backgroundColor, el.localName).to.equal(LIGHT.button);
        expect(getComputedStyle(el).colorScheme, el.localName).to.equal('light dark');
      }
    });
  });

  describe('dark, from the user preference (prefers-color-scheme)', () => {
    beforeEach(function () {
      if (!canEmulate) this.skip();
    });
    for (const [name, reach] of Object.entries(states)) {
      it(`${name}: turns dark and stays axe clean`, async () => {
        await expectTurnsDark(await reach(), byPreference);
      });
    }

    it('an element rendered while dark is dark from the start', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const el = await secretSetup();
      expect(getComputedStyle(el).color).to.equal(DARK.text);
      expect(getComputedStyle(el).backgroundColor).to.equal(DARK.background);
      await expect(el).to.be.accessible();
    });

    it('a host that pins color-scheme: light keeps the light look on a dark system', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const el = await secretSetup();
      expect(getComputedStyle(el).color, 'dark before pinning').to.equal(DARK.text);
      el.style.colorScheme = 'light';
      await frame();
      expect(getComputedStyle(el).color).to.equal(LIGHT.text);
      expect(getComputedStyle(el).backgroundColor).to.equal(TRANSPARENT);
      expect(getComputedStyle(q(el, '[part~="submit"]')).backgroundColor).to.equal(LIGHT.button);
    });
  });

  describe('dark, pinned by the host (color-scheme: dark)', () => {
    for (const [name, reach] of Object.entries(states)) {
      it(`${name}: turns dark and stays axe clean`, async () => {
        await expectTurnsDark(await reach(), byHost);
      });
    }
  });

  describe("a host's --ase-* values win in both schemes", () => {
    const BRAND = 'rgb(51, 0, 114)';
    for (const [scheme, turn] of [
      ['preference', byPreference],
      ['pinned', byHost],
    ] as const) {
      it(`--ase-color-button and --ase-color-text (${scheme})`, async function () {
        if (scheme === 'preference' && !canEmulate) this.skip();
        const wrapper =
          await fixture<HTMLElement>(html`<div style="--ase-color-button: #330072; --ase-color-button-text: #ffffff">
          <secret-setup endpoint=${paths.secret} style="--ase-color-text: #fefefe"></secret-setup>
          <aup-consent endpoint=${paths.aupAcceptance} version="2026-11"><p>Short policy.</p></aup-consent>
          <secret-challenge endpoint=${paths.selfChallenge}></secret-challenge>
        </div>`);
        const setup = wrapper.querySelector<HTMLElement>('secret-setup')!;
        const aup = wrapper.querySelector<HTMLElement>('aup-consent')!;
        const challenge = wrapper.querySelector<HTMLElement>('secret-challenge')!;
        await until(() => !!challenge.shadowRoot!.querySelector('[part~="submit"]'), 5000, 'challenge');
        await settle(setup);
        const primaries = () => [
          q(setup, '[part~="submit"]'),
          q(aup, '[part~="accept"]'),
          q(challenge, '[part~="submit"]'),
        ];
        for (const button of primaries()) expect(getComputedStyle(button).backgroundColor, 'light').to.equal(BRAND);
        for (const el of [setup, aup, challenge]) await turn(el);
        for (const button of primaries()) expect(getComputedStyle(button).backgroundColor, 'dark').to.equal(BRAND);
        expect(getComputedStyle(setup).color, 'host text wins').to.equal('rgb(254, 254, 254)');
        expect(getComputedStyle(aup).color, 'others take the dark default').to.equal(DARK.text);
        expect(getComputedStyle(setup).backgroundColor, 'dark ground').to.equal(DARK.background);
      });
    }
  });

  describe('forced colours (Windows high contrast)', () => {
    let canvasText = '';
    let buttonText = '';
    let highlight = '';
    beforeEach(async function () {
      if (!(await forceColors(true))) this.skip();
      canvasText = system('CanvasText');
      buttonText = system('ButtonText');
      highlight = system('Highlight');
    });
    afterEach(async () => {
      await forceColors(false);
    });

    const border = (element: Element, side: 'Top' | 'Left' = 'Top') => {
      const style = getComputedStyle(element);
      return {
        style: style[`border${side}Style`],
        width: parseFloat(style[`border${side}Width`]),
        color: style[`border${side}Color`],
      };
    };
    const expectBorder = (element: Element, colour: string, what: string, side: 'Top' | 'Left' = 'Top') => {
      const seen = border(element, side);
      expect(seen.style, `${what} border style`).to.equal('solid');
      expect(seen.width, `${what} border width`).to.be.greaterThan(0);
      expect(seen.color, `${what} border colour`).to.equal(colour);
    };
    /** Focuses by keyboard (Tab until `target` has focus) and reads its ring. */
    async function ringOf(target: HTMLElement, root: HTMLElement): Promise<CSSStyleDeclaration> {
      for (let i = 0; i < 30 && deepActiveElement() !== target; i++) await sendKeys({ press: 'Tab' });
      expect(deepActiveElement(), `${target.localName} reached by Tab`).to.equal(target);
      await settle(root);
      return getComputedStyle(target);
    }
    const expectRing = (style: CSSStyleDeclaration, what: string) => {
      expect(style.outlineStyle, `${what} ring`).to.equal('solid');
      expect(parseFloat(style.outlineWidth), `${what} ring width`).to.be.at.least(3);
      expect(style.outlineColor, `${what} ring colour`).to.equal(highlight);
    };

    it('secret-setup: inputs, buttons, callout, rule icons, error summary and focus rings', async () => {
      const el = await secretSetup();
      expect(system('CanvasText'), 'system colours in force').to.not.equal(system('Canvas'));
      await typeInto(q(el, '[part~="input"]'), 'meadow');
      await typeInto(q(el, '[part~="confirm-input"]'), 'meadox');
      await settle(el);
      expectBorder(q(el, '[part~="input"]'), canvasText, 'input');
      expectBorder(q(el, '[part~="confirm-input"]'), canvasText, 'confirm input');
      expectBorder(q(el, '[part~="submit"]'), buttonText, 'Save');
      expectBorder(q(el, '[part~="toggle"]'), buttonText, 'Show');
      expectBorder(q(el, '[part~="warning"]'), canvasText, 'warning callout', 'Left');
      for (const [state, glyph] of [
        ['met', '"✓"'],
        ['unmet', '"✗"'],
      ]) {
        const icon = q(el, `[part~="rule"][data-state="${state}"] .icon`);
        const before = getComputedStyle(icon, '::before');
        expect(before.content, `${state} glyph`).to.equal(glyph);
        expect(before.color, `${state} glyph colour`).to.equal(canvasText);
        expect(
          q(el, `[part~="rule"][data-state="${state}"] .visually-hidden`).textContent.trim(),
          `${state} text`,
        ).to.not.equal('');
      }
      await press(q(el, '[part~="submit"]'));
      await until(
        () => deepActiveElement() === el.shadowRoot!.querySelector('[part~="error-summary"]'),
        5000,
        'summary focus',
      );
      await settle(el);
      const summary = q(el, '[part~="error-summary"]');
      expectBorder(summary, canvasText, 'error summary');
      expect(getComputedStyle(summary).outlineColor, 'summary focus ring').to.equal(highlight);
      expectBorder(q(el, '.field--error'), canvasText, 'field in error', 'Left');
      await expect(el).to.be.accessible();
      expectRing(await ringOf(q(el, '[part~="input"]'), el), 'input');
      expectRing(await ringOf(q(el, '[part~="toggle"]'), el), 'Show');
      expectRing(await ringOf(q(el, '[part~="submit"]'), el), 'Save');
    });

    it('secret-setup: the success panel', async () => {
      const el = await secretSetup();
      await typeInto(q(el, '[part~="input"]'), GOOD);
      await typeInto(q(el, '[part~="confirm-input"]'), GOOD);
      await press(q(el, '[part~="submit"]'));
      await until(() => !!el.shadowRoot!.querySelector('[part~="success"]'), 5000, 'success');
      await settle(el);
      expectBorder(q(el, '[part~="success"]'), canvasText, 'success panel');
      await expect(el).to.be.accessible();
    });

    it('aup-consent: the policy region, the unavailable Accept, Decline and their rings', async () => {
      const el = await aupConsent();
      const policy = q(el, '[part~="policy"]');
      expectBorder(policy, canvasText, 'policy region');
      const accept = q(el, '[part~="accept"]');
      expect(getComputedStyle(accept).color, 'Accept reads as unavailable').to.equal(system('GrayText'));
      expectBorder(accept, system('GrayText'), 'unavailable Accept');
      expectBorder(q(el, '[part~="decline"]'), buttonText, 'Decline');
      await press(accept);
      await until(() => !!el.shadowRoot!.querySelector('.hint--nudged'), 5000, 'nudge');
      expectBorder(q(el, '.hint--nudged'), canvasText, 'nudge', 'Left');
      await expect(el).to.be.accessible();
      expectRing(await ringOf(policy, el), 'policy region');
      await readToEnd(el);
      expectBorder(accept, buttonText, 'available Accept');
      expectRing(await ringOf(accept, el), 'Accept');
    });

    it('secret-challenge: boxes, notices, panels and rings', async () => {
      const el = await secretChallenge('self');
      for (const box of all(el, '[part~="char-input"]')) expectBorder(box, canvasText, 'character box');
      const full = el.querySelector<HTMLInputElement>('[part~="full-secret-input"]')!;
      expectBorder(full, canvasText, 'whole-secret input');
      expectRing(await ringOf(all(el, '[part~="char-input"]')[0], el), 'character box');
      expectRing(await ringOf(q(el, '[part~="submit"]'), el), 'Verify');
      await press(q(el, '[part~="submit"]'));
      await until(() => !!el.shadowRoot!.querySelector('[part~="error-summary"]'), 5000, 'error summary');
      await settle(el);
      expectBorder(q(el, '[part~="fieldset"]'), canvasText, 'group in error', 'Left');
      expectBorder(q(el, '[part~="error-summary"]'), canvasText, 'error summary');
      await answer(el, ['z', 'z', 'z']);
      await until(() => statusIs(el, 'failed'), 5000, 'failed');
      await settle(el);
      expectBorder(q(el, '[part~="status"]'), canvasText, 'failed notice', 'Left');
      await expect(el).to.be.accessible();
    });

    it('secret-challenge: locked and verified panels', async () => {
      lockChallenge();
      const locked = await secretChallenge('agent');
      await until(() => statusIs(locked, 'locked'), 5000, 'locked');
      expectBorder(q(locked, '[part~="status"]'), canvasText, 'locked panel');
      expectBorder(q(locked, '[part~="status"]'), canvasText, 'locked panel bar', 'Left');
      await expect(locked).to.be.accessible();
      resetMocks();
      seedChallengePositions(POSITIONS);
      const el = await secretChallenge('self');
      await answer(el, RIGHT);
      await until(() => statusIs(el, 'verified'), 5000, 'verified');
      await settle(el);
      expectBorder(q(el, '[part~="status"]'), canvasText, 'verified panel');
      await expect(el).to.be.accessible();
    });
  });

  describe("a page's text styles do not leak in", () => {
    /** What a page may set on an ancestor, all inherited (Vite's React template centres its root). */
    const PAGE =
      'text-align: center; text-transform: uppercase; letter-spacing: 3px; word-spacing: 8px; font-style: italic; text-indent: 2em';
    const expectReset = (node: Element, what: string) => {
      const style = getComputedStyle(node);
      expect(style.textAlign, `${what}: text-align`).to.be.oneOf(['start', 'left']);
      expect(style.textTransform, `${what}: text-transform`).to.equal('none');
      expect(style.letterSpacing, `${what}: letter-spacing`).to.equal('normal');
      expect(style.wordSpacing, `${what}: word-spacing`).to.equal('0px');
      expect(style.fontStyle, `${what}: font-style`).to.equal('normal');
      expect(style.textIndent, `${what}: text-indent`).to.equal('0px');
    };
    /** Where a node's text starts on screen. */
    const textLeft = (node: Node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return range.getBoundingClientRect().left;
    };

    it('the labels, legends and texts of each element stay left, as their inputs do', async () => {
      const page = await fixture<HTMLElement>(html`<div style=${PAGE}>
        <secret-setup endpoint=${paths.secret}></secret-setup>
        <aup-consent endpoint=${paths.aupAcceptance} version="2026-11"><p>Short policy.</p></aup-consent>
        <secret-challenge endpoint=${paths.selfChallenge}></secret-challenge>
      </div>`);
      const [setup, aup, challenge] = ['secret-setup', 'aup-consent', 'secret-challenge'].map((tag) =>
        page.querySelector<HTMLElement>(tag)!,
      );
      await until(() => !!challenge.shadowRoot!.querySelector('[part~="char-input"]'), 5000, 'challenge');
      await settle(setup);
      await settle(aup);
      for (const el of [setup, aup, challenge]) {
        const texts = all(el, 'label, legend, p, h2, li');
        expect(texts.length, `${el.localName} renders text`).to.be.greaterThan(0);
        for (const node of texts)
          expectReset(node, `${el.localName} ${node.localName} "${node.textContent.trim().slice(0, 30)}"`);
      }
      const label = q(setup, 'label[for="secret"]');
      expect(
        Math.abs(textLeft(label) - q(setup, '[part~="input"]').getBoundingClientRect().left),
        'label text starts above the input',
      ).to.be.below(2);
    });

    it("light-DOM mode: what the element adds is reset, the page's own label keeps the page's style", async () => {
      const page = await fixture<HTMLElement>(html`<form method="post" style=${PAGE}>
        <secret-setup given-name="Mary">
          <label for="page-secret">Your new account secret</label>
          <input type="password" id="page-secret" name="secret" />
          <label for="page-confirm">Enter the secret again</label>
          <input type="password" id="page-confirm" name="confirm" />
        </secret-setup>
      </form>`);
      const setup = page.querySelector<HTMLElement>('secret-setup')!;
      await settle(setup);
      const added = [...setup.querySelectorAll<HTMLElement>('[data-ase-owned] p, [data-ase-owned] li')];
      expect(added.length, 'the element added its rules').to.be.greaterThan(0);
      for (const node of added) expectReset(node, `added ${node.localName}`);
      const own = getComputedStyle(setup.querySelector('label')!);
      expect([own.textAlign, own.textTransform], "the page's label").to.deep.equal(['center', 'uppercase']);
    });
  });
});
