import Link from 'next/link';
import type { NoticeDetail } from '@/lib/server/data/notice-reads';
import { formatDate, formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import type { NoticeCheckError } from '@/lib/domain/notice-template';
import { emptyClass, Section, tableClass, tdClass, thClass, Truncated } from '@/components/customers/section';
import { NoticeStatusBadge } from '@/components/notices/list/status-badge';
import { statusLabel } from '@/components/communications/labels';

const dt = 'text-sm font-medium text-neutral-700';
const dd = 'mt-0.5 text-sm';

/** Status, kind, subjects, who and when (in the viewer's time zone), sender, recipient roles. */
export function NoticeSummary({ notice, t, locale, timeZone }: { notice: NoticeDetail; t: Translate; locale: Locale; timeZone: string }) {
  const when = (date: Date | null) => (date ? formatDateTime(locale, date, timeZone) : t('notices.detail.none'));
  const entries: [string, React.ReactNode][] = [
    [t('notices.detail.status'), <NoticeStatusBadge key="status" status={notice.status} t={t} />],
    [t('notices.detail.kind'), t(`notices.kinds.${notice.kind}`)],
    [t('notices.detail.subjectEn'), notice.content.en.subject || t('notices.detail.none')],
    [
      t('notices.detail.subjectZhTw'),
      <span key="zh" lang="zh-TW">
        {notice.content['zh-TW'].subject || t('notices.detail.none')}
      </span>,
    ],
    [
      t('notices.detail.createdBy'),
      notice.createdBy?.name ??
        (notice.serviceUpdateRule
          ? t('notices.detail.byServiceUpdateRule', { name: notice.serviceUpdateRule.name })
          : notice.reminderRuleId
            ? t('notices.detail.system')
            : t('notices.detail.none')),
    ],
    [t('notices.detail.createdAt'), when(notice.createdAt)],
    [t('notices.detail.scheduledAt'), when(notice.scheduledAt)],
    [t('notices.detail.sentAt'), when(notice.sentAt)],
  ];
  if (notice.communication) {
    entries.push(
      [
        t('notices.detail.communication'),
        <Link key="communication" href={`/communications/${notice.communication.id}`} className="text-brand underline">
          {t('notices.detail.communicationLink', { id: notice.communication.externalId, title: notice.communication.title })}
        </Link>,
      ],
      [
        t('notices.detail.communicationStatus'),
        t('notices.detail.communicationStatusValue', {
          then: notice.communicationStatus ? statusLabel(t, notice.communicationStatus) : t('notices.detail.none'),
          now: statusLabel(t, notice.communication.status),
        }),
      ],
    );
  }
  if (notice.cancelledAt) entries.push([t('notices.detail.cancelledAt'), when(notice.cancelledAt)]);
  if (notice.archivedAt) entries.push([t('notices.detail.archivedAt'), when(notice.archivedAt)]);
  entries.push(
    [t('notices.detail.template'), notice.template?.name ?? t('notices.detail.none')],
    [t('notices.detail.sender'), t('notices.detail.senderValue', { name: notice.sender.name, address: notice.sender.address })],
    [t('notices.detail.replyTo'), notice.sender.replyTo ?? t('notices.detail.none')],
    [
      t('notices.detail.recipientRoles'),
      notice.recipientRoles.map((role) => t(`customers.detail.contactRoles.${role}`)).join(', ') || t('notices.detail.none'),
    ],
    [
      t('notices.detail.languages'),
      notice.languages.map((language) => t(`customers.languages.${language}`)).join(', ') || t('notices.detail.none'),
    ],
  );
  return (
    <Section id="notice-summary" title={t('notices.detail.summary')}>
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
        {entries.map(([label, value]) => (
          <div key={label}>
            <dt className={dt}>{label}</dt>
            <dd className={dd}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-xs text-neutral-700">{t('notices.detail.timeZoneNote', { timeZone })}</p>
    </Section>
  );
}

function problemText(t: Translate, problem: NoticeCheckError, names: Map<string, string>): string {
  const language = (value: Locale) => t(`customers.languages.${value}`);
  switch (problem.code) {
    case 'NO_TARGET':
      return t('notices.detail.problems.NO_TARGET');
    case 'SUBJECT_REQUIRED':
    case 'BODY_REQUIRED':
      return t(`notices.detail.problems.${problem.code}`, { language: language(problem.language) });
    case 'TARGET_WITHOUT_RECIPIENT':
    case 'TARGET_WITHOUT_SUBSCRIPTION':
      return t(`notices.detail.problems.${problem.code}`, { customer: names.get(problem.customerId) ?? problem.customerId });
    case 'UNKNOWN_VARIABLE': {
      const values = { language: language(problem.language), field: t(`notices.detail.problems.${problem.field}`), name: problem.name };
      return problem.suggestion
        ? t('notices.detail.problems.UNKNOWN_VARIABLE_SUGGESTION', { ...values, suggestion: problem.suggestion })
        : t('notices.detail.problems.UNKNOWN_VARIABLE', values);
    }
    case 'MALFORMED_VARIABLE':
      return t('notices.detail.problems.MALFORMED_VARIABLE', {
        language: language(problem.language),
        field: t(`notices.detail.problems.${problem.field}`),
      });
    case 'VARIABLE_NOT_ALLOWED_IN_SUBJECT':
      return t('notices.detail.problems.VARIABLE_NOT_ALLOWED_IN_SUBJECT', { language: language(problem.language) });
    case 'VARIABLE_NEEDS_COMMUNICATION':
      return t('notices.detail.problems.VARIABLE_NEEDS_COMMUNICATION', {
        language: language(problem.language),
        field: t(`notices.detail.problems.${problem.field}`),
        name: problem.name,
      });
  }
}

/** checkNotice's findings for a draft or scheduled notice, worded (nothing when it can be sent). */
export function NoticeProblems({ notice, t }: { notice: NoticeDetail; t: Translate }) {
  if (notice.problems.length === 0) return null;
  const names = new Map(notice.targets.map((target) => [target.customerId, target.companyName]));
  return (
    <section aria-labelledby="notice-problems" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
      <h2 id="notice-problems" className="font-semibold">
        {t('notices.detail.problems.title')}
      </h2>
      <p className="mt-1 text-sm">{t('notices.detail.problems.intro')}</p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
        {notice.problems.map((problem, index) => (
          <li key={index}>{problemText(t, problem, names)}</li>
        ))}
      </ul>
    </section>
  );
}

/** The target customers (linked), their targeted subscriptions and the recipients of the chosen roles. */
export function NoticeTargets({ notice, t, locale }: { notice: NoticeDetail; t: Translate; locale: Locale }) {
  return (
    <Section id="notice-targets" title={t('notices.detail.targets.title')}>
      <p className="mb-2 text-sm text-neutral-700">
        {t('notices.detail.targets.summary', {
          customers: notice.targetCount,
          subscriptions: notice.subscriptionCount,
          recipients: notice.recipientCount,
        })}
      </p>
      {notice.targets.length === 0 ? (
        <p className={emptyClass}>{t('notices.noCustomers')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClass}>
            <caption className="sr-only">{t('notices.detail.targets.caption')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className={thClass}>
                  {t('notices.detail.targets.customer')}
                </th>
                <th scope="col" className={thClass}>
                  {t('notices.detail.targets.subscriptions')}
                </th>
                <th scope="col" className={thClass}>
                  {t('notices.detail.targets.recipients')}
                </th>
              </tr>
            </thead>
            <tbody>
              {notice.targets.map((target) => (
                <tr key={target.customerId} className="border-t border-neutral-100 align-top">
                  <th scope="row" className={`${tdClass} font-normal`}>
                    <Link href={`/customers/${target.customerId}`} className="font-semibold text-brand hover:underline">
                      {target.companyName}
                    </Link>
                  </th>
                  <td className={tdClass}>
                    {target.subscriptions.length === 0 ? (
                      t('notices.detail.targets.noSubscriptions')
                    ) : (
                      <ul className="space-y-0.5">
                        {target.subscriptions.map((subscription) => (
                          <li key={subscription.id}>
                            {subscription.offerName} ×{subscription.quantity} ·{' '}
                            {t('notices.detail.targets.ends', { date: formatDate(locale, subscription.commitmentEndDate, 'UTC') })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className={tdClass}>
                    {target.recipients.length === 0 ? (
                      t('notices.detail.targets.noRecipients')
                    ) : (
                      <ul className="space-y-0.5">
                        {target.recipients.map((recipient) => (
                          <li key={recipient.contactId}>
                            {t('notices.detail.targets.recipient', {
                              name: recipient.name,
                              email: recipient.email,
                              role: t(`customers.detail.contactRoles.${recipient.role}`),
                              language: t(`customers.languages.${recipient.language}`),
                            })}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {notice.targetCount > notice.targets.length ? (
            <Truncated text={t('notices.detail.targets.showingFirst', { count: notice.targets.length })} />
          ) : null}
        </div>
      )}
    </Section>
  );
}
