import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { DataTable } from '@/components/ui/data-table';
import { ActiveButton, InvitationButtons, InviteUserForm, RoleForm } from '@/components/accounts/user-forms';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { listPartnerUsers } from '@/lib/server/data/users';
import { formatDateTime } from '@/lib/i18n/translate';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('accounts.users.title') };
}

const cell = 'px-3 py-2 align-top';

export default async function UsersPage() {
  const viewer = await requirePermission('settings:users');
  const { t, locale } = await getTranslator();
  const { users, invitations } = await listPartnerUsers(viewer);
  const when = (date: Date) => formatDateTime(locale, date, viewer.timeZone);
  return (
    <>
      <PageHeader title={t('accounts.users.title')} description={t('accounts.users.description', { partner: viewer.partnerName ?? '' })} />
      <div className="space-y-8">
        <section aria-labelledby="users-list" className="rounded-md border border-neutral-200 bg-white shadow-sm">
          <h2 id="users-list" className="px-4 pt-4 text-lg font-semibold">
            {t('accounts.users.usersTitle')}
          </h2>
          <DataTable
            caption={t('accounts.users.usersTitle')}
            className="mt-2"
            cellClass={cell}
            columns={[
              t('accounts.users.name'),
              t('accounts.users.email'),
              t('accounts.users.role'),
              t('accounts.users.status'),
              t('accounts.users.lastSignIn'),
              t('accounts.users.actions'),
            ]}
          >
            {users.map((user) => (
              <tr key={user.id} className="border-t border-neutral-100">
                <th scope="row" className={`${cell} font-medium`}>
                  {user.displayName}{' '}
                  {user.id === viewer.userId ? <span className="font-normal text-neutral-700">{t('accounts.users.you')}</span> : null}
                </th>
                <td className={cell}>{user.email}</td>
                <td className={cell}>
                  <RoleForm userId={user.id} name={user.displayName} role={user.role} updatedAt={user.updatedAt.toISOString()} />
                </td>
                <td className={cell}>{user.active ? t('accounts.users.active') : t('accounts.users.inactive')}</td>
                <td className={cell}>{user.lastSignInAt ? when(user.lastSignInAt) : t('accounts.users.neverSignedIn')}</td>
                <td className={cell}>
                  <ActiveButton userId={user.id} name={user.displayName} active={user.active} updatedAt={user.updatedAt.toISOString()} />
                </td>
              </tr>
            ))}
          </DataTable>
        </section>

        <section aria-labelledby="invitations-list" className="rounded-md border border-neutral-200 bg-white shadow-sm">
          <h2 id="invitations-list" className="px-4 pt-4 text-lg font-semibold">
            {t('accounts.users.invitationsTitle')}
          </h2>
          {invitations.length === 0 ? (
            <p className="p-4 text-sm text-neutral-700">{t('accounts.users.invitationsEmpty')}</p>
          ) : (
            <DataTable
              caption={t('accounts.users.invitationsTitle')}
              className="mt-2"
              cellClass={cell}
              columns={[
                t('accounts.users.email'),
                t('accounts.users.role'),
                t('accounts.users.status'),
                t('accounts.users.expires'),
                t('accounts.users.invitedBy'),
                t('accounts.users.actions'),
              ]}
            >
              {invitations.map((invitation) => (
                <tr key={invitation.id} className="border-t border-neutral-100">
                  <th scope="row" className={`${cell} font-medium`}>
                    {invitation.email}
                  </th>
                  <td className={cell}>{t(`roles.${invitation.role}`)}</td>
                  <td className={cell}>{invitation.state === 'PENDING' ? t('accounts.users.pending') : t('accounts.users.expired')}</td>
                  <td className={cell}>{when(invitation.expiresAt)}</td>
                  <td className={cell}>{invitation.invitedBy ?? '—'}</td>
                  <td className={cell}>
                    <InvitationButtons invitationId={invitation.id} email={invitation.email} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>

        <section aria-labelledby="invite-user" className="rounded-md border border-neutral-200 bg-white p-6 shadow-sm">
          <h2 id="invite-user" className="text-lg font-semibold">
            {t('accounts.users.inviteTitle')}
          </h2>
          <p className="mb-4 mt-1 max-w-2xl text-sm text-neutral-700">{t('accounts.users.inviteDescription')}</p>
          <InviteUserForm />
        </section>
      </div>
    </>
  );
}
