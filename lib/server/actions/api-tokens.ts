'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { createApiToken, revokeApiToken } from '../data/api-tokens';
import type { ApiTokenFieldError } from '../../schemas/api-tokens';

// API tokens (/settings/api-tokens, partner admins). Every export is a public endpoint: read the
// form → guard (a signed-in user; the data function checks settings:tokens) → data (scoped,
// audited) → revalidate → a typed result whose codes the forms word in both languages.

export type ApiTokenCode = 'FORBIDDEN' | 'NOT_FOUND' | 'INVALID' | 'NAME_TAKEN' | 'ALREADY_REVOKED';

export type CreateApiTokenResult =
  { ok: true; secret: string; name: string } | { ok: false; code: ApiTokenCode; fieldErrors?: Record<string, ApiTokenFieldError> };

export type RevokeApiTokenResult = { ok: true } | { ok: false; code: ApiTokenCode };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export async function createApiTokenAction(_: CreateApiTokenResult | null, form: FormData): Promise<CreateApiTokenResult> {
  const input = {
    name: text(form, 'name'),
    scopes: form.getAll('scopes').filter((value): value is string => typeof value === 'string'),
    expiresOn: text(form, 'expiresOn'),
  };
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  const result = await createApiToken(viewer, input, { address: await requestAddress() });
  if (!result.ok)
    return result.code === 'INVALID' ? { ok: false, code: 'INVALID', fieldErrors: result.fieldErrors } : { ok: false, code: result.code };
  revalidatePath('/settings/api-tokens');
  return { ok: true, secret: result.secret, name: result.token.name };
}

export async function revokeApiTokenAction(_: RevokeApiTokenResult | null, form: FormData): Promise<RevokeApiTokenResult> {
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  const result = await revokeApiToken(viewer, text(form, 'tokenId'), { address: await requestAddress() });
  if (!result.ok) return { ok: false, code: result.code === 'INVALID' ? 'NOT_FOUND' : result.code };
  revalidatePath('/settings/api-tokens');
  return { ok: true };
}
