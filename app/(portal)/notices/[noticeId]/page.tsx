import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { z } from 'zod';
import { PageHeader } from '@/components/ui/page-header';
import { NoticeActions } from '@/components/notices/detail/notice-actions';
import { NoticeActionResults } from '@/components/notices/detail/action-result';
import { NoticeProblems, NoticeSummary, NoticeTargets } from '@/components/notices/detail/notice-summary';
import { DeliveryLedger } from '@/components/notices/detail/delivery-ledger';
import { RecipientChanges } from '@/components/notices/detail/recipient-changes';
import { getViewer, requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getNotice, listRecipientChanges } from '@/lib/server/data/notice-reads';
import { listDeliveries } from '@/lib/server/data/delivery-ledger';
import type { Viewer } from '@/lib/server/viewer';
import { can } from '@/lib/domain/permissions';
import { DELIVERY_STATUSES, isScheduleDue } from '@/lib/domain/notice-lifecycle';
import { instantToLocalDateTime } from '@/lib/domain/local-date-time';
import type { Locale } from '@/lib/i18n/locales';
import type { SearchParams } from '@/lib/domain/customer-query';

type Props = { params: Promise<{ noticeId: string }>; searchParams: Promise<SearchParams> };

const noticeIdSchema = z.uuid();
const ledgerQuerySchema = z.object({
  deliveryStatus: z.enum(DELIVERY_STATUSES).optional().catch(undefined),
  deliveryCursor: z.string().max(400).optional().catch(undefined),
});

// One load per request for the metadata and the page.
const loadNotice = cache((viewer: Viewer, noticeId: string) => getNotice(viewer, noticeId));

function subjectIn(locale: Locale, content: { en: { subject: string }; 'zh-TW': { subject: string } }): string {
  const other: Locale = locale === 'en' ? 'zh-TW' : 'en';
  return content[locale].subject || content[other].subject;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t, locale } = await getTranslator();
  const { noticeId } = await params;
  const viewer = await getViewer();
  if (!viewer || !can(viewer.role, 'partner:read') || !noticeIdSchema.safeParse(noticeId).success) return { title: t('notices.title') };
  const notice = await loadNotice(viewer, noticeId);
  return { title: notice ? subjectIn(locale, notice.content) || t('notices.noSubject') : t('errors.notFoundTitle') };
}

export default async function NoticePage({ params, searchParams }: Props) {
  const viewer = await requirePermission('partner:read');
  const { noticeId } = await params;
  // Not an id, another partner's id, or no such notice: the same not-found page.
  if (!noticeIdSchema.safeParse(noticeId).success) notFound();
  const notice = await loadNotice(viewer, noticeId);
  if (!notice) notFound();
  const ledgerQuery = ledgerQuerySchema.parse(await searchParams);
  const [ledger, recipientChanges] = await Promise.all([
    listDeliveries(viewer, notice.id, ledgerQuery.deliveryCursor ?? null, { status: ledgerQuery.deliveryStatus }),
    listRecipientChanges(viewer, notice.id),
  ]);
  if (!ledger) notFound();
  const { t, locale } = await getTranslator();
  const canWrite = can(viewer.role, 'notice:write');
  const now = new Date();
  // Sending, or scheduled and due (the worker is about to start): the ledger follows it live.
  const live = ledger.notice.status === 'SENDING' || isScheduleDue(ledger.notice.status, notice.scheduledAt, now);

  const headerActions = (
    <div className="flex flex-wrap gap-2">
      {canWrite && notice.actions.includes('EDIT') ? (
        <Link
          href={`/notices/${notice.id}/edit`}
          className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark"
        >
          {t('notices.detail.edit')}
        </Link>
      ) : null}
      <Link
        href={`/notices/${notice.id}/preview`}
        className="rounded border border-brand bg-white px-4 py-2 text-sm font-semibold text-brand hover:bg-neutral-50"
      >
        {t('notices.detail.preview')}
      </Link>
    </div>
  );

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/notices" className="text-brand underline">
          {t('notices.detail.backToList')}
        </Link>
      </p>
      <PageHeader
        title={subjectIn(locale, notice.content) || t('notices.noSubject')}
        description={`${t(`notices.kinds.${notice.kind}`)} · ${t(`noticeStatus.${notice.status}`)}`}
        actions={headerActions}
      />
      <NoticeActionResults>
        {canWrite ? (
          <NoticeActions
            id={notice.id}
            version={notice.version}
            status={notice.status}
            actions={notice.actions.filter((action) => action !== 'EDIT')}
            recipientCount={notice.recipientCount}
            scheduledAtLocal={notice.scheduledAt ? instantToLocalDateTime(notice.scheduledAt, viewer.timeZone) : null}
            timeZone={viewer.timeZone}
          />
        ) : null}
        <div className="grid gap-6">
          <NoticeProblems notice={notice} t={t} />
          <NoticeSummary notice={notice} t={t} locale={locale} timeZone={viewer.timeZone} />
          <RecipientChanges changes={recipientChanges} t={t} locale={locale} timeZone={viewer.timeZone} />
          <DeliveryLedger
            noticeId={notice.id}
            version={notice.version}
            page={ledger}
            status={ledgerQuery.deliveryStatus}
            canRetry={canWrite && notice.actions.includes('RETRY_FAILED')}
            live={live}
            laterPage={Boolean(ledgerQuery.deliveryCursor) && !ledger.invalidCursor}
            t={t}
            locale={locale}
            timeZone={viewer.timeZone}
          />
          <NoticeTargets notice={notice} t={t} locale={locale} />
        </div>
      </NoticeActionResults>
    </>
  );
}
