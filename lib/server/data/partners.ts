import 'server-only';
import { getDb } from '../db';
import type { UserViewer, Viewer } from '../viewer';
import { auditBy, writeAudit } from './audit';
import { assertAdmin } from './relationships';
import { runWrite } from './transaction';
import { can } from '../../domain/permissions';
import { invitationState } from '../../domain/accounts';
import { isUuid } from '../../domain/ids';
import type { Cloud } from '../../domain/policy';

// The portal's partners, for portal admins (`admin:partners`): the list with each partner's admins,
// users, customers and last activity; creating a partner and renaming it. Inviting a partner's
// admin is in invitations.ts.

export type PartnerRow = {
  id: string;
  name: string;
  partnerNumber: string;
  cloud: Cloud;
  customers: number;
  /** Active users of the partner, admins included. */
  users: number;
  admins: string[];
  /** Partner admins invited and not yet accepted, with whether the link still works. */
  invitedAdmins: { id: string; email: string; expired: boolean }[];
  /** The newest event of the partner's audit trail (a sign-in, any change), if any. */
  lastActivityAt: Date | null;
  updatedAt: Date;
};

export async function listPartners(viewer: Viewer, now = new Date()): Promise<PartnerRow[]> {
  assertAdmin(viewer, 'admin:partners');
  const db = getDb();
  const [rows, activity, invitations] = await Promise.all([
    db.partner.findMany({
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        partnerNumber: true,
        cloud: true,
        updatedAt: true,
        _count: { select: { customers: true, users: { where: { active: true } } } },
        users: { where: { role: 'PARTNER_ADMIN', active: true }, select: { email: true }, orderBy: { email: 'asc' } },
      },
    }),
    db.auditEvent.groupBy({ by: ['partnerId'], where: { partnerId: { not: null } }, _max: { createdAt: true } }),
    db.invitation.findMany({
      where: { role: 'PARTNER_ADMIN', acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: 'asc' },
      select: { id: true, partnerId: true, email: true, expiresAt: true, acceptedAt: true, revokedAt: true },
    }),
  ]);
  const lastActivity = new Map(activity.map((a) => [a.partnerId, a._max.createdAt]));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    partnerNumber: row.partnerNumber,
    cloud: row.cloud,
    customers: row._count.customers,
    users: row._count.users,
    admins: row.users.map((u) => u.email),
    invitedAdmins: invitations
      .filter((i) => i.partnerId === row.id)
      .map((i) => ({ id: i.id, email: i.email, expired: invitationState(i, now) === 'EXPIRED' })),
    lastActivityAt: lastActivity.get(row.id) ?? null,
    updatedAt: row.updatedAt,
  }));
}

export type PartnerWriteResult<T = object> =
  ({ ok: true } & T) | { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' | 'STALE' | 'PARTNER_NUMBER_TAKEN' | 'CLOUD_RETIRED' };

const PARTNER_NUMBER_TAKEN = { ok: false, code: 'PARTNER_NUMBER_TAKEN' } as const;

/** A new partner organization; its Partner ID is unique across the portal. Germany is retired: no new partners there. */
export async function createPartner(
  viewer: UserViewer,
  input: { name: string; partnerNumber: string; cloud: Cloud },
  address: string,
): Promise<PartnerWriteResult<{ id: string }>> {
  if (!can(viewer.role, 'admin:partners')) return { ok: false, code: 'FORBIDDEN' };
  if (input.cloud === 'GERMANY') return { ok: false, code: 'CLOUD_RETIRED' };
  return runWrite<PartnerWriteResult<{ id: string }>>(
    async (tx) => {
      const partner = await tx.partner.create({ data: input, select: { id: true } });
      await writeAudit(tx, [
        auditBy(viewer, partner.id, address, { action: 'partner.created', targetType: 'Partner', targetId: partner.id, after: input }),
      ]);
      return { ok: true, id: partner.id };
    },
    { unique: { Partner_partnerNumber_key: PARTNER_NUMBER_TAKEN } },
  );
}

/** Renames a partner, unless someone changed it since `expectedUpdatedAt` (STALE). */
export async function renamePartner(
  viewer: UserViewer,
  partnerId: string,
  name: string,
  expectedUpdatedAt: Date,
  address: string,
): Promise<PartnerWriteResult> {
  if (!can(viewer.role, 'admin:partners')) return { ok: false, code: 'FORBIDDEN' };
  if (!isUuid(partnerId)) return { ok: false, code: 'NOT_FOUND' };
  return runWrite<PartnerWriteResult>(async (tx) => {
    const before = await tx.partner.findUnique({ where: { id: partnerId }, select: { name: true, updatedAt: true } });
    if (!before) return { ok: false, code: 'NOT_FOUND' };
    const updated = await tx.partner.updateMany({ where: { id: partnerId, updatedAt: expectedUpdatedAt }, data: { name } });
    if (updated.count === 0) return { ok: false, code: 'STALE' };
    await writeAudit(tx, [
      auditBy(viewer, partnerId, address, {
        action: 'partner.renamed',
        targetType: 'Partner',
        targetId: partnerId,
        before: { name: before.name },
        after: { name },
      }),
    ]);
    return { ok: true };
  });
}
