import Link from 'next/link';
import type { NoticeTemplateView } from '@/lib/server/data/notice-templates';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

const th = 'px-3 py-2 font-semibold';
const td = 'px-3 py-2';

/** The partner's templates: name (to edit), kind, last change, and whether the reminders use it. */
export function TemplatesTable({
  templates,
  t,
  locale,
  timeZone,
}: {
  templates: NoticeTemplateView[];
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  if (templates.length === 0) return <p className="text-neutral-700">{t('noticeSettings.templates.empty')}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('noticeSettings.templates.caption')}</caption>
        <thead className="bg-neutral-50">
          <tr>
            <th scope="col" className={th}>
              {t('noticeSettings.templates.name')}
            </th>
            <th scope="col" className={th}>
              {t('noticeSettings.templates.kind')}
            </th>
            <th scope="col" className={th}>
              {t('noticeSettings.templates.updated')}
            </th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <tr key={template.id} className="border-t border-neutral-100 align-top">
              <th scope="row" className={`${td} font-normal`}>
                <Link href={`/settings/notices/templates/${template.id}`} className="font-semibold text-brand hover:underline">
                  {template.name}
                </Link>
                {template.usedByReminderRule ? (
                  <span className="ml-2 rounded bg-neutral-100 px-2 py-0.5 text-xs text-neutral-800">
                    {t('noticeSettings.templates.usedByReminders')}
                  </span>
                ) : null}
              </th>
              <td className={td}>{t(`customers.detail.noticeKinds.${template.kind}`)}</td>
              <td className={`${td} whitespace-nowrap`}>{formatDateTime(locale, template.updatedAt, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
