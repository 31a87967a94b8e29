import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import type { Prisma } from '../../generated/prisma/client';
import { localeFromDb, localeToDb, type Locale } from '../../i18n/locales';
import type { ContactInput, CustomerInput, SubscriptionInput } from '../../schemas/customers';
import {
  planImport,
  planSignature,
  referencedKeys,
  validateImportFile,
  type ExistingContact,
  type ExistingCustomer,
  type ExistingSubscription,
  type FileValidation,
  type ImportContext,
  type ImportIssue,
  type ImportKind,
  type ImportPlan,
  type PlanAction,
  type ValidatedFile,
} from '../../domain/customer-import';
import type { Cloud, DirectRelationship, RelationshipToPartner } from '../../domain/policy';

// Writes to a partner's customers, contacts and subscriptions (forms, CSV import, relationship
// declarations). Every function takes the acting viewer, puts its partner into every `where`
// (another partner's id finds nothing: "notFound"), runs in one transaction and audits the change
// in that transaction. Customers carry a version, contacts and subscriptions their updatedAt:
// a save based on an older state is refused ("stale") and changes nothing.

type Tx = Prisma.TransactionClient;

export type WriteFailure =
  | 'notFound'
  | 'stale'
  | 'tenantTaken'
  | 'cloudRetired'
  | 'contactDuplicate'
  | 'subscriptionInUse'
  | 'relationshipPending'
  | 'relationshipVerified';
export type WriteResult<T extends object = object> = ({ ok: true } & T) | { ok: false; code: WriteFailure };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'P2002';
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

async function audit(
  tx: Tx,
  viewer: Viewer,
  partnerId: string,
  event: { action: string; targetType: string; targetId: string | null; before?: unknown; after?: unknown },
  address: string,
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: viewer.userId,
      actorLabel: viewer.email,
      partnerId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      ...(event.before === undefined || event.before === null ? {} : { before: toJson(event.before) }),
      ...(event.after === undefined || event.after === null ? {} : { after: toJson(event.after) }),
      address,
    },
  });
}

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The one place that keeps Customer.nextCommitmentEndAt right: the earliest commitment end among
 * the customer's ACTIVE subscriptions (whatever their date), null when it has none. Called by
 * every subscription write and by the import, inside their transaction.
 */
export async function refreshNextCommitmentEnd(tx: Tx, partnerId: string, customerIds: readonly string[]): Promise<void> {
  for (let i = 0; i < customerIds.length; i += 5000) {
    const ids = customerIds.slice(i, i + 5000);
    await tx.$executeRaw`
      UPDATE "Customer" AS c
      SET "nextCommitmentEndAt" = (
        SELECT min(s."commitmentEndDate")::timestamp AT TIME ZONE 'UTC'
        FROM "Subscription" AS s
        WHERE s."customerId" = c.id AND s."partnerId" = ${partnerId}::uuid AND s.status = 'ACTIVE'
      )
      WHERE c."partnerId" = ${partnerId}::uuid AND c.id = ANY(${ids}::uuid[])`;
  }
}

// ---------------------------------------------------------------------------------------------
// Reads for the forms

export type CustomerForEdit = CustomerInput & {
  id: string;
  version: number;
  directRelationship: DirectRelationship;
  directAgreementType: string | null;
  directEvidenceNote: string | null;
};

const CUSTOMER_SELECT = {
  id: true,
  companyName: true,
  domain: true,
  tenantId: true,
  cloud: true,
  relationshipToPartner: true,
  preferredLanguage: true,
  directRelationship: true,
  directAgreementType: true,
  directEvidenceNote: true,
  version: true,
} as const;

type CustomerRecord = Prisma.CustomerGetPayload<{ select: typeof CUSTOMER_SELECT }>;

function customerOf(row: CustomerRecord): CustomerForEdit {
  return { ...row, preferredLanguage: localeFromDb(row.preferredLanguage) };
}

/** The customer as the edit form needs it; null for an unknown id or another partner's. */
export async function getCustomerForEdit(viewer: Viewer, customerId: string): Promise<CustomerForEdit | null> {
  const partnerId = partnerScope(viewer);
  const row = await getDb().customer.findFirst({ where: { id: customerId, partnerId }, select: CUSTOMER_SELECT });
  return row ? customerOf(row) : null;
}

/** The partner's own cloud: the default for its new customers. */
export async function getPartnerCloud(viewer: Viewer): Promise<Cloud> {
  const partnerId = partnerScope(viewer);
  const partner = await getDb().partner.findFirst({ where: { id: partnerId }, select: { cloud: true } });
  return partner?.cloud ?? 'PUBLIC';
}

export type ContactForEdit = ContactInput & { id: string; customerId: string; updatedAt: Date };

export async function getContactForEdit(viewer: Viewer, customerId: string, contactId: string): Promise<ContactForEdit | null> {
  const partnerId = partnerScope(viewer);
  const row = await getDb().contact.findFirst({
    where: { id: contactId, customerId, partnerId },
    select: { id: true, customerId: true, name: true, email: true, language: true, role: true, updatedAt: true },
  });
  return row ? { ...row, language: row.language ? localeFromDb(row.language) : null } : null;
}

export type SubscriptionForEdit = SubscriptionInput & { id: string; customerId: string; updatedAt: Date; referencedByNotices: number };

export async function getSubscriptionForEdit(viewer: Viewer, customerId: string, subscriptionId: string): Promise<SubscriptionForEdit | null> {
  const partnerId = partnerScope(viewer);
  const row = await getDb().subscription.findFirst({
    where: { id: subscriptionId, customerId, partnerId },
    select: {
      id: true,
      customerId: true,
      offerName: true,
      quantity: true,
      status: true,
      term: true,
      billingCycle: true,
      startDate: true,
      commitmentEndDate: true,
      autoRenew: true,
      updatedAt: true,
      _count: { select: { noticeTargets: true } },
    },
  });
  if (!row) return null;
  const { _count, ...rest } = row;
  return { ...rest, startDate: isoDay(row.startDate), commitmentEndDate: isoDay(row.commitmentEndDate), referencedByNotices: _count.noticeTargets };
}

export type RelationshipState = {
  id: string;
  companyName: string;
  directRelationship: DirectRelationship;
  directAgreementType: string | null;
  directEvidenceNote: string | null;
  reviews: { id: string; agreementType: string; status: 'PENDING' | 'APPROVED' | 'REJECTED'; createdAt: Date; decidedAt: Date | null; decisionNote: string | null }[];
};

/** The customer's direct Microsoft relationship and its review history (newest first). */
export async function getRelationshipState(viewer: Viewer, customerId: string): Promise<RelationshipState | null> {
  const partnerId = partnerScope(viewer);
  const row = await getDb().customer.findFirst({
    where: { id: customerId, partnerId },
    select: {
      id: true,
      companyName: true,
      directRelationship: true,
      directAgreementType: true,
      directEvidenceNote: true,
      reviews: {
        where: { partnerId },
        orderBy: { createdAt: 'desc' },
        take: 20,
        select: { id: true, agreementType: true, status: true, createdAt: true, decidedAt: true, decisionNote: true },
      },
    },
  });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Customers

function customerSnapshot(input: CustomerInput | CustomerForEdit) {
  return {
    companyName: input.companyName,
    domain: input.domain,
    tenantId: input.tenantId,
    cloud: input.cloud,
    relationshipToPartner: input.relationshipToPartner,
    preferredLanguage: input.preferredLanguage,
  };
}

/** A new customer of the viewer's partner; the tenant id must be new to the partner. */
export async function createCustomer(viewer: Viewer, input: CustomerInput, address: string): Promise<WriteResult<{ id: string }>> {
  const partnerId = partnerScope(viewer);
  // Microsoft Cloud Germany is retired: its customers are kept, no new ones are added.
  if (input.cloud === 'GERMANY') return { ok: false, code: 'cloudRetired' };
  try {
    return await getDb().$transaction(async (tx): Promise<WriteResult<{ id: string }>> => {
      const taken = await tx.customer.findFirst({ where: { partnerId, tenantId: input.tenantId }, select: { id: true } });
      if (taken) return { ok: false, code: 'tenantTaken' };
      const created = await tx.customer.create({
        data: {
          partnerId,
          companyName: input.companyName,
          domain: input.domain,
          tenantId: input.tenantId,
          cloud: input.cloud,
          relationshipToPartner: input.relationshipToPartner,
          preferredLanguage: localeToDb(input.preferredLanguage),
        },
        select: { id: true },
      });
      await audit(tx, viewer, partnerId, { action: 'customer.created', targetType: 'Customer', targetId: created.id, after: customerSnapshot(input) }, address);
      return { ok: true, id: created.id };
    });
  } catch (error) {
    // Two saves of the same new tenant id at once: the unique index refuses the second.
    if (isUniqueViolation(error)) return { ok: false, code: 'tenantTaken' };
    throw error;
  }
}

/** Saves the customer only if it is still at `expectedVersion`; the version goes up by one. */
export async function updateCustomer(
  viewer: Viewer,
  customerId: string,
  expectedVersion: number,
  input: CustomerInput,
  address: string,
): Promise<WriteResult<{ version: number }>> {
  const partnerId = partnerScope(viewer);
  try {
    return await getDb().$transaction(async (tx): Promise<WriteResult<{ version: number }>> => {
      const before = await tx.customer.findFirst({ where: { id: customerId, partnerId }, select: CUSTOMER_SELECT });
      if (!before) return { ok: false, code: 'notFound' };
      if (before.version !== expectedVersion) return { ok: false, code: 'stale' };
      if (input.cloud === 'GERMANY' && before.cloud !== 'GERMANY') return { ok: false, code: 'cloudRetired' };
      if (input.tenantId !== before.tenantId) {
        const taken = await tx.customer.findFirst({ where: { partnerId, tenantId: input.tenantId, NOT: { id: customerId } }, select: { id: true } });
        if (taken) return { ok: false, code: 'tenantTaken' };
      }
      const result = await tx.customer.updateMany({
        where: { id: customerId, partnerId, version: expectedVersion },
        data: {
          companyName: input.companyName,
          domain: input.domain,
          tenantId: input.tenantId,
          cloud: input.cloud,
          relationshipToPartner: input.relationshipToPartner,
          preferredLanguage: localeToDb(input.preferredLanguage),
          version: { increment: 1 },
        },
      });
      if (result.count === 0) return { ok: false, code: 'stale' };
      await audit(
        tx,
        viewer,
        partnerId,
        {
          action: 'customer.updated',
          targetType: 'Customer',
          targetId: customerId,
          before: { ...customerSnapshot(customerOf(before)), version: before.version },
          after: { ...customerSnapshot(input), version: expectedVersion + 1 },
        },
        address,
      );
      return { ok: true, version: expectedVersion + 1 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, code: 'tenantTaken' };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Contacts

function contactSnapshot(input: ContactInput) {
  return { name: input.name, email: input.email, role: input.role, language: input.language };
}

async function customerExists(tx: Tx, partnerId: string, customerId: string, lock = false): Promise<boolean> {
  if (lock) {
    // Serializes subscription writes of one customer with each other and with an import.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Customer" WHERE id = ${customerId}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
    return rows.length > 0;
  }
  return (await tx.customer.count({ where: { id: customerId, partnerId } })) > 0;
}

export async function createContact(viewer: Viewer, customerId: string, input: ContactInput, address: string): Promise<WriteResult<{ id: string }>> {
  const partnerId = partnerScope(viewer);
  try {
    return await getDb().$transaction(async (tx): Promise<WriteResult<{ id: string }>> => {
      if (!(await customerExists(tx, partnerId, customerId))) return { ok: false, code: 'notFound' };
      const duplicate = await tx.contact.count({ where: { partnerId, customerId, email: input.email, role: input.role } });
      if (duplicate > 0) return { ok: false, code: 'contactDuplicate' };
      const created = await tx.contact.create({
        data: {
          partnerId,
          customerId,
          name: input.name,
          email: input.email,
          role: input.role,
          language: input.language ? localeToDb(input.language) : null,
        },
        select: { id: true },
      });
      await audit(
        tx,
        viewer,
        partnerId,
        { action: 'contact.created', targetType: 'Contact', targetId: created.id, after: { customerId, ...contactSnapshot(input) } },
        address,
      );
      return { ok: true, id: created.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, code: 'contactDuplicate' };
    throw error;
  }
}

export async function updateContact(
  viewer: Viewer,
  customerId: string,
  contactId: string,
  expectedUpdatedAt: Date,
  input: ContactInput,
  address: string,
): Promise<WriteResult> {
  const partnerId = partnerScope(viewer);
  try {
    return await getDb().$transaction(async (tx): Promise<WriteResult> => {
      const before = await tx.contact.findFirst({
        where: { id: contactId, customerId, partnerId },
        select: { name: true, email: true, role: true, language: true, updatedAt: true },
      });
      if (!before) return { ok: false, code: 'notFound' };
      if (before.updatedAt.getTime() !== expectedUpdatedAt.getTime()) return { ok: false, code: 'stale' };
      const duplicate = await tx.contact.count({ where: { partnerId, customerId, email: input.email, role: input.role, NOT: { id: contactId } } });
      if (duplicate > 0) return { ok: false, code: 'contactDuplicate' };
      const result = await tx.contact.updateMany({
        where: { id: contactId, customerId, partnerId, updatedAt: expectedUpdatedAt },
        data: { name: input.name, email: input.email, role: input.role, language: input.language ? localeToDb(input.language) : null },
      });
      if (result.count === 0) return { ok: false, code: 'stale' };
      await audit(
        tx,
        viewer,
        partnerId,
        {
          action: 'contact.updated',
          targetType: 'Contact',
          targetId: contactId,
          before: { customerId, ...contactSnapshot({ ...before, language: before.language ? localeFromDb(before.language) : null }) },
          after: { customerId, ...contactSnapshot(input) },
        },
        address,
      );
      return { ok: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, code: 'contactDuplicate' };
    throw error;
  }
}

/** Deletes the contact as the user saw it (`expectedUpdatedAt`); past deliveries keep their recipient. */
export async function deleteContact(viewer: Viewer, customerId: string, contactId: string, expectedUpdatedAt: Date, address: string): Promise<WriteResult> {
  const partnerId = partnerScope(viewer);
  return getDb().$transaction(async (tx): Promise<WriteResult> => {
    const before = await tx.contact.findFirst({
      where: { id: contactId, customerId, partnerId },
      select: { name: true, email: true, role: true, language: true, updatedAt: true },
    });
    if (!before) return { ok: false, code: 'notFound' };
    const result = await tx.contact.deleteMany({ where: { id: contactId, customerId, partnerId, updatedAt: expectedUpdatedAt } });
    if (result.count === 0) return { ok: false, code: 'stale' };
    await audit(
      tx,
      viewer,
      partnerId,
      {
        action: 'contact.deleted',
        targetType: 'Contact',
        targetId: contactId,
        before: { customerId, ...contactSnapshot({ ...before, language: before.language ? localeFromDb(before.language) : null }) },
      },
      address,
    );
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Subscriptions

function subscriptionData(input: SubscriptionInput) {
  return {
    offerName: input.offerName,
    quantity: input.quantity,
    status: input.status,
    term: input.term,
    billingCycle: input.billingCycle,
    startDate: day(input.startDate),
    commitmentEndDate: day(input.commitmentEndDate),
    autoRenew: input.autoRenew,
  };
}

const SUBSCRIPTION_SELECT = {
  offerName: true,
  quantity: true,
  status: true,
  term: true,
  billingCycle: true,
  startDate: true,
  commitmentEndDate: true,
  autoRenew: true,
  updatedAt: true,
} as const;

function subscriptionSnapshot(row: Prisma.SubscriptionGetPayload<{ select: typeof SUBSCRIPTION_SELECT }> | SubscriptionInput) {
  return {
    offerName: row.offerName,
    quantity: row.quantity,
    status: row.status,
    term: row.term,
    billingCycle: row.billingCycle,
    startDate: typeof row.startDate === 'string' ? row.startDate : isoDay(row.startDate),
    commitmentEndDate: typeof row.commitmentEndDate === 'string' ? row.commitmentEndDate : isoDay(row.commitmentEndDate),
    autoRenew: row.autoRenew,
  };
}

export async function createSubscription(viewer: Viewer, customerId: string, input: SubscriptionInput, address: string): Promise<WriteResult<{ id: string }>> {
  const partnerId = partnerScope(viewer);
  return getDb().$transaction(async (tx): Promise<WriteResult<{ id: string }>> => {
    if (!(await customerExists(tx, partnerId, customerId, true))) return { ok: false, code: 'notFound' };
    const created = await tx.subscription.create({ data: { partnerId, customerId, ...subscriptionData(input) }, select: { id: true } });
    await refreshNextCommitmentEnd(tx, partnerId, [customerId]);
    await audit(
      tx,
      viewer,
      partnerId,
      { action: 'subscription.created', targetType: 'Subscription', targetId: created.id, after: { customerId, ...subscriptionSnapshot(input) } },
      address,
    );
    return { ok: true, id: created.id };
  });
}

export async function updateSubscription(
  viewer: Viewer,
  customerId: string,
  subscriptionId: string,
  expectedUpdatedAt: Date,
  input: SubscriptionInput,
  address: string,
): Promise<WriteResult> {
  const partnerId = partnerScope(viewer);
  return getDb().$transaction(async (tx): Promise<WriteResult> => {
    if (!(await customerExists(tx, partnerId, customerId, true))) return { ok: false, code: 'notFound' };
    const before = await tx.subscription.findFirst({ where: { id: subscriptionId, customerId, partnerId }, select: SUBSCRIPTION_SELECT });
    if (!before) return { ok: false, code: 'notFound' };
    const result = await tx.subscription.updateMany({
      where: { id: subscriptionId, customerId, partnerId, updatedAt: expectedUpdatedAt },
      data: subscriptionData(input),
    });
    if (result.count === 0) return { ok: false, code: 'stale' };
    await refreshNextCommitmentEnd(tx, partnerId, [customerId]);
    await audit(
      tx,
      viewer,
      partnerId,
      {
        action: 'subscription.updated',
        targetType: 'Subscription',
        targetId: subscriptionId,
        before: { customerId, ...subscriptionSnapshot(before) },
        after: { customerId, ...subscriptionSnapshot(input) },
      },
      address,
    );
    return { ok: true };
  });
}

/**
 * Deletes a subscription as the user saw it. One that notices name is kept (the notices' history
 * would lose it): set its status to Cancelled or Expired instead.
 */
export async function deleteSubscription(viewer: Viewer, customerId: string, subscriptionId: string, expectedUpdatedAt: Date, address: string): Promise<WriteResult> {
  const partnerId = partnerScope(viewer);
  return getDb().$transaction(async (tx): Promise<WriteResult> => {
    if (!(await customerExists(tx, partnerId, customerId, true))) return { ok: false, code: 'notFound' };
    const before = await tx.subscription.findFirst({
      where: { id: subscriptionId, customerId, partnerId },
      select: { ...SUBSCRIPTION_SELECT, _count: { select: { noticeTargets: true } } },
    });
    if (!before) return { ok: false, code: 'notFound' };
    if (before._count.noticeTargets > 0) return { ok: false, code: 'subscriptionInUse' };
    const result = await tx.subscription.deleteMany({ where: { id: subscriptionId, customerId, partnerId, updatedAt: expectedUpdatedAt } });
    if (result.count === 0) return { ok: false, code: 'stale' };
    await refreshNextCommitmentEnd(tx, partnerId, [customerId]);
    await audit(
      tx,
      viewer,
      partnerId,
      { action: 'subscription.deleted', targetType: 'Subscription', targetId: subscriptionId, before: { customerId, ...subscriptionSnapshot(before) } },
      address,
    );
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The direct Microsoft relationship: a partner admin declares it, a portal admin reviews it
// (lib/server/data/admin.ts, decideRelationshipReview).

/**
 * Declares that the customer has its own commercial relationship with Microsoft: the customer
 * becomes DECLARED and a PENDING review waits for a portal admin. Refused while a declaration is
 * pending, and once the relationship is verified.
 */
export async function declareRelationship(
  viewer: Viewer,
  customerId: string,
  input: { agreementType: string; evidenceNote: string },
  address: string,
): Promise<WriteResult<{ reviewId: string }>> {
  const partnerId = partnerScope(viewer);
  return getDb().$transaction(async (tx): Promise<WriteResult<{ reviewId: string }>> => {
    const before = await tx.customer.findFirst({
      where: { id: customerId, partnerId },
      select: { directRelationship: true, directAgreementType: true, directEvidenceNote: true, version: true },
    });
    if (!before) return { ok: false, code: 'notFound' };
    if (before.directRelationship === 'DECLARED') return { ok: false, code: 'relationshipPending' };
    if (before.directRelationship === 'VERIFIED') return { ok: false, code: 'relationshipVerified' };
    const result = await tx.customer.updateMany({
      where: { id: customerId, partnerId, version: before.version },
      data: {
        directRelationship: 'DECLARED',
        directAgreementType: input.agreementType,
        directEvidenceNote: input.evidenceNote,
        version: { increment: 1 },
      },
    });
    if (result.count === 0) return { ok: false, code: 'stale' };
    const review = await tx.relationshipReview.create({
      data: { partnerId, customerId, agreementType: input.agreementType, evidenceNote: input.evidenceNote, declaredById: viewer.userId },
      select: { id: true },
    });
    await audit(
      tx,
      viewer,
      partnerId,
      {
        action: 'customer.relationship_declared',
        targetType: 'Customer',
        targetId: customerId,
        before: { directRelationship: before.directRelationship, directAgreementType: before.directAgreementType, directEvidenceNote: before.directEvidenceNote },
        after: { directRelationship: 'DECLARED', directAgreementType: input.agreementType, directEvidenceNote: input.evidenceNote, reviewId: review.id },
      },
      address,
    );
    return { ok: true, reviewId: review.id };
  });
}

// ---------------------------------------------------------------------------------------------
// CSV import: preview and apply

const CHUNK = 5000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The partner's rows that a validated file may match: customers by tenant id or domain, and their contacts or subscriptions. */
async function loadImportContext(tx: Tx, partnerId: string, file: ValidatedFile): Promise<ImportContext> {
  const { tenantIds, domains } = referencedKeys(file);
  const partner = await tx.partner.findFirst({ where: { id: partnerId }, select: { cloud: true } });
  const customerRows: ExistingCustomer[] = [];
  const select = { id: true, tenantId: true, companyName: true, domain: true, cloud: true, relationshipToPartner: true, preferredLanguage: true, version: true } as const;
  const seen = new Set<string>();
  const add = (rows: Prisma.CustomerGetPayload<{ select: typeof select }>[]) => {
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      customerRows.push({ ...row, preferredLanguage: localeFromDb(row.preferredLanguage) });
    }
  };
  for (const part of chunks(tenantIds)) add(await tx.customer.findMany({ where: { partnerId, tenantId: { in: part } }, select }));
  for (const part of chunks(domains)) add(await tx.customer.findMany({ where: { partnerId, domain: { in: part } }, select }));
  const customerIds = customerRows.map((c) => c.id);
  const contacts: ExistingContact[] = [];
  const subscriptions: ExistingSubscription[] = [];
  if (file.kind === 'contacts') {
    for (const part of chunks(customerIds)) {
      const rows = await tx.contact.findMany({
        where: { partnerId, customerId: { in: part } },
        select: { id: true, customerId: true, name: true, email: true, role: true, language: true, updatedAt: true },
      });
      for (const row of rows) contacts.push({ ...row, language: row.language ? localeFromDb(row.language) : null, updatedAt: row.updatedAt.toISOString() });
    }
  }
  if (file.kind === 'subscriptions') {
    for (const part of chunks(customerIds)) {
      const rows = await tx.subscription.findMany({ where: { partnerId, customerId: { in: part } }, select: { id: true, customerId: true, ...SUBSCRIPTION_SELECT } });
      for (const row of rows) {
        subscriptions.push({
          ...row,
          startDate: isoDay(row.startDate),
          commitmentEndDate: isoDay(row.commitmentEndDate),
          updatedAt: row.updatedAt.toISOString(),
        });
      }
    }
  }
  return { defaultCloud: partner?.cloud ?? 'PUBLIC', customers: customerRows, contacts, subscriptions };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function fingerprint(fileText: string, plan: ImportPlan): string {
  return sha256(`${sha256(fileText)}\n${planSignature(plan)}`);
}

export type ImportPreview = {
  kind: ImportKind;
  rowCount: number;
  ignoredColumns: string[];
  issues: ImportIssue[];
  plan: ImportPlan | null;
  /** Present when the file can be applied: the apply must send it back. */
  fingerprint: string | null;
};

function validationOnly(validation: FileValidation): ImportPreview {
  return { kind: validation.file.kind, rowCount: validation.rowCount, ignoredColumns: validation.ignoredColumns, issues: validation.issues, plan: null, fingerprint: null };
}

/**
 * Validates every row and plans the changes against the partner's current data, writing nothing.
 * Row problems and matching problems are reported together (as many as the file has).
 */
export async function previewImport(viewer: Viewer, kind: ImportKind, text: string): Promise<ImportPreview> {
  const partnerId = partnerScope(viewer);
  const validation = validateImportFile(kind, text);
  if (validation.file.rows.length === 0) return validationOnly(validation);
  const context = await getDb().$transaction((tx) => loadImportContext(tx, partnerId, validation.file), { timeout: 60_000, maxWait: 10_000 });
  const plan = planImport(validation, context);
  const issues = [...validation.issues, ...plan.issues].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return {
    kind,
    rowCount: validation.rowCount,
    ignoredColumns: validation.ignoredColumns,
    issues,
    plan,
    fingerprint: issues.length === 0 ? fingerprint(text, plan) : null,
  };
}

export type ImportApplyResult =
  | { ok: true; counts: Record<PlanAction, number>; kind: ImportKind }
  | { ok: false; code: 'invalid'; preview: ImportPreview }
  | { ok: false; code: 'stale' };

class StaleImportError extends Error {}

/**
 * Applies a file that was previewed: validates and plans it again inside one transaction (with
 * the matched customers locked), refuses it when the plan is not the one previewed (`fingerprint`),
 * then writes everything — or, on any problem, nothing. Audit: one `<kind>.import_applied` event
 * with the counts and the file's SHA-256, plus one event per created or updated row.
 */
export async function applyImport(
  viewer: Viewer,
  input: { kind: ImportKind; text: string; fileName: string; fingerprint: string },
  address: string,
): Promise<ImportApplyResult> {
  const partnerId = partnerScope(viewer);
  const validation = validateImportFile(input.kind, input.text);
  if (validation.issues.length > 0 || validation.file.rows.length === 0) return { ok: false, code: 'invalid', preview: validationOnly(validation) };
  try {
    return await getDb().$transaction(
      async (tx): Promise<ImportApplyResult> => {
        const { tenantIds, domains } = referencedKeys(validation.file);
        for (const part of chunks(tenantIds)) {
          await tx.$queryRaw`SELECT id FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid AND "tenantId" = ANY(${part}::uuid[]) ORDER BY id FOR UPDATE`;
        }
        for (const part of chunks(domains)) {
          await tx.$queryRaw`SELECT id FROM "Customer" WHERE "partnerId" = ${partnerId}::uuid AND domain = ANY(${part}::text[]) ORDER BY id FOR UPDATE`;
        }
        const context = await loadImportContext(tx, partnerId, validation.file);
        const plan = planImport(validation, context);
        if (plan.issues.length > 0) {
          return {
            ok: false,
            code: 'invalid',
            preview: { ...validationOnly(validation), issues: plan.issues, plan },
          };
        }
        if (fingerprint(input.text, plan) !== input.fingerprint) return { ok: false, code: 'stale' };
        await writePlan(tx, viewer, partnerId, plan, address);
        await refreshNextCommitmentEnd(tx, partnerId, plan.affectedCustomerIds);
        await audit(
          tx,
          viewer,
          partnerId,
          {
            action: `${input.kind === 'customers' ? 'customer' : input.kind === 'contacts' ? 'contact' : 'subscription'}.import_applied`,
            targetType: 'Import',
            targetId: null,
            after: {
              kind: input.kind,
              fileName: input.fileName.slice(0, 255),
              fileSha256: sha256(input.text),
              rows: validation.rowCount,
              created: plan.counts.create,
              updated: plan.counts.update,
              unchanged: plan.counts.unchanged,
            },
          },
          address,
        );
        return { ok: true, counts: plan.counts, kind: input.kind };
      },
      { timeout: 180_000, maxWait: 10_000 },
    );
  } catch (error) {
    // A guarded update found a row changed, or someone created the same customer/contact at once.
    if (error instanceof StaleImportError || isUniqueViolation(error)) return { ok: false, code: 'stale' };
    throw error;
  }
}

type AuditRow = { action: string; targetType: string; targetId: string; before: string | null; after: string | null };

async function writePlan(tx: Tx, viewer: Viewer, partnerId: string, plan: ImportPlan, address: string): Promise<void> {
  const events: AuditRow[] = [];
  const event = (action: string, targetType: string, targetId: string, before: unknown, after: unknown): AuditRow => ({
    action,
    targetType,
    targetId,
    before: before ? JSON.stringify(before) : null,
    after: after ? JSON.stringify(after) : null,
  });
  const writes = plan.writes;
  if (writes.kind === 'customers') {
    const created = writes.creates.map((values) => ({ id: randomUUID(), ...values }));
    for (const part of chunks(created, 2000)) {
      await tx.$executeRaw`
        INSERT INTO "Customer" (id, "partnerId", "tenantId", "companyName", domain, cloud, "relationshipToPartner", "preferredLanguage", "updatedAt")
        SELECT u.id, ${partnerId}::uuid, u.tenant, u.name, u.domain, u.cloud::"Cloud", u.rel::"RelationshipToPartner", u.lang::"Language", now()
        FROM unnest(
          ${part.map((c) => c.id)}::uuid[], ${part.map((c) => c.tenantId)}::uuid[], ${part.map((c) => c.companyName)}::text[],
          ${part.map((c) => c.domain)}::text[], ${part.map((c) => c.cloud)}::text[], ${part.map((c) => c.relationshipToPartner)}::text[],
          ${part.map((c) => c.preferredLanguage)}::text[]
        ) AS u(id, tenant, name, domain, cloud, rel, lang)`;
    }
    for (const part of chunks(writes.updates, 2000)) {
      const count = await tx.$executeRaw`
        UPDATE "Customer" AS c
        SET "companyName" = u.name, domain = u.domain, "relationshipToPartner" = u.rel::"RelationshipToPartner", cloud = u.cloud::"Cloud",
            "preferredLanguage" = u.lang::"Language", version = c.version + 1, "updatedAt" = now()
        FROM unnest(
          ${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.version)}::int[], ${part.map((u) => u.after.companyName)}::text[],
          ${part.map((u) => u.after.domain)}::text[], ${part.map((u) => u.after.relationshipToPartner)}::text[],
          ${part.map((u) => u.after.cloud)}::text[], ${part.map((u) => u.after.preferredLanguage)}::text[]
        ) AS u(id, version, name, domain, rel, cloud, lang)
        WHERE c.id = u.id AND c."partnerId" = ${partnerId}::uuid AND c.version = u.version`;
      if (count !== part.length) throw new StaleImportError();
    }
    for (const c of created) events.push(event('customer.created', 'Customer', c.id, null, customerAudit(c)));
    for (const u of writes.updates) {
      events.push(event('customer.updated', 'Customer', u.id, { ...customerAudit(u.before), version: u.version }, { ...customerAudit(u.after), version: u.version + 1 }));
    }
  } else if (writes.kind === 'contacts') {
    const created = writes.creates.map((values) => ({ id: randomUUID(), ...values }));
    for (const part of chunks(created, 2000)) {
      await tx.$executeRaw`
        INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, language, "updatedAt")
        SELECT u.id, ${partnerId}::uuid, u.customer, u.name, u.email, u.role::"ContactRole", u.lang::"Language", now()
        FROM unnest(
          ${part.map((c) => c.id)}::uuid[], ${part.map((c) => c.customerId)}::uuid[], ${part.map((c) => c.name)}::text[],
          ${part.map((c) => c.email)}::text[], ${part.map((c) => c.role)}::text[], ${part.map((c) => c.language)}::text[]
        ) AS u(id, customer, name, email, role, lang)`;
    }
    for (const part of chunks(writes.updates, 2000)) {
      const count = await tx.$executeRaw`
        UPDATE "Contact" AS c
        SET name = u.name, language = u.lang::"Language", "updatedAt" = now()
        FROM unnest(
          ${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.customerId)}::uuid[], ${part.map((u) => u.updatedAt)}::timestamptz[],
          ${part.map((u) => u.after.name)}::text[], ${part.map((u) => u.after.language)}::text[]
        ) AS u(id, "customerId", "updatedAt", name, lang)
        WHERE c.id = u.id AND c."customerId" = u."customerId" AND c."partnerId" = ${partnerId}::uuid AND c."updatedAt" = u."updatedAt"`;
      if (count !== part.length) throw new StaleImportError();
    }
    for (const c of created) events.push(event('contact.created', 'Contact', c.id, null, { customerId: c.customerId, name: c.name, email: c.email, role: c.role, language: c.language }));
    for (const u of writes.updates) events.push(event('contact.updated', 'Contact', u.id, { customerId: u.customerId, ...u.before }, { customerId: u.customerId, ...u.after }));
  } else {
    const created = writes.creates.map((values) => ({ id: randomUUID(), ...values }));
    for (const part of chunks(created, 2000)) {
      await tx.$executeRaw`
        INSERT INTO "Subscription" (id, "partnerId", "customerId", "offerName", quantity, status, term, "billingCycle", "startDate", "commitmentEndDate", "autoRenew", "updatedAt")
        SELECT u.id, ${partnerId}::uuid, u.customer, u.offer, u.quantity, u.status::"SubscriptionStatus", u.term::"SubscriptionTerm",
               u.cycle::"BillingCycle", u.start_date, u.end_date, u.auto_renew, now()
        FROM unnest(
          ${part.map((s) => s.id)}::uuid[], ${part.map((s) => s.customerId)}::uuid[], ${part.map((s) => s.offerName)}::text[],
          ${part.map((s) => s.quantity)}::int[], ${part.map((s) => s.status)}::text[], ${part.map((s) => s.term)}::text[],
          ${part.map((s) => s.billingCycle)}::text[], ${part.map((s) => s.startDate)}::date[], ${part.map((s) => s.commitmentEndDate)}::date[],
          ${part.map((s) => s.autoRenew)}::boolean[]
        ) AS u(id, customer, offer, quantity, status, term, cycle, start_date, end_date, auto_renew)`;
    }
    for (const part of chunks(writes.updates, 2000)) {
      const count = await tx.$executeRaw`
        UPDATE "Subscription" AS s
        SET "offerName" = u.offer, quantity = u.quantity, status = u.status::"SubscriptionStatus", term = u.term::"SubscriptionTerm",
            "billingCycle" = u.cycle::"BillingCycle", "commitmentEndDate" = u.end_date, "autoRenew" = u.auto_renew, "updatedAt" = now()
        FROM unnest(
          ${part.map((u) => u.id)}::uuid[], ${part.map((u) => u.customerId)}::uuid[], ${part.map((u) => u.updatedAt)}::timestamptz[],
          ${part.map((u) => u.after.offerName)}::text[], ${part.map((u) => u.after.quantity)}::int[], ${part.map((u) => u.after.status)}::text[],
          ${part.map((u) => u.after.term)}::text[], ${part.map((u) => u.after.billingCycle)}::text[],
          ${part.map((u) => u.after.commitmentEndDate)}::date[], ${part.map((u) => u.after.autoRenew)}::boolean[]
        ) AS u(id, "customerId", "updatedAt", offer, quantity, status, term, cycle, end_date, auto_renew)
        WHERE s.id = u.id AND s."customerId" = u."customerId" AND s."partnerId" = ${partnerId}::uuid AND s."updatedAt" = u."updatedAt"`;
      if (count !== part.length) throw new StaleImportError();
    }
    for (const s of created) {
      const { id, ...values } = s;
      events.push(event('subscription.created', 'Subscription', id, null, values));
    }
    for (const u of writes.updates) {
      events.push(event('subscription.updated', 'Subscription', u.id, { customerId: u.customerId, ...u.before }, { customerId: u.customerId, ...u.after }));
    }
  }
  // One audit event per created or updated row (bulk INSERTs: thousands of rows in one statement).
  for (const part of chunks(events, 2000)) {
    await tx.$executeRaw`
      INSERT INTO "AuditEvent" ("actorId", "actorLabel", "partnerId", action, "targetType", "targetId", before, after, address)
      SELECT ${viewer.userId}::uuid, ${viewer.email}, ${partnerId}::uuid, u.action, u.type, u.target, u.before, u.after, ${address}
      FROM unnest(
        ${part.map((e) => e.action)}::text[], ${part.map((e) => e.targetType)}::text[], ${part.map((e) => e.targetId)}::text[],
        ${part.map((e) => e.before)}::jsonb[], ${part.map((e) => e.after)}::jsonb[]
      ) WITH ORDINALITY AS u(action, type, target, before, after, n)
      ORDER BY u.n`;
  }
}

function customerAudit(values: {
  companyName: string;
  domain: string;
  tenantId: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Locale;
}) {
  return {
    companyName: values.companyName,
    domain: values.domain,
    tenantId: values.tenantId,
    cloud: values.cloud,
    relationshipToPartner: values.relationshipToPartner,
    preferredLanguage: values.preferredLanguage,
  };
}

