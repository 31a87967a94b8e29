import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { ImportForm } from '@/components/customer-import/import-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '@/lib/domain/customer-import/fields';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customerImport.title') };
}

export default async function ImportPage() {
  await requirePermission('customer:write');
  const { t } = await getTranslator();
  return (
    <>
      <Breadcrumb
        label={t('customerForms.breadcrumb')}
        items={[{ href: '/customers', label: t('nav.customers') }, { label: t('customerImport.title') }]}
      />
      <PageHeader title={t('customerImport.title')} description={t('customerImport.description')} />
      <ImportForm maxBytes={IMPORT_MAX_BYTES} maxRows={IMPORT_MAX_ROWS} />
    </>
  );
}
