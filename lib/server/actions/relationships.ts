'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { declareRelationship } from '../data/relationships';
import { refused, type CustomerFormResult } from './customer-form-result';
import { decideRelationshipReview } from '../data/relationships';
import { declarationSchema, decisionSchema, fieldErrorsOf, type CustomerFormErrorCode } from '../../schemas/customers';

// The direct Microsoft relationship: a partner admin declares it; a portal admin approves or
// rejects the declaration. Parse → guard → data (audited) → revalidate → typed result.

export type DeclarationResult = CustomerFormResult;

export async function declareRelationshipAction(_: DeclarationResult | null, form: FormData): Promise<DeclarationResult> {
  const parsed = declarationSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) return { ok: false, code: 'invalid', fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const { customerId, ...input } = parsed.data;
  const result = await declareRelationship(viewer, customerId, input, await requestAddress());
  if (!result.ok) return refused(result.code);
  revalidatePath(`/customers/${customerId}`);
  revalidatePath('/customers');
  revalidatePath('/admin/relationships');
  redirect(`/customers/${customerId}`);
}

export type DecisionActionResult = {
  ok: false;
  code: 'invalid' | 'notAllowed' | 'noteRequired';
  fieldErrors?: Record<string, CustomerFormErrorCode>;
};

/**
 * Approve or reject a pending declaration. The outcome — decided, or refused because it was
 * decided already or is gone — is shown by the review page from its URL (`?decided=` / `?error=`),
 * which also survives the reload that moves the row from the queue to the history.
 */
export async function decideRelationshipAction(_: DecisionActionResult | null, form: FormData): Promise<DecisionActionResult> {
  const parsed = decisionSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'notAllowed' };
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error.issues);
    return { ok: false, code: fieldErrors.note === 'noteRequired' ? 'noteRequired' : 'invalid', fieldErrors };
  }
  const result = await decideRelationshipReview(viewer, parsed.data, await requestAddress());
  if (!result.ok && result.code === 'NOTE_REQUIRED') return { ok: false, code: 'noteRequired', fieldErrors: { note: 'noteRequired' } };
  if (!result.ok && result.code === 'FORBIDDEN') return { ok: false, code: 'notAllowed' };
  revalidatePath('/admin/relationships');
  revalidatePath('/customers', 'layout');
  const review = encodeURIComponent(parsed.data.reviewId);
  const error = result.ok ? null : result.code === 'ALREADY_DECIDED' ? 'alreadyDecided' : 'notFound';
  redirect(error ? `/admin/relationships?review=${review}&error=${error}` : `/admin/relationships?decided=${review}`);
}
