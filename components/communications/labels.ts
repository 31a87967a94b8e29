// Message keys for the codes of Microsoft communications (list, detail page, dashboard).
import {
  SERVICE_HEALTH_STATUSES,
  UNKNOWN_VALUE,
  UPDATE_CATEGORIES,
  UPDATE_SEVERITIES,
  type ServiceHealthStatus,
} from '@/lib/schemas/graph';
import type { MessageKey, Translate } from '@/lib/i18n/translate';

/** A Graph status in words; `unknown` (a status Graph added later) as such; anything else as stored. */
export function statusLabel(t: Translate, status: string): string {
  if (status === UNKNOWN_VALUE) return t('communications.statuses.unknown');
  return (SERVICE_HEALTH_STATUSES as readonly string[]).includes(status)
    ? t(`communications.statuses.${status as ServiceHealthStatus}`)
    : status;
}

/** A message-center severity in words; an unknown value is shown as stored. */
export function severityLabel(t: Translate, severity: string | null): string | null {
  if (severity === null) return null;
  if (severity === UNKNOWN_VALUE) return t('communications.severities.unknown');
  return (UPDATE_SEVERITIES as readonly string[]).includes(severity)
    ? t(`communications.severities.${severity as (typeof UPDATE_SEVERITIES)[number]}`)
    : severity;
}

/** A post's category in Microsoft's message center (prevent or fix an issue, plan for change, stay informed). */
export function messageCategoryLabel(t: Translate, category: string | null): string | null {
  if (category === null) return null;
  return (UPDATE_CATEGORIES as readonly string[]).includes(category)
    ? t(`communications.messageCategories.${category as (typeof UPDATE_CATEGORIES)[number]}`)
    : t('communications.messageCategories.unknown');
}

export function classificationLabel(t: Translate, classification: 'incident' | 'advisory' | 'unknown'): string {
  return t(`communications.classifications.${classification}`);
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
