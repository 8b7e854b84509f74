import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { PageSummary } from './page-summary.js';

export interface SummaryItem {
  text: string;
  /** Id of the field the problem belongs to: in the same shadow root, or in the host's tree (a light-DOM control). */
  target?: string;
}

/** Each element's view of the page's own error summary, made at its first render of one. */
const pageSummaries = new WeakMap<object, PageSummary>();

/**
 * The NHS.UK error summary: a titled box with an inner alert, listing each
 * problem as a link that moves focus to its field without touching the URL.
 * The element focuses it (`focusErrorSummary`) after a failed submit.
 *
 * Given the `host`, one summary per page: when the page shows its own (a
 * server's, after it refused a submission), the items go there and nothing
 * is rendered here (`PageSummary`).
 */
export function renderErrorSummary(
  title: string,
  items: readonly SummaryItem[],
  host?: ReactiveControllerHost & HTMLElement,
): TemplateResult | typeof nothing {
  if (host) {
    let page = pageSummaries.get(host);
    // Only an element with problems to list, or in a form (whose submission it may take over), can
    // claim the page's summary: the others need no watcher (an element outside a form shows none).
    if (!page && (items.length > 0 || host.closest('form'))) pageSummaries.set(host, (page = new PageSummary(host)));
    if (page?.takes(items)) return nothing;
  }
  if (items.length === 0) return nothing;
  const onClick = (event: MouseEvent) => {
    const link = event.currentTarget as HTMLAnchorElement;
    const id = link.getAttribute('href')?.slice(1);
    if (!id) return;
    // Move focus ourselves and leave the page's URL alone. The target is in
    // our shadow root, or is the page's own control in the host's tree.
    event.preventDefault();
    const root = link.getRootNode() as ShadowRoot;
    const target = root.getElementById(id) ?? (root.host.getRootNode() as Document | ShadowRoot).getElementById(id);
    if (target instanceof HTMLElement) {
      target.focus();
      target.scrollIntoView({ block: 'center' });
    }
  };
  return html`<div
    class="error-summary"
    part="error-summary"
    aria-labelledby="error-summary-title"
    data-error-summary
  >
    <h2 id="error-summary-title">${title}</h2>
    <div role="alert">
      <ul>
        ${items.map((item) =>
          item.target
            ? html`<li><a href="#${item.target}" @click=${onClick}>${item.text}</a></li>`
            : html`<li>${item.text}</li>`,
        )}
      </ul>
    </div>
  </div>`;
}

/**
 * A failed request as an error summary box with one message (part `error`),
 * which the element focuses itself. It has `renderErrorSummary`'s markup and
 * classes, so that both boxes look alike to the user, and sits beside it so
 * that a reader changing one sees the other.
 */
export function renderServiceError(title: string, text: string): TemplateResult {
  return html`<div class="error-summary" part="error" tabindex="-1">
    <h2>${title}</h2>
    <div role="alert"><p>${text}</p></div>
  </div>`;
}

/** Focuses the rendered summary, once the element has rendered it. */
export async function focusErrorSummary(host: {
  updateComplete: Promise<boolean>;
  shadowRoot: ShadowRoot | null;
}): Promise<void> {
  await host.updateComplete;
  const summary =
    pageSummaries.get(host)?.focusable ?? host.shadowRoot?.querySelector<HTMLElement>('[data-error-summary]');
  if (!summary) return;
  // Focusable only while it has focus (as NHS.UK does): a later click on it
  // must not move focus there, and it never joins the tab order. A page's
  // summary that has its own tabindex keeps it.
  if (!summary.hasAttribute('tabindex')) {
    summary.tabIndex = -1;
    summary.addEventListener('blur', () => summary.removeAttribute('tabindex'), { once: true });
  }
  summary.focus();
}
