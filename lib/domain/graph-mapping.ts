// From Microsoft Graph service communications to the portal's Microsoft communications. Pure: no
// I/O; the caller reads the file (or request body) and stores the result.
//
// Input: one Graph object, an array of them, or Graph's collection envelope `{ "value": [ … ] }`.
// Each object is a `serviceHealthIssue` (Service health: incidents and advisories, ids like
// EX123456) or a `serviceUpdateMessage` (Message center posts, ids like MC123456), told apart by
// their fields (see detectGraphKind), plus `affectedTenantIds`: the tenant ids of the partner's
// customers that the item affects.
//
// Categories (DESIGN.md, "Microsoft communication"):
// - a serviceHealthIssue is SERVICE_INCIDENT, whatever its classification (incident or advisory:
//   both are about the health of a service);
// - a serviceUpdateMessage is OPERATIONAL, except (see categoryOfUpdateMessage):
//   - NON_CSP_PRODUCTS when one of its tags is in NON_CSP_TAGS ("Non-CSP", "Direct agreement",
//     "Enterprise Agreement"): the post is about products the customer buys from Microsoft
//     outside CSP;
//   - else SUBSCRIPTION_BILLING when one of its tags is in BILLING_TAGS ("Billing", "Licensing",
//     "Pricing"): the post is about subscriptions, prices, invoices or license counts;
//   - Graph's own message-center tags ("Admin impact", "User impact", "Feature update", "New
//     feature", "Retirement", "Updated message", "Data privacy", "Major update", …) and its
//     `category` (preventOrFixIssue, planForChange, stayInformed) all stay OPERATIONAL.
//   Tags are compared without regard to case or surrounding/repeated spaces. Non-CSP wins over
//   billing: a billing post about a directly bought product (an Enterprise Agreement invoice) is
//   about that non-CSP product, which Microsoft bills itself. The `services` never decide the
//   category: the same service (Azure, Dynamics 365, Microsoft 365) is sold both through CSP and
//   directly, so a service name cannot tell whose product a post is about.
// Message-center posts have no status of their own: they are stored as `serviceOperational`,
// not resolved (as the demo seed does); their classification is `advisory`.
import {
  MAX_RECORDS_PER_IMPORT,
  describeIssue,
  serviceHealthIssueSchema,
  serviceUpdateMessageSchema,
  type ServiceHealthIssue,
  type ServiceUpdateMessage,
} from '../schemas/graph';
import type { CommunicationCategory } from './policy';

export type GraphKind = 'serviceHealthIssue' | 'serviceUpdateMessage';

/** Tags that make a message-center post NON_CSP_PRODUCTS (normalised: lower case, single spaces). */
export const NON_CSP_TAGS = ['non-csp', 'direct agreement', 'enterprise agreement'] as const;
/** Tags that make a message-center post SUBSCRIPTION_BILLING (unless it is non-CSP). */
export const BILLING_TAGS = ['billing', 'licensing', 'pricing'] as const;
/** The status stored for message-center posts, which have none in Graph. */
export const UPDATE_MESSAGE_STATUS = 'serviceOperational';
/** Summaries are cut to this length (the full text stays in `raw`). */
export const SUMMARY_MAX_LENGTH = 4000;

// Fields that only one of the two shapes has (`id`, `title`, the dates and `details` are shared).
const HEALTH_ISSUE_FIELDS = [
  'service',
  'impactDescription',
  'classification',
  'status',
  'isResolved',
  'posts',
  'feature',
  'featureGroup',
  'origin',
];
const UPDATE_MESSAGE_FIELDS = [
  'services',
  'tags',
  'category',
  'severity',
  'body',
  'actionRequiredByDateTime',
  'isMajorChange',
  'viewPoint',
  'hasAttachments',
];

export type MappedCommunication = {
  kind: GraphKind;
  externalId: string;
  category: CommunicationCategory;
  title: string;
  summary: string;
  affectedService: string;
  classification: 'incident' | 'advisory';
  status: string;
  severity: string | null;
  startAt: Date;
  endAt: Date | null;
  lastModifiedAt: Date;
  isResolved: boolean;
  /** Lower-case, without duplicates, in the order given. */
  affectedTenantIds: string[];
  /** The Graph object as received, without `affectedTenantIds` (stored as the links instead). */
  raw: Record<string, unknown>;
};

export type GraphRecordError = {
  /** Position in the file, from 0; null for a problem with the file as a whole. */
  index: number | null;
  /** The record's Graph id when it has a usable one. */
  id: string | null;
  field: string;
  problem: string;
};

export type GraphParseResult = { ok: true; records: MappedCommunication[] } | { ok: false; errors: GraphRecordError[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Which Graph shape an object is: by its `@odata.type` when present, else by the fields only one
 * of the shapes has. `null` with a reason when it is neither, or looks like both.
 */
export function detectGraphKind(record: Record<string, unknown>): { kind: GraphKind } | { kind: null; problem: string } {
  const odataType = record['@odata.type'];
  if (typeof odataType === 'string') {
    if (/(^|\.)serviceHealthIssue$/.test(odataType)) return { kind: 'serviceHealthIssue' };
    if (/(^|\.)serviceUpdateMessage$/.test(odataType)) return { kind: 'serviceUpdateMessage' };
    return {
      kind: null,
      problem: `is ${JSON.stringify(odataType)}; expected #microsoft.graph.serviceHealthIssue or #microsoft.graph.serviceUpdateMessage`,
    };
  }
  const issueFields = HEALTH_ISSUE_FIELDS.filter((field) => field in record);
  const messageFields = UPDATE_MESSAGE_FIELDS.filter((field) => field in record);
  if (issueFields.length > 0 && messageFields.length === 0) return { kind: 'serviceHealthIssue' };
  if (messageFields.length > 0 && issueFields.length === 0) return { kind: 'serviceUpdateMessage' };
  if (issueFields.length > 0) {
    return {
      kind: null,
      problem: `has fields of both shapes (serviceHealthIssue: ${issueFields.join(', ')}; serviceUpdateMessage: ${messageFields.join(', ')})`,
    };
  }
  return {
    kind: null,
    problem:
      'is neither a serviceHealthIssue (service, status, classification, …) nor a serviceUpdateMessage (services, tags, category, body, …)',
  };
}

function normaliseTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The category of a message-center post, from its tags (see the rule at the top of this file). */
export function categoryOfUpdateMessage(tags: readonly string[] | null | undefined): CommunicationCategory {
  const normalised = new Set((tags ?? []).map(normaliseTag));
  if (NON_CSP_TAGS.some((tag) => normalised.has(tag))) return 'NON_CSP_PRODUCTS';
  if (BILLING_TAGS.some((tag) => normalised.has(tag))) return 'SUBSCRIPTION_BILLING';
  return 'OPERATIONAL';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text from Graph's itemBody (html or text): tags dropped, entities decoded, spaces tidied. */
export function bodyToText(content: string, contentType: 'text' | 'html'): string {
  let value = content;
  if (contentType === 'html') {
    value = value
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|ul|ol|h[1-6]|tr|table|blockquote)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
        if (entity.startsWith('#')) {
          const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
          return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
        }
        return ENTITIES[entity.toLowerCase()] ?? match;
      });
  }
  const text = value
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\r\u00a0]+/g, ' ').trim())
    .filter((line, index, lines) => line.length > 0 || (index > 0 && (lines[index - 1] ?? '').length > 0))
    .join('\n')
    .trim();
  return text.length > SUMMARY_MAX_LENGTH ? `${text.slice(0, SUMMARY_MAX_LENGTH - 1)}…` : text;
}

function uniqueTenants(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

function withoutTenants(record: Record<string, unknown>): Record<string, unknown> {
  const { affectedTenantIds: _ignored, ...rest } = record;
  return rest;
}

/** A validated serviceHealthIssue → SERVICE_INCIDENT. */
export function mapServiceHealthIssue(issue: ServiceHealthIssue): MappedCommunication {
  // The impact description; without one, the newest post's text.
  let summary = issue.impactDescription?.trim() ?? '';
  if (!summary && issue.posts && issue.posts.length > 0) {
    const newest = [...issue.posts].sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime))[0];
    if (newest?.description) summary = bodyToText(newest.description.content, newest.description.contentType);
  }
  return {
    kind: 'serviceHealthIssue',
    externalId: issue.id,
    category: 'SERVICE_INCIDENT',
    title: issue.title,
    summary: summary.length > SUMMARY_MAX_LENGTH ? `${summary.slice(0, SUMMARY_MAX_LENGTH - 1)}…` : summary,
    affectedService: issue.service,
    classification: issue.classification,
    status: issue.status,
    severity: null, // Graph gives service health issues no severity.
    startAt: new Date(issue.startDateTime),
    endAt: issue.endDateTime ? new Date(issue.endDateTime) : null,
    lastModifiedAt: new Date(issue.lastModifiedDateTime),
    isResolved: issue.isResolved,
    affectedTenantIds: uniqueTenants(issue.affectedTenantIds),
    raw: withoutTenants(issue),
  };
}

/** A validated serviceUpdateMessage → OPERATIONAL, SUBSCRIPTION_BILLING or NON_CSP_PRODUCTS. */
export function mapServiceUpdateMessage(message: ServiceUpdateMessage): MappedCommunication {
  const services = message.services ?? [];
  return {
    kind: 'serviceUpdateMessage',
    externalId: message.id,
    category: categoryOfUpdateMessage(message.tags),
    title: message.title,
    summary: bodyToText(message.body.content, message.body.contentType),
    affectedService: services.join(', '),
    classification: 'advisory',
    status: UPDATE_MESSAGE_STATUS,
    severity: message.severity,
    startAt: new Date(message.startDateTime),
    endAt: message.endDateTime ? new Date(message.endDateTime) : null,
    lastModifiedAt: new Date(message.lastModifiedDateTime),
    isResolved: false,
    affectedTenantIds: uniqueTenants(message.affectedTenantIds),
    raw: withoutTenants(message),
  };
}

function recordId(record: unknown): string | null {
  if (!isPlainObject(record)) return null;
  const id = record.id;
  return typeof id === 'string' && id.trim().length > 0 ? id.trim() : null;
}

/** The records of a file: one object, an array, or `{ "value": [ … ] }`. */
export function graphRecords(input: unknown): { ok: true; records: unknown[] } | { ok: false; errors: GraphRecordError[] } {
  const fail = (field: string, problem: string) => ({ ok: false as const, errors: [{ index: null, id: null, field, problem }] });
  let records: unknown[];
  if (Array.isArray(input)) records = input;
  else if (isPlainObject(input) && 'value' in input && !('id' in input)) {
    if (!Array.isArray(input.value)) return fail('value', 'must be an array of serviceHealthIssue or serviceUpdateMessage objects');
    records = input.value;
  } else if (isPlainObject(input)) records = [input];
  else return fail('(file)', 'must be a JSON object, an array of objects, or { "value": [ … ] }');
  if (records.length > MAX_RECORDS_PER_IMPORT) {
    return fail('(file)', `holds ${records.length} records; at most ${MAX_RECORDS_PER_IMPORT} can be imported at once (split the file)`);
  }
  return { ok: true, records };
}

/**
 * Validates and maps every record; all or nothing: any bad record (or a Graph id given twice)
 * makes the whole result an error list, each naming the record (index and id) and the field.
 */
export function parseGraphCommunications(input: unknown): GraphParseResult {
  const envelope = graphRecords(input);
  if (!envelope.ok) return envelope;
  const errors: GraphRecordError[] = [];
  const records: MappedCommunication[] = [];
  const seen = new Map<string, number>();
  envelope.records.forEach((record, index) => {
    const id = recordId(record);
    if (!isPlainObject(record)) {
      errors.push({ index, id: null, field: '(record)', problem: 'must be a JSON object' });
      return;
    }
    const detected = detectGraphKind(record);
    if (detected.kind === null) {
      errors.push({ index, id, field: '@odata.type' in record ? '@odata.type' : '(record)', problem: detected.problem });
      return;
    }
    const schema = detected.kind === 'serviceHealthIssue' ? serviceHealthIssueSchema : serviceUpdateMessageSchema;
    const parsed = schema.safeParse(record, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ index, id, ...describeIssue(issue) });
      return;
    }
    const mapped =
      detected.kind === 'serviceHealthIssue'
        ? mapServiceHealthIssue(parsed.data as ServiceHealthIssue)
        : mapServiceUpdateMessage(parsed.data as ServiceUpdateMessage);
    const earlier = seen.get(mapped.externalId);
    if (earlier !== undefined) {
      errors.push({ index, id, field: 'id', problem: `is the same as record ${earlier}'s; each Graph id may appear only once in a file` });
      return;
    }
    seen.set(mapped.externalId, index);
    records.push(mapped);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records };
}

/** One line per error: `record 3 (id "MC123456"), field "startDateTime": must be …`. */
export function formatGraphError(error: GraphRecordError): string {
  if (error.index === null)
    return error.field === '(file)' ? `The file ${error.problem}.` : `The file's field "${error.field}" ${error.problem}.`;
  const where = error.id ? `Record ${error.index} (id ${JSON.stringify(error.id)})` : `Record ${error.index}`;
  return error.field === '(record)' ? `${where} ${error.problem}.` : `${where}, field "${error.field}": ${error.problem}.`;
}

export type GraphUpdate = { createdAt: Date; text: string };

/**
 * The updates ("posts") of a stored serviceHealthIssue, newest first, in plain text; and a
 * message-center post's "act by" date. Read from `raw` (as stored); anything unreadable is skipped.
 */
export function graphDetails(raw: unknown): { updates: GraphUpdate[]; actionRequiredBy: Date | null } {
  if (!isPlainObject(raw)) return { updates: [], actionRequiredBy: null };
  const updates: GraphUpdate[] = [];
  if (Array.isArray(raw.posts)) {
    for (const post of raw.posts) {
      if (!isPlainObject(post) || typeof post.createdDateTime !== 'string' || !isPlainObject(post.description)) continue;
      const createdAt = new Date(post.createdDateTime);
      const { content, contentType } = post.description;
      if (Number.isNaN(createdAt.getTime()) || typeof content !== 'string') continue;
      const text = bodyToText(content, contentType === 'html' ? 'html' : 'text');
      if (text) updates.push({ createdAt, text });
    }
  }
  updates.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const due = typeof raw.actionRequiredByDateTime === 'string' ? new Date(raw.actionRequiredByDateTime) : null;
  return { updates, actionRequiredBy: due && !Number.isNaN(due.getTime()) ? due : null };
}
