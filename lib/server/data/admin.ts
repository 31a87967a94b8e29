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
  agreementType: string;
  evidenceNote: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
};

/** The review queue across all partners (portal admin only), pending first. */
export async function listRelationshipReviews(viewer: Viewer, options: { take?: number } = {}): Promise<ReviewRow[]> {
  assertPortalAdmin(viewer, 'admin:relationships');
  const rows = await getDb().relationshipReview.findMany({
    orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
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
      customer: { select: { companyName: true } },
      decidedBy: { select: { displayName: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    partnerName: row.partner.name,
    customerName: row.customer.companyName,
    agreementType: row.agreementType,
    evidenceNote: row.evidenceNote,
    status: row.status,
    createdAt: row.createdAt,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy?.displayName ?? null,
    decisionNote: row.decisionNote,
  }));
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
