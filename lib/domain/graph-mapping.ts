// From Microsoft Graph service communications to the portal's Microsoft communications. Pure: no
// I/O; the caller reads the file, the request body or Graph's page, and stores the result
// (lib/server/data/communication-import.ts).
//
// What is read: graph-records.ts (files, bodies, pages; health overviews opened; error bodies and
// attachments refused with a message). Each record is a `serviceHealthIssue` (Service health:
// incidents and advisories, ids like EX123456) or a `serviceUpdateMessage` (Message center posts,
// ids like MC123456), told apart by their fields, plus — in a file or API body —
// `affectedTenantIds`: the tenant ids of the partner's customers that the item affects (the
// connector knows the tenant it read the item from).
//
// Categories are decided with the partner's rules when the record is stored
// (communication-category.ts): a record carries what they are decided from (kind, title, tags,
// services).
//
// Fields: an issue's summary is its impact description, else its newest post; a post's summary is
// its body, both as readable text (graph-text.ts). A post has no status of its own: it is stored
// as `serviceOperational`, classification `advisory`, and is open until its end (`endDateTime`,
// else `expiryDateTime`) has passed (isOpen). Enum values Graph may add later are stored as
// `unknown` (lib/schemas/graph.ts).
import {
  UNKNOWN_VALUE,
  describeIssue,
  graphHealthIssueSchema,
  graphUpdateMessageSchema,
  serviceHealthIssueSchema,
  serviceUpdateMessageSchema,
  type GraphHealthIssue,
  type GraphUpdateMessage,
} from '../schemas/graph';
import { bodyToText, cut } from './graph-text';
import { detectGraphKind, graphRecords, isPlainObject, type GraphKind, type GraphRecordError } from './graph-records';

export type { GraphKind, GraphRecordError } from './graph-records';

/** The status stored for message-center posts, which have none in Graph. */
export const UPDATE_MESSAGE_STATUS = 'serviceOperational';

export type MappedCommunication = {
  kind: GraphKind;
  externalId: string;
  title: string;
  summary: string;
  affectedService: string;
  classification: 'incident' | 'advisory' | 'unknown';
  status: string;
  severity: string | null;
  /** A post's category in Graph (preventOrFixIssue, planForChange, stayInformed, unknown); null for an issue. */
  messageCategory: string | null;
  /** A post's services; an issue's one service. */
  services: string[];
  tags: string[];
  feature: string | null;
  featureGroup: string | null;
  isMajorChange: boolean;
  highImpact: boolean;
  actionRequiredBy: Date | null;
  startAt: Date;
  endAt: Date | null;
  lastModifiedAt: Date;
  isResolved: boolean;
  /** Lower-case, without duplicates, in the order given. */
  affectedTenantIds: string[];
  /** The Graph object as read, without `affectedTenantIds` (stored as the links instead). */
  raw: Record<string, unknown>;
};

export type GraphParseResult = { ok: true; records: MappedCommunication[] } | { ok: false; errors: GraphRecordError[] };

function uniqueTenants(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

function withoutTenants(record: Record<string, unknown>): Record<string, unknown> {
  const { affectedTenantIds: _ignored, ...rest } = record;
  return rest;
}

const date = (value: string | null | undefined) => (value ? new Date(value) : null);
const clean = (values: readonly string[] | null | undefined) => [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];

/** A validated serviceHealthIssue. */
export function mapServiceHealthIssue(issue: GraphHealthIssue, tenantIds: readonly string[]): MappedCommunication {
  // The impact description; without one, the newest post's text.
  let summary = issue.impactDescription?.trim() ?? '';
  if (!summary && issue.posts && issue.posts.length > 0) {
    const newest = [...issue.posts].sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime))[0];
    if (newest?.description) summary = bodyToText(newest.description.content, newest.description.contentType);
  }
  return {
    kind: 'serviceHealthIssue',
    externalId: issue.id,
    title: issue.title,
    summary: cut(summary),
    affectedService: issue.service,
    classification: issue.classification,
    status: issue.status,
    severity: null, // Graph gives service health issues no severity.
    messageCategory: null,
    services: [issue.service],
    tags: [],
    feature: issue.feature?.trim() || null,
    featureGroup: issue.featureGroup?.trim() || null,
    isMajorChange: false,
    highImpact: issue.highImpact ?? false,
    actionRequiredBy: null,
    startAt: new Date(issue.startDateTime),
    endAt: date(issue.endDateTime),
    lastModifiedAt: new Date(issue.lastModifiedDateTime),
    isResolved: issue.isResolved,
    affectedTenantIds: uniqueTenants(tenantIds),
    raw: withoutTenants(issue),
  };
}

/** A validated serviceUpdateMessage. */
export function mapServiceUpdateMessage(message: GraphUpdateMessage, tenantIds: readonly string[]): MappedCommunication {
  const services = clean(message.services);
  return {
    kind: 'serviceUpdateMessage',
    externalId: message.id,
    title: message.title,
    summary: bodyToText(message.body.content, message.body.contentType),
    affectedService: services.join(', '),
    classification: 'advisory',
    status: UPDATE_MESSAGE_STATUS,
    severity: message.severity,
    messageCategory: message.category,
    services,
    tags: clean(message.tags),
    feature: null,
    featureGroup: null,
    isMajorChange: message.isMajorChange ?? false,
    highImpact: false,
    actionRequiredBy: date(message.actionRequiredByDateTime),
    startAt: new Date(message.startDateTime),
    endAt: date(message.endDateTime) ?? date(message.expiryDateTime),
    lastModifiedAt: new Date(message.lastModifiedDateTime),
    isResolved: false,
    affectedTenantIds: uniqueTenants(tenantIds),
    raw: withoutTenants(message),
  };
}

function recordId(record: unknown): string | null {
  if (!isPlainObject(record)) return null;
  const id = record.id;
  return typeof id === 'string' && id.trim().length > 0 ? id.trim() : null;
}

/**
 * One record: validated and mapped, or its problems. With `tenantId` (the connector: the tenant
 * it was read from) the record affects that tenant and carries no `affectedTenantIds` of its own;
 * without, it must (a file, an API body).
 */
export function parseGraphRecord(
  record: unknown,
  index: number,
  options: { tenantId?: string; path?: string } = {},
): { ok: true; record: MappedCommunication } | { ok: false; errors: GraphRecordError[] } {
  const id = recordId(record);
  const at = options.path && options.path !== `[${index}]` && options.path !== '' ? { path: options.path } : {};
  if (!isPlainObject(record))
    return { ok: false, errors: [{ index, ...at, id: null, field: '(record)', problem: 'must be a JSON object' }] };
  const detected = detectGraphKind(record);
  if (detected.kind === null) {
    return {
      ok: false,
      errors: [{ index, ...at, id, field: '@odata.type' in record ? '@odata.type' : '(record)', problem: detected.problem }],
    };
  }
  const issue = detected.kind === 'serviceHealthIssue';
  const schema = options.tenantId
    ? issue
      ? graphHealthIssueSchema
      : graphUpdateMessageSchema
    : issue
      ? serviceHealthIssueSchema
      : serviceUpdateMessageSchema;
  const parsed = schema.safeParse(record, { reportInput: true });
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.map((problem) => ({ index, ...at, id, ...describeIssue(problem) })) };
  const tenants = options.tenantId
    ? [options.tenantId]
    : ((parsed.data as unknown as { affectedTenantIds?: string[] }).affectedTenantIds ?? []);
  return {
    ok: true,
    record: issue
      ? mapServiceHealthIssue(parsed.data as GraphHealthIssue, tenants)
      : mapServiceUpdateMessage(parsed.data as GraphUpdateMessage, tenants),
  };
}

/**
 * A file or API body: validates and maps every record; all or nothing: any bad record (or a Graph
 * id given twice) makes the whole result an error list, each naming the record (index and id) and
 * the field.
 */
export function parseGraphCommunications(input: unknown): GraphParseResult {
  const envelope = graphRecords(input);
  if (!envelope.ok) return envelope;
  const errors: GraphRecordError[] = [];
  const records: MappedCommunication[] = [];
  const seen = new Map<string, number>();
  envelope.records.forEach(({ record, path }, index) => {
    const parsed = parseGraphRecord(record, index, { path });
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      return;
    }
    const earlier = seen.get(parsed.record.externalId);
    if (earlier !== undefined) {
      errors.push({
        index,
        id: parsed.record.externalId,
        field: 'id',
        problem: `is the same as record ${earlier}'s; each Graph id may appear only once in a file`,
      });
      return;
    }
    seen.set(parsed.record.externalId, index);
    records.push(parsed.record);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records };
}

/**
 * One page the connector read from a tenant (`value` of Graph's answer): the records it could map,
 * and the problems of those it could not (reported, never a reason to lose the good ones).
 */
export function parseGraphPage(
  values: readonly unknown[],
  tenantId: string,
): { records: MappedCommunication[]; errors: GraphRecordError[] } {
  const records: MappedCommunication[] = [];
  const errors: GraphRecordError[] = [];
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const parsed = parseGraphRecord(value, index, { tenantId });
    if (!parsed.ok) errors.push(...parsed.errors);
    else if (!seen.has(parsed.record.externalId)) {
      seen.add(parsed.record.externalId);
      records.push(parsed.record);
    }
  });
  return { records, errors };
}

/** One line per error: `record 3 (id "MC123456"), field "startDateTime": must be …`. */
export function formatGraphError(error: GraphRecordError): string {
  if (error.index === null)
    return error.field === '(file)' ? `The file ${error.problem}.` : `The file's field "${error.field}" ${error.problem}.`;
  const name = `Record ${error.index}${error.path ? ` (${error.path})` : ''}`;
  const where = error.id ? `${name} (id ${JSON.stringify(error.id)})` : name;
  return error.field === '(record)' ? `${where} ${error.problem}.` : `${where}, field "${error.field}": ${error.problem}.`;
}

/**
 * Whether a communication is still open: an issue until Microsoft resolves it; a post until its
 * end has passed (the same rule as the list's "open" filter, lib/server/data/communications.ts).
 */
export function isOpen(item: { kind: GraphKind; isResolved: boolean; endAt: Date | null }, now: Date): boolean {
  if (item.isResolved) return false;
  return item.kind === 'serviceHealthIssue' || item.endAt === null || item.endAt.getTime() > now.getTime();
}

export type GraphUpdate = { createdAt: Date; text: string };
export type GraphDetail = { name: string; value: string };

/**
 * What the detail page shows from the stored Graph object: an issue's updates ("posts"), newest
 * first, in plain text; a post's "act by" date; the `details` Microsoft attached (name and value,
 * e.g. ExternalLink, BlogLink). Anything unreadable is skipped.
 */
export function graphDetails(raw: unknown): { updates: GraphUpdate[]; actionRequiredBy: Date | null; details: GraphDetail[] } {
  if (!isPlainObject(raw)) return { updates: [], actionRequiredBy: null, details: [] };
  const updates: GraphUpdate[] = [];
  if (Array.isArray(raw.posts)) {
    for (const post of raw.posts) {
      if (!isPlainObject(post) || typeof post.createdDateTime !== 'string' || !isPlainObject(post.description)) continue;
      const createdAt = new Date(post.createdDateTime);
      const { content, contentType } = post.description;
      if (Number.isNaN(createdAt.getTime()) || typeof content !== 'string') continue;
      const text = bodyToText(content, typeof contentType === 'string' ? contentType : 'text');
      if (text) updates.push({ createdAt, text });
    }
  }
  updates.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const due = typeof raw.actionRequiredByDateTime === 'string' ? new Date(raw.actionRequiredByDateTime) : null;
  const details: GraphDetail[] = [];
  if (Array.isArray(raw.details)) {
    for (const detail of raw.details) {
      if (!isPlainObject(detail) || typeof detail.name !== 'string' || typeof detail.value !== 'string') continue;
      if (detail.name.trim() && detail.value.trim()) details.push({ name: detail.name.trim(), value: detail.value.trim() });
    }
  }
  return { updates, actionRequiredBy: due && !Number.isNaN(due.getTime()) ? due : null, details };
}

/** Whether a stored status or category is one Graph may have added after this version (shown as "unknown"). */
export function isUnknownValue(value: string | null): boolean {
  return value === UNKNOWN_VALUE;
}
