import 'server-only';
import { getDb } from '../db';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { mailSettings } from '../mail/settings';
import type { Prisma } from '../../generated/prisma/client';
import { can } from '../../domain/permissions';
import { LOCALES, isLocale, localeFromDb, type Locale } from '../../i18n/locales';
import { addDays, startOfUtcDay } from '../../domain/dates';
import { nextIsoDay, startOfDayIn } from '../../domain/zoned-day';
import {
  checkSchedule,
  checkTransition,
  countDeliveries,
  isEditable,
  noticeActions,
  planRetry,
  requeueFields,
  type DeliveryCounts,
  type NoticeAction,
  type NoticeStatus,
} from '../../domain/notice-lifecycle';
import {
  recipientLanguage,
  renderNotice,
  validateTemplate,
  type ContactRole,
  type NoticeCheckError,
  type NoticeContent,
  type RenderedNotice,
  type TemplateError,
  type TemplateField,
} from '../../domain/notice-template';
import {
  noticeFieldErrorsOf,
  noticeInputSchema,
  noticeListQuerySchema,
  noticePatchSchema,
  senderIdentitySchema,
  templateInputSchema,
  type NoticeFormErrorCode,
  type NoticeInput,
  type NoticeKind,
  type NoticeListQuery,
  type NoticePatch,
  type NoticeTargetInput,
  type SenderIdentityInput,
  type TemplateInput,
} from '../../schemas/notices';
import {
  checkNoticeTargets,
  contentFromRow,
  contentToRow,
  createDeliveries,
  deliveryCountsOf,
  isUuid,
  loadNoticeTargets,
  loadTargetCustomers,
  recipientsOf,
  replaceTargets,
  syncQueuedDeliveries,
  templateContextOf,
  viewerAudit,
  writeAudit,
  type TargetCustomer,
  type TargetSubscription,
  type Tx,
} from './deliveries';

// =============================================================================================
// Subscription notices: the data API for pages, server actions and the REST API.
//
// Every function takes the acting Viewer and scopes every query by `partnerScope(viewer)`: an id
// of another partner finds nothing, exactly like an id that does not exist (reads → null,
// writes → { ok: false, code: 'NOT_FOUND' }). Writes need the `notice:write` permission (templates
// and the sender identity: `settings:notices`), else `FORBIDDEN`. Writes run in one transaction
// that also appends the audit event; a refused write changes nothing.
//
// Results of writes: `{ ok: true, … } | NoticeFailure`, where NoticeFailure is
// `{ ok: false, code, …details }` with one of these codes (NOTICE_ERROR_HTTP_STATUS maps them
// for the API):
//   FORBIDDEN               403  the viewer's role may not do this
//   NOT_FOUND               404  no such notice/template for the viewer's partner
//   INVALID                 400  the input does not pass the zod schema; `fieldErrors` by path
//   NOTICE_INVALID          400  the domain's checkNotice refused it; `errors` (NoticeCheckError[]:
//                                UNKNOWN_VARIABLE, MALFORMED_VARIABLE, SUBJECT_REQUIRED,
//                                BODY_REQUIRED, TARGET_WITHOUT_RECIPIENT, NO_TARGET, …)
//   TEMPLATE_INVALID        400  a template's text has variable errors; `errors`
//   CUSTOMER_NOT_FOUND      400  target customer ids unknown to the partner; `ids`
//   SUBSCRIPTION_NOT_FOUND  400  subscription ids unknown to the partner; `ids`
//   TEMPLATE_NOT_FOUND      400  the templateId is unknown to the partner
//   SCHEDULE_NOT_IN_FUTURE  400  a schedule time that is not later than now
//   SCHEDULE_INVALID_TIME   400
//   DELIVERY_NOT_FOUND      400  a retry names a delivery that is not the notice's; `deliveryId`
//   NAME_TAKEN              409  a template name already used by the partner
//   TRANSITION_NOT_ALLOWED  409  DESIGN.md's transition table refuses it; `from`, `to`
//   NOT_EDITABLE            409  only DRAFT and SCHEDULED notices can be edited; `status`
//   NOTHING_TO_RETRY        409  no FAILED delivery to retry
//   DELIVERY_NOT_RETRYABLE  409  a retry names a delivery that is not FAILED
//   TEMPLATE_IN_USE         409  the template is the enabled reminder rule's
//   STALE                   412  `expectedVersion` is not the current version; `currentVersion`.
//                                Nothing changes: the other person's change is kept.
//
// Reads
//   listNotices(viewer, query)            → NoticePage: items, nextCursor, countsByStatus
//   getNotice(viewer, id)                 → NoticeDetail | null (targets, recipients, counts,
//                                           version, allowed actions, current check problems)
//   renderPreview(viewer, source, pick?)  → NoticePreview | null: exactly what recipients get
//                                           (renderNotice, their language), for a stored notice
//                                           ({ noticeId }) or a draft being composed ({ draft })
//   listTemplates / getTemplate           (any partner role: the composer prefills from them)
//   getSenderIdentity                     (partner admin)
// Writes (`ctx`: { address } for the audit trail — requestAddress() in an action — and `now`)
//   createNotice(viewer, input, ctx)                             → DRAFT
//   updateNotice(viewer, id, expectedVersion, patch, ctx)        DRAFT/SCHEDULED only
//   (schedule, send now and cancel take `expectedVersion` undefined too: the API without If-Match
//   acts on the current version, read with the row locked)
//   scheduleNotice(viewer, id, expectedVersion, at, now, ctx)    DRAFT → SCHEDULED, or a new time
//   sendNoticeNow(viewer, id, expectedVersion, now, ctx)         DRAFT/SCHEDULED → SENDING
//   unscheduleNotice(viewer, id, expectedVersion, ctx)           SCHEDULED → DRAFT
//   cancelNotice(viewer, id, expectedVersion, ctx)               DRAFT/SCHEDULED → CANCELLED
//   archiveNotice(viewer, id, expectedVersion, ctx)              SENT/PARTIALLY_FAILED/FAILED → ARCHIVED
//   duplicateNotice(viewer, id, ctx)                             → a new DRAFT copy
//   retryFailedDeliveries(viewer, id, deliveryIds?, ctx)         PARTIALLY_FAILED/FAILED → SENDING
//   saveTemplate / deleteTemplate / saveSenderIdentity           (partner admin)
// Deliveries (ledger, CSV) are in deliveries.ts; renewal coverage and reminder rules in
// reminders.ts.
//
// The outbox: scheduling or sending creates one QUEUED delivery per recipient (unique per notice
// and address; recipient language per the domain's recipientLanguage; a stable Message-ID
// `<deliveryId@MAIL_FROM's domain>`) in the same transaction as the notice's status change.
// Scheduled deliveries are due at the scheduled time but only sent once the notice is SENDING
// (the worker moves it when the time comes). Editing a scheduled notice, or scheduling it again,
// brings its queued deliveries in line with its recipients; unscheduling removes them (never
// attempted); cancelling marks them CANCELLED. Before a notice is saved, scheduled or sent,
// checkNotice must find nothing (see NOTICE_INVALID); drafts made by the system (duplicates,
// reminder rules) may carry problems, which getNotice reports and which block scheduling.
// Variables are filled from the live data (customer name, subscriptions) when each message is
// rendered — at preview time and at send time alike.
// =============================================================================================

export type NoticeErrorCode =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INVALID'
  | 'NOTICE_INVALID'
  | 'TEMPLATE_INVALID'
  | 'CUSTOMER_NOT_FOUND'
  | 'SUBSCRIPTION_NOT_FOUND'
  | 'TEMPLATE_NOT_FOUND'
  | 'SCHEDULE_NOT_IN_FUTURE'
  | 'SCHEDULE_INVALID_TIME'
  | 'DELIVERY_NOT_FOUND'
  | 'NAME_TAKEN'
  | 'TRANSITION_NOT_ALLOWED'
  | 'NOT_EDITABLE'
  | 'NOTHING_TO_RETRY'
  | 'DELIVERY_NOT_RETRYABLE'
  | 'TEMPLATE_IN_USE'
  | 'STALE';

export const NOTICE_ERROR_HTTP_STATUS: Readonly<Record<NoticeErrorCode, number>> = {
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 400,
  NOTICE_INVALID: 400,
  TEMPLATE_INVALID: 400,
  CUSTOMER_NOT_FOUND: 400,
  SUBSCRIPTION_NOT_FOUND: 400,
  TEMPLATE_NOT_FOUND: 400,
  SCHEDULE_NOT_IN_FUTURE: 400,
  SCHEDULE_INVALID_TIME: 400,
  DELIVERY_NOT_FOUND: 400,
  NAME_TAKEN: 409,
  TRANSITION_NOT_ALLOWED: 409,
  NOT_EDITABLE: 409,
  NOTHING_TO_RETRY: 409,
  DELIVERY_NOT_RETRYABLE: 409,
  TEMPLATE_IN_USE: 409,
  STALE: 412,
};

export type TemplateCheckError = TemplateError & { language: Locale; field: TemplateField };

export type NoticeFailure =
  | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' | 'TEMPLATE_NOT_FOUND' | 'SCHEDULE_INVALID_TIME' | 'NOTHING_TO_RETRY' | 'NAME_TAKEN' | 'TEMPLATE_IN_USE' }
  | { ok: false; code: 'INVALID'; fieldErrors: Record<string, NoticeFormErrorCode> }
  | { ok: false; code: 'NOTICE_INVALID'; errors: NoticeCheckError[] }
  | { ok: false; code: 'TEMPLATE_INVALID'; errors: TemplateCheckError[] }
  | { ok: false; code: 'CUSTOMER_NOT_FOUND' | 'SUBSCRIPTION_NOT_FOUND'; ids: string[] }
  | { ok: false; code: 'SCHEDULE_NOT_IN_FUTURE'; scheduledAt: Date; now: Date }
  | { ok: false; code: 'DELIVERY_NOT_FOUND'; deliveryId: string }
  | { ok: false; code: 'DELIVERY_NOT_RETRYABLE'; deliveryId: string; status: string }
  | { ok: false; code: 'TRANSITION_NOT_ALLOWED'; from: NoticeStatus; to: NoticeStatus }
  | { ok: false; code: 'NOT_EDITABLE'; status: NoticeStatus }
  | { ok: false; code: 'STALE'; currentVersion: number | string };

export type NoticeResult<T extends object = object> = ({ ok: true } & T) | NoticeFailure;

/** What a write returns about the notice: its id, new status and new version. */
export type NoticeRef = { id: string; status: NoticeStatus; version: number };
export type NoticeRefResult = NoticeResult<NoticeRef>;

export type WriteContext = { address?: string | null; now?: Date };

const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;
const NOT_FOUND = { ok: false, code: 'NOT_FOUND' } as const;

/** Thrown inside a transaction to roll it back and answer with the failure. */
class Refusal extends Error {
  constructor(readonly failure: NoticeFailure) {
    super(failure.code);
  }
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 120_000 } as const;

async function inTransaction<T extends object>(work: (tx: Tx) => Promise<NoticeResult<T>>): Promise<NoticeResult<T>> {
  try {
    return await getDb().$transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Refusal(result);
      return result;
    }, TX_OPTIONS);
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    if (isUniqueViolation(error)) return { ok: false, code: 'NAME_TAKEN' };
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002';
}

const mayWrite = (viewer: Viewer) => can(viewer.role, 'notice:write');
const mayConfigure = (viewer: Viewer) => can(viewer.role, 'settings:notices');

// ---------------------------------------------------------------------------------------------
// Reading notices

export type NoticeListItem = {
  id: string;
  kind: NoticeKind;
  status: NoticeStatus;
  version: number;
  subjects: Record<Locale, string>;
  customerCount: number;
  /** The first few target customers by name, for the list. */
  customers: { id: string; companyName: string }[];
  deliveries: DeliveryCounts;
  scheduledAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  createdByName: string | null;
  fromReminder: boolean;
};

export type NoticePage = {
  items: NoticeListItem[];
  nextCursor: string | null;
  /** The cursor given could not be read: the first page is shown. */
  invalidCursor: boolean;
  /** Notices per status under the other filters (kind, customer, dates), for the status tabs. */
  countsByStatus: Record<NoticeStatus, number>;
};

type ListCursor = { createdAt: Date; id: string };

const encodeListCursor = (cursor: ListCursor) => Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');

function decodeListCursor(value: string): ListCursor | null {
  const [time, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !time || !isUuid(id)) return null;
  const createdAt = new Date(time);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== time) return null;
  return { createdAt, id: id.toLowerCase() };
}

function dayStart(day: string, timeZone: string): Date {
  try {
    return startOfDayIn(day, timeZone);
  } catch {
    return startOfDayIn(day, 'UTC');
  }
}

const LIST_CUSTOMERS_SHOWN = 3;

/**
 * The partner's notices, newest first, filtered by status, kind, target customer and date (the
 * day it was sent, else scheduled, else created, in the viewer's time zone), a page at a time.
 * `query` is parsed with noticeListQuerySchema: invalid values are ignored.
 */
export async function listNotices(viewer: Viewer, query: NoticeListQuery = {}): Promise<NoticePage> {
  const partnerId = partnerScope(viewer);
  const q = noticeListQuerySchema.parse(query);
  const cursor = q.cursor ? decodeListCursor(q.cursor) : null;
  const and: Prisma.NoticeWhereInput[] = [{ partnerId }];
  if (q.kind) and.push({ kind: q.kind });
  if (q.customerId) and.push({ customers: { some: { customerId: q.customerId } } });
  if (q.from || q.to) {
    const range: Prisma.DateTimeFilter = {};
    if (q.from) range.gte = dayStart(q.from, viewer.timeZone);
    if (q.to) range.lt = dayStart(nextIsoDay(q.to), viewer.timeZone);
    and.push({
      OR: [{ sentAt: range }, { sentAt: null, scheduledAt: range }, { sentAt: null, scheduledAt: null, createdAt: range }],
    });
  }
  const listWhere: Prisma.NoticeWhereInput = { AND: [...and, ...(q.status ? [{ status: q.status }] : [])] };
  const pageWhere: Prisma.NoticeWhereInput = cursor
    ? { AND: [listWhere, { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] }
    : listWhere;
  const db = getDb();
  const [rows, groups] = await Promise.all([
    db.notice.findMany({
      where: pageWhere,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: q.limit + 1,
      select: {
        id: true,
        kind: true,
        status: true,
        version: true,
        subjectEn: true,
        subjectZhTw: true,
        scheduledAt: true,
        sentAt: true,
        createdAt: true,
        updatedAt: true,
        reminderRuleId: true,
        createdBy: { select: { displayName: true } },
        _count: { select: { customers: true } },
        customers: {
          take: LIST_CUSTOMERS_SHOWN,
          orderBy: { customer: { companyName: 'asc' } },
          select: { customer: { select: { id: true, companyName: true } } },
        },
      },
    }),
    db.notice.groupBy({ by: ['status'], where: { AND: and }, _count: { _all: true } }),
  ]);
  const page = rows.slice(0, q.limit);
  const counts = await deliveryCountsOf(
    db,
    partnerId,
    page.map((row) => row.id),
  );
  const countsByStatus = Object.fromEntries(
    (['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED'] as const).map((status) => [status, 0]),
  ) as Record<NoticeStatus, number>;
  for (const group of groups) countsByStatus[group.status] = group._count._all;
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      version: row.version,
      subjects: { en: row.subjectEn, 'zh-TW': row.subjectZhTw },
      customerCount: row._count.customers,
      customers: row.customers.map((link) => link.customer),
      deliveries: counts.get(row.id) ?? countDeliveries([]),
      scheduledAt: row.scheduledAt,
      sentAt: row.sentAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      createdByName: row.createdBy?.displayName ?? null,
      fromReminder: row.reminderRuleId !== null,
    })),
    nextCursor: rows.length > q.limit && last ? encodeListCursor({ createdAt: last.createdAt, id: last.id }) : null,
    invalidCursor: Boolean(q.cursor) && cursor === null,
    countsByStatus,
  };
}

export type NoticeRecipientView = {
  contactId: string;
  name: string;
  email: string;
  role: ContactRole;
  language: Locale;
};

export type NoticeTargetView = {
  customerId: string;
  companyName: string;
  preferredLanguage: Locale;
  subscriptions: TargetSubscription[];
  /** The contacts of the chosen roles that receive the notice (each address once per notice). */
  recipients: NoticeRecipientView[];
};

export type NoticeDetail = {
  id: string;
  kind: NoticeKind;
  status: NoticeStatus;
  /** Send it back as `expectedVersion` with the next change (the API's ETag). */
  version: number;
  content: NoticeContent;
  recipientRoles: ContactRole[];
  scheduledAt: Date | null;
  sentAt: Date | null;
  cancelledAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  createdBy: { id: string; name: string } | null;
  template: { id: string; name: string } | null;
  reminderRuleId: string | null;
  /** Target customers in name order (the first TARGETS_SHOWN of `targetCount`). */
  targets: NoticeTargetView[];
  targetCount: number;
  subscriptionCount: number;
  /** Recipients of a draft now; of a scheduled or later notice, its deliveries. */
  recipientCount: number;
  /** Languages its recipients read (the composer must fill these). */
  languages: Locale[];
  deliveries: DeliveryCounts;
  /** The user actions of its status (the UI shows the matching controls to writers). */
  actions: NoticeAction[];
  /** checkNotice's findings for a draft or scheduled notice (empty when it can be sent). */
  problems: NoticeCheckError[];
  /** Who the e-mail comes from: the partner's sender name, the portal's address, the partner's reply-to. */
  sender: SenderView;
};

export type SenderView = { name: string; address: string; replyTo: string | null };

export const TARGETS_SHOWN = 200;

const NOTICE_SELECT = {
  id: true,
  kind: true,
  status: true,
  version: true,
  subjectEn: true,
  bodyEn: true,
  subjectZhTw: true,
  bodyZhTw: true,
  recipientRoles: true,
  scheduledAt: true,
  sentAt: true,
  cancelledAt: true,
  archivedAt: true,
  createdAt: true,
  updatedAt: true,
  reminderRuleId: true,
  createdBy: { select: { id: true, displayName: true } },
  template: { select: { id: true, name: true } },
  partner: { select: { name: true, senderName: true, senderReplyTo: true } },
} satisfies Prisma.NoticeSelect;

function senderOf(partner: { name: string; senderName: string | null; senderReplyTo: string | null }): SenderView {
  return { name: partner.senderName?.trim() || partner.name, address: mailSettings().fromAddress, replyTo: partner.senderReplyTo?.trim() || null };
}

function recipientViews(customer: TargetCustomer, roles: readonly ContactRole[], taken: Set<string>): NoticeRecipientView[] {
  const wanted = new Set(roles);
  const out: NoticeRecipientView[] = [];
  for (const contact of customer.contacts) {
    const email = contact.email.trim();
    const key = email.toLowerCase();
    if (!wanted.has(contact.role) || email === '' || taken.has(key)) continue;
    taken.add(key);
    out.push({
      contactId: contact.id,
      name: contact.name,
      email,
      role: contact.role,
      language: recipientLanguage(contact, customer),
    });
  }
  return out;
}

/** One notice with its targets, recipients, delivery counts, allowed actions and problems; null when not the viewer's partner's. */
export async function getNotice(viewer: Viewer, id: string): Promise<NoticeDetail | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  const db = getDb();
  const row = await db.notice.findFirst({ where: { id, partnerId }, select: NOTICE_SELECT });
  if (!row) return null;
  const [targets, counts] = await Promise.all([loadNoticeTargets(db, partnerId, id), deliveryCountsOf(db, partnerId, [id])]);
  const content = contentFromRow(row);
  const roles = row.recipientRoles;
  const taken = new Set<string>();
  const views = targets.map((customer) => ({
    customerId: customer.id,
    companyName: customer.companyName,
    preferredLanguage: customer.preferredLanguage,
    subscriptions: customer.subscriptions,
    recipients: recipientViews(customer, roles, taken),
  }));
  const deliveries = counts.get(id) ?? countDeliveries([]);
  const hasDeliveries = row.status !== 'DRAFT';
  const draftRecipients = views.reduce((sum, view) => sum + view.recipients.length, 0);
  const languages = hasDeliveries
    ? (await db.noticeDelivery.groupBy({ by: ['language'], where: { partnerId, noticeId: id }, _count: { _all: true } })).map((g) => localeFromDb(g.language))
    : views.flatMap((view) => view.recipients.map((recipient) => recipient.language));
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    version: row.version,
    content,
    recipientRoles: roles,
    scheduledAt: row.scheduledAt,
    sentAt: row.sentAt,
    cancelledAt: row.cancelledAt,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: row.createdBy ? { id: row.createdBy.id, name: row.createdBy.displayName } : null,
    template: row.template,
    reminderRuleId: row.reminderRuleId,
    targets: views.slice(0, TARGETS_SHOWN),
    targetCount: views.length,
    subscriptionCount: targets.reduce((sum, customer) => sum + customer.subscriptions.length, 0),
    recipientCount: hasDeliveries ? deliveries.total : draftRecipients,
    languages: LOCALES.filter((locale) => languages.includes(locale)),
    deliveries,
    actions: noticeActions(row.status),
    problems: isEditable(row.status) ? checkNoticeTargets(content, targets, roles) : [],
    sender: senderOf(row.partner),
  };
}

// ---------------------------------------------------------------------------------------------
// Preview

export type PreviewRecipient = {
  customerId: string;
  companyName: string;
  contactId: string | null;
  name: string;
  email: string;
  language: Locale;
};

export type NoticePreview = {
  sender: SenderView;
  /** Who receives it (the first PREVIEW_RECIPIENTS_SHOWN of `recipientCount`). */
  recipients: PreviewRecipient[];
  recipientCount: number;
  /**
   * The rendered messages: for the recipient picked, or else the first recipient of each
   * language its recipients read. `language` is the recipient's own unless the preview asked for
   * another (`languageOverridden`).
   */
  previews: { recipient: PreviewRecipient; language: Locale; languageOverridden: boolean; rendered: RenderedNotice }[];
  /** checkNotice's findings (empty when the notice can be scheduled or sent). */
  problems: NoticeCheckError[];
};

export type PreviewSource = { noticeId: string } | { draft: NoticeInput };
export type PreviewPick = { email?: string; contactId?: string; language?: Locale };

export const PREVIEW_RECIPIENTS_SHOWN = 500;

/**
 * Exactly what recipients receive: the subject, HTML and plain text from renderNotice (the one
 * renderer the worker uses too), in each recipient's language, with the variables filled from
 * the live data. `source` is a stored notice, or a draft being composed (parsed with
 * noticeInputSchema; invalid → null). `pick` chooses a recipient (by address or contact) and
 * optionally another language to show (for the composer's per-language preview). Null when the
 * notice is not the viewer's partner's, or the picked recipient is not among its recipients.
 */
export async function renderPreview(viewer: Viewer, source: PreviewSource, pick: PreviewPick = {}): Promise<NoticePreview | null> {
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const partner = await db.partner.findFirst({ where: { id: partnerId }, select: { name: true, senderName: true, senderReplyTo: true } });
  if (!partner) return null;

  let content: NoticeContent;
  let targets: TargetCustomer[];
  let roles: ContactRole[];
  let recipients: PreviewRecipient[];
  if ('noticeId' in source) {
    if (!isUuid(source.noticeId)) return null;
    const row = await db.notice.findFirst({
      where: { id: source.noticeId, partnerId },
      select: { id: true, status: true, recipientRoles: true, subjectEn: true, bodyEn: true, subjectZhTw: true, bodyZhTw: true },
    });
    if (!row) return null;
    content = contentFromRow(row);
    roles = row.recipientRoles;
    targets = await loadNoticeTargets(db, partnerId, row.id);
    if (row.status === 'DRAFT') {
      recipients = previewRecipientsOf(targets, roles);
    } else {
      // Scheduled or later: its deliveries are its recipients, in the language each was given.
      const names = new Map(targets.map((target) => [target.id, target.companyName]));
      const deliveries = await db.noticeDelivery.findMany({
        where: { partnerId, noticeId: row.id },
        select: { customerId: true, contactId: true, recipientName: true, recipientEmail: true, language: true },
        orderBy: [{ createdAt: 'asc' }, { recipientEmail: 'asc' }],
      });
      recipients = deliveries.map((delivery) => ({
        customerId: delivery.customerId,
        companyName: names.get(delivery.customerId) ?? '',
        contactId: delivery.contactId,
        name: delivery.recipientName,
        email: delivery.recipientEmail,
        language: localeFromDb(delivery.language),
      }));
    }
  } else {
    const parsed = noticeInputSchema.safeParse(source.draft);
    if (!parsed.success) return null;
    content = parsed.data.content;
    roles = parsed.data.recipientRoles;
    const resolved = await resolveTargets(db, partnerId, parsed.data.target, new Date());
    if (!resolved.ok) return null;
    targets = await loadTargetCustomers(db, partnerId, resolved.customerIds, resolved.subscriptionIds);
    recipients = previewRecipientsOf(targets, roles);
  }

  const targetById = new Map(targets.map((target) => [target.id, target]));
  const render = (recipient: PreviewRecipient, language: Locale) => {
    const target = targetById.get(recipient.customerId);
    const context = templateContextOf(
      partner.name,
      { companyName: target?.companyName ?? recipient.companyName },
      (target?.subscriptions ?? []).map((s) => ({ offerName: s.offerName, quantity: s.quantity, endDate: s.commitmentEndDate })),
    );
    return renderNotice(content[language], context, language);
  };

  let chosen: PreviewRecipient[];
  if (pick.email !== undefined || pick.contactId !== undefined) {
    const email = pick.email?.trim().toLowerCase();
    const found = recipients.find(
      (recipient) => (email !== undefined && recipient.email.toLowerCase() === email) || (pick.contactId !== undefined && recipient.contactId === pick.contactId),
    );
    if (!found) return null;
    chosen = [found];
  } else if (pick.language !== undefined) {
    const first = recipients.find((recipient) => recipient.language === pick.language) ?? recipients[0];
    chosen = first ? [first] : [];
  } else {
    chosen = LOCALES.map((language) => recipients.find((recipient) => recipient.language === language)).filter(
      (recipient): recipient is PreviewRecipient => recipient !== undefined,
    );
  }
  const previews = chosen.map((recipient) => {
    const language = pick.language !== undefined && isLocale(pick.language) ? pick.language : recipient.language;
    return { recipient, language, languageOverridden: language !== recipient.language, rendered: render(recipient, language) };
  });
  return {
    sender: senderOf(partner),
    recipients: recipients.slice(0, PREVIEW_RECIPIENTS_SHOWN),
    recipientCount: recipients.length,
    previews,
    problems: checkNoticeTargets(content, targets, roles),
  };
}

function previewRecipientsOf(targets: readonly TargetCustomer[], roles: readonly ContactRole[]): PreviewRecipient[] {
  const names = new Map(targets.map((target) => [target.id, target.companyName]));
  return recipientsOf(targets, roles).map((recipient) => ({
    customerId: recipient.customerId,
    companyName: names.get(recipient.customerId) ?? '',
    contactId: recipient.contactId,
    name: recipient.name,
    email: recipient.email,
    language: recipient.language,
  }));
}

// ---------------------------------------------------------------------------------------------
// Targets

type ResolvedTargets = { ok: true; customerIds: string[]; subscriptionIds: string[] };
type Db = Tx | ReturnType<typeof getDb>;

/**
 * The customers and subscriptions a target input stands for, all of the partner's:
 * explicit ids (customers, plus each listed subscription's customer), or every customer with
 * an ACTIVE subscription whose commitment ends from today to today + days (UTC calendar days).
 */
export async function resolveTargets(
  db: Db,
  partnerId: string,
  target: NoticeTargetInput,
  now: Date,
): Promise<ResolvedTargets | { ok: false; code: 'CUSTOMER_NOT_FOUND' | 'SUBSCRIPTION_NOT_FOUND'; ids: string[] }> {
  if (target.mode === 'endingWithin') {
    const today = startOfUtcDay(now);
    const rows = await db.subscription.findMany({
      where: { partnerId, status: 'ACTIVE', commitmentEndDate: { gte: today, lte: addDays(today, target.days) } },
      select: { id: true, customerId: true },
      orderBy: [{ commitmentEndDate: 'asc' }, { id: 'asc' }],
    });
    return { ok: true, customerIds: [...new Set(rows.map((row) => row.customerId))], subscriptionIds: rows.map((row) => row.id) };
  }
  const [customers, subscriptions] = await Promise.all([
    target.customerIds.length === 0
      ? Promise.resolve([])
      : db.customer.findMany({ where: { partnerId, id: { in: target.customerIds } }, select: { id: true } }),
    target.subscriptionIds.length === 0
      ? Promise.resolve([])
      : db.subscription.findMany({ where: { partnerId, id: { in: target.subscriptionIds } }, select: { id: true, customerId: true } }),
  ]);
  const knownCustomers = new Set(customers.map((row) => row.id));
  const missingCustomers = target.customerIds.filter((id) => !knownCustomers.has(id));
  if (missingCustomers.length > 0) return { ok: false, code: 'CUSTOMER_NOT_FOUND', ids: missingCustomers };
  const knownSubscriptions = new Set(subscriptions.map((row) => row.id));
  const missingSubscriptions = target.subscriptionIds.filter((id) => !knownSubscriptions.has(id));
  if (missingSubscriptions.length > 0) return { ok: false, code: 'SUBSCRIPTION_NOT_FOUND', ids: missingSubscriptions };
  const customerIds = [...new Set([...target.customerIds, ...subscriptions.map((row) => row.customerId)])];
  return { ok: true, customerIds, subscriptionIds: target.subscriptionIds };
}

function snapshot(input: { kind: string; content: NoticeContent; recipientRoles: readonly string[]; templateId?: string | null; customerIds?: readonly string[]; subscriptionIds?: readonly string[] }) {
  return {
    kind: input.kind,
    content: input.content,
    recipientRoles: input.recipientRoles,
    templateId: input.templateId ?? null,
    ...(input.customerIds ? { customerIds: input.customerIds.slice(0, 1000), customerCount: input.customerIds.length } : {}),
    ...(input.subscriptionIds ? { subscriptionIds: input.subscriptionIds.slice(0, 1000), subscriptionCount: input.subscriptionIds.length } : {}),
  };
}

async function templateExists(db: Db, partnerId: string, templateId: string | null | undefined): Promise<boolean> {
  if (!templateId) return true;
  return Boolean(await db.noticeTemplate.findFirst({ where: { id: templateId, partnerId }, select: { id: true } }));
}

// ---------------------------------------------------------------------------------------------
// Creating and editing

/**
 * A new DRAFT notice. `input` is parsed with noticeInputSchema (→ INVALID); the template and
 * every target must be the partner's (→ TEMPLATE_NOT_FOUND, CUSTOMER_NOT_FOUND,
 * SUBSCRIPTION_NOT_FOUND); checkNotice must find nothing (→ NOTICE_INVALID).
 */
export async function createNotice(viewer: Viewer, input: NoticeInput, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!mayWrite(viewer)) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = noticeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const data = parsed.data;
  const now = ctx.now ?? new Date();
  return inTransaction<NoticeRef>(async (tx) => {
    if (!(await templateExists(tx, partnerId, data.templateId))) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
    const resolved = await resolveTargets(tx, partnerId, data.target, now);
    if (!resolved.ok) return resolved;
    const targets = await loadTargetCustomers(tx, partnerId, resolved.customerIds, resolved.subscriptionIds);
    const errors = checkNoticeTargets(data.content, targets, data.recipientRoles);
    if (errors.length > 0) return { ok: false, code: 'NOTICE_INVALID', errors };
    const notice = await tx.notice.create({
      data: {
        partnerId,
        kind: data.kind,
        status: 'DRAFT',
        ...contentToRow(data.content),
        recipientRoles: data.recipientRoles,
        templateId: data.templateId ?? null,
        createdById: actorOf(viewer).userId,
        createdAt: now,
      },
      select: { id: true, status: true, version: true },
    });
    await replaceTargets(tx, notice.id, resolved.customerIds, resolved.subscriptionIds);
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.created',
        targetType: 'Notice',
        targetId: notice.id,
        after: { status: 'DRAFT', version: notice.version, ...snapshot({ ...data, ...resolved }) },
      }),
    ]);
    return { ok: true, ...notice };
  });
}

type LockedNotice = {
  id: string;
  status: NoticeStatus;
  version: number;
  kind: NoticeKind;
  content: NoticeContent;
  recipientRoles: ContactRole[];
  templateId: string | null;
  scheduledAt: Date | null;
};

/** The notice, locked for this transaction (a concurrent change waits); null when not the partner's. */
async function lockNotice(tx: Tx, partnerId: string, id: string): Promise<LockedNotice | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS "id" FROM "Notice" WHERE "id" = ${id}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  const row = await tx.notice.findFirst({
    where: { id, partnerId },
    select: {
      id: true,
      status: true,
      version: true,
      kind: true,
      subjectEn: true,
      bodyEn: true,
      subjectZhTw: true,
      bodyZhTw: true,
      recipientRoles: true,
      templateId: true,
      scheduledAt: true,
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    kind: row.kind,
    content: contentFromRow(row),
    recipientRoles: row.recipientRoles,
    templateId: row.templateId,
    scheduledAt: row.scheduledAt,
  };
}

/**
 * Runs `work` on the locked notice after the common checks: the viewer may write notices, the
 * notice is the partner's, and (when given) `expectedVersion` is its current version.
 */
async function withNotice<T extends object>(
  viewer: Viewer,
  id: string,
  expectedVersion: number | undefined,
  work: (tx: Tx, notice: LockedNotice, partnerId: string) => Promise<NoticeResult<T>>,
): Promise<NoticeResult<T>> {
  if (!mayWrite(viewer)) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return NOT_FOUND;
  return inTransaction(async (tx) => {
    const notice = await lockNotice(tx, partnerId, id.toLowerCase());
    if (!notice) return NOT_FOUND;
    if (expectedVersion !== undefined && notice.version !== expectedVersion) return { ok: false, code: 'STALE', currentVersion: notice.version };
    return work(tx, notice, partnerId);
  });
}

/** Writes the notice's new fields and bumps its version (the row is locked and its version checked). */
async function bump(tx: Tx, notice: LockedNotice, partnerId: string, data: Prisma.NoticeUncheckedUpdateManyInput): Promise<{ id: string; status: NoticeStatus; version: number }> {
  const result = await tx.notice.updateMany({
    where: { id: notice.id, partnerId, version: notice.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (result.count !== 1) throw new Refusal({ ok: false, code: 'STALE', currentVersion: notice.version });
  const status = (typeof data.status === 'string' ? data.status : notice.status) as NoticeStatus;
  return { id: notice.id, status, version: notice.version + 1 };
}

function validVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Changes a DRAFT or SCHEDULED notice (else NOT_EDITABLE). Fields left out of `patch` stay;
 * `target` replaces the customers and subscriptions. The result must pass checkNotice. A
 * scheduled notice's queued deliveries follow its new recipients.
 */
export async function updateNotice(viewer: Viewer, id: string, expectedVersion: number, patch: NoticePatch, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!validVersion(expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const parsed = noticePatchSchema.safeParse(patch);
  if (!parsed.success) {
    if (!mayWrite(viewer)) return FORBIDDEN;
    return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  }
  const changes = parsed.data;
  const now = ctx.now ?? new Date();
  return withNotice<NoticeRef>(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    if (!isEditable(notice.status)) return { ok: false, code: 'NOT_EDITABLE', status: notice.status };
    if (changes.templateId !== undefined && !(await templateExists(tx, partnerId, changes.templateId))) return { ok: false, code: 'TEMPLATE_NOT_FOUND' };
    let customerIds: string[];
    let subscriptionIds: string[];
    if (changes.target) {
      const resolved = await resolveTargets(tx, partnerId, changes.target, now);
      if (!resolved.ok) return resolved;
      ({ customerIds, subscriptionIds } = resolved);
    } else {
      const [customers, subscriptions] = await Promise.all([
        tx.noticeCustomer.findMany({ where: { noticeId: notice.id }, select: { customerId: true } }),
        tx.noticeSubscription.findMany({ where: { noticeId: notice.id }, select: { subscriptionId: true } }),
      ]);
      customerIds = customers.map((row) => row.customerId);
      subscriptionIds = subscriptions.map((row) => row.subscriptionId);
    }
    const next = {
      kind: changes.kind ?? notice.kind,
      content: changes.content ?? notice.content,
      recipientRoles: changes.recipientRoles ?? notice.recipientRoles,
      templateId: changes.templateId === undefined ? notice.templateId : changes.templateId,
    };
    const targets = await loadTargetCustomers(tx, partnerId, customerIds, subscriptionIds);
    const errors = checkNoticeTargets(next.content, targets, next.recipientRoles);
    if (errors.length > 0) return { ok: false, code: 'NOTICE_INVALID', errors };
    const result = await bump(tx, notice, partnerId, {
      kind: next.kind,
      ...contentToRow(next.content),
      recipientRoles: next.recipientRoles,
      templateId: next.templateId,
    });
    if (changes.target) await replaceTargets(tx, notice.id, customerIds, subscriptionIds);
    let deliveries: object | undefined;
    if (notice.status === 'SCHEDULED') {
      deliveries = await syncQueuedDeliveries(tx, {
        partnerId,
        noticeId: notice.id,
        recipients: recipientsOf(targets, next.recipientRoles),
        nextAttemptAt: notice.scheduledAt ?? now,
        messageIdHost: mailSettings().messageIdHost,
        now,
      });
    }
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.updated',
        targetType: 'Notice',
        targetId: notice.id,
        before: { version: notice.version, ...snapshot(notice) },
        after: { version: result.version, ...snapshot({ ...next, ...(changes.target ? { customerIds, subscriptionIds } : {}) }), ...(deliveries ? { deliveries } : {}) },
      }),
    ]);
    return { ok: true, ...result };
  });
}

// ---------------------------------------------------------------------------------------------
// Status changes

/** The notice's targets, checked; its recipients when it passes. */
async function checkedRecipients(tx: Tx, partnerId: string, notice: LockedNotice) {
  const targets = await loadNoticeTargets(tx, partnerId, notice.id);
  const errors = checkNoticeTargets(notice.content, targets, notice.recipientRoles);
  if (errors.length > 0) return { ok: false as const, failure: { ok: false as const, code: 'NOTICE_INVALID' as const, errors } };
  return { ok: true as const, recipients: recipientsOf(targets, notice.recipientRoles) };
}

/**
 * Schedules a DRAFT for `at` (strictly later than `now`), creating its deliveries in the same
 * transaction, or gives a SCHEDULED notice a new time (its queued deliveries follow, and its
 * recipients are brought up to date). The notice must pass checkNotice.
 */
export async function scheduleNotice(
  viewer: Viewer,
  id: string,
  expectedVersion: number | undefined,
  at: Date,
  now: Date = new Date(),
  ctx: WriteContext = {},
): Promise<NoticeResult<{ id: string; status: NoticeStatus; version: number; scheduledAt: Date }>> {
  if (expectedVersion !== undefined && !validVersion(expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  return withNotice<NoticeRef & { scheduledAt: Date }>(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const plan = checkSchedule(notice.status, at, now);
    if (!plan.ok) {
      if (plan.code === 'TRANSITION_NOT_ALLOWED') return { ok: false, code: plan.code, from: plan.from, to: plan.to };
      if (plan.code === 'SCHEDULE_NOT_IN_FUTURE') return { ok: false, code: plan.code, scheduledAt: plan.scheduledAt, now: plan.now };
      return { ok: false, code: plan.code };
    }
    const checked = await checkedRecipients(tx, partnerId, notice);
    if (!checked.ok) return checked.failure;
    const result = await bump(tx, notice, partnerId, { status: 'SCHEDULED', scheduledAt: plan.scheduledAt });
    const outbox = { partnerId, noticeId: notice.id, recipients: checked.recipients, nextAttemptAt: plan.scheduledAt, messageIdHost: mailSettings().messageIdHost, now };
    const deliveries = plan.reschedule ? await syncQueuedDeliveries(tx, outbox) : { added: await createDeliveries(tx, outbox) };
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: plan.reschedule ? 'notice.rescheduled' : 'notice.scheduled',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version, scheduledAt: notice.scheduledAt },
        after: { status: 'SCHEDULED', version: result.version, scheduledAt: plan.scheduledAt, deliveries },
      }),
    ]);
    return { ok: true, ...result, scheduledAt: plan.scheduledAt };
  });
}

/**
 * Sends a DRAFT or SCHEDULED notice now: it moves to SENDING and its deliveries (created now for a
 * draft; brought up to date and made due now for a scheduled one) go to the worker. Other
 * statuses: TRANSITION_NOT_ALLOWED (a failed notice is retried with retryFailedDeliveries).
 */
export async function sendNoticeNow(viewer: Viewer, id: string, expectedVersion: number | undefined, now: Date = new Date(), ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (expectedVersion !== undefined && !validVersion(expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    if (notice.status !== 'DRAFT' && notice.status !== 'SCHEDULED') return { ok: false, code: 'TRANSITION_NOT_ALLOWED', from: notice.status, to: 'SENDING' };
    const transition = checkTransition(notice.status, 'SENDING');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const checked = await checkedRecipients(tx, partnerId, notice);
    if (!checked.ok) return checked.failure;
    const result = await bump(tx, notice, partnerId, { status: 'SENDING' });
    const outbox = { partnerId, noticeId: notice.id, recipients: checked.recipients, nextAttemptAt: now, messageIdHost: mailSettings().messageIdHost, now };
    const deliveries = notice.status === 'SCHEDULED' ? await syncQueuedDeliveries(tx, outbox) : { added: await createDeliveries(tx, outbox) };
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.sending',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version },
        after: { status: 'SENDING', version: result.version, reason: 'SEND_NOW', deliveries },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/** SCHEDULED → DRAFT: the time is cleared and the queued (never attempted) deliveries removed. */
export async function unscheduleNotice(viewer: Viewer, id: string, expectedVersion: number, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!validVersion(expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const transition = checkTransition(notice.status, 'DRAFT');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const result = await bump(tx, notice, partnerId, { status: 'DRAFT', scheduledAt: null });
    const removed = await tx.noticeDelivery.deleteMany({ where: { partnerId, noticeId: notice.id, status: 'QUEUED' } });
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.unscheduled',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version, scheduledAt: notice.scheduledAt },
        after: { status: 'DRAFT', version: result.version, deliveriesRemoved: removed.count },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/** DRAFT or SCHEDULED → CANCELLED; a scheduled notice's queued deliveries become CANCELLED with it. */
export async function cancelNotice(viewer: Viewer, id: string, expectedVersion: number | undefined, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (expectedVersion !== undefined && !validVersion(expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const now = ctx.now ?? new Date();
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const transition = checkTransition(notice.status, 'CANCELLED');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const result = await bump(tx, notice, partnerId, { status: 'CANCELLED', cancelledAt: now });
    const cancelled = await tx.noticeDelivery.updateMany({
      where: { partnerId, noticeId: notice.id, status: 'QUEUED' },
      data: { status: 'CANCELLED', nextAttemptAt: null },
    });
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.cancelled',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version, scheduledAt: notice.scheduledAt },
        after: { status: 'CANCELLED', version: result.version, deliveriesCancelled: cancelled.count },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/** SENT, PARTIALLY_FAILED or FAILED → ARCHIVED. */
export async function archiveNotice(viewer: Viewer, id: string, expectedVersion: number, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!validVersion(expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const now = ctx.now ?? new Date();
  return withNotice(viewer, id, expectedVersion, async (tx, notice, partnerId) => {
    const transition = checkTransition(notice.status, 'ARCHIVED');
    if (!transition.ok) return { ok: false, code: transition.code, from: transition.from, to: transition.to };
    const result = await bump(tx, notice, partnerId, { status: 'ARCHIVED', archivedAt: now });
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.archived',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version },
        after: { status: 'ARCHIVED', version: result.version },
      }),
    ]);
    return { ok: true, ...result };
  });
}

/**
 * A new DRAFT with the same kind, content, recipient roles, template and targets (those still
 * there) as any of the partner's notices. Not checked: the copy is for the user to adjust, and
 * getNotice reports its problems.
 */
export async function duplicateNotice(viewer: Viewer, id: string, ctx: WriteContext = {}): Promise<NoticeRefResult> {
  if (!mayWrite(viewer)) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return NOT_FOUND;
  const now = ctx.now ?? new Date();
  return inTransaction<NoticeRef>(async (tx) => {
    const source = await tx.notice.findFirst({
      where: { id, partnerId },
      select: {
        id: true,
        kind: true,
        subjectEn: true,
        bodyEn: true,
        subjectZhTw: true,
        bodyZhTw: true,
        recipientRoles: true,
        templateId: true,
        customers: { select: { customerId: true } },
        subscriptions: { select: { subscriptionId: true } },
      },
    });
    if (!source) return NOT_FOUND;
    const notice = await tx.notice.create({
      data: {
        partnerId,
        kind: source.kind,
        status: 'DRAFT',
        subjectEn: source.subjectEn,
        bodyEn: source.bodyEn,
        subjectZhTw: source.subjectZhTw,
        bodyZhTw: source.bodyZhTw,
        recipientRoles: source.recipientRoles,
        templateId: source.templateId,
        createdById: actorOf(viewer).userId,
        createdAt: now,
      },
      select: { id: true, status: true, version: true },
    });
    const customerIds = source.customers.map((row) => row.customerId);
    const subscriptionIds = source.subscriptions.map((row) => row.subscriptionId);
    await replaceTargets(tx, notice.id, customerIds, subscriptionIds);
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.duplicated',
        targetType: 'Notice',
        targetId: notice.id,
        after: { status: 'DRAFT', version: notice.version, sourceId: source.id, customerCount: customerIds.length, subscriptionCount: subscriptionIds.length },
      }),
    ]);
    return { ok: true, ...notice };
  });
}

/**
 * A user retries the FAILED deliveries of a PARTIALLY_FAILED or FAILED notice — all of them, or
 * only `deliveryIds` — per the domain's planRetry: they are QUEUED again (attempts from 0, due
 * now, same Message-ID) and the notice goes back to SENDING. `ctx.expectedVersion`, when given,
 * must be the current version.
 */
export async function retryFailedDeliveries(
  viewer: Viewer,
  id: string,
  deliveryIds?: readonly string[],
  ctx: WriteContext & { expectedVersion?: number } = {},
): Promise<NoticeResult<{ id: string; status: NoticeStatus; version: number; requeued: number }>> {
  if (ctx.expectedVersion !== undefined && !validVersion(ctx.expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  const now = ctx.now ?? new Date();
  return withNotice<NoticeRef & { requeued: number }>(viewer, id, ctx.expectedVersion, async (tx, notice, partnerId) => {
    if (deliveryIds?.some((deliveryId) => !isUuid(deliveryId))) return { ok: false, code: 'DELIVERY_NOT_FOUND', deliveryId: deliveryIds.find((d) => !isUuid(d)) ?? '' };
    const deliveries = await tx.noticeDelivery.findMany({ where: { partnerId, noticeId: notice.id }, select: { id: true, status: true } });
    const plan = planRetry(
      notice.status,
      deliveries,
      deliveryIds?.map((deliveryId) => deliveryId.toLowerCase()),
    );
    if (!plan.ok) {
      switch (plan.code) {
        case 'TRANSITION_NOT_ALLOWED':
          return { ok: false, code: plan.code, from: plan.from, to: plan.to };
        case 'DELIVERY_NOT_FOUND':
          return { ok: false, code: plan.code, deliveryId: plan.deliveryId };
        case 'DELIVERY_NOT_RETRYABLE':
          return { ok: false, code: plan.code, deliveryId: plan.deliveryId, status: plan.status };
        default:
          return { ok: false, code: 'NOTHING_TO_RETRY' };
      }
    }
    const result = await bump(tx, notice, partnerId, { status: 'SENDING' });
    const requeued = await tx.noticeDelivery.updateMany({
      where: { partnerId, noticeId: notice.id, id: { in: plan.requeue }, status: 'FAILED' },
      data: requeueFields(now),
    });
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'notice.retried',
        targetType: 'Notice',
        targetId: notice.id,
        before: { status: notice.status, version: notice.version },
        after: { status: 'SENDING', version: result.version, requeued: requeued.count, deliveryIds: plan.requeue.slice(0, 1000) },
      }),
    ]);
    return { ok: true, ...result, requeued: requeued.count };
  });
}

// ---------------------------------------------------------------------------------------------
// Templates

export type NoticeTemplateView = {
  id: string;
  name: string;
  kind: NoticeKind;
  content: NoticeContent;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** The renewal-reminder rule uses it. */
  usedByReminderRule: boolean;
};

const TEMPLATE_SELECT = {
  id: true,
  name: true,
  kind: true,
  subjectEn: true,
  bodyEn: true,
  subjectZhTw: true,
  bodyZhTw: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { reminderRules: true } },
} satisfies Prisma.NoticeTemplateSelect;

type TemplateRecord = Prisma.NoticeTemplateGetPayload<{ select: typeof TEMPLATE_SELECT }>;

function templateView(row: TemplateRecord): NoticeTemplateView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    content: contentFromRow(row),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    usedByReminderRule: row._count.reminderRules > 0,
  };
}

/** The partner's templates by name (any partner role: the composer prefills from them). */
export async function listTemplates(viewer: Viewer, options: { kind?: NoticeKind } = {}): Promise<NoticeTemplateView[]> {
  const partnerId = partnerScope(viewer);
  const rows = await getDb().noticeTemplate.findMany({
    where: { partnerId, ...(options.kind ? { kind: options.kind } : {}) },
    select: TEMPLATE_SELECT,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
  return rows.map(templateView);
}

export async function getTemplate(viewer: Viewer, id: string): Promise<NoticeTemplateView | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  const row = await getDb().noticeTemplate.findFirst({ where: { id, partnerId }, select: TEMPLATE_SELECT });
  return row ? templateView(row) : null;
}

function templateErrors(content: NoticeContent): TemplateCheckError[] {
  const errors: TemplateCheckError[] = [];
  for (const language of LOCALES) {
    for (const field of ['subject', 'body'] as const) {
      for (const error of validateTemplate(content[language][field], field)) errors.push({ ...error, language, field });
    }
  }
  return errors;
}

/**
 * Creates a template (`target.id` absent) or changes one (`target.id` with `target.expectedVersion`).
 * Partner admins only. Both languages are required; variables are validated (TEMPLATE_INVALID);
 * names are unique per partner (NAME_TAKEN).
 */
export async function saveTemplate(
  viewer: Viewer,
  target: { id?: string | null; expectedVersion?: number | null },
  input: TemplateInput,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ id: string; version: number }>> {
  if (!mayConfigure(viewer)) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = templateInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const data = parsed.data;
  const errors = templateErrors(data.content);
  if (errors.length > 0) return { ok: false, code: 'TEMPLATE_INVALID', errors };
  const fields = { name: data.name, kind: data.kind, ...contentToRow(data.content) };
  return inTransaction<{ id: string; version: number }>(async (tx) => {
    const taken = await tx.noticeTemplate.findFirst({
      where: { partnerId, name: data.name, ...(target.id && isUuid(target.id) ? { id: { not: target.id } } : {}) },
      select: { id: true },
    });
    if (taken) return { ok: false, code: 'NAME_TAKEN' };
    if (!target.id) {
      const created = await tx.noticeTemplate.create({ data: { partnerId, ...fields }, select: { id: true, version: true } });
      await writeAudit(tx, [viewerAudit(viewer, partnerId, ctx.address, { action: 'template.created', targetType: 'NoticeTemplate', targetId: created.id, after: fields })]);
      return { ok: true, ...created };
    }
    if (!isUuid(target.id)) return NOT_FOUND;
    const before = await tx.noticeTemplate.findFirst({ where: { id: target.id, partnerId }, select: TEMPLATE_SELECT });
    if (!before) return NOT_FOUND;
    if (!validVersion(target.expectedVersion)) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
    const updated = await tx.noticeTemplate.updateMany({
      where: { id: target.id, partnerId, version: target.expectedVersion },
      data: { ...fields, version: { increment: 1 } },
    });
    if (updated.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.version };
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'template.updated',
        targetType: 'NoticeTemplate',
        targetId: target.id,
        before: { name: before.name, kind: before.kind, ...contentToRow(contentFromRow(before)), version: before.version },
        after: { ...fields, version: before.version + 1 },
      }),
    ]);
    return { ok: true, id: target.id, version: before.version + 1 };
  });
}

/** Deletes a template (partner admins); refused while the enabled reminder rule uses it. Notices made from it keep their text. */
export async function deleteTemplate(viewer: Viewer, id: string, expectedVersion: number, ctx: WriteContext = {}): Promise<NoticeResult<{ id: string }>> {
  if (!mayConfigure(viewer)) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return NOT_FOUND;
  return inTransaction<{ id: string }>(async (tx) => {
    const before = await tx.noticeTemplate.findFirst({ where: { id, partnerId }, select: TEMPLATE_SELECT });
    if (!before) return NOT_FOUND;
    if (before.version !== expectedVersion) return { ok: false, code: 'STALE', currentVersion: before.version };
    const rule = await tx.renewalReminderRule.findFirst({ where: { partnerId, templateId: id, enabled: true }, select: { id: true } });
    if (rule) return { ok: false, code: 'TEMPLATE_IN_USE' };
    const deleted = await tx.noticeTemplate.deleteMany({ where: { id, partnerId, version: expectedVersion } });
    if (deleted.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.version };
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'template.deleted',
        targetType: 'NoticeTemplate',
        targetId: id,
        before: { name: before.name, kind: before.kind, version: before.version },
      }),
    ]);
    return { ok: true, id };
  });
}

// ---------------------------------------------------------------------------------------------
// Sender identity

export type SenderIdentity = {
  partnerName: string;
  /** The From display name (the partner's name when none is set). */
  senderName: string | null;
  senderReplyTo: string | null;
  /** The portal's From address (MAIL_FROM): the same for every partner. */
  fromAddress: string;
  /** Send it back as `expectedVersion` (the partner's last change). */
  version: string;
};

/** The partner's sender identity (partner admins). */
export async function getSenderIdentity(viewer: Viewer): Promise<NoticeResult<{ identity: SenderIdentity }>> {
  if (!mayConfigure(viewer)) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const partner = await getDb().partner.findFirst({ where: { id: partnerId }, select: { name: true, senderName: true, senderReplyTo: true, updatedAt: true } });
  if (!partner) return NOT_FOUND;
  return {
    ok: true,
    identity: {
      partnerName: partner.name,
      senderName: partner.senderName,
      senderReplyTo: partner.senderReplyTo,
      fromAddress: mailSettings().fromAddress,
      version: partner.updatedAt.toISOString(),
    },
  };
}

/** Sets the From name and Reply-To of every notice the partner sends (partner admins). */
export async function saveSenderIdentity(
  viewer: Viewer,
  expectedVersion: string,
  input: SenderIdentityInput,
  ctx: WriteContext = {},
): Promise<NoticeResult<{ identity: SenderIdentity }>> {
  if (!mayConfigure(viewer)) return FORBIDDEN;
  const partnerId = partnerScope(viewer);
  const parsed = senderIdentitySchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: noticeFieldErrorsOf(parsed.error.issues) };
  const expected = new Date(expectedVersion);
  if (Number.isNaN(expected.getTime())) return { ok: false, code: 'INVALID', fieldErrors: { version: 'versionInvalid' } };
  return inTransaction<{ identity: SenderIdentity }>(async (tx) => {
    const before = await tx.partner.findFirst({ where: { id: partnerId }, select: { name: true, senderName: true, senderReplyTo: true, updatedAt: true } });
    if (!before) return NOT_FOUND;
    if (before.updatedAt.getTime() !== expected.getTime()) return { ok: false, code: 'STALE', currentVersion: before.updatedAt.toISOString() };
    const updated = await tx.partner.updateMany({
      where: { id: partnerId, updatedAt: before.updatedAt },
      data: { senderName: parsed.data.senderName, senderReplyTo: parsed.data.senderReplyTo },
    });
    if (updated.count !== 1) return { ok: false, code: 'STALE', currentVersion: before.updatedAt.toISOString() };
    const after = await tx.partner.findFirstOrThrow({ where: { id: partnerId }, select: { name: true, senderName: true, senderReplyTo: true, updatedAt: true } });
    await writeAudit(tx, [
      viewerAudit(viewer, partnerId, ctx.address, {
        action: 'partner.sender_updated',
        targetType: 'Partner',
        targetId: partnerId,
        before: { senderName: before.senderName, senderReplyTo: before.senderReplyTo },
        after: { senderName: after.senderName, senderReplyTo: after.senderReplyTo },
      }),
    ]);
    return {
      ok: true,
      identity: {
        partnerName: after.name,
        senderName: after.senderName,
        senderReplyTo: after.senderReplyTo,
        fromAddress: mailSettings().fromAddress,
        version: after.updatedAt.toISOString(),
      },
    };
  });
}
