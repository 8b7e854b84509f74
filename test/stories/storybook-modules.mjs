// Lets web-test-runner load what Storybook's `play` helpers (`storybook/test`)
// and portable stories (`storybook/preview-api`) need, as Storybook's Vite
// does for its own preview:
// - @testing-library/dom is ESM but imports CommonJS packages (aria-query,
//   pretty-format, lz-string) that a browser cannot load as modules: it is
//   served as one self-contained ES module, bundled by esbuild;
// - Storybook's browser modules read `process.env.NODE_ENV`, which Vite
//   replaces at build time: it is replaced here too;
// - Storybook serves `public/` at its root (`staticDirs`), where the stories
//   find the demo policy (`/policy/...`): so does this.
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const BUNDLED = ['/@testing-library/dom/dist/@testing-library/dom.esm.js'];
const NODE_ENV = '"development"';

export function storybookModules() {
  const bundles = new Map();
  return {
    name: 'storybook-modules',
    async serve(context) {
      if (context.path.startsWith('/policy/') && context.path.endsWith('.html') && !context.path.includes('..')) {
        return { body: await readFile(new URL(`../../public${context.path}`, import.meta.url), 'utf8'), type: 'html' };
      }
      const entry = BUNDLED.find((path) => context.path.endsWith(path));
      if (!entry) return undefined;
      if (!bundles.has(entry)) bundles.set(entry, bundle(new URL(`../../node_modules${entry}`, import.meta.url)));
      return { body: await bundles.get(entry), type: 'js' };
    },
    transform(context) {
      if (!context.path.includes('/node_modules/storybook/dist/') || typeof context.body !== 'string') return undefined;
      return { body: context.body.replaceAll('process.env.NODE_ENV', NODE_ENV) };
    },
  };
}

async function bundle(url) {
  const result = await build({
    entryPoints: [url.pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': NODE_ENV },
  });
  return result.outputFiles[0].text;
}
