import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import type { Viewer } from '../viewer';
import { auditReach } from '../../domain/audit';
import { escapeLike } from '../../domain/customer-query';
import { nextIsoDay, startOfDayIn } from '../../domain/zoned-day';
import { AUDIT_PAGE_SIZE, type AuditFilters } from '../../schemas/audit';

// Reading the audit trail (lib/server/data/audit.ts is its one writer): a portal admin reads every
// partner's events and the portal's own, a partner admin only their partner's — whatever the
// filters say — and nobody else any. Newest first, a page at a time (keyset on createdAt, id).

export type AuditRow = {
  /** The event's id (a bigint, as text). */
  id: string;
  createdAt: Date;
  actorId: string | null;
  actorLabel: string;
  partnerId: string | null;
  partnerName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  address: string | null;
};

export type AuditPage = {
  ok: true;
  items: AuditRow[];
  nextCursor: string | null;
  /** The cursor given could not be read: the first page is shown. */
  invalidCursor: boolean;
};

const FORBIDDEN = { ok: false, code: 'FORBIDDEN' } as const;
type Forbidden = typeof FORBIDDEN;

type Cursor = { createdAt: Date; id: bigint };

const encodeCursor = (cursor: Cursor) => Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');

function decodeCursor(value: string): Cursor | null {
  const [time, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !time || !id || !/^[1-9]\d{0,18}$/.test(id)) return null;
  const createdAt = new Date(time);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== time) return null;
  return { createdAt, id: BigInt(id) };
}

function dayStart(day: string, timeZone: string): Date {
  try {
    return startOfDayIn(day, timeZone);
  } catch {
    return startOfDayIn(day, 'UTC');
  }
}

/**
 * The events the viewer may read under `filters`, as a `where`; null for a viewer who may read
 * none. A partner admin's scope is their partner whatever `partner` says.
 */
function auditWhere(viewer: Viewer, filters: AuditFilters): Prisma.AuditEventWhereInput | null {
  const reach = auditReach(viewer.role);
  if (reach === null || viewer.apiToken) return null;
  const and: Prisma.AuditEventWhereInput[] = [];
  if (reach === 'partner') {
    if (!viewer.partnerId) return null;
    and.push({ partnerId: viewer.partnerId });
  } else if (filters.partner) {
    and.push({ partnerId: filters.partner });
  }
  // E-mails are recorded in lower case; token names as they were given.
  if (filters.actor) and.push({ actorLabel: { in: [...new Set([filters.actor, filters.actor.toLowerCase()])] } });
  if (filters.action) and.push({ action: filters.action });
  // Prisma passes LIKE's wildcards through: `_` (a letter of action codes) is escaped to match itself.
  if (filters.actionPrefix) and.push({ action: { startsWith: escapeLike(filters.actionPrefix) } });
  if (filters.targetType) and.push({ targetType: filters.targetType });
  if (filters.targetId) and.push({ targetId: filters.targetId });
  if (filters.from) and.push({ createdAt: { gte: dayStart(filters.from, viewer.timeZone) } });
  if (filters.to) and.push({ createdAt: { lt: dayStart(nextIsoDay(filters.to), viewer.timeZone) } });
  return { AND: and };
}

const SELECT = {
  id: true,
  createdAt: true,
  actorId: true,
  actorLabel: true,
  partnerId: true,
  partner: { select: { name: true } },
  action: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  address: true,
} satisfies Prisma.AuditEventSelect;

type Row = Prisma.AuditEventGetPayload<{ select: typeof SELECT }>;

const toRow = (row: Row): AuditRow => ({
  id: String(row.id),
  createdAt: row.createdAt,
  actorId: row.actorId,
  actorLabel: row.actorLabel,
  partnerId: row.partnerId,
  partnerName: row.partner?.name ?? null,
  action: row.action,
  targetType: row.targetType,
  targetId: row.targetId,
  before: row.before,
  after: row.after,
  address: row.address,
});

async function readPage(where: Prisma.AuditEventWhereInput, after: Cursor | null, take: number): Promise<Row[]> {
  const page: Prisma.AuditEventWhereInput = after
    ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] }
    : where;
  return getDb().auditEvent.findMany({ where: page, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take, select: SELECT });
}

/** One page of the events the viewer may read, newest first; FORBIDDEN for a viewer who may read none. */
export async function listAuditEvents(
  viewer: Viewer,
  filters: AuditFilters,
  cursorText?: string,
  options: { pageSize?: number } = {},
): Promise<AuditPage | Forbidden> {
  const where = auditWhere(viewer, filters);
  if (!where) return FORBIDDEN;
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  const cursor = cursorText ? decodeCursor(cursorText) : null;
  const rows = await readPage(where, cursor, pageSize + 1);
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1];
  return {
    ok: true,
    items: items.map(toRow),
    nextCursor: rows.length > pageSize && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    invalidCursor: Boolean(cursorText) && cursor === null,
  };
}

/**
 * Every event the viewer may read under `filters`, newest first, in batches (the CSV export: memory
 * stays at one batch). Nothing for a viewer who may read none.
 */
export async function* exportAuditEvents(
  viewer: Viewer,
  filters: AuditFilters,
  options: { batchSize?: number } = {},
): AsyncGenerator<AuditRow[]> {
  const where = auditWhere(viewer, filters);
  if (!where) return;
  const batchSize = options.batchSize ?? 1000;
  let cursor: Cursor | null = null;
  for (;;) {
    const rows = await readPage(where, cursor, batchSize);
    if (rows.length > 0) yield rows.map(toRow);
    const last = rows[rows.length - 1];
    if (rows.length < batchSize || !last) return;
    cursor = { createdAt: last.createdAt, id: last.id };
  }
}

/** The partners a portal admin may filter the audit trail by; none for anyone else. */
export async function listAuditPartners(viewer: Viewer): Promise<{ id: string; name: string }[]> {
  if (auditReach(viewer.role) !== 'all') return [];
  return getDb().partner.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
}
