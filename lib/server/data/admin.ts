import 'server-only';
import { getDb } from '../db';
import type { Viewer } from '../viewer';
import { can } from '../../domain/permissions';

export class NotAllowedError extends Error {}

function assertPortalAdmin(viewer: Viewer, permission: 'admin:partners' | 'admin:relationships') {
  if (!can(viewer.role, permission)) throw new NotAllowedError(`${viewer.role} may not use ${permission}`);
}

export type ReviewRow = {
  id: string;
  partnerName: string;
  customerName: string;
  customerDomain: string;
  customerTenantId: string;
  agreementType: string;
  evidenceNote: string;
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
  assertPortalAdmin(viewer, 'admin:relationships');
  const where =
    options.status === 'pending' ? { status: 'PENDING' as const } : options.status === 'decided' ? { status: { not: 'PENDING' as const } } : {};
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
    status: row.status,
    createdAt: row.createdAt,
    declaredBy: row.declaredBy?.displayName ?? null,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy?.displayName ?? null,
    decisionNote: row.decisionNote,
  }));
}

export type DecisionResult = { ok: true; status: 'APPROVED' | 'REJECTED' } | { ok: false; code: 'notFound' | 'alreadyDecided' | 'noteRequired' };

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
  assertPortalAdmin(viewer, 'admin:relationships');
  const note = input.note.trim();
  if (input.decision === 'reject' && note === '') return { ok: false, code: 'noteRequired' };
  const status = input.decision === 'approve' ? ('APPROVED' as const) : ('REJECTED' as const);
  const direct = input.decision === 'approve' ? ('VERIFIED' as const) : ('REJECTED' as const);
  return getDb().$transaction(async (tx): Promise<DecisionResult> => {
    const review = await tx.relationshipReview.findUnique({
      where: { id: input.reviewId },
      select: { id: true, partnerId: true, customerId: true, status: true, agreementType: true, evidenceNote: true },
    });
    if (!review) return { ok: false, code: 'notFound' };
    if (review.status !== 'PENDING') return { ok: false, code: 'alreadyDecided' };
    const decided = await tx.relationshipReview.updateMany({
      where: { id: review.id, status: 'PENDING' },
      data: { status, decidedById: viewer.userId, decidedAt: now, decisionNote: note === '' ? null : note },
    });
    if (decided.count === 0) return { ok: false, code: 'alreadyDecided' };
    const customer = await tx.customer.findFirst({
      where: { id: review.customerId, partnerId: review.partnerId },
      select: { directRelationship: true },
    });
    await tx.customer.updateMany({
      where: { id: review.customerId, partnerId: review.partnerId },
      data: {
        directRelationship: direct,
        directAgreementType: review.agreementType,
        directEvidenceNote: review.evidenceNote,
        version: { increment: 1 },
      },
    });
    await tx.auditEvent.create({
      data: {
        actorId: viewer.userId,
        actorLabel: viewer.email,
        partnerId: review.partnerId,
        action: input.decision === 'approve' ? 'relationship_review.approved' : 'relationship_review.rejected',
        targetType: 'RelationshipReview',
        targetId: review.id,
        before: { status: 'PENDING', customerId: review.customerId, directRelationship: customer?.directRelationship ?? null },
        after: { status, customerId: review.customerId, directRelationship: direct, decisionNote: note === '' ? null : note },
        address,
      },
    });
    return { ok: true, status };
  });
}

export type PartnerRow = { id: string; name: string; partnerNumber: string; cloud: 'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY'; customers: number; admins: string[] };

export async function listPartners(viewer: Viewer): Promise<PartnerRow[]> {
  assertPortalAdmin(viewer, 'admin:partners');
  const rows = await getDb().partner.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      partnerNumber: true,
      cloud: true,
      _count: { select: { customers: true } },
      users: { where: { role: 'PARTNER_ADMIN' }, select: { email: true }, orderBy: { email: 'asc' } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    partnerNumber: row.partnerNumber,
    cloud: row.cloud,
    customers: row._count.customers,
    admins: row.users.map((u) => u.email),
  }));
}
