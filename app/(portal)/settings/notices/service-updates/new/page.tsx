import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { ServiceUpdateRuleForm } from '@/components/notice-settings/service-update-rule-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listTemplates } from '@/lib/server/data/notice-templates';
import { listCommunicationFilterOptions } from '@/lib/server/data/communications';
import { SERVICE_UPDATE_DEFAULT_ROLES } from '@/lib/server/data/service-updates';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeSettings.serviceUpdates.newTitle') };
}

export default async function NewServiceUpdateRulePage() {
  const viewer = await requirePermission('settings:notices');
  const { t } = await getTranslator();
  const [templates, options] = await Promise.all([
    listTemplates(viewer, { kind: 'SERVICE_UPDATE' }),
    listCommunicationFilterOptions(viewer),
  ]);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/notices/service-updates" className="text-brand hover:underline">
          {t('noticeSettings.serviceUpdates.backToRules')}
        </Link>
      </p>
      <PageHeader title={t('noticeSettings.serviceUpdates.newTitle')} description={t('noticeSettings.serviceUpdates.formDescription')} />
      <ServiceUpdateRuleForm
        templates={templates.map(({ id, name }) => ({ id, name }))}
        knownServices={options.services}
        initial={{
          name: '',
          enabled: true,
          action: 'DRAFT',
          categories: ['SERVICE_INCIDENT'],
          services: [],
          minSeverity: null,
          recipientRoles: [...SERVICE_UPDATE_DEFAULT_ROLES],
          templateId: null,
        }}
      />
    </>
  );
}
