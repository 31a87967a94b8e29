// Writing the rows: the fixed demo data with createMany per table in one transaction (the caller's),
// the extra customers with bulk INSERTs (see bulkInsertCustomers).
import type { Language, Prisma, PrismaClient } from '../../lib/generated/prisma/client';
import { allowServerOnlyImports } from '../../lib/worker/server-only';
import { isoDay } from '../../lib/domain/dates';
import type { ContactRow, CustomerRow, CustomerRows, Dataset, SubscriptionRow } from './rows';

/** PostgreSQL accepts at most 65,535 bind parameters per statement; stay well below. */
const MAX_PARAMS = 30_000;
const CUSTOMER_COLUMNS = 17;
const CONTACT_COLUMNS = 9;
const SUBSCRIPTION_COLUMNS = 14;

function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertMany<T>(rows: readonly T[], columns: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (const batch of chunks(rows, columns)) await insert(batch);
}

/** The fixed demo data: createMany per table, in foreign-key order. */
export async function insertDataset(db: Prisma.TransactionClient, data: Dataset): Promise<void> {
  await db.partner.createMany({ data: data.partners });
  await db.user.createMany({ data: data.users });
  await insertMany(data.customers, CUSTOMER_COLUMNS, (rows) => db.customer.createMany({ data: rows }));
  await insertMany(data.contacts, CONTACT_COLUMNS, (rows) => db.contact.createMany({ data: rows }));
  await insertMany(data.subscriptions, SUBSCRIPTION_COLUMNS, (rows) => db.subscription.createMany({ data: rows }));
  await db.relationshipReview.createMany({ data: data.reviews });
  await db.microsoftCommunication.createMany({ data: data.communications });
  await db.communicationAffectedCustomer.createMany({ data: data.affected });
  await db.noticeTemplate.createMany({ data: data.templates });
  await db.renewalReminderRule.createMany({ data: data.rules });
  await db.notice.createMany({ data: data.notices });
  await db.noticeCustomer.createMany({ data: data.noticeCustomers });
  await db.noticeSubscription.createMany({ data: data.noticeSubscriptions });
  await db.noticeDelivery.createMany({ data: data.deliveries });
  await db.apiToken.createMany({ data: data.apiTokens });
  await db.embedToken.createMany({ data: data.embedTokens });
  await db.microsoftConnector.createMany({ data: data.connectors });
  await db.microsoftSyncRun.createMany({ data: data.syncRuns });
  await db.microsoftTenantSync.createMany({ data: data.tenantSyncs });
  // Through the audit trail's one writer (a lib/server module: allowed here, outside Next).
  allowServerOnlyImports();
  const { writeAudit } = await import('../../lib/server/data/audit');
  await writeAudit(db, data.audits);
}

// The extra customers go in with one `INSERT … SELECT FROM unnest(<one array per column>)` per
// table and batch. Measured here, Prisma 6.19's createMany (TypeScript query engine) spends about
// half a millisecond of CPU per row: 100,000 customers with ~2 contacts and ~2 subscriptions each
// took over three minutes; unnest takes a tenth of that CPU. The column lists follow the schema;
// raw SQL sees the database's enum values, so Language zh_TW is written as 'zh-TW'.

function dbLanguage(language: Language | null | undefined): string | null {
  return language === 'zh_TW' ? 'zh-TW' : (language ?? null);
}

function isoTime(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

async function bulkInsertCustomers(db: PrismaClient, rows: readonly CustomerRow[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Customer" ("id", "partnerId", "companyName", "domain", "tenantId", "cloud", "relationshipToPartner",
      "preferredLanguage", "directRelationship", "directAgreementType", "directEvidenceNote", "nextCommitmentEndAt", "createdAt", "updatedAt")
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[],
      ${rows.map((r) => r.partnerId)}::uuid[],
      ${rows.map((r) => r.companyName)}::text[],
      ${rows.map((r) => r.domain)}::text[],
      ${rows.map((r) => r.tenantId)}::uuid[],
      ${rows.map((r) => r.cloud)}::"Cloud"[],
      ${rows.map((r) => r.relationshipToPartner)}::"RelationshipToPartner"[],
      ${rows.map((r) => dbLanguage(r.preferredLanguage))}::"Language"[],
      ${rows.map((r) => r.directRelationship)}::"DirectRelationship"[],
      ${rows.map((r) => r.directAgreementType ?? null)}::text[],
      ${rows.map((r) => r.directEvidenceNote ?? null)}::text[],
      ${rows.map((r) => isoTime(r.nextCommitmentEndAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.createdAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.updatedAt))}::timestamptz[]
    )`;
}

async function bulkInsertContacts(db: PrismaClient, rows: readonly ContactRow[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Contact" ("id", "partnerId", "customerId", "name", "email", "language", "role", "createdAt", "updatedAt")
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[],
      ${rows.map((r) => r.partnerId)}::uuid[],
      ${rows.map((r) => r.customerId)}::uuid[],
      ${rows.map((r) => r.name)}::text[],
      ${rows.map((r) => r.email)}::text[],
      ${rows.map((r) => dbLanguage(r.language))}::"Language"[],
      ${rows.map((r) => r.role)}::"ContactRole"[],
      ${rows.map((r) => isoTime(r.createdAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.updatedAt))}::timestamptz[]
    )`;
}

async function bulkInsertSubscriptions(db: PrismaClient, rows: readonly SubscriptionRow[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Subscription" ("id", "partnerId", "customerId", "offerName", "quantity", "status", "term", "billingCycle",
      "startDate", "commitmentEndDate", "autoRenew", "createdAt", "updatedAt")
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[],
      ${rows.map((r) => r.partnerId)}::uuid[],
      ${rows.map((r) => r.customerId)}::uuid[],
      ${rows.map((r) => r.offerName)}::text[],
      ${rows.map((r) => r.quantity)}::int4[],
      ${rows.map((r) => r.status)}::"SubscriptionStatus"[],
      ${rows.map((r) => r.term)}::"SubscriptionTerm"[],
      ${rows.map((r) => r.billingCycle)}::"BillingCycle"[],
      ${rows.map((r) => isoDay(r.startDate))}::date[],
      ${rows.map((r) => isoDay(r.commitmentEndDate))}::date[],
      ${rows.map((r) => r.autoRenew ?? true)}::boolean[],
      ${rows.map((r) => isoTime(r.createdAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.updatedAt))}::timestamptz[]
    )`;
}

/** A batch of extra customers: the customers first, then their contacts and subscriptions side by side. */
export async function bulkInsertCustomerRows(db: PrismaClient, rows: CustomerRows): Promise<void> {
  await bulkInsertCustomers(db, rows.customers);
  await Promise.all([bulkInsertContacts(db, rows.contacts), bulkInsertSubscriptions(db, rows.subscriptions)]);
}
