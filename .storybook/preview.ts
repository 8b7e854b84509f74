/// <reference types="vite/client" />
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import project from './project.js';

// `npm run storybook` and `npm run build-storybook` write custom-elements.json
// first (`npm run analyze`); autodocs read attributes, properties, events,
// parts, CSS custom properties and slots from it. A glob rather than an
// import, so type checks pass before the manifest has been generated.
const manifests = import.meta.glob<unknown>('../custom-elements.json', { eager: true, import: 'default' });
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(manifest);

const preview: Preview = {
  ...project,
  tags: ['autodocs'],
};

export default preview;
