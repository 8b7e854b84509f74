import { css, sharedStyles } from '../internal/styles.js';

export const secretSetupStyles = [
  sharedStyles,
  css`
    .input-row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--ase-space-s, 0.75rem);
      align-items: flex-start;
    }
    input {
      width: 100%;
      max-width: 22em;
    }

    .rules {
      margin-bottom: var(--ase-space-l, 1.5rem);
    }
    .rules-title {
      margin-bottom: var(--ase-space-xs, 0.25rem);
    }
    ul[part='rules'] {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li[part='rule'] {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      margin-bottom: var(--ase-space-xs, 0.25rem);
    }
    .icon {
      flex: none;
      display: inline-block;
      width: 1.1em;
      text-align: center;
      font-weight: 700;
    }
    /* Before the user types, an unmet rule is a to-do, not an error. */
    .rules--fresh [data-state] .icon::before,
    [data-state='pending'] .icon::before {
      content: '•';
      color: var(--ase-color-secondary-text, var(--_ase-color-secondary-text));
    }
    .rules--live [data-state='met'] {
      color: var(--ase-color-success, var(--_ase-color-success));
    }
    .rules--live [data-state='met'] .icon::before {
      content: '✓';
    }
    .rules--live [data-state='unmet'] .icon::before {
      content: '✗';
      color: var(--ase-color-error, var(--_ase-color-error));
    }
    [data-state='pending'] {
      color: var(--ase-color-secondary-text, var(--_ase-color-secondary-text));
    }

    /* The ✓, ✗ and • glyphs (and the visually hidden met/not met text) carry
       the state, so system colours lose nothing; they are restated so that
       no author colour can hide a glyph. */
    @media (forced-colors: active) {
      li[part='rule'],
      .icon::before {
        color: CanvasText;
      }
    }
  `,
];
