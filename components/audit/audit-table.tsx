import type { AuditRow } from '@/lib/server/data/audit-trail';
import { formatTimestamp, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { actionLabel, targetTypeLabel } from './labels';

const CELL = 'px-3 py-2';

function Json({ label, value, t }: { label: string; value: unknown; t: Translate }) {
  return (
    <div className="min-w-0 flex-1">
      <p className="text-xs font-semibold uppercase text-neutral-700">{label}</p>
      {value === null || value === undefined ? (
        <p className="text-sm text-neutral-700">{t('audit.none')}</p>
      ) : (
        <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-neutral-50 p-2 font-mono text-xs">
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}

/** The events, newest first; each row's before/after opens in place (a disclosure, keyboard-usable). */
export function AuditTable({
  items,
  showPartner,
  t,
  locale,
  timeZone,
}: {
  items: AuditRow[];
  showPartner: boolean;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  return (
    <div className="overflow-x-auto rounded-md border border-neutral-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('audit.caption')}</caption>
        <thead className="bg-neutral-50">
          <tr>
            <th scope="col" className={CELL}>
              {t('audit.columns.time')}
            </th>
            <th scope="col" className={CELL}>
              {t('audit.columns.actor')}
            </th>
            {showPartner ? (
              <th scope="col" className={CELL}>
                {t('audit.columns.partner')}
              </th>
            ) : null}
            <th scope="col" className={CELL}>
              {t('audit.columns.action')}
            </th>
            <th scope="col" className={CELL}>
              {t('audit.columns.target')}
            </th>
            <th scope="col" className={CELL}>
              {t('audit.columns.address')}
            </th>
            <th scope="col" className={CELL}>
              {t('audit.columns.details')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => {
            const action = actionLabel(t, row.action);
            return (
              <tr key={row.id} className="border-t border-neutral-100 align-top">
                <td className={`${CELL} whitespace-nowrap`}>
                  <time dateTime={row.createdAt.toISOString()}>{formatTimestamp(locale, row.createdAt, timeZone)}</time>
                </td>
                <td className={`${CELL} break-all`}>{row.actorLabel}</td>
                {showPartner ? <td className={CELL}>{row.partnerName ?? t('audit.portal')}</td> : null}
                <th scope="row" className={`${CELL} text-left font-normal`}>
                  <span className="font-medium">{action}</span>
                  <code className="block font-mono text-xs text-neutral-700">{row.action}</code>
                </th>
                <td className={CELL}>
                  {targetTypeLabel(t, row.targetType)}
                  {row.targetId ? <code className="block break-all font-mono text-xs text-neutral-700">{row.targetId}</code> : null}
                </td>
                <td className={`${CELL} font-mono text-xs`}>{row.address ?? '—'}</td>
                <td className={CELL}>
                  <details>
                    <summary className="cursor-pointer text-brand underline">
                      {t('audit.details')}
                      <span className="sr-only"> — {action}</span>
                    </summary>
                    <div className="mt-2 flex min-w-[18rem] flex-col gap-3 xl:min-w-[32rem] xl:flex-row">
                      <Json label={t('audit.before')} value={row.before} t={t} />
                      <Json label={t('audit.after')} value={row.after} t={t} />
                    </div>
                    <p className="mt-2 text-xs text-neutral-700">
                      {t('audit.eventId', { id: row.id })}
                      {row.actorId ? ` · ${t('audit.actorUser', { id: row.actorId })}` : ''}
                    </p>
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
