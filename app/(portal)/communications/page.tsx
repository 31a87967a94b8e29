import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { CommunicationFilters } from '@/components/communications/communication-filters';
import { CommunicationList } from '@/components/communications/communication-list';
import { CommunicationsPagination } from '@/components/communications/communications-pagination';
import { FILTER_LABEL, statusLabel } from '@/components/communications/labels';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { CUSTOMER_OPTIONS_LIMIT, listCommunicationFilterOptions, listCommunications } from '@/lib/server/data/communications';
import { parseCommunicationSearch } from '@/lib/schemas/communications';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('communications.title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CommunicationsPage({ searchParams }: Props) {
  const viewer = await requirePermission('partner:read');
  const { t, locale } = await getTranslator();
  const search = parseCommunicationSearch(await searchParams, viewer.timeZone);
  const [page, options] = await Promise.all([
    listCommunications(viewer, search.filters, search.cursor),
    listCommunicationFilterOptions(viewer, search.filters.customerId),
  ]);
  const filtered = Object.keys(search.values).some((name) => name !== 'cursor');
  const statuses = [...new Set([...options.statuses, ...(search.values.status ? [search.values.status] : [])])].map((value) => ({
    value,
    label: statusLabel(t, value),
  }));
  return (
    <>
      <PageHeader title={t('communications.title')} description={t('communications.description')} />
      <CommunicationFilters
        // A new query (the back button, a link) remounts the form, so its fields show that query.
        key={JSON.stringify({ ...search.values, cursor: undefined })}
        values={search.values}
        options={{
          services: options.services,
          statuses,
          customers: options.customers,
          moreCustomers: options.moreCustomers,
          customerLimit: CUSTOMER_OPTIONS_LIMIT,
        }}
      />
      {search.ignored.length > 0 ? (
        <p role="status" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t('communications.filters.ignored', {
            names: search.ignored.map((name) => t(FILTER_LABEL[name] ?? 'communications.filters.heading')).join(', '),
          })}
        </p>
      ) : null}
      {page.invalidCursor ? (
        <p role="status" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t('communications.filters.invalidCursor')}
        </p>
      ) : null}
      {page.items.length === 0 ? (
        <p className="rounded-md border border-neutral-200 bg-white p-6 text-neutral-700">
          {filtered ? t('communications.noMatch') : t('communications.empty')}
        </p>
      ) : (
        <>
          <CommunicationList items={page.items} t={t} locale={locale} timeZone={viewer.timeZone} />
          <CommunicationsPagination t={t} values={search.values} prevCursor={page.prevCursor} nextCursor={page.nextCursor} />
        </>
      )}
    </>
  );
}
