import 'server-only';
import { PROBLEM_KINDS, problemType, type ProblemKind } from '../../domain/problem';
import { z } from '../../zod';
import type { Operation } from './operation';
import { problemSchema } from './schemas';

// The OpenAPI 3.1 description of the REST API, generated from the operations themselves
// (lib/server/api/operation.ts): their paths, scopes, and the zod schemas their handlers parse
// with and answer in (zod 4's own JSON Schema output, draft 2020-12 as OpenAPI 3.1 uses), never
// written by hand. Schemas with an id (`.meta({ id })`) become components. Webhook events
// (OpenAPI's `webhooks` section) come from the same kind of list (lib/server/api/routes.ts).

/** An event the portal sends to webhook endpoints: OpenAPI's `webhooks` section, one entry per event type. */
export type WebhookDescription = {
  /** The event type, e.g. `communication.created`. */
  event: string;
  summary: string;
  description?: string;
  /** The payload's schema. */
  payload: z.ZodType;
};

type JsonSchema = Record<string, unknown>;

/** Every problem an operation may answer, besides its own: these hold for every operation (some only with a scope or a query). */
function commonProblems(operation: Operation<unknown, unknown>): ProblemKind[] {
  const kinds: ProblemKind[] = ['rate-limited', 'internal-error'];
  if (operation.scope) kinds.push('unauthorized', 'token-revoked', 'token-expired', 'missing-scope');
  if (operation.query) kinds.push('invalid-input');
  if (operation.idempotent) kinds.push('invalid-input', 'idempotency-key-reused', 'idempotency-key-in-use');
  return kinds;
}

class SchemaSet {
  readonly components: Record<string, JsonSchema> = {};

  /** The JSON Schema of a zod schema as the API reads it (`input`) or writes it (`output`). */
  of(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const converted = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _schema, $defs, ...rest } = converted;
    const rewrite = (value: unknown): JsonSchema =>
      JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) this.components[id] ??= rewrite(definition);
    return rewrite(rest);
  }
}

const RATE_HEADERS = {
  'RateLimit-Limit': { description: 'Requests allowed per minute (API_RATE_LIMIT_PER_MINUTE).', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in the current minute.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the current minute ends.', schema: { type: 'integer' } },
};

/** The query or path parameters of a zod object schema. */
function parametersOf(schemas: SchemaSet, schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const object = schemas.of(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operationObject(schemas: SchemaSet, operation: Operation<unknown, unknown>): JsonSchema {
  const parameters = [
    ...parametersOf(schemas, operation.params, 'path'),
    ...parametersOf(schemas, operation.query, 'query'),
    ...(operation.headers ?? []).map((header) => ({
      name: header.name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: schemas.of(header.schema, 'input'),
    })),
    ...(operation.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Any 1–255 visible ASCII characters (a UUID). The same key within 24 hours answers the first success again and does nothing; another request with the key is 422; while the first runs, 409.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : []),
  ];
  const responses: Record<string, JsonSchema> = {};
  for (const [status, answer] of Object.entries(operation.answers)) {
    const headers: Record<string, unknown> = { ...RATE_HEADERS };
    for (const [name, description] of Object.entries(answer.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
    if (operation.idempotent)
      headers['Idempotent-Replayed'] = {
        description: '`true` on an answer given again for an Idempotency-Key.',
        schema: { type: 'string' },
      };
    responses[status] = {
      description: answer.description,
      headers,
      ...(answer.schema
        ? { content: { [answer.contentType ?? 'application/json']: { schema: schemas.of(answer.schema, 'output') } } }
        : {}),
    };
  }
  const kinds = [...new Set([...operation.problems, ...commonProblems(operation)])];
  const byStatus = new Map<number, ProblemKind[]>();
  for (const kind of kinds) byStatus.set(PROBLEM_KINDS[kind].status, [...(byStatus.get(PROBLEM_KINDS[kind].status) ?? []), kind]);
  for (const [status, list] of [...byStatus.entries()].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: list.map((kind) => `${PROBLEM_KINDS[kind].title} (\`${problemType(kind)}\`)`).join('; '),
      headers:
        status === 429 || list.includes('idempotency-key-in-use')
          ? { ...RATE_HEADERS, 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } }
          : RATE_HEADERS,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return {
    operationId: operation.id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(operation.scope ? { security: [{ apiToken: [] }], 'x-required-scope': operation.scope } : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            description: operation.body.description,
            content: { 'application/json': { schema: schemas.of(operation.body.schema, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(
  operations: readonly Operation<unknown, unknown>[],
  webhooks: readonly WebhookDescription[],
): JsonSchema {
  const schemas = new SchemaSet();
  schemas.of(problemSchema, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    const described = operationObject(schemas, operation);
    if (operation.scope)
      described.description = `${operation.description ? `${operation.description}\n\n` : ''}Scope: \`${operation.scope}\`.`;
    item[operation.method] = described;
  }
  const webhookItems: Record<string, JsonSchema> = {};
  for (const webhook of webhooks) {
    webhookItems[webhook.event] = {
      post: {
        summary: webhook.summary,
        ...(webhook.description ? { description: webhook.description } : {}),
        requestBody: { required: true, content: { 'application/json': { schema: schemas.of(webhook.payload, 'output') } } },
        responses: { '2XX': { description: 'Any 2xx answer acknowledges the event; anything else is retried.' } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CSP Communications Portal API',
      version: '1',
      description:
        "A partner's customers, the policy of who may tell them what, Microsoft's communications to them, and the partner's subscription notices. Send a partner's API token (created at /settings/api-tokens) as `Authorization: Bearer <token>`; each operation names the scope it needs. Errors are RFC 9457 problem details whose `type` is listed on /api/v1/docs.",
    },
    servers: [{ url: '/api/v1' }],
    tags: [{ name: 'Customers' }, { name: 'Communications' }, { name: 'Notices' }, { name: 'Webhooks' }, { name: 'Description' }],
    paths,
    webhooks: webhookItems,
    components: {
      securitySchemes: { apiToken: { type: 'http', scheme: 'bearer', description: "A partner's API token (cpt_…)." } },
      schemas: schemas.components,
    },
  };
}
