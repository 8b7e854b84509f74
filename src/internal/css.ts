import { unsafeCSS, type CSSResult } from 'lit';

/**
 * Our own tag for static style sheets: the text written in the tag, as
 * Lit's CSSResult. Lit's tag checks each interpolated value at run time and
 * carries the error message for a bad one, which every page would download.
 * Ours takes strings only (the type says so) and trusts them as CSS: the
 * sheets interpolate nothing but the library's own constant declarations
 * (`TEXT_RESET`, `VISUALLY_HIDDEN` in styles.ts), never a value from a page
 * or a user. It has Lit's name so that the build minifies the sheets as Lit
 * styles, and a module of its own because the minifier leaves alone any
 * file that calls unsafeCSS.
 */
export const css = (strings: TemplateStringsArray, ...values: string[]): CSSResult =>
  unsafeCSS(strings.reduce((text, part, index) => text + values[index - 1] + part));
