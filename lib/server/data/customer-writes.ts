import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import { getDb } from '../db';
import { mailSettings } from '../mail/settings';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { can, type Permission } from '../../domain/permissions';
import { dayFromIso, isoDay } from '../../domain/dates';
import { isUuid } from '../../domain/ids';
import type { Cloud, DirectRelationship } from '../../domain/policy';
import { localeFromDb, localeToDb } from '../../i18n/locales';
import type { ContactInput, CustomerInput, SubscriptionInput } from '../../schemas/customers';
import { auditBy, writeAudit } from './audit';
import { resyncNoticesOfCustomers, type RecipientSyncReason } from './notice-outbox';
import { runWrite, type Tx, type TxLimits } from './transaction';

// Writes to a partner's customers, contacts and subscriptions (the forms). Every function takes
// the acting viewer, demands its permission (FORBIDDEN), puts its partner into every `where`
// (another partner's id finds nothing: NOT_FOUND), runs in one transaction (runWrite) and audits
// the change in it. Customers carry a version, contacts and subscriptions their updatedAt: a save
// based on an older state is refused (STALE) and changes nothing. A change to who a customer's
// notices reach (its contacts, its language) is carried into the queued deliveries of its
// scheduled and sending notices in the same transaction (resyncNoticesOfCustomers).
// The CSV import is in customer-import.ts, the relationship declaration in relationships.ts.

export type WriteFailure =
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'STALE'
  | 'TENANT_TAKEN'
  | 'CLOUD_RETIRED'
  | 'CONTACT_DUPLICATE'
  | 'SUBSCRIPTION_IN_USE'
  | 'RELATIONSHIP_PENDING'
  | 'RELATIONSHIP_VERIFIED';
export type WriteResult<T extends object = object> = ({ ok: true } & T) | { ok: false; code: WriteFailure };

const fail = (code: WriteFailure): { ok: false; code: WriteFailure } => ({ ok: false, code });

/** Unique constraints these writes can run into (two saves at once), and what each one means. */
const UNIQUE_FAILURES = {
  Customer_partnerId_tenantId_key: fail('TENANT_TAKEN'),
  Contact_customerId_email_role_key: fail('CONTACT_DUPLICATE'),
  RelationshipReview_pending_customer_key: fail('RELATIONSHIP_PENDING'),
} as const;

/** A write of the viewer's partner's customer data: the permission, then one transaction. */
export async function customerWrite<T extends object>(
  viewer: Viewer,
  permission: Permission,
  work: (tx: Tx, partnerId: string) => Promise<WriteResult<T>>,
  limits?: TxLimits,
): Promise<WriteResult<T>> {
  if (!can(viewer.role, permission)) return fail('FORBIDDEN');
  const partnerId = partnerScope(viewer);
  return runWrite<WriteResult<T>>((tx) => work(tx, partnerId), { unique: UNIQUE_FAILURES, limits });
}

/** Carries a change of who these customers' notices reach into their scheduled and sending notices. */
function resync(tx: Tx, viewer: Viewer, partnerId: string, customerId: string, reason: RecipientSyncReason, address: string) {
  return resyncNoticesOfCustomers(tx, {
    partnerId,
    customerIds: [customerId],
    reason,
    actor: actorOf(viewer),
    address,
    messageIdHost: mailSettings().messageIdHost,
    now: new Date(),
  });
}

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
  if (!isUuid(customerId)) return null;
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
  if (!isUuid(customerId) || !isUuid(contactId)) return null;
  const row = await getDb().contact.findFirst({
    where: { id: contactId, customerId, partnerId },
    select: { id: true, customerId: true, name: true, email: true, language: true, role: true, updatedAt: true },
  });
  return row ? { ...row, language: row.language ? localeFromDb(row.language) : null } : null;
}

export type SubscriptionForEdit = SubscriptionInput & { id: string; customerId: string; updatedAt: Date; referencedByNotices: number };

export async function getSubscriptionForEdit(
  viewer: Viewer,
  customerId: string,
  subscriptionId: string,
): Promise<SubscriptionForEdit | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId) || !isUuid(subscriptionId)) return null;
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
  return {
    ...rest,
    startDate: isoDay(row.startDate),
    commitmentEndDate: isoDay(row.commitmentEndDate),
    referencedByNotices: _count.noticeTargets,
  };
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
  return customerWrite<{ id: string }>(viewer, 'customer:write', async (tx, partnerId) => {
    // Microsoft Cloud Germany is retired: its customers are kept, no new ones are added.
    if (input.cloud === 'GERMANY') return fail('CLOUD_RETIRED');
    const taken = await tx.customer.findFirst({ where: { partnerId, tenantId: input.tenantId }, select: { id: true } });
    if (taken) return fail('TENANT_TAKEN');
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
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'customer.created',
        targetType: 'Customer',
        targetId: created.id,
        after: customerSnapshot(input),
      }),
    ]);
    return { ok: true, id: created.id };
  });
}

/** Saves the customer only if it is still at `expectedVersion`; the version goes up by one. */
export async function updateCustomer(
  viewer: Viewer,
  customerId: string,
  expectedVersion: number,
  input: CustomerInput,
  address: string,
): Promise<WriteResult<{ version: number }>> {
  return customerWrite<{ version: number }>(viewer, 'customer:write', async (tx, partnerId) => {
    if (!isUuid(customerId)) return fail('NOT_FOUND');
    const before = await tx.customer.findFirst({ where: { id: customerId, partnerId }, select: CUSTOMER_SELECT });
    if (!before) return fail('NOT_FOUND');
    if (before.version !== expectedVersion) return fail('STALE');
    if (input.cloud === 'GERMANY' && before.cloud !== 'GERMANY') return fail('CLOUD_RETIRED');
    if (input.tenantId !== before.tenantId) {
      const taken = await tx.customer.findFirst({
        where: { partnerId, tenantId: input.tenantId, NOT: { id: customerId } },
        select: { id: true },
      });
      if (taken) return fail('TENANT_TAKEN');
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
    if (result.count === 0) return fail('STALE');
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'customer.updated',
        targetType: 'Customer',
        targetId: customerId,
        before: { ...customerSnapshot(customerOf(before)), version: before.version },
        after: { ...customerSnapshot(input), version: expectedVersion + 1 },
      }),
    ]);
    // The customer's language is its contacts' language where they have none of their own.
    if (localeToDb(input.preferredLanguage) !== before.preferredLanguage)
      await resync(tx, viewer, partnerId, customerId, 'CUSTOMER_UPDATED', address);
    return { ok: true, version: expectedVersion + 1 };
  });
}

// ---------------------------------------------------------------------------------------------
// Contacts

function contactSnapshot(input: ContactInput) {
  return { name: input.name, email: input.email, role: input.role, language: input.language };
}

const CONTACT_SELECT = { name: true, email: true, role: true, language: true, updatedAt: true } as const;

function contactBefore(row: Prisma.ContactGetPayload<{ select: typeof CONTACT_SELECT }>) {
  return contactSnapshot({ ...row, language: row.language ? localeFromDb(row.language) : null });
}

/** The customer is the partner's (locked for the transaction when `lock`: subscription writes and the import serialise on it). */
async function customerExists(tx: Tx, partnerId: string, customerId: string, lock = false): Promise<boolean> {
  if (!isUuid(customerId)) return false;
  if (lock) {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Customer" WHERE id = ${customerId}::uuid AND "partnerId" = ${partnerId}::uuid FOR UPDATE`;
    return rows.length > 0;
  }
  return (await tx.customer.count({ where: { id: customerId, partnerId } })) > 0;
}

export async function createContact(
  viewer: Viewer,
  customerId: string,
  input: ContactInput,
  address: string,
): Promise<WriteResult<{ id: string }>> {
  return customerWrite<{ id: string }>(viewer, 'customer:write', async (tx, partnerId) => {
    if (!(await customerExists(tx, partnerId, customerId))) return fail('NOT_FOUND');
    const duplicate = await tx.contact.count({ where: { partnerId, customerId, email: input.email, role: input.role } });
    if (duplicate > 0) return fail('CONTACT_DUPLICATE');
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
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'contact.created',
        targetType: 'Contact',
        targetId: created.id,
        after: { customerId, ...contactSnapshot(input) },
      }),
    ]);
    await resync(tx, viewer, partnerId, customerId, 'CONTACT_CREATED', address);
    return { ok: true, id: created.id };
  });
}

export async function updateContact(
  viewer: Viewer,
  customerId: string,
  contactId: string,
  expectedUpdatedAt: Date,
  input: ContactInput,
  address: string,
): Promise<WriteResult> {
  return customerWrite<object>(viewer, 'customer:write', async (tx, partnerId) => {
    if (!isUuid(customerId) || !isUuid(contactId)) return fail('NOT_FOUND');
    const before = await tx.contact.findFirst({ where: { id: contactId, customerId, partnerId }, select: CONTACT_SELECT });
    if (!before) return fail('NOT_FOUND');
    if (before.updatedAt.getTime() !== expectedUpdatedAt.getTime()) return fail('STALE');
    const duplicate = await tx.contact.count({
      where: { partnerId, customerId, email: input.email, role: input.role, NOT: { id: contactId } },
    });
    if (duplicate > 0) return fail('CONTACT_DUPLICATE');
    const result = await tx.contact.updateMany({
      where: { id: contactId, customerId, partnerId, updatedAt: expectedUpdatedAt },
      data: { name: input.name, email: input.email, role: input.role, language: input.language ? localeToDb(input.language) : null },
    });
    if (result.count === 0) return fail('STALE');
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'contact.updated',
        targetType: 'Contact',
        targetId: contactId,
        before: { customerId, ...contactBefore(before) },
        after: { customerId, ...contactSnapshot(input) },
      }),
    ]);
    await resync(tx, viewer, partnerId, customerId, 'CONTACT_UPDATED', address);
    return { ok: true };
  });
}

/**
 * Deletes the contact as the user saw it (`expectedUpdatedAt`). Past deliveries keep their
 * recipient; queued ones of scheduled and sending notices to it are withdrawn.
 */
export async function deleteContact(
  viewer: Viewer,
  customerId: string,
  contactId: string,
  expectedUpdatedAt: Date,
  address: string,
): Promise<WriteResult> {
  return customerWrite<object>(viewer, 'customer:write', async (tx, partnerId) => {
    if (!isUuid(customerId) || !isUuid(contactId)) return fail('NOT_FOUND');
    const before = await tx.contact.findFirst({ where: { id: contactId, customerId, partnerId }, select: CONTACT_SELECT });
    if (!before) return fail('NOT_FOUND');
    const result = await tx.contact.deleteMany({ where: { id: contactId, customerId, partnerId, updatedAt: expectedUpdatedAt } });
    if (result.count === 0) return fail('STALE');
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'contact.deleted',
        targetType: 'Contact',
        targetId: contactId,
        before: { customerId, ...contactBefore(before) },
      }),
    ]);
    await resync(tx, viewer, partnerId, customerId, 'CONTACT_DELETED', address);
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
    startDate: dayFromIso(input.startDate),
    commitmentEndDate: dayFromIso(input.commitmentEndDate),
    autoRenew: input.autoRenew,
  };
}

/** A subscription's fields as the forms, the import and the audit trail read them. */
export const SUBSCRIPTION_SELECT = {
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

export async function createSubscription(
  viewer: Viewer,
  customerId: string,
  input: SubscriptionInput,
  address: string,
): Promise<WriteResult<{ id: string }>> {
  return customerWrite<{ id: string }>(viewer, 'customer:write', async (tx, partnerId) => {
    if (!(await customerExists(tx, partnerId, customerId, true))) return fail('NOT_FOUND');
    const created = await tx.subscription.create({ data: { partnerId, customerId, ...subscriptionData(input) }, select: { id: true } });
    await refreshNextCommitmentEnd(tx, partnerId, [customerId]);
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'subscription.created',
        targetType: 'Subscription',
        targetId: created.id,
        after: { customerId, ...subscriptionSnapshot(input) },
      }),
    ]);
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
  return customerWrite<object>(viewer, 'customer:write', async (tx, partnerId) => {
    if (!isUuid(subscriptionId) || !(await customerExists(tx, partnerId, customerId, true))) return fail('NOT_FOUND');
    const before = await tx.subscription.findFirst({ where: { id: subscriptionId, customerId, partnerId }, select: SUBSCRIPTION_SELECT });
    if (!before) return fail('NOT_FOUND');
    const result = await tx.subscription.updateMany({
      where: { id: subscriptionId, customerId, partnerId, updatedAt: expectedUpdatedAt },
      data: subscriptionData(input),
    });
    if (result.count === 0) return fail('STALE');
    await refreshNextCommitmentEnd(tx, partnerId, [customerId]);
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'subscription.updated',
        targetType: 'Subscription',
        targetId: subscriptionId,
        before: { customerId, ...subscriptionSnapshot(before) },
        after: { customerId, ...subscriptionSnapshot(input) },
      }),
    ]);
    return { ok: true };
  });
}

/**
 * Deletes a subscription as the user saw it. One that notices name is kept (the notices' history
 * would lose it): set its status to Cancelled or Expired instead.
 */
export async function deleteSubscription(
  viewer: Viewer,
  customerId: string,
  subscriptionId: string,
  expectedUpdatedAt: Date,
  address: string,
): Promise<WriteResult> {
  return customerWrite<object>(viewer, 'customer:write', async (tx, partnerId) => {
    if (!isUuid(subscriptionId) || !(await customerExists(tx, partnerId, customerId, true))) return fail('NOT_FOUND');
    const before = await tx.subscription.findFirst({
      where: { id: subscriptionId, customerId, partnerId },
      select: { ...SUBSCRIPTION_SELECT, _count: { select: { noticeTargets: true } } },
    });
    if (!before) return fail('NOT_FOUND');
    if (before._count.noticeTargets > 0) return fail('SUBSCRIPTION_IN_USE');
    const result = await tx.subscription.deleteMany({ where: { id: subscriptionId, customerId, partnerId, updatedAt: expectedUpdatedAt } });
    if (result.count === 0) return fail('STALE');
    await refreshNextCommitmentEnd(tx, partnerId, [customerId]);
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'subscription.deleted',
        targetType: 'Subscription',
        targetId: subscriptionId,
        before: { customerId, ...subscriptionSnapshot(before) },
      }),
    ]);
    return { ok: true };
  });
}
