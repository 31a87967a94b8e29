import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import { queryRows } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { decodeKeyset, encodeKeyset } from '../../domain/cursor';
import { isUuid } from '../../domain/ids';
import { localeFromSql, type Locale } from '../../i18n/locales';
import type { CustomerDetail } from './customers';

// A customer's subscriptions and contacts page by page (the REST API): keyset pages in a stable
// order — subscriptions by commitment end, then id; contacts by name, then id — read through the
// pg pool, the customer's partner in every where. Null when the customer is not the viewer's.

export type Page<T> = { items: T[]; nextCursor: string | null; invalidCursor: boolean };

export type SubscriptionRow = CustomerDetail['subscriptions'][number];
export type ContactRow = CustomerDetail['contacts'][number];

async function customerExists(partnerId: string, customerId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    Prisma.sql`SELECT 1 AS "one" FROM "Customer" WHERE "id" = ${customerId}::uuid AND "partnerId" = ${partnerId}::uuid`,
  );
  return rows.length > 0;
}

function pageOf<T extends { id: string }>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeKeyset([keyOf(last), last.id]) : null, invalidCursor: false };
}

/** The [key, id] of a cursor, when it is one this list wrote (the key checked by `validKey`). */
function boundOf(cursor: string | undefined, validKey: (key: string) => boolean): { key: string; id: string } | null | 'invalid' {
  if (cursor === undefined) return null;
  const [key, id] = decodeKeyset(cursor, 2) ?? [];
  if (typeof key !== 'string' || !validKey(key) || !isUuid(id)) return 'invalid';
  return { key, id: id.toLowerCase() };
}

export async function listCustomerSubscriptions(
  viewer: Viewer,
  customerId: string,
  options: { limit: number; cursor?: string },
): Promise<Page<SubscriptionRow> | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId) || !(await customerExists(partnerId, customerId))) return null;
  const bound = boundOf(options.cursor, (key) => /^\d{4}-\d{2}-\d{2}$/.test(key) && !Number.isNaN(Date.parse(key)));
  if (bound === 'invalid') return { items: [], nextCursor: null, invalidCursor: true };
  const after = bound ? Prisma.sql`AND (s."commitmentEndDate", s."id") > (${bound.key}::date, ${bound.id}::uuid)` : Prisma.empty;
  const rows = await queryRows<SubscriptionRow>(Prisma.sql`
    SELECT s."id"::text AS "id", s."offerName", s."quantity", s."status"::text AS "status", s."term"::text AS "term",
           s."billingCycle"::text AS "billingCycle", s."startDate", s."commitmentEndDate", s."autoRenew"
    FROM "Subscription" AS s
    WHERE s."partnerId" = ${partnerId}::uuid AND s."customerId" = ${customerId}::uuid ${after}
    ORDER BY s."commitmentEndDate", s."id" LIMIT ${options.limit + 1}`);
  return pageOf(rows, options.limit, (row) => row.commitmentEndDate.toISOString().slice(0, 10));
}

export async function listCustomerContacts(
  viewer: Viewer,
  customerId: string,
  options: { limit: number; cursor?: string },
): Promise<Page<ContactRow> | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId) || !(await customerExists(partnerId, customerId))) return null;
  const bound = boundOf(options.cursor, () => true);
  if (bound === 'invalid') return { items: [], nextCursor: null, invalidCursor: true };
  // The names compare byte-wise (COLLATE "C") in both the order and the bound: the same order whatever the database's locale.
  const after = bound ? Prisma.sql`AND (c."name" COLLATE "C", c."id") > (${bound.key} COLLATE "C", ${bound.id}::uuid)` : Prisma.empty;
  const rows = await queryRows<Omit<ContactRow, 'language'> & { language: string | null }>(Prisma.sql`
    SELECT c."id"::text AS "id", c."name", c."email", c."role"::text AS "role", c."language"::text AS "language"
    FROM "Contact" AS c
    WHERE c."partnerId" = ${partnerId}::uuid AND c."customerId" = ${customerId}::uuid ${after}
    ORDER BY c."name" COLLATE "C", c."id" LIMIT ${options.limit + 1}`);
  const contacts = rows.map((row) => ({ ...row, language: row.language === null ? null : (localeFromSql(row.language) as Locale) }));
  return pageOf(contacts, options.limit, (row) => row.name);
}
