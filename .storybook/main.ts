import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

/**
 * The element modules register their tag when imported (`define(...)` at
 * the bottom). package.json's `sideEffects` names only the published
 * `dist/` files, so a production build from source would drop a bare
 * `import '../src/secret-setup/secret-setup.js'` as unused, and the stories
 * would show undefined elements. This keeps those imports.
 */
const elementModules = /\/src\/(secret-setup|aup-consent|secret-challenge)\/\1\.ts$|\/src\/index\.ts$/;
const keepElementRegistrations: Plugin = {
  name: 'keep-element-registrations',
  transform(code, id) {
    return elementModules.test(id) ? { code, map: null, moduleSideEffects: true } : undefined;
  },
};

/**
 * Storybook: every element in every state a person would want to see,
 * against the same MSW mocks as the demo page and the tests.
 * See docs/storybook.md.
 */
const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: '@storybook/web-components-vite',
  // MSW's worker (/mockServiceWorker.js) and the demo policy (/policy/...).
  staticDirs: ['../public'],
  core: { disableTelemetry: true },
  viteFinal(viteConfig) {
    // `vite.config.ts` describes a library build (`build.lib`, Lit and MSW
    // external). Storybook builds an app that must carry everything. Its Vite
    // builder keeps only `build.target` of the project's config today; this
    // keeps a library build out should that change. The `external` list left
    // here is Storybook's own (its font assets), not the library's.
    const { lib: _lib, ...build } = viteConfig.build ?? {};
    // Storybook's preview carries its docs and test helpers: far over Vite's
    // 500 kB warning, and not what users download (`npm run size` checks that).
    return {
      ...viteConfig,
      plugins: [...(viteConfig.plugins ?? []), keepElementRegistrations],
      build: { ...build, chunkSizeWarningLimit: 2000 },
    };
  },
};

export default config;
