'use client';
// Only this example's mocks: MSW answers /api/account-secret in the browser
// (`npx msw init public --save` put its worker in public/). msw/browser
// exists only for browsers (its package exports nothing to Node), so
// client-setup.tsx loads this module with `ssr: false`.
import { useEffect } from 'react';
import { startMockWorker } from 'account-secret-elements/mocks/browser';

export default function MockBackend({ onReady }: { onReady: () => void }) {
  useEffect(() => {
    void startMockWorker().then(onReady);
  }, [onReady]);
  return null;
}
