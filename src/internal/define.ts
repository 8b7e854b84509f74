/**
 * Registers an element unless a same-named one is already defined, so two
 * copies of the library on one page (a bundle and an npm import, say) never
 * throw. The first definition wins.
 */
export function define(name: string, constructor: CustomElementConstructor): void {
  if (customElements.get(name)) return;
  try {
    customElements.define(name, constructor);
  } catch {
    // Lost a race with another copy defining the same name: theirs stands.
  }
}
