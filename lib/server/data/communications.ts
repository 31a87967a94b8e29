import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { partnerScope, type ReadScope, type Viewer } from '../viewer';
import { isUuid } from '../../domain/ids';
import {
  CATEGORIES,
  CLOUDS,
  DIRECT_RELATIONSHIPS,
  RELATIONSHIPS_TO_PARTNER,
  decide,
  isPolicyConflict,
  type Cloud,
  type CommunicationCategory,
  type DirectRelationship,
  type PolicyCustomer,
  type PolicyDecision,
  type PolicyOutcome,
  type PolicyReason,
  type RelationshipToPartner,
} from '../../domain/policy';
import { COMMUNICATIONS_PAGE_SIZE, type CommunicationFilters } from '../../schemas/communications';
import { isOpen, type GraphKind } from '../../domain/graph-mapping';

// Microsoft communications as partners read them: the list with its cross-customer roll-up and
// policy decisions, one communication, and the policy-conflict counts for the dashboard. The
// import is in communication-import.ts.
//
// Policy conflicts are decided by the domain (lib/domain/policy.ts), never re-written here: the
// combinations of category × relationship to partner × direct relationship × cloud for which
// `isPolicyConflict` holds are enumerated once from the domain functions (CONFLICT_COMBOS) and
// handed to PostgreSQL as a set of tuples, so that conflicts are counted in SQL however many
// customers and communications a partner has. The category is each affected customer's own (the
// link's: docs/decisions/0030-categories-per-customer.md), not the communication's.

// ---------------------------------------------------------------------------------------------
// Policy in queries.

type Combo = {
  category: CommunicationCategory;
  relationshipToPartner: RelationshipToPartner;
  directRelationship: DirectRelationship;
  cloud: Cloud;
};

const CONFLICT_COMBOS: readonly Combo[] = CATEGORIES.flatMap((category) =>
  RELATIONSHIPS_TO_PARTNER.flatMap((relationshipToPartner) =>
    DIRECT_RELATIONSHIPS.flatMap((directRelationship) =>
      CLOUDS.filter((cloud) => isPolicyConflict({ relationshipToPartner, directRelationship, cloud }, category)).map((cloud) => ({
        category,
        relationshipToPartner,
        directRelationship,
        cloud,
      })),
    ),
  ),
);

/** SQL: the link `l` (its category for the customer) is a policy conflict for the customer `c`. */
const conflictSql = Prisma.sql`(l."category"::text, c."relationshipToPartner"::text, c."directRelationship"::text, c."cloud"::text) IN (
  SELECT * FROM unnest(
    ${CONFLICT_COMBOS.map((x) => x.category)}::text[],
    ${CONFLICT_COMBOS.map((x) => x.relationshipToPartner)}::text[],
    ${CONFLICT_COMBOS.map((x) => x.directRelationship)}::text[],
    ${CONFLICT_COMBOS.map((x) => x.cloud)}::text[]))`;

/** Prisma: the communication has at least one affected customer for which it is a conflict. */
function hasConflictWhere(): Prisma.MicrosoftCommunicationWhereInput {
  return {
    affectedCustomers: {
      some: {
        OR: CATEGORIES.map((category) => ({
          category,
          customer: {
            OR: CONFLICT_COMBOS.filter((x) => x.category === category).map(({ relationshipToPartner, directRelationship, cloud }) => ({
              relationshipToPartner,
              directRelationship,
              cloud,
            })),
          },
        })).filter((clause) => clause.customer.OR.length > 0),
      },
    },
  };
}

/**
 * Prisma: the communication is still open at `now` — an issue until resolved; a post until its end
 * (endDateTime, else expiryDateTime) has passed (lib/domain/graph-mapping.ts, isOpen).
 */
function openWhere(now: Date): Prisma.MicrosoftCommunicationWhereInput {
  return { isResolved: false, OR: [{ kind: 'serviceHealthIssue' }, { endAt: null }, { endAt: { gt: now } }] };
}

// ---------------------------------------------------------------------------------------------
// Reading.

export type AffectedCustomer = {
  id: string;
  companyName: string;
  /** The communication's category for this customer. */
  category: CommunicationCategory;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  directRelationship: DirectRelationship;
  decision: PolicyDecision;
  isConflict: boolean;
};

/** Affected customers grouped by the policy's answer for the communication's category for them. */
export type OutcomeGroup = {
  category: CommunicationCategory;
  outcome: PolicyOutcome;
  reason: PolicyReason;
  isConflict: boolean;
  count: number;
};

export type CommunicationItem = {
  id: string;
  externalId: string;
  kind: GraphKind;
  /** The category for the partner as a whole; a customer's own may differ (`affected[].category`, `outcomes`). */
  category: CommunicationCategory;
  title: string;
  summary: string;
  affectedService: string;
  classification: 'incident' | 'advisory' | 'unknown';
  status: string;
  severity: string | null;
  startAt: Date;
  endAt: Date | null;
  lastModifiedAt: Date;
  isResolved: boolean;
  /** Not resolved, and (a post) its end not passed. */
  isOpen: boolean;
  cloud: Cloud;
  messageCategory: string | null;
  services: string[];
  tags: string[];
  feature: string | null;
  featureGroup: string | null;
  isMajorChange: boolean;
  highImpact: boolean;
  actionRequiredBy: Date | null;
  affectedCount: number;
  conflictCount: number;
  outcomes: OutcomeGroup[];
  /** The first affected customers (conflicts first, then by name); `affectedCount` has them all. */
  affected: AffectedCustomer[];
};

export type CommunicationDetail = CommunicationItem & { raw: unknown };

export type CommunicationPage = {
  items: CommunicationItem[];
  /** Cursor of the next (older) page, or null on the last page. */
  nextCursor: string | null;
  /** Cursor of the previous (newer) page, or null on the first page. */
  prevCursor: string | null;
  /** The cursor given could not be read: the first page is shown. */
  invalidCursor: boolean;
};

/** Affected customers shown per communication in the list. */
export const LIST_AFFECTED_LIMIT = 8;
/** Affected customers shown on a communication's page. */
export const DETAIL_AFFECTED_LIMIT = 500;

type Cursor = { direction: 'next' | 'prev'; startAt: Date; id: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.direction === 'next' ? 'n' : 'p'}|${cursor.startAt.toISOString()}|${cursor.id}`, 'utf8').toString(
    'base64url',
  );
}

function decodeCursor(value: string): Cursor | null {
  let text: string;
  try {
    text = Buffer.from(value, 'base64url').toString('utf8');
  } catch {
    return null;
  }
  const [direction, time, id, ...rest] = text.split('|');
  if (rest.length > 0 || (direction !== 'n' && direction !== 'p') || !time || !id || !isUuid(id)) return null;
  const startAt = new Date(time);
  if (Number.isNaN(startAt.getTime()) || startAt.toISOString() !== time) return null;
  return { direction: direction === 'n' ? 'next' : 'prev', startAt, id: id.toLowerCase() };
}

function filterWhere(partnerId: string, filters: CommunicationFilters, now: Date): Prisma.MicrosoftCommunicationWhereInput {
  // Built clause by clause from values that are set: an unset filter adds nothing, a set one is
  // never silently dropped (no `undefined` inside a where).
  const and: Prisma.MicrosoftCommunicationWhereInput[] = [{ partnerId }];
  // A category: the communication's, or its category for at least one affected customer.
  if (filters.category) {
    and.push({ OR: [{ category: filters.category }, { affectedCustomers: { some: { partnerId, category: filters.category } } }] });
  }
  if (filters.classification) and.push({ classification: filters.classification });
  if (filters.status) and.push({ status: filters.status });
  if (filters.service) and.push({ affectedService: filters.service });
  if (filters.customerId) {
    if (!isUuid(filters.customerId)) and.push({ id: { in: [] } });
    else and.push({ affectedCustomers: { some: { partnerId, customerId: filters.customerId } } });
  }
  if (filters.startFrom) and.push({ startAt: { gte: filters.startFrom } });
  if (filters.startBefore) and.push({ startAt: { lt: filters.startBefore } });
  if (filters.state === 'open') and.push(openWhere(now));
  if (filters.state === 'resolved') and.push({ NOT: openWhere(now) });
  if (filters.conflict) and.push(hasConflictWhere());
  return { AND: and };
}

/** A communication's own fields (the list, its page, the import's comparison with what is stored). */
export const COMMUNICATION_SELECT = {
  id: true,
  externalId: true,
  kind: true,
  category: true,
  title: true,
  summary: true,
  affectedService: true,
  classification: true,
  status: true,
  severity: true,
  startAt: true,
  endAt: true,
  lastModifiedAt: true,
  isResolved: true,
  cloud: true,
  messageCategory: true,
  services: true,
  tags: true,
  feature: true,
  featureGroup: true,
  isMajorChange: true,
  highImpact: true,
  actionRequiredBy: true,
} satisfies Prisma.MicrosoftCommunicationSelect;

type ItemRow = Prisma.MicrosoftCommunicationGetPayload<{ select: typeof COMMUNICATION_SELECT }>;

/** Per communication: affected customers grouped by what the policy depends on (≤ 24 groups each). */
async function outcomeGroups(
  partnerId: string,
  rows: ItemRow[],
): Promise<Map<string, { groups: OutcomeGroup[]; total: number; conflicts: number }>> {
  const out = new Map<string, { groups: OutcomeGroup[]; total: number; conflicts: number }>();
  for (const row of rows) out.set(row.id, { groups: [], total: 0, conflicts: 0 });
  if (rows.length === 0) return out;
  const counted = await getDb().$queryRaw<
    {
      communicationId: string;
      category: CommunicationCategory;
      relationshipToPartner: RelationshipToPartner;
      directRelationship: DirectRelationship;
      cloud: Cloud;
      n: number;
    }[]
  >`
    SELECT l."communicationId"::text AS "communicationId", l."category"::text AS "category",
           c."relationshipToPartner"::text AS "relationshipToPartner",
           c."directRelationship"::text AS "directRelationship", c."cloud"::text AS "cloud", count(*)::int AS n
    FROM "CommunicationAffectedCustomer" l
    JOIN "Customer" c ON c."id" = l."customerId" AND c."partnerId" = l."partnerId"
    WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = ANY(${rows.map((row) => row.id)}::uuid[])
    GROUP BY 1, 2, 3, 4, 5`;
  for (const group of counted) {
    const entry = out.get(group.communicationId);
    if (!entry) continue;
    const customer: PolicyCustomer = group;
    const decision = decide(customer, group.category);
    const isConflict = isPolicyConflict(customer, group.category);
    entry.total += group.n;
    if (isConflict) entry.conflicts += group.n;
    const same = entry.groups.find((g) => g.category === group.category && g.outcome === decision.outcome && g.reason === decision.reason);
    if (same) same.count += group.n;
    else entry.groups.push({ category: group.category, outcome: decision.outcome, reason: decision.reason, isConflict, count: group.n });
  }
  // Conflicts first, then the larger groups.
  for (const entry of out.values()) entry.groups.sort((a, b) => Number(b.isConflict) - Number(a.isConflict) || b.count - a.count);
  return out;
}

/** The first `limit` affected customers of each communication: conflicts first, then by name. */
async function firstAffected(partnerId: string, ids: string[], limit: number): Promise<Map<string, AffectedCustomer[]>> {
  const out = new Map<string, AffectedCustomer[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await getDb().$queryRaw<
    {
      communicationId: string;
      category: CommunicationCategory;
      id: string;
      companyName: string;
      cloud: Cloud;
      relationshipToPartner: RelationshipToPartner;
      directRelationship: DirectRelationship;
    }[]
  >`
    SELECT x.* FROM unnest(${ids}::uuid[]) AS wanted("id")
    CROSS JOIN LATERAL (
      SELECT m."id"::text AS "communicationId", l."category"::text AS "category", c."id"::text AS "id", c."companyName",
             c."cloud"::text AS "cloud", c."relationshipToPartner"::text AS "relationshipToPartner",
             c."directRelationship"::text AS "directRelationship"
      FROM "MicrosoftCommunication" m
      JOIN "CommunicationAffectedCustomer" l ON l."communicationId" = m."id" AND l."partnerId" = m."partnerId"
      JOIN "Customer" c ON c."id" = l."customerId" AND c."partnerId" = m."partnerId"
      WHERE m."id" = wanted."id" AND m."partnerId" = ${partnerId}::uuid
      ORDER BY (${conflictSql}) DESC, c."companyName", c."id"
      LIMIT ${limit}
    ) x`;
  for (const row of rows) {
    const customer: PolicyCustomer = row;
    out.get(row.communicationId)?.push({
      id: row.id,
      companyName: row.companyName,
      category: row.category,
      cloud: row.cloud,
      relationshipToPartner: row.relationshipToPartner,
      directRelationship: row.directRelationship,
      decision: decide(customer, row.category),
      isConflict: isPolicyConflict(customer, row.category),
    });
  }
  return out;
}

async function toItems(partnerId: string, rows: ItemRow[], affectedLimit: number, now: Date): Promise<CommunicationItem[]> {
  const [groups, affected] = await Promise.all([
    outcomeGroups(partnerId, rows),
    firstAffected(
      partnerId,
      rows.map((row) => row.id),
      affectedLimit,
    ),
  ]);
  return rows.map((row) => {
    const counts = groups.get(row.id);
    return {
      ...row,
      isOpen: isOpen(row, now),
      affectedCount: counts?.total ?? 0,
      conflictCount: counts?.conflicts ?? 0,
      outcomes: counts?.groups ?? [],
      affected: affected.get(row.id) ?? [],
    };
  });
}

/**
 * The partner's Microsoft communications, newest first (by start), 25 a page with a keyset
 * cursor. Each item carries the roll-up of its affected customers (count, first few) and, per
 * customer, the policy's decision for the item's category and whether it is a conflict.
 */
export async function listCommunications(
  viewer: Viewer,
  filters: CommunicationFilters,
  cursorText?: string,
  options: { pageSize?: number; now?: Date } = {},
): Promise<CommunicationPage> {
  const partnerId = partnerScope(viewer);
  const cursor = cursorText ? decodeCursor(cursorText) : null;
  const invalidCursor = Boolean(cursorText) && cursor === null;
  const now = options.now ?? new Date();
  const where = filterWhere(partnerId, filters, now);
  const pageSize = options.pageSize ?? COMMUNICATIONS_PAGE_SIZE;
  const take = pageSize + 1;
  let rows: ItemRow[];
  let nextCursor: string | null = null;
  let prevCursor: string | null = null;
  if (cursor?.direction === 'prev') {
    // Newer than the cursor, nearest first, then turned around.
    const found = await getDb().microsoftCommunication.findMany({
      where: { AND: [where, { OR: [{ startAt: { gt: cursor.startAt } }, { startAt: cursor.startAt, id: { lt: cursor.id } }] }] },
      orderBy: [{ startAt: 'asc' }, { id: 'desc' }],
      take,
      select: COMMUNICATION_SELECT,
    });
    const hasMore = found.length > pageSize;
    rows = found.slice(0, pageSize).reverse();
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (hasMore && first) prevCursor = encodeCursor({ direction: 'prev', startAt: first.startAt, id: first.id });
    if (last) nextCursor = encodeCursor({ direction: 'next', startAt: last.startAt, id: last.id });
  } else {
    const found = await getDb().microsoftCommunication.findMany({
      where: cursor
        ? { AND: [where, { OR: [{ startAt: { lt: cursor.startAt } }, { startAt: cursor.startAt, id: { gt: cursor.id } }] }] }
        : where,
      orderBy: [{ startAt: 'desc' }, { id: 'asc' }],
      take,
      select: COMMUNICATION_SELECT,
    });
    const hasMore = found.length > pageSize;
    rows = found.slice(0, pageSize);
    const first = rows[0];
    const last = rows[rows.length - 1];
    if (hasMore && last) nextCursor = encodeCursor({ direction: 'next', startAt: last.startAt, id: last.id });
    if (cursor && first) prevCursor = encodeCursor({ direction: 'prev', startAt: first.startAt, id: first.id });
  }
  return { items: await toItems(partnerId, rows, LIST_AFFECTED_LIMIT, now), nextCursor, prevCursor, invalidCursor };
}

/** One communication of the viewer's partner (null for another partner's id or a malformed one). */
export async function getCommunication(viewer: Viewer, id: string, now = new Date()): Promise<CommunicationDetail | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  const row = await getDb().microsoftCommunication.findFirst({ where: { id, partnerId }, select: { ...COMMUNICATION_SELECT, raw: true } });
  if (!row) return null;
  const { raw, ...item } = row;
  const [full] = await toItems(partnerId, [item], DETAIL_AFFECTED_LIMIT, now);
  return full ? { ...full, raw } : null;
}

export type CommunicationFilterOptions = {
  services: string[];
  statuses: string[];
  /** Customers affected by at least one communication, by name (at most CUSTOMER_OPTIONS_LIMIT). */
  customers: { id: string; companyName: string }[];
  moreCustomers: boolean;
};

export const CUSTOMER_OPTIONS_LIMIT = 500;

/** The values the filter form offers: only those that occur in the partner's communications. */
export async function listCommunicationFilterOptions(viewer: Viewer, selectedCustomerId?: string): Promise<CommunicationFilterOptions> {
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const [services, statuses, customers] = await Promise.all([
    db.microsoftCommunication.groupBy({ by: ['affectedService'], where: { partnerId }, orderBy: { affectedService: 'asc' } }),
    db.microsoftCommunication.groupBy({ by: ['status'], where: { partnerId }, orderBy: { status: 'asc' } }),
    db.$queryRaw<{ id: string; companyName: string }[]>`
      SELECT c."id"::text AS "id", c."companyName" FROM "Customer" c
      WHERE c."partnerId" = ${partnerId}::uuid
        AND EXISTS (SELECT 1 FROM "CommunicationAffectedCustomer" l WHERE l."partnerId" = c."partnerId" AND l."customerId" = c."id")
      ORDER BY c."companyName", c."id"
      LIMIT ${CUSTOMER_OPTIONS_LIMIT + 1}`,
  ]);
  const list = customers.slice(0, CUSTOMER_OPTIONS_LIMIT);
  if (selectedCustomerId && isUuid(selectedCustomerId) && !list.some((c) => c.id === selectedCustomerId)) {
    const selected = await db.customer.findFirst({ where: { id: selectedCustomerId, partnerId }, select: { id: true, companyName: true } });
    if (selected) list.push(selected);
  }
  return {
    services: services.map((row) => row.affectedService).filter((service) => service.length > 0),
    statuses: statuses.map((row) => row.status),
    customers: list,
    moreCustomers: customers.length > CUSTOMER_OPTIONS_LIMIT,
  };
}

export type PolicyConflictCounts = {
  /** communication × affected customer pairs in conflict. */
  pairs: number;
  /** communications with at least one conflict. */
  communications: number;
  /** affected customers with at least one conflict. */
  customers: number;
};

/** The policy conflicts of the partner, counted in SQL. */
export async function countPolicyConflicts(viewer: ReadScope): Promise<PolicyConflictCounts> {
  const partnerId = partnerScope(viewer);
  const [row] = await getDb().$queryRaw<{ pairs: number; communications: number; customers: number }[]>`
    SELECT count(*)::int AS pairs, count(DISTINCT l."communicationId")::int AS communications, count(DISTINCT l."customerId")::int AS customers
    FROM "CommunicationAffectedCustomer" l
    JOIN "MicrosoftCommunication" m ON m."id" = l."communicationId" AND m."partnerId" = l."partnerId"
    JOIN "Customer" c ON c."id" = l."customerId" AND c."partnerId" = l."partnerId"
    WHERE l."partnerId" = ${partnerId}::uuid AND ${conflictSql}`;
  return { pairs: row?.pairs ?? 0, communications: row?.communications ?? 0, customers: row?.customers ?? 0 };
}
