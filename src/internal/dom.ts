/**
 * A new element with its properties set: one helper for the nodes the
 * elements add to a page's markup, so that the bundle spells
 * `Object.assign(document.createElement(...))` once.
 */
export const make = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties?: Partial<HTMLElementTagNameMap[K]>,
): HTMLElementTagNameMap[K] => Object.assign(document.createElement(tag), properties);

/** Writes a node's text only when it differs: the same words cause no mutation (observers, live regions). */
export const setText = (node: Node, text: string): void => {
  if (node.textContent !== text) node.textContent = text;
};

/** Sets an attribute only when it differs, or removes it (`false`): the same value causes no mutation. */
export const setAttr = (element: Element, name: string, value: string | false): void => {
  if (value === false) element.removeAttribute(name);
  else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
};

/** Writes a Text node's data only when it differs: no node is replaced, nor a mutation recorded. */
export const setData = (node: Text, text: string): void => {
  if (node.data !== text) node.data = text;
};
