import 'server-only';
import { formatGraphError, parseGraphCommunications } from '../../domain/graph-mapping';
import { CATEGORIES, CLOUDS, DIRECT_RELATIONSHIPS, OUTCOMES, REASONS, RELATIONSHIPS_TO_PARTNER } from '../../domain/policy';
import { z } from '../../zod';
import { COMMUNICATION_PARAM_SCHEMAS, communicationFiltersOf, type CommunicationParam } from '../../schemas/communications';
import { serviceHealthIssueSchema, serviceUpdateMessageSchema } from '../../schemas/graph';
import { ingestCommunications } from '../data/communication-import';
import { DETAIL_AFFECTED_LIMIT, getCommunication, listCommunications, type CommunicationItem } from '../data/communications';
import { invalidCursor, invalidInput, json, notFound, problem } from './http';
import { defineOperation } from './operation';
import { cursorSchema, instant, iso, limitSchema, pageOf, pathId } from './schemas';

// Microsoft communications in the REST API: the list (the /communications page's filters), one
// with its affected customers and, per customer, the policy's outcome and the conflict flag, and
// the ingest of Microsoft Graph service communications — the same mapping
// (lib/domain/graph-mapping.ts) and idempotent import (lib/server/data/communication-import.ts)
// as `npm run import:microsoft`.

const outcomeGroup = z.object({
  category: z.enum(CATEGORIES).meta({ description: "The communication's category for the customers of this group." }),
  outcome: z.enum(OUTCOMES),
  reason: z.enum(REASONS),
  isConflict: z.boolean(),
  count: z.number().int(),
});

const communicationFields = {
  id: z.uuid(),
  externalId: z.string().meta({ description: 'The Graph id (EX… for an incident, MC… for a message-center post).' }),
  category: z
    .enum(CATEGORIES)
    .meta({ description: "The category for the partner as a whole; a customer's own may differ (a product it buys outside CSP)." }),
  title: z.string(),
  summary: z.string(),
  affectedService: z.string(),
  classification: z.enum(['incident', 'advisory', 'unknown']).meta({ description: 'unknown: a value Microsoft Graph added later.' }),
  status: z.string().meta({ description: "Graph's serviceHealthStatus (message-center posts: serviceOperational)." }),
  severity: z.string().nullable(),
  startAt: instant,
  endAt: instant.nullable(),
  lastModifiedAt: instant,
  isResolved: z.boolean(),
  cloud: z.enum(CLOUDS),
  affectedCount: z.number().int(),
  conflictCount: z.number().int().meta({ description: 'Affected customers for which Microsoft should not have sent it.' }),
  outcomes: z.array(outcomeGroup).meta({ description: 'Affected customers grouped by their category and the policy’s outcome for it.' }),
};

export const communicationSummarySchema = z.object(communicationFields).meta({ id: 'CommunicationSummary' });

export const communicationSchema = z
  .object({
    ...communicationFields,
    affectedCustomers: z
      .array(
        z.object({
          id: z.uuid(),
          companyName: z.string(),
          cloud: z.enum(CLOUDS),
          relationshipToPartner: z.enum(RELATIONSHIPS_TO_PARTNER),
          directRelationship: z.enum(DIRECT_RELATIONSHIPS),
          category: z.enum(CATEGORIES).meta({ description: "The communication's category for this customer." }),
          outcome: z.enum(OUTCOMES),
          reason: z.enum(REASONS),
          isConflict: z.boolean(),
        }),
      )
      .meta({ description: `Conflicts first, then by name; at most ${DETAIL_AFFECTED_LIMIT} (affectedCount has them all).` }),
    affectedTruncated: z.boolean(),
  })
  .meta({ id: 'Communication' });

const graphRecordSchema = z.union([serviceHealthIssueSchema, serviceUpdateMessageSchema]);

export const ingestBodySchema = z.union([graphRecordSchema, z.looseObject({ value: z.array(graphRecordSchema) })]).meta({
  description:
    'One Microsoft Graph serviceHealthIssue or serviceUpdateMessage as Graph returns it (HTML bodies, details, posts, @odata fields and unknown fields are accepted and kept), plus affectedTenantIds; or Graph’s { "value": [ … ] } of them.',
});

export const ingestResultSchema = z
  .object({
    created: z.array(z.string()),
    updated: z.array(z.string()),
    unchanged: z.array(z.string()),
    skippedOlder: z.array(z.string()).meta({ description: 'Older than the stored version (lastModifiedDateTime): left as stored.' }),
    unknownTenants: z
      .array(z.object({ externalId: z.string(), tenantIds: z.array(z.string()) }))
      .meta({ description: 'Per record, the affected tenant ids that are none of the partner’s customers (not linked).' }),
  })
  .meta({ id: 'IngestResult' });

const listQuery = z.object({
  category: COMMUNICATION_PARAM_SCHEMAS.category.optional(),
  classification: COMMUNICATION_PARAM_SCHEMAS.classification.optional(),
  status: COMMUNICATION_PARAM_SCHEMAS.status.optional(),
  service: COMMUNICATION_PARAM_SCHEMAS.service.optional().meta({ description: 'The affected service exactly.' }),
  customerId: COMMUNICATION_PARAM_SCHEMAS.customerId.optional().meta({ description: 'Only communications affecting this customer.' }),
  from: COMMUNICATION_PARAM_SCHEMAS.from.optional().meta({ description: 'Started on or after this UTC day (YYYY-MM-DD).' }),
  to: COMMUNICATION_PARAM_SCHEMAS.to.optional().meta({ description: 'Started on or before this UTC day (YYYY-MM-DD).' }),
  state: COMMUNICATION_PARAM_SCHEMAS.state.optional(),
  conflict: COMMUNICATION_PARAM_SCHEMAS.conflict.optional().meta({ description: '1: only those with at least one policy conflict.' }),
  limit: limitSchema,
  cursor: cursorSchema,
});

function summaryJson(item: CommunicationItem): z.output<typeof communicationSummarySchema> {
  return {
    id: item.id,
    externalId: item.externalId,
    category: item.category,
    title: item.title,
    summary: item.summary,
    affectedService: item.affectedService,
    classification: item.classification,
    status: item.status,
    severity: item.severity,
    startAt: item.startAt.toISOString(),
    endAt: iso(item.endAt),
    lastModifiedAt: item.lastModifiedAt.toISOString(),
    isResolved: item.isResolved,
    cloud: item.cloud,
    affectedCount: item.affectedCount,
    conflictCount: item.conflictCount,
    outcomes: item.outcomes,
  };
}

export const listCommunicationsOperation = defineOperation({
  id: 'listCommunications',
  method: 'get',
  path: '/communications',
  tag: 'Communications',
  summary: "Microsoft's communications to the partner's customers, newest first",
  scope: 'communications:read',
  query: listQuery,
  answers: { 200: { description: 'One page of communications.', schema: pageOf(communicationSummarySchema) } },
  problems: ['invalid-input'],
  run: async ({ caller, query }) => {
    const { limit, cursor, ...values } = query;
    if (values.from && values.to && values.from > values.to) return invalidInput({ to: 'rangeInvalid' }, '`to` is before `from`.');
    const filters = communicationFiltersOf(values as Partial<Record<CommunicationParam, string>>, 'UTC');
    const page = await listCommunications(caller.viewer, filters, cursor, { pageSize: limit });
    if (page.invalidCursor) return invalidCursor();
    return json({ data: page.items.map(summaryJson), nextCursor: page.nextCursor });
  },
});

export const getCommunicationOperation = defineOperation({
  id: 'getCommunication',
  method: 'get',
  path: '/communications/{communicationId}',
  tag: 'Communications',
  summary: 'One communication, with its affected customers and the policy for each',
  scope: 'communications:read',
  params: z.object({ communicationId: pathId }),
  answers: { 200: { description: 'The communication.', schema: communicationSchema } },
  problems: ['not-found'],
  run: async ({ caller, params }) => {
    const item = await getCommunication(caller.viewer, params.communicationId);
    if (!item) return notFound();
    return json({
      ...summaryJson(item),
      affectedCustomers: item.affected.map((customer) => ({
        id: customer.id,
        companyName: customer.companyName,
        cloud: customer.cloud,
        relationshipToPartner: customer.relationshipToPartner,
        directRelationship: customer.directRelationship,
        category: customer.category,
        outcome: customer.decision.outcome,
        reason: customer.decision.reason,
        isConflict: customer.isConflict,
      })),
      affectedTruncated: item.affectedCount > item.affected.length,
    } satisfies z.output<typeof communicationSchema>);
  },
});

/** Ingest bodies may be larger than others: many records, or many affected tenants. */
export const INGEST_MAX_BYTES = 20 * 1024 * 1024;

export const ingestCommunicationsOperation = defineOperation({
  id: 'ingestCommunications',
  method: 'post',
  path: '/communications',
  tag: 'Communications',
  summary: 'Ingest Microsoft Graph service communications (idempotent by the Graph id)',
  description:
    'All or nothing: a bad record imports nothing (400, `errors` by record and field). Sending the same records again changes nothing (`unchanged`); an older version of a record never replaces a newer one (`skippedOlder`).',
  scope: 'communications:write',
  body: { schema: ingestBodySchema, description: 'The Graph object(s) with affectedTenantIds.', maxBytes: INGEST_MAX_BYTES },
  answers: {
    200: { description: 'What was created, updated, unchanged and which tenant ids matched no customer.', schema: ingestResultSchema },
  },
  problems: ['invalid-input', 'invalid-json', 'forbidden', 'unsupported-media-type', 'body-too-large'],
  run: async ({ caller, body }) => {
    const read = await body();
    if (!read.ok) return read.response;
    const parsed = parseGraphCommunications(read.body);
    if (!parsed.ok) {
      const errors: Record<string, string> = {};
      for (const error of parsed.errors.slice(0, 100)) {
        const field = error.index === null ? error.field : `value[${error.index}].${error.field}`;
        errors[field] ??= formatGraphError(error);
      }
      return invalidInput(errors, 'Nothing was imported: see `errors` (by record and field).');
    }
    const result = await ingestCommunications(caller.viewer, parsed.records, { address: caller.address });
    if (!result.ok) return problem('forbidden', { detail: "This API token's scopes do not allow this change.", code: result.code });
    // `changes` (what each record did, for the connector's and the rules' follow-ups) stays inside the portal.
    const { changes: _changes, ...answer } = result.result;
    return json(answer satisfies z.output<typeof ingestResultSchema>);
  },
});

export const COMMUNICATION_OPERATIONS = [listCommunicationsOperation, getCommunicationOperation, ingestCommunicationsOperation];
