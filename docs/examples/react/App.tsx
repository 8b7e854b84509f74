// A React app embedding the three elements through the typed wrappers.
// Type-checked in CI (`npm run typecheck`); see docs/frameworks.md.
import { useState } from 'react';
import { AupConsent, SecretChallenge, SecretSetup } from 'account-secret-elements/react';

async function csrfToken(): Promise<string> {
  const response = await fetch('/api/csrf');
  return response.text();
}

export function AccountSecretJourney({
  user,
}: {
  user: { givenName: string; familyName: string; organisation: string };
}) {
  const [step, setStep] = useState<'policy' | 'secret' | 'done'>('policy');
  const [acceptedAt, setAcceptedAt] = useState('');

  if (step === 'policy') {
    return (
      <AupConsent
        endpoint="/api/aup/acceptance"
        version="2026-11"
        src="/policy/acceptable-use-policy.html"
        onAupAccepted={(event) => {
          setAcceptedAt(event.detail.acceptedAt);
          setStep('secret');
        }}
      />
    );
  }
  if (step === 'secret') {
    return (
      <SecretSetup
        endpoint="/api/account-secret"
        givenName={user.givenName}
        familyName={user.familyName}
        organisation={user.organisation}
        headers={async () => ({ 'X-CSRF-Token': await csrfToken() })}
        onSecretError={(event) => {
          if (event.detail.kind === 'unauthorized') location.assign('/sign-in');
        }}
        onSecretDone={(event) => {
          event.preventDefault();
          setStep('done');
        }}
      />
    );
  }
  return <p>Policy accepted on {new Date(acceptedAt).toLocaleString('en-GB')}; your account secret is saved.</p>;
}

export function HelpdeskCheck({ userId }: { userId: string }) {
  const [result, setResult] = useState('');
  return (
    <>
      <SecretChallenge
        mode="agent"
        endpoint={`/api/helpdesk/users/${encodeURIComponent(userId)}/account-secret/challenge`}
        onChallengeVerified={() => setResult('Identity confirmed')}
        onChallengeFailed={(event) => setResult(`Not confirmed: ${event.detail.attemptsRemaining} attempts left`)}
        onChallengeLocked={(event) =>
          setResult(
            event.detail.lockedUntil
              ? `Locked until ${event.detail.lockedUntil}`
              : 'Locked until the Local Administrator unlocks',
          )
        }
      />
      <output>{result}</output>
    </>
  );
}

/** The plain tags type-check too (React 19 renders custom elements natively). */
export function PlainTags() {
  return (
    <>
      <secret-setup endpoint="/api/account-secret" given-name="Mary" no-confirm />
      <aup-consent version="2026-11" src="/policy/acceptable-use-policy.html" />
      <secret-challenge mode="agent" endpoint="/api/helpdesk/users/mary-smith/account-secret/challenge" />
    </>
  );
}
