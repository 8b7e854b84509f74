import { css } from './css.js';

export { css };

/**
 * Hidden from sight, still read by screen readers: the `.visually-hidden`
 * class below, and inline on the whole-secret field's light-DOM error
 * prefix, which no sheet of ours reaches. Written once, as the minified
 * text both places use.
 */
export const VISUALLY_HIDDEN =
  'position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;white-space:nowrap!important';

/**
 * The inherited text properties a page may set around an element (Vite's
 * React template centres its root, a heading style may upper-case), put back
 * to the normal for what the element renders itself: otherwise its labels
 * centre while its inputs stay left. `line-height` is set on `:host` itself.
 * Also used by the light-DOM sheets for the nodes an element adds to the
 * page's markup; the page's own nodes keep what the page gives them.
 */
export const TEXT_RESET =
  'text-align:start;text-indent:0;text-transform:none;letter-spacing:normal;word-spacing:normal;white-space:normal;font-style:normal;font-variant:normal';

/**
 * The NHS.UK look every element shares. Every colour reads a public
 * `--ase-color-*` custom property first, so a host re-themes by setting
 * properties on the element or any ancestor, in either scheme; the fallback
 * is a private `--_ase-color-*` token that holds the NHS.UK value in light
 * and a palette meeting WCAG 2.2 AA in dark (see docs/theming.md).
 *
 * `light-dark()` picks from the element's used `color-scheme`, not straight
 * from `prefers-color-scheme`: by default (`light dark`) that is the user's
 * preference, and a host whose page has only one scheme pins it with one
 * declaration (`secret-setup { color-scheme: light }`) instead of resetting
 * every colour.
 */
export const sharedStyles = css`
  :host {
    color-scheme: light dark;
    --_ase-color-text: light-dark(#212b32, #f0f4f5);
    --_ase-color-secondary-text: light-dark(#4c6272, #b3bec5);
    --_ase-color-error: light-dark(#d5281b, #ff8b80);
    --_ase-color-success: light-dark(#007f3b, #5fd38d);
    --_ase-color-warning: #ffeb3b;
    /* Focus stays NHS yellow with dark text in both schemes: the yellow is
       12.9:1 against the dark background, the text 11.8:1 on the yellow. */
    --_ase-color-focus: #ffeb3b;
    --_ase-color-focus-text: #212b32;
    --_ase-color-link: light-dark(#005eb8, #8cc8ff);
    --_ase-color-link-hover: light-dark(#7c2855, #f0a8cf);
    --_ase-color-button: light-dark(#007f3b, #5fd38d);
    --_ase-color-button-hover: light-dark(#00662f, #86e0aa);
    --_ase-color-button-shadow: light-dark(#00401e, #2e8b57);
    --_ase-color-button-text: light-dark(#ffffff, #0d1a12);
    --_ase-color-secondary-button-text: light-dark(#005eb8, #8cc8ff);
    --_ase-color-secondary-button-hover: light-dark(rgba(0, 94, 184, 0.1), rgba(140, 200, 255, 0.15));
    --_ase-color-input-border: light-dark(#4c6272, #aeb7bd);
    --_ase-color-input-background: light-dark(#ffffff, #151b1f);
    --_ase-color-background: light-dark(#ffffff, #1d2429);
    --_ase-color-callout: light-dark(#005eb8, #8cc8ff);
    --_ase-color-callout-background: light-dark(#f0f4f5, #2b353c);
    --_ase-color-policy-border: light-dark(#aeb7bd, #8a9aa5);

    display: block;
    font-family: var(--ase-font-family, 'Frutiger W01', Arial, sans-serif);
    font-size: var(--ase-font-size, 1.1875rem);
    line-height: 1.47;
    color: var(--ase-color-text, var(--_ase-color-text));
    /* Light text needs its dark ground whatever the page is painted with;
       in light the element stays transparent on the page, as NHS.UK does. */
    background: light-dark(transparent, var(--ase-color-background, var(--_ase-color-background)));
    -webkit-font-smoothing: antialiased;
  }
  :host([hidden]) {
    display: none;
  }
  /* Not on :host itself, which the page's own fields (light-DOM mode) inherit
     from through a top-level slot: they are the page's to style. :where()
     keeps the weight of :host alone, so the elements' own rules still win. */
  :host > :where(:not(slot)) {
    ${TEXT_RESET}
  }
  /* Not on ::before and ::after: a universal pseudo-element rule makes the
     browser compute both pseudo-elements' style for every element of every
     instance, and the only generated content (the rules' icons) is inline. */
  * {
    box-sizing: border-box;
  }

  .visually-hidden {
    ${VISUALLY_HIDDEN}
  }

  p {
    margin: 0 0 var(--ase-space-m, 1rem);
  }

  .field {
    margin-bottom: var(--ase-space-l, 1.5rem);
  }
  .field--error {
    border-left: 4px solid var(--ase-color-error, var(--_ase-color-error));
    padding-left: var(--ase-space-s, 0.75rem);
  }

  label,
  legend {
    display: block;
    font-weight: 600;
    margin-bottom: var(--ase-space-xs, 0.25rem);
  }

  .hint {
    display: block;
    color: var(--ase-color-secondary-text, var(--_ase-color-secondary-text));
    margin-bottom: var(--ase-space-s, 0.75rem);
  }

  .error-message {
    display: block;
    color: var(--ase-color-error, var(--_ase-color-error));
    font-weight: 600;
    margin: 0 0 var(--ase-space-s, 0.75rem);
  }

  input {
    font: inherit;
    color: inherit;
    background: var(--ase-color-input-background, var(--_ase-color-input-background));
    border: 2px solid var(--ase-color-input-border, var(--_ase-color-input-border));
    border-radius: 0;
    padding: var(--ase-space-xs, 0.25rem);
    min-height: 2.5rem;
    appearance: none;
  }
  input:focus {
    outline: 4px solid var(--ase-color-focus, var(--_ase-color-focus));
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--ase-color-focus-text, var(--_ase-color-focus-text));
    border-color: var(--ase-color-focus-text, var(--_ase-color-focus-text));
  }
  input[aria-invalid='true'] {
    border-color: var(--ase-color-error, var(--_ase-color-error));
  }
  input:disabled,
  input[readonly] {
    opacity: 0.6;
  }

  button {
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    border-radius: 4px;
    padding: 0.5rem 1rem;
    min-height: 2.75rem;
    min-width: 2.75rem;
    border: 2px solid transparent;
    color: var(--ase-color-button-text, var(--_ase-color-button-text));
    background: var(--ase-color-button, var(--_ase-color-button));
    box-shadow: 0 4px 0 var(--ase-color-button-shadow, var(--_ase-color-button-shadow));
    margin-bottom: 4px;
  }
  button:hover {
    background: var(--ase-color-button-hover, var(--_ase-color-button-hover));
  }
  button.secondary {
    color: var(--ase-color-secondary-button-text, var(--_ase-color-secondary-button-text));
    background: transparent;
    border-color: var(--ase-color-secondary-button-text, var(--_ase-color-secondary-button-text));
    box-shadow: 0 4px 0 var(--ase-color-secondary-button-text, var(--_ase-color-secondary-button-text));
  }
  button.secondary:hover {
    background: var(--ase-color-secondary-button-hover, var(--_ase-color-secondary-button-hover));
  }
  button:focus-visible,
  a:focus-visible,
  [tabindex='-1']:focus-visible,
  [tabindex='0']:focus-visible {
    outline: 4px solid transparent;
    color: var(--ase-color-focus-text, var(--_ase-color-focus-text));
    background: var(--ase-color-focus, var(--_ase-color-focus));
    box-shadow: 0 4px 0 var(--ase-color-focus-text, var(--_ase-color-focus-text));
    text-decoration: none;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /* Show/Hide keeps its width when its text changes. */
  .toggle {
    min-width: 5rem;
  }

  a {
    color: var(--ase-color-link, var(--_ase-color-link));
    text-decoration: underline;
  }
  a:hover {
    color: var(--ase-color-link-hover, var(--_ase-color-link-hover));
  }

  .error-summary {
    border: 4px solid var(--ase-color-error, var(--_ase-color-error));
    padding: var(--ase-space-m, 1rem);
    margin-bottom: var(--ase-space-l, 1.5rem);
    background: var(--ase-color-background, var(--_ase-color-background));
  }
  .error-summary:focus {
    outline: 4px solid var(--ase-color-focus, var(--_ase-color-focus));
    outline-offset: 0;
  }
  .error-summary h2 {
    font-size: 1.5rem;
    margin: 0 0 var(--ase-space-s, 0.75rem);
  }
  .error-summary ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .error-summary li,
  .error-summary p {
    color: var(--ase-color-error, var(--_ase-color-error));
    font-weight: 600;
    margin: 0 0 var(--ase-space-xs, 0.25rem);
  }
  .error-summary a {
    color: var(--ase-color-error, var(--_ase-color-error));
  }

  /* .notice: <secret-challenge>'s callouts. */
  .callout,
  .notice {
    border-left: 8px solid var(--ase-color-callout, var(--_ase-color-callout));
    background: var(--ase-color-callout-background, var(--_ase-color-callout-background));
    padding: var(--ase-space-s, 0.75rem) var(--ase-space-m, 1rem);
    margin-bottom: var(--ase-space-l, 1.5rem);
  }
  .callout p:last-child {
    margin-bottom: 0;
  }

  .panel {
    border: 4px solid var(--ase-color-success, var(--_ase-color-success));
    padding: var(--ase-space-m, 1rem);
    margin-bottom: var(--ase-space-l, 1.5rem);
    background: var(--ase-color-background, var(--_ase-color-background));
  }
  .panel:focus {
    outline: 4px solid var(--ase-color-focus, var(--_ase-color-focus));
  }
  /* A box focused by script (error summary, notification) keeps the colours
     its text is designed against (red on yellow fails contrast): only a ring
     shows focus, as in NHS.UK. */
  .error-summary:focus-visible,
  .panel:focus-visible {
    color: inherit;
    background: var(--ase-color-background, var(--_ase-color-background));
    outline: 4px solid transparent;
    box-shadow:
      0 0 0 4px var(--ase-color-focus, var(--_ase-color-focus)),
      0 0 0 8px var(--ase-color-focus-text, var(--_ase-color-focus-text));
  }

  /* Windows high contrast: the system's colours replace ours, and box
     shadows (the NHS focus ring, button depth) are dropped, so every
     boundary and focus indicator is restated with system colours. */
  @media (forced-colors: active) {
    :host {
      background: Canvas;
      color: CanvasText;
    }
    input,
    input:focus,
    input[aria-invalid='true'],
    .error-summary,
    .panel,
    .callout,
    .notice,
    .field--error {
      border-color: CanvasText;
    }
    .error-summary li,
    .error-summary p,
    .error-message {
      color: CanvasText;
    }
    button,
    button.secondary {
      color: ButtonText;
      background: ButtonFace;
      border-color: ButtonText;
    }
    button[aria-disabled='true'],
    button:disabled {
      color: GrayText;
      border-color: GrayText;
      opacity: 1;
    }
    button:focus-visible,
    a:focus-visible,
    input:focus,
    [tabindex='-1']:focus,
    [tabindex='0']:focus {
      outline: 3px solid Highlight;
      outline-offset: 2px;
    }
    button:focus-visible {
      color: ButtonText;
      background: ButtonFace;
    }
    a:focus-visible {
      color: LinkText;
      background: Canvas;
      text-decoration: underline;
    }
  }
`;
