/** The Acceptable Use Policy the server ships, to read and accept. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { acceptPolicy } from '../aup.js';
import { field, page, root } from './kit.js';
import type { Form, Kit } from './kit.js';

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

export function aupPages(app: FastifyInstance, kit: Kit): void {
  const { options, journeyOf, render, signedIn } = kit;
  const { db, now } = options;
  const policyHtml = policyBody();

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
}
