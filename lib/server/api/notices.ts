import 'server-only';
import { isoDay } from '../../domain/dates';
import { DELIVERY_ERROR_CODES } from '../../domain/delivery-errors';
import { DELIVERY_STATUSES, NOTICE_ACTIONS, NOTICE_STATUSES } from '../../domain/notice-lifecycle';
import { CONTACT_ROLES } from '../../domain/notice-template';
import { isIsoDay } from '../../domain/zoned-day';
import { LOCALES } from '../../i18n/locales';
import { z } from '../../zod';
import {
  NOTICE_KINDS,
  noticeFieldErrorsOf,
  noticeInputSchema,
  noticePatchSchema,
  type NoticeInput,
  type NoticePatch,
} from '../../schemas/notices';
import { listDeliveries, type DeliveryRow } from '../data/delivery-ledger';
import { cancelNotice, scheduleNotice, sendNoticeNow } from '../data/notice-transitions';
import { createNotice, updateNotice } from '../data/notice-writes';
import { getNotice, listNotices, type NoticeDetail, type NoticeListItem } from '../data/notice-reads';
import type { NoticeRefResult } from '../data/notice-results';
import type { ApiCaller } from './auth';
import { etagOf, ifMatchOf, invalidCursor, invalidInput, json, noticeFailure, notFound, problem } from './http';
import { defineOperation } from './operation';
import { cursorSchema, day, instant, iso, limitSchema, pageOf, pathId } from './schemas';

// The notices part of the REST API (DESIGN.md, "REST API v1"). Each operation calls the same data
// functions as the pages (lib/server/data/notice-*.ts), which scope every query by the token's
// partner and refuse what DESIGN.md's transition table does not allow (409). Another partner's
// notice is not found (404), like one that does not exist. Request bodies go to the data
// functions as they came: those parse them with the notice schemas (documented from the same
// schemas) and answer INVALID with the fields at fault.

// ---------------------------------------------------------------------------------------------
// Shapes

const kind = z.enum(NOTICE_KINDS);
const status = z.enum(NOTICE_STATUSES);
const content = z.object({
  en: z.object({ subject: z.string(), body: z.string() }),
  'zh-TW': z.object({ subject: z.string(), body: z.string() }),
});
const deliveryCounts = z.object({ total: z.number(), queued: z.number(), sent: z.number(), failed: z.number(), cancelled: z.number() });

export const noticeListItemSchema = z
  .object({
    id: z.uuid(),
    kind,
    status,
    version: z.number().int(),
    subjects: z.object({ en: z.string(), 'zh-TW': z.string() }),
    customerCount: z.number().int(),
    deliveries: deliveryCounts,
    scheduledAt: instant.nullable(),
    sentAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'NoticeSummary' });

export const noticeSchema = z
  .object({
    id: z.uuid(),
    kind,
    status,
    version: z.number().int().meta({ description: 'The ETag: send it as If-Match with a change.' }),
    content,
    recipientRoles: z.array(z.enum(CONTACT_ROLES)),
    templateId: z.uuid().nullable(),
    scheduledAt: instant.nullable(),
    sentAt: instant.nullable(),
    cancelledAt: instant.nullable(),
    archivedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
    targetCount: z.number().int(),
    targets: z
      .array(
        z.object({
          customerId: z.uuid(),
          companyName: z.string(),
          subscriptions: z.array(
            z.object({
              id: z.uuid(),
              offerName: z.string(),
              quantity: z.number().int(),
              status: z.string(),
              autoRenew: z.boolean(),
              commitmentEndDate: day,
            }),
          ),
        }),
      )
      .meta({ description: 'The first targets (up to 200); `targetCount` says how many there are.' }),
    subscriptionCount: z.number().int(),
    recipientCount: z.number().int(),
    languages: z.array(z.enum(LOCALES)),
    deliveries: deliveryCounts,
    actions: z.array(z.enum(NOTICE_ACTIONS)),
    problems: z.array(z.looseObject({ code: z.string() })).meta({ description: 'What must change before it can be sent (codes).' }),
    sender: z.object({ name: z.string(), address: z.string(), replyTo: z.string().nullable() }),
  })
  .meta({ id: 'Notice' });

export const deliverySchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    customerName: z.string(),
    contactId: z.uuid().nullable(),
    recipientName: z.string(),
    recipientEmail: z.string(),
    language: z.enum(LOCALES),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastError: z.enum(DELIVERY_ERROR_CODES).nullable(),
    nextAttemptAt: instant.nullable(),
    sentAt: instant.nullable(),
    messageId: z.string(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Delivery' });

export function noticeListItemJson(item: NoticeListItem): z.output<typeof noticeListItemSchema> {
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
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}

export function noticeJson(notice: NoticeDetail): z.output<typeof noticeSchema> {
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
    createdAt: notice.createdAt.toISOString(),
    updatedAt: notice.updatedAt.toISOString(),
    targetCount: notice.targetCount,
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

export function deliveryJson(row: DeliveryRow): z.output<typeof deliverySchema> {
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
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters

const utcDay = z
  .string()
  .refine(isIsoDay, { error: 'dayInvalid' })
  .optional()
  .meta({ description: 'A UTC calendar day, YYYY-MM-DD (creation time).' });

const listQuerySchema = z.object({
  status: z.enum(NOTICE_STATUSES, { error: 'statusInvalid' }).optional(),
  kind: z.enum(NOTICE_KINDS, { error: 'kindInvalid' }).optional(),
  customerId: z.uuid({ error: 'idInvalid' }).optional().meta({ description: 'Only notices targeting this customer.' }),
  from: utcDay,
  to: utcDay,
  limit: limitSchema,
  cursor: cursorSchema,
});

const deliveriesQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES, { error: 'statusInvalid' }).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});

const noticeParams = z.object({ noticeId: pathId });

const scheduleBodySchema = z.object({
  scheduledAt: z.iso
    .datetime({ offset: true, error: 'timeInvalid' })
    .transform((value) => new Date(value))
    .meta({ description: 'When to send it: an ISO 8601 time with its offset, in the future.' }),
});

const IF_MATCH_OPTIONAL = {
  name: 'If-Match',
  description: 'The ETag the change starts from (412 when stale); `*` or none: the current version.',
  schema: z.string(),
};

const ETAG = { ETag: 'The notice version, e.g. "3".' };

// ---------------------------------------------------------------------------------------------
// Helpers

const badIfMatch = () => invalidInput({ 'If-Match': 'versionInvalid' }, 'If-Match must be the ETag of the notice, e.g. "3", or *.');

/** The notice as it is now, with its ETag (after a write too). */
async function noticeResponse(caller: ApiCaller, id: string, status = 200, headers: Record<string, string> = {}): Promise<Response> {
  const notice = await getNotice(caller.viewer, id);
  if (!notice) return notFound();
  return json(noticeJson(notice), { status, headers: { ETag: etagOf(notice.version), ...headers } });
}

async function afterWrite(caller: ApiCaller, result: NoticeRefResult): Promise<Response> {
  if (!result.ok) return noticeFailure(result);
  return noticeResponse(caller, result.id);
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

const TRANSITION_PROBLEMS = [
  'not-found',
  'invalid-input',
  'transition-not-allowed',
  'stale-version',
  'refused-input',
  'forbidden',
] as const;

// ---------------------------------------------------------------------------------------------
// Operations

export const listNoticesOperation = defineOperation({
  id: 'listNotices',
  method: 'get',
  path: '/notices',
  tag: 'Notices',
  summary: "The partner's subscription notices, newest first",
  scope: 'notices:read',
  query: listQuerySchema,
  answers: { 200: { description: 'One page of notices.', schema: pageOf(noticeListItemSchema) } },
  problems: ['invalid-input'],
  run: async ({ caller, query }) => {
    const page = await listNotices(caller.viewer, query);
    if (page.invalidCursor) return invalidCursor();
    return json({ data: page.items.map(noticeListItemJson), nextCursor: page.nextCursor });
  },
});

export const createNoticeOperation = defineOperation({
  id: 'createNotice',
  method: 'post',
  path: '/notices',
  tag: 'Notices',
  summary: 'Create a notice (a DRAFT)',
  description:
    'Answers 201 with the notice, `Location` and `ETag`. With `Idempotency-Key`, sending the same request again answers the first result and creates nothing.',
  scope: 'notices:write',
  body: { schema: noticeInputSchema, description: 'The notice: kind, content per language, targets and recipient roles.' },
  idempotent: true,
  answers: { 201: { description: 'The new notice.', schema: noticeSchema, headers: { ...ETAG, Location: 'The notice’s URL.' } } },
  problems: ['invalid-input', 'invalid-json', 'refused-input', 'forbidden', 'unsupported-media-type', 'body-too-large'],
  run: async ({ caller, body }) => {
    const read = await body();
    if (!read.ok) return read.response;
    const result = await createNotice(caller.viewer, read.body as NoticeInput, { address: caller.address });
    if (!result.ok) return noticeFailure(result);
    return noticeResponse(caller, result.id, 201, { Location: `/api/v1/notices/${result.id}` });
  },
});

export const getNoticeOperation = defineOperation({
  id: 'getNotice',
  method: 'get',
  path: '/notices/{noticeId}',
  tag: 'Notices',
  summary: 'One notice, with its version as ETag',
  scope: 'notices:read',
  params: noticeParams,
  answers: { 200: { description: 'The notice.', schema: noticeSchema, headers: ETAG } },
  problems: ['not-found'],
  run: async ({ caller, params }) => noticeResponse(caller, params.noticeId),
});

export const patchNoticeOperation = defineOperation({
  id: 'updateNotice',
  method: 'patch',
  path: '/notices/{noticeId}',
  tag: 'Notices',
  summary: 'Change a DRAFT or SCHEDULED notice',
  description: 'Needs If-Match with the ETag it starts from (428 without, 412 when stale, 409 when the notice is no longer editable).',
  scope: 'notices:write',
  params: noticeParams,
  headers: [{ name: 'If-Match', description: 'The ETag of the version changed, e.g. "3".', required: true, schema: z.string() }],
  body: { schema: noticePatchSchema, description: 'The fields to replace (any of the notice’s fields).' },
  answers: { 200: { description: 'The notice after the change.', schema: noticeSchema, headers: ETAG } },
  problems: [
    'not-found',
    'invalid-input',
    'invalid-json',
    'refused-input',
    'not-editable',
    'stale-version',
    'if-match-required',
    'forbidden',
    'unsupported-media-type',
    'body-too-large',
  ],
  run: async ({ caller, params, request, body }) => {
    const ifMatch = ifMatchOf(request);
    if (ifMatch.kind === 'absent') {
      return problem('if-match-required', {
        detail: "Send the ETag of the notice you changed as If-Match, so that nobody's change is overwritten.",
      });
    }
    // An edit says which version it changes: `*` would overwrite whatever is there now.
    if (ifMatch.kind !== 'version') {
      return invalidInput({ 'If-Match': 'versionInvalid' }, 'If-Match must be the ETag of the notice you changed, e.g. "3".');
    }
    const read = await body();
    if (!read.ok) return read.response;
    const result = await updateNotice(caller.viewer, params.noticeId, ifMatch.version, read.body as NoticePatch, {
      address: caller.address,
    });
    return afterWrite(caller, result);
  },
});

export const scheduleNoticeOperation = defineOperation({
  id: 'scheduleNotice',
  method: 'post',
  path: '/notices/{noticeId}/schedule',
  tag: 'Notices',
  summary: 'Schedule a notice (DRAFT or SCHEDULED → SCHEDULED at a future time)',
  scope: 'notices:write',
  params: noticeParams,
  headers: [IF_MATCH_OPTIONAL],
  body: { schema: scheduleBodySchema, description: 'When to send it.' },
  answers: { 200: { description: 'The scheduled notice.', schema: noticeSchema, headers: ETAG } },
  problems: [...TRANSITION_PROBLEMS, 'invalid-json', 'unsupported-media-type', 'body-too-large'],
  run: async ({ caller, params, request, body }) => {
    const read = await body();
    if (!read.ok) return read.response;
    const parsed = scheduleBodySchema.safeParse(read.body);
    if (!parsed.success) return invalidInput(noticeFieldErrorsOf(parsed.error.issues));
    const version = versionFor(request);
    if (!version.ok) return version.response;
    const result = await scheduleNotice(caller.viewer, params.noticeId, version.version, parsed.data.scheduledAt, new Date(), {
      address: caller.address,
    });
    return afterWrite(caller, result);
  },
});

export const sendNoticeOperation = defineOperation({
  id: 'sendNotice',
  method: 'post',
  path: '/notices/{noticeId}/send',
  tag: 'Notices',
  summary: 'Send a notice now (DRAFT or SCHEDULED → SENDING)',
  description: 'With `Idempotency-Key`, sending the same request again answers the first result and sends nothing again.',
  scope: 'notices:write',
  params: noticeParams,
  headers: [IF_MATCH_OPTIONAL],
  idempotent: true,
  answers: { 200: { description: 'The notice, now SENDING: its deliveries are queued.', schema: noticeSchema, headers: ETAG } },
  problems: [...TRANSITION_PROBLEMS],
  run: async ({ caller, params, request }) => {
    const version = versionFor(request);
    if (!version.ok) return version.response;
    return afterWrite(
      caller,
      await sendNoticeNow(caller.viewer, params.noticeId, version.version, new Date(), { address: caller.address }),
    );
  },
});

export const cancelNoticeOperation = defineOperation({
  id: 'cancelNotice',
  method: 'post',
  path: '/notices/{noticeId}/cancel',
  tag: 'Notices',
  summary: 'Cancel a notice (DRAFT or SCHEDULED → CANCELLED; queued deliveries are cancelled)',
  scope: 'notices:write',
  params: noticeParams,
  headers: [IF_MATCH_OPTIONAL],
  answers: { 200: { description: 'The cancelled notice.', schema: noticeSchema, headers: ETAG } },
  problems: [...TRANSITION_PROBLEMS],
  run: async ({ caller, params, request }) => {
    const version = versionFor(request);
    if (!version.ok) return version.response;
    return afterWrite(caller, await cancelNotice(caller.viewer, params.noticeId, version.version, { address: caller.address }));
  },
});

export const listDeliveriesOperation = defineOperation({
  id: 'listDeliveries',
  method: 'get',
  path: '/notices/{noticeId}/deliveries',
  tag: 'Notices',
  summary: "A notice's deliveries (one per recipient), by address",
  scope: 'notices:read',
  params: noticeParams,
  query: deliveriesQuerySchema,
  answers: {
    200: {
      description: 'One page of deliveries, with the counts per status and the notice’s status and version.',
      schema: pageOf(deliverySchema).extend({
        counts: deliveryCounts,
        notice: z.object({ id: z.uuid(), status, version: z.number().int() }),
      }),
    },
  },
  problems: ['not-found', 'invalid-input'],
  run: async ({ caller, params, query }) => {
    const page = await listDeliveries(caller.viewer, params.noticeId, query.cursor, { limit: query.limit, status: query.status });
    if (!page) return notFound();
    if (page.invalidCursor) return invalidCursor();
    return json({ data: page.items.map(deliveryJson), nextCursor: page.nextCursor, counts: page.counts, notice: page.notice });
  },
});

export const NOTICE_OPERATIONS = [
  listNoticesOperation,
  createNoticeOperation,
  getNoticeOperation,
  patchNoticeOperation,
  scheduleNoticeOperation,
  sendNoticeOperation,
  cancelNoticeOperation,
  listDeliveriesOperation,
];

// The handlers as the data tests call them (a Request and the path's parameters).
export const listNoticesHandler = listNoticesOperation.handle;
export const createNoticeHandler = createNoticeOperation.handle;
export const getNoticeHandler = getNoticeOperation.handle;
export const patchNoticeHandler = patchNoticeOperation.handle;
export const scheduleNoticeHandler = scheduleNoticeOperation.handle;
export const sendNoticeHandler = sendNoticeOperation.handle;
export const cancelNoticeHandler = cancelNoticeOperation.handle;
export const listDeliveriesHandler = listDeliveriesOperation.handle;
