import 'server-only';
import { getDb } from '../db';
import { partnerScope, type ReadScope } from '../viewer';
import { addDays, isoDay, startOfUtcDay } from '../../domain/dates';
import { RENEWAL_COVERING_STATUSES } from '../../domain/notice-lifecycle';
import { CLOUDS, type Cloud } from '../../domain/policy';
import { countPolicyConflicts, type PolicyConflictCounts } from './communications';

/** Renewal windows shown on the dashboard, in days from today (UTC calendar days). */
export const RENEWAL_WINDOWS = [30, 60, 90] as const;
export type RenewalWindow = (typeof RENEWAL_WINDOWS)[number];

export type DashboardCounts = {
  customers: number;
  customersByCloud: Record<Cloud, number>;
  activeSubscriptions: number;
  /**
   * Active subscriptions whose commitment ends from today to today + `days` (inclusive), and
   * how many of them have no renewal notice scheduled (none covering them: RENEWAL_COVERING_STATUSES).
   */
  renewals: { days: RenewalWindow; due: number; withoutNotice: number }[];
  /** Unresolved service incidents that affect at least one customer, and those customers. */
  openIncidents: number;
  openIncidentCustomers: number;
  conflicts: PolicyConflictCounts;
  noticesByStatus: Record<string, number>;
};

/**
 * The partner's overview: every figure is counted in the database, scoped to the viewer's partner
 * (a signed-in user's, or the embedded dashboard's token's).
 */
export async function getDashboardCounts(viewer: ReadScope, now = new Date()): Promise<DashboardCounts> {
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const today = startOfUtcDay(now);
  // Calendar days as text: a Date cast to ::date would follow the session's time zone.
  const todayDay = isoDay(today);
  const horizonDay = isoDay(addDays(today, Math.max(...RENEWAL_WINDOWS)));
  const [byCloud, activeSubscriptions, renewalRows, incidentRows, conflicts, notices] = await Promise.all([
    db.customer.groupBy({ by: ['cloud'], where: { partnerId }, _count: { _all: true } }),
    db.subscription.count({ where: { partnerId, status: 'ACTIVE' } }),
    // One pass over the active subscriptions ending in the next 90 days (index on partnerId,
    // status, commitmentEndDate); each window is a FILTER of it.
    db.$queryRaw<{ days: number; due: number; without_notice: number }[]>`
      SELECT w.days::int AS days,
             count(s.id)::int AS due,
             count(s.id) FILTER (WHERE NOT s.has_notice)::int AS without_notice
      FROM unnest(${[...RENEWAL_WINDOWS]}::int[]) AS w(days)
      LEFT JOIN (
        SELECT s."id", s."commitmentEndDate",
               EXISTS (
                 SELECT 1 FROM "NoticeSubscription" ns JOIN "Notice" n ON n."id" = ns."noticeId"
                 WHERE ns."subscriptionId" = s."id" AND n."partnerId" = s."partnerId"
                   AND n."kind" = 'RENEWAL' AND n."status"::text = ANY(${[...RENEWAL_COVERING_STATUSES]}::text[])
               ) AS has_notice
        FROM "Subscription" s
        WHERE s."partnerId" = ${partnerId}::uuid AND s."status" = 'ACTIVE'
          AND s."commitmentEndDate" >= ${todayDay}::date AND s."commitmentEndDate" <= ${horizonDay}::date
      ) s ON s."commitmentEndDate" <= (${todayDay}::date + w.days)
      GROUP BY w.days
      ORDER BY w.days`,
    db.$queryRaw<{ incidents: number; customers: number }[]>`
      SELECT count(DISTINCT m."id")::int AS incidents, count(DISTINCT l."customerId")::int AS customers
      FROM "MicrosoftCommunication" m
      JOIN "CommunicationAffectedCustomer" l ON l."communicationId" = m."id" AND l."partnerId" = m."partnerId"
      WHERE m."partnerId" = ${partnerId}::uuid AND m."category" = 'SERVICE_INCIDENT' AND m."isResolved" = false`,
    countPolicyConflicts(viewer),
    db.notice.groupBy({ by: ['status'], where: { partnerId }, _count: { _all: true } }),
  ]);
  const customersByCloud = Object.fromEntries(CLOUDS.map((cloud) => [cloud, 0])) as Record<Cloud, number>;
  for (const row of byCloud) customersByCloud[row.cloud] = row._count._all;
  const noticesByStatus: Record<string, number> = {};
  for (const row of notices) noticesByStatus[row.status] = row._count._all;
  return {
    customers: Object.values(customersByCloud).reduce((sum, n) => sum + n, 0),
    customersByCloud,
    activeSubscriptions,
    renewals: RENEWAL_WINDOWS.map((days) => {
      const row = renewalRows.find((r) => r.days === days);
      return { days, due: row?.due ?? 0, withoutNotice: row?.without_notice ?? 0 };
    }),
    openIncidents: incidentRows[0]?.incidents ?? 0,
    openIncidentCustomers: incidentRows[0]?.customers ?? 0,
    conflicts,
    noticesByStatus,
  };
}
