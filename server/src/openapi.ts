/**
 * Request-body schemas, read from the contract (`api/openapi.yaml`) so the
 * server validates exactly what the contract says. Routes that only this
 * server has (development sign-in, admin and helpdesk actions) use the
 * schemas in `server-schemas.ts` until the contract describes them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export type JsonSchema = Record<string, unknown>;

const contractPath = fileURLToPath(new URL('../../api/openapi.yaml', import.meta.url));

let contract: JsonSchema | undefined;

function load(): JsonSchema {
  contract ??= parse(readFileSync(contractPath, 'utf8')) as JsonSchema;
  return contract;
}

function pointer(root: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], root);
}

/** A copy of `node` with every local `$ref` replaced by what it points at. */
function inline(root: JsonSchema, node: unknown, depth = 0): unknown {
  if (depth > 32) throw new Error('reference cycle in the contract');
  if (Array.isArray(node)) return node.map((item) => inline(root, item, depth + 1));
  if (node === null || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  if (typeof object.$ref === 'string') return inline(root, pointer(root, object.$ref), depth + 1);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) copy[key] = inline(root, value, depth + 1);
  return copy;
}

/** The JSON Schema keywords a request body uses; documentation and anything unknown is dropped. */
const KEYWORDS = new Set([
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
  'minimum',
  'maximum',
  'enum',
  'const',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

/**
 * Keeps only validation keywords. (A YAML flow mapping such as
 * `{ type: string, description: a, b }` turns the text after a comma into a
 * stray key; a strict validator would refuse it.)
 */
function validationOnly(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (!KEYWORDS.has(key)) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      result[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, s]) => [name, validationOnly(s)]),
      );
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      result[key] = (value as unknown[]).map(validationOnly);
    } else if (key === 'items' || key === 'not' || (key === 'additionalProperties' && typeof value === 'object')) {
      result[key] = validationOnly(value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/**
 * The JSON request-body schema of `method path` in the contract, or
 * undefined when the contract does not describe that operation.
 */
export function contractRequestSchema(method: string, path: string): JsonSchema | undefined {
  const root = load();
  const paths = root.paths as Record<string, Record<string, unknown>> | undefined;
  const operation = paths?.[path]?.[method.toLowerCase()] as Record<string, unknown> | undefined;
  if (!operation?.requestBody) return undefined;
  const body = inline(root, operation.requestBody) as { content?: Record<string, { schema?: JsonSchema }> };
  const schema = body.content?.['application/json']?.schema;
  return schema ? (validationOnly(schema) as JsonSchema) : undefined;
}
