import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { KeysetPagination } from '@/components/ui/keyset-pagination';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listAuditEvents, listAuditPartners } from '@/lib/server/data/audit-trail';
import { auditReach } from '@/lib/domain/audit';
import { auditHref, hasAuditFilters, parseAuditQuery } from '@/lib/schemas/audit';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('audit.title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The audit trail: a portal admin reads every partner's events, a partner admin their partner's
// (the data layer scopes it; a `partner` filter is theirs to use only when they may read all).
export default async function AuditPage({ searchParams }: Props) {
  const viewer = await requirePermission('audit:read:all', 'audit:read:partner');
  const { t, locale } = await getTranslator();
  const readsAll = auditReach(viewer.role) === 'all';
  const { query, ignored } = parseAuditQuery(await searchParams);
  if (!readsAll && query.partner) {
    delete query.partner;
    ignored.push('partner');
  }
  const { cursor, ...filters } = query;
  const [page, partners] = await Promise.all([listAuditEvents(viewer, filters, cursor), readsAll ? listAuditPartners(viewer) : null]);
  if (!page.ok) notFound();
  const filtered = hasAuditFilters(filters);

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={readsAll ? t('audit.descriptionAll') : t('audit.descriptionPartner', { partner: viewer.partnerName ?? '' })}
        actions={
          <a
            href={auditHref('/admin/audit/export.csv', filters)}
            className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark"
          >
            {t('audit.export')}
          </a>
        }
      />
      <AuditFilters key={auditHref('/admin/audit', filters)} values={filters} partners={partners} timeZone={viewer.timeZone} />
      {ignored.length > 0 ? (
        <p role="alert" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('audit.filters.ignored', { names: ignored.map((name) => t(`audit.filters.${name}`)).join(', ') })}
        </p>
      ) : null}
      {page.invalidCursor ? (
        <p role="alert" className="mb-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t('audit.invalidCursor')}
        </p>
      ) : null}
      {page.items.length === 0 ? (
        <section aria-labelledby="audit-empty" className="rounded-md border border-dashed border-neutral-300 bg-white p-6 text-center">
          <h2 id="audit-empty" className="text-lg font-semibold">
            {filtered ? t('audit.noMatch.title') : t('audit.empty.title')}
          </h2>
          <p className="mt-1 text-sm text-neutral-700">{filtered ? t('audit.noMatch.body') : t('audit.empty.body')}</p>
          {filtered ? (
            <Link href="/admin/audit" className="mt-2 inline-block text-sm text-brand underline">
              {t('audit.filters.clear')}
            </Link>
          ) : null}
        </section>
      ) : (
        <>
          <AuditTable items={page.items} showPartner={readsAll} t={t} locale={locale} timeZone={viewer.timeZone} />
          {page.nextCursor ? null : <p className="mt-4 text-sm text-neutral-700">{t('audit.noMore')}</p>}
          <KeysetPagination
            label={t('audit.pagination.label')}
            first={cursor ? { href: auditHref('/admin/audit', filters), label: t('audit.pagination.first') } : null}
            next={
              page.nextCursor
                ? { href: auditHref('/admin/audit', { ...filters, cursor: page.nextCursor }), label: t('audit.pagination.next') }
                : null
            }
          />
        </>
      )}
    </>
  );
}
