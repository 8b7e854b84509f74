import { expect } from '@open-wc/testing';
import { setProjectAnnotations, type Meta, type StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { composeStories, composeStory } from 'storybook/preview-api';
import { expect as storyExpect } from 'storybook/test';
import project from '../.storybook/project.js';
import * as aupConsent from '../stories/aup-consent.stories.js';
import * as journeys from '../stories/journeys.stories.js';
import * as secretChallenge from '../stories/secret-challenge.stories.js';
import * as secretSetup from '../stories/secret-setup.stories.js';
import * as theming from '../stories/theming.stories.js';
import { customElementsIn, runStory, type StoryRun } from './stories/run-story.js';

/**
 * Every story is a test: each renders in this browser with the same project
 * annotations as Storybook (MSW through msw-storybook-addon's loader, the
 * mock state reset, the language decorator), runs its `play` steps, and
 * must leave no console error and nothing axe can find.
 */
const annotations = setProjectAnnotations(project);

type StoryModule = Parameters<typeof composeStories>[0] & { default: { title: string } };
type ComposedStory = ReturnType<typeof composeStory>;

// Each module's meta is typed by its own args; composeStories takes any module.
const modules = [secretSetup, aupConsent, secretChallenge, journeys, theming] as unknown as StoryModule[];

/** What every story must show once its `play` has finished. */
async function expectHealthy(run: StoryRun): Promise<void> {
  expect(customElementsIn(run.canvasElement), 'custom elements rendered').to.not.be.empty;
  await expect(run.canvasElement.firstElementChild).to.be.accessible();
  expect(run.errors, 'console errors').to.deep.equal([]);
}

for (const module of modules) {
  describe(module.default.title, () => {
    const stories = composeStories(module, annotations) as Record<string, ComposedStory>;
    for (const [name, story] of Object.entries(stories)) {
      it(name, async () => {
        const run = await runStory(story);
        try {
          await expectHealthy(run);
        } finally {
          run.finish();
        }
      });
    }
  });
}

describe('the story harness can fail', () => {
  const meta: Meta = { title: 'Harness', component: 'secret-setup' };
  const compose = (story: StoryObj) => composeStory(story, meta, annotations);

  it('when axe finds a problem', async () => {
    const run = await runStory(
      compose({ render: () => html`<secret-setup></secret-setup><button type="button"></button>` }),
    );
    try {
      let failure: unknown;
      await expectHealthy(run).catch((error: unknown) => (failure = error));
      expect(String(failure)).to.contain('button-name');
    } finally {
      run.finish();
    }
  });

  it('when a story logs a console error', async () => {
    const run = await runStory(
      compose({
        play: () => {
          console.error('deliberate error: the harness must catch this');
        },
      }),
    );
    try {
      expect(run.errors).to.deep.equal(['deliberate error: the harness must catch this']);
    } finally {
      run.finish();
    }
  });

  it('when a play step fails', async () => {
    let failure: unknown;
    await runStory(
      compose({
        play: async ({ canvasElement }) => {
          await storyExpect(canvasElement.querySelector('secret-setup')?.getAttribute('endpoint')).toBe('/nowhere');
        },
      }),
    ).catch((error: unknown) => (failure = error));
    expect(String(failure)).to.contain('/nowhere');
  });
});
