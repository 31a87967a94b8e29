// Signing in through an OpenID Connect provider, pure: where Microsoft Entra ID lives in each
// cloud, which e-mail of an ID token may link an account, and the origins the sign-in form may be
// sent on to. docs/decisions/0024-sign-in-with-microsoft.md.

/** The two kinds of provider: Microsoft Entra ID, and any other OpenID Connect provider. */
export type IdentityProvider = 'MICROSOFT' | 'OIDC';

/** next-auth's provider ids: they name the callback URL to register (`/api/auth/callback/<id>`). */
export const PROVIDER_IDS: Record<IdentityProvider, string> = { MICROSOFT: 'microsoft', OIDC: 'oidc' };

export function providerOfId(id: string | undefined): IdentityProvider | null {
  return id === PROVIDER_IDS.MICROSOFT ? 'MICROSOFT' : id === PROVIDER_IDS.OIDC ? 'OIDC' : null;
}

export const ENTRA_CLOUDS = ['global', 'us-government'] as const;
export type EntraCloud = (typeof ENTRA_CLOUDS)[number];

/** Microsoft's sign-in host per cloud (Azure Government has its own, as Partner Center for US Government does). */
export const ENTRA_AUTHORITY_HOSTS: Record<EntraCloud, string> = {
  global: 'https://login.microsoftonline.com',
  'us-government': 'https://login.microsoftonline.us',
};

/** The OpenID configuration of an Entra tenant (a tenant id, or `organizations` for any work account). */
export function entraWellKnownUrl(cloud: EntraCloud, tenant: string): string {
  return `${ENTRA_AUTHORITY_HOSTS[cloud]}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
}

/** `organizations`, or a tenant id (a GUID). */
export function isEntraTenant(value: string): boolean {
  return value === 'organizations' || isGuid(value);
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/**
 * An issuer URL the portal accepts: https, or http on this machine only (a provider started by the
 * tests). No query or fragment: OpenID Connect issuers have none.
 */
export function isIssuerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.search || url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Where a sign-in form may be sent on to: the sign-in button posts to the portal, which answers
 * with a redirect to the provider, and a browser applies the page's `form-action` to that
 * redirect too. Entra's host per cloud; another provider's issuer origin (its authorization
 * endpoint is expected on the same origin).
 */
export function signInFormOrigins(settings: { entraCloud?: string; oidcIssuer?: string }): string[] {
  const origins = new Set<string>();
  const cloud = ENTRA_CLOUDS.find((value) => value === settings.entraCloud?.trim());
  if (cloud) origins.add(ENTRA_AUTHORITY_HOSTS[cloud]);
  if (settings.oidcIssuer && isIssuerUrl(settings.oidcIssuer)) origins.add(new URL(settings.oidcIssuer).origin);
  return [...origins];
}

/** The identity an ID token proves: who issued it, its subject, and the e-mail that may link it (null: none that is verified). */
export type ProvenIdentity = { provider: IdentityProvider; issuer: string; subject: string; email: string | null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;
}

/** A claim that says true: JSON true, or the string "true" that some providers send. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function email(value: unknown): string | null {
  const candidate = text(value)?.toLowerCase() ?? null;
  return candidate && candidate.length <= 320 && EMAIL.test(candidate) ? candidate : null;
}

/**
 * The e-mail of an Entra ID token that proves the user owns it. Entra rarely sends
 * `email_verified`, and its `email` claim is an attribute a tenant admin can set to anything, so:
 * `email` when the token says the domain's owner verified it (`xms_edov`, an optional claim) or
 * `email_verified`; else the sign-in name (`preferred_username`, the user principal name), whose
 * domain Entra accepts only among the tenant's verified domains — except a guest's
 * (`…#EXT#@…`), which names another directory's account.
 */
export function entraVerifiedEmail(claims: Record<string, unknown>): string | null {
  if (isTrue(claims.xms_edov) || isTrue(claims.email_verified)) {
    const verified = email(claims.email);
    if (verified) return verified;
  }
  const upn = text(claims.preferred_username);
  if (!upn || upn.includes('#EXT#')) return null;
  return email(upn);
}

/** The e-mail of a standard OpenID Connect ID token, when the provider says it verified it (`email_verified`). */
export function oidcVerifiedEmail(claims: Record<string, unknown>): string | null {
  return isTrue(claims.email_verified) ? email(claims.email) : null;
}

/** The identity in an ID token's claims (already validated by next-auth: signature, issuer, audience, expiry, nonce); null without issuer or subject. */
export function identityFromClaims(provider: IdentityProvider, claims: Record<string, unknown>): ProvenIdentity | null {
  const issuer = text(claims.iss);
  const subject = text(claims.sub);
  if (!issuer || !subject) return null;
  return { provider, issuer, subject, email: provider === 'MICROSOFT' ? entraVerifiedEmail(claims) : oidcVerifiedEmail(claims) };
}
