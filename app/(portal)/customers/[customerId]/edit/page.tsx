import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { CustomerForm } from '@/components/customer-forms/customer-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getCustomerForEdit } from '@/lib/server/data/customer-writes';
import { idSchema } from '@/lib/schemas/customers';

type Props = { params: Promise<{ customerId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customerForms.editCustomerShort') };
}

export default async function EditCustomerPage({ params }: Props) {
  const viewer = await requirePermission('customer:write');
  const { customerId } = await params;
  if (!idSchema.safeParse(customerId).success) notFound();
  const customer = await getCustomerForEdit(viewer, customerId);
  if (!customer) notFound();
  const { t } = await getTranslator();
  return (
    <>
      <Breadcrumb
        label={t('customerForms.breadcrumb')}
        items={[
          { href: '/customers', label: t('nav.customers') },
          { href: `/customers/${customer.id}`, label: customer.companyName },
          { label: t('customerForms.editCustomerShort') },
        ]}
      />
      <PageHeader
        title={t('customerForms.editCustomerTitle', { name: customer.companyName })}
        description={t('customerForms.editCustomerDescription')}
      />
      <CustomerForm
        customerId={customer.id}
        version={customer.version}
        cancelHref={`/customers/${customer.id}`}
        initial={{
          companyName: customer.companyName,
          domain: customer.domain,
          tenantId: customer.tenantId,
          cloud: customer.cloud,
          relationshipToPartner: customer.relationshipToPartner,
          preferredLanguage: customer.preferredLanguage,
        }}
      />
    </>
  );
}
