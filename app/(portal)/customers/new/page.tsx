import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { CustomerForm } from '@/components/customer-forms/customer-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getPartnerCloud } from '@/lib/server/data/customer-writes';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customerForms.newCustomerTitle') };
}

export default async function NewCustomerPage() {
  const viewer = await requirePermission('customer:write');
  const { t } = await getTranslator();
  const cloud = await getPartnerCloud(viewer);
  return (
    <>
      <Breadcrumb
        label={t('customerForms.breadcrumb')}
        items={[{ href: '/customers', label: t('nav.customers') }, { label: t('customerForms.newCustomerTitle') }]}
      />
      <PageHeader title={t('customerForms.newCustomerTitle')} description={t('customerForms.newCustomerDescription')} />
      <CustomerForm
        cancelHref="/customers"
        initial={{
          companyName: '',
          domain: '',
          tenantId: '',
          cloud: cloud === 'GERMANY' ? 'PUBLIC' : cloud,
          relationshipToPartner: 'RESELLER',
          preferredLanguage: 'en',
        }}
      />
    </>
  );
}
