'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import {
  createContact,
  createCustomer,
  createSubscription,
  deleteContact,
  deleteSubscription,
  updateContact,
  updateCustomer,
  updateSubscription,
} from '../data/customer-writes';
import { formObject, refused, type CustomerFormResult } from './customer-form-result';
import {
  createContactSchema,
  createCustomerSchema,
  deleteContactSchema,
  deleteSubscriptionSchema,
  fieldErrorsOf,
  subscriptionFields,
  subscriptionIds,
  subscriptionUpdateIds,
  updateContactSchema,
  updateCustomerSchema,
} from '../../schemas/customers';

// Every export is a public endpoint: parse (zod) → guard (a signed-in viewer) → data (which
// checks the permission, scopes to the viewer's partner and audits) → revalidate and redirect to the customer's page, or a
// typed result with a code and the field errors as codes that the form words in its language.

function invalid(issues: { path: PropertyKey[]; message: string }[]): CustomerFormResult {
  return { ok: false, code: 'invalid', fieldErrors: fieldErrorsOf(issues) };
}

function revalidateCustomer(customerId: string) {
  revalidatePath('/customers');
  revalidatePath(`/customers/${customerId}`);
  revalidatePath('/dashboard');
}

export async function createCustomerAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const parsed = createCustomerSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const result = await createCustomer(viewer, parsed.data, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidateCustomer(result.id);
  redirect(`/customers/${result.id}`);
}

export async function updateCustomerAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const parsed = updateCustomerSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const { customerId, version, ...input } = parsed.data;
  const result = await updateCustomer(viewer, customerId, version, input, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidateCustomer(customerId);
  redirect(`/customers/${customerId}`);
}

export async function createContactAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const parsed = createContactSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const { customerId, ...input } = parsed.data;
  const result = await createContact(viewer, customerId, input, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidateCustomer(customerId);
  redirect(`/customers/${customerId}`);
}

export async function updateContactAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const parsed = updateContactSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const { customerId, contactId, expectedUpdatedAt, ...input } = parsed.data;
  const result = await updateContact(viewer, customerId, contactId, new Date(expectedUpdatedAt), input, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidateCustomer(customerId);
  redirect(`/customers/${customerId}`);
}

export async function deleteContactAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const parsed = deleteContactSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const { customerId, contactId, expectedUpdatedAt } = parsed.data;
  const result = await deleteContact(viewer, customerId, contactId, new Date(expectedUpdatedAt), await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidateCustomer(customerId);
  redirect(`/customers/${customerId}`);
}

export async function createSubscriptionAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const values = formObject(form);
  const ids = subscriptionIds.safeParse(values);
  const parsed = subscriptionFields.safeParse(values);
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!ids.success || !parsed.success) return invalid([...(ids.error?.issues ?? []), ...(parsed.error?.issues ?? [])]);
  const result = await createSubscription(viewer, ids.data.customerId, parsed.data, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidateCustomer(ids.data.customerId);
  redirect(`/customers/${ids.data.customerId}`);
}

export async function updateSubscriptionAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const values = formObject(form);
  const ids = subscriptionUpdateIds.safeParse(values);
  const parsed = subscriptionFields.safeParse(values);
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!ids.success || !parsed.success) return invalid([...(ids.error?.issues ?? []), ...(parsed.error?.issues ?? [])]);
  const { customerId, subscriptionId, expectedUpdatedAt } = ids.data;
  const result = await updateSubscription(
    viewer,
    customerId,
    subscriptionId,
    new Date(expectedUpdatedAt),
    parsed.data,
    await requestAddress(),
  );
  if (!result.ok) return refused(result.code);
  revalidateCustomer(customerId);
  redirect(`/customers/${customerId}`);
}

export async function deleteSubscriptionAction(_: CustomerFormResult | null, form: FormData): Promise<CustomerFormResult> {
  const parsed = deleteSubscriptionSchema.safeParse(formObject(form));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return invalid(parsed.error.issues);
  const { customerId, subscriptionId, expectedUpdatedAt } = parsed.data;
  const result = await deleteSubscription(viewer, customerId, subscriptionId, new Date(expectedUpdatedAt), await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidateCustomer(customerId);
  redirect(`/customers/${customerId}`);
}
