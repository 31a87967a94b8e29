import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { CreateEmbedTokenForm } from '@/components/embed-settings/create-embed-token-form';
import { EmbedTokenTable } from '@/components/embed-settings/embed-token-table';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listEmbedTokens } from '@/lib/server/data/embed-tokens';
import { readConfig } from '@/lib/runtime/config';
import { instantToLocalDateTime } from '@/lib/domain/local-date-time';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('embedSettings.title') };
}

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

// Partner admins: the embed tokens that let host pages frame the read-only dashboard
// (docs/decisions/0027-embedded-dashboard.md). Agents and viewers get 404.
export default async function EmbedSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission('settings:tokens');
  const { t, locale } = await getTranslator();
  const tokens = await listEmbedTokens(viewer);
  const revoked = (await searchParams).revoked === '1';
  // The snippet names the portal by its public URL, the origin the host script accepts messages from.
  const portalOrigin = new URL(readConfig().nextAuthUrl).origin;
  return (
    <>
      <PageHeader title={t('embedSettings.title')} description={t('embedSettings.description')} />
      {revoked ? (
        <p role="status" className="mb-4 rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          {t('embedSettings.revoke.done')}
        </p>
      ) : null}
      <div className="space-y-6">
        <section aria-labelledby="embed-create" className={card}>
          <h2 id="embed-create" className="text-lg font-semibold">
            {t('embedSettings.create.title')}
          </h2>
          <p className="mb-4 mt-1 max-w-3xl text-sm text-neutral-700">{t('embedSettings.create.intro')}</p>
          <CreateEmbedTokenForm
            portalOrigin={portalOrigin}
            timeZone={viewer.timeZone}
            today={instantToLocalDateTime(new Date(), viewer.timeZone).slice(0, 10)}
          />
        </section>
        <section aria-labelledby="embed-tokens" className={card}>
          <h2 id="embed-tokens" className="text-lg font-semibold">
            {t('embedSettings.list.title')}
          </h2>
          <p className="mb-4 mt-1 max-w-3xl text-sm text-neutral-700">{t('embedSettings.list.intro')}</p>
          <EmbedTokenTable tokens={tokens} t={t} locale={locale} timeZone={viewer.timeZone} />
        </section>
      </div>
    </>
  );
}
