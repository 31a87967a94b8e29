import 'server-only';
import { z } from '../../zod';
import { COMMUNICATION_OPERATIONS } from './communications';
import { CUSTOMER_OPERATIONS } from './customers';
import { renderReference, REFERENCE_STYLE } from './docs';
import { NOTICE_OPERATIONS } from './notices';
import { buildOpenApiDocument, type WebhookDescription } from './openapi';
import { defineOperation, type ApiOperation } from './operation';
import { WEBHOOK_EVENTS, WEBHOOK_OPERATIONS } from './webhooks';

// Every operation of the REST API, in the order the description lists them. The router
// (lib/server/api/app.ts), the OpenAPI description and the reference page all read these two
// lists, so an operation or event added here is served, described and documented at once.
//
// A module adds its own with one line each: its operations (defineOperation, as the webhook
// endpoints' WEBHOOK_OPERATIONS) to API_OPERATIONS, and the events it sends (WebhookDescription:
// event type, summary, payload schema; WEBHOOK_EVENTS) to API_WEBHOOKS, which become the
// description's `webhooks` section.

const documentSchema = z.record(z.string(), z.unknown()).meta({ description: 'An OpenAPI 3.1 document.' });

export const API_WEBHOOKS: WebhookDescription[] = [...WEBHOOK_EVENTS];

let described: { json: string; html: string } | null = null;

/** The description and the reference page, built once per process (the operations do not change while it runs). */
function description(): { json: string; html: string } {
  if (!described) {
    const document = buildOpenApiDocument(API_OPERATIONS, API_WEBHOOKS);
    described = { json: JSON.stringify(document), html: renderReference(document) };
  }
  return described;
}

const openApiOperation = defineOperation({
  id: 'getOpenApiDescription',
  method: 'get',
  path: '/openapi.json',
  tag: 'Description',
  summary: 'This description (OpenAPI 3.1)',
  scope: null,
  answers: { 200: { description: 'The OpenAPI document.', schema: documentSchema } },
  problems: [],
  run: async () => new Response(description().json, { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' } }),
});

const referenceOperation = defineOperation({
  id: 'getReference',
  method: 'get',
  path: '/docs',
  tag: 'Description',
  summary: 'The reference for people (HTML), from this description',
  scope: null,
  answers: { 200: { description: 'The reference page.', contentType: 'text/html', schema: z.string() } },
  problems: [],
  run: async () =>
    new Response(description().html, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-cache',
        // Its only resource is its stylesheet, from the portal itself.
        'Content-Security-Policy': `default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      },
    }),
});

const referenceStyleOperation = defineOperation({
  id: 'getReferenceStyle',
  method: 'get',
  path: '/docs/reference.css',
  tag: 'Description',
  summary: "The reference page's stylesheet",
  scope: null,
  answers: { 200: { description: 'CSS.', contentType: 'text/css', schema: z.string() } },
  problems: [],
  run: async () =>
    new Response(REFERENCE_STYLE, { headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } }),
});

export const API_OPERATIONS: ApiOperation[] = [
  ...CUSTOMER_OPERATIONS,
  ...COMMUNICATION_OPERATIONS,
  ...NOTICE_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
  openApiOperation,
  referenceOperation,
  referenceStyleOperation,
] as ApiOperation[];

/** The description as a value (tests validate answers against it). */
export function openApiDocument(): Record<string, unknown> {
  return JSON.parse(description().json) as Record<string, unknown>;
}
