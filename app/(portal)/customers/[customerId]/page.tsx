import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { PageHeader } from '@/components/ui/page-header';
import { CustomerProfile } from '@/components/customers/customer-profile';
import { PolicyMatrix } from '@/components/customers/policy-matrix';
import { ContactsTable } from '@/components/customers/contacts-table';
import { SubscriptionsTable } from '@/components/customers/subscriptions-table';
import { DirectRelationship } from '@/components/customers/direct-relationship';
import { CustomerCommunications } from '@/components/customers/customer-communications';
import { CustomerNotices } from '@/components/customers/customer-notices';
import { Section } from '@/components/customers/section';
import { ServiceUpdateOptOutButton } from '@/components/customers/service-update-opt-out';
import { getViewer, requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getCustomerDetail } from '@/lib/server/data/customers';
import { isServiceUpdateOptOut } from '@/lib/server/data/service-update-rules';
import type { Viewer } from '@/lib/server/viewer';
import { can } from '@/lib/domain/permissions';
import { isUuid } from '@/lib/domain/ids';

type Props = { params: Promise<{ customerId: string }> };

// One load per request for the metadata and the page.
const loadCustomer = cache((viewer: Viewer, customerId: string) => getCustomerDetail(viewer, customerId));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t } = await getTranslator();
  const { customerId } = await params;
  const viewer = await getViewer();
  if (!viewer || !can(viewer.role, 'partner:read') || !isUuid(customerId)) return { title: t('customers.title') };
  const detail = await loadCustomer(viewer, customerId);
  return { title: detail ? detail.customer.companyName : t('errors.notFoundTitle') };
}

export default async function CustomerPage({ params }: Props) {
  const viewer = await requirePermission('partner:read');
  const { customerId } = await params;
  // Not an id, another partner's id, or no such customer: the same not-found page.
  if (!isUuid(customerId)) notFound();
  const [detail, optedOut] = await Promise.all([loadCustomer(viewer, customerId), isServiceUpdateOptOut(viewer, customerId)]);
  if (!detail) notFound();
  const { t, locale } = await getTranslator();
  const canWrite = can(viewer.role, 'customer:write');
  const { customer } = detail;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/customers" className="text-brand underline">
          {t('customers.detail.backToList')}
        </Link>
      </p>
      <PageHeader
        title={customer.companyName}
        description={`${customer.domain} · ${t(`clouds.${customer.cloud}`)}`}
        actions={
          canWrite ? (
            <Link
              href={`/customers/${customer.id}/edit`}
              className="rounded bg-brand px-4 py-2 text-sm font-semibold text-white hover:bg-brand-dark"
            >
              {t('customers.detail.edit')}
            </Link>
          ) : null
        }
      />
      <div className="grid gap-6">
        <CustomerProfile customer={customer} t={t} locale={locale} timeZone={viewer.timeZone} />
        <PolicyMatrix entries={detail.policy} customerName={customer.companyName} t={t} />
        <ContactsTable
          customerId={customer.id}
          customerLanguage={customer.preferredLanguage}
          contacts={detail.contacts}
          truncated={detail.truncated.contacts}
          canWrite={canWrite}
          t={t}
        />
        <SubscriptionsTable
          customerId={customer.id}
          subscriptions={detail.subscriptions}
          truncated={detail.truncated.subscriptions}
          canWrite={canWrite}
          t={t}
          locale={locale}
        />
        <DirectRelationship
          customer={customer}
          reviews={detail.reviews}
          canDeclare={can(viewer.role, 'relationship:declare')}
          t={t}
          locale={locale}
          timeZone={viewer.timeZone}
        />
        <CustomerCommunications
          customerId={customer.id}
          communications={detail.communications}
          truncated={detail.truncated.communications}
          t={t}
          locale={locale}
          timeZone={viewer.timeZone}
          now={new Date()}
        />
        <CustomerNotices
          customerId={customer.id}
          canWrite={can(viewer.role, 'notice:write')}
          notices={detail.notices}
          truncated={detail.truncated.notices}
          t={t}
          locale={locale}
          timeZone={viewer.timeZone}
        />
        <Section
          id="customer-service-updates"
          title={t('serviceUpdateOptOut.title')}
          actions={
            can(viewer.role, 'settings:notices') ? (
              <ServiceUpdateOptOutButton customerId={customer.id} optedOut={optedOut} name={customer.companyName} />
            ) : null
          }
        >
          <p className="text-sm">{optedOut ? t('serviceUpdateOptOut.statusOut') : t('serviceUpdateOptOut.statusIn')}</p>
        </Section>
      </div>
    </>
  );
}
