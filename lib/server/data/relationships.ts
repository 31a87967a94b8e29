import 'server-only';
import { getDb } from '../db';
import { actorOf, partnerScope, type Viewer } from '../viewer';
import { can } from '../../domain/permissions';
import { isUuid } from '../../domain/ids';
import type { DirectRelationship } from '../../domain/policy';
import { auditBy, writeAudit } from './audit';
import { recategorizeLinks } from './communication-links';
import { customerWrite, type WriteResult } from './customer-writes';
import { runWrite } from './transaction';
import { enqueueWebhookEvents } from './webhook-outbox';
import type { RelationshipDecidedEventData } from '../../schemas/webhooks';

// A customer's direct Microsoft relationship: a partner admin declares it (the customer becomes
// DECLARED and a PENDING review waits), a portal admin approves or rejects it across partners.
// One pending review per customer (a partial unique index holds it even for two saves at once).
// The declaration names the products and services the customer buys from Microsoft outside CSP:
// once VERIFIED, a message-center post about them is NON_CSP_PRODUCTS for this customer, so every
// change here decides the customer's communication categories again in the same transaction
// (recategorizeLinks; docs/decisions/0030-categories-per-customer.md).

/** Portal-admin reads are only reached through pages that demand the permission first: anyone else is a programming error. */
export function assertAdmin(viewer: Viewer, permission: 'admin:partners' | 'admin:relationships'): void {
  if (!can(viewer.role, permission)) throw new Error(`${viewer.role} may not use ${permission}`);
}

export type RelationshipState = {
  id: string;
  companyName: string;
  directRelationship: DirectRelationship;
  directAgreementType: string | null;
  directEvidenceNote: string | null;
  directServices: string[];
  reviews: {
    id: string;
    agreementType: string;
    services: string[];
    status: 'PENDING' | 'APPROVED' | 'REJECTED';
    createdAt: Date;
    decidedAt: Date | null;
    decisionNote: string | null;
  }[];
};

/** The customer's direct Microsoft relationship and its review history (newest first). */
export async function getRelationshipState(viewer: Viewer, customerId: string): Promise<RelationshipState | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(customerId)) return null;
  const row = await getDb().customer.findFirst({
    where: { id: customerId, partnerId },
    select: {
      id: true,
      companyName: true,
      directRelationship: true,
      directAgreementType: true,
      directEvidenceNote: true,
      directServices: true,
      reviews: {
        where: { partnerId },
        orderBy: { createdAt: 'desc' },
        take: 20,
        select: { id: true, agreementType: true, services: true, status: true, createdAt: true, decidedAt: true, decisionNote: true },
      },
    },
  });
  return row;
}

/**
 * Declares that the customer has its own commercial relationship with Microsoft: the customer
 * becomes DECLARED and a PENDING review waits for a portal admin. Refused while a declaration is
 * pending, and once the relationship is verified.
 */
export async function declareRelationship(
  viewer: Viewer,
  customerId: string,
  input: { agreementType: string; evidenceNote: string; services?: readonly string[] },
  address: string,
): Promise<WriteResult<{ reviewId: string }>> {
  const services = [...(input.services ?? [])];
  return customerWrite<{ reviewId: string }>(viewer, 'relationship:declare', async (tx, partnerId) => {
    if (!isUuid(customerId)) return { ok: false, code: 'NOT_FOUND' };
    const before = await tx.customer.findFirst({
      where: { id: customerId, partnerId },
      select: { directRelationship: true, directAgreementType: true, directEvidenceNote: true, directServices: true, version: true },
    });
    if (!before) return { ok: false, code: 'NOT_FOUND' };
    if (before.directRelationship === 'DECLARED') return { ok: false, code: 'RELATIONSHIP_PENDING' };
    if (before.directRelationship === 'VERIFIED') return { ok: false, code: 'RELATIONSHIP_VERIFIED' };
    const result = await tx.customer.updateMany({
      where: { id: customerId, partnerId, version: before.version },
      data: {
        directRelationship: 'DECLARED',
        directAgreementType: input.agreementType,
        directEvidenceNote: input.evidenceNote,
        directServices: services,
        version: { increment: 1 },
      },
    });
    if (result.count === 0) return { ok: false, code: 'STALE' };
    const review = await tx.relationshipReview.create({
      data: {
        partnerId,
        customerId,
        agreementType: input.agreementType,
        evidenceNote: input.evidenceNote,
        services,
        declaredById: actorOf(viewer).userId,
      },
      select: { id: true },
    });
    // A declaration under review is not yet a reason for another category; a rejected one no longer is.
    await recategorizeLinks(tx, partnerId, { customerIds: [customerId] });
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'customer.relationship_declared',
        targetType: 'Customer',
        targetId: customerId,
        before: {
          directRelationship: before.directRelationship,
          directAgreementType: before.directAgreementType,
          directEvidenceNote: before.directEvidenceNote,
          directServices: before.directServices,
        },
        after: {
          directRelationship: 'DECLARED',
          directAgreementType: input.agreementType,
          directEvidenceNote: input.evidenceNote,
          directServices: services,
          reviewId: review.id,
        },
      }),
    ]);
    return { ok: true, reviewId: review.id };
  });
}

export type ReviewRow = {
  id: string;
  partnerName: string;
  customerName: string;
  customerDomain: string;
  customerTenantId: string;
  agreementType: string;
  evidenceNote: string;
  services: string[];
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  createdAt: Date;
  declaredBy: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
};

/**
 * The review queue across all partners (portal admin only): `pending` oldest first (the order
 * they came in), `decided` newest decision first; without `status`, pending first then the rest.
 */
export async function listRelationshipReviews(
  viewer: Viewer,
  options: { take?: number; status?: 'pending' | 'decided' } = {},
): Promise<ReviewRow[]> {
  assertAdmin(viewer, 'admin:relationships');
  const where =
    options.status === 'pending'
      ? { status: 'PENDING' as const }
      : options.status === 'decided'
        ? { status: { not: 'PENDING' as const } }
        : {};
  const orderBy =
    options.status === 'pending'
      ? [{ createdAt: 'asc' as const }]
      : options.status === 'decided'
        ? [{ decidedAt: 'desc' as const }, { createdAt: 'desc' as const }]
        : [{ status: 'asc' as const }, { createdAt: 'desc' as const }];
  const rows = await getDb().relationshipReview.findMany({
    where,
    orderBy,
    take: options.take ?? 100,
    select: {
      id: true,
      agreementType: true,
      evidenceNote: true,
      services: true,
      status: true,
      createdAt: true,
      decidedAt: true,
      decisionNote: true,
      partner: { select: { name: true } },
      customer: { select: { companyName: true, domain: true, tenantId: true } },
      declaredBy: { select: { displayName: true } },
      decidedBy: { select: { displayName: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    partnerName: row.partner.name,
    customerName: row.customer.companyName,
    customerDomain: row.customer.domain,
    customerTenantId: row.customer.tenantId,
    agreementType: row.agreementType,
    evidenceNote: row.evidenceNote,
    services: row.services,
    status: row.status,
    createdAt: row.createdAt,
    declaredBy: row.declaredBy?.displayName ?? null,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy?.displayName ?? null,
    decisionNote: row.decisionNote,
  }));
}

export type DecisionResult =
  { ok: true; status: 'APPROVED' | 'REJECTED' } | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' | 'ALREADY_DECIDED' | 'NOTE_REQUIRED' };

/**
 * A portal admin's decision on a pending declaration: approve → the customer's direct
 * relationship becomes VERIFIED; reject (a note is required) → REJECTED. The review records who
 * decided, when and why; a decided review is never decided again (two admins at once: the second
 * is told it was decided). Audited under the customer's partner, in the same transaction.
 */
export async function decideRelationshipReview(
  viewer: Viewer,
  input: { reviewId: string; decision: 'approve' | 'reject'; note: string },
  address: string,
  now = new Date(),
): Promise<DecisionResult> {
  if (!can(viewer.role, 'admin:relationships')) return { ok: false, code: 'FORBIDDEN' };
  const note = input.note.trim();
  if (input.decision === 'reject' && note === '') return { ok: false, code: 'NOTE_REQUIRED' };
  const status = input.decision === 'approve' ? ('APPROVED' as const) : ('REJECTED' as const);
  const direct = input.decision === 'approve' ? ('VERIFIED' as const) : ('REJECTED' as const);
  if (!isUuid(input.reviewId)) return { ok: false, code: 'NOT_FOUND' };
  return runWrite<DecisionResult>(async (tx) => {
    const review = await tx.relationshipReview.findUnique({
      where: { id: input.reviewId },
      select: { id: true, partnerId: true, customerId: true, status: true, agreementType: true, evidenceNote: true, services: true },
    });
    if (!review) return { ok: false, code: 'NOT_FOUND' };
    if (review.status !== 'PENDING') return { ok: false, code: 'ALREADY_DECIDED' };
    const decided = await tx.relationshipReview.updateMany({
      where: { id: review.id, status: 'PENDING' },
      data: { status, decidedById: actorOf(viewer).userId, decidedAt: now, decisionNote: note === '' ? null : note },
    });
    if (decided.count === 0) return { ok: false, code: 'ALREADY_DECIDED' };
    const customer = await tx.customer.findFirst({
      where: { id: review.customerId, partnerId: review.partnerId },
      select: { directRelationship: true, companyName: true },
    });
    await tx.customer.updateMany({
      where: { id: review.customerId, partnerId: review.partnerId },
      data: {
        directRelationship: direct,
        directAgreementType: review.agreementType,
        directEvidenceNote: review.evidenceNote,
        directServices: review.services,
        version: { increment: 1 },
      },
    });
    // Verified: posts about the products it names become NON_CSP_PRODUCTS for this customer; rejected: they no longer are.
    await recategorizeLinks(tx, review.partnerId, { customerIds: [review.customerId] });
    await writeAudit(tx, [
      auditBy(viewer, review.partnerId, address, {
        action: input.decision === 'approve' ? 'relationship_review.approved' : 'relationship_review.rejected',
        targetType: 'RelationshipReview',
        targetId: review.id,
        before: { status: 'PENDING', customerId: review.customerId, directRelationship: customer?.directRelationship ?? null },
        after: {
          status,
          customerId: review.customerId,
          directRelationship: direct,
          directServices: review.services,
          decisionNote: note === '' ? null : note,
        },
      }),
    ]);
    const data: RelationshipDecidedEventData = {
      review: {
        id: review.id,
        status,
        agreementType: review.agreementType,
        decisionNote: note === '' ? null : note,
        decidedAt: now.toISOString(),
      },
      customer: { id: review.customerId, companyName: customer?.companyName ?? '', directRelationship: direct },
    };
    await enqueueWebhookEvents(tx, review.partnerId, [{ type: 'relationship.decided', at: now, data }], now);
    return { ok: true, status };
  });
}
