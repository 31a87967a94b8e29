import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { NoticeComposer } from '@/components/notices/composer/notice-composer';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getComposerCustomers, listComposerTemplates } from '@/lib/server/data/notice-composer';
import { noticeIdSchema } from '@/lib/schemas/notices';

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeComposer.newTitle') };
}

/** One uuid from the query, else nothing (an invalid value is ignored). */
function idParam(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  const parsed = noticeIdSchema.safeParse(text);
  return parsed.success ? parsed.data.toLowerCase() : null;
}

export default async function NewNoticePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission('notice:write');
  const { t } = await getTranslator();
  const params = await searchParams;
  const customerId = idParam(params.customerId);
  const templateId = idParam(params.templateId);
  const [customers, templates] = await Promise.all([
    customerId ? getComposerCustomers(viewer, [customerId]) : Promise.resolve([]),
    listComposerTemplates(viewer),
  ]);
  const template = templateId ? templates.find((candidate) => candidate.id === templateId) : undefined;
  const preselected = customers[0];
  return (
    <>
      <Breadcrumb
        label={t('noticeComposer.breadcrumb')}
        items={[{ href: '/notices', label: t('noticeComposer.notices') }, { label: t('noticeComposer.newTitle') }]}
      />
      <PageHeader title={t('noticeComposer.newTitle')} description={t('noticeComposer.newDescription')} />
      <NoticeComposer
        cancelHref={preselected ? `/customers/${preselected.id}` : '/notices'}
        timeZone={viewer.timeZone}
        templates={templates}
        initial={{
          kind: template?.kind ?? 'RENEWAL',
          templateId: template?.id ?? null,
          targetMode: 'customers',
          days: '30',
          customers: preselected ? [preselected] : [],
          subscriptionIds: [],
          recipientRoles: ['BILLING'],
          content: template ? template.content : { en: { subject: '', body: '' }, 'zh-TW': { subject: '', body: '' } },
          scheduleAt: '',
          moreTargets: 0,
        }}
      />
    </>
  );
}
