import 'server-only';
import { isoDay } from '../../domain/dates';
import { NOTICE_STATUSES, DELIVERY_STATUSES } from '../../domain/notice-lifecycle';
import { isIsoDay } from '../../domain/zoned-day';
import { z } from '../../zod';
import {
  NOTICE_KINDS,
  PAGE_LIMIT_MAX,
  noticeFieldErrorsOf,
  noticeIdSchema,
  type NoticeInput,
  type NoticePatch,
} from '../../schemas/notices';
import { listDeliveries, type DeliveryRow } from '../data/delivery-ledger';
import { cancelNotice, scheduleNotice, sendNoticeNow } from '../data/notice-transitions';
import { createNotice, updateNotice } from '../data/notice-writes';
import { getNotice, listNotices, type NoticeDetail, type NoticeListItem } from '../data/notice-reads';
import type { NoticeRefResult } from '../data/notice-results';
import type { ApiScope } from '../../domain/permissions';
import { authenticate, type ApiCaller } from './auth';
import { etagOf, ifMatchOf, invalidInput, json, noticeFailure, notFound, problem, readJsonObject } from './http';

// The notices part of the REST API (DESIGN.md, "REST API v1"): the handlers behind
// app/api/v1/notices/**. Each authenticates the token and demands its scope, then calls the same
// data functions as the pages (lib/server/data/notices.ts), which scope every query by the token's
// partner and refuse what DESIGN.md's transition table does not allow (409). Another partner's
// notice is not found (404), like one that does not exist.

export const API_PAGE_SIZE = 25;

type Params = { params: Promise<{ noticeId: string }> };

// ---------------------------------------------------------------------------------------------
// Shapes

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function noticeListItemJson(item: NoticeListItem) {
  return {
    id: item.id,
    kind: item.kind,
    status: item.status,
    version: item.version,
    subjects: item.subjects,
    customerCount: item.customerCount,
    deliveries: item.deliveries,
    scheduledAt: iso(item.scheduledAt),
    sentAt: iso(item.sentAt),
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
  };
}

export function noticeJson(notice: NoticeDetail) {
  return {
    id: notice.id,
    kind: notice.kind,
    status: notice.status,
    version: notice.version,
    content: notice.content,
    recipientRoles: notice.recipientRoles,
    templateId: notice.template?.id ?? null,
    scheduledAt: iso(notice.scheduledAt),
    sentAt: iso(notice.sentAt),
    cancelledAt: iso(notice.cancelledAt),
    archivedAt: iso(notice.archivedAt),
    createdAt: iso(notice.createdAt),
    updatedAt: iso(notice.updatedAt),
    targetCount: notice.targetCount,
    // The first targets (up to the page's limit); targetCount says how many there are.
    targets: notice.targets.map((target) => ({
      customerId: target.customerId,
      companyName: target.companyName,
      subscriptions: target.subscriptions.map((s) => ({
        id: s.id,
        offerName: s.offerName,
        quantity: s.quantity,
        status: s.status,
        autoRenew: s.autoRenew,
        commitmentEndDate: isoDay(s.commitmentEndDate),
      })),
    })),
    subscriptionCount: notice.subscriptionCount,
    recipientCount: notice.recipientCount,
    languages: notice.languages,
    deliveries: notice.deliveries,
    actions: notice.actions,
    problems: notice.problems,
    sender: notice.sender,
  };
}

export function deliveryJson(row: DeliveryRow) {
  return {
    id: row.id,
    customerId: row.customerId,
    customerName: row.customerName,
    contactId: row.contactId,
    recipientName: row.recipientName,
    recipientEmail: row.recipientEmail,
    language: row.language,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
    sentAt: iso(row.sentAt),
    messageId: row.messageId,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// Query strings: unlike the pages (which ignore a bad filter), the API refuses one with a 400.

const limitSchema = z.coerce
  .number({ error: 'limitInvalid' })
  .int({ error: 'limitInvalid' })
  .min(1, { error: 'limitInvalid' })
  .max(PAGE_LIMIT_MAX, { error: 'limitInvalid' })
  .default(API_PAGE_SIZE);
const cursorSchema = z.string().min(1, { error: 'cursorInvalid' }).max(200, { error: 'cursorInvalid' }).optional();
const daySchema = z.string().refine(isIsoDay, { error: 'dayInvalid' }).optional();

const listQuerySchema = z.object({
  status: z.enum(NOTICE_STATUSES, { error: 'statusInvalid' }).optional(),
  kind: z.enum(NOTICE_KINDS, { error: 'kindInvalid' }).optional(),
  customerId: z.uuid({ error: 'idInvalid' }).optional(),
  from: daySchema,
  to: daySchema,
  limit: limitSchema,
  cursor: cursorSchema,
});

const deliveriesQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES, { error: 'statusInvalid' }).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});

function parseQuery<T extends z.ZodType>(request: Request, schema: T): { ok: true; data: z.output<T> } | { ok: false; response: Response } {
  const params = new URL(request.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [name, value] of params) if (value !== '') raw[name] = value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: invalidInput(fieldErrorsOf(parsed.error.issues)) };
  return { ok: true, data: parsed.data };
}

function fieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issue.message;
  }
  return errors;
}

const invalidCursor = () => invalidInput({ cursor: 'cursorInvalid' }, 'The cursor is not one this list gave out.');

async function noticeId(params: Params['params']): Promise<string | null> {
  const { noticeId } = await params;
  const parsed = noticeIdSchema.safeParse(noticeId);
  return parsed.success ? parsed.data.toLowerCase() : null;
}

/** The caller (with `scope`) and the notice id of a request on one notice, or the response instead. */
async function onNotice(
  request: Request,
  params: Params['params'],
  scope: ApiScope,
): Promise<{ ok: true; caller: ApiCaller; id: string } | { ok: false; response: Response }> {
  const auth = await authenticate(request, scope);
  if (!auth.ok) return auth;
  const id = await noticeId(params);
  if (!id) return { ok: false, response: notFound() };
  return { ok: true, caller: auth.caller, id };
}

const badIfMatch = () => invalidInput({ 'If-Match': 'versionInvalid' }, 'If-Match must be the ETag of the notice, e.g. "3", or *.');

/** The notice as it is now, with its ETag (after a write too). */
async function noticeResponse(caller: ApiCaller, id: string, status = 200, headers: HeadersInit = {}): Promise<Response> {
  const notice = await getNotice(caller.viewer, id);
  if (!notice) return notFound();
  return json(noticeJson(notice), { status, headers: { ETag: etagOf(notice.version), ...headers } });
}

async function afterWrite(caller: ApiCaller, result: NoticeRefResult, status = 200, headers: HeadersInit = {}): Promise<Response> {
  if (!result.ok) return noticeFailure(result);
  return noticeResponse(caller, result.id, status, headers);
}

/**
 * The version a transition starts from: `If-Match` when given (stale: 412), else none — the data
 * function then acts on the current version, read with the row locked (the transition table
 * still decides).
 */
function versionFor(request: Request): { ok: true; version: number | undefined } | { ok: false; response: Response } {
  const ifMatch = ifMatchOf(request);
  if (ifMatch.kind === 'invalid') return { ok: false, response: badIfMatch() };
  return { ok: true, version: ifMatch.kind === 'version' ? ifMatch.version : undefined };
}

// ---------------------------------------------------------------------------------------------
// Handlers (request bodies go to the data functions as they came: those parse them with the
// notice schemas, and answer INVALID with the fields at fault)

/** GET /api/v1/notices?status=&kind=&customerId=&from=&to=&limit=&cursor= */
export async function listNoticesHandler(request: Request): Promise<Response> {
  const auth = await authenticate(request, 'notices:read');
  if (!auth.ok) return auth.response;
  const query = parseQuery(request, listQuerySchema);
  if (!query.ok) return query.response;
  const page = await listNotices(auth.caller.viewer, query.data);
  if (page.invalidCursor) return invalidCursor();
  return json({ data: page.items.map(noticeListItemJson), nextCursor: page.nextCursor });
}

/** POST /api/v1/notices: a new DRAFT (201, Location and ETag). */
export async function createNoticeHandler(request: Request): Promise<Response> {
  const auth = await authenticate(request, 'notices:write');
  if (!auth.ok) return auth.response;
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;
  const result = await createNotice(auth.caller.viewer, body.body as NoticeInput, { address: auth.caller.address });
  if (!result.ok) return noticeFailure(result);
  return noticeResponse(auth.caller, result.id, 201, { Location: `/api/v1/notices/${result.id}` });
}

/** GET /api/v1/notices/{id} (ETag: its version). */
export async function getNoticeHandler(request: Request, { params }: Params): Promise<Response> {
  const target = await onNotice(request, params, 'notices:read');
  if (!target.ok) return target.response;
  const { caller, id } = target;
  return noticeResponse(caller, id);
}

/** PATCH /api/v1/notices/{id} with If-Match (428 without, 412 when stale, 409 when not editable). */
export async function patchNoticeHandler(request: Request, { params }: Params): Promise<Response> {
  const target = await onNotice(request, params, 'notices:write');
  if (!target.ok) return target.response;
  const { caller, id } = target;
  const ifMatch = ifMatchOf(request);
  if (ifMatch.kind === 'absent') {
    return problem({
      status: 428,
      title: 'If-Match required',
      detail: "Send the ETag of the notice you changed as If-Match, so that nobody's change is overwritten.",
    });
  }
  // An edit says which version it changes: `*` would overwrite whatever is there now.
  if (ifMatch.kind !== 'version') {
    return invalidInput({ 'If-Match': 'versionInvalid' }, 'If-Match must be the ETag of the notice you changed, e.g. "3".');
  }
  const version = ifMatch.version;
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;
  return afterWrite(caller, await updateNotice(caller.viewer, id, version, body.body as NoticePatch, { address: caller.address }));
}

const scheduleBodySchema = z.object({
  scheduledAt: z.iso.datetime({ offset: true, error: 'timeInvalid' }).transform((value) => new Date(value)),
});

/** POST /api/v1/notices/{id}/schedule `{ "scheduledAt": "2027-01-05T09:00:00+08:00" }` */
export async function scheduleNoticeHandler(request: Request, { params }: Params): Promise<Response> {
  const target = await onNotice(request, params, 'notices:write');
  if (!target.ok) return target.response;
  const { caller, id } = target;
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;
  const parsed = scheduleBodySchema.safeParse(body.body);
  if (!parsed.success) return invalidInput(noticeFieldErrorsOf(parsed.error.issues));
  const version = versionFor(request);
  if (!version.ok) return version.response;
  const result = await scheduleNotice(caller.viewer, id, version.version, parsed.data.scheduledAt, new Date(), {
    address: caller.address,
  });
  return afterWrite(caller, result);
}

/** POST /api/v1/notices/{id}/send: DRAFT or SCHEDULED → SENDING now. */
export async function sendNoticeHandler(request: Request, { params }: Params): Promise<Response> {
  const target = await onNotice(request, params, 'notices:write');
  if (!target.ok) return target.response;
  const { caller, id } = target;
  const version = versionFor(request);
  if (!version.ok) return version.response;
  return afterWrite(caller, await sendNoticeNow(caller.viewer, id, version.version, new Date(), { address: caller.address }));
}

/** POST /api/v1/notices/{id}/cancel: DRAFT or SCHEDULED → CANCELLED (queued deliveries cancelled). */
export async function cancelNoticeHandler(request: Request, { params }: Params): Promise<Response> {
  const target = await onNotice(request, params, 'notices:write');
  if (!target.ok) return target.response;
  const { caller, id } = target;
  const version = versionFor(request);
  if (!version.ok) return version.response;
  return afterWrite(caller, await cancelNotice(caller.viewer, id, version.version, { address: caller.address }));
}

/** GET /api/v1/notices/{id}/deliveries?status=&limit=&cursor=: the per-recipient ledger, by address. */
export async function listDeliveriesHandler(request: Request, { params }: Params): Promise<Response> {
  const target = await onNotice(request, params, 'notices:read');
  if (!target.ok) return target.response;
  const { caller, id } = target;
  const query = parseQuery(request, deliveriesQuerySchema);
  if (!query.ok) return query.response;
  const page = await listDeliveries(caller.viewer, id, query.data.cursor, { limit: query.data.limit, status: query.data.status });
  if (!page) return notFound();
  if (page.invalidCursor) return invalidCursor();
  return json({ data: page.items.map(deliveryJson), nextCursor: page.nextCursor, counts: page.counts, notice: page.notice });
}
