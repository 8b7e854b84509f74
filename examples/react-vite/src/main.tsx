import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './index.css';

// This app has no backend of its own: the package's MSW mocks answer the
// element's requests in the page, through the worker `npx msw init public/`
// put in public/. Loaded on its own (a chunk a real backend would drop), and
// the app renders once the worker is ready, so no request misses it.
const { startMockWorker } = await import('account-secret-elements/mocks/browser');
await startMockWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
