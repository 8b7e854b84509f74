/**
 * What a person does on the journey pages and what they read there, as one
 * interface the journeys (journeys.ts) are written against once. Two
 * engines implement it: puppeteer-core for Chromium and Firefox
 * (puppeteer.ts) and WebdriverIO over WebDriver classic for WebKit
 * (webdriver.ts). An engine gives the actions (`EngineDriver`); what a
 * person reads off a page, and the check that a field holds what was typed,
 * are added here, the same for every engine (`asPerson`).
 *
 * The functions below marked "runs in the page" are sent to the browser as
 * their source text, so they call no named helper of their own: tsx would
 * wrap one in a `__name` the page does not have.
 */
import assert from 'node:assert/strict';

export interface Click {
  /**
   * Whether the click leads to another document (a post and its 303, a
   * link): then the driver waits for that page, fully loaded. False for a
   * click the page answers in place (an element's own refusal, a link to a
   * field).
   */
  navigates?: boolean;
}

/** An error summary a person can see. */
export interface Summary {
  /** The page's own (server-rendered) summary, or an element's in its shadow root. */
  where: 'page' | 'element';
  /** Its visible items, as [link target, text]. */
  items: Array<[string, string]>;
  focused: boolean;
}

/** The actions an engine implements. */
export interface EngineDriver {
  /** Opens the address, as typed into the address bar, and waits for the page. */
  goto(url: string): Promise<void>;
  /** The address the browser shows. */
  url(): Promise<string>;
  /** Clicks the field the `<label>` with exactly this text names, then types the text, key by key. */
  fill(label: string, text: string): Promise<void>;
  /** Clicks the field the label names and deletes what it holds, with keys. */
  clear(label: string): Promise<void>;
  /** Clicks the control the label names (a checkbox). */
  tick(label: string): Promise<void>;
  /** Clicks the button whose text is exactly `name`; by default waits for the page the server answers with. */
  press(name: string, click?: Click): Promise<void>;
  /** Clicks the link whose text is exactly `name`; by default waits for the page it leads to. */
  follow(name: string, click?: Click): Promise<void>;
  /** The document as the engine serialises it. */
  html(): Promise<string>;
  /**
   * Runs `fn` in the page and returns its result (plain data): what a person
   * perceives that no method above reads (focus, a rule's state, the text).
   * With JavaScript off, the engine still runs this for the test.
   */
  read<R, A extends unknown[]>(fn: (...args: A) => R, ...args: A): Promise<R>;
}

/** What the journeys use: the engine's actions, and reading the page as a person does. */
export interface Driver extends EngineDriver {
  /** The page's `<h1>`. */
  heading(): Promise<string>;
  /** Every error summary a person can see on the page: the page's own, and any an element shows in its shadow root. */
  summaries(): Promise<Summary[]>;
}

/** Runs in the page: the form control a `<label>` with exactly this text names, if exactly one does. */
export function labelledControl(text: string): HTMLElement | null {
  const found = [...document.querySelectorAll('label')].filter((l) => l.textContent?.trim() === text);
  return found.length === 1 ? found[0].control : null;
}

/** Runs in the page: the first button or link whose text is exactly `text`. */
export function namedControl(selector: 'button' | 'a', text: string): HTMLElement | null {
  return [...document.querySelectorAll<HTMLElement>(selector)].find((el) => el.textContent?.trim() === text) ?? null;
}

/** Runs in the page: the value of the field the label names (null when there is not exactly one). */
function labelledValue(text: string): string | null {
  const found = [...document.querySelectorAll('label')].filter((l) => l.textContent?.trim() === text);
  return found.length === 1 ? ((found[0].control as HTMLInputElement | null)?.value ?? null) : null;
}

/** Runs in the page: the `<h1>`'s text. */
function headingText(): string {
  return document.querySelector('h1')?.textContent?.trim() ?? '';
}

/** Runs in the page: every visible error summary (see `Summary`). */
function summariesInPage(): Summary[] {
  return [
    ...[...document.querySelectorAll('.nhsuk-error-summary')].map((el) => ({
      el,
      where: 'page' as const,
      root: document,
    })),
    ...[...document.querySelectorAll('secret-setup, secret-challenge, aup-consent')].flatMap((host) =>
      [...(host.shadowRoot?.querySelectorAll('[part~="error-summary"]') ?? [])].map((el) => ({
        el,
        where: 'element' as const,
        root: host.shadowRoot as DocumentOrShadowRoot,
      })),
    ),
  ]
    .filter(({ el }) => !(el as HTMLElement).hidden && el.getClientRects().length > 0)
    .map(({ el, where, root }) => ({
      where,
      items: [...el.querySelectorAll('li')]
        .filter((li) => !li.hidden && li.getClientRects().length > 0)
        .map((li): [string, string] => [
          li.querySelector('a')?.getAttribute('href') ?? '',
          li.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        ]),
      focused: root.activeElement === el,
    }));
}

/**
 * The engine's actions with a person's reading added. After typing, the
 * field must hold what was typed (an engine that drops a key fails here),
 * compared here so that a failure never prints a secret.
 */
export function asPerson(engine: EngineDriver): Driver {
  return {
    ...engine,
    async fill(label, text) {
      await engine.fill(label, text);
      const value = await engine.read(labelledValue, label);
      // Lengths only in the message: a failure must never print what was typed (it may be a secret).
      assert.equal(
        value === text,
        true,
        `"${label}" holds what was typed (${value === null ? 'no such field' : `${value.length} characters`} for ${text.length} typed)`,
      );
    },
    heading: () => engine.read(headingText),
    summaries: () => engine.read(summariesInPage),
  };
}
