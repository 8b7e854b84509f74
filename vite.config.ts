import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyHTMLLiterals } from 'minify-literals';

/**
 * Minifies the HTML and CSS inside Lit's `html` and `css` templates, which
 * JavaScript minifiers leave alone. Whitespace between inline content is
 * collapsed to one space, never removed, so text keeps its spacing; between
 * block elements and at the edges of a block it is dropped, as the browser
 * would not render it (-26 B gzip, and fewer text nodes per instance).
 */
function minifyLiterals(): Plugin {
  return {
    name: 'minify-lit-literals',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|css)`/.test(code)) return null;
      const result = await minifyHTMLLiterals(code, {
        fileName: id,
        html: { collapseWhitespace: true, removeComments: true },
      });
      return result ? { code: result.code, map: result.map } : null;
    },
  };
}

/**
 * The self-contained bundles, one build each (so that none imports another
 * or shares a chunk of Lit with it): `--mode bundle` for all three elements,
 * `--mode bundle-<element>` for a page that uses one.
 */
const BUNDLES: Record<string, string> = {
  bundle: 'src/bundle.ts',
  'bundle-secret-setup': 'src/secret-setup/secret-setup.ts',
  'bundle-aup-consent': 'src/aup-consent/aup-consent.ts',
  'bundle-secret-challenge': 'src/secret-challenge/secret-challenge.ts',
};

/**
 * One config, three uses:
 * - `npm start` (serve): the demo page `index.html` with the MSW mocks;
 * - `vite build --mode lib`: per-element ES modules for npm users, with Lit,
 *   DOMPurify, MSW and React left as imports for their bundler;
 * - `vite build --mode bundle`: `dist/account-secret-elements.min.js`, one
 *   self-registering file with Lit inside for a plain `<script type="module">`;
 *   the sanitiser and the Welsh packs sit beside it as chunks loaded on demand;
 *   `--mode bundle-secret-setup` (and the other two): the same for one element,
 *   `dist/secret-setup.min.js`.
 * `scripts/build.mjs` runs both builds, the declarations and the manifest.
 */
export default defineConfig(({ command, mode }): UserConfig => {
  if (command === 'serve') {
    return {
      server: { port: 5173, strictPort: true },
      // Lit's dev build warns on the console; the demo should look like production.
      resolve: { conditions: ['browser', 'production'] },
    };
  }

  if (Object.hasOwn(BUNDLES, mode)) {
    return {
      publicDir: false,
      plugins: [minifyLiterals()],
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        minify: true,
        sourcemap: true,
        lib: {
          entry: {
            [`${mode === 'bundle' ? 'account-secret-elements' : mode.slice('bundle-'.length)}.min`]: BUNDLES[mode],
          },
          formats: ['es'],
          fileName: (_format, name) => `${name}.js`,
        },
        rolldownOptions: {
          // Vite keeps whitespace in ES library output; this file is for browsers as is.
          // No comments either: the minifier keeps `/* @__PURE__ */` marks for
          // bundlers downstream, but nothing bundles this file again (-44 B gzip).
          output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true, comments: false },
        },
      },
      resolve: { conditions: ['browser', 'production'] },
    };
  }

  return {
    publicDir: false,
    // The templates' markup minified here too: a host's bundler leaves Lit's
    // templates as written, and every line break between two tags would be a
    // text node in every instance (about 20 per <secret-setup>).
    plugins: [minifyLiterals()],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      // Readable ES modules for bundlers, which make their own maps; maps of
      // these would point at sources the package does not ship.
      sourcemap: false,
      lib: {
        entry: {
          index: 'src/index.ts',
          'secret-setup': 'src/secret-setup/secret-setup.ts',
          'aup-consent': 'src/aup-consent/aup-consent.ts',
          'secret-challenge': 'src/secret-challenge/secret-challenge.ts',
          rules: 'src/rules/index.ts',
          react: 'src/react/index.ts',
          'react/secret-setup': 'src/react/secret-setup.ts',
          'react/aup-consent': 'src/react/aup-consent.ts',
          'react/secret-challenge': 'src/react/secret-challenge.ts',
          'mocks/index': 'mocks/index.ts',
          'mocks/browser': 'mocks/browser.ts',
        },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, 'dompurify', /^msw(\/|$)/, /^react(\/|$)/],
        output: { chunkFileNames: 'shared/[name]-[hash].js' },
      },
    },
  };
});
