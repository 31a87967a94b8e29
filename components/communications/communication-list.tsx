import Link from 'next/link';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime, formatNumber, type Translate } from '@/lib/i18n/translate';
import type { CommunicationItem } from '@/lib/server/data/communications';
import { PolicySummary } from './policy-summary';
import { CommunicationBadges } from './communication-badges';
import { severityLabel, statusLabel } from './labels';

/**
 * Microsoft communications, one article each: a single incident that affects many customers is
 * shown once, with the affected customers (the first few, conflicts first) and their count.
 */
export function CommunicationList({
  items,
  t,
  locale,
  timeZone,
}: {
  items: CommunicationItem[];
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  return (
    <ul aria-label={t('communications.listLabel')} className="space-y-4">
      {items.map((item) => {
        const titleId = `comm-${item.id}`;
        const severity = severityLabel(t, item.severity);
        const hidden = item.affectedCount - item.affected.length;
        return (
          <li key={item.id}>
            <article aria-labelledby={titleId} className="rounded-md border border-neutral-200 bg-white p-4 shadow-sm">
              <CommunicationBadges item={item} t={t} />
              <h2 id={titleId} className="mt-2 text-lg font-semibold">
                <Link href={`/communications/${item.id}`} className="text-brand hover:underline">
                  {item.title}
                </Link>
              </h2>
              <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm text-neutral-700">
                <div className="flex gap-1">
                  <dt>{t('communications.item.microsoftId')}:</dt>
                  <dd className="font-mono">{item.externalId}</dd>
                </div>
                {item.affectedService ? (
                  <div className="flex gap-1">
                    <dt>{t('communications.item.service')}:</dt>
                    <dd>{item.affectedService}</dd>
                  </div>
                ) : null}
                <div className="flex gap-1">
                  <dt>{t('communications.filters.status')}:</dt>
                  <dd>{statusLabel(t, item.status)}</dd>
                </div>
                {severity ? (
                  <div className="flex gap-1">
                    <dt>{t('communications.item.severity')}:</dt>
                    <dd>{severity}</dd>
                  </div>
                ) : null}
                <div className="flex gap-1">
                  <dt>{t('communications.item.started')}:</dt>
                  <dd>{formatDateTime(locale, item.startAt, timeZone)}</dd>
                </div>
                {item.actionRequiredBy ? (
                  <div className="flex gap-1 font-semibold text-neutral-900">
                    <dt>{t('communications.detail.actionRequiredBy')}:</dt>
                    <dd>{formatDateTime(locale, item.actionRequiredBy, timeZone)}</dd>
                  </div>
                ) : null}
              </dl>
              {item.summary ? <p className="mt-2 line-clamp-3 text-sm">{item.summary}</p> : null}
              <PolicySummary t={t} groups={item.outcomes} headingId={`${titleId}-policy`} category={item.category} />
              <div className="mt-3">
                <h3 id={`${titleId}-affected`} className="text-sm font-semibold">
                  {t('communications.item.affected', { count: item.affectedCount })}
                </h3>
                {item.affectedCount === 0 ? (
                  <p className="text-sm text-neutral-700">{t('communications.item.noneAffected')}</p>
                ) : (
                  <ul aria-labelledby={`${titleId}-affected`} className="mt-1 flex flex-wrap gap-2 text-sm">
                    {item.affected.map((customer) => (
                      <li key={customer.id}>
                        <Link
                          href={`/customers/${customer.id}`}
                          className={`inline-block rounded border px-2 py-0.5 hover:underline ${customer.isConflict ? 'border-red-700 text-red-900' : 'border-neutral-300 text-neutral-900'}`}
                        >
                          {customer.companyName}
                          {customer.category !== item.category ? (
                            <span className="text-xs"> ({t(`policy.categories.${customer.category}`)})</span>
                          ) : null}
                          {customer.isConflict ? (
                            <>
                              {' '}
                              <span className="text-xs font-semibold">({t('communications.conflict.badge')})</span>
                            </>
                          ) : null}
                        </Link>
                      </li>
                    ))}
                    {hidden > 0 ? (
                      <li className="py-0.5">
                        <Link href={`/communications/${item.id}`} className="text-brand underline">
                          {t('communications.item.more', { count: formatNumber(locale, hidden) })}
                        </Link>
                      </li>
                    ) : null}
                  </ul>
                )}
              </div>
            </article>
          </li>
        );
      })}
    </ul>
  );
}
