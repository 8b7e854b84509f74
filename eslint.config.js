// ESLint flat config: type-aware TypeScript, Lit, web components and
// lit-a11y rules; `npm run lint` allows no warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'storybook-static/',
      'node_modules/',
      'public/mockServiceWorker.js',
      'custom-elements.json',
      // Each example type-checks and builds itself against its own installs, which
      // a lint run does not have (examples/README.md); only the browser checks are ours.
      'examples/*/*',
      '!examples/*/check.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
    rules: {
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Lit templates bind class methods as listeners; Lit calls them with the host as `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Prettier owns layout (`npm run format:check`); ESLint keeps to meaning.
  prettier,
  {
    rules: {
      // Brackets say which operator binds first where a reader could guess wrong.
      'no-mixed-operators': [
        'error',
        {
          groups: [
            ['&&', '||', '??'],
            ['==', '!=', '===', '!==', '>', '>=', '<', '<='],
            ['&', '|', '^', '~', '<<', '>>', '>>>'],
          ],
          allowSamePrecedence: true,
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts', 'test/**/*.ts', 'mocks/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/best-practice'],
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    // Tests reach into shadow roots and use chai's property assertions.
    files: ['test/**/*.ts', 'stories/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // The reference backend runs in Node; node:test's describe/it return promises the runner awaits.
    files: ['server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['server/test/**/*.ts', 'server/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Command-line scripts report by printing.
    files: ['scripts/**', 'bench/**', '.storybook/**', 'examples/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { ...globals.node },
    },
  },
);
