'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from '../../zod';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { createEmbedToken, revokeEmbedToken } from '../data/embed-tokens';
import type { EmbedTokenField, EmbedTokenFieldError } from '../../domain/embed';
import type { Locale } from '../../i18n/locales';

// The partner's embed tokens (/settings/embed). Every export is a public endpoint: parse (zod) →
// a signed-in user → data (which checks settings:tokens, scopes by the partner, audits) →
// revalidate or redirect → a typed result whose codes the forms word in both languages.

export type CreateEmbedTokenFormResult =
  | { ok: true; id: string; secret: string; locale: Locale }
  | { ok: false; code: 'FORBIDDEN' | 'INVALID'; fieldErrors?: Partial<Record<EmbedTokenField, EmbedTokenFieldError>> };

export type RevokeEmbedTokenFormResult = { ok: false; code: 'FORBIDDEN' | 'NOT_FOUND' | 'ALREADY_REVOKED' };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

// Lengths and formats are the domain's to judge (lib/domain/embed.ts); here, strings only.
const createSchema = z.object({ name: z.string(), allowedOrigin: z.string(), language: z.string(), expiresOn: z.string() });
const revokeSchema = z.object({ tokenId: z.uuid() });

export async function createEmbedTokenAction(_: CreateEmbedTokenFormResult | null, form: FormData): Promise<CreateEmbedTokenFormResult> {
  const input = createSchema.parse({
    name: text(form, 'name'),
    allowedOrigin: text(form, 'allowedOrigin'),
    language: text(form, 'language'),
    expiresOn: text(form, 'expiresOn'),
  });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  const result = await createEmbedToken(viewer, input, { address: await requestAddress() });
  if (!result.ok) return result;
  revalidatePath('/settings/embed');
  return result;
}

/** Revokes a token; on success, back to the list with its confirmation (a redirect: no result). */
export async function revokeEmbedTokenAction(_: RevokeEmbedTokenFormResult | null, form: FormData): Promise<RevokeEmbedTokenFormResult> {
  const parsed = revokeSchema.safeParse({ tokenId: text(form, 'tokenId') });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!parsed.success) return { ok: false, code: 'NOT_FOUND' };
  const result = await revokeEmbedToken(viewer, parsed.data.tokenId, { address: await requestAddress() });
  if (!result.ok) return result;
  revalidatePath('/settings/embed');
  redirect('/settings/embed?revoked=1');
}
