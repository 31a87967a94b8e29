import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { CreateTokenForm } from '@/components/api-tokens/create-token-form';
import { TokensTable } from '@/components/api-tokens/tokens-table';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listApiTokens } from '@/lib/server/data/api-tokens';
import { API_SCOPES } from '@/lib/domain/permissions';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('apiTokens.title') };
}

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

/** The partner's API tokens (partner admins; everyone else: not found). */
export default async function ApiTokensPage() {
  const viewer = await requirePermission('settings:tokens');
  const { t, locale } = await getTranslator();
  const listed = await listApiTokens(viewer);
  if (!listed.ok) notFound();
  const tokens = listed.tokens.map((token) => ({
    ...token,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  }));
  return (
    <>
      <PageHeader title={t('apiTokens.title')} description={t('apiTokens.description')} />
      <p className="mb-6 max-w-3xl text-sm text-neutral-800">
        {t('apiTokens.docsIntro')}{' '}
        <a href="/api/v1/docs" className="font-semibold text-brand underline">
          {t('apiTokens.docsLink')}
        </a>
      </p>
      <div className="space-y-6">
        <section aria-labelledby="create-token" className={card}>
          <h2 id="create-token" className="mb-4 text-lg font-semibold">
            {t('apiTokens.create.title')}
          </h2>
          <CreateTokenForm scopes={[...API_SCOPES]} />
        </section>
        <section aria-labelledby="token-list" className={card}>
          <h2 id="token-list" className="mb-4 text-lg font-semibold">
            {t('apiTokens.list.title')}
          </h2>
          <TokensTable tokens={tokens} locale={locale} timeZone={viewer.timeZone} />
        </section>
      </div>
    </>
  );
}
