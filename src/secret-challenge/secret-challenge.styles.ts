import { css, sharedStyles, TEXT_RESET, VISUALLY_HIDDEN } from '../internal/styles.js';

export const secretChallengeStyles = [
  sharedStyles,
  css`
    fieldset {
      border: 0;
      margin: 0 0 var(--ase-space-l, 1.5rem);
      padding: 0;
      min-width: 0;
    }
    legend {
      font-size: 1.25em;
      padding: 0;
      margin-bottom: var(--ase-space-s, 0.75rem);
    }
    .attempts {
      font-weight: 600;
    }

    .boxes {
      display: flex;
      flex-wrap: wrap;
      gap: var(--ase-space-m, 1rem);
      margin-bottom: var(--ase-space-m, 1rem);
    }
    .box label {
      font-weight: 400;
      font-size: 0.9em;
    }
    input[part='char-input'] {
      width: var(--ase-char-input-width, 2.75em);
      text-align: center;
      font-size: 1.25em;
    }

    .full-secret {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
    }
    ::slotted(label) {
      display: block;
      font-weight: 600;
      margin-bottom: var(--ase-space-xs, 0.25rem);
    }
    ::slotted([slot='full-secret-hint']) {
      display: block;
      color: var(--ase-color-secondary-text, var(--_ase-color-secondary-text));
      margin-bottom: var(--ase-space-s, 0.75rem);
    }
    ::slotted([slot='full-secret-error']) {
      display: block;
      color: var(--ase-color-error, var(--_ase-color-error));
      font-weight: 600;
      margin: 0 0 var(--ase-space-s, 0.75rem);
    }
    ::slotted([slot='full-secret-error'][hidden]) {
      display: none;
    }
    /* The shared input rule's declarations in its order (gzip matches them), then the width. */
    ::slotted(input) {
      font: inherit;
      color: inherit;
      background: var(--ase-color-input-background, var(--_ase-color-input-background));
      border: 2px solid var(--ase-color-input-border, var(--_ase-color-input-border));
      padding: var(--ase-space-xs, 0.25rem);
      border-radius: 0;
      min-height: 2.5rem;
      /* Padding and border inside the 100 %: at 320 px it must not overflow. */
      box-sizing: border-box;
      width: 100%;
      max-width: 22em;
    }
    ::slotted(input:focus) {
      outline: 4px solid var(--ase-color-focus, var(--_ase-color-focus));
      outline-offset: 0;
      box-shadow: inset 0 0 0 2px var(--ase-color-focus-text, var(--_ase-color-focus-text));
      border-color: var(--ase-color-focus-text, var(--_ase-color-focus-text));
    }
    ::slotted(input[aria-invalid='true']) {
      border-color: var(--ase-color-error, var(--_ase-color-error));
    }

    .notice--failed {
      border-left-color: var(--ase-color-error, var(--_ase-color-error));
      font-weight: 600;
    }
    .notice p {
      margin: 0;
    }
    .panel h2 {
      font-size: 1.5rem;
      margin: 0 0 var(--ase-space-s, 0.75rem);
    }
    .panel--locked {
      border-color: var(--ase-color-warning, var(--_ase-color-warning));
      border-left: 8px solid var(--ase-color-error, var(--_ase-color-error));
    }
    .panel p:last-child {
      margin-bottom: 0;
    }
    .loading {
      color: var(--ase-color-secondary-text, var(--_ase-color-secondary-text));
    }

    @media (forced-colors: active) {
      ::slotted(input),
      .notice--failed,
      .panel--locked {
        border-color: CanvasText;
      }
      ::slotted(input:focus) {
        outline: 3px solid Highlight;
        outline-offset: 2px;
      }
    }
  `,
];

/**
 * What the element adds beside the page's own boxes (light-DOM mode) sits
 * inside the page's markup, where no shadow sheet reaches: these rules are
 * adopted once into the page (`ase-` classes only). The NHS.UK classes on the
 * same nodes give a page with the NHS.UK styles its own look.
 */
export const secretChallengeLightStyles = css`
  /* What the element adds to the page's markup does not take the page's
     centring or capitals; buttons keep their own. :where(): the page's
     classes on the same nodes still win. */
  :where([data-ase-owned]:not(button)) {
    ${TEXT_RESET}
  }
  .ase-visually-hidden {
    ${VISUALLY_HIDDEN}
  }
  .ase-error-message {
    display: block;
    color: var(--ase-color-error, var(--_ase-color-error));
    font-weight: 600;
    margin: 0 0 var(--ase-space-s, 0.75rem);
  }
  .ase-attempts {
    font-weight: 600;
  }
  .ase-toggle {
    font: inherit;
    min-width: 5rem;
    min-height: 2.75rem;
    margin-top: var(--ase-space-s, 0.75rem);
  }
`;
