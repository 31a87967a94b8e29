import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { TemplateForm } from '@/components/notice-settings/template-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeSettings.templates.newTitle') };
}

export default async function NewTemplatePage() {
  await requirePermission('settings:notices');
  const { t } = await getTranslator();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/notices#templates" className="text-brand hover:underline">
          {t('noticeSettings.templates.back')}
        </Link>
      </p>
      <PageHeader title={t('noticeSettings.templates.newTitle')} />
      <TemplateForm
        initial={{ name: '', kind: 'RENEWAL', content: { en: { subject: '', body: '' }, 'zh-TW': { subject: '', body: '' } } }}
      />
    </>
  );
}
