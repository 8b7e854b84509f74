/**
 * The shared schemas: the contract's (see contract.ts) and the parameters
 * of the routes only the reference server constrains further than the
 * contract (ids and the audit's query, whose values stay strings: the
 * server does not coerce types).
 */
import type { FastifyInstance } from 'fastify';
import { readContract } from './contract.js';

const USER_ID = { type: 'string', minLength: 1, maxLength: 128 };

const SERVER_SCHEMAS = [
  {
    $id: 'UserIdParams',
    type: 'object',
    required: ['userId'],
    properties: { userId: USER_ID },
  },
  {
    $id: 'VerificationIdParams',
    type: 'object',
    required: ['verificationId'],
    properties: { verificationId: { type: 'string', minLength: 1, maxLength: 128 } },
  },
  {
    $id: 'AuditQuery',
    type: 'object',
    additionalProperties: false,
    properties: {
      userId: USER_ID,
      // 1 to 1000.
      limit: { type: 'string', pattern: '^(?:[1-9][0-9]{0,2}|1000)$' },
      // The cursor a previous page's Link header gave (opaque; digits today).
      before: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' },
    },
  },
];

/** Adds every shared schema to `app` (before the routes that `$ref` them). */
export function addSchemas(app: FastifyInstance): void {
  for (const schema of [...readContract().schemas, ...SERVER_SCHEMAS]) app.addSchema(schema);
}

/** `$ref`s to the server's own schemas. */
export const USER_ID_PARAMS = { $ref: 'UserIdParams#' };
export const VERIFICATION_ID_PARAMS = { $ref: 'VerificationIdParams#' };
export const AUDIT_QUERY = { $ref: 'AuditQuery#' };
