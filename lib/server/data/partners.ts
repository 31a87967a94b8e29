import 'server-only';
import { getDb } from '../db';
import type { Viewer } from '../viewer';
import { assertAdmin } from './relationships';

// The portal's partners, for portal admins.

export type PartnerRow = {
  id: string;
  name: string;
  partnerNumber: string;
  cloud: 'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY';
  customers: number;
  admins: string[];
};

export async function listPartners(viewer: Viewer): Promise<PartnerRow[]> {
  assertAdmin(viewer, 'admin:partners');
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
