import 'server-only';
import type { WriteFailure } from '../data/customer-writes';
import type { CustomerFormErrorCode } from '../../schemas/customers';

// What the customer forms' actions answer (customers.ts, relationships.ts): the data layer's codes
// as the forms word them (customerForms.errors.*).

/** The codes the customer forms word (customerForms.errors.*), from the data layer's. */
const FORM_CODES = {
  FORBIDDEN: 'notAllowed',
  NOT_FOUND: 'notFound',
  STALE: 'stale',
  TENANT_TAKEN: 'tenantTaken',
  CLOUD_RETIRED: 'cloudRetired',
  CONTACT_DUPLICATE: 'contactDuplicate',
  SUBSCRIPTION_IN_USE: 'subscriptionInUse',
  RELATIONSHIP_PENDING: 'relationshipPending',
  RELATIONSHIP_VERIFIED: 'relationshipVerified',
} as const satisfies Record<WriteFailure, string>;

export type CustomerFormCode = 'invalid' | (typeof FORM_CODES)[WriteFailure];
export type CustomerFormResult = { ok: true } | { ok: false; code: CustomerFormCode; fieldErrors?: Record<string, CustomerFormErrorCode> };

/** A refusal from the data layer, in the form's words, with the field it concerns where there is one. */
export function refused(failure: WriteFailure): CustomerFormResult {
  const code = FORM_CODES[failure];
  const field: Partial<Record<CustomerFormCode, string>> = { tenantTaken: 'tenantId', cloudRetired: 'cloud', contactDuplicate: 'email' };
  const name = field[code];
  return name ? { ok: false, code, fieldErrors: { [name]: code as CustomerFormErrorCode } } : { ok: false, code };
}

/** A form's text fields (a file field, should one be posted, is ignored). */
export const formObject = (form: FormData) => Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string'));
