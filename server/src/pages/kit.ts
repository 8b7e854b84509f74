/**
 * What every journey page shares: the plugin's options, what a request
 * knows once the pages' hook has run (`Journey`), rendering, and the
 * guards that send a person to the step they are due (sign-in, the AUP,
 * the secret) before a page they may not see yet.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import type { ChallengeServices } from '../challenges.js';
import type { SecretServices } from '../secrets.js';
import type { User } from '../sessions.js';
import { accountStatus } from '../status.js';
import type { AccountStatus } from '../status.js';
import { messagesFor } from './messages.js';
import type { Lang, Messages } from './messages.js';

export interface PagesOptions extends ChallengeServices, SecretServices {
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
    /** A journey page or one of its assets: the pages' plugin applies the request rules (in HTML). */
    html?: 'page' | 'asset';
  }
  interface FastifyRequest {
    journey: Journey | null;
  }
}

/** What a page request knows once its hook has run. */
export interface Journey {
  m: Messages;
  user: User | undefined;
  /** The session's CSRF token for the page's forms ('' when signed out). */
  csrf: string;
  csrfHash: string | undefined;
}

export type Form = Record<string, string | string[] | undefined>;

export interface FieldError {
  /** The id of the field the summary links to. */
  field: string;
  text: string;
  /** Which of the form's fields the message is shown at (when not `field`). */
  key?: string;
}

export const here = dirname(fileURLToPath(import.meta.url));
/** The repository's root: the policy and the bundle are the package's own files. */
export const root = resolve(here, '../../..');
export const DEFAULT_BUNDLE_DIR = join(root, 'dist');
export const BUNDLE = 'account-secret-elements.min.js';
export const USER_ID_MAX = 128;
/** Route options of a page: the pages' plugin applies the request rules to it. */
export const page = { config: { html: 'page' as const } };

export function field(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

export function fields(form: Form, name: string): string[] {
  const value = form[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** The next step the account needs, in the seed's order. */
function nextStep(status: AccountStatus): '/aup' | '/account-secret' | '/account' {
  if (status.aup.required) return '/aup';
  if (!status.secret.set || status.secret.mustChange) return '/account-secret';
  return '/account';
}

export type Kit = ReturnType<typeof pageKit>;

/** The shared rendering and guards, for the options given to the pages' plugin. */
export function pageKit(options: PagesOptions, hasBundle: boolean) {
  const templates = new nunjucks.Environment(new nunjucks.FileSystemLoader(join(here, 'templates')), {
    autoescape: true,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
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

  const statusOf = (user: User) => accountStatus(options.db, user.userId, options.aupVersion);

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

  return {
    options,
    journeyOf,
    render,
    renderMessage,
    signedIn,
    statusOf,
    readyUser,
    isAgent,
    agentUser,
    nextStep,
  };
}
