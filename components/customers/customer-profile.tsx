import type { ReactNode } from 'react';
import type { CustomerDetail } from '@/lib/server/data/customers';
import { RETIRED_CLOUDS } from '@/lib/domain/policy';
import { formatDate, formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { Section } from './section';

export function CustomerProfile({
  customer,
  t,
  locale,
  timeZone,
}: {
  customer: CustomerDetail['customer'];
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  const retired = RETIRED_CLOUDS.includes(customer.cloud);
  const items: { term: string; value: ReactNode }[] = [
    { term: t('customers.columns.companyName'), value: customer.companyName },
    { term: t('customers.columns.domain'), value: customer.domain },
    { term: t('customers.columns.tenantId'), value: <span className="font-mono text-xs">{customer.tenantId}</span> },
    {
      term: t('customers.columns.cloud'),
      value: <span className={retired ? 'text-amber-900' : undefined}>{t(`clouds.${customer.cloud}`)}</span>,
    },
    { term: t('customers.columns.relationshipToPartner'), value: t(`customers.relationshipToPartner.${customer.relationshipToPartner}`) },
    { term: t('customers.columns.preferredLanguage'), value: t(`customers.languages.${customer.preferredLanguage}`) },
    {
      term: t('customers.columns.nextCommitmentEnd'),
      // A calendar day (a subscription's commitment end date): the same day in every time zone.
      value: customer.nextCommitmentEndAt ? formatDate(locale, customer.nextCommitmentEndAt, 'UTC') : t('customers.noDate'),
    },
    { term: t('customers.detail.added'), value: formatDateTime(locale, customer.createdAt, timeZone) },
  ];
  return (
    <Section id="customer-profile" title={t('customers.detail.profile')}>
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
        {items.map(({ term, value }) => (
          <div key={term}>
            <dt className="text-sm text-neutral-700">{term}</dt>
            <dd className="mt-0.5 break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
