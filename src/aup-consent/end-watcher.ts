export interface EndWatcherOptions {
  /** The scrolling region of the policy. */
  region(): HTMLElement | null;
  /** The marker after the policy's last line. */
  end(): Element | null;
  /** There is a policy on show to read (an empty region has its end in view). */
  ready(): boolean;
  /** The end has already been in view. */
  read(): boolean;
  /** The end is in view; `announce`: it was out of view first, so reaching it is news. */
  reached(announce: boolean): void;
}

/**
 * Watches for the end of `<aup-consent>`'s policy coming into view: an
 * `IntersectionObserver` on the end marker, with a measured second opinion
 * on each scroll and resize (a zoom can bring the end into view without a
 * scroll).
 */
export class EndWatcher {
  readonly #options: EndWatcherOptions;
  #intersection?: IntersectionObserver;
  #resize?: ResizeObserver;
  /** The current observation has seen the end out of view: reaching it is news worth announcing. */
  #endWasHidden = false;

  constructor(options: EndWatcherOptions) {
    this.#options = options;
  }

  /**
   * Starts watching afresh. A new observer gives a first answer about the
   * current layout, which matters each time the content changes.
   */
  observe(): void {
    this.stop();
    const { region: regionOf, end: endOf, ready, read, reached } = this.#options;
    const region = regionOf();
    const end = endOf();
    if (!region || !end || read()) return;
    this.#endWasHidden = false;
    const observer = new IntersectionObserver(
      (entries, self) => {
        // Answers of a replaced observer describe content that has gone.
        if (self !== this.#intersection || !ready()) return;
        const last = entries[entries.length - 1];
        if (last.isIntersecting) reached(this.#endWasHidden);
        else this.#endWasHidden = true;
      },
      { root: region },
    );
    this.#intersection = observer;
    observer.observe(end);
    this.#resize = new ResizeObserver(() => this.measure());
    this.#resize.observe(region);
  }

  stop(): void {
    this.#intersection?.disconnect();
    this.#resize?.disconnect();
  }

  /** Measures where the region is scrolled to (on scroll, and on resize). */
  readonly measure = (): void => {
    const { region: regionOf, ready, read, reached } = this.#options;
    const region = regionOf();
    // No box (hidden, not laid out): nothing can have been seen.
    if (read() || !ready() || !region || region.clientHeight === 0) return;
    const scrollable = region.scrollHeight > region.clientHeight + 1;
    if (region.scrollHeight - region.scrollTop - region.clientHeight <= 1) reached(scrollable);
  };
}
