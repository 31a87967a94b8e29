// Webhooks: the zod schemas of the settings form, the REST API (`GET`/`POST /api/v1/webhooks`,
// `DELETE /api/v1/webhooks/{id}`) and every event's payload (the OpenAPI description's `webhooks`
// section is generated from these). Messages are codes: the UI words them.
import { z } from '../zod';
import { CATEGORIES, CLOUDS, DIRECT_RELATIONSHIPS, OUTCOMES, REASONS, RELATIONSHIPS_TO_PARTNER } from '../domain/policy';
import { NOTICE_KINDS } from './notices';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_ERRORS, WEBHOOK_PAYLOAD_VERSION, WEBHOOK_TEST_EVENT, WEBHOOK_URL_MAX } from '../domain/webhooks';
import { hasControlCharacters } from '../domain/customer-import/fields';
import { SYNC_FAILURES_LISTED, SYNC_TRIGGERS } from './microsoft-connector';

export const WEBHOOK_DESCRIPTION_MAX = 200;
/** Endpoints per partner. */
export const WEBHOOK_ENDPOINTS_MAX = 20;
export const WEBHOOK_LOG_PAGE_SIZE = 25;

export type WebhookFieldErrorCode =
  | 'required'
  | 'tooLong'
  | 'controlCharacters'
  | 'eventsRequired'
  | 'eventInvalid'
  | 'urlInvalid'
  | 'urlNotHttps'
  | 'urlCredentials'
  | 'urlFragment'
  | 'hostUnresolved'
  | 'addressRefused'
  | 'invalid';

export const webhookIdSchema = z.uuid({ error: 'idInvalid' });
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { error: 'eventInvalid' });
const eventsSchema = z
  .array(webhookEventTypeSchema, { error: 'eventsRequired' })
  .min(1, { error: 'eventsRequired' })
  .max(WEBHOOK_EVENT_TYPES.length * 2, { error: 'eventInvalid' })
  .transform((events) => WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type)));

/** A new endpoint (the form and `POST /api/v1/webhooks`). Where the URL may point is the data layer's check. */
export const webhookCreateSchema = z.object({
  url: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .max(WEBHOOK_URL_MAX, { error: 'tooLong' })
    .refine((value) => !hasControlCharacters(value), { error: 'controlCharacters' }),
  events: eventsSchema,
  description: z
    .string({ error: 'invalid' })
    .trim()
    .max(WEBHOOK_DESCRIPTION_MAX, { error: 'tooLong' })
    .refine((value) => !hasControlCharacters(value), { error: 'controlCharacters' })
    .default(''),
});
export type WebhookCreateInput = z.input<typeof webhookCreateSchema>;

export const webhookEventsSchema = z.object({ events: eventsSchema });

// ---------------------------------------------------------------------------------------------
// The API's answers

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(webhookEventTypeSchema),
    enabled: z.boolean(),
    disabledReason: z.enum(['FAILING']).nullable().describe('FAILING: disabled by the portal after repeated failed attempts.'),
    disabledAt: z.iso.datetime().nullable(),
    consecutiveFailures: z.number().int(),
    lastSuccessAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });

/** `POST` answers the endpoint with its secret: the only time it is ever shown. */
export const webhookEndpointCreatedSchema = webhookEndpointSchema
  .extend({
    secret: z.string().describe('The signing secret (whsec_…): shown this once, never again. Verify webhook-signature with it.'),
  })
  .meta({ id: 'WebhookEndpointCreated' });

export const webhookEndpointListSchema = z.object({ data: z.array(webhookEndpointSchema), nextCursor: z.string().nullable() });

export const webhookDeliveryStatusSchema = z.enum(['QUEUED', 'SENT', 'FAILED']);
export const webhookErrorSchema = z.enum(WEBHOOK_ERRORS);

// ---------------------------------------------------------------------------------------------
// Event payloads (the body of each webhook: { type, v, timestamp, data }). Versioned by `v`: a
// field added keeps v 1; a field removed or changed makes v 2, announced before.

const policyEntrySchema = z.object({
  customerId: z.uuid(),
  companyName: z.string(),
  tenantId: z.uuid(),
  relationshipToPartner: z.enum(RELATIONSHIPS_TO_PARTNER),
  directRelationship: z.enum(DIRECT_RELATIONSHIPS),
  cloud: z.enum(CLOUDS),
  category: z
    .enum(CATEGORIES)
    .describe(
      "The communication's category for this customer (a post about a product it buys outside CSP is NON_CSP_PRODUCTS for it alone).",
    ),
  outcome: z.enum(OUTCOMES).describe("The communication policy's answer for this customer and the communication's category for it."),
  reason: z.enum(REASONS),
  isConflict: z.boolean().describe('Microsoft sent something that the policy gives to the partner.'),
});

export const communicationEventDataSchema = z.object({
  communication: z.object({
    id: z.uuid(),
    externalId: z.string().describe('The Microsoft Graph id (EX…, MC…).'),
    category: z
      .enum(CATEGORIES)
      .describe("The communication's category before any customer's own (see each affected customer's category)."),
    title: z.string(),
    affectedService: z.string(),
    classification: z.enum(['incident', 'advisory', 'unknown']),
    status: z.string(),
    severity: z.string().nullable(),
    startAt: z.iso.datetime(),
    endAt: z.iso.datetime().nullable(),
    lastModifiedAt: z.iso.datetime(),
    isResolved: z.boolean(),
    cloud: z.enum(CLOUDS),
  }),
  affectedCount: z.number().int(),
  conflictCount: z.number().int(),
  affectedCustomers: z.array(policyEntrySchema).describe('At most 1,000 (conflicts first); affectedCount has them all.'),
  affectedCustomersTruncated: z.boolean(),
});

const deliveryCountsSchema = z.object({
  total: z.number().int(),
  queued: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});

export const noticeEventDataSchema = z.object({
  notice: z.object({
    id: z.uuid(),
    kind: z.enum(NOTICE_KINDS),
    status: z.enum(['SENT', 'PARTIALLY_FAILED', 'FAILED']).describe('notice.sent: SENT or PARTIALLY_FAILED; notice.failed: FAILED.'),
    subject: z.string().describe('The English subject.'),
    sentAt: z.iso.datetime().nullable(),
  }),
  deliveries: deliveryCountsSchema,
});

export const deliveryFailedEventDataSchema = z.object({
  delivery: z.object({
    id: z.uuid(),
    noticeId: z.uuid(),
    customerId: z.uuid(),
    recipientEmail: z.string(),
    attempts: z.number().int(),
    error: z.string().describe('A code of the delivery error list (RECIPIENT_REJECTED, TIMEOUT…), never the mail server text.'),
    reason: z.string().describe('PERMANENT_FAILURE, MAX_ATTEMPTS_REACHED or RENDER_FAILED.'),
    failedAt: z.iso.datetime(),
  }),
});

export const relationshipDecidedEventDataSchema = z.object({
  review: z.object({
    id: z.uuid(),
    status: z.enum(['APPROVED', 'REJECTED']),
    agreementType: z.string(),
    decisionNote: z.string().nullable(),
    decidedAt: z.iso.datetime(),
  }),
  customer: z.object({ id: z.uuid(), companyName: z.string(), directRelationship: z.enum(['VERIFIED', 'REJECTED']) }),
});

export const microsoftSyncCompletedEventDataSchema = z.object({
  run: z.object({
    id: z.uuid(),
    trigger: z.enum(SYNC_TRIGGERS).describe('SCHEDULE: the connector\'s interval; SYNC_NOW: someone asked ("Sync now").'),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
  }),
  tenants: z.object({
    total: z.number().int().describe('Customer tenants read in this run (Microsoft Cloud Germany is retired: never read).'),
    succeeded: z.number().int(),
    failed: z.number().int(),
  }),
  communications: z.object({
    created: z.number().int().describe('Communications that were new for a tenant (counted per tenant).'),
    updated: z.number().int().describe('Communications that changed (counted per tenant).'),
  }),
  failures: z
    .array(
      z.object({
        customerId: z.uuid(),
        code: z.string().describe('A connector error code (CONSENT_MISSING, SECRET_EXPIRED, THROTTLED…).'),
        microsoftCode: z.string().nullable().describe("Microsoft's own code (AADSTS7000222, HTTP 503…), when it gave one."),
      }),
    )
    .describe(`The failed tenants, at most ${SYNC_FAILURES_LISTED} (tenants.failed has them all).`),
});

export const testEventDataSchema = z.object({
  endpointId: z.uuid(),
  message: z.string(),
});

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D, id: string) =>
  z
    .object({
      type: z.literal(type),
      v: z.literal(WEBHOOK_PAYLOAD_VERSION),
      timestamp: z.iso.datetime().describe('When the event happened.'),
      data,
    })
    .meta({ id });

/** Each event type's body, for the OpenAPI `webhooks` section and the tests. */
export const WEBHOOK_PAYLOAD_SCHEMAS = {
  'communication.created': envelope('communication.created', communicationEventDataSchema, 'CommunicationCreatedEvent'),
  'communication.updated': envelope('communication.updated', communicationEventDataSchema, 'CommunicationUpdatedEvent'),
  'notice.sent': envelope('notice.sent', noticeEventDataSchema, 'NoticeSentEvent'),
  'notice.failed': envelope('notice.failed', noticeEventDataSchema, 'NoticeFailedEvent'),
  'delivery.failed': envelope('delivery.failed', deliveryFailedEventDataSchema, 'DeliveryFailedEvent'),
  'relationship.decided': envelope('relationship.decided', relationshipDecidedEventDataSchema, 'RelationshipDecidedEvent'),
  'microsoft.sync_completed': envelope('microsoft.sync_completed', microsoftSyncCompletedEventDataSchema, 'MicrosoftSyncCompletedEvent'),
  [WEBHOOK_TEST_EVENT]: envelope(WEBHOOK_TEST_EVENT, testEventDataSchema, 'WebhookTestEvent'),
} as const;

export type CommunicationEventData = z.infer<typeof communicationEventDataSchema>;
export type NoticeEventData = z.infer<typeof noticeEventDataSchema>;
export type RelationshipDecidedEventData = z.infer<typeof relationshipDecidedEventDataSchema>;
export type MicrosoftSyncCompletedEventData = z.infer<typeof microsoftSyncCompletedEventDataSchema>;
