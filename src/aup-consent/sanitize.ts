import DOMPurify from 'dompurify';

/**
 * The markup a policy document may keep: text structure only. Everything
 * else (scripts, forms, frames, media, SVG, MathML, style sheets, landmarks
 * that would nest inside the element's region, collapsible `<details>` that
 * could hide text the user is meant to read) is dropped; the text inside a
 * dropped wrapper stays, except for scripts, styles and the like, whose
 * contents DOMPurify removes with them.
 */
const ALLOWED_TAGS = [
  'a',
  'abbr',
  'address',
  'article',
  'b',
  'bdi',
  'bdo',
  'blockquote',
  'br',
  'caption',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'section',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'u',
  'ul',
  'var',
  'wbr',
];

/**
 * Attributes allowed through. No `class`, `style`, `part`, `slot`, ARIA or
 * `data-*`: the policy must not borrow the element's own styles or parts
 * (a fake "Accept" button, a fake confirmation) nor point ARIA at its ids.
 * `id` and `name` come back prefixed (`user-content-`), so they never clash
 * with the element's own ids in the shared shadow root.
 */
const ALLOWED_ATTR = [
  'href',
  'title',
  'lang',
  'dir',
  'id',
  'name',
  'alt',
  'src',
  'width',
  'height',
  'colspan',
  'rowspan',
  'scope',
  'start',
  'reversed',
  'value',
  'datetime',
  'abbr',
  'hreflang',
];

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);

/**
 * Turns an untrusted HTML document into inert nodes of this document, ready
 * to be placed in the policy region. Parsing and cleaning happen in an inert
 * document (nothing loads, nothing runs), and the result is a fragment, not
 * an HTML string, so no `innerHTML` sink is ever assigned: this works under
 * `require-trusted-types-for 'script'` given the `dompurify` policy name.
 *
 * Links are resolved against the policy's own URL (not the page's), kept
 * only for http(s), mailto and tel, and open in a new tab without an opener
 * or a referrer; each gets a `[data-new-tab]` span for the element to fill
 * with its localised "(opens in a new tab)". Links within the policy
 * (`href="#section"`) are left for the element to follow inside its region.
 */
function sanitizePolicy(source: string, baseUrl: string): DocumentFragment {
  const clean: unknown = DOMPurify.sanitize(source, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    SANITIZE_NAMED_PROPS: true,
    RETURN_DOM_FRAGMENT: true,
  });
  // An engine DOMPurify cannot protect gets the input back as a string: fail closed.
  if (!(clean instanceof DocumentFragment)) throw new Error('The policy could not be sanitised.');
  const fragment = document.importNode(clean, true);
  for (const link of fragment.querySelectorAll('a')) secureLink(link, baseUrl);
  for (const image of fragment.querySelectorAll('img')) secureImage(image, baseUrl);
  return fragment;
}

/** DOMPurify's `SANITIZE_NAMED_PROPS` prefix: the fetched policy's ids never clash with the element's. */
const SANITIZED_ID_PREFIX = 'user-content-';

/**
 * The fetched policy, cleaned, in the `.policy-content` box the element
 * shows. Links within the policy (`#section`) move focus inside the box,
 * never the page's URL; one click listener serves mouse and keyboard. Here,
 * in the chunk loaded only for `src`, rather than in the bundle every page
 * downloads.
 */
export function policyContent(source: string, baseUrl: string): HTMLElement {
  const content = document.createElement('div');
  content.className = 'policy-content';
  content.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('a');
    const href = link?.getAttribute('href');
    if (!link || !href?.startsWith('#') || !content.contains(link)) return;
    event.preventDefault();
    let name: string;
    try {
      name = CSS.escape(`${SANITIZED_ID_PREFIX}${decodeURIComponent(href.slice(1))}`);
    } catch {
      return;
    }
    const target = content.querySelector<HTMLElement>(`[id="${name}"], a[name="${name}"]`);
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus();
  });
  content.append(sanitizePolicy(source, baseUrl));
  return content;
}

function resolve(value: string, baseUrl: string): URL | undefined {
  try {
    return new URL(value, baseUrl);
  } catch {
    return undefined;
  }
}

function secureLink(link: HTMLAnchorElement, baseUrl: string): void {
  const href = link.getAttribute('href');
  if (href === null) return;
  if (href.startsWith('#')) return;
  const url = resolve(href, baseUrl);
  if (!url || !LINK_PROTOCOLS.has(url.protocol)) {
    link.removeAttribute('href');
    return;
  }
  link.href = url.href;
  link.rel = 'noopener noreferrer';
  link.referrerPolicy = 'no-referrer';
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    // Leaving the page would lose the user's place in the policy and the consent step.
    link.target = '_blank';
    const note = document.createElement('span');
    note.dataset.newTab = '';
    link.append(' ', note);
  }
}

function secureImage(image: HTMLImageElement, baseUrl: string): void {
  const src = image.getAttribute('src');
  const url = src === null ? undefined : resolve(src, baseUrl);
  // Only the policy's own origin (or inline data): an image elsewhere is a tracking pixel,
  // telling a third party who read the policy and when.
  const own = url && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === new URL(baseUrl).origin;
  if (!url || !(own || url.protocol === 'data:')) {
    image.removeAttribute('src');
    return;
  }
  image.referrerPolicy = 'no-referrer';
  image.src = url.href;
}
