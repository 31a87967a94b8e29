import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { NoticeComposer } from '@/components/notices/composer/notice-composer';
import { composerCommunicationOf } from '@/components/notices/composer/composer-state';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getNotice } from '@/lib/server/data/notice-reads';
import { getComposerCustomers, listComposerTemplates } from '@/lib/server/data/notice-composer';
import { getServiceUpdateComposer } from '@/lib/server/data/service-updates';
import { noticeIdSchema } from '@/lib/schemas/notices';
import { isEditable } from '@/lib/domain/notice-lifecycle';
import { instantToLocalDateTime } from '@/lib/domain/local-date-time';

type Props = { params: Promise<{ noticeId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeComposer.editTitle') };
}

export default async function EditNoticePage({ params }: Props) {
  const viewer = await requirePermission('notice:write');
  const { noticeId } = await params;
  if (!noticeIdSchema.safeParse(noticeId).success) notFound();
  const notice = await getNotice(viewer, noticeId);
  if (!notice) notFound();
  const { t, locale } = await getTranslator();
  const subject =
    notice.content[locale].subject || notice.content.en.subject || notice.content['zh-TW'].subject || t('noticeComposer.noSubject');
  const breadcrumb = (
    <Breadcrumb
      label={t('noticeComposer.breadcrumb')}
      items={[
        { href: '/notices', label: t('noticeComposer.notices') },
        { href: `/notices/${notice.id}`, label: subject },
        { label: t('noticeComposer.editTitle') },
      ]}
    />
  );
  if (!isEditable(notice.status)) {
    return (
      <>
        {breadcrumb}
        <PageHeader title={t('noticeComposer.editTitle')} />
        <div role="status" className="max-w-2xl rounded-md border border-amber-300 bg-amber-50 p-5 text-sm text-amber-950">
          <p>{t('noticeComposer.notEditable', { status: t(`noticeStatus.${notice.status}`) })}</p>
          <Link href={`/notices/${notice.id}`} className="mt-3 inline-block font-semibold text-brand underline">
            {t('noticeComposer.backToNotice')}
          </Link>
        </div>
      </>
    );
  }
  const [customers, templates, about] = await Promise.all([
    getComposerCustomers(
      viewer,
      notice.targets.map((target) => target.customerId),
    ),
    listComposerTemplates(viewer),
    // A notice about a Microsoft communication is edited as one: its affected customers, those it targets chosen.
    notice.communication ? getServiceUpdateComposer(viewer, notice.communication.id, { noticeId: notice.id }) : Promise.resolve(null),
  ]);
  return (
    <>
      {breadcrumb}
      <PageHeader
        title={t('noticeComposer.editTitle')}
        description={notice.status === 'SCHEDULED' ? t('noticeComposer.editScheduledDescription') : t('noticeComposer.editDescription')}
      />
      <NoticeComposer
        cancelHref={`/notices/${notice.id}`}
        timeZone={viewer.timeZone}
        templates={templates}
        initial={{
          noticeId: notice.id,
          version: notice.version,
          status: notice.status === 'SCHEDULED' ? 'SCHEDULED' : 'DRAFT',
          kind: notice.kind,
          templateId: notice.template?.id ?? null,
          targetMode: 'customers',
          days: '30',
          customers,
          subscriptionIds: notice.targets.flatMap((target) => target.subscriptions.map((subscription) => subscription.id)),
          recipientRoles: notice.recipientRoles,
          content: notice.content,
          scheduleAt: notice.scheduledAt ? instantToLocalDateTime(notice.scheduledAt, viewer.timeZone) : '',
          moreTargets: about ? 0 : Math.max(0, notice.targetCount - customers.length),
          communication: about ? composerCommunicationOf(about, false) : null,
          excludedIds: about?.excludedIds ?? [],
        }}
      />
    </>
  );
}
