import { describe, expect, it } from 'vitest';
import { MissingPartnerScopeError, partnerScope, type Viewer } from '@/lib/server/viewer';

type Scope = Pick<Viewer, 'role' | 'partnerId'>;

describe('partnerScope', () => {
  it.each(['PARTNER_ADMIN', 'PARTNER_AGENT', 'PARTNER_VIEWER'] as const)('gives the partner id of a %s', (role) => {
    expect(partnerScope({ role, partnerId: 'ptn_contoso' })).toBe('ptn_contoso');
    expect(partnerScope({ role, partnerId: 'ptn_fabrikam' })).toBe('ptn_fabrikam');
  });

  it('refuses the portal admin, even with a partner id', () => {
    expect(() => partnerScope({ role: 'PORTAL_ADMIN', partnerId: null })).toThrow(MissingPartnerScopeError);
    expect(() => partnerScope({ role: 'PORTAL_ADMIN', partnerId: 'ptn_contoso' })).toThrow(MissingPartnerScopeError);
  });

  it.each(['PARTNER_ADMIN', 'PARTNER_AGENT', 'PARTNER_VIEWER'] as const)(
    'refuses a %s without a partner id (null, undefined, empty)',
    (role) => {
      expect(() => partnerScope({ role, partnerId: null })).toThrow(MissingPartnerScopeError);
      expect(() => partnerScope({ role, partnerId: undefined } as unknown as Scope)).toThrow(MissingPartnerScopeError);
      expect(() => partnerScope({ role } as unknown as Scope)).toThrow(MissingPartnerScopeError);
      expect(() => partnerScope({ role, partnerId: '' })).toThrow(MissingPartnerScopeError);
    },
  );

  it('throws an Error with a message that says the query was refused', () => {
    let caught: unknown;
    try {
      partnerScope({ role: 'PARTNER_VIEWER', partnerId: null });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingPartnerScopeError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe('A partner-scoped query was asked for by a viewer without a partner; it was refused.');
  });
});
