import Link from 'next/link';
import { DETAIL_LIMITS, type CustomerDetail } from '@/lib/server/data/customers';
import type { Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { emptyClass, secondaryLink, Section, tableClass, tdClass, thClass, Truncated } from './section';

export function ContactsTable({
  customerId,
  customerLanguage,
  contacts,
  truncated,
  canWrite,
  t,
}: {
  customerId: string;
  customerLanguage: Locale;
  contacts: CustomerDetail['contacts'];
  truncated: boolean;
  canWrite: boolean;
  t: Translate;
}) {
  const actions = canWrite ? (
    <Link href={`/customers/${customerId}/contacts/new`} className={secondaryLink}>
      {t('customers.detail.contacts.add')}
    </Link>
  ) : null;
  return (
    <Section id="customer-contacts" title={t('customers.detail.contacts.title')} actions={actions}>
      {contacts.length === 0 ? (
        <p className={emptyClass}>{t('customers.detail.contacts.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClass}>
            <caption className="sr-only">{t('customers.detail.contacts.title')}</caption>
            <thead className="bg-neutral-50">
              <tr>
                <th scope="col" className={thClass}>
                  {t('customers.detail.contacts.name')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.contacts.email')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.contacts.role')}
                </th>
                <th scope="col" className={thClass}>
                  {t('customers.detail.contacts.language')}
                </th>
                {canWrite ? (
                  <th scope="col" className={thClass}>
                    <span className="sr-only">{t('customers.detail.contacts.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) => (
                <tr key={contact.id} className="border-t border-neutral-100">
                  <th scope="row" className={`${tdClass} font-normal`}>
                    {contact.name}
                  </th>
                  <td className={`${tdClass} break-all`}>{contact.email}</td>
                  <td className={tdClass}>{t(`customers.detail.contactRoles.${contact.role}`)}</td>
                  <td className={tdClass}>
                    {contact.language
                      ? t(`customers.languages.${contact.language}`)
                      : t('customers.detail.contacts.customerLanguage', { language: t(`customers.languages.${customerLanguage}`) })}
                  </td>
                  {canWrite ? (
                    <td className={tdClass}>
                      <Link
                        href={`/customers/${customerId}/contacts/${contact.id}/edit`}
                        className="text-brand underline"
                        aria-label={t('customers.detail.contacts.edit', {
                          name: `${contact.name} (${t(`customers.detail.contactRoles.${contact.role}`)})`,
                        })}
                      >
                        {t('customers.detail.editShort')}
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
          {truncated ? <Truncated text={t('customers.detail.showingFirst', { count: DETAIL_LIMITS.contacts })} /> : null}
        </div>
      )}
    </Section>
  );
}
