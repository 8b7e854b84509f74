import { css } from 'lit';

/**
 * The NHS.UK look every element shares. Every colour and spacing reads a
 * `--ase-*` custom property with the NHS.UK value as fallback, so a host
 * re-themes by setting properties on the element or any ancestor.
 */
export const sharedStyles = css`
  :host {
    display: block;
    font-family: var(--ase-font-family, 'Frutiger W01', Arial, sans-serif);
    font-size: var(--ase-font-size, 1.1875rem);
    line-height: 1.47;
    color: var(--ase-color-text, #212b32);
    -webkit-font-smoothing: antialiased;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }

  p {
    margin: 0 0 var(--ase-space-m, 1rem);
  }

  .field {
    margin-bottom: var(--ase-space-l, 1.5rem);
  }
  .field--error {
    border-left: 4px solid var(--ase-color-error, #d5281b);
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
    color: var(--ase-color-secondary-text, #4c6272);
    margin-bottom: var(--ase-space-s, 0.75rem);
  }

  .error-message {
    display: block;
    color: var(--ase-color-error, #d5281b);
    font-weight: 600;
    margin: 0 0 var(--ase-space-s, 0.75rem);
  }

  input {
    font: inherit;
    color: inherit;
    background: var(--ase-color-input-background, #ffffff);
    border: 2px solid var(--ase-color-input-border, #4c6272);
    border-radius: 0;
    padding: var(--ase-space-xs, 0.25rem);
    min-height: 2.5rem;
    appearance: none;
  }
  input:focus {
    outline: 4px solid var(--ase-color-focus, #ffeb3b);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--ase-color-focus-text, #212b32);
    border-color: var(--ase-color-focus-text, #212b32);
  }
  input[aria-invalid='true'] {
    border-color: var(--ase-color-error, #d5281b);
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
    color: var(--ase-color-button-text, #ffffff);
    background: var(--ase-color-button, #007f3b);
    box-shadow: 0 4px 0 var(--ase-color-button-shadow, #00401e);
    margin-bottom: 4px;
  }
  button:hover {
    background: var(--ase-color-button-hover, #00662f);
  }
  button.secondary {
    color: var(--ase-color-secondary-button-text, #005eb8);
    background: transparent;
    border-color: var(--ase-color-secondary-button-text, #005eb8);
    box-shadow: 0 4px 0 var(--ase-color-secondary-button-text, #005eb8);
  }
  button.secondary:hover {
    background: var(--ase-color-secondary-button-hover, rgba(0, 94, 184, 0.1));
  }
  button:focus-visible,
  a:focus-visible,
  [tabindex='-1']:focus-visible,
  [tabindex='0']:focus-visible {
    outline: 4px solid transparent;
    color: var(--ase-color-focus-text, #212b32);
    background: var(--ase-color-focus, #ffeb3b);
    box-shadow: 0 4px 0 var(--ase-color-focus-text, #212b32);
    text-decoration: none;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }

  a {
    color: var(--ase-color-link, #005eb8);
    text-decoration: underline;
  }
  a:hover {
    color: var(--ase-color-link-hover, #7c2855);
  }

  .error-summary {
    border: 4px solid var(--ase-color-error, #d5281b);
    padding: var(--ase-space-m, 1rem);
    margin-bottom: var(--ase-space-l, 1.5rem);
    background: var(--ase-color-background, #ffffff);
  }
  .error-summary:focus {
    outline: 4px solid var(--ase-color-focus, #ffeb3b);
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
    color: var(--ase-color-error, #d5281b);
    font-weight: 600;
    margin: 0 0 var(--ase-space-xs, 0.25rem);
  }
  .error-summary a {
    color: var(--ase-color-error, #d5281b);
  }

  .callout {
    border-left: 8px solid var(--ase-color-callout, #005eb8);
    background: var(--ase-color-callout-background, #f0f4f5);
    padding: var(--ase-space-s, 0.75rem) var(--ase-space-m, 1rem);
    margin-bottom: var(--ase-space-l, 1.5rem);
  }
  .callout p:last-child {
    margin-bottom: 0;
  }

  .panel {
    border: 4px solid var(--ase-color-success, #007f3b);
    padding: var(--ase-space-m, 1rem);
    margin-bottom: var(--ase-space-l, 1.5rem);
    background: var(--ase-color-background, #ffffff);
  }
  .panel:focus {
    outline: 4px solid var(--ase-color-focus, #ffeb3b);
  }
  /* A box focused by script (error summary, notification) keeps the colours
     its text is designed against (red on yellow fails contrast): only a ring
     shows focus, as in NHS.UK. */
  .error-summary:focus-visible,
  .panel:focus-visible {
    color: inherit;
    background: var(--ase-color-background, #ffffff);
    outline: 4px solid transparent;
    box-shadow:
      0 0 0 4px var(--ase-color-focus, #ffeb3b),
      0 0 0 8px var(--ase-color-focus-text, #212b32);
  }

  @media (forced-colors: active) {
    button,
    input,
    .error-summary,
    .panel {
      border-color: ButtonText;
    }
    button:focus-visible,
    a:focus-visible,
    input:focus,
    [tabindex='-1']:focus {
      outline: 3px solid Highlight;
    }
  }
`;
