// The REST API as an integration calls it, without a network: Requests through the API's own
// router (lib/server/api/app.ts: routing, 404/405, then each operation's handler), tokens made
// for a test partner, and every answer checked against the OpenAPI description (ajv, draft
// 2020-12 as OpenAPI 3.1 uses) — the description the portal serves at /api/v1/openapi.json.
import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { createApiApp } from '../../lib/server/api/app';
import { openApiDocument } from '../../lib/server/api/routes';
import { hashToken } from '../../lib/runtime/tokens';
import { testDb } from './factories';

export const API_BASE = 'http://portal.test/api/v1';

let app: ReturnType<typeof createApiApp> | undefined;

export async function makeToken(
  partnerId: string,
  scopes: string[],
  options: { revoked?: boolean; expiresAt?: Date | null; name?: string } = {},
): Promise<{ id: string; secret: string }> {
  const secret = `cpt_test_${randomUUID()}`;
  const row = await testDb().apiToken.create({
    data: {
      partnerId,
      name: options.name ?? `test ${randomUUID().slice(0, 8)}`,
      secretHash: hashToken(secret),
      scopes,
      revokedAt: options.revoked ? new Date() : null,
      expiresAt: options.expiresAt ?? null,
    },
    select: { id: true },
  });
  return { id: row.id, secret };
}

export type CallOptions = { token?: string | null; body?: unknown; headers?: Record<string, string>; address?: string };

/** One request through the API's router, as the launcher hands it over. */
export async function apiCall(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  app ??= createApiApp();
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const request = new Request(`${API_BASE}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  return app.fetch(request);
}

let ajv: Ajv2020 | undefined;
const DOCUMENT_ID = 'https://portal.test/openapi.json';

function validator(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...openApiDocument(), $id: DOCUMENT_ID });
  }
  return ajv;
}

const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks an answer against the description: its status is documented for the operation
 * (`pathTemplate` as the description writes it), and its JSON body validates against that
 * answer's schema. Returns the parsed body.
 */
export async function expectDescribed(response: Response, method: string, pathTemplate: string): Promise<unknown> {
  const document = openApiDocument() as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
  };
  const operation = document.paths[pathTemplate]?.[method.toLowerCase()];
  expect(operation, `${method} ${pathTemplate} is in the description`).toBeDefined();
  const status = String(response.status);
  const answer = operation!.responses[status];
  expect(answer, `${method} ${pathTemplate} documents a ${status} answer`).toBeDefined();
  for (const header of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) expect(response.headers.get(header)).toMatch(/^\d+$/);
  const text = await response.clone().text();
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
  if (!answer!.content) return text;
  expect(Object.keys(answer!.content)).toContain(type);
  if (!type.endsWith('json')) return text;
  const body: unknown = JSON.parse(text);
  const ref = `${DOCUMENT_ID}#/${pointer('paths', pathTemplate, method.toLowerCase(), 'responses', status, 'content', type, 'schema')}`;
  const validate = validator().getSchema(ref);
  expect(validate, `a schema at ${ref}`).toBeDefined();
  const valid = validate!(body);
  expect(valid ? [] : validate!.errors, `${method} ${pathTemplate} ${status} matches the description`).toEqual([]);
  return body;
}
