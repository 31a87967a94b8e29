// Microsoft Graph service communications, as Graph returns them (GET /admin/serviceAnnouncement/
// issues and …/messages), for the import command, the REST API's ingest and the connector.
//
// Unknown fields are kept (looseObject): the object is stored as received (`raw`) for audit and
// later re-mapping. Only the fields the portal reads are checked: a record that fails is reported
// with its index, its id and the field.
//
// Real payloads: enum values come in camelCase on the wire ("incident", "serviceRestored",
// "stayInformed", "html") and in PascalCase in Microsoft's documentation examples and PowerShell
// exports ("Incident", "ServiceRestored", "StayInformed", "Html"): both are read, stored in the
// wire's camelCase. Graph's enums are evolvable: `unknownFutureValue`, or any member added after
// this list was written, is stored as `unknown` — never a reason to refuse the record.
import { z } from '../zod';

/** Graph's serviceHealthStatus values (without the evolvable-enum sentinel unknownFutureValue). */
export const SERVICE_HEALTH_STATUSES = [
  'serviceOperational',
  'investigating',
  'restoringService',
  'verifyingService',
  'serviceRestored',
  'postIncidentReviewPublished',
  'serviceDegradation',
  'serviceInterruption',
  'extendedRecovery',
  'falsePositive',
  'investigationSuspended',
  'resolved',
  'mitigatedExternal',
  'mitigated',
  'resolvedExternal',
  'confirmed',
  'reported',
] as const;
export type ServiceHealthStatus = (typeof SERVICE_HEALTH_STATUSES)[number];

/** What an enum value that this list does not know is stored as. */
export const UNKNOWN_VALUE = 'unknown';

export const HEALTH_CLASSIFICATIONS = ['incident', 'advisory'] as const;
export const UPDATE_CATEGORIES = ['preventOrFixIssue', 'planForChange', 'stayInformed'] as const;
export const UPDATE_SEVERITIES = ['normal', 'high', 'critical'] as const;
export const BODY_TYPES = ['text', 'html'] as const;

/** At most this many records per file (one transaction). */
export const MAX_RECORDS_PER_IMPORT = 5000;
/** At most this many affected tenants per record. */
export const MAX_TENANTS_PER_RECORD = 100_000;

/**
 * A Graph enum: its members in any letter case become the member as Graph writes it on the wire;
 * anything else (unknownFutureValue, a member added later) becomes `otherwise`.
 */
export function graphEnum<const T extends readonly string[], const O extends string>(values: T, otherwise: O) {
  const byLowerCase = new Map<string, T[number]>(values.map((value) => [value.toLowerCase(), value]));
  return z.string().transform((value): T[number] | O => byLowerCase.get(value.trim().toLowerCase()) ?? otherwise);
}

// Graph writes date-times as ISO 8601 in UTC ("2026-11-20T08:00:00Z", sometimes with 7 fractional
// digits); an explicit offset is accepted too, a local time without zone is not.
const dateTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);

/** An itemBody; a content type Graph may add later is read as plain text. */
const itemBody = z.object({
  content: z.string().max(500_000),
  contentType: graphEnum(BODY_TYPES, 'text'),
});

const keyValuePair = z.looseObject({ name: z.string().nullish(), value: z.string().nullish() });

const healthIssuePost = z.looseObject({
  createdDateTime: dateTime,
  postType: z.string().nullish(),
  description: itemBody.nullish(),
});

/** The GUIDs of the affected customers' Microsoft Entra tenants (matched to the partner's customers). */
export const affectedTenantIdsSchema = z.array(z.guid()).max(MAX_TENANTS_PER_RECORD);

/** A serviceHealthIssue as Graph returns it (the connector reads it from one tenant). */
export const graphHealthIssueSchema = z.looseObject({
  id: text(100),
  title: text(1000),
  impactDescription: z.string().max(20_000).nullish(),
  classification: graphEnum(HEALTH_CLASSIFICATIONS, UNKNOWN_VALUE),
  status: graphEnum(SERVICE_HEALTH_STATUSES, UNKNOWN_VALUE),
  service: text(200),
  feature: z.string().max(1000).nullish(),
  featureGroup: z.string().max(1000).nullish(),
  origin: z.string().nullish(),
  startDateTime: dateTime,
  endDateTime: dateTime.nullish(),
  lastModifiedDateTime: dateTime,
  isResolved: z.boolean(),
  // Graph's beta endpoint and some exports carry it.
  highImpact: z.boolean().nullish(),
  details: z.array(keyValuePair).max(1000).nullish(),
  posts: z.array(healthIssuePost).max(1000).nullish(),
});

/** A serviceUpdateMessage as Graph returns it. `expiryDateTime` appears in Graph's own examples. */
export const graphUpdateMessageSchema = z.looseObject({
  id: text(100),
  title: text(1000),
  category: graphEnum(UPDATE_CATEGORIES, UNKNOWN_VALUE),
  severity: graphEnum(UPDATE_SEVERITIES, UNKNOWN_VALUE),
  services: z.array(text(200)).max(100).nullish(),
  tags: z.array(z.string().max(200)).max(100).nullish(),
  isMajorChange: z.boolean().nullish(),
  actionRequiredByDateTime: dateTime.nullish(),
  hasAttachments: z.boolean().nullish(),
  body: itemBody,
  startDateTime: dateTime,
  endDateTime: dateTime.nullish(),
  expiryDateTime: dateTime.nullish(),
  lastModifiedDateTime: dateTime,
  details: z.array(keyValuePair).max(1000).nullish(),
});

/** What a file or the API sends: the Graph object plus the partner's affected tenants. */
export const serviceHealthIssueSchema = graphHealthIssueSchema.extend({ affectedTenantIds: affectedTenantIdsSchema });
export const serviceUpdateMessageSchema = graphUpdateMessageSchema.extend({ affectedTenantIds: affectedTenantIdsSchema });

export type GraphHealthIssue = z.infer<typeof graphHealthIssueSchema>;
export type GraphUpdateMessage = z.infer<typeof graphUpdateMessageSchema>;

/** A zod issue in words: the field path ("posts[2].createdDateTime") and what is wrong with it. */
export function describeIssue(issue: z.core.$ZodIssue): { field: string; problem: string } {
  const field =
    issue.path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`)).join('') ||
    '(record)';
  const input = (issue as { input?: unknown }).input;
  let problem: string;
  switch (issue.code) {
    case 'invalid_type':
      problem = input === undefined ? 'is required' : `must be ${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
      break;
    case 'invalid_value':
      problem =
        input === undefined
          ? 'is required'
          : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(input)})`;
      break;
    case 'invalid_format':
      problem =
        issue.format === 'datetime'
          ? `must be an ISO 8601 date-time with a time zone, e.g. 2026-11-20T08:00:00Z (got ${JSON.stringify(input)})`
          : issue.format === 'guid'
            ? `must be a tenant id (GUID) like 6f2c1c0e-3b1d-4a8e-9f10-2d5e7b8c9a01 (got ${JSON.stringify(input)})`
            : `has an invalid format (${issue.format})`;
      break;
    case 'too_small':
      problem = issue.origin === 'string' ? 'must not be empty' : `must have at least ${String(issue.minimum)} entries`;
      break;
    case 'too_big':
      problem =
        issue.origin === 'string'
          ? `is too long (at most ${String(issue.maximum)} characters)`
          : `has too many entries (at most ${String(issue.maximum)})`;
      break;
    default:
      problem = issue.message;
  }
  return { field, problem };
}
