import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { NoticeComposer } from '@/components/notices/composer/notice-composer';
import { composerCommunicationOf } from '@/components/notices/composer/composer-state';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getComposerCustomers, listComposerTemplates } from '@/lib/server/data/notice-composer';
import { getServiceUpdateComposer } from '@/lib/server/data/service-updates';
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

// `?communicationId=` ("Tell affected customers", and with `update=1` "Send an update"): a service
// update about that Microsoft communication; another partner's communication is not found (404).
export default async function NewNoticePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission('notice:write');
  const { t } = await getTranslator();
  const params = await searchParams;
  const communicationId = idParam(params.communicationId);
  if (communicationId || params.communicationId !== undefined) {
    const about = communicationId ? await getServiceUpdateComposer(viewer, communicationId, { update: params.update === '1' }) : null;
    if (!about) notFound();
    const templates = await listComposerTemplates(viewer);
    const title = about.isUpdate ? t('noticeComposer.serviceUpdate.updateTitle') : t('noticeComposer.serviceUpdate.newTitle');
    return (
      <>
        <Breadcrumb
          label={t('noticeComposer.breadcrumb')}
          items={[
            { href: '/communications', label: t('communications.title') },
            { href: `/communications/${about.communication.id}`, label: about.communication.title },
            { label: title },
          ]}
        />
        <PageHeader title={title} description={t('noticeComposer.serviceUpdate.newDescription')} />
        <NoticeComposer
          cancelHref={`/communications/${about.communication.id}`}
          timeZone={viewer.timeZone}
          templates={templates}
          initial={{
            kind: 'SERVICE_UPDATE',
            templateId: about.templateId,
            targetMode: 'affected',
            days: '30',
            customers: [],
            subscriptionIds: [],
            recipientRoles: about.recipientRoles,
            content: about.content,
            scheduleAt: '',
            moreTargets: 0,
            communication: composerCommunicationOf(about),
            excludedIds: about.excludedIds,
          }}
        />
      </>
    );
  }
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
