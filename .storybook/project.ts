import type { Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { setupWorker, type SetupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { handlers, resetMockState } from '../mocks/index.js';
import '../src/index.js';

/**
 * The story annotations every story shares, in Storybook (through
 * `preview.ts`) and in the story tests (`test/stories.test.ts`), so a story
 * behaves the same in both.
 */

/**
 * Starts MSW with no handlers of its own: each story installs the handlers
 * in its `parameters.msw.handlers` (the contract's by default), and the
 * addon resets them between stories. Requests MSW has no handler for (the
 * policy page, Storybook's own modules) go to the network.
 */
async function startWorker(): Promise<SetupWorker> {
  const worker = setupWorker();
  await worker.start({
    // Relative to the page, so a Storybook published under a sub-path works.
    serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    onUnhandledFrame: 'bypass',
    quiet: true,
  });
  return worker;
}

/** The demo server forgets what earlier stories saved, accepted or locked. */
function resetBackend(): Record<string, never> {
  resetMockState();
  return {};
}

const project: Preview = {
  loaders: [resetBackend, mswLoader(startWorker)],
  parameters: {
    msw: { handlers },
    layout: 'padded',
    controls: { expanded: true },
  },
  // Any story in either language: the elements follow the closest `lang`.
  globalTypes: {
    locale: {
      description: 'Language of the page around the element',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'cy', title: 'Cymraeg (Welsh)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en' },
  decorators: [
    (story, context) => {
      const locale = context.globals.locale === 'cy' ? 'cy' : 'en';
      return html`<div lang=${locale}>${story()}</div>`;
    },
  ],
};

export default project;
