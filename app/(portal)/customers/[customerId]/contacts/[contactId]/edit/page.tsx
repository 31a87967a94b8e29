import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { Breadcrumb } from '@/components/customer-forms/breadcrumb';
import { ContactForm } from '@/components/customer-forms/contact-form';
import { DeleteButton } from '@/components/customer-forms/delete-button';
import { requirePermission } from '@/lib/server/guards';
import { getTranslator } from '@/lib/server/locale';
import { getContactForEdit, getCustomerForEdit } from '@/lib/server/data/customer-writes';
import { idSchema } from '@/lib/schemas/customers';

type Props = { params: Promise<{ customerId: string; contactId: string }> };

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t('customerForms.editContactTitle') };
}

export default async function EditContactPage({ params }: Props) {
  const viewer = await requirePermission('customer:write');
  const { customerId, contactId } = await params;
  if (!idSchema.safeParse(customerId).success || !idSchema.safeParse(contactId).success) notFound();
  const [customer, contact] = await Promise.all([getCustomerForEdit(viewer, customerId), getContactForEdit(viewer, customerId, contactId)]);
  if (!customer || !contact) notFound();
  const { t } = await getTranslator();
  const updatedAt = contact.updatedAt.toISOString();
  return (
    <>
      <Breadcrumb
        label={t('customerForms.breadcrumb')}
        items={[
          { href: '/customers', label: t('nav.customers') },
          { href: `/customers/${customer.id}`, label: customer.companyName },
          { label: t('customerForms.editContactTitle') },
        ]}
      />
      <PageHeader
        title={t('customerForms.editContactTitle')}
        description={t('customerForms.contactDescription', { customer: customer.companyName })}
      />
      <ContactForm
        customerId={customer.id}
        contactId={contact.id}
        updatedAt={updatedAt}
        initial={{ name: contact.name, email: contact.email, role: contact.role, language: contact.language }}
      />
      <section aria-labelledby="delete-contact" className="mt-6 max-w-2xl rounded-md border border-red-200 bg-white p-6 shadow-sm">
        <h2 id="delete-contact" className="mb-3 text-lg font-semibold">
          {t('customerForms.deleteSection')}
        </h2>
        <DeleteButton
          kind="contact"
          customerId={customer.id}
          targetId={contact.id}
          expectedUpdatedAt={updatedAt}
          reloadHref={`/customers/${customer.id}/contacts/${contact.id}/edit`}
          title={t('customerForms.confirmDeleteContactTitle')}
          body={t('customerForms.confirmDeleteContactBody', { name: contact.name, email: contact.email, customer: customer.companyName })}
        />
      </section>
    </>
  );
}
