/**
 * Runs the checks one after another against a target and reports each.
 * Isomorphic: no Node or DOM specifics.
 */
import { checks as allChecks, randomLetters, type Check, type Context } from './checks.js';
import { Client, devSessionSignIn, type Profile, type Target } from './kit.js';

export interface CheckResult {
  name: string;
  rule: string;
  ok: boolean;
  /** Why it failed. */
  message?: string;
}

export interface RunOptions {
  /** The checks to run (default: all). */
  checks?: readonly Check[];
  /** Called as each check ends (the CLI prints a line). */
  onResult?: (result: CheckResult) => void;
  /** Prefix of the fresh user ids the kit signs in (default `conformance`). */
  userPrefix?: string;
}

export interface RunSummary {
  results: CheckResult[];
  passed: number;
  failed: number;
}

/** The closing line: exactly `N passed, N failed`. */
export function summaryLine({ passed, failed }: Pick<RunSummary, 'passed' | 'failed'>): string {
  return `${passed} passed, ${failed} failed`;
}

/** One line per result, as the CLI prints it. */
export function resultLine(result: CheckResult): string {
  return result.ok ? `ok    ${result.name}` : `FAIL  ${result.name}\n      ${result.message ?? ''}`;
}

/** Runs the contract's checks against `target`. */
export async function runConformance(target: Target, options: RunOptions = {}): Promise<RunSummary> {
  const resolved: Required<Target> = { signIn: devSessionSignIn, ...target };
  const prefix = options.userPrefix ?? 'conformance';
  const context: Context = {
    target: resolved,
    anonymous: () => new Client(resolved, undefined, undefined),
    async signIn(overrides = {}) {
      const profile: Profile = {
        userId: `${prefix}-${randomLetters(12)}`,
        givenName: 'Conformance',
        familyName: 'Tester',
        organisation: 'Conformance Test Trust',
        roles: ['user'],
        signedInSecondsAgo: 0,
        ...overrides,
      };
      const credentials = await resolved.signIn(profile, { baseUrl: resolved.baseUrl, send: resolved.send });
      return new Client(resolved, credentials, profile);
    },
  };
  const results: CheckResult[] = [];
  for (const check of options.checks ?? allChecks) {
    let result: CheckResult;
    try {
      await check.run(context);
      result = { name: check.name, rule: check.rule, ok: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result = { name: check.name, rule: check.rule, ok: false, message };
    }
    results.push(result);
    options.onResult?.(result);
  }
  const passed = results.filter((result) => result.ok).length;
  return { results, passed, failed: results.length - passed };
}

export { allChecks as checks };
