// An API token as a partner admin creates it (/settings/api-tokens): a name, scopes and an
// optional expiry day. Field errors are codes the form words in both languages.
import { z } from '../zod';
import { API_SCOPES, type ApiScope } from '../domain/permissions';
import { isStorableText } from '../domain/text';
import { isIsoDay } from '../domain/zoned-day';

export const TOKEN_NAME_MAX = 100;
/** The latest expiry offered: two years from today. */
export const TOKEN_EXPIRY_MAX_DAYS = 730;

export type ApiTokenFieldError = 'nameRequired' | 'nameTooLong' | 'scopesRequired' | 'scopeUnknown' | 'expiryInvalid' | 'expiryRange';

export const apiTokenInputSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'nameRequired' })
    .max(TOKEN_NAME_MAX, { error: 'nameTooLong' })
    .refine(isStorableText, { error: 'nameRequired' }),
  scopes: z
    .array(z.enum(API_SCOPES, { error: 'scopeUnknown' }))
    .min(1, { error: 'scopesRequired' })
    .transform((scopes) => API_SCOPES.filter((scope) => scopes.includes(scope))),
  /** The last day the token works (it expires at the end of that day, UTC); empty: no expiry. */
  expiresOn: z.union([z.literal(''), z.string().refine(isIsoDay, { error: 'expiryInvalid' })]).optional(),
});

export type ApiTokenInput = { name: string; scopes: ApiScope[]; expiresOn?: string };

export function apiTokenFieldErrorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): Record<string, ApiTokenFieldError> {
  const errors: Record<string, ApiTokenFieldError> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'name');
    errors[key] ??= issue.message as ApiTokenFieldError;
  }
  return errors;
}
