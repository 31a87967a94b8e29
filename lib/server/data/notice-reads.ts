import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { isUuid } from '../../domain/ids';
import {
  countDeliveries,
  isEditable,
  noticeActions,
  type DeliveryCounts,
  type NoticeAction,
  type NoticeStatus,
} from '../../domain/notice-lifecycle';
import type { ContactRole, NoticeCheckError, NoticeContent } from '../../domain/notice-template';
import { nextIsoDay, startOfDayIn } from '../../domain/zoned-day';
import { LOCALES, localeFromDb, type Locale } from '../../i18n/locales';
import { noticeListQuerySchema, type NoticeKind, type NoticeListQuery } from '../../schemas/notices';
import { contentFromRow } from './notice-content';
import { deliveryCountsOf } from './notice-outbox';
import { checkNoticeTargets, loadNoticeTargets, recipientsOf, type TargetCustomer, type TargetSubscription } from './notice-targets';
import { senderOf, type SenderView } from './sender-identity';

// Reading notices: the partner's list (filters, keyset pages, counts per status) and one notice
// with its targets, recipients, delivery counts, allowed actions and current problems.

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
  /** The Microsoft communication a SERVICE_UPDATE notice is about. */
  communication: NoticeCommunicationRef | null;
  /** Made by an automatic service-update rule. */
  fromServiceUpdateRule: boolean;
};

export type NoticeCommunicationRef = { id: string; externalId: string; title: string };

export type NoticePage = {
  items: NoticeListItem[];
  nextCursor: string | null;
  /** The cursor given could not be read: the first page is shown. */
  invalidCursor: boolean;
  /** Notices per status under the other filters (kind, customer, dates), for the status tabs. */
  countsByStatus: Record<NoticeStatus, number>;
};

type ListCursor = { createdAt: Date; id: string };

const encodeListCursor = (cursor: ListCursor) =>
  Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');

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
 * The partner's notices, newest first, filtered by status, kind, target customer, Microsoft
 * communication and date (the day it was sent, else scheduled, else created, in the viewer's time
 * zone), a page at a time.
 * `query` is parsed with noticeListQuerySchema: invalid values are ignored.
 */
export async function listNotices(viewer: Viewer, query: NoticeListQuery = {}): Promise<NoticePage> {
  const partnerId = partnerScope(viewer);
  const q = noticeListQuerySchema.parse(query);
  const cursor = q.cursor ? decodeListCursor(q.cursor) : null;
  const and: Prisma.NoticeWhereInput[] = [{ partnerId }];
  if (q.kind) and.push({ kind: q.kind });
  if (q.customerId) and.push({ customers: { some: { customerId: q.customerId } } });
  if (q.communicationId) and.push({ communicationId: q.communicationId });
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
        serviceUpdateRuleId: true,
        communication: { select: { id: true, externalId: true, title: true } },
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
    (['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED'] as const).map((status) => [
      status,
      0,
    ]),
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
      communication: row.communication,
      fromServiceUpdateRule: row.serviceUpdateRuleId !== null,
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
  /** The Microsoft communication it is about, and that communication's status when the notice was made. */
  communication: (NoticeCommunicationRef & { status: string }) | null;
  communicationStatus: string | null;
  /** The automatic service-update rule that made it. */
  serviceUpdateRule: { id: string; name: string } | null;
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
  communicationId: true,
  communicationStatus: true,
  communication: { select: { id: true, externalId: true, title: true, status: true } },
  serviceUpdateRule: { select: { id: true, name: true } },
  createdBy: { select: { id: true, displayName: true } },
  template: { select: { id: true, name: true } },
  partner: { select: { name: true, senderName: true, senderReplyTo: true } },
} satisfies Prisma.NoticeSelect;

/** The notice's recipients (the domain's selectRecipients, as the outbox chooses them), by customer. */
function recipientViewsByCustomer(targets: readonly TargetCustomer[], roles: readonly ContactRole[]): Map<string, NoticeRecipientView[]> {
  const roleOf = new Map(targets.flatMap((customer) => customer.contacts.map((contact) => [contact.id, contact.role] as const)));
  const byCustomer = new Map<string, NoticeRecipientView[]>();
  for (const recipient of recipientsOf(targets, roles)) {
    const list = byCustomer.get(recipient.customerId) ?? [];
    list.push({
      contactId: recipient.contactId,
      name: recipient.name,
      email: recipient.email,
      role: roleOf.get(recipient.contactId)!,
      language: recipient.language,
    });
    byCustomer.set(recipient.customerId, list);
  }
  return byCustomer;
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
  const recipients = recipientViewsByCustomer(targets, roles);
  const views = targets.map((customer) => ({
    customerId: customer.id,
    companyName: customer.companyName,
    preferredLanguage: customer.preferredLanguage,
    subscriptions: customer.subscriptions,
    recipients: recipients.get(customer.id) ?? [],
  }));
  const deliveries = counts.get(id) ?? countDeliveries([]);
  const hasDeliveries = row.status !== 'DRAFT';
  const draftRecipients = views.reduce((sum, view) => sum + view.recipients.length, 0);
  const languages = hasDeliveries
    ? (await db.noticeDelivery.groupBy({ by: ['language'], where: { partnerId, noticeId: id }, _count: { _all: true } })).map((g) =>
        localeFromDb(g.language),
      )
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
    communication: row.communication,
    communicationStatus: row.communicationStatus,
    serviceUpdateRule: row.serviceUpdateRule,
    targets: views.slice(0, TARGETS_SHOWN),
    targetCount: views.length,
    subscriptionCount: targets.reduce((sum, customer) => sum + customer.subscriptions.length, 0),
    recipientCount: hasDeliveries ? deliveries.total : draftRecipients,
    languages: LOCALES.filter((locale) => languages.includes(locale)),
    deliveries,
    actions: noticeActions(row.status),
    problems: isEditable(row.status) ? checkNoticeTargets(content, targets, roles, row.communicationId !== null) : [],
    sender: senderOf(row.partner),
  };
}

export type RecipientChange = {
  at: Date;
  /** Who made the change that moved the recipients: a user's e-mail, an API token, or the portal itself. */
  actor: string;
  byPortal: boolean;
  kind: 'SYNCED' | 'RETURNED_TO_DRAFT';
  reason: string;
  added: string[];
  removed: string[];
  addedCount: number;
  removedCount: number;
};

const RECIPIENT_CHANGE_ACTIONS = ['notice.recipients_synced', 'notice.returned_to_draft'];

/**
 * How the notice's recipients changed after it was scheduled (a contact added, changed or removed;
 * the check when it came due), newest first: read from its audit events.
 */
export async function listRecipientChanges(viewer: Viewer, noticeId: string, limit = 20): Promise<RecipientChange[]> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(noticeId)) return [];
  const rows = await getDb().auditEvent.findMany({
    where: { partnerId, targetType: 'Notice', targetId: noticeId.toLowerCase(), action: { in: RECIPIENT_CHANGE_ACTIONS } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { action: true, actorId: true, actorLabel: true, after: true, createdAt: true },
  });
  return rows.map((row) => {
    const after = (row.after ?? {}) as Record<string, unknown>;
    const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    const count = (value: unknown) => (typeof value === 'number' ? value : 0);
    return {
      at: row.createdAt,
      actor: row.actorLabel,
      byPortal: row.actorId === null && row.actorLabel.startsWith('system:'),
      kind: row.action === 'notice.returned_to_draft' ? 'RETURNED_TO_DRAFT' : 'SYNCED',
      reason: typeof after.reason === 'string' ? after.reason : 'DUE',
      added: list(after.addedRecipients),
      removed: list(after.removedRecipients),
      addedCount: count(after.added),
      removedCount: count(after.removed),
    };
  });
}
