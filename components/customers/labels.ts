// Message keys for the customers' codes (shared by the list, the detail page and the CSV export).
import type { CustomerSort } from '@/lib/domain/customer-query';
import type { MessageKey } from '@/lib/i18n/translate';

export const SORT_LABEL: Record<CustomerSort, MessageKey> = {
  name: 'customers.sorts.name',
  '-name': 'customers.sorts.nameDesc',
  created: 'customers.sorts.created',
  '-created': 'customers.sorts.createdDesc',
  nextCommitmentEnd: 'customers.sorts.nextCommitmentEnd',
  '-nextCommitmentEnd': 'customers.sorts.nextCommitmentEndDesc',
};

export function cloudLabel(cloud: 'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY'): MessageKey {
  return `clouds.${cloud}`;
}
