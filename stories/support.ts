import type { HttpHandler } from 'msw';
import { expect, waitFor } from 'storybook/test';
import { handlers } from '../mocks/index.js';

/**
 * What the stories share: the mock backend a story runs against, and the
 * few steps their `play` functions take inside an element's shadow root.
 */

/**
 * The `parameters.msw` of a story: the contract's handlers, with any
 * `overrides` (a `scenario(...)`, or a handler of the story's own) in front.
 */
export function backend(...overrides: HttpHandler[]): { handlers: HttpHandler[] } {
  return { handlers: [...overrides, ...handlers] };
}

/** The element `tag` the story rendered into `canvas`, once it has rendered. */
export async function rendered<K extends keyof HTMLElementTagNameMap>(
  canvas: HTMLElement,
  tag: K,
): Promise<HTMLElementTagNameMap[K]> {
  const el = canvas.querySelector(tag);
  await expect(el, `<${tag}> in the story`).not.toBeNull();
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el!;
}

/** The node with `part="name"` in `el`'s shadow root (the first, when several). */
export function part(el: Element, name: string): HTMLElement {
  const found = el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`No part "${name}" in <${el.localName}>`);
  return found;
}

/** Every node with `part="name"` in `el`'s shadow root. */
export function parts(el: Element, name: string): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? [])];
}

/** The visible text of `node`, with runs of white space made one. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until `check` holds, for states that follow a server's answer. */
export async function eventually(check: () => void | Promise<void>, timeout = 5000): Promise<void> {
  await waitFor(check, { timeout });
}

/** The element that has focus inside `el`, looking through nested shadow roots. */
export function focusedIn(el: Element): Element | null {
  let active = el.shadowRoot?.activeElement ?? null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
