import 'server-only';
import { Prisma } from '../../generated/prisma/client';
import type { PrismaClient } from '../../runtime/prisma';
import {
  DEFAULT_CATEGORY_RULES,
  baseCategory,
  categoryForCustomer,
  type CategoryRules,
  type GraphItemKind,
} from '../../domain/communication-category';
import type { CommunicationCategory, DirectRelationship } from '../../domain/policy';
import type { Tx } from './transaction';

// The category of each affected-customer link (docs/decisions/0030-categories-per-customer.md),
// kept right inside the transaction of whatever changes what it depends on: the communication
// (the import: communication-import.ts), the customer's direct relationship and the products it
// buys outside CSP (relationships.ts), the partner's billing rules (category-rules.ts). Policy
// conflicts, the matrix of a communication and the dashboard read it. These helpers run inside a
// caller's transaction, for a partner the caller has already scoped.

type Db = Tx | PrismaClient;

/** The partner's billing rules, or the defaults when it has saved none. */
export async function loadCategoryRules(db: Db, partnerId: string): Promise<CategoryRules> {
  const row = await db.communicationCategoryRules.findUnique({
    where: { partnerId },
    select: { titleWords: true, tags: true, services: true },
  });
  return row ?? DEFAULT_CATEGORY_RULES;
}

type LinkRow = {
  communicationId: string;
  customerId: string;
  category: CommunicationCategory;
  base: CommunicationCategory;
  kind: GraphItemKind;
  services: string[];
  directRelationship: DirectRelationship;
  directServices: string[];
};

/** Rows per statement when links are rewritten. */
const BATCH = 5000;

/** Writes these links' categories (communicationId, customerId, category), one statement per batch. */
export async function writeLinkCategories(
  tx: Tx,
  partnerId: string,
  links: readonly { communicationId: string; customerId: string; category: CommunicationCategory }[],
): Promise<void> {
  for (let i = 0; i < links.length; i += BATCH) {
    const part = links.slice(i, i + BATCH);
    await tx.$executeRaw`
      UPDATE "CommunicationAffectedCustomer" AS l SET "category" = u."category"::"CommunicationCategory"
      FROM unnest(${part.map((l) => l.communicationId)}::uuid[], ${part.map((l) => l.customerId)}::uuid[], ${part.map((l) => l.category)}::text[])
        AS u("communicationId", "customerId", "category")
      WHERE l."partnerId" = ${partnerId}::uuid AND l."communicationId" = u."communicationId" AND l."customerId" = u."customerId"`;
  }
}

/**
 * Decides again the category of the partner's links of these communications or of these
 * customers, and writes those that changed. Returns how many changed.
 */
export async function recategorizeLinks(
  tx: Tx,
  partnerId: string,
  scope: { communicationIds: readonly string[] } | { customerIds: readonly string[] },
): Promise<number> {
  const ids = 'communicationIds' in scope ? scope.communicationIds : scope.customerIds;
  if (ids.length === 0) return 0;
  const by = 'communicationIds' in scope ? Prisma.sql`l."communicationId"` : Prisma.sql`l."customerId"`;
  const rows = await tx.$queryRaw<LinkRow[]>`
    SELECT l."communicationId"::text AS "communicationId", l."customerId"::text AS "customerId", l."category"::text AS "category",
           m."category"::text AS "base", m."kind"::text AS "kind", m."services",
           c."directRelationship"::text AS "directRelationship", c."directServices"
    FROM "CommunicationAffectedCustomer" l
    JOIN "MicrosoftCommunication" m ON m."id" = l."communicationId" AND m."partnerId" = l."partnerId"
    JOIN "Customer" c ON c."id" = l."customerId" AND c."partnerId" = l."partnerId"
    WHERE l."partnerId" = ${partnerId}::uuid AND ${by} = ANY(${[...ids]}::uuid[])`;
  const changed = rows
    .map((row) => ({
      communicationId: row.communicationId,
      customerId: row.customerId,
      before: row.category,
      category: categoryForCustomer(
        row.base,
        { kind: row.kind, services: row.services ?? [] },
        { directRelationship: row.directRelationship, directServices: row.directServices ?? [] },
      ),
    }))
    .filter((row) => row.category !== row.before);
  await writeLinkCategories(tx, partnerId, changed);
  return changed.length;
}

/**
 * Decides again the base category of every message-center post of the partner with these rules
 * (after the partner changed them), then the links of the posts whose category changed. Returns
 * the number of posts whose category changed.
 */
export async function recategorizePartner(tx: Tx, partnerId: string, rules: CategoryRules): Promise<number> {
  const posts = await tx.microsoftCommunication.findMany({
    where: { partnerId, kind: 'serviceUpdateMessage' },
    select: { id: true, kind: true, title: true, tags: true, services: true, category: true },
  });
  const changed = posts
    .map((post) => ({ id: post.id, before: post.category, category: baseCategory(post, rules) }))
    .filter((post) => post.category !== post.before);
  for (let i = 0; i < changed.length; i += BATCH) {
    const part = changed.slice(i, i + BATCH);
    await tx.$executeRaw`
      UPDATE "MicrosoftCommunication" AS m SET "category" = u."category"::"CommunicationCategory"
      FROM unnest(${part.map((p) => p.id)}::uuid[], ${part.map((p) => p.category)}::text[]) AS u("id", "category")
      WHERE m."partnerId" = ${partnerId}::uuid AND m."id" = u."id"`;
    await recategorizeLinks(tx, partnerId, { communicationIds: part.map((p) => p.id) });
  }
  return changed.length;
}
