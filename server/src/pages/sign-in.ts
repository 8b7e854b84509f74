/** Development sign-in and sign-out, and the account's home page. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, createSession, endSession, sessionCookieOptions } from '../sessions.js';
import { USER_ID_MAX, field, page } from './kit.js';
import type { FieldError, Form, Kit } from './kit.js';

const NAME_MAX = 200;

export function signInPages(app: FastifyInstance, kit: Kit): void {
  const { options, journeyOf, render, statusOf, readyUser, isAgent, nextStep } = kit;
  const { db, now } = options;

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
}
