import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCustomerLabel } from '../../lib/server/data/notice-filters';
import { MissingPartnerScopeError, type Viewer } from '../../lib/server/viewer';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

describe('getCustomerLabel', () => {
  let a: TestPartner;
  let b: TestPartner;
  let customerOfA: { id: string; companyName: string };
  beforeAll(async () => {
    a = await createTestPartner({ customers: 1 });
    b = await createTestPartner({ customers: 1 });
    customerOfA = await testDb().customer.findFirstOrThrow({ where: { partnerId: a.partnerId }, select: { id: true, companyName: true } });
  });
  afterAll(async () => {
    await a.cleanup();
    await b.cleanup();
  });

  it("names the viewer's own customer", async () => {
    expect(await getCustomerLabel(a.agent, customerOfA.id)).toEqual(customerOfA);
  });

  it("finds nothing for another partner's customer, an unknown id or a non-id", async () => {
    expect(await getCustomerLabel(b.admin, customerOfA.id)).toBeNull();
    expect(await getCustomerLabel(a.agent, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await getCustomerLabel(a.agent, 'not-an-id')).toBeNull();
  });

  it('refuses a viewer without a partner', async () => {
    const portalAdmin: Viewer = { ...a.admin, role: 'PORTAL_ADMIN', partnerId: null };
    await expect(getCustomerLabel(portalAdmin, customerOfA.id)).rejects.toBeInstanceOf(MissingPartnerScopeError);
  });
});
