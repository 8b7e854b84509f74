/**
 * Dispatches one of our events: always bubbling and composed, so a host can
 * listen on any ancestor, through shadow roots. Returns false when a
 * listener called `preventDefault()` on a cancelable event.
 */
export function fire<T>(target: EventTarget, type: string, detail: T, cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable }));
}
