import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { OWNED } from './light-controls.js';
import { make } from './dom.js';

/** An error summary the page rendered itself (NHS.UK, GOV.UK): a server's, after it refused a submission. */
const PAGE_SUMMARY = '.nhsuk-error-summary, .govuk-error-summary';

export interface PageSummaryItem {
  text: string;
  /** Id of the field the problem belongs to, in the element's shadow root or in the host's tree. */
  target?: string;
}

type Host = ReactiveControllerHost & HTMLElement;

/** Marks a page summary an element hid (nothing left in it): any element of the page may show it again. */
const HID = 'data-ase-hidden';

/** Hides the summary while it lists nothing, and shows it again (if an element hid it) once it does. */
function showIfListing(summary: HTMLElement, list: Element): void {
  const empty = !list.querySelector(':scope > li:not([hidden])');
  if (empty && !summary.hidden) {
    summary.hidden = true;
    summary.setAttribute(HID, '');
  } else if (!empty && summary.hasAttribute(HID)) {
    summary.hidden = false;
    summary.removeAttribute(HID);
  }
}

/**
 * One error summary on a page, never two (docs/elements/secret-setup.md, "One
 * error summary"). When the page already shows its own summary (the
 * server's, on the page it rendered again after refusing a submission), the
 * element renders none in its shadow root and speaks through the page's:
 *
 * - The page's items stand as rendered until the element checks a
 *   submission itself: it has problems to list, or it took over a
 *   submission of its form (blocked it, or sent it as JSON). A submission it
 *   lets through to the server leaves the page's summary alone.
 * - From then on the page's items that link into the element (its fields)
 *   are hidden, the element's current problems take their place (same
 *   markup: a list item with a link to the field), and follow its state;
 *   the summary is hidden while no item is left. Items about the page's
 *   other fields stay as they are. `focusErrorSummary` focuses the page's
 *   summary when that is where the element's problems are.
 * - Leaving the page gives the page its summary back as it was.
 *
 * The page's summary is the one that links to one of the element's fields,
 * else the first on the page (in the tree the host lives in). Without one
 * the element renders its own, as before.
 */
export class PageSummary implements ReactiveController {
  readonly #host: Host;
  /** The element checked a submission itself: its items in the page's summary are its own. */
  #claimed = false;
  /** What the element's last render listed, or undefined when it rendered no summary. */
  #items?: readonly PageSummaryItem[];
  #summary?: HTMLElement;
  /** The page's items about the element's fields, hidden while the element speaks for them. */
  #hidden: HTMLElement[] = [];
  /** The items the element wrote. */
  #written: HTMLElement[] = [];
  /** Where the submit listener is (the tree the host was connected in). */
  #root?: Node;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#root = this.#host.getRootNode();
    this.#root.addEventListener('submit', this.#onSubmit);
  }

  hostDisconnected(): void {
    this.#root?.removeEventListener('submit', this.#onSubmit);
    this.#root = undefined;
    this.#release();
    this.#claimed = false;
  }

  /**
   * Called from the element's render with the items its summary would list.
   * True when the page's summary lists them instead (the element then renders none).
   */
  takes(items: readonly PageSummaryItem[]): boolean {
    if (items.length > 0) this.#claimed = true;
    this.#items = items;
    return this.#claimed && !!this.#find();
  }

  /** The page's summary, when it is where the element's problems show now. */
  get focusable(): HTMLElement | undefined {
    const summary = this.#summary;
    return summary && this.#written.length > 0 && !summary.hidden ? summary : undefined;
  }

  hostUpdated(): void {
    // A render without a summary (another state of the element) lists nothing.
    const items = this.#items ?? [];
    this.#items = undefined;
    if (!this.#claimed) return;
    const summary = this.#find();
    if (summary !== this.#summary) this.#release();
    if (summary) this.#write(summary, items);
  }

  /** A submission the element took over (it prevented the page's own): from now on it speaks for its fields. */
  readonly #onSubmit = (event: Event) => {
    const form = event.target as Node;
    if (this.#claimed || !event.defaultPrevented || !form.contains(this.#host)) return;
    this.#claimed = true;
    this.#host.requestUpdate();
  };

  /** Whether a summary's link points at one of the element's fields (in its light DOM or its shadow root). */
  #about(link: HTMLAnchorElement): boolean {
    const id = decodeURIComponent(link.hash.slice(1));
    if (!id) return false;
    const root = this.#host.getRootNode() as Document | ShadowRoot;
    const target = root.getElementById(id);
    return !!target && this.#host.contains(target);
  }

  #find(): HTMLElement | undefined {
    const root = this.#host.getRootNode();
    // Off the page (a render while detached): no page, no summary.
    if (!(root instanceof Document || root instanceof ShadowRoot)) return undefined;
    const all = [...root.querySelectorAll<HTMLElement>(PAGE_SUMMARY)].filter((s) => !this.#host.contains(s));
    if (this.#summary && all.includes(this.#summary)) return this.#summary;
    return (
      all.find((s) => [...s.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')].some((a) => this.#about(a))) ?? all[0]
    );
  }

  #write(summary: HTMLElement, items: readonly PageSummaryItem[]): void {
    this.#summary = summary;
    const list =
      summary.querySelector('ul, ol') ??
      (summary.querySelector('.nhsuk-error-summary__body, .govuk-error-summary__body') ?? summary).appendChild(
        make('ul', { className: 'nhsuk-list nhsuk-error-summary__list' }),
      );
    for (const item of list.querySelectorAll<HTMLElement>(`:scope > li:not([${OWNED}])`)) {
      const link = item.querySelector<HTMLAnchorElement>('a[href^="#"]');
      if (!item.hidden && link && this.#about(link)) {
        item.hidden = true;
        this.#hidden.push(item);
      }
    }
    const same =
      this.#written.length === items.length &&
      this.#written.every((li, i) => li.textContent === items[i].text && li.dataset.target === (items[i].target ?? ''));
    if (!same) {
      // Where the page listed the element's fields, or where the element's items were.
      const anchor = this.#written[0] ?? this.#hidden.find((li) => li.parentElement === list) ?? null;
      const written = items.map((item) => this.#item(item));
      for (const li of written) list.insertBefore(li, anchor);
      for (const li of this.#written) li.remove();
      this.#written = written;
    }
    showIfListing(summary, list);
  }

  #item(item: PageSummaryItem): HTMLLIElement {
    const li = make('li');
    li.setAttribute(OWNED, '');
    li.dataset.target = item.target ?? '';
    if (!item.target) {
      li.textContent = item.text;
      return li;
    }
    const link = make('a', { href: `#${item.target}`, textContent: item.text });
    const id = item.target;
    link.addEventListener('click', (event) => {
      // As the element's own summary does: focus moves to the field, the URL stays.
      const root = this.#host.getRootNode() as Document | ShadowRoot;
      const inTree = root.getElementById(id);
      const target =
        inTree && this.#host.contains(inTree) ? inTree : (this.#host.shadowRoot?.getElementById(id) ?? inTree);
      if (!(target instanceof HTMLElement)) return;
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: 'center' });
    });
    li.append(link);
    return li;
  }

  /** Gives the page its summary back as it was. */
  #release(): void {
    for (const li of this.#written) li.remove();
    for (const li of this.#hidden) li.hidden = false;
    const list = this.#summary?.querySelector('ul, ol');
    if (this.#summary && list) showIfListing(this.#summary, list);
    this.#written = [];
    this.#hidden = [];
    this.#summary = undefined;
  }
}
