import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { CategoryRulesForm } from '@/components/microsoft-connector/category-rules-form';
import { MicrosoftNav } from '@/components/microsoft-connector/microsoft-nav';
import { inputClass, primaryButton } from '@/components/customer-forms/form-parts';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getCategoryRules } from '@/lib/server/data/category-rules';
import { explainCategory } from '@/lib/domain/communication-category';
import { categoryTestSchema } from '@/lib/schemas/microsoft-connector';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('microsoftConnector.categories.title') };
}

const card = 'rounded-md border border-neutral-200 bg-white p-6 shadow-sm';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function CategoryRulesPage({ searchParams }: Props) {
  const viewer = await requirePermission('settings:microsoft');
  const { t } = await getTranslator();
  const result = await getCategoryRules(viewer);
  if (!result.ok) notFound();
  const { rules, version, isDefault } = result.view;
  const params = await searchParams;
  const raw = {
    title: first(params.title) ?? '',
    tags: first(params.tags) ?? '',
    services: first(params.services) ?? '',
    directServices: first(params.directServices) ?? '',
  };
  const tested = raw.title || raw.tags || raw.services ? categoryTestSchema.parse(raw) : null;
  const explanation = tested
    ? explainCategory(
        { kind: 'serviceUpdateMessage', title: tested.title, tags: tested.tags, services: tested.services },
        rules,
        tested.directServices,
      )
    : null;
  return (
    <>
      <PageHeader title={t('microsoftConnector.categories.title')} description={t('microsoftConnector.categories.description')} />
      <MicrosoftNav
        label={t('microsoftConnector.nav.label')}
        items={[
          { href: '/settings/microsoft', label: t('microsoftConnector.nav.connector') },
          { href: '/settings/microsoft/categories', label: t('microsoftConnector.nav.categories') },
        ]}
      />
      <div className="space-y-6">
        <section aria-labelledby="categories-how" className={card}>
          <h2 id="categories-how" className="text-lg font-semibold">
            {t('microsoftConnector.categories.howTitle')}
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-neutral-800">
            <li>{t('microsoftConnector.categories.howIncidents')}</li>
            <li>{t('microsoftConnector.categories.howPosts')}</li>
            <li>{t('microsoftConnector.categories.howBilling')}</li>
            <li>{t('microsoftConnector.categories.howNonCsp')}</li>
          </ul>
        </section>

        <section aria-labelledby="categories-test" className={card}>
          <h2 id="categories-test" className="text-lg font-semibold">
            {t('microsoftConnector.categories.testTitle')}
          </h2>
          <p className="mb-3 mt-1 max-w-3xl text-sm text-neutral-700">{t('microsoftConnector.categories.testIntro')}</p>
          <form method="get" className="space-y-3">
            {(['title', 'tags', 'services', 'directServices'] as const).map((field) => (
              <div key={field}>
                <label htmlFor={`test-${field}`} className="block text-sm font-medium">
                  {t(`microsoftConnector.categories.test.${field}`)}
                </label>
                <input
                  id={`test-${field}`}
                  name={field}
                  defaultValue={raw[field]}
                  maxLength={field === 'title' ? 1000 : 2000}
                  className={inputClass}
                />
              </div>
            ))}
            <button type="submit" className={primaryButton}>
              {t('microsoftConnector.categories.test.submit')}
            </button>
          </form>
          {explanation ? (
            <div role="status" className="mt-4 rounded border border-blue-300 bg-blue-50 p-3 text-sm text-blue-950">
              <p className="font-semibold">
                {t('microsoftConnector.categories.test.result', { category: t(`policy.categories.${explanation.category}`) })}
              </p>
              <p className="mt-1">{t(`microsoftConnector.categories.reasons.${explanation.reason}`)}</p>
              {explanation.matches.length > 0 ? (
                <ul className="mt-1 list-disc pl-5">
                  {explanation.matches.map((match, index) => (
                    <li key={index}>{t(`microsoftConnector.categories.matches.${match.rule}`, { value: match.value })}</li>
                  ))}
                </ul>
              ) : null}
              {explanation.nonCspService ? (
                <p className="mt-1">{t('microsoftConnector.categories.test.nonCsp', { service: explanation.nonCspService })}</p>
              ) : tested && tested.directServices.length > 0 ? (
                <p className="mt-1">{t('microsoftConnector.categories.test.notNonCsp')}</p>
              ) : null}
            </div>
          ) : null}
        </section>

        <section aria-labelledby="categories-rules" className={card}>
          <h2 id="categories-rules" className="text-lg font-semibold">
            {t('microsoftConnector.categories.rulesTitle')}
          </h2>
          <p className="mb-3 mt-1 max-w-3xl text-sm text-neutral-700">
            {isDefault ? t('microsoftConnector.categories.usingDefaults') : t('microsoftConnector.categories.usingOwn')}
          </p>
          <CategoryRulesForm rules={rules} version={version} />
        </section>
      </div>
    </>
  );
}
