import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { SenderIdentityForm } from '@/components/notice-settings/sender-identity-form';
import { ReminderRuleForm } from '@/components/notice-settings/reminder-rule-form';
import { TemplatesTable } from '@/components/notice-settings/templates-table';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getSenderIdentity } from '@/lib/server/data/sender-identity';
import { listTemplates } from '@/lib/server/data/notice-templates';
import { getReminderRule } from '@/lib/server/data/reminder-rules';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('noticeSettings.title') };
}

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

export default async function NoticeSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('settings:notices');
  const { t, locale } = await getTranslator();
  const [sender, templates, rule] = await Promise.all([getSenderIdentity(viewer), listTemplates(viewer), getReminderRule(viewer)]);
  if (!sender.ok) notFound();
  const identity = sender.identity;
  const saved = (await searchParams).saved;
  const from = `${identity.senderName ?? identity.partnerName} <${identity.fromAddress}>`;
  const renewalTemplates = templates.filter((template) => template.kind === 'RENEWAL').map(({ id, name }) => ({ id, name }));
  return (
    <>
      <PageHeader title={t('noticeSettings.title')} description={t('noticeSettings.description')} />
      {saved === 'template' || saved === 'templateDeleted' ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {saved === 'template' ? t('noticeSettings.templates.created') : t('noticeSettings.templates.deleted')}
        </p>
      ) : null}
      <div className="space-y-6">
        <section aria-labelledby="sender-identity" className={card}>
          <h2 id="sender-identity" className="text-lg font-semibold">
            {t('noticeSettings.sender.title')}
          </h2>
          <p className="mb-2 mt-1 max-w-3xl text-sm text-neutral-700">{t('noticeSettings.sender.intro')}</p>
          <div className="mb-4 text-sm text-neutral-900">
            <p>{t('noticeSettings.sender.current', { from })}</p>
            {identity.senderReplyTo ? <p>{t('noticeSettings.sender.currentReplyTo', { replyTo: identity.senderReplyTo })}</p> : null}
          </div>
          <SenderIdentityForm identity={identity} />
        </section>
        <section id="templates" aria-labelledby="templates-title" className={card}>
          <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
            <h2 id="templates-title" className="text-lg font-semibold">
              {t('noticeSettings.templates.title')}
            </h2>
            <Link
              href="/settings/notices/templates/new"
              className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark"
            >
              {t('noticeSettings.templates.add')}
            </Link>
          </div>
          <p className="mb-4 max-w-3xl text-sm text-neutral-700">{t('noticeSettings.templates.intro')}</p>
          <TemplatesTable templates={templates} t={t} locale={locale} timeZone={viewer.timeZone} />
        </section>
        <section aria-labelledby="service-update-settings" className={card}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="service-update-settings" className="text-lg font-semibold">
              {t('noticeSettings.serviceUpdates.title')}
            </h2>
            <Link
              href="/settings/notices/service-updates"
              className="rounded border border-brand bg-white px-4 py-2 text-sm font-semibold text-brand hover:bg-neutral-50"
            >
              {t('noticeSettings.serviceUpdates.open')}
            </Link>
          </div>
          <p className="mt-1 max-w-3xl text-sm text-neutral-700">{t('noticeSettings.serviceUpdates.description')}</p>
        </section>
        <section aria-labelledby="renewal-reminders" className={card}>
          <h2 id="renewal-reminders" className="text-lg font-semibold">
            {t('noticeSettings.reminders.title')}
          </h2>
          <p className="mt-1 max-w-3xl text-sm text-neutral-700">{t('noticeSettings.reminders.intro')}</p>
          <p className="mt-2 max-w-3xl text-sm text-neutral-700">{t('noticeSettings.reminders.worker')}</p>
          <p className="mb-4 mt-2 text-sm font-medium">
            {rule.enabled
              ? t('noticeSettings.reminders.statusOn', { offsets: rule.offsetsDays.join(', ') })
              : t('noticeSettings.reminders.statusOff')}
          </p>
          <ReminderRuleForm
            rule={{
              enabled: rule.enabled,
              offsetsDays: rule.offsetsDays,
              templateId: rule.template?.id ?? null,
              templateName: rule.template?.name ?? null,
              version: rule.version,
            }}
            templates={renewalTemplates}
          />
        </section>
      </div>
    </>
  );
}
