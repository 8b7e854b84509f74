/**
 * The demo backend's data. Everything here is invented for demonstration:
 * the mocks stand in for a real server in the demo page, the tests and
 * Storybook, and hosts may use them in their own tests.
 */

/** The signed-in demo user of the secret and policy journeys. */
export const demoUser = {
  id: 'mary-smith',
  givenName: 'Mary',
  familyName: 'Smith',
  organisation: 'Leeds Teaching Hospitals NHS Trust',
};

/** Mary, as `POST /api/dev/session` takes her (the demo on the reference server). */
export const demoSignIn = {
  userId: demoUser.id,
  givenName: demoUser.givenName,
  familyName: demoUser.familyName,
  organisation: demoUser.organisation,
};

/**
 * Mary's five previous secrets, newest first. Saving any of them again (in
 * any case) is refused with the `history` rule.
 */
export const demoPreviousSecrets: readonly string[] = [
  'bluebellwood',
  'harrogatespa',
  'yorkshiremoors',
  'kirkstallabbey',
  'roundhaypark',
];

/**
 * Mary Smith's current account secret, as the demo server knows it. The
 * self check (`paths.selfChallenge`) and the helpdesk agent's check of
 * `mary-smith` (`paths.agentChallenge`) ask for characters of it.
 */
export const demoChallengeSecret = 'kingfisher';

/**
 * The users the demo helpdesk can check, by user id, with their secrets
 * (plain text in memory: a demonstration, never a storage design).
 * Users signed in through `POST /api/dev/session` have no secret until
 * they set one.
 */
export const demoChallengeSecrets: Readonly<Record<string, string>> = {
  [demoUser.id]: demoChallengeSecret,
  'ahmed-khan': 'lighthousekeeper',
};

/**
 * The version of the Acceptable Use Policy in force (the policy the demo
 * shows, `public/policy/acceptable-use-policy.html`; the reference server's
 * default `AUP_VERSION`).
 */
export const demoAupVersion = '2026-11';

/**
 * The pattern a handler matches for one of `paths`: that path on any origin.
 * A bare `/api/...` matches only where relative URLs resolve against a page
 * (`location`), so in plain Node (msw/node in Jest, Vitest or node:test)
 * `http://localhost/api/account-secret` would match nothing.
 */
export const route = (path: string): string => `*${path}`;

/** Default endpoints of the mocks and the demo page; a host sets its own. */
export const paths = {
  secret: '/api/account-secret',
  aupAcceptance: '/api/aup/acceptance',
  selfChallenge: '/api/account-secret/challenge',
  status: '/api/account-secret/status',
  agentChallenge: '/api/helpdesk/users/:userId/account-secret/challenge',
  devSession: '/api/dev/session',
  unlock: '/api/helpdesk/users/:userId/account-secret/unlock',
  resecure: '/api/helpdesk/users/:userId/resecure',
  consumeVerification: '/api/helpdesk/verifications/:verificationId/consume',
  audit: '/api/admin/audit',
} as const;
