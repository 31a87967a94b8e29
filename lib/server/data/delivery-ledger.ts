import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { countDeliveries, type DeliveryCounts, type DeliveryStatus, type NoticeStatus } from '../../domain/notice-lifecycle';
import type { CsvValue } from '../../domain/csv';
import { deliveryErrorCodeOf, type DeliveryErrorCode } from '../../domain/delivery-errors';
import { isUuid } from '../../domain/ids';
import { isStorableText } from '../../domain/text';
import { localeFromDb, type Locale } from '../../i18n/locales';
import { DELIVERIES_PAGE_SIZE, PAGE_LIMIT_MAX } from '../../schemas/notices';
import { deliveryCountsOf } from './notice-outbox';

// A notice's deliveries, one per recipient (the proof of delivery), for its page, the CSV export
// and the API; scoped to the viewer's partner.

// ---------------------------------------------------------------------------------------------
// The ledger (viewer-scoped)

export type DeliveryRow = {
  id: string;
  customerId: string;
  customerName: string;
  contactId: string | null;
  recipientName: string;
  recipientEmail: string;
  language: Locale;
  status: DeliveryStatus;
  attempts: number;
  /** Why the last attempt failed, as a code (never the mail server's text). */
  lastError: DeliveryErrorCode | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  messageId: string;
  createdAt: Date;
  updatedAt: Date;
};

export type DeliveryPage = {
  items: DeliveryRow[];
  counts: DeliveryCounts;
  /** The notice's status and version (the page polls them while sending). */
  notice: { id: string; status: NoticeStatus; version: number };
  nextCursor: string | null;
  /** The cursor given could not be read: the first page is shown. */
  invalidCursor: boolean;
};

const DELIVERY_SELECT = {
  id: true,
  customerId: true,
  customer: { select: { companyName: true } },
  contactId: true,
  recipientName: true,
  recipientEmail: true,
  language: true,
  status: true,
  attempts: true,
  lastError: true,
  nextAttemptAt: true,
  sentAt: true,
  messageId: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.NoticeDeliverySelect;

type DeliveryRecord = Prisma.NoticeDeliveryGetPayload<{ select: typeof DELIVERY_SELECT }>;

function deliveryRowOf(row: DeliveryRecord): DeliveryRow {
  const { customer, ...rest } = row;
  return {
    ...rest,
    customerName: customer.companyName,
    language: localeFromDb(row.language),
    lastError: deliveryErrorCodeOf(row.lastError),
  };
}

const encodeEmailCursor = (email: string) => Buffer.from(`e|${email}`, 'utf8').toString('base64url');
function decodeEmailCursor(value: string): string | null {
  const text = Buffer.from(value, 'base64url').toString('utf8');
  return text.startsWith('e|') && text.length > 2 && isStorableText(text) ? text.slice(2) : null;
}

/**
 * One page of a notice's deliveries (the per-recipient ledger), ordered by recipient address,
 * with the counts per status for the progress bar. Null for an unknown or foreign notice.
 */
export async function listDeliveries(
  viewer: Viewer,
  noticeId: string,
  cursor?: string | null,
  options: { limit?: number; status?: DeliveryStatus } = {},
): Promise<DeliveryPage | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(noticeId)) return null;
  const db = getDb();
  const notice = await db.notice.findFirst({ where: { id: noticeId, partnerId }, select: { id: true, status: true, version: true } });
  if (!notice) return null;
  const after = cursor ? decodeEmailCursor(cursor) : null;
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DELIVERIES_PAGE_SIZE)), PAGE_LIMIT_MAX);
  const [rows, counts] = await Promise.all([
    db.noticeDelivery.findMany({
      where: {
        partnerId,
        noticeId,
        ...(options.status ? { status: options.status } : {}),
        ...(after !== null ? { recipientEmail: { gt: after } } : {}),
      },
      select: DELIVERY_SELECT,
      orderBy: { recipientEmail: 'asc' },
      take: limit + 1,
    }),
    deliveryCountsOf(db, partnerId, [noticeId]),
  ]);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(deliveryRowOf),
    counts: counts.get(noticeId) ?? countDeliveries([]),
    notice,
    nextCursor: rows.length > limit && last ? encodeEmailCursor(last.recipientEmail) : null,
    invalidCursor: Boolean(cursor) && after === null,
  };
}

/** The columns of the ledger's CSV export, in order (the route words the header row). */
export const DELIVERY_CSV_COLUMNS = [
  'recipientEmail',
  'recipientName',
  'customer',
  'language',
  'status',
  'attempts',
  'lastError',
  'nextAttemptAt',
  'sentAt',
  'messageId',
  'createdAt',
  'updatedAt',
] as const;

/**
 * Every delivery of a notice as CSV-ready rows (DELIVERY_CSV_COLUMNS; times in ISO 8601 UTC), read
 * in batches so that a large notice streams. Yields nothing for an unknown or foreign notice —
 * call `getNotice` first to answer 404. Encode the rows with lib/domain/csv.ts (formula-safe).
 */
export async function* iterateDeliveryCsvRows(viewer: Viewer, noticeId: string, batchSize = 1000): AsyncGenerator<CsvValue[]> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(noticeId)) return;
  const db = getDb();
  const notice = await db.notice.findFirst({ where: { id: noticeId, partnerId }, select: { id: true } });
  if (!notice) return;
  let after: string | null = null;
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  for (;;) {
    const rows: DeliveryRecord[] = await db.noticeDelivery.findMany({
      where: { partnerId, noticeId, ...(after !== null ? { recipientEmail: { gt: after } } : {}) },
      select: DELIVERY_SELECT,
      orderBy: { recipientEmail: 'asc' },
      take: batchSize,
    });
    for (const row of rows) {
      yield [
        row.recipientEmail,
        row.recipientName,
        row.customer.companyName,
        localeFromDb(row.language),
        row.status,
        row.attempts,
        deliveryErrorCodeOf(row.lastError),
        iso(row.nextAttemptAt),
        iso(row.sentAt),
        row.messageId,
        iso(row.createdAt),
        iso(row.updatedAt),
      ];
    }
    const last = rows[rows.length - 1];
    if (rows.length < batchSize || !last) return;
    after = last.recipientEmail;
  }
}
