import { css, sharedStyles } from '../internal/styles.js';

export const aupConsentStyles = [
  sharedStyles,
  css`
    .policy {
      max-height: var(--ase-policy-max-height, 24rem);
      overflow-y: auto;
      padding: var(--ase-space-m, 1rem);
      margin-bottom: var(--ase-space-m, 1rem);
      border: 1px solid var(--ase-color-policy-border, var(--_ase-color-policy-border));
      background: var(--ase-color-background, var(--_ase-color-background));
    }
    /* A region, not a control: a ring around it, never the yellow fill of a
       focused link, which would make the policy hard to read. Shown for
       every kind of focus, since the element itself moves focus here. */
    .policy:focus,
    .policy:focus-visible {
      outline: 4px solid var(--ase-color-focus, var(--_ase-color-focus));
      outline-offset: 0;
      box-shadow: inset 0 0 0 2px var(--ase-color-focus-text, var(--_ase-color-focus-text));
      background: var(--ase-color-background, var(--_ase-color-background));
      color: inherit;
    }
    /* The end marker: IntersectionObserver needs a box to see. */
    .end {
      height: 1px;
    }

    .policy-content > :first-child,
    ::slotted(:first-child) {
      margin-top: 0;
    }
    .policy-content h1 {
      font-size: 1.5rem;
    }
    .policy-content h2 {
      font-size: 1.3rem;
    }
    .policy-content h3,
    .policy-content h4,
    .policy-content h5,
    .policy-content h6 {
      font-size: 1.1875rem;
    }
    .policy-content img {
      max-width: 100%;
      height: auto;
    }
    .policy-content table {
      border-collapse: collapse;
    }
    .policy-content th,
    .policy-content td {
      border-bottom: 1px solid var(--ase-color-policy-border, var(--_ase-color-policy-border));
      padding: var(--ase-space-xs, 0.25rem) var(--ase-space-s, 0.75rem) var(--ase-space-xs, 0.25rem) 0;
      text-align: left;
      vertical-align: top;
    }
    .policy-content [data-new-tab] {
      font-size: 0.9em;
    }

    .status {
      color: var(--ase-color-secondary-text, var(--_ase-color-secondary-text));
    }

    /* Light-DOM mode: the hint beside the page's own button is a slotted child. */
    ::slotted(.hint) {
      display: block;
      color: var(--ase-color-secondary-text, var(--_ase-color-secondary-text));
      margin: 0 0 var(--ase-space-s, 0.75rem);
    }
    ::slotted(button[aria-disabled='true']) {
      opacity: 0.6;
      cursor: not-allowed;
    }
    ::slotted(.hint--nudged),
    .hint--nudged {
      color: var(--ase-color-text, var(--_ase-color-text));
      font-weight: 600;
      border-left: 4px solid var(--ase-color-error, var(--_ase-color-error));
      padding-left: var(--ase-space-s, 0.75rem);
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--ase-space-m, 1rem);
      align-items: flex-start;
    }

    @media (forced-colors: active) {
      .policy,
      .policy-content th,
      .policy-content td,
      ::slotted(.hint--nudged),
      .hint--nudged {
        border-color: CanvasText;
      }
      .policy:focus,
      .policy:focus-visible {
        outline: 3px solid Highlight;
        outline-offset: 0;
      }
    }
  `,
];
