import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/ui/page-header';
import { DeleteServiceUpdateRuleButton, ServiceUpdateRuleForm } from '@/components/notice-settings/service-update-rule-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listTemplates } from '@/lib/server/data/notice-templates';
import { listCommunicationFilterOptions } from '@/lib/server/data/communications';
import { getServiceUpdateRule } from '@/lib/server/data/service-update-rules';

type Params = { params: Promise<{ ruleId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeSettings.serviceUpdates.editTitle') };
}

export default async function EditServiceUpdateRulePage({ params }: Params) {
  const viewer = await requirePermission('settings:notices');
  const { ruleId } = await params;
  // A malformed id, an unknown one and another partner's all answer the same not-found page.
  if (!z.uuid().safeParse(ruleId).success) notFound();
  const [rule, templates, options] = await Promise.all([
    getServiceUpdateRule(viewer, ruleId),
    listTemplates(viewer, { kind: 'SERVICE_UPDATE' }),
    listCommunicationFilterOptions(viewer),
  ]);
  if (!rule) notFound();
  const { t } = await getTranslator();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/notices/service-updates" className="text-brand hover:underline">
          {t('noticeSettings.serviceUpdates.backToRules')}
        </Link>
      </p>
      <PageHeader
        title={t('noticeSettings.serviceUpdates.editTitle')}
        description={t('noticeSettings.serviceUpdates.formDescription')}
        actions={<DeleteServiceUpdateRuleButton ruleId={rule.id} version={rule.version} name={rule.name} />}
      />
      <ServiceUpdateRuleForm
        key={rule.version}
        ruleId={rule.id}
        version={rule.version}
        templates={templates.map(({ id, name }) => ({ id, name }))}
        knownServices={options.services}
        initial={{
          name: rule.name,
          enabled: rule.enabled,
          action: rule.action,
          categories: rule.categories,
          services: rule.services,
          minSeverity: rule.minSeverity,
          recipientRoles: rule.recipientRoles,
          templateId: rule.template?.id ?? null,
        }}
      />
    </>
  );
}
