// The records of what someone hands the portal as Microsoft Graph service communications — a
// file (npm run import:microsoft), an API body, or a page the connector read — before each is
// mapped (graph-mapping.ts). Pure.
//
// Accepted: one object, an array of them, or Graph's collection `{ "value": [ … ] }`, of
// serviceHealthIssue and serviceUpdateMessage objects. Also read as people really export them:
// `healthOverviews` (GET /admin/serviceAnnouncement/healthOverviews?$expand=issues) is a list of
// services each holding its issues: the issues are taken out of it (the overview's
// `affectedTenantIds` apply to its issues that have none). Refused with a message that says
// what the thing is: a Graph error response (the request that produced the file failed), a
// message's attachment (serviceAnnouncementAttachment) or an attachment list, a service overview
// fetched without its issues.
import { MAX_RECORDS_PER_IMPORT } from '../schemas/graph';

export type GraphKind = 'serviceHealthIssue' | 'serviceUpdateMessage';

export type GraphRecordError = {
  /** Position in the file (after overviews are opened), from 0; null for a problem with the file as a whole. */
  index: number | null;
  /** Where it came from when that is not simply `[index]`, e.g. "value[2].issues[0]". */
  path?: string;
  /** The record's Graph id when it has a usable one. */
  id: string | null;
  field: string;
  problem: string;
};

/** A record and where it was found. */
export type GraphRecordAt = { record: unknown; path: string };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

const typeIs = (record: Record<string, unknown>, name: string) =>
  typeof record['@odata.type'] === 'string' && new RegExp(`(^|\\.)${name}$`, 'i').test(record['@odata.type']);

/** A message's attachment (serviceAnnouncementAttachment): by its type, or its fields (name, contentType, size, no title). */
function isAttachment(record: Record<string, unknown>): boolean {
  return (
    typeIs(record, 'serviceAnnouncementAttachment') ||
    ('name' in record && 'size' in record && 'contentType' in record && !('title' in record))
  );
}

/** A service's health overview (serviceHealth): by its type, or `issues` without a title of its own. */
function isHealthOverview(record: Record<string, unknown>): boolean {
  if (typeIs(record, 'serviceHealth')) return true;
  return Array.isArray(record.issues) && !('title' in record) && !('classification' in record);
}

/**
 * Which Graph shape an object is: by its `@odata.type` when present, else by the fields only one
 * of the shapes has. `null` with a reason when it is neither, or looks like both.
 */
export function detectGraphKind(record: Record<string, unknown>): { kind: GraphKind } | { kind: null; problem: string } {
  if (isAttachment(record)) {
    return {
      kind: null,
      problem:
        'is an attachment of a message-center post (serviceAnnouncementAttachment), not a post: attachments are not imported; import the post itself (GET /admin/serviceAnnouncement/messages/{id})',
    };
  }
  const odataType = record['@odata.type'];
  if (typeof odataType === 'string') {
    if (typeIs(record, 'serviceHealthIssue')) return { kind: 'serviceHealthIssue' };
    if (typeIs(record, 'serviceUpdateMessage')) return { kind: 'serviceUpdateMessage' };
    return {
      kind: null,
      problem: `is ${JSON.stringify(odataType)}; expected #microsoft.graph.serviceHealthIssue or #microsoft.graph.serviceUpdateMessage`,
    };
  }
  if (!('title' in record) && !('startDateTime' in record) && 'service' in record && 'status' in record) {
    return {
      kind: null,
      problem:
        'is a service health overview without its issues (serviceHealth): read it with $expand=issues (GET /admin/serviceAnnouncement/healthOverviews?$expand=issues), or read the issues themselves',
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

/** A Graph error response (`{ "error": { "code", "message" } }`): its code and message, else null. */
export function graphErrorBody(input: unknown): { code: string; message: string } | null {
  if (!isPlainObject(input) || !isPlainObject(input.error) || 'value' in input || 'id' in input) return null;
  const { code, message } = input.error;
  return { code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : '' };
}

/** The overviews' issues in place of the overviews; every other record as it is. */
function openOverviews(records: readonly unknown[], prefix: string): GraphRecordAt[] {
  const out: GraphRecordAt[] = [];
  records.forEach((record, index) => {
    const path = `${prefix}[${index}]`;
    if (!isPlainObject(record) || !isHealthOverview(record) || !Array.isArray(record.issues)) {
      out.push({ record, path });
      return;
    }
    const tenants = record.affectedTenantIds;
    record.issues.forEach((issue: unknown, at) => {
      const withTenants =
        isPlainObject(issue) && issue.affectedTenantIds === undefined && tenants !== undefined
          ? { ...issue, affectedTenantIds: tenants }
          : issue;
      out.push({ record: withTenants, path: `${path}.issues[${at}]` });
    });
  });
  return out;
}

/** The records of a file or body: one object, an array, or `{ "value": [ … ] }` (overviews opened). */
export function graphRecords(input: unknown): { ok: true; records: GraphRecordAt[] } | { ok: false; errors: GraphRecordError[] } {
  const fail = (field: string, problem: string) => ({ ok: false as const, errors: [{ index: null, id: null, field, problem }] });
  const error = graphErrorBody(input);
  if (error) {
    const said = [error.code, error.message].filter(Boolean).join(': ');
    return fail(
      'error',
      `is a Microsoft Graph error response${said ? ` (${JSON.stringify(said)})` : ''}, not service communications: the request that produced it failed`,
    );
  }
  let records: GraphRecordAt[];
  if (Array.isArray(input)) records = openOverviews(input, '');
  else if (isPlainObject(input) && 'value' in input && !('id' in input)) {
    if (!Array.isArray(input.value)) return fail('value', 'must be an array of serviceHealthIssue or serviceUpdateMessage objects');
    const context = typeof input['@odata.context'] === 'string' ? input['@odata.context'] : '';
    if (
      /\/attachments(\(|$|\/)/.test(context) ||
      (input.value.length > 0 && input.value.every((r) => isPlainObject(r) && isAttachment(r)))
    ) {
      return fail(
        '(file)',
        'is a list of message attachments (serviceAnnouncementAttachment), not posts: attachments are not imported; import the posts themselves (GET /admin/serviceAnnouncement/messages)',
      );
    }
    records = openOverviews(input.value, 'value');
  } else if (isPlainObject(input))
    records = openOverviews([input], '').map((entry) => ({ ...entry, path: entry.path.replace(/^\[0\]\.?/, '') }));
  else return fail('(file)', 'must be a JSON object, an array of objects, or { "value": [ … ] }');
  if (records.length > MAX_RECORDS_PER_IMPORT) {
    return fail('(file)', `holds ${records.length} records; at most ${MAX_RECORDS_PER_IMPORT} can be imported at once (split the file)`);
  }
  return { ok: true, records };
}
