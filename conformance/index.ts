/**
 * The conformance kit: every check api/openapi.yaml implies, runnable
 * against any backend. CLI: `npm run conformance -- --base-url URL`.
 */
export { checks, LIMITS, PATHS, type Check, type Context } from './checks.js';
export {
  CheckFailure,
  Client,
  cookieHeader,
  devSessionSignIn,
  fetchTransport,
  type Credentials,
  type Profile,
  type Role,
  type SignIn,
  type Target,
  type Transport,
  type WireRequest,
  type WireResponse,
} from './kit.js';
export {
  resultLine,
  runConformance,
  summaryLine,
  type CheckResult,
  type RunOptions,
  type RunSummary,
} from './runner.js';
