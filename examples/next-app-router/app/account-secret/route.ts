// Where the server page's form posts (before or without the element's script,
// and after it, since the element submits with the form). The same rules run
// here as in the browser: a server never trusts the page's checks.
import { evaluateSecret } from 'account-secret-elements/rules';

const user = { givenName: 'Mary', familyName: 'Smith', organisation: 'NHS England' };

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData();
  const secret = form.get('secret');
  const confirm = form.get('confirm');
  if (typeof secret !== 'string' || typeof confirm !== 'string') return new Response('Bad request', { status: 400 });
  const unmet: string[] = evaluateSecret(secret, user)
    .filter((rule) => rule.state === 'unmet')
    .map((rule) => rule.id);
  if (secret !== confirm) unmet.push('match');
  if (unmet.length > 0) {
    // Rule ids only: never the secret, nor any character of it.
    return new Response(`Not saved: ${unmet.join(', ')}`, { status: 422 });
  }
  // A real server would now check the history and store a slow hash (docs/backend.md).
  // A relative Location: behind a proxy, request.url's host is not the one the browser used.
  return new Response(null, { status: 303, headers: { Location: '/saved' } });
}
