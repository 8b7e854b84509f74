// A server component: the page's own form and fields, inside <secret-setup>,
// in the HTML that Next sends. It works before (and without) the element's
// script: a plain form that posts both fields to app/account-secret/route.ts.
// Once the script runs (LoadSecretElements), the element enhances the same
// inputs in place: live rules, Show/Hide, the error summary.
import type {} from 'account-secret-elements/jsx'; // types the plain tags in JSX
import Link from 'next/link';
import { LoadSecretElements } from './load-secret-elements';

export default function Page() {
  return (
    <>
      <h1>Set your account secret</h1>
      <form method="post" action="/account-secret" noValidate>
        <secret-setup given-name="Mary" family-name="Smith" organisation="NHS England" min-length={9}>
          <div>
            <label htmlFor="secret">Your new account secret</label>
            <div id="secret-hint">Use letters only. Do not use your name or your organisation&apos;s name.</div>
            <ul id="secret-rules">
              <li data-rule="letters">contain only letters</li>
              <li data-rule="not-name">not be your name or your organisation&apos;s name</li>
              <li data-rule="length">be at least 9 letters long</li>
              <li data-rule="history">not be one of your last 5 secrets</li>
              <li data-rule="match">match in both boxes</li>
            </ul>
            <input
              type="password"
              id="secret"
              name="secret"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="none"
              aria-describedby="secret-hint secret-rules"
            />
          </div>
          <div>
            <label htmlFor="secret-confirm">Enter the secret again</label>
            <input
              type="password"
              id="secret-confirm"
              name="confirm"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="none"
            />
          </div>
        </secret-setup>
        <button type="submit">Save your account secret</button>
      </form>
      <LoadSecretElements />
      <p>
        <Link href="/client">The same, with the React wrapper in a client component</Link>
      </p>
    </>
  );
}
