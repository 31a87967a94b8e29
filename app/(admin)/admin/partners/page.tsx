import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { DataTable } from '@/components/ui/data-table';
import { CreatePartnerForm, InviteAdminButton, RenamePartnerButton } from '@/components/accounts/partner-forms';
import { InvitationButtons } from '@/components/accounts/user-forms';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listPartners } from '@/lib/server/data/partners';
import { formatDateTime, formatNumber } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('admin.partners.title') };
}

const cell = 'px-3 py-2 align-top';

export default async function PartnersPage() {
  const viewer = await requirePermission('admin:partners');
  const { t, locale } = await getTranslator();
  const partners = await listPartners(viewer);
  return (
    <>
      <PageHeader title={t('admin.partners.title')} description={t('admin.partners.description')} />
      <div className="space-y-8">
        {partners.length === 0 ? (
          <p className="rounded-md border border-neutral-200 bg-white p-6 text-neutral-700">{t('admin.partners.empty')}</p>
        ) : (
          <DataTable
            caption={t('admin.partners.title')}
            className="rounded-md border border-neutral-200 bg-white shadow-sm"
            cellClass={cell}
            columns={[
              t('admin.partners.name'),
              t('admin.partners.partnerId'),
              t('admin.partners.cloud'),
              { label: t('accounts.partners.users'), className: 'text-right' },
              { label: t('admin.partners.customers'), className: 'text-right' },
              t('admin.partners.admins'),
              t('accounts.partners.lastActivity'),
              t('accounts.partners.actions'),
            ]}
          >
            {partners.map((partner) => (
              <tr key={partner.id} className="border-t border-neutral-100">
                <td className={`${cell} font-medium`}>{partner.name}</td>
                <td className={`${cell} tabular-nums`}>{partner.partnerNumber}</td>
                <td className={cell}>{t(`clouds.${partner.cloud}`)}</td>
                <td className={`${cell} text-right tabular-nums`}>{formatNumber(locale, partner.users)}</td>
                <td className={`${cell} text-right tabular-nums`}>{formatNumber(locale, partner.customers)}</td>
                <td className={cell}>
                  <ul className="space-y-2">
                    {partner.admins.map((email) => (
                      <li key={email}>{email}</li>
                    ))}
                    {partner.invitedAdmins.map((invitation) => (
                      <li key={invitation.id} className="space-y-1">
                        <p className="text-neutral-800">
                          {invitation.expired
                            ? t('accounts.partners.invitedExpired', { email: invitation.email })
                            : t('accounts.partners.invited', { email: invitation.email })}
                        </p>
                        <InvitationButtons invitationId={invitation.id} email={invitation.email} />
                      </li>
                    ))}
                    {partner.admins.length + partner.invitedAdmins.length === 0 ? <li>—</li> : null}
                  </ul>
                </td>
                <td className={cell}>
                  {partner.lastActivityAt ? formatDateTime(locale, partner.lastActivityAt, viewer.timeZone) : t('accounts.partners.never')}
                </td>
                <td className={cell}>
                  <div className="flex flex-col items-start gap-2">
                    <RenamePartnerButton partnerId={partner.id} name={partner.name} updatedAt={partner.updatedAt.toISOString()} />
                    <InviteAdminButton partnerId={partner.id} partnerName={partner.name} />
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <section aria-labelledby="create-partner" className="rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
          <h2 id="create-partner" className="text-lg font-semibold">
            {t('accounts.partners.createTitle')}
          </h2>
          <p className="mb-4 mt-1 max-w-2xl text-sm text-neutral-700">{t('accounts.partners.createDescription')}</p>
          <CreatePartnerForm />
        </section>
      </div>
    </>
  );
}
