'use client';
// The React wrapper of <secret-setup> alone (the page pays for one element),
// with typed `on…` props. This example has no backend: the mocks answer
// /api/account-secret in the browser (./mock-backend.tsx). A real app leaves
// them out and points `endpoint` at its server.
import dynamic from 'next/dynamic';
import { useCallback, useState } from 'react';
import { SecretSetup } from 'account-secret-elements/react/secret-setup';
import type { RuleResult } from 'account-secret-elements/rules';

const MockBackend = dynamic(() => import('./mock-backend'), { ssr: false });

export function ClientSetup() {
  const [mocking, setMocking] = useState(false);
  const [rules, setRules] = useState<RuleResult[]>([]);
  const [savedAt, setSavedAt] = useState('');

  const mocksReady = useCallback(() => setMocking(true), []);

  return (
    <>
      <MockBackend onReady={mocksReady} />
      <SecretSetup
        endpoint="/api/account-secret"
        givenName="Mary"
        familyName="Smith"
        organisation="Leeds Teaching Hospitals NHS Trust"
        onSecretRulesChange={(event) => setRules(event.detail.rules)}
        onSecretSaved={(event) => setSavedAt(savedAtOf(event.detail.response))}
      />
      <p id="rules-met">
        Rules met: {rules.filter((rule) => rule.state === 'met').length} of {rules.length}
      </p>
      {savedAt && <p id="saved">Saved at {savedAt}</p>}
      <p hidden={!mocking} id="mocks-ready">
        Mock backend ready
      </p>
    </>
  );
}

/** The mocks answer `{savedAt}`; the detail is the server's JSON, whatever it is. */
function savedAtOf(response: unknown): string {
  const savedAt = typeof response === 'object' && response !== null && 'savedAt' in response && response.savedAt;
  return typeof savedAt === 'string' ? savedAt : 'an unknown time';
}
