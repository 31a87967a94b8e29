import { describe, expect, it } from 'vitest';
import {
  entraVerifiedEmail,
  entraWellKnownUrl,
  identityFromClaims,
  isEntraTenant,
  isIssuerUrl,
  oidcVerifiedEmail,
  providerOfId,
  signInFormOrigins,
} from '@/lib/domain/sso';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('Microsoft Entra ID settings', () => {
  it('finds each cloud at its own sign-in host', () => {
    expect(entraWellKnownUrl('global', TENANT)).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`);
    expect(entraWellKnownUrl('us-government', 'organizations')).toBe(
      'https://login.microsoftonline.us/organizations/v2.0/.well-known/openid-configuration',
    );
  });

  it('takes a tenant id or organizations, nothing else (not common: that would let personal accounts in)', () => {
    expect(isEntraTenant(TENANT)).toBe(true);
    expect(isEntraTenant(TENANT.toUpperCase())).toBe(true);
    expect(isEntraTenant('organizations')).toBe(true);
    for (const value of ['common', 'consumers', 'contoso.onmicrosoft.com', '', `${TENANT}x`])
      expect(isEntraTenant(value), value).toBe(false);
  });
});

describe('an issuer URL', () => {
  it('is https, or http on this machine only, without query, fragment or credentials', () => {
    expect(isIssuerUrl('https://id.example.com')).toBe(true);
    expect(isIssuerUrl('https://id.example.com/realms/portal/')).toBe(true);
    expect(isIssuerUrl('http://localhost:3271')).toBe(true);
    expect(isIssuerUrl('http://127.0.0.1:3271')).toBe(true);
    for (const value of [
      'http://id.example.com',
      'https://id.example.com/?x=1',
      'https://id.example.com/#a',
      'https://u:p@id.example.com',
      'ftp://x',
      'id.example.com',
      '',
    ])
      expect(isIssuerUrl(value), value).toBe(false);
  });
});

describe('where a sign-in form may send the browser', () => {
  it("is each configured provider's sign-in origin", () => {
    expect(signInFormOrigins({})).toEqual([]);
    expect(signInFormOrigins({ entraCloud: 'global' })).toEqual(['https://login.microsoftonline.com']);
    expect(signInFormOrigins({ entraCloud: 'us-government', oidcIssuer: 'http://localhost:3271/oidc' })).toEqual([
      'https://login.microsoftonline.us',
      'http://localhost:3271',
    ]);
  });

  it('is nothing for a value that is not one (the start-up check refuses it; the policy never carries it)', () => {
    expect(signInFormOrigins({ entraCloud: 'germany', oidcIssuer: 'javascript:alert(1)' })).toEqual([]);
    expect(signInFormOrigins({ oidcIssuer: "https://id.example.com; script-src 'unsafe-inline'" })).toEqual([]);
  });
});

describe('the e-mail an ID token vouches for', () => {
  it('from Entra: the email claim when the domain owner verified it (xms_edov) or email_verified says so', () => {
    expect(entraVerifiedEmail({ email: 'Alice@Contoso.com', xms_edov: true })).toBe('alice@contoso.com');
    expect(entraVerifiedEmail({ email: 'alice@contoso.com', xms_edov: 'true' })).toBe('alice@contoso.com');
    expect(entraVerifiedEmail({ email: 'alice@contoso.com', email_verified: true })).toBe('alice@contoso.com');
  });

  it('from Entra: otherwise the sign-in name (UPN), whose domain the tenant verified — never an unverified email claim', () => {
    expect(entraVerifiedEmail({ email: 'ceo@fabrikam.com', preferred_username: 'alice@contoso.com' })).toBe('alice@contoso.com');
    expect(entraVerifiedEmail({ email: 'ceo@fabrikam.com', xms_edov: false, preferred_username: 'Alice@Contoso.com' })).toBe(
      'alice@contoso.com',
    );
    expect(entraVerifiedEmail({ email: 'ceo@fabrikam.com' })).toBeNull();
  });

  it("from Entra: not a guest's UPN (another directory's account), nor a name that is no address", () => {
    expect(entraVerifiedEmail({ preferred_username: 'alice_contoso.com#EXT#@fabrikam.onmicrosoft.com' })).toBeNull();
    expect(entraVerifiedEmail({ preferred_username: 'alice' })).toBeNull();
    expect(entraVerifiedEmail({ preferred_username: 42 })).toBeNull();
  });

  it('from another provider: the email claim only when email_verified is true', () => {
    expect(oidcVerifiedEmail({ email: 'Bob@Example.com', email_verified: true })).toBe('bob@example.com');
    expect(oidcVerifiedEmail({ email: 'bob@example.com', email_verified: 'true' })).toBe('bob@example.com');
    expect(oidcVerifiedEmail({ email: 'bob@example.com', email_verified: false })).toBeNull();
    expect(oidcVerifiedEmail({ email: 'bob@example.com' })).toBeNull();
    expect(oidcVerifiedEmail({ email: 'not an address', email_verified: true })).toBeNull();
    // The UPN rule is Entra's only.
    expect(oidcVerifiedEmail({ preferred_username: 'bob@example.com' })).toBeNull();
  });
});

describe('the identity in an ID token', () => {
  it('is its issuer and subject, with the verified e-mail by the provider kind', () => {
    expect(identityFromClaims('OIDC', { iss: 'http://localhost:3271', sub: 'acct-1', email: 'a@x.example', email_verified: true })).toEqual(
      {
        provider: 'OIDC',
        issuer: 'http://localhost:3271',
        subject: 'acct-1',
        email: 'a@x.example',
      },
    );
    expect(
      identityFromClaims('MICROSOFT', {
        iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        sub: 's',
        preferred_username: 'a@contoso.com',
      }),
    ).toMatchObject({ provider: 'MICROSOFT', subject: 's', email: 'a@contoso.com' });
    expect(identityFromClaims('OIDC', { iss: 'http://localhost:3271', sub: 'acct-2', email: 'a@x.example' })).toMatchObject({
      email: null,
    });
  });

  it('is none without an issuer or a subject', () => {
    expect(identityFromClaims('OIDC', { sub: 'acct-1' })).toBeNull();
    expect(identityFromClaims('OIDC', { iss: 'http://localhost:3271', sub: ' ' })).toBeNull();
    expect(identityFromClaims('OIDC', { iss: 'http://localhost:3271', sub: 7 })).toBeNull();
  });

  it("names next-auth's provider ids", () => {
    expect(providerOfId('microsoft')).toBe('MICROSOFT');
    expect(providerOfId('oidc')).toBe('OIDC');
    expect(providerOfId('credentials')).toBeNull();
    expect(providerOfId(undefined)).toBeNull();
  });
});
