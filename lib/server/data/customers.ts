import 'server-only';
import { getDb, queryRows } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { pendingTokenCheck, type TokenCheck } from './token-check';
import { isUuid } from '../../domain/ids';
import { Prisma } from '../../generated/prisma/client';
import {
  CUSTOMER_COUNT_LIMIT,
  CUSTOMER_PAGE_SIZE,
  cursorKey,
  encodeCursor,
  searchTerms,
  sortSpec,
  type CustomerCursor,
  type CustomerFilters,
  type CustomerQuery,
  type CustomerSort,
  type SortSpec,
} from '../../domain/customer-query';
import { isPolicyConflict, policyMatrix, type PolicyDecision } from '../../domain/policy';
import { localeFromSql, type Locale } from '../../i18n/locales';
import type { NoticeKind } from '../../schemas/notices';

// The customer list, its CSV export and the customer detail page.
//
// Paging is keyset ("seek"), never OFFSET, and nothing counts or sorts the partner's whole table:
// a page reads at most PAGE_SIZE + 1 rows in the order of one of the Customer indexes that match
// the sort ((partnerId, companyName, id), (partnerId, createdAt, id), (partnerId,
// nextCommitmentEndAt, id); read backwards for descending sorts and previous pages), starting
// right after the cursor row with a row comparison `(key, id) > ($key, $id)` that PostgreSQL uses
// as the index bound, so page 4,000 of 100,000 customers costs what page 1 costs, ties included.
// A null next-commitment end sorts last in both directions: those rows form a second segment
// (`IS NULL`, ordered by id) read after the first. The search is ILIKE '%…%' on the name and the
// domain (trigram GIN indexes, see prisma/schema.prisma; one or two characters match the start of
// the name, of a word in it or of the domain, which the same indexes find) or an exact tenant id.
//
// The list and the export use SQL written here ($queryRaw, every value a bound parameter): Prisma's
// query builder cannot express the row comparison (its `a > x OR (a = x AND id > y)` form scans a
// whole group of equal keys), and a page of rows costs about a third of the time through it.

export type CustomerListRow = {
  id: string;
  companyName: string;
  domain: string;
  tenantId: string;
  cloud: 'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY';
  relationshipToPartner: 'RESELLER' | 'ADVISOR';
  directRelationship: 'NONE' | 'DECLARED' | 'VERIFIED' | 'REJECTED';
  preferredLanguage: Locale;
  nextCommitmentEndAt: Date | null;
  createdAt: Date;
};

export type CustomerListPage = {
  rows: CustomerListRow[];
  /** Cursor of the next page (after the last row), or null on the last page. */
  nextCursor: string | null;
  /** Cursor of the previous page (before the first row), or null on the first page. */
  previousCursor: string | null;
  /** Matching customers, counted up to CUSTOMER_COUNT_LIMIT; `more` when there are more than that. */
  total: { count: number; more: boolean };
  /** Whether the partner has any customer at all (to tell "none yet" from "no match"). */
  partnerHasCustomers: boolean;
};

// Raw SQL sees the database's enum values: Language zh_TW is 'zh-TW'.
type RawRow = Omit<CustomerListRow, 'preferredLanguage'> & { preferredLanguage: string };

// uuid columns arrive as strings; enum columns are cast to text (the names stay the columns' own).
const SUMMARY_COLUMNS = Prisma.sql`"id", "companyName", "domain", "tenantId", "cloud"::text AS "cloud",
  "relationshipToPartner"::text AS "relationshipToPartner", "directRelationship"::text AS "directRelationship",
  "preferredLanguage"::text AS "preferredLanguage"`;
const LIST_COLUMNS = Prisma.sql`${SUMMARY_COLUMNS}, "nextCommitmentEndAt", "createdAt"`;

/** Column names come from this fixed table only, never from the request (qualified: never an output alias). */
const SORT_COLUMN: Record<SortSpec['field'], Prisma.Sql> = {
  companyName: Prisma.raw('"Customer"."companyName"'),
  createdAt: Prisma.raw('"Customer"."createdAt"'),
  nextCommitmentEndAt: Prisma.raw('"Customer"."nextCommitmentEndAt"'),
};
const ID = Prisma.raw('"Customer"."id"');

/**
 * What a read selects: the list page's columns, or the API's summary (lib/server/api/customers.ts
 * answers no dates) with only the sort's key besides, which the cursor needs. A summary row has
 * no other date: only listCustomerSummaries reads that way, and it answers no date.
 */
type Columns = 'list' | 'summary';

function columnsOf(columns: Columns, spec: SortSpec): Prisma.Sql {
  if (columns === 'list') return LIST_COLUMNS;
  return spec.field === 'companyName' ? SUMMARY_COLUMNS : Prisma.sql`${SUMMARY_COLUMNS}, ${SORT_COLUMN[spec.field]}`;
}

function toListRow(row: RawRow): CustomerListRow {
  return { ...row, preferredLanguage: localeFromSql(row.preferredLanguage) };
}

/**
 * The partner scope and the filters: conditions joined with AND. With an API token's pending
 * check, the scope also demands that the token is still usable (every read of the list has it).
 */
function filterConditions(partnerId: string, filters: CustomerFilters, check?: TokenCheck): Prisma.Sql[] {
  const where = [
    check ? Prisma.sql`"partnerId" = ${partnerId}::uuid AND ${check.condition()}` : Prisma.sql`"partnerId" = ${partnerId}::uuid`,
  ];
  if (filters.cloud) where.push(Prisma.sql`"cloud" = ${filters.cloud}::"Cloud"`);
  if (filters.relationshipToPartner) {
    where.push(Prisma.sql`"relationshipToPartner" = ${filters.relationshipToPartner}::"RelationshipToPartner"`);
  }
  if (filters.directRelationship) where.push(Prisma.sql`"directRelationship" = ${filters.directRelationship}::"DirectRelationship"`);
  if (filters.q) {
    const terms = searchTerms(filters.q);
    if (terms.kind === 'tenantId') {
      where.push(Prisma.sql`"tenantId" = ${terms.tenantId}::uuid`);
    } else if (terms.kind === 'contains') {
      const pattern = `%${terms.text}%`;
      where.push(Prisma.sql`("companyName" ILIKE ${pattern} OR "domain" ILIKE ${pattern})`);
    } else {
      // Prefix patterns: pg_trgm finds them with the same indexes from one or two characters.
      const start = `${terms.text}%`;
      const wordStart = `% ${terms.text}%`;
      where.push(Prisma.sql`("companyName" ILIKE ${start} OR "companyName" ILIKE ${wordStart} OR "domain" ILIKE ${start})`);
    }
  }
  return where;
}

type Bound = { key: string | null; id: string } | null;

function keyParam(spec: SortSpec, key: string): Prisma.Sql {
  return spec.field === 'companyName' ? Prisma.sql`${key}` : Prisma.sql`${key}::timestamptz`;
}

/**
 * How a filtered page is read. Left to itself, the planner walks the sort index and checks the
 * filter on each row when it expects matches to be spread evenly; when they are bunched together
 * in the sort order (customers whose names start with the searched word sit side by side in a
 * name sort) that walk reads a long stretch of non-matching rows first — measured: 40,000 rows,
 * 96 ms, at 100,000 customers. The list counts the matches first (at most 1,001, through the
 * filter's indexes) and then:
 * - 'matches', at most 1,000 matches: every match after the cursor through the filter's indexes
 *   (trigram or enum), sorted (OFFSET 0 keeps the planner from walking the sort index instead);
 * - 'bounded', more: 1. the next FILTER_WINDOW rows in sort order (an exact index walk), keeping
 *   the matches — enough of them, or the end of the rows, and the page is complete; 2. otherwise
 *   as 'matches'. Each step's cost follows the window or the number of matches, not the partner's size.
 * - 'walk': one query planned by PostgreSQL (no filter, or the export's big batches).
 */
export const FILTER_WINDOW = 1000;

export type ReadStrategy = 'walk' | 'matches' | 'bounded';

/**
 * One segment read in the order of the scan. `forward`: the sort's own order; otherwise reversed
 * (for a previous page). `nulls`: the segment of rows whose (nullable) key is null.
 * `base` is [partner scope, ...filters].
 */
async function readSegment(
  base: Prisma.Sql[],
  spec: SortSpec,
  options: { forward: boolean; nulls: boolean; bound: Bound; take: number; strategy: ReadStrategy; columns: Columns },
): Promise<RawRow[]> {
  if (options.take <= 0) return [];
  const selected = columnsOf(options.columns, spec);
  const descending = spec.descending !== !options.forward;
  const dir = Prisma.raw(descending ? 'DESC' : 'ASC');
  const beyond = Prisma.raw(descending ? '<' : '>');
  const column = SORT_COLUMN[spec.field];
  const [scope, ...filters] = base;
  const position: Prisma.Sql[] = [scope!];
  // The order, on the table's columns or (qualified by `from`) on a subquery's.
  let orderBy: (from?: string) => Prisma.Sql;
  if (options.nulls) {
    position.push(Prisma.sql`${column} IS NULL`);
    if (options.bound) position.push(Prisma.sql`${ID} ${beyond} ${options.bound.id}::uuid`);
    orderBy = (from) => Prisma.sql`${from ? Prisma.raw(`"${from}"."id"`) : ID} ${dir}`;
  } else {
    if (spec.nullable) position.push(Prisma.sql`${column} IS NOT NULL`);
    if (options.bound && options.bound.key !== null) {
      position.push(Prisma.sql`(${column}, ${ID}) ${beyond} (${keyParam(spec, options.bound.key)}, ${options.bound.id}::uuid)`);
    }
    orderBy = (from) =>
      from
        ? Prisma.sql`${Prisma.raw(`"${from}"."${spec.field}"`)} ${dir}, ${Prisma.raw(`"${from}"."id"`)} ${dir}`
        : Prisma.sql`${column} ${dir}, ${ID} ${dir}`;
  }
  const where = Prisma.join([...position, ...filters], ' AND ');
  if (filters.length === 0 || options.strategy === 'walk') {
    // Without a filter the plan is always the walk of the sort's index from the partner's (and the
    // cursor's) position: prepared (the API's list runs it on every request).
    return queryRows<RawRow>(
      Prisma.sql`
      SELECT ${selected} FROM "Customer" WHERE ${where} ORDER BY ${orderBy()} LIMIT ${options.take}`,
      { prepare: filters.length === 0 },
    );
  }
  const everyMatch = () =>
    queryRows<RawRow>(Prisma.sql`
      SELECT * FROM (SELECT ${selected} FROM "Customer" WHERE ${where} OFFSET 0) AS "matches"
      ORDER BY ${orderBy('matches')} LIMIT ${options.take}`);
  if (options.strategy === 'matches') return everyMatch();

  // 1. The next FILTER_WINDOW rows in order (an index walk that stops as soon as `take` matches
  // are found), keeping the matches; the window's last row comes along as a marker ("rn") when the
  // walk reached it without finding enough.
  const windowed = await queryRows<RawRow & { hit: boolean; rn: number }>(Prisma.sql`
    SELECT * FROM (
      SELECT ${selected}, (${Prisma.join(filters, ' AND ')}) AS "hit", (row_number() OVER (ORDER BY ${orderBy()}))::int AS "rn"
      FROM "Customer" WHERE ${Prisma.join(position, ' AND ')} ORDER BY ${orderBy()} LIMIT ${FILTER_WINDOW}
    ) AS "window"
    WHERE "hit" OR "rn" = ${FILTER_WINDOW}
    ORDER BY ${orderBy('window')} LIMIT ${options.take}`);
  const hits: RawRow[] = windowed.filter((row) => row.hit).map(({ hit: _hit, rn: _rn, ...row }) => row);
  const windowFull = windowed.some((row) => row.rn === FILTER_WINDOW);
  if (hits.length >= options.take || !windowFull) return hits;

  // 2. Sparse here: every match from the cursor on, as 'matches'.
  return everyMatch();
}

/**
 * Up to `take` rows strictly after (`forward`) or before the cursor row, in scan order. With a
 * nullable key the order is: non-null keys, then nulls; read backwards for a previous page.
 */
async function readRows(
  base: Prisma.Sql[],
  spec: SortSpec,
  cursor: CustomerCursor | undefined,
  take: number,
  forward: boolean,
  strategy: ReadStrategy,
  columns: Columns = 'list',
) {
  const bound: Bound = cursor ? { key: cursor.key, id: cursor.id } : null;
  if (!spec.nullable) return readSegment(base, spec, { forward, nulls: false, bound, take, strategy, columns });
  const segments: { nulls: boolean; bound: Bound }[] = [];
  if (forward) {
    // Non-null keys first (unless the cursor is already among the nulls), then the nulls.
    if (!bound || bound.key !== null) segments.push({ nulls: false, bound }, { nulls: true, bound: null });
    else segments.push({ nulls: true, bound });
  } else {
    // Backwards: nulls first (from the cursor when it is among them), then the non-null keys.
    if (!bound || bound.key === null) segments.push({ nulls: true, bound }, { nulls: false, bound: null });
    else segments.push({ nulls: false, bound });
  }
  const rows: RawRow[] = [];
  for (const segment of segments) {
    rows.push(
      ...(await readSegment(base, spec, {
        forward,
        nulls: segment.nulls,
        bound: segment.bound,
        take: take - rows.length,
        strategy,
        columns,
      })),
    );
    if (rows.length >= take) break;
  }
  return rows;
}

function cursorFor(sort: CustomerSort, spec: SortSpec, row: RawRow, direction: 'after' | 'before'): string {
  return encodeCursor({ sort, direction, key: cursorKey(spec, row), id: row.id });
}

/** One page of the viewer's customers for the list page. */
export async function listCustomers(viewer: Viewer, query: CustomerQuery, options: { pageSize?: number } = {}): Promise<CustomerListPage> {
  const page = await readPage(viewer, query, { pageSize: options.pageSize ?? CUSTOMER_PAGE_SIZE, withTotal: true, columns: 'list' });
  return { ...page, rows: page.rows.map(toListRow) };
}

export type CustomerSummaryRow = Omit<CustomerListRow, 'nextCommitmentEndAt' | 'createdAt'>;

/** A customer's summary fields, no more (the REST API's CustomerSummary). */
export function customerSummaryOf(row: CustomerSummaryRow): CustomerSummaryRow {
  return {
    id: row.id,
    companyName: row.companyName,
    domain: row.domain,
    tenantId: row.tenantId,
    cloud: row.cloud,
    relationshipToPartner: row.relationshipToPartner,
    directRelationship: row.directRelationship,
    preferredLanguage: row.preferredLanguage,
  };
}

/**
 * One page of the viewer's customers for the REST API: the list's search, filters, sorts and
 * keyset, without the count of an unfiltered list, and only the columns the API answers.
 */
export async function listCustomerSummaries(
  viewer: Viewer,
  query: CustomerQuery,
  options: { pageSize: number },
): Promise<{ rows: CustomerSummaryRow[]; nextCursor: string | null }> {
  const page = await readPage(viewer, query, { pageSize: options.pageSize, withTotal: false, columns: 'summary' });
  return {
    rows: page.rows.map((row) => customerSummaryOf({ ...row, preferredLanguage: localeFromSql(row.preferredLanguage) })),
    nextCursor: page.nextCursor,
  };
}

async function readPage(
  viewer: Viewer,
  query: CustomerQuery,
  options: { pageSize: number; /** false: no count of an unfiltered list. */ withTotal: boolean; columns: Columns },
): Promise<Omit<CustomerListPage, 'rows'> & { rows: RawRow[] }> {
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const pageSize = options.pageSize;
  const spec = sortSpec(query.sort);
  const check = pendingTokenCheck(viewer);
  const base = filterConditions(partnerId, query, check);
  const cursor = query.cursor && query.cursor.sort === query.sort ? query.cursor : undefined;
  const backwards = cursor?.direction === 'before';

  // Bounded: counts at most LIMIT + 1 matching rows, never the partner's whole table.
  const count = () =>
    queryRows<{ n: number }>(
      Prisma.sql`SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "Customer" WHERE ${Prisma.join(base, ' AND ')} LIMIT ${CUSTOMER_COUNT_LIMIT + 1}) AS "matches"`,
    ).then((rows) => rows[0]?.n ?? 0);
  const filtered = base.length > 1;
  let fetched: RawRow[];
  let counted: number;
  if (filtered) {
    // The count chooses how to read the page (see FILTER_WINDOW).
    counted = await count();
    fetched =
      counted === 0
        ? []
        : await readRows(
            base,
            spec,
            cursor,
            pageSize + 1,
            !backwards,
            counted <= CUSTOMER_COUNT_LIMIT ? 'matches' : 'bounded',
            options.columns,
          );
  } else if (!options.withTotal) {
    fetched = await readRows(base, spec, cursor, pageSize + 1, !backwards, 'walk', options.columns);
    counted = fetched.length;
  } else {
    [fetched, counted] = await Promise.all([readRows(base, spec, cursor, pageSize + 1, !backwards, 'walk', options.columns), count()]);
  }
  // "No customers yet" or "none match": asked only when nothing matched a filtered query.
  const partnerHasCustomers =
    counted > 0 || (filtered && (await db.customer.findFirst({ where: { partnerId }, select: { id: true } })) !== null);
  check?.saw(fetched);
  const hasMore = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  // Forward: a next page exists when one more row was found; a previous one whenever we came from a cursor.
  // Backward: the other way round.
  const hasNext = backwards ? true : hasMore;
  const hasPrevious = backwards ? hasMore : Boolean(cursor);
  return {
    rows: page,
    nextCursor: hasNext && last ? cursorFor(query.sort, spec, last, 'after') : null,
    previousCursor: hasPrevious && first ? cursorFor(query.sort, spec, first, 'before') : null,
    total: { count: Math.min(counted, CUSTOMER_COUNT_LIMIT), more: counted > CUSTOMER_COUNT_LIMIT },
    partnerHasCustomers,
  };
}

/**
 * Every matching customer, in the list's order, as batches read with the same keyset (for the
 * CSV export): memory stays at one batch whatever the partner's size.
 */
export async function* exportCustomers(
  viewer: Viewer,
  query: Omit<CustomerQuery, 'cursor'>,
  options: { batchSize?: number } = {},
): AsyncGenerator<CustomerListRow[]> {
  const partnerId = partnerScope(viewer);
  const batchSize = options.batchSize ?? 1000;
  const spec = sortSpec(query.sort);
  const base = filterConditions(partnerId, query);
  let cursor: CustomerCursor | undefined;
  for (;;) {
    // Batches of 1,000 in the list's order, planned by PostgreSQL as one query each ('walk').
    const rows = await readRows(base, spec, cursor, batchSize, true, 'walk');
    if (rows.length > 0) yield rows.map(toListRow);
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    cursor = { sort: query.sort, direction: 'after', key: cursorKey(spec, last), id: last.id };
  }
}

// ---------------------------------------------------------------------------------------------
// The detail page.

export const DETAIL_LIMITS = { contacts: 200, subscriptions: 200, reviews: 20, communications: 20, notices: 20 } as const;

export type CustomerDetail = {
  customer: {
    id: string;
    companyName: string;
    domain: string;
    tenantId: string;
    cloud: 'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY';
    relationshipToPartner: 'RESELLER' | 'ADVISOR';
    preferredLanguage: Locale;
    directRelationship: 'NONE' | 'DECLARED' | 'VERIFIED' | 'REJECTED';
    directAgreementType: string | null;
    directEvidenceNote: string | null;
    /** Products and services the customer buys from Microsoft outside CSP (its declaration). */
    directServices: string[];
    nextCommitmentEndAt: Date | null;
    createdAt: Date;
    updatedAt: Date;
  };
  policy: PolicyDecision[];
  contacts: { id: string; name: string; email: string; role: 'PRIMARY' | 'BILLING' | 'TECHNICAL'; language: Locale | null }[];
  subscriptions: {
    id: string;
    offerName: string;
    quantity: number;
    status: 'ACTIVE' | 'SUSPENDED' | 'EXPIRED' | 'CANCELLED';
    term: 'P1M' | 'P1Y' | 'P3Y';
    billingCycle: 'MONTHLY' | 'ANNUAL';
    startDate: Date;
    commitmentEndDate: Date;
    autoRenew: boolean;
  }[];
  reviews: {
    id: string;
    agreementType: string;
    evidenceNote: string;
    status: 'PENDING' | 'APPROVED' | 'REJECTED';
    declaredBy: string | null;
    createdAt: Date;
    decidedAt: Date | null;
    decisionNote: string | null;
  }[];
  communications: {
    id: string;
    externalId: string;
    title: string;
    /** The communication's category for this customer (docs/decisions/0030-categories-per-customer.md). */
    category: 'SUBSCRIPTION_BILLING' | 'SERVICE_INCIDENT' | 'OPERATIONAL' | 'NON_CSP_PRODUCTS';
    kind: 'serviceHealthIssue' | 'serviceUpdateMessage';
    classification: 'incident' | 'advisory' | 'unknown';
    affectedService: string;
    isResolved: boolean;
    startAt: Date;
    endAt: Date | null;
    /** A post's "act by" date. */
    actionRequiredBy: Date | null;
    /** Microsoft should not have sent this category to this customer. */
    isConflict: boolean;
    /** The partner's notices about it that went (or go) to this customer. */
    noticeCount: number;
  }[];
  notices: {
    id: string;
    kind: NoticeKind;
    status: 'DRAFT' | 'SCHEDULED' | 'SENDING' | 'SENT' | 'PARTIALLY_FAILED' | 'FAILED' | 'CANCELLED' | 'ARCHIVED';
    subjectEn: string;
    subjectZhTw: string;
    createdAt: Date;
    scheduledAt: Date | null;
    sentAt: Date | null;
    /** The Microsoft communication a service update is about. */
    communicationId: string | null;
    communicationExternalId: string | null;
  }[];
  /** Whether a list was cut at its limit (there is more than is shown). */
  truncated: { contacts: boolean; subscriptions: boolean; reviews: boolean; communications: boolean; notices: boolean };
};

async function readCustomer(partnerId: string, customerId: string): Promise<CustomerDetail['customer'] | null> {
  const [row] = await queryRows<Omit<CustomerDetail['customer'], 'preferredLanguage'> & { preferredLanguage: string }>(Prisma.sql`
    SELECT "id"::text AS "id", "companyName", "domain", "tenantId"::text AS "tenantId", "cloud"::text AS "cloud",
           "relationshipToPartner"::text AS "relationshipToPartner", "preferredLanguage"::text AS "preferredLanguage",
           "directRelationship"::text AS "directRelationship", "directAgreementType", "directEvidenceNote", "directServices",
           "nextCommitmentEndAt", "createdAt", "updatedAt"
    FROM "Customer" WHERE "id" = ${customerId}::uuid AND "partnerId" = ${partnerId}::uuid`);
  return row ? { ...row, preferredLanguage: localeFromSql(row.preferredLanguage) } : null;
}

/** One customer of the viewer's partner (its own fields only); null when not the viewer's (or no such id). */
export async function getCustomer(viewer: Viewer, customerId: string): Promise<CustomerDetail['customer'] | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId)) return null;
  return readCustomer(partnerId, customerId);
}

/**
 * One customer of the viewer's partner with everything the detail page shows; null when not the
 * viewer's (or no such id). Read through the pg pool (queryRows, all values bound): six reads per
 * page view, which Prisma's conversion made the larger part of the page's cost.
 */
export async function getCustomerDetail(viewer: Viewer, customerId: string): Promise<CustomerDetail | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId)) return null;
  const customer = await readCustomer(partnerId, customerId);
  if (!customer) return null;
  // Each ORDER BY names the table's columns (qualified): an unqualified "role" would be the
  // text the SELECT made of it, which sorts by name instead of by the enum's order.
  const [contacts, subscriptions, reviews, affected, noticeLinks] = await Promise.all([
    queryRows<Omit<CustomerDetail['contacts'][number], 'language'> & { language: string | null }>(Prisma.sql`
      SELECT c."id"::text AS "id", c."name", c."email", c."role"::text AS "role", c."language"::text AS "language"
      FROM "Contact" AS c WHERE c."partnerId" = ${partnerId}::uuid AND c."customerId" = ${customer.id}::uuid
      ORDER BY c."role", c."name", c."id" LIMIT ${DETAIL_LIMITS.contacts + 1}`),
    queryRows<CustomerDetail['subscriptions'][number]>(Prisma.sql`
      SELECT s."id"::text AS "id", s."offerName", s."quantity", s."status"::text AS "status", s."term"::text AS "term",
             s."billingCycle"::text AS "billingCycle", s."startDate", s."commitmentEndDate", s."autoRenew"
      FROM "Subscription" AS s WHERE s."partnerId" = ${partnerId}::uuid AND s."customerId" = ${customer.id}::uuid
      ORDER BY s."commitmentEndDate", s."offerName", s."id" LIMIT ${DETAIL_LIMITS.subscriptions + 1}`),
    queryRows<CustomerDetail['reviews'][number]>(Prisma.sql`
      SELECT r."id"::text AS "id", r."agreementType", r."evidenceNote", r."status"::text AS "status", r."createdAt",
             r."decidedAt", r."decisionNote", u."displayName" AS "declaredBy"
      FROM "RelationshipReview" AS r LEFT JOIN "User" AS u ON u."id" = r."declaredById"
      WHERE r."partnerId" = ${partnerId}::uuid AND r."customerId" = ${customer.id}::uuid
      ORDER BY r."createdAt" DESC, r."id" DESC LIMIT ${DETAIL_LIMITS.reviews + 1}`),
    queryRows<Omit<CustomerDetail['communications'][number], 'isConflict'>>(Prisma.sql`
      SELECT m."id"::text AS "id", m."externalId", m."title", a."category"::text AS "category", m."kind"::text AS "kind",
             m."classification"::text AS "classification", m."affectedService", m."isResolved", m."startAt", m."endAt", m."actionRequiredBy",
             (SELECT count(*)::int FROM "Notice" AS n JOIN "NoticeCustomer" AS nc ON nc."noticeId" = n."id" AND nc."partnerId" = n."partnerId"
              WHERE n."partnerId" = ${partnerId}::uuid AND n."communicationId" = m."id" AND nc."customerId" = ${customer.id}::uuid) AS "noticeCount"
      FROM "CommunicationAffectedCustomer" AS a
      JOIN "MicrosoftCommunication" AS m ON m."id" = a."communicationId" AND m."partnerId" = ${partnerId}::uuid
      WHERE a."partnerId" = ${partnerId}::uuid AND a."customerId" = ${customer.id}::uuid
      ORDER BY m."startAt" DESC, a."communicationId" DESC LIMIT ${DETAIL_LIMITS.communications + 1}`),
    queryRows<CustomerDetail['notices'][number]>(Prisma.sql`
      SELECT n."id"::text AS "id", n."kind"::text AS "kind", n."status"::text AS "status", n."subjectEn", n."subjectZhTw",
             n."createdAt", n."scheduledAt", n."sentAt", m."id"::text AS "communicationId", m."externalId" AS "communicationExternalId"
      FROM "NoticeCustomer" AS t JOIN "Notice" AS n ON n."id" = t."noticeId" AND n."partnerId" = ${partnerId}::uuid
      LEFT JOIN "MicrosoftCommunication" AS m ON m."id" = n."communicationId" AND m."partnerId" = n."partnerId"
      WHERE t."customerId" = ${customer.id}::uuid
      ORDER BY n."createdAt" DESC, t."noticeId" DESC LIMIT ${DETAIL_LIMITS.notices + 1}`),
  ]);
  const policyCustomer = {
    relationshipToPartner: customer.relationshipToPartner,
    directRelationship: customer.directRelationship,
    cloud: customer.cloud,
  };
  const cut = <T>(rows: T[], limit: number) => rows.slice(0, limit);
  return {
    customer,
    policy: policyMatrix(policyCustomer),
    contacts: cut(contacts, DETAIL_LIMITS.contacts).map((c) => ({
      ...c,
      language: c.language === null ? null : localeFromSql(c.language),
    })),
    subscriptions: cut(subscriptions, DETAIL_LIMITS.subscriptions),
    reviews: cut(reviews, DETAIL_LIMITS.reviews),
    communications: cut(affected, DETAIL_LIMITS.communications).map((communication) => ({
      ...communication,
      isConflict: isPolicyConflict(policyCustomer, communication.category),
    })),
    notices: cut(noticeLinks, DETAIL_LIMITS.notices),
    truncated: {
      contacts: contacts.length > DETAIL_LIMITS.contacts,
      subscriptions: subscriptions.length > DETAIL_LIMITS.subscriptions,
      reviews: reviews.length > DETAIL_LIMITS.reviews,
      communications: affected.length > DETAIL_LIMITS.communications,
      notices: noticeLinks.length > DETAIL_LIMITS.notices,
    },
  };
}
