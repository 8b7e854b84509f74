import { createApp } from 'vue';
import { setupWorker } from 'msw/browser';
import { handlers, onUnhandledFrame } from 'account-secret-elements/mocks';
import App from './App.vue';

// No backend of its own: the package's MSW handlers answer in the page,
// through the worker `npx msw init public/` put in public/. With the
// package's onUnhandledFrame, a request to /api/ that no handler matches
// fails with an error naming it instead of reaching the network.
await setupWorker(...handlers).start({ onUnhandledFrame });

createApp(App).mount('#app');
