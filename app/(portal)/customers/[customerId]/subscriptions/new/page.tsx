import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { SubscriptionForm } from '@/components/customer-forms/subscription-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getCustomerForEdit } from '@/lib/server/data/customer-writes';
import { idSchema } from '@/lib/schemas/customers';
import { addDays, startOfUtcDay } from '@/lib/domain/dates';

type Props = { params: Promise<{ customerId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customerForms.newSubscriptionTitle') };
}

export default async function NewSubscriptionPage({ params }: Props) {
  const viewer = await requirePermission('customer:write');
  const { customerId } = await params;
  if (!idSchema.safeParse(customerId).success) notFound();
  const customer = await getCustomerForEdit(viewer, customerId);
  if (!customer) notFound();
  const { t } = await getTranslator();
  // A one-year term from today (UTC calendar days), as a starting point.
  const today = startOfUtcDay(new Date());
  const yearLater = new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate()));
  return (
    <>
      <Breadcrumb
        label={t('customerForms.breadcrumb')}
        items={[
          { href: '/customers', label: t('nav.customers') },
          { href: `/customers/${customer.id}`, label: customer.companyName },
          { label: t('customerForms.newSubscriptionTitle') },
        ]}
      />
      <PageHeader
        title={t('customerForms.newSubscriptionTitle')}
        description={t('customerForms.subscriptionDescription', { customer: customer.companyName })}
      />
      <SubscriptionForm
        customerId={customer.id}
        initial={{
          offerName: '',
          quantity: '1',
          status: 'ACTIVE',
          term: 'P1Y',
          billingCycle: 'ANNUAL',
          startDate: today.toISOString().slice(0, 10),
          commitmentEndDate: addDays(yearLater, -1).toISOString().slice(0, 10),
          autoRenew: true,
        }}
      />
    </>
  );
}
