/** Bodies of the routes only the reference server has (see openapi.ts). */
import type { JsonSchema } from './openapi.js';

export const devSessionBody: JsonSchema = {
  type: 'object',
  required: ['userId'],
  additionalProperties: false,
  properties: {
    userId: { type: 'string', minLength: 1, maxLength: 128 },
    givenName: { type: 'string', maxLength: 200 },
    familyName: { type: 'string', maxLength: 200 },
    organisation: { type: 'string', maxLength: 200 },
    roles: { type: 'array', maxItems: 3, uniqueItems: true, items: { enum: ['user', 'agent', 'admin'] } },
    signedInSecondsAgo: { type: 'integer', minimum: 0, maximum: 31536000 },
  },
};

export const userIdParams: JsonSchema = {
  type: 'object',
  required: ['userId'],
  properties: { userId: { type: 'string', minLength: 1, maxLength: 128 } },
};

export const verificationParams: JsonSchema = {
  type: 'object',
  required: ['verificationId'],
  properties: { verificationId: { type: 'string', minLength: 1, maxLength: 128 } },
};

export const auditQuery: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    userId: { type: 'string', minLength: 1, maxLength: 128 },
    // Query values are strings (the server does not coerce types): 1 to 1000.
    limit: { type: 'string', pattern: '^(?:[1-9][0-9]{0,2}|1000)$' },
    // The cursor a previous page's Link header gave (opaque; digits today).
    before: { type: 'string', pattern: '^[1-9][0-9]{0,14}$' },
  },
};
