/// <reference types="node" />
/**
 * `npm run conformance -- --base-url URL [--sign-in ./my-sign-in.mjs] [--only rule,rule]`
 *
 * Runs the contract's checks against the backend at URL, one line each,
 * and ends with `N passed, N failed`; exits 1 when a check failed (2 on a
 * usage error). Signs in through `POST /api/dev/session` unless a sign-in
 * module is given: its default export (or `signIn`) takes a profile
 * `{userId, givenName, familyName, organisation, roles, signedInSecondsAgo}`
 * and resolves to `{headers?, cookie?, csrfToken}` for a session of that user.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checks } from './checks.js';
import { fetchTransport, type SignIn } from './kit.js';
import { resultLine, runConformance, summaryLine } from './runner.js';

const USAGE = 'usage: npm run conformance -- --base-url URL [--sign-in ./sign-in.mjs] [--only rule,rule]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) {
    const inline = args.find((arg) => arg.startsWith(`${name}=`));
    return inline?.slice(name.length + 1);
  }
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) fail(`${name} needs a value`);
  return value;
}

async function loadSignIn(path: string): Promise<SignIn> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown; signIn?: unknown };
  const signIn = module.default ?? module.signIn;
  if (typeof signIn !== 'function') fail(`${path} exports no sign-in function (default export or "signIn")`);
  return signIn as SignIn;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\nrules: ${[...new Set(checks.map((check) => check.rule))].join(', ')}\n`);
    return;
  }
  const baseUrl = option(args, '--base-url') ?? process.env.BASE_URL;
  if (!baseUrl) fail('--base-url is required');
  try {
    new URL(baseUrl);
  } catch {
    fail(`--base-url ${baseUrl} is not a URL`);
  }
  const signInPath = option(args, '--sign-in');
  const only = option(args, '--only')
    ?.split(',')
    .map((rule) => rule.trim());
  const selected = only ? checks.filter((check) => only.includes(check.rule)) : checks;
  if (selected.length === 0) fail(`no check has the rule ${only?.join(', ')}`);
  process.stdout.write(`Conformance of ${baseUrl} to api/openapi.yaml (${selected.length} checks)\n`);
  const summary = await runConformance(
    { baseUrl, send: fetchTransport(), ...(signInPath ? { signIn: await loadSignIn(signInPath) } : {}) },
    { checks: selected, onResult: (result) => process.stdout.write(`${resultLine(result)}\n`) },
  );
  process.stdout.write(`${summaryLine(summary)}\n`);
  process.exitCode = summary.failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.stdout.write(`${summaryLine({ passed: 0, failed: 1 })}\n`);
  process.exitCode = 1;
});
