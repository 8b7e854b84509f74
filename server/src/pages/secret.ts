/** Setting the secret (`<secret-setup>` over the page's own fields), and its confirmation. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HISTORY_SIZE } from '../../../src/policy.js';
import { DEFAULT_MAX_LENGTH, DEFAULT_MIN_LENGTH, evaluateSecret, secretLength } from '../../../src/rules/index.js';
import type { RuleId } from '../../../src/rules/index.js';
import { countSecretAttempt, setSecret } from '../secrets.js';
import type { User } from '../sessions.js';
import { field, page } from './kit.js';
import type { FieldError, Form, Kit } from './kit.js';
import type { Messages } from './messages.js';

export function secretPages(app: FastifyInstance, kit: Kit): void {
  const { options, journeyOf, render, renderMessage, signedIn, statusOf } = kit;
  const { db, now } = options;

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
    const result = await setSecret(options, user, secret);
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
}
