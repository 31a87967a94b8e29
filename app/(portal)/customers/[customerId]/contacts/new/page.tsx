import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { ContactForm } from '@/components/customer-forms/contact-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getCustomerForEdit } from '@/lib/server/data/customer-writes';
import { idSchema } from '@/lib/schemas/customers';

type Props = { params: Promise<{ customerId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customerForms.newContactTitle') };
}

export default async function NewContactPage({ params }: Props) {
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
          { label: t('customerForms.newContactTitle') },
        ]}
      />
      <PageHeader
        title={t('customerForms.newContactTitle')}
        description={t('customerForms.contactDescription', { customer: customer.companyName })}
      />
      <ContactForm customerId={customer.id} initial={{ name: '', email: '', role: 'BILLING', language: null }} />
    </>
  );
}
