import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { NoticePreview } from '@/components/notices/notice-preview';
import { previewMessageOf } from '@/components/notices/preview-message';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getNotice } from '@/lib/server/data/notice-reads';
import { renderPreview } from '@/lib/server/data/notice-preview';
import { noticeIdSchema } from '@/lib/schemas/notices';
import { isLocale, LOCALES, type Locale } from '@/lib/i18n/locales';
import type { MessageKey } from '@/lib/i18n/translate';

type Props = { params: Promise<{ noticeId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-TW': '繁體中文' };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeComposer.preview.pageTitle') };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** What a stored notice's recipient gets (`?recipient=<email>&language=en|zh-TW`); any partner role may look. */
export default async function NoticePreviewPage({ params, searchParams }: Props) {
  const viewer = await requirePermission('partner:read');
  const { noticeId } = await params;
  if (!noticeIdSchema.safeParse(noticeId).success) notFound();
  const notice = await getNotice(viewer, noticeId);
  if (!notice) notFound();
  const query = await searchParams;
  const recipient = first(query.recipient)?.trim().slice(0, 320) || undefined;
  const languageParam = first(query.language);
  const language = isLocale(languageParam) ? languageParam : undefined;
  // An address that is not among the recipients is ignored: the first recipient is shown.
  const preview =
    (recipient ? await renderPreview(viewer, { noticeId: notice.id }, { email: recipient, language }) : null) ??
    (await renderPreview(viewer, { noticeId: notice.id }, language ? { language } : {}));
  if (!preview) notFound();
  const { t, locale } = await getTranslator();
  const subject =
    notice.content[locale].subject || notice.content.en.subject || notice.content['zh-TW'].subject || t('noticeComposer.noSubject');
  const shown = preview.previews[0];
  const path = `/notices/${notice.id}/preview`;
  const languageHref = (value: Locale) =>
    `${path}?${new URLSearchParams({ ...(shown ? { recipient: shown.recipient.email } : {}), language: value })}`;
  return (
    <>
      <Breadcrumb
        label={t('noticeComposer.breadcrumb')}
        items={[
          { href: '/notices', label: t('noticeComposer.notices') },
          { href: `/notices/${notice.id}`, label: subject },
          { label: t('noticeComposer.preview.pageTitle') },
        ]}
      />
      <PageHeader
        title={t('noticeComposer.preview.pageTitle')}
        description={t('noticeComposer.preview.pageDescription', {
          count: preview.recipientCount,
          status: t(`noticeStatus.${notice.status}`),
        })}
      />
      {!shown ? (
        <p className="max-w-2xl rounded-md border border-neutral-200 bg-white p-5 text-sm text-neutral-800">
          {t('noticeComposer.preview.noRecipients')}
        </p>
      ) : (
        <div className="max-w-4xl space-y-4">
          <form
            method="get"
            action={path}
            className="flex flex-wrap items-end gap-3 rounded-md border border-neutral-200 bg-white p-4 shadow-sm"
          >
            <div className="min-w-72 flex-1">
              <label htmlFor="recipient" className="block text-sm font-medium">
                {t('noticeComposer.preview.recipient')}
              </label>
              <select
                id="recipient"
                name="recipient"
                defaultValue={shown.recipient.email}
                className="mt-1 block w-full rounded border border-neutral-500 bg-white px-3 py-2"
              >
                {preview.recipients.map((r) => (
                  <option key={r.email} value={r.email}>
                    {t('noticeComposer.preview.recipientOption', {
                      name: r.name,
                      email: r.email,
                      customer: r.companyName,
                      language: t(`noticeComposer.languages.${r.language}` as MessageKey),
                    })}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark">
              {t('noticeComposer.preview.show')}
            </button>
            <nav
              aria-label={t('noticeComposer.preview.languageSwitch')}
              className="inline-flex overflow-hidden rounded border border-neutral-400 text-sm"
            >
              {LOCALES.map((value) => (
                <Link
                  key={value}
                  href={languageHref(value)}
                  lang={value}
                  aria-current={shown.language === value ? 'page' : undefined}
                  className={`px-3 py-2 ${shown.language === value ? 'bg-brand text-white' : 'bg-white text-neutral-800 hover:bg-neutral-100'}`}
                >
                  {LANGUAGE_NAMES[value]}
                </Link>
              ))}
            </nav>
          </form>
          {preview.recipientCount > preview.recipients.length ? (
            <p className="text-sm text-neutral-700">{t('noticeComposer.preview.moreRecipients', { shown: preview.recipients.length })}</p>
          ) : null}
          <NoticePreview message={previewMessageOf(preview.sender, shown)} />
          <Link href={`/notices/${notice.id}`} className="inline-block font-semibold text-brand underline-offset-2 hover:underline">
            {t('noticeComposer.backToNotice')}
          </Link>
        </div>
      )}
    </>
  );
}
