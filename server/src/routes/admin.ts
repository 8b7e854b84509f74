/** The audit trail, for admins. */
import type { FastifyPluginCallback } from 'fastify';
import { readAudit } from '../audit.js';
import { readContract } from '../http/contract.js';
import { userOf } from '../http/request-rules.js';
import { AUDIT_QUERY } from '../http/schemas.js';
import { problem } from '../problem.js';
import type { ApiServices } from './services.js';

export const adminRoutes: FastifyPluginCallback<ApiServices> = (app, { db }, done) => {
  app.get<{ Querystring: { userId?: string; limit?: string; before?: string } }>(
    '/api/admin/audit',
    { schema: { ...readContract().route('listAudit'), querystring: AUDIT_QUERY } },
    async (request, reply) => {
      if (!userOf(request).roles.includes('admin'))
        return problem(reply, 403, 'Only an administrator may read the audit trail.');
      const { userId, limit, before } = request.query;
      const page = await readAudit(db, { userId, limit: limit === undefined ? undefined : Number(limit), before });
      if (page.next !== undefined) {
        // RFC 8288: the next (older) page, same filter and size.
        const next = new URLSearchParams({
          ...(userId === undefined ? {} : { userId }),
          ...(limit === undefined ? {} : { limit }),
          before: page.next,
        });
        void reply.header('Link', `</api/admin/audit?${next.toString()}>; rel="next"`);
      }
      return page.records;
    },
  );
  done();
};
