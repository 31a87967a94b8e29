import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { SubscriptionForm } from '@/components/customer-forms/subscription-form';
import { DeleteButton } from '@/components/customer-forms/delete-button';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getCustomerForEdit, getSubscriptionForEdit } from '@/lib/server/data/customer-writes';
import { idSchema } from '@/lib/schemas/customers';

type Props = { params: Promise<{ customerId: string; subscriptionId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customerForms.editSubscriptionTitle') };
}

export default async function EditSubscriptionPage({ params }: Props) {
  const viewer = await requirePermission('customer:write');
  const { customerId, subscriptionId } = await params;
  if (!idSchema.safeParse(customerId).success || !idSchema.safeParse(subscriptionId).success) notFound();
  const [customer, subscription] = await Promise.all([
    getCustomerForEdit(viewer, customerId),
    getSubscriptionForEdit(viewer, customerId, subscriptionId),
  ]);
  if (!customer || !subscription) notFound();
  const { t } = await getTranslator();
  const updatedAt = subscription.updatedAt.toISOString();
  return (
    <>
      <Breadcrumb
        label={t('customerForms.breadcrumb')}
        items={[
          { href: '/customers', label: t('nav.customers') },
          { href: `/customers/${customer.id}`, label: customer.companyName },
          { label: t('customerForms.editSubscriptionTitle') },
        ]}
      />
      <PageHeader
        title={t('customerForms.editSubscriptionTitle')}
        description={t('customerForms.subscriptionDescription', { customer: customer.companyName })}
      />
      <SubscriptionForm
        customerId={customer.id}
        subscriptionId={subscription.id}
        updatedAt={updatedAt}
        initial={{
          offerName: subscription.offerName,
          quantity: String(subscription.quantity),
          status: subscription.status,
          term: subscription.term,
          billingCycle: subscription.billingCycle,
          startDate: subscription.startDate,
          commitmentEndDate: subscription.commitmentEndDate,
          autoRenew: subscription.autoRenew,
        }}
      />
      <section aria-labelledby="delete-subscription" className="mt-6 max-w-2xl rounded-md border border-red-200 bg-white p-6 shadow-sm">
        <h2 id="delete-subscription" className="mb-3 text-lg font-semibold">
          {t('customerForms.deleteSection')}
        </h2>
        {subscription.referencedByNotices > 0 ? (
          <p className="text-sm text-neutral-800">{t('customerForms.subscriptionInUseHint')}</p>
        ) : (
          <DeleteButton
            kind="subscription"
            customerId={customer.id}
            targetId={subscription.id}
            expectedUpdatedAt={updatedAt}
            reloadHref={`/customers/${customer.id}/subscriptions/${subscription.id}/edit`}
            title={t('customerForms.confirmDeleteSubscriptionTitle')}
            body={t('customerForms.confirmDeleteSubscriptionBody', { offer: subscription.offerName, customer: customer.companyName })}
          />
        )}
      </section>
    </>
  );
}
