import { useState } from 'react';
// One element's wrapper: the page loads <secret-setup> alone.
import { SecretSetup } from 'account-secret-elements/react/secret-setup';
import type { RuleResult } from 'account-secret-elements';

export function App() {
  const [rules, setRules] = useState<RuleResult[]>([]);
  const [savedAt, setSavedAt] = useState('');
  const [done, setDone] = useState(false);

  if (done) return <p id="next-step">Next: your profile.</p>;
  return (
    <main>
      <h1>Set your account secret</h1>
      <SecretSetup
        endpoint="/api/account-secret"
        givenName="Mary"
        familyName="Smith"
        organisation="Leeds Teaching Hospitals NHS Trust"
        onSecretRulesChange={(event) => setRules(event.detail.rules)}
        onSecretSaved={(event) => {
          // The mocks answer {"savedAt": "…"}; a backend may send any JSON, or none.
          const { savedAt } = (event.detail.response ?? {}) as { savedAt?: string };
          setSavedAt(savedAt ?? 'now');
        }}
        onSecretDone={() => setDone(true)}
      />
      <p id="rules-met">
        {rules.filter((rule) => rule.state === 'met').length} of {rules.length} rules met
      </p>
      {savedAt && <p id="saved-at">Saved at {savedAt}</p>}
    </main>
  );
}
