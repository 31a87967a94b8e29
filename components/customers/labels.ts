// Message keys for the customers' sort orders (shared by the list and the CSV export).
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
