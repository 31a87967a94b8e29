// Message keys for the codes of Microsoft communications (list, detail page, dashboard).
import { SERVICE_HEALTH_STATUSES, UPDATE_SEVERITIES, type ServiceHealthStatus } from '@/lib/schemas/graph';
import type { MessageKey, Translate } from '@/lib/i18n/translate';

/** A Graph status in words; an unknown value is shown as stored. */
export function statusLabel(t: Translate, status: string): string {
  return (SERVICE_HEALTH_STATUSES as readonly string[]).includes(status)
    ? t(`communications.statuses.${status as ServiceHealthStatus}`)
    : status;
}

/** A message-center severity in words; an unknown value is shown as stored. */
export function severityLabel(t: Translate, severity: string | null): string | null {
  if (severity === null) return null;
  return (UPDATE_SEVERITIES as readonly string[]).includes(severity)
    ? t(`communications.severities.${severity as (typeof UPDATE_SEVERITIES)[number]}`)
    : severity;
}

export const FILTER_LABEL: Record<string, MessageKey> = {
  category: 'communications.filters.category',
  classification: 'communications.filters.classification',
  status: 'communications.filters.status',
  service: 'communications.filters.service',
  customerId: 'communications.filters.customer',
  from: 'communications.filters.from',
  to: 'communications.filters.to',
  state: 'communications.filters.state',
  conflict: 'communications.filters.conflict',
  cursor: 'communications.pagination.label',
};
