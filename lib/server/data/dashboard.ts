import 'server-only';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { addDays, startOfUtcDay } from '../../domain/dates';

export type DashboardCounts = {
  customers: number;
  activeSubscriptions: number;
  renewalsDue60: number;
  renewalsDue60WithoutNotice: number;
  openIncidents: number;
  noticesByStatus: Record<string, number>;
};

export async function getDashboardCounts(viewer: Viewer, now = new Date()): Promise<DashboardCounts> {
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const today = startOfUtcDay(now);
  const horizon = addDays(today, 60);
  const dueWhere = { partnerId, status: 'ACTIVE' as const, commitmentEndDate: { gte: today, lte: horizon } };
  const [customers, activeSubscriptions, renewalsDue60, renewalsDue60WithoutNotice, openIncidents, notices] = await Promise.all([
    db.customer.count({ where: { partnerId } }),
    db.subscription.count({ where: { partnerId, status: 'ACTIVE' } }),
    db.subscription.count({ where: dueWhere }),
    db.subscription.count({
      where: {
        ...dueWhere,
        noticeTargets: { none: { notice: { partnerId, kind: 'RENEWAL', status: { notIn: ['CANCELLED', 'DRAFT'] } } } },
      },
    }),
    db.microsoftCommunication.count({
      where: { partnerId, category: 'SERVICE_INCIDENT', isResolved: false, affectedCustomers: { some: {} } },
    }),
    db.notice.groupBy({ by: ['status'], where: { partnerId }, _count: { _all: true } }),
  ]);
  const noticesByStatus: Record<string, number> = {};
  for (const row of notices) noticesByStatus[row.status] = row._count._all;
  return { customers, activeSubscriptions, renewalsDue60, renewalsDue60WithoutNotice, openIncidents, noticesByStatus };
}
