import type { ComponentProps } from 'react';
import type { Bar } from './bar-list';
import type { StatCard } from '@/components/ui/stat-card';
import type { DashboardCounts } from '@/lib/server/data/dashboard';
import type { Translate } from '@/lib/i18n/translate';

// The figures the portal's dashboard and the embedded dashboard both show, worded and linked to
// the list behind each: one definition for the two.

const NOTICE_STATUSES = ['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED'] as const;

type Card = Pick<ComponentProps<typeof StatCard>, 'label' | 'value' | 'hint' | 'href'>;

export function dashboardFigures(
  counts: DashboardCounts,
  t: Translate,
  n: (value: number) => string,
): { customers: Card; openIncidents: Card; policyConflicts: Card; renewals: Bar[]; notices: Bar[] } {
  return {
    customers: { label: t('dashboard.customers'), value: n(counts.customers), href: '/customers' },
    openIncidents: {
      label: t('dashboard.openIncidents'),
      value: n(counts.openIncidents),
      hint: t('dashboard.openIncidentsHint', { count: counts.openIncidentCustomers }),
      href: '/communications?category=SERVICE_INCIDENT&state=open',
    },
    policyConflicts: {
      label: t('dashboard.policyConflicts'),
      value: n(counts.conflicts.pairs),
      hint: t('dashboard.policyConflictsHint', { communications: counts.conflicts.communications, customers: counts.conflicts.customers }),
      href: '/communications?conflict=1',
    },
    renewals: counts.renewals.map((window) => ({
      key: String(window.days),
      label: t('dashboard.renewalsWithin', { days: window.days }),
      value: window.due,
      display: n(window.due),
      detail: t('dashboard.noNoticeScheduled', { count: window.withoutNotice }),
      href: `/notices/renewals?withinDays=${window.days}`,
    })),
    notices: NOTICE_STATUSES.map((status) => ({
      key: status,
      label: t(`noticeStatus.${status}`),
      value: counts.noticesByStatus[status] ?? 0,
      display: n(counts.noticesByStatus[status] ?? 0),
      href: `/notices?status=${status}`,
    })),
  };
}
