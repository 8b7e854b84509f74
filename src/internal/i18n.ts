import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A table of user-facing strings: plain text, or a function of values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- message functions take varied argument lists
export type MessageTable = Record<string, string | ((...args: any[]) => string)>;

export type LocaleLoaders<M extends MessageTable> = Partial<Record<string, () => Promise<M>>>;

/**
 * The language of an element: the closest `lang` attribute, looking through
 * shadow roots into their hosts, reduced to its primary subtag ("cy-GB" is
 * "cy"). English when nothing says otherwise.
 */
function languageOf(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang) return lang.toLowerCase().split('-')[0];
    const parent: Element | null = node.parentElement;
    if (parent) {
      node = parent;
    } else {
      const root = node.getRootNode();
      node = root instanceof ShadowRoot ? root.host : null;
    }
  }
  return 'en';
}

/**
 * One observer for the page, however many elements: each connected element
 * is told when any `lang` attribute changes (a bilingual toggle on <html>).
 */
const langListeners = new Set<() => void>();
let langObserver: MutationObserver | undefined;

function watchLang(listener: () => void): void {
  langListeners.add(listener);
  if (langObserver) return;
  langObserver = new MutationObserver(() => {
    for (const notify of langListeners) notify();
  });
  langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

function unwatchLang(listener: () => void): void {
  langListeners.delete(listener);
  if (langListeners.size > 0) return;
  langObserver?.disconnect();
  langObserver = undefined;
}

type LocalizedHost<M> = ReactiveControllerHost & HTMLElement & { strings?: Partial<M> };

/**
 * Resolves the strings an element renders: English defaults, replaced by a
 * locale pack when the element's language has one (loaded on demand, so a
 * page in English never downloads another language), then by the host's own
 * `strings` overrides.
 */
export class Localizer<M extends MessageTable> implements ReactiveController {
  readonly #host: LocalizedHost<M>;
  readonly #english: M;
  readonly #loaders: LocaleLoaders<M>;
  #lang = 'en';
  #pack?: M;
  #merged?: M;
  #mergedPack?: M;
  #mergedStrings?: Partial<M>;
  #loading = false;
  readonly #onLangChange = () => this.#sync();

  constructor(host: LocalizedHost<M>, english: M, loaders: LocaleLoaders<M> = {}) {
    this.#host = host;
    this.#english = english;
    this.#loaders = loaders;
    host.addController(this);
  }

  /**
   * False while the pack for the element's language is still loading: a
   * page already in that language (light-DOM mode) must not be shown
   * English meanwhile. True again if the pack fails to load.
   */
  get ready(): boolean {
    return !this.#loading;
  }

  /** The language in use ("en" until a pack has loaded). */
  get lang(): string {
    return this.#pack ? this.#lang : 'en';
  }

  /**
   * The table in use. Without overrides it is the shared English table or
   * the (complete) locale pack itself; with overrides, a merged copy rebuilt
   * only when the pack or the host's `strings` change.
   */
  get messages(): M {
    const strings = this.#host.strings;
    if (!strings) return this.#pack ?? this.#english;
    if (!this.#merged || this.#mergedPack !== this.#pack || this.#mergedStrings !== strings) {
      this.#merged = { ...this.#english, ...this.#pack, ...strings };
      this.#mergedPack = this.#pack;
      this.#mergedStrings = strings;
    }
    return this.#merged;
  }

  hostConnected(): void {
    this.#sync();
    watchLang(this.#onLangChange);
  }

  hostDisconnected(): void {
    unwatchLang(this.#onLangChange);
  }

  #sync(): void {
    const lang = languageOf(this.#host);
    if (lang === this.#lang && (this.#pack || lang === 'en')) return;
    this.#lang = lang;
    // Own keys only: a lang of "constructor" must not find Object.prototype's.
    const load = Object.hasOwn(this.#loaders, lang) ? this.#loaders[lang] : undefined;
    this.#loading = !!load;
    if (!load) {
      this.#pack = undefined;
      this.#host.requestUpdate();
      return;
    }
    void load().then(
      (pack) => {
        if (this.#lang !== lang) return;
        this.#pack = pack;
        this.#loading = false;
        this.#host.requestUpdate();
      },
      () => {
        // The pack failed to load (offline, blocked chunk): English is still usable.
        if (this.#lang !== lang) return;
        this.#loading = false;
        this.#host.requestUpdate();
      },
    );
  }
}

/** "1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", ... */
export function englishOrdinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** "2 minutes", "30 seconds": a wait, rounded up to what a person reads. */
export function englishDuration(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/**
 * A time of day in the page's locale, for "try again after 14:05"; with the
 * date too when it is not today ("1 December 2026 at 14:05").
 */
export function timeOfDay(date: Date, lang: string, now = new Date()): string {
  const locale = lang === 'cy' ? 'cy-GB' : 'en-GB';
  const today = date.toDateString() === now.toDateString();
  return today
    ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
}
