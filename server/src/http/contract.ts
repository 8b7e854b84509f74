/**
 * The contract (`api/openapi.yaml`) as Fastify schemas. Every schema the
 * contract names, and every request and response body of its operations,
 * becomes one shared schema (`app.addSchema`) with an `$id`; a route then
 * names its operation and gets `$ref`s to them. So requests are validated
 * and responses serialised by exactly what the contract says: a response
 * property the contract does not list is never sent (fast-json-stringify
 * writes only the properties a schema lists).
 *
 * Ids: a component keeps its name (`Problem`, `Challenge`, `ChallengeAnswer`);
 * an operation's bodies are `<operationId>.request` and
 * `<operationId>.<status>`. The contract's `#/components/schemas/X` become
 * `X#`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

type JsonSchema = Record<string, unknown>;

const contractPath = fileURLToPath(new URL('../../../api/openapi.yaml', import.meta.url));

/** The JSON Schema keywords the contract's bodies use; documentation and anything unknown is dropped. */
const KEYWORDS = new Set([
  '$ref',
  'type',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'enum',
  'const',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

const COMPONENT_SCHEMA = '#/components/schemas/';

/**
 * Keeps only validation keywords and points the contract's component
 * references at the shared schemas. (A YAML flow mapping such as
 * `{ type: string, description: a, b }` turns the text after a comma into a
 * stray key; a strict validator would refuse it.)
 */
function toFastify(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (!KEYWORDS.has(key)) continue;
    if (key === '$ref') {
      if (typeof value !== 'string' || !value.startsWith(COMPONENT_SCHEMA))
        throw new Error(`the contract references ${String(value)}: only ${COMPONENT_SCHEMA}* can be shared`);
      result.$ref = `${value.slice(COMPONENT_SCHEMA.length)}#`;
    } else if (key === 'properties') {
      result[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, s]) => [name, toFastify(s)]));
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      result[key] = (value as unknown[]).map(toFastify);
    } else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) {
      result[key] = toFastify(value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

interface Body {
  $ref?: string;
  required?: boolean;
  content?: Record<string, { schema?: JsonSchema }>;
}

interface Operation {
  operationId: string;
  requestBody?: Body;
  responses: Record<string, Body>;
}

/** What a route declares: `$ref`s to the shared schemas of its operation. */
interface RouteSchema {
  body?: JsonSchema;
  response: Record<string, JsonSchema>;
}

export interface Contract {
  /** Every shared schema, each with its `$id`, for `app.addSchema`. */
  schemas: JsonSchema[];
  /** The route schema of the operation `operationId`. */
  route(operationId: string): RouteSchema;
}

const MEDIA_TYPES = ['application/json', 'application/problem+json'] as const;

function loadContract(): Contract {
  const root = parse(readFileSync(contractPath, 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
    components: Record<'schemas' | 'requestBodies' | 'responses', Record<string, unknown>>;
  };
  const schemas = new Map<string, JsonSchema>();
  const share = (id: string, schema: unknown): JsonSchema => {
    if (schemas.has(id)) throw new Error(`two contract schemas would be ${id}`);
    schemas.set(id, { $id: id, ...(toFastify(schema) as JsonSchema) });
    return { $ref: `${id}#` };
  };
  for (const [name, schema] of Object.entries(root.components.schemas)) share(name, schema);

  /**
   * A body's schema as a `$ref`: a plain reference to a component schema
   * stays one; anything else is shared under `id` (a component response or
   * request body under its own name, so operations share it).
   */
  const refTo = (body: Body, id: string, mediaType: string): JsonSchema | undefined => {
    let resolved = body;
    let sharedAs = id;
    if (body.$ref !== undefined) {
      const [, , kind, name] = body.$ref.split('/');
      resolved = root.components[kind as 'responses' | 'requestBodies'][name] as Body;
      sharedAs = name;
    }
    const schema = resolved.content?.[mediaType]?.schema;
    if (schema === undefined) return undefined;
    if (typeof schema.$ref === 'string' && Object.keys(schema).length === 1) return toFastify(schema) as JsonSchema;
    if (schemas.has(sharedAs)) return { $ref: `${sharedAs}#` };
    return share(sharedAs, schema);
  };

  const routes = new Map<string, RouteSchema>();
  for (const methods of Object.values(root.paths)) {
    for (const value of Object.values(methods)) {
      if (value === null || typeof value !== 'object' || !('operationId' in value)) continue;
      const operation = value as Operation;
      const route: RouteSchema = { response: {} };
      if (operation.requestBody) {
        const body = refTo(operation.requestBody, `${operation.operationId}.request`, 'application/json');
        const required =
          (operation.requestBody.$ref === undefined
            ? operation.requestBody
            : (root.components.requestBodies[operation.requestBody.$ref.split('/')[3]] as Body)
          ).required === true;
        // An optional body may be left out: Fastify validates `null` then.
        if (body) route.body = required ? body : { anyOf: [{ type: 'null' }, body] };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const mediaType of MEDIA_TYPES) {
          const schema = refTo(response, `${operation.operationId}.${status}`, mediaType);
          if (!schema) continue;
          // Problems are chosen by their media type, so the reply must set it before sending.
          route.response[status.toLowerCase()] =
            mediaType === 'application/json' ? schema : { content: { [mediaType]: { schema } } };
        }
      }
      routes.set(operation.operationId, route);
    }
  }
  return {
    schemas: [...schemas.values()],
    route(operationId) {
      const route = routes.get(operationId);
      if (!route) throw new Error(`the contract has no operation ${operationId}`);
      return route;
    },
  };
}

let contract: Contract | undefined;

/** The contract, read once per process. */
export function readContract(): Contract {
  contract ??= loadContract();
  return contract;
}
