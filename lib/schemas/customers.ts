// The customer, contact and subscription forms, the relationship declaration and the portal
// admin's decision: zod schemas shared by the forms and the server actions. The field rules
// themselves (tenant id, domain, email, dates, limits) live in lib/domain/customer-import/fields.ts
// so that a CSV import accepts exactly what a form accepts. Messages are codes: the UI words them
// (customerForms.errors.<code>) in each language.
import { z } from '../zod';
import { LOCALES } from '../i18n/locales';
import { CLOUDS, RELATIONSHIPS_TO_PARTNER } from '../domain/policy';
import { ruleListOf } from '../domain/communication-category';
import {
  AGREEMENT_NAMES,
  AGREEMENT_TYPES,
  BILLING_CYCLES,
  CONTACT_ROLES,
  QUANTITY_MAX,
  SUBSCRIPTION_STATUSES,
  SUBSCRIPTION_TERMS,
  TEXT_LIMITS,
  hasControlCharacters,
  isDomain,
  isEmail,
  isIsoDate,
  isTenantId,
  isTermCycleAllowed,
} from '../domain/customer-import/fields';

export type CustomerFormErrorCode =
  | 'required'
  | 'tooLong'
  | 'controlCharacters'
  | 'idInvalid'
  | 'tenantIdInvalid'
  | 'tenantTaken'
  | 'domainInvalid'
  | 'cloudInvalid'
  | 'cloudRetired'
  | 'relationshipInvalid'
  | 'languageInvalid'
  | 'emailInvalid'
  | 'roleInvalid'
  | 'contactDuplicate'
  | 'quantityInvalid'
  | 'statusInvalid'
  | 'termInvalid'
  | 'billingCycleInvalid'
  | 'billingCycleTerm'
  | 'dateInvalid'
  | 'endBeforeStart'
  | 'versionInvalid'
  | 'agreementInvalid'
  | 'decisionInvalid'
  | 'noteRequired'
  | 'tooManyServices';

export const text = (max: number) =>
  z
    .string({ error: 'required' })
    .transform((value) => value.trim().replace(/\s+/g, ' '))
    .pipe(
      z
        .string()
        .min(1, { error: 'required' })
        .max(max, { error: 'tooLong' })
        .refine((value) => !hasControlCharacters(value), 'controlCharacters'),
    );

/** Free text of several lines (evidence, decision notes): line breaks kept, ends trimmed. */
const note = (max: number) =>
  z
    .string({ error: 'required' })
    .transform((value) => value.trim().replace(/\r\n?/g, '\n'))
    .pipe(
      z
        .string()
        .min(1, { error: 'required' })
        .max(max, { error: 'tooLong' })
        .refine((value) => !hasControlCharacters(value), 'controlCharacters'),
    );

export const lower = (check: (value: string) => boolean, code: CustomerFormErrorCode, max: number) =>
  z
    .string({ error: 'required' })
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.string().min(1, { error: 'required' }).max(max, { error: code }).refine(check, code));

export const idSchema = z.uuid({ error: 'idInvalid' });

export const customerFields = z.object({
  companyName: text(TEXT_LIMITS.companyName),
  domain: lower(isDomain, 'domainInvalid', TEXT_LIMITS.domain),
  tenantId: lower(isTenantId, 'tenantIdInvalid', 36),
  cloud: z.enum(CLOUDS, { error: 'cloudInvalid' }),
  relationshipToPartner: z.enum(RELATIONSHIPS_TO_PARTNER, { error: 'relationshipInvalid' }),
  preferredLanguage: z.enum(LOCALES, { error: 'languageInvalid' }),
});
export type CustomerInput = z.infer<typeof customerFields>;

export const createCustomerSchema = customerFields;
export const updateCustomerSchema = customerFields.extend({
  customerId: idSchema,
  // The version the form was loaded with: a save based on an older one is refused.
  version: z.coerce.number({ error: 'versionInvalid' }).int({ error: 'versionInvalid' }).min(1, { error: 'versionInvalid' }),
});

export const contactFields = z.object({
  name: text(TEXT_LIMITS.contactName),
  email: lower(isEmail, 'emailInvalid', TEXT_LIMITS.email),
  // '' in the form: no language of its own (the customer's language applies).
  language: z
    .union([z.literal(''), z.enum(LOCALES)], { error: 'languageInvalid' })
    .optional()
    .transform((value) => (value ? value : null)),
  role: z.enum(CONTACT_ROLES, { error: 'roleInvalid' }),
});
export type ContactInput = z.infer<typeof contactFields>;

export const createContactSchema = contactFields.extend({ customerId: idSchema });
export const updateContactSchema = contactFields.extend({
  customerId: idSchema,
  contactId: idSchema,
  expectedUpdatedAt: z.iso.datetime({ error: 'versionInvalid' }),
});
export const deleteContactSchema = z.object({
  customerId: idSchema,
  contactId: idSchema,
  expectedUpdatedAt: z.iso.datetime({ error: 'versionInvalid' }),
});

const isoDate = z
  .string({ error: 'required' })
  .transform((value) => value.trim())
  .pipe(z.string().min(1, { error: 'required' }).refine(isIsoDate, 'dateInvalid'));

export const subscriptionFields = z
  .object({
    offerName: text(TEXT_LIMITS.offerName),
    quantity: z
      .string({ error: 'required' })
      .transform((value) => value.trim())
      .pipe(
        z
          .string()
          .min(1, { error: 'required' })
          .regex(/^\d{1,7}$/, { error: 'quantityInvalid' })
          .transform(Number)
          .pipe(z.number().min(1, 'quantityInvalid').max(QUANTITY_MAX, 'quantityInvalid')),
      ),
    status: z.enum(SUBSCRIPTION_STATUSES, { error: 'statusInvalid' }),
    term: z.enum(SUBSCRIPTION_TERMS, { error: 'termInvalid' }),
    billingCycle: z.enum(BILLING_CYCLES, { error: 'billingCycleInvalid' }),
    startDate: isoDate,
    commitmentEndDate: isoDate,
    // A checkbox: present ("on") when ticked, absent otherwise.
    autoRenew: z
      .enum(['on', 'true', 'false'], { error: 'required' })
      .optional()
      .transform((value) => value === 'on' || value === 'true'),
  })
  // Runs even when another field is invalid (`when`), so that every problem is told at once;
  // hence the checks that each value is usable.
  .superRefine(
    (value, ctx) => {
      const { startDate, commitmentEndDate, term, billingCycle } = value as Partial<Record<string, unknown>>;
      if (typeof startDate === 'string' && typeof commitmentEndDate === 'string' && isIsoDate(startDate) && isIsoDate(commitmentEndDate)) {
        if (commitmentEndDate < startDate) ctx.addIssue({ code: 'custom', message: 'endBeforeStart', path: ['commitmentEndDate'] });
      }
      if (
        SUBSCRIPTION_TERMS.includes(term as never) &&
        BILLING_CYCLES.includes(billingCycle as never) &&
        !isTermCycleAllowed(term as (typeof SUBSCRIPTION_TERMS)[number], billingCycle as (typeof BILLING_CYCLES)[number])
      ) {
        ctx.addIssue({ code: 'custom', message: 'billingCycleTerm', path: ['billingCycle'] });
      }
    },
    { when: () => true },
  );
export type SubscriptionInput = z.infer<typeof subscriptionFields>;

export const subscriptionIds = z.object({ customerId: idSchema });
export const subscriptionUpdateIds = z.object({
  customerId: idSchema,
  subscriptionId: idSchema,
  expectedUpdatedAt: z.iso.datetime({ error: 'versionInvalid' }),
});
export const deleteSubscriptionSchema = subscriptionUpdateIds;

const otherAgreementText = (value: unknown) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '');

/** The products and services a declaration names (one a line, or separated by commas). */
export const DIRECT_SERVICES_LIMITS = { entries: 30, length: 100 } as const;

const directServices = z
  .string()
  .optional()
  .default('')
  .transform((value) => ruleListOf(value))
  .superRefine((list, ctx) => {
    if (list.length > DIRECT_SERVICES_LIMITS.entries) ctx.addIssue({ code: 'custom', message: 'tooManyServices' });
    else if (list.some((entry) => entry.length > DIRECT_SERVICES_LIMITS.length)) ctx.addIssue({ code: 'custom', message: 'tooLong' });
    else if (list.some(hasControlCharacters)) ctx.addIssue({ code: 'custom', message: 'controlCharacters' });
  });

export const declarationSchema = z
  .object({
    customerId: idSchema,
    agreementType: z.enum(AGREEMENT_TYPES, { error: 'agreementInvalid' }),
    otherAgreement: z.string().optional().default(''),
    evidenceNote: note(TEXT_LIMITS.evidenceNote),
    services: directServices,
  })
  // "Another agreement" needs its name; told together with the other fields' problems (`when`).
  .superRefine(
    (value, ctx) => {
      const { agreementType, otherAgreement } = value as Partial<Record<string, unknown>>;
      if (agreementType !== 'OTHER') return;
      const agreement = otherAgreementText(otherAgreement);
      const message =
        agreement === ''
          ? 'required'
          : agreement.length > TEXT_LIMITS.agreementType
            ? 'tooLong'
            : hasControlCharacters(agreement)
              ? 'controlCharacters'
              : null;
      if (message) ctx.addIssue({ code: 'custom', message, path: ['otherAgreement'] });
    },
    { when: () => true },
  )
  .transform((value) => ({
    customerId: value.customerId,
    agreementType: value.agreementType === 'OTHER' ? otherAgreementText(value.otherAgreement) : AGREEMENT_NAMES[value.agreementType],
    evidenceNote: value.evidenceNote,
    services: value.services,
  }));

export const decisionSchema = z
  .object({
    reviewId: idSchema,
    decision: z.enum(['approve', 'reject'], { error: 'decisionInvalid' }),
    note: z
      .string()
      .optional()
      .default('')
      .transform((value) => value.trim().replace(/\r\n?/g, '\n')),
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'reject' && value.note === '') ctx.addIssue({ code: 'custom', message: 'noteRequired', path: ['note'] });
    if (value.note.length > TEXT_LIMITS.decisionNote) ctx.addIssue({ code: 'custom', message: 'tooLong', path: ['note'] });
    if (hasControlCharacters(value.note)) ctx.addIssue({ code: 'custom', message: 'controlCharacters', path: ['note'] });
  });

/** The first problem of each field, as codes (for `fieldErrors`). */
export function fieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, CustomerFormErrorCode> {
  const out: Record<string, CustomerFormErrorCode> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    if (!(field in out)) out[field] = issue.message as CustomerFormErrorCode;
  }
  return out;
}
