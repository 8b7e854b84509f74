/**
 * The seed's journeys as HTML pages ("HTML first"): development sign-in,
 * the AUP, the secret, its confirmation, "Check your account secret" and,
 * for helpdesk agents, "Check a caller's identity". Plain forms that work
 * with JavaScript off; with it, the bundle's elements enhance the same
 * controls (the markup agreed in the elements' light-DOM mode).
 *
 * Routes stay thin, like the JSON routes: each reads its form, calls the
 * same domain function the JSON route calls (`accountStatus`, `setSecret`,
 * `acceptPolicy`, `getChallenge`, `answerChallenge`) and maps the result to
 * a page: a 303 to the next page (post/redirect/get), or the same page again
 * with 422 (423 when locked) and an error summary.
 *
 * The request rules are the JSON API's, answered in HTML: the app's own hook
 * checks the Origin (and the Host) for these routes too, then leaves them
 * here (`config.html`); this plugin's hook finds the session and counts the
 * same rate limit with the same statement, the CSRF token comes in a form
 * field instead of a header, and the body limit is the app's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import { HISTORY_SIZE } from '../../../src/policy.js';
import { DEFAULT_MAX_LENGTH, DEFAULT_MIN_LENGTH, evaluateSecret, secretLength } from '../../../src/rules/index.js';
import type { RuleId } from '../../../src/rules/index.js';
import { acceptPolicy } from '../aup.js';
import { answerChallenge, getChallenge, readCallerChallenge } from '../challenges.js';
import type { ChallengeServices } from '../challenges.js';
import type { Db } from '../schema.js';
import type { KeyProvider } from '../key-provider.js';
import type { HashParams, SlowHash } from '../secret-crypto.js';
import { countSecretAttempt, setSecret } from '../secrets.js';
import {
  SESSION_COOKIE,
  createSession,
  csrfTokenFor,
  endSession,
  findSessionAndCount,
  sameToken,
  sessionCookieOptions,
} from '../sessions.js';
import type { User } from '../sessions.js';
import { accountStatus } from '../status.js';
import type { AccountStatus } from '../status.js';
import { chooseLanguage, messagesFor } from './messages.js';
import type { Lang, Messages } from './messages.js';

export interface PagesOptions {
  db: Db;
  keys: KeyProvider;
  hashParams: HashParams;
  /** The bounded slow hash the JSON route uses too. */
  hash: SlowHash;
  now: () => Date;
  rateLimit: { max: number; windowMs: number };
  /** Secrets one user may try to set in a window (the JSON route's limit, shared). */
  secretRateLimit: { max: number; windowMs: number };
  secureCookie: boolean;
  aupVersion: string;
  /** Setting a secret needs a sign-in this recent (the JSON route's rule). */
  recentSignInMs: number;
  /** The built bundle (`npm run build`); without it the pages have no script. */
  bundleDir: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A journey page or one of its assets: this plugin applies the request rules (in HTML). */
    html?: 'page' | 'asset';
  }
  interface FastifyRequest {
    journey: Journey | null;
  }
}

/** What a page request knows once its hook has run. */
interface Journey {
  m: Messages;
  user: User | undefined;
  /** The session's CSRF token for the page's forms ('' when signed out). */
  csrf: string;
  csrfHash: string | undefined;
}

type Form = Record<string, string | string[] | undefined>;

interface FieldError {
  /** The id of the field the summary links to. */
  field: string;
  text: string;
  /** Which of the form's fields the message is shown at (when not `field`). */
  key?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's root: the policy and the bundle are the package's own files. */
const root = resolve(here, '../../..');
export const DEFAULT_BUNDLE_DIR = join(root, 'dist');
const BUNDLE = 'account-secret-elements.min.js';
const LANG_COOKIE = 'ase_lang';
const USER_ID_MAX = 128;
const NAME_MAX = 200;

/**
 * The policy the server ships, as the page shows it: the body of
 * `public/policy/acceptable-use-policy.html` (the project's own file,
 * trusted; the element's `src` mode sanitises fetched policies instead).
 */
function policyBody(): string {
  const html = readFileSync(join(root, 'public/policy/acceptable-use-policy.html'), 'utf8');
  const match = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  if (!match) throw new Error('public/policy/acceptable-use-policy.html has no body');
  return match[1].trim();
}

/**
 * A strict policy: scripts and styles from the server's own files only (no
 * inline script, style or handler), and the DOM sinks guarded by Trusted
 * Types, with the two policies the bundle creates (Lit's, DOMPurify's).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html dompurify',
].join('; ');

/** The next step the account needs, in the seed's order. */
export function nextStep(status: AccountStatus): '/aup' | '/account-secret' | '/account' {
  if (status.aup.required) return '/aup';
  if (!status.secret.set || status.secret.mustChange) return '/account-secret';
  return '/account';
}

function field(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

function fields(form: Form, name: string): string[] {
  const value = form[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

function isFormBody(request: FastifyRequest): boolean {
  return (
    (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded'
  );
}

export async function journeyPages(app: FastifyInstance, options: PagesOptions): Promise<void> {
  const { db, now } = options;
  const services: ChallengeServices = { db, keys: options.keys, now };
  const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(here, 'templates')), {
    autoescape: true,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  const policyHtml = policyBody();
  const bundleDir = options.bundleDir;
  const hasBundle = existsSync(join(bundleDir, BUNDLE));
  if (!hasBundle)
    app.log.warn(
      `${join(bundleDir, BUNDLE)} is not built (npm run build): the journey pages are served without script`,
    );

  await app.register(fastifyFormbody, { bodyLimit: app.initialConfig.bodyLimit });
  // reply.sendFile only: the routes below serve the files, with this plugin's rules.
  await app.register(fastifyStatic, { root: join(here, 'static'), serve: false });
  app.decorateRequest('journey', null);

  const staticDir = join(here, 'static');
  app.get<{ Params: { '*': string } }>('/static/*', { config: { html: 'asset' } }, (request, reply) =>
    reply.header('Cache-Control', 'no-cache').sendFile(request.params['*'], staticDir),
  );
  if (hasBundle) {
    app.get<{ Params: { '*': string } }>('/assets/*', { config: { html: 'asset' } }, (request, reply) =>
      reply.header('Cache-Control', 'no-cache').sendFile(request.params['*'], bundleDir),
    );
  }

  const page = { config: { html: 'page' as const } };

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.html !== 'page') return;
    void reply
      .header('Cache-Control', 'no-store')
      .header('Content-Security-Policy', CSP)
      .header('X-Content-Type-Options', 'nosniff');
    // Not no-referrer: with it a browser sends `Origin: null` on a form's POST, and the Origin rule refuses it.
    void reply.header('Referrer-Policy', 'same-origin');
    const query = request.query as Record<string, unknown>;
    const { lang, chosen } = chooseLanguage(
      typeof query.lang === 'string' ? query.lang : undefined,
      request.cookies[LANG_COOKIE],
      request.headers['accept-language'],
    );
    // A chosen language is kept for the browser's session.
    if (chosen)
      void reply.setCookie(LANG_COOKIE, lang, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookie,
      });
    const m = messagesFor(lang);
    const token = request.cookies[SESSION_COOKIE];
    const { max, windowMs } = options.rateLimit;
    const found = token ? await findSessionAndCount(db, token, now(), max, windowMs) : undefined;
    request.journey = {
      m,
      user: found?.user,
      csrf: found && token ? csrfTokenFor(token) : '',
      csrfHash: found?.user.csrfHash,
    };
    if (found?.retryAfter !== undefined) {
      void reply.header('Retry-After', String(found.retryAfter));
      return renderMessage(request, reply, 429, m.page.errorPageTitle, [m.setup.errorRateLimitedIn(found.retryAfter)]);
    }
    if (request.method === 'POST' && !isFormBody(request)) {
      return renderMessage(request, reply, 415, m.page.errorPageTitle, [m.page.errorNotForm]);
    }
  });

  // The CSRF field, on every form a session posts (signing in has no session yet).
  app.addHook('preHandler', async (request, reply) => {
    if (
      request.routeOptions.config.html !== 'page' ||
      request.method !== 'POST' ||
      request.routeOptions.url === '/sign-in'
    )
      return;
    const journey = journeyOf(request);
    if (!journey.user) return reply.redirect('/', 303);
    const given = field((request.body ?? {}) as Form, 'csrf');
    if (!given || journey.csrfHash === undefined || !sameToken(given, journey.csrfHash)) {
      return renderMessage(
        request,
        reply,
        403,
        journey.m.page.errorPageTitle,
        [journey.m.page.errorFormExpired],
        [{ href: '/', text: journey.m.page.startAgain }],
      );
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const m = request.journey?.m ?? messagesFor('en');
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return renderMessage(request, reply, 413, m.page.errorPageTitle, [m.page.errorTooLarge]);
    request.log.error({ err: error }, 'page failed');
    return renderMessage(request, reply, 500, m.page.errorPageTitle, [m.setup.errorServer]);
  });

  function journeyOf(request: FastifyRequest): Journey {
    if (!request.journey) throw new Error('page reached without its hook');
    return request.journey;
  }

  /** The path of the page as a GET shows it (the language link points there). */
  function pathOf(request: FastifyRequest): string {
    const path = request.url.split('?')[0];
    return path === '/sign-in' || path === '/sign-out' ? '/' : path;
  }

  function render(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    template: string,
    context: Record<string, unknown>,
  ): FastifyReply {
    const journey = request.journey ?? { m: messagesFor('en'), user: undefined, csrf: '', csrfHash: undefined };
    const lang: Lang = journey.m.lang;
    const html = templates.render(template, {
      m: journey.m,
      otherLang: lang === 'cy' ? 'en' : 'cy',
      path: pathOf(request),
      user: journey.user ?? null,
      csrf: journey.csrf,
      bundle: hasBundle ? `/assets/${BUNDLE}` : '',
      errors: [],
      fieldErrors: {},
      form: {},
      links: [],
      ...context,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(html);
  }

  function renderMessage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    title: string,
    paragraphs: string[],
    links: Array<{ href: string; text: string }> = [],
  ): FastifyReply {
    return render(request, reply, status, 'message.njk', { title, paragraphs, links, panel: false, button: null });
  }

  /** The signed-in user, or a 303 to the sign-in page. */
  function signedIn(request: FastifyRequest, reply: FastifyReply): User | undefined {
    const user = journeyOf(request).user;
    if (!user) void reply.redirect('/', 303);
    return user;
  }

  const statusOf = (user: User) => accountStatus(db, user.userId, options.aupVersion);

  // ---- Sign in (development) ------------------------------------------------

  function renderSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    form: Form,
    errors: FieldError[],
    notice = '',
  ): FastifyReply {
    const fieldErrors = Object.fromEntries(errors.map((e) => [e.key ?? e.field, e.text]));
    return render(request, reply, status, 'sign-in.njk', {
      title: journeyOf(request).m.page.signInTitle,
      notice,
      form: {
        userId: field(form, 'userId'),
        givenName: field(form, 'givenName'),
        familyName: field(form, 'familyName'),
        organisation: field(form, 'organisation'),
        agent: field(form, 'agent') === 'yes',
      },
      errors,
      fieldErrors,
    });
  }

  app.get('/', page, async (request, reply) => {
    const user = journeyOf(request).user;
    if (!user) return renderSignIn(request, reply, 200, {}, []);
    return reply.redirect(nextStep(await statusOf(user)), 303);
  });

  app.post<{ Body: Form }>('/sign-in', page, async (request, reply) => {
    const m = journeyOf(request).m.page;
    const form = request.body ?? {};
    const userId = field(form, 'userId').trim();
    const errors: FieldError[] = [];
    if (userId === '') errors.push({ key: 'userId', field: 'user-id', text: m.errorUserIdEmpty });
    else if (userId.length > USER_ID_MAX) errors.push({ key: 'userId', field: 'user-id', text: m.errorUserIdLong });
    for (const [key, id] of [
      ['givenName', 'given-name'],
      ['familyName', 'family-name'],
      ['organisation', 'organisation'],
    ] as const) {
      if (field(form, key).length > NAME_MAX) errors.push({ key, field: id, text: m.errorNameLong });
    }
    if (errors.length > 0) return renderSignIn(request, reply, 422, form, errors);
    const optional = (name: string) => field(form, name).trim() || undefined;
    const at = now();
    // The same session as POST /api/dev/session makes: roles, names, a sign-in now.
    const { token } = await createSession(
      db,
      {
        userId,
        givenName: optional('givenName'),
        familyName: optional('familyName'),
        organisation: optional('organisation'),
        roles: field(form, 'agent') === 'yes' ? ['user', 'agent'] : ['user'],
        authTime: at,
      },
      at,
    );
    return reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(options.secureCookie)).redirect('/', 303);
  });

  app.post('/sign-out', page, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(db, token);
    return reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' }).redirect('/', 303);
  });

  // ---- The Acceptable Use Policy -------------------------------------------

  app.get('/aup', page, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    return render(request, reply, 200, 'aup.njk', {
      title: journeyOf(request).m.page.aupTitle,
      version: options.aupVersion,
      policyHtml,
    });
  });

  app.post<{ Body: Form }>('/aup', page, async (request, reply) => {
    const user = signedIn(request, reply);
    if (!user) return reply;
    // The button carries the version the person read; a policy changed meanwhile is shown again.
    if (field(request.body ?? {}, 'version') !== options.aupVersion) return reply.redirect('/aup', 303);
    await acceptPolicy(db, user.userId, options.aupVersion, now());
    return reply.redirect('/', 303);
  });

  // ---- The secret ----------------------------------------------------------

  function ruleText(m: Messages, id: RuleId): string {
    switch (id) {
      case 'letters':
        return m.setup.ruleLetters;
      case 'not-name':
        return m.setup.ruleNotName;
      case 'length':
        return m.setup.ruleLength(DEFAULT_MIN_LENGTH);
      case 'history':
        return m.setup.ruleHistory(HISTORY_SIZE);
      case 'match':
        return m.setup.ruleMatch;
    }
  }

  function ruleError(m: Messages, id: RuleId, secret: string): string {
    switch (id) {
      case 'letters':
        return m.setup.errorLetters;
      case 'not-name':
        return m.setup.errorNotName;
      case 'length':
        return secretLength(secret) > DEFAULT_MAX_LENGTH
          ? m.setup.errorTooLong(DEFAULT_MAX_LENGTH)
          : m.setup.errorTooShort(DEFAULT_MIN_LENGTH);
      case 'history':
        return m.setup.errorHistory(HISTORY_SIZE);
      case 'match':
        return m.setup.errorMatch;
    }
  }

  async function renderSecret(
    request: FastifyRequest,
    reply: FastifyReply,
    user: User,
    status: number,
    errors: FieldError[],
  ) {
    const m = journeyOf(request).m;
    const account = await statusOf(user);
    const reason = account.secret.reason;
    return render(request, reply, status, 'secret.njk', {
      title: account.secret.set || reason ? m.page.secretTitleNew : m.page.secretTitle,
      reasonText: reason === 'resecured' ? m.page.secretResecured : reason === 'exposed' ? m.page.secretExposed : '',
      names: {
        givenName: user.givenName ?? '',
        familyName: user.familyName ?? '',
        organisation: user.organisation ?? '',
      },
      minLength: DEFAULT_MIN_LENGTH,
      maxLength: DEFAULT_MAX_LENGTH,
      rules: (['letters', 'not-name', 'length', 'history', 'match'] as const).map((id) => ({
        id,
        text: ruleText(m, id),
      })),
      errors,
      // Only messages: a secret field is never rendered back with its value.
      fieldErrors: Object.fromEntries(errors.map((e) => [e.key ?? e.field, e.text])),
    });
  }

  function renderSignInAgain(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const m = journeyOf(request).m.page;
    return render(request, reply, 401, 'message.njk', {
      title: m.signInAgainTitle,
      paragraphs: [m.signInAgain],
      panel: false,
      button: { action: '/sign-out', text: m.signOut },
    });
  }

  app.get('/account-secret', page, async (request, reply) => {
    const user = signedIn(request, reply);
    if (!user) return reply;
    if ((await statusOf(user)).aup.required) return reply.redirect('/aup', 303);
    if (now().getTime() - user.authTime.getTime() > options.recentSignInMs) return renderSignInAgain(request, reply);
    return renderSecret(request, reply, user, 200, []);
  });

  app.post<{ Body: Form }>('/account-secret', page, async (request, reply) => {
    const user = signedIn(request, reply);
    if (!user) return reply;
    if (now().getTime() - user.authTime.getTime() > options.recentSignInMs) return renderSignInAgain(request, reply);
    const m = journeyOf(request).m;
    const form = request.body ?? {};
    const secret = field(form, 'secret');
    const confirm = field(form, 'confirm');
    const errors: FieldError[] = [];
    const secretError = (text: string) => errors.push({ key: 'secret', field: 'secret', text });
    const confirmError = (text: string) => errors.push({ key: 'confirm', field: 'secret-confirm', text });
    if (secret === '') {
      secretError(m.setup.errorEmpty);
      if (confirm !== '') confirmError(m.setup.errorMatch);
      return renderSecret(request, reply, user, 422, errors);
    }
    if (confirm !== secret) {
      // Nothing is saved; the rules are still reported, as the element does before any request.
      const unmet = evaluateSecret(secret, {
        givenName: user.givenName,
        familyName: user.familyName,
        organisation: user.organisation,
      })
        .filter((rule) => rule.state === 'unmet')
        .map((rule) => rule.id);
      if (unmet.length > 0) secretError(ruleError(m, unmet[0], secret));
      confirmError(confirm === '' ? m.setup.errorConfirmEmpty : m.setup.errorMatch);
      return renderSecret(request, reply, user, 422, errors);
    }
    // The JSON route's domain function: the same rules with the user's names, then the history.
    const wait = await countSecretAttempt(db, user.userId, now(), options.secretRateLimit);
    if (wait !== undefined)
      return renderMessage(request, reply, 429, m.page.errorPageTitle, [m.setup.errorRateLimitedIn(wait)]);
    const result = await setSecret(
      { db, keys: options.keys, hashParams: options.hashParams, hash: options.hash, now },
      user,
      secret,
    );
    if (result.ok) return reply.redirect('/account-secret/saved', 303);
    // One message for the field (the first unmet rule in display order), as GOV.UK shows one per field.
    secretError(ruleError(m, result.rules[0], secret));
    return renderSecret(request, reply, user, 422, errors);
  });

  app.get('/account-secret/saved', page, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const m = journeyOf(request).m;
    return render(request, reply, 200, 'message.njk', {
      title: m.setup.successTitle,
      paragraphs: [m.setup.successBody],
      panel: true,
      links: [{ href: '/', text: m.page.continue }],
      button: null,
    });
  });

  // ---- The account's home --------------------------------------------------

  /** The user, when the account has done every earlier step; else a 303 to the step it needs. */
  async function readyUser(request: FastifyRequest, reply: FastifyReply): Promise<User | undefined> {
    const user = signedIn(request, reply);
    if (!user) return undefined;
    const next = nextStep(await statusOf(user));
    if (next !== '/account') {
      void reply.redirect(next, 303);
      return undefined;
    }
    return user;
  }

  const isAgent = (user: User) => user.roles.includes('agent');

  app.get('/account', page, async (request, reply) => {
    const user = await readyUser(request, reply);
    if (!user) return reply;
    const m = journeyOf(request).m.page;
    const links = [{ href: '/check', text: m.checkOwnLink }];
    if (isAgent(user)) links.push({ href: '/helpdesk', text: m.checkCallerLink });
    links.push({ href: '/account-secret', text: m.changeSecretLink });
    return render(request, reply, 200, 'message.njk', {
      title: m.accountTitle,
      paragraphs: [m.accountIntro],
      links,
      panel: false,
      button: null,
    });
  });

  // ---- Checks: the user's own, and an agent's check of a caller -------------

  interface CheckSubject {
    /** The account checked. */
    userId: string;
    /** Set for an agent's check: the caller's user id. */
    callerId?: string;
    /** Who is checking: the user themselves, or the agent. */
    actorId: string;
    action: string;
    verifiedPath: string;
  }

  function ordinalLabels(m: Messages, positions: number[]) {
    return positions.map((n) => ({ label: m.challenge.charLabel(n), invalid: false }));
  }

  async function renderChallenge(
    request: FastifyRequest,
    reply: FastifyReply,
    subject: CheckSubject,
    status: number,
    errors: FieldError[] = [],
    invalidBoxes: number[] = [],
  ): Promise<FastifyReply> {
    const m = journeyOf(request).m;
    const agent = subject.callerId !== undefined;
    const title = agent ? m.page.helpdeskTitle : m.page.checkTitle;
    const links = agent
      ? [{ href: '/helpdesk', text: m.page.checkAnotherCaller }]
      : [{ href: '/account', text: m.page.backToAccount }];
    const challenge =
      subject.callerId === undefined
        ? await getChallenge(services, subject.userId)
        : await readCallerChallenge(services, subject.actorId, subject.userId);
    switch (challenge.kind) {
      case 'not-found':
      case 'resecured':
        if (!agent) return reply.redirect('/', 303);
        return renderHelpdesk(request, reply, 422, subject.callerId ?? '', [
          { field: 'caller-id', text: m.page.errorNoSuchCaller },
        ]);
      case 'locked': {
        const text = challenge.lockedUntil
          ? (agent ? m.challenge.lockedAgent : m.challenge.lockedSelf)(m.time(challenge.lockedUntil))
          : agent
            ? m.challenge.lockedAdminAgent
            : m.challenge.lockedAdminSelf;
        return render(request, reply, 423, 'challenge.njk', {
          title,
          callerId: subject.callerId ?? '',
          lockedText: text,
          agent,
          links,
          errors: [],
        });
      }
      case 'ok': {
        const boxes = ordinalLabels(m, challenge.positions);
        for (const index of invalidBoxes) boxes[index].invalid = true;
        const attempts = agent ? m.challenge.attemptsAgent : m.challenge.attemptsSelf;
        return render(request, reply, status, 'challenge.njk', {
          title,
          callerId: subject.callerId ?? '',
          lockedText: '',
          agent,
          action: subject.action,
          challengeId: challenge.challengeId,
          positions: challenge.positions,
          boxes,
          attemptsText: challenge.attemptsRemaining < 5 ? attempts(challenge.attemptsRemaining) : '',
          errors,
          fieldErrors: errors.length > 0 ? { answers: errors[0].text } : {},
          links,
        });
      }
    }
  }

  async function answer(
    request: FastifyRequest<{ Body: Form }>,
    reply: FastifyReply,
    actor: User,
    subject: CheckSubject,
  ): Promise<FastifyReply> {
    const m = journeyOf(request).m;
    const form = request.body ?? {};
    const challengeId = field(form, 'challengeId');
    const answers = fields(form, 'answers').map((a) => a.trim());
    const current = await getChallenge(services, subject.userId);
    if (current.kind !== 'ok') return renderChallenge(request, reply, subject, 422);
    const positions = current.positions;
    // Checked before anything is counted, as the element checks before it sends.
    const errors: FieldError[] = [];
    const invalid: number[] = [];
    positions.forEach((position, index) => {
      const given = answers[index] ?? '';
      if (given === '') errors.push({ field: `answer-${index + 1}`, text: m.challenge.errorMissing(position) });
      else if ([...given.normalize('NFC')].length !== 1 || !/^\p{L}$/u.test(given.normalize('NFC'))) {
        errors.push({ field: `answer-${index + 1}`, text: m.challenge.errorNotLetter(position) });
      } else return;
      invalid.push(index);
    });
    if (errors.length > 0) return renderChallenge(request, reply, subject, 422, errors, invalid);
    const result = await answerChallenge(
      services,
      actor.userId,
      subject.userId,
      challengeId,
      answers.slice(0, positions.length),
    );
    const agent = subject.callerId !== undefined;
    switch (result.kind) {
      case 'verified':
        return reply.redirect(subject.verifiedPath, 303);
      case 'failed':
        return renderChallenge(request, reply, subject, 422, [
          {
            field: 'answer-1',
            text: (agent ? m.challenge.failedAgent : m.challenge.failedSelf)(result.attemptsRemaining),
          },
        ]);
      case 'expired':
        return renderChallenge(request, reply, subject, 422, [{ field: 'answer-1', text: m.challenge.expired }]);
      case 'bad-answers':
        return renderChallenge(request, reply, subject, 422, [
          { field: 'answer-1', text: m.challenge.errorMissingGroup },
        ]);
      case 'locked':
      case 'not-found':
      case 'resecured':
        return renderChallenge(request, reply, subject, 422);
    }
  }

  const selfSubject = (user: User): CheckSubject => ({
    userId: user.userId,
    actorId: user.userId,
    action: '/check',
    verifiedPath: '/check/verified',
  });

  app.get('/check', page, async (request, reply) => {
    const user = await readyUser(request, reply);
    if (!user) return reply;
    return renderChallenge(request, reply, selfSubject(user), 200);
  });

  app.post<{ Body: Form }>('/check', page, async (request, reply) => {
    const user = await readyUser(request, reply);
    if (!user) return reply;
    return answer(request, reply, user, selfSubject(user));
  });

  function renderVerified(request: FastifyRequest, reply: FastifyReply, agent: boolean): FastifyReply {
    const m = journeyOf(request).m;
    return render(request, reply, 200, 'message.njk', {
      title: agent ? m.challenge.verifiedTitleAgent : m.challenge.verifiedTitleSelf,
      paragraphs: [agent ? m.challenge.verifiedBodyAgent : m.challenge.verifiedBodySelf],
      panel: true,
      links: agent
        ? [{ href: '/helpdesk', text: m.page.checkAnotherCaller }]
        : [{ href: '/account', text: m.page.backToAccount }],
      button: null,
    });
  }

  // This page only says so; what proves a check to a server is the verification, consumed by the host's action.
  app.get('/check/verified', page, async (request, reply) => {
    if (!(await readyUser(request, reply))) return reply;
    return renderVerified(request, reply, false);
  });

  /** The agent, or a 403 page for anyone else. */
  async function agentUser(request: FastifyRequest, reply: FastifyReply): Promise<User | undefined> {
    const user = await readyUser(request, reply);
    if (!user) return undefined;
    if (isAgent(user)) return user;
    const m = journeyOf(request).m.page;
    void renderMessage(
      request,
      reply,
      403,
      m.errorPageTitle,
      [m.notAgent],
      [{ href: '/account', text: m.backToAccount }],
    );
    return undefined;
  }

  function renderHelpdesk(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    userId: string,
    errors: FieldError[],
  ): FastifyReply {
    return render(request, reply, status, 'helpdesk.njk', {
      title: journeyOf(request).m.page.helpdeskTitle,
      form: { userId },
      errors,
      fieldErrors: errors.length > 0 ? { userId: errors[0].text } : {},
    });
  }

  app.get('/helpdesk', page, async (request, reply) => {
    if (!(await agentUser(request, reply))) return reply;
    return renderHelpdesk(request, reply, 200, '', []);
  });

  app.post<{ Body: Form }>('/helpdesk', page, async (request, reply) => {
    const agent = await agentUser(request, reply);
    if (!agent) return reply;
    const m = journeyOf(request).m.page;
    const userId = field(request.body ?? {}, 'userId').trim();
    const refuse = (text: string) => renderHelpdesk(request, reply, 422, userId, [{ field: 'caller-id', text }]);
    if (userId === '') return refuse(m.errorCallerIdEmpty);
    if (userId.length > USER_ID_MAX) return refuse(m.errorCallerIdLong);
    if (userId === agent.userId) return refuse(m.errorOwnAccount);
    // A plain read: whether there is a secret to check (nothing drawn or recorded yet).
    const caller = await accountStatus(db, userId, options.aupVersion);
    if (!caller.secret.set) return refuse(m.errorNoSuchCaller);
    return reply.redirect(`/helpdesk/users/${encodeURIComponent(userId)}/check`, 303);
  });

  const callerSubject = (callerId: string, agentId: string): CheckSubject => {
    const base = `/helpdesk/users/${encodeURIComponent(callerId)}`;
    return { userId: callerId, callerId, actorId: agentId, action: `${base}/check`, verifiedPath: `${base}/verified` };
  };

  const callerParams = {
    type: 'object',
    required: ['userId'],
    properties: { userId: { type: 'string', minLength: 1, maxLength: USER_ID_MAX } },
  };

  app.get<{ Params: { userId: string } }>(
    '/helpdesk/users/:userId/check',
    { ...page, schema: { params: callerParams } },
    async (request, reply) => {
      const agent = await agentUser(request, reply);
      if (!agent) return reply;
      if (request.params.userId === agent.userId) return reply.redirect('/helpdesk', 303);
      return renderChallenge(request, reply, callerSubject(request.params.userId, agent.userId), 200);
    },
  );

  app.post<{ Params: { userId: string }; Body: Form }>(
    '/helpdesk/users/:userId/check',
    { ...page, schema: { params: callerParams } },
    async (request, reply) => {
      const agent = await agentUser(request, reply);
      if (!agent) return reply;
      if (request.params.userId === agent.userId) return reply.redirect('/helpdesk', 303);
      return answer(request, reply, agent, callerSubject(request.params.userId, agent.userId));
    },
  );

  app.get<{ Params: { userId: string } }>(
    '/helpdesk/users/:userId/verified',
    { ...page, schema: { params: callerParams } },
    async (request, reply) => {
      if (!(await agentUser(request, reply))) return reply;
      return renderVerified(request, reply, true);
    },
  );
}
