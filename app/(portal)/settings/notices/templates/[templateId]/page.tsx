import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/ui/page-header';
import { DeleteTemplateButton, TemplateForm } from '@/components/notice-settings/template-form';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getTemplate } from '@/lib/server/data/notice-templates';

type Params = { params: Promise<{ templateId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeSettings.templates.editTitle') };
}

export default async function EditTemplatePage({ params }: Params) {
  const viewer = await requirePermission('settings:notices');
  const { templateId } = await params;
  // A malformed id, an unknown one and another partner's all answer the same not-found page.
  if (!z.uuid().safeParse(templateId).success) notFound();
  const template = await getTemplate(viewer, templateId);
  if (!template) notFound();
  const { t } = await getTranslator();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/settings/notices#templates" className="text-brand hover:underline">
          {t('noticeSettings.templates.back')}
        </Link>
      </p>
      <PageHeader
        title={t('noticeSettings.templates.editTitle')}
        description={t('noticeSettings.templates.editDescription')}
        actions={<DeleteTemplateButton templateId={template.id} version={template.version} name={template.name} />}
      />
      <TemplateForm
        key={template.version}
        templateId={template.id}
        version={template.version}
        initial={{ name: template.name, kind: template.kind, content: template.content }}
      />
    </>
  );
}
