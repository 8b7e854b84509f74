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
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, csrfTokenFor, findSessionAndCount, sameToken } from '../sessions.js';
import { aupPages } from './aup.js';
import { checkFlow, checkPages } from './check.js';
import { helpdeskPages } from './helpdesk.js';
import { BUNDLE, field, here, pageKit } from './kit.js';
import type { Form, PagesOptions } from './kit.js';
import { chooseLanguage, messagesFor } from './messages.js';
import { secretPages } from './secret.js';
import { signInPages } from './sign-in.js';

export { DEFAULT_BUNDLE_DIR } from './kit.js';

const LANG_COOKIE = 'ase_lang';

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

function isFormBody(request: FastifyRequest): boolean {
  return (
    (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded'
  );
}

export async function journeyPages(app: FastifyInstance, options: PagesOptions): Promise<void> {
  const { db, now } = options;
  const bundleDir = options.bundleDir;
  const hasBundle = existsSync(join(bundleDir, BUNDLE));
  if (!hasBundle)
    app.log.warn(
      `${join(bundleDir, BUNDLE)} is not built (npm run build): the journey pages are served without script`,
    );
  const kit = pageKit(options, hasBundle);
  const { journeyOf, renderMessage } = kit;

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

  signInPages(app, kit);
  aupPages(app, kit);
  secretPages(app, kit);
  const flow = checkFlow(kit);
  checkPages(app, kit, flow);
  helpdeskPages(app, kit, flow);
}
