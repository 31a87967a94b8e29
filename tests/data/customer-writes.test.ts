import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContact,
  createCustomer,
  createSubscription,
  deleteContact,
  deleteSubscription,
  getContactForEdit,
  getCustomerForEdit,
  getSubscriptionForEdit,
  updateContact,
  updateCustomer,
  updateSubscription,
} from '../../lib/server/data/customer-writes';
import { applyImport, previewImport } from '../../lib/server/data/customer-import';
import { declareRelationship, decideRelationshipReview } from '../../lib/server/data/relationships';
import type { CustomerInput, SubscriptionInput } from '../../lib/schemas/customers';
import type { UserViewer } from '../../lib/server/viewer';
import { createPortalAdmin, createTestPartner, testDb, type TestPartner } from '../support/factories';

const ADDRESS = '203.0.113.7';

function customerInput(overrides: Partial<CustomerInput> = {}): CustomerInput {
  const suffix = randomUUID().slice(0, 8);
  return {
    companyName: `Northwind ${suffix}`,
    domain: `northwind-${suffix}.example`,
    tenantId: randomUUID(),
    cloud: 'PUBLIC',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    ...overrides,
  };
}

function subscriptionInput(overrides: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    offerName: 'Microsoft 365 E3',
    quantity: 10,
    status: 'ACTIVE',
    term: 'P1Y',
    billingCycle: 'ANNUAL',
    startDate: '2026-03-01',
    commitmentEndDate: '2027-02-28',
    autoRenew: true,
    ...overrides,
  };
}

async function auditOf(targetId: string) {
  return testDb().auditEvent.findMany({
    where: { targetId },
    orderBy: { id: 'asc' },
    select: { action: true, actorId: true, actorLabel: true, partnerId: true, before: true, after: true, address: true },
  });
}

async function nextEnd(customerId: string): Promise<string | null> {
  const row = await testDb().customer.findUniqueOrThrow({ where: { id: customerId }, select: { nextCommitmentEndAt: true } });
  return row.nextCommitmentEndAt?.toISOString() ?? null;
}

async function mustCreate(viewer: UserViewer, input = customerInput()): Promise<string> {
  const result = await createCustomer(viewer, input, ADDRESS);
  if (!result.ok) throw new Error(`customer not created: ${result.code}`);
  return result.id;
}

describe('customer writes', () => {
  let a: TestPartner;
  let b: TestPartner;
  let portalAdmin: Awaited<ReturnType<typeof createPortalAdmin>>;
  beforeAll(async () => {
    a = await createTestPartner();
    b = await createTestPartner();
    portalAdmin = await createPortalAdmin();
  });
  afterAll(async () => {
    await a.cleanup();
    await b.cleanup();
  });

  describe('customers', () => {
    it('creates a customer of the viewer’s partner, audited', async () => {
      const input = customerInput({ preferredLanguage: 'zh-TW' });
      const id = await mustCreate(a.admin, input);
      const row = await testDb().customer.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({
        partnerId: a.partnerId,
        companyName: input.companyName,
        tenantId: input.tenantId,
        preferredLanguage: 'zh_TW',
        version: 1,
      });
      expect(await auditOf(id)).toEqual([
        {
          action: 'customer.created',
          actorId: a.admin.userId,
          actorLabel: a.admin.email,
          partnerId: a.partnerId,
          before: null,
          after: { ...input, preferredLanguage: 'zh-TW' },
          address: ADDRESS,
        },
      ]);
    });

    it('refuses a tenant id the partner already has, but another partner may have it', async () => {
      const input = customerInput();
      await mustCreate(a.admin, input);
      expect(await createCustomer(a.admin, customerInput({ tenantId: input.tenantId }), ADDRESS)).toEqual({
        ok: false,
        code: 'TENANT_TAKEN',
      });
      expect((await createCustomer(b.admin, customerInput({ tenantId: input.tenantId }), ADDRESS)).ok).toBe(true);
      expect(await testDb().customer.count({ where: { partnerId: a.partnerId, tenantId: input.tenantId } })).toBe(1);
    });

    it('no new customer in the retired Germany cloud', async () => {
      expect(await createCustomer(a.admin, customerInput({ cloud: 'GERMANY' }), ADDRESS)).toEqual({ ok: false, code: 'CLOUD_RETIRED' });
    });

    it('updates with the version it started from; a stale save is refused and the other change kept', async () => {
      const id = await mustCreate(a.admin);
      const loaded = await getCustomerForEdit(a.admin, id);
      expect(loaded?.version).toBe(1);
      const first = customerInput({ companyName: 'First Save Ltd', tenantId: loaded!.tenantId });
      expect(await updateCustomer(a.admin, id, 1, first, ADDRESS)).toEqual({ ok: true, version: 2 });
      const second = customerInput({ companyName: 'Second Save Ltd', tenantId: loaded!.tenantId });
      expect(await updateCustomer(a.admin, id, 1, second, ADDRESS)).toEqual({ ok: false, code: 'STALE' });
      const row = await testDb().customer.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ companyName: 'First Save Ltd', version: 2 });
      const events = await auditOf(id);
      expect(events.map((e) => e.action)).toEqual(['customer.created', 'customer.updated']);
      expect(events[1]?.before).toMatchObject({ version: 1, companyName: loaded!.companyName });
      expect(events[1]?.after).toMatchObject({ version: 2, companyName: 'First Save Ltd' });
    });

    it('another partner’s customer is not found and does not change', async () => {
      const id = await mustCreate(b.admin);
      const before = await testDb().customer.findUniqueOrThrow({ where: { id } });
      expect(await getCustomerForEdit(a.admin, id)).toBeNull();
      expect(await updateCustomer(a.admin, id, 1, customerInput({ companyName: 'Hijacked' }), ADDRESS)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await testDb().customer.findUniqueOrThrow({ where: { id } })).toEqual(before);
      expect((await auditOf(id)).map((e) => e.action)).toEqual(['customer.created']);
    });

    it('an edit may not take another customer’s tenant id, nor move into Germany; a Germany customer stays there', async () => {
      const taken = customerInput();
      await mustCreate(a.admin, taken);
      const id = await mustCreate(a.admin);
      expect(await updateCustomer(a.admin, id, 1, customerInput({ tenantId: taken.tenantId }), ADDRESS)).toEqual({
        ok: false,
        code: 'TENANT_TAKEN',
      });
      expect(await updateCustomer(a.admin, id, 1, customerInput({ cloud: 'GERMANY' }), ADDRESS)).toEqual({
        ok: false,
        code: 'CLOUD_RETIRED',
      });
      const german = await testDb().customer.create({
        data: { partnerId: a.partnerId, companyName: 'Litware', domain: 'litware.example', tenantId: randomUUID(), cloud: 'GERMANY' },
        select: { id: true, tenantId: true },
      });
      expect(await updateCustomer(a.admin, german.id, 1, customerInput({ cloud: 'GERMANY', tenantId: german.tenantId }), ADDRESS)).toEqual({
        ok: true,
        version: 2,
      });
    });
  });

  describe('contacts', () => {
    it('create, duplicate, update with updatedAt, stale, delete — all scoped and audited', async () => {
      const customerId = await mustCreate(a.admin);
      const created = await createContact(
        a.admin,
        customerId,
        { name: 'Nancy', email: 'nancy@x.example', role: 'BILLING', language: null },
        ADDRESS,
      );
      expect(created.ok).toBe(true);
      if (!created.ok) return;
      expect(
        await createContact(a.admin, customerId, { name: 'Again', email: 'nancy@x.example', role: 'BILLING', language: 'en' }, ADDRESS),
      ).toEqual({
        ok: false,
        code: 'CONTACT_DUPLICATE',
      });
      // The same email in another role is another contact.
      expect(
        (await createContact(a.admin, customerId, { name: 'Nancy', email: 'nancy@x.example', role: 'PRIMARY', language: 'en' }, ADDRESS))
          .ok,
      ).toBe(true);

      const loaded = await getContactForEdit(a.admin, customerId, created.id);
      expect(loaded).toMatchObject({ name: 'Nancy', language: null });
      const started = loaded!.updatedAt;
      expect(
        await updateContact(
          a.admin,
          customerId,
          created.id,
          started,
          { name: 'Nancy Davolio', email: 'nancy@x.example', role: 'BILLING', language: 'zh-TW' },
          ADDRESS,
        ),
      ).toEqual({
        ok: true,
      });
      // A second tab that loaded the same contact: refused, the first save kept.
      expect(
        await updateContact(
          a.admin,
          customerId,
          created.id,
          started,
          { name: 'Other Tab', email: 'nancy@x.example', role: 'BILLING', language: null },
          ADDRESS,
        ),
      ).toEqual({
        ok: false,
        code: 'STALE',
      });
      // Moving onto the other contact's email + role is a duplicate.
      const current = await getContactForEdit(a.admin, customerId, created.id);
      expect(current).toMatchObject({ name: 'Nancy Davolio', language: 'zh-TW' });
      expect(
        await updateContact(
          a.admin,
          customerId,
          created.id,
          current!.updatedAt,
          { name: 'N', email: 'nancy@x.example', role: 'PRIMARY', language: null },
          ADDRESS,
        ),
      ).toEqual({
        ok: false,
        code: 'CONTACT_DUPLICATE',
      });
      // Deleting with an outdated state is refused; with the current one it works.
      expect(await deleteContact(a.admin, customerId, created.id, started, ADDRESS)).toEqual({ ok: false, code: 'STALE' });
      expect(await deleteContact(a.admin, customerId, created.id, current!.updatedAt, ADDRESS)).toEqual({ ok: true });
      expect(await testDb().contact.count({ where: { id: created.id } })).toBe(0);
      expect((await auditOf(created.id)).map((e) => e.action)).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
    });

    it('another partner’s customer or contact is not found and does not change', async () => {
      const foreignCustomer = await mustCreate(b.admin);
      const foreign = await createContact(
        b.admin,
        foreignCustomer,
        { name: 'Bea', email: 'bea@b.example', role: 'PRIMARY', language: null },
        ADDRESS,
      );
      if (!foreign.ok) throw new Error('setup');
      const row = await testDb().contact.findUniqueOrThrow({ where: { id: foreign.id } });
      expect(
        await createContact(a.admin, foreignCustomer, { name: 'X', email: 'x@a.example', role: 'PRIMARY', language: null }, ADDRESS),
      ).toEqual({ ok: false, code: 'NOT_FOUND' });
      expect(await getContactForEdit(a.admin, foreignCustomer, foreign.id)).toBeNull();
      expect(
        await updateContact(
          a.admin,
          foreignCustomer,
          foreign.id,
          row.updatedAt,
          { name: 'X', email: 'x@a.example', role: 'PRIMARY', language: null },
          ADDRESS,
        ),
      ).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await deleteContact(a.admin, foreignCustomer, foreign.id, row.updatedAt, ADDRESS)).toEqual({ ok: false, code: 'NOT_FOUND' });
      // Even under one of the viewer's own customers, another partner's contact id finds nothing.
      const own = await mustCreate(a.admin);
      expect(await deleteContact(a.admin, own, foreign.id, row.updatedAt, ADDRESS)).toEqual({ ok: false, code: 'NOT_FOUND' });
      expect(await testDb().contact.findUniqueOrThrow({ where: { id: foreign.id } })).toEqual(row);
      expect(await testDb().contact.count({ where: { customerId: foreignCustomer } })).toBe(1);
    });
  });

  describe('subscriptions and nextCommitmentEndAt', () => {
    it('keeps the earliest commitment end among ACTIVE subscriptions through create, update and delete', async () => {
      const customerId = await mustCreate(a.admin);
      expect(await nextEnd(customerId)).toBeNull();
      const late = await createSubscription(a.admin, customerId, subscriptionInput({ commitmentEndDate: '2027-06-30' }), ADDRESS);
      expect(await nextEnd(customerId)).toBe('2027-06-30T00:00:00.000Z');
      // An earlier one that is not active does not count.
      const suspended = await createSubscription(
        a.admin,
        customerId,
        subscriptionInput({ status: 'SUSPENDED', commitmentEndDate: '2026-12-31' }),
        ADDRESS,
      );
      expect(await nextEnd(customerId)).toBe('2027-06-30T00:00:00.000Z');
      const early = await createSubscription(
        a.admin,
        customerId,
        subscriptionInput({ offerName: 'Power BI Pro', commitmentEndDate: '2027-01-15' }),
        ADDRESS,
      );
      expect(await nextEnd(customerId)).toBe('2027-01-15T00:00:00.000Z');
      if (!late.ok || !suspended.ok || !early.ok) throw new Error('setup');

      // Reactivating the suspended one makes it the earliest.
      const loaded = await getSubscriptionForEdit(a.admin, customerId, suspended.id);
      expect(loaded).toMatchObject({
        status: 'SUSPENDED',
        startDate: '2026-03-01',
        commitmentEndDate: '2026-12-31',
        referencedByNotices: 0,
      });
      expect(
        await updateSubscription(
          a.admin,
          customerId,
          suspended.id,
          loaded!.updatedAt,
          subscriptionInput({ commitmentEndDate: '2026-12-31' }),
          ADDRESS,
        ),
      ).toEqual({ ok: true });
      expect(await nextEnd(customerId)).toBe('2026-12-31T00:00:00.000Z');
      // A stale edit changes nothing.
      expect(
        await updateSubscription(a.admin, customerId, suspended.id, loaded!.updatedAt, subscriptionInput({ status: 'CANCELLED' }), ADDRESS),
      ).toEqual({
        ok: false,
        code: 'STALE',
      });
      expect(await nextEnd(customerId)).toBe('2026-12-31T00:00:00.000Z');

      const current = await getSubscriptionForEdit(a.admin, customerId, suspended.id);
      expect(await deleteSubscription(a.admin, customerId, suspended.id, current!.updatedAt, ADDRESS)).toEqual({ ok: true });
      expect(await nextEnd(customerId)).toBe('2027-01-15T00:00:00.000Z');
      for (const id of [early.id, late.id]) {
        const row = await getSubscriptionForEdit(a.admin, customerId, id);
        expect(
          await updateSubscription(a.admin, customerId, id, row!.updatedAt, subscriptionInput({ status: 'CANCELLED' }), ADDRESS),
        ).toEqual({ ok: true });
      }
      expect(await nextEnd(customerId)).toBeNull();
      expect((await auditOf(suspended.id)).map((e) => e.action)).toEqual([
        'subscription.created',
        'subscription.updated',
        'subscription.deleted',
      ]);
    });

    it('refuses to delete a subscription that notices name', async () => {
      const customerId = await mustCreate(a.admin);
      const created = await createSubscription(a.admin, customerId, subscriptionInput(), ADDRESS);
      if (!created.ok) throw new Error('setup');
      const notice = await testDb().notice.create({
        data: { partnerId: a.partnerId, kind: 'RENEWAL', recipientRoles: ['BILLING'] },
        select: { id: true },
      });
      await testDb().noticeSubscription.create({ data: { partnerId: a.partnerId, noticeId: notice.id, subscriptionId: created.id } });
      const loaded = await getSubscriptionForEdit(a.admin, customerId, created.id);
      expect(loaded?.referencedByNotices).toBe(1);
      expect(await deleteSubscription(a.admin, customerId, created.id, loaded!.updatedAt, ADDRESS)).toEqual({
        ok: false,
        code: 'SUBSCRIPTION_IN_USE',
      });
      expect(await testDb().subscription.count({ where: { id: created.id } })).toBe(1);
    });

    it('another partner’s customer or subscription is not found and does not change', async () => {
      const foreignCustomer = await mustCreate(b.admin);
      const foreign = await createSubscription(b.admin, foreignCustomer, subscriptionInput(), ADDRESS);
      if (!foreign.ok) throw new Error('setup');
      const row = await testDb().subscription.findUniqueOrThrow({ where: { id: foreign.id } });
      expect(await createSubscription(a.admin, foreignCustomer, subscriptionInput(), ADDRESS)).toEqual({ ok: false, code: 'NOT_FOUND' });
      expect(await getSubscriptionForEdit(a.admin, foreignCustomer, foreign.id)).toBeNull();
      expect(
        await updateSubscription(a.admin, foreignCustomer, foreign.id, row.updatedAt, subscriptionInput({ quantity: 999 }), ADDRESS),
      ).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await deleteSubscription(a.admin, foreignCustomer, foreign.id, row.updatedAt, ADDRESS)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
      const own = await mustCreate(a.admin);
      expect(await updateSubscription(a.admin, own, foreign.id, row.updatedAt, subscriptionInput({ quantity: 999 }), ADDRESS)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await testDb().subscription.findUniqueOrThrow({ where: { id: foreign.id } })).toEqual(row);
      expect(await testDb().subscription.count({ where: { customerId: foreignCustomer } })).toBe(1);
    });
  });

  describe('direct relationship: declaration and review', () => {
    it('declare → pending review; approve → VERIFIED; a decided review cannot be decided again', async () => {
      const customerId = await mustCreate(a.admin);
      const declared = await declareRelationship(
        a.admin,
        customerId,
        { agreementType: 'Enterprise Agreement', evidenceNote: 'Enrollment 12345' },
        ADDRESS,
      );
      expect(declared.ok).toBe(true);
      if (!declared.ok) return;
      expect(await testDb().customer.findUniqueOrThrow({ where: { id: customerId } })).toMatchObject({
        directRelationship: 'DECLARED',
        directAgreementType: 'Enterprise Agreement',
        directEvidenceNote: 'Enrollment 12345',
        version: 2,
      });
      expect(await testDb().relationshipReview.findUniqueOrThrow({ where: { id: declared.reviewId } })).toMatchObject({
        partnerId: a.partnerId,
        customerId,
        status: 'PENDING',
        declaredById: a.admin.userId,
        decidedById: null,
      });
      // A second declaration while one is pending is refused.
      expect(await declareRelationship(a.admin, customerId, { agreementType: 'Other', evidenceNote: 'x' }, ADDRESS)).toEqual({
        ok: false,
        code: 'RELATIONSHIP_PENDING',
      });

      // Only a portal admin decides.
      await expect(
        decideRelationshipReview(a.admin, { reviewId: declared.reviewId, decision: 'approve', note: '' }, ADDRESS),
      ).resolves.toEqual({ ok: false, code: 'FORBIDDEN' });

      const when = new Date('2026-11-20T08:00:00.000Z');
      expect(
        await decideRelationshipReview(portalAdmin, { reviewId: declared.reviewId, decision: 'approve', note: 'Checked' }, ADDRESS, when),
      ).toEqual({
        ok: true,
        status: 'APPROVED',
      });
      expect(await testDb().relationshipReview.findUniqueOrThrow({ where: { id: declared.reviewId } })).toMatchObject({
        status: 'APPROVED',
        decidedById: portalAdmin.userId,
        decidedAt: when,
        decisionNote: 'Checked',
      });
      expect((await testDb().customer.findUniqueOrThrow({ where: { id: customerId } })).directRelationship).toBe('VERIFIED');
      // Decided once: a second decision (e.g. another admin's stale page) is refused and changes nothing.
      expect(await decideRelationshipReview(portalAdmin, { reviewId: declared.reviewId, decision: 'reject', note: 'No' }, ADDRESS)).toEqual(
        {
          ok: false,
          code: 'ALREADY_DECIDED',
        },
      );
      expect((await testDb().customer.findUniqueOrThrow({ where: { id: customerId } })).directRelationship).toBe('VERIFIED');
      expect(await declareRelationship(a.admin, customerId, { agreementType: 'Other', evidenceNote: 'x' }, ADDRESS)).toEqual({
        ok: false,
        code: 'RELATIONSHIP_VERIFIED',
      });

      expect((await auditOf(customerId)).map((e) => e.action)).toEqual(['customer.created', 'customer.relationship_declared']);
      const decision = await auditOf(declared.reviewId);
      expect(decision).toEqual([
        {
          action: 'relationship_review.approved',
          actorId: portalAdmin.userId,
          actorLabel: portalAdmin.email,
          partnerId: a.partnerId,
          before: { status: 'PENDING', customerId, directRelationship: 'DECLARED' },
          after: { status: 'APPROVED', customerId, directRelationship: 'VERIFIED', directServices: [], decisionNote: 'Checked' },
          address: ADDRESS,
        },
      ]);
    });

    it('reject needs a comment; after a rejection the partner may declare again', async () => {
      const customerId = await mustCreate(a.admin);
      const declared = await declareRelationship(
        a.admin,
        customerId,
        { agreementType: 'Microsoft Customer Agreement', evidenceNote: 'Signed 2025' },
        ADDRESS,
      );
      if (!declared.ok) throw new Error('setup');
      expect(
        await decideRelationshipReview(portalAdmin, { reviewId: declared.reviewId, decision: 'reject', note: '   ' }, ADDRESS),
      ).toEqual({
        ok: false,
        code: 'NOTE_REQUIRED',
      });
      expect((await testDb().relationshipReview.findUniqueOrThrow({ where: { id: declared.reviewId } })).status).toBe('PENDING');
      expect(
        await decideRelationshipReview(
          portalAdmin,
          { reviewId: declared.reviewId, decision: 'reject', note: 'No agreement number' },
          ADDRESS,
        ),
      ).toEqual({
        ok: true,
        status: 'REJECTED',
      });
      expect((await testDb().customer.findUniqueOrThrow({ where: { id: customerId } })).directRelationship).toBe('REJECTED');
      const again = await declareRelationship(
        a.admin,
        customerId,
        { agreementType: 'Microsoft Customer Agreement', evidenceNote: 'Agreement 987' },
        ADDRESS,
      );
      expect(again.ok).toBe(true);
      expect(await testDb().relationshipReview.count({ where: { customerId } })).toBe(2);
      expect(await decideRelationshipReview(portalAdmin, { reviewId: randomUUID(), decision: 'approve', note: '' }, ADDRESS)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
    });

    it('another partner’s customer cannot be declared', async () => {
      const foreign = await mustCreate(b.admin);
      expect(await declareRelationship(a.admin, foreign, { agreementType: 'Enterprise Agreement', evidenceNote: 'x' }, ADDRESS)).toEqual({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect((await testDb().customer.findUniqueOrThrow({ where: { id: foreign } })).directRelationship).toBe('NONE');
      expect(await testDb().relationshipReview.count({ where: { customerId: foreign } })).toBe(0);
    });
  });

  describe('CSV import', () => {
    const header = 'Microsoft ID,Company name,Primary domain name,Relationship,Cloud,Language';

    it('preview writes nothing; apply creates and updates in one go, audited per row and per import', async () => {
      const p = await createTestPartner();
      try {
        const existing = customerInput({ companyName: 'Old Name' });
        const existingId = await mustCreate(p.admin, existing);
        const unchanged = customerInput();
        await mustCreate(p.admin, unchanged);
        const newTenant = randomUUID();
        const text = [
          header,
          `${existing.tenantId},New Name,${existing.domain},Advisor,,`,
          `${unchanged.tenantId},${unchanged.companyName},${unchanged.domain},Reseller,Public,en`,
          `${newTenant},"Fourth Coffee, Ltd.",fourthcoffee.example,"Reseller, Delegated admin",,zh-TW`,
        ].join('\n');
        const preview = await previewImport(p.admin, 'customers', text);
        expect(preview.issues).toEqual([]);
        expect(preview.plan?.counts).toEqual({ create: 1, update: 1, unchanged: 1 });
        expect(preview.fingerprint).toMatch(/^[0-9a-f]{64}$/);
        expect(await testDb().customer.count({ where: { partnerId: p.partnerId } })).toBe(2);

        const applied = await applyImport(
          p.admin,
          { kind: 'customers', text, fileName: 'customers.csv', fingerprint: preview.fingerprint! },
          ADDRESS,
        );
        expect(applied).toEqual({ ok: true, kind: 'customers', counts: { create: 1, update: 1, unchanged: 1 } });
        expect(await testDb().customer.findUniqueOrThrow({ where: { id: existingId } })).toMatchObject({
          companyName: 'New Name',
          relationshipToPartner: 'ADVISOR',
          version: 2,
        });
        const created = await testDb().customer.findFirstOrThrow({ where: { partnerId: p.partnerId, tenantId: newTenant } });
        expect(created).toMatchObject({
          companyName: 'Fourth Coffee, Ltd.',
          preferredLanguage: 'zh_TW',
          cloud: 'PUBLIC',
          relationshipToPartner: 'RESELLER',
        });

        const events = await testDb().auditEvent.findMany({
          where: { partnerId: p.partnerId, createdAt: { gte: new Date(Date.now() - 60_000) } },
          orderBy: { id: 'asc' },
        });
        const fromImport = events.slice(2); // after the two customer.created of the setup
        expect(fromImport.map((e) => [e.action, e.targetId])).toEqual([
          ['customer.created', created.id],
          ['customer.updated', existingId],
          ['customer.import_applied', null],
        ]);
        expect(fromImport[2]?.after).toMatchObject({
          kind: 'customers',
          fileName: 'customers.csv',
          rows: 3,
          created: 1,
          updated: 1,
          unchanged: 1,
        });
        expect(fromImport[1]?.before).toMatchObject({ companyName: 'Old Name', version: 1 });

        // The same file again: the preview it was made for is stale now.
        expect(
          await applyImport(p.admin, { kind: 'customers', text, fileName: 'customers.csv', fingerprint: preview.fingerprint! }, ADDRESS),
        ).toEqual({
          ok: false,
          code: 'STALE',
        });
        // A fresh preview shows nothing left to do.
        expect((await previewImport(p.admin, 'customers', text)).plan?.counts).toEqual({ create: 0, update: 0, unchanged: 3 });
      } finally {
        await p.cleanup();
      }
    });

    it('refuses a stale preview: data changed between preview and apply, nothing written', async () => {
      const p = await createTestPartner();
      try {
        const existing = customerInput();
        const id = await mustCreate(p.admin, existing);
        const text = [
          header,
          `${existing.tenantId},Renamed by import,${existing.domain},Reseller,,`,
          `${randomUUID()},Brand New,brand-new.example,Reseller,,`,
        ].join('\n');
        const preview = await previewImport(p.admin, 'customers', text);
        // Someone edits the customer in the meantime.
        expect((await updateCustomer(p.admin, id, 1, { ...existing, companyName: 'Renamed by hand' }, ADDRESS)).ok).toBe(true);
        expect(
          await applyImport(p.admin, { kind: 'customers', text, fileName: 'x.csv', fingerprint: preview.fingerprint! }, ADDRESS),
        ).toEqual({ ok: false, code: 'STALE' });
        expect(await testDb().customer.findUniqueOrThrow({ where: { id } })).toMatchObject({ companyName: 'Renamed by hand', version: 2 });
        expect(await testDb().customer.count({ where: { partnerId: p.partnerId } })).toBe(1);
        expect(await testDb().auditEvent.count({ where: { partnerId: p.partnerId, action: { contains: 'import' } } })).toBe(0);
        // Another file than the previewed one is refused as well.
        const fresh = await previewImport(p.admin, 'customers', text);
        expect(
          await applyImport(p.admin, { kind: 'customers', text: `${text}\n`, fileName: 'x.csv', fingerprint: fresh.fingerprint! }, ADDRESS),
        ).toEqual({
          ok: false,
          code: 'STALE',
        });
      } finally {
        await p.cleanup();
      }
    });

    it('a file with one bad row applies nothing', async () => {
      const p = await createTestPartner();
      try {
        const text = [header, `${randomUUID()},Good One,good.example,Reseller,,`, `not-a-guid,Bad One,bad.example,Reseller,,`].join('\n');
        const preview = await previewImport(p.admin, 'customers', text);
        expect(preview.fingerprint).toBeNull();
        expect(preview.issues.map((i) => [i.line, i.column, i.code])).toEqual([[3, 1, 'tenantIdInvalid']]);
        const applied = await applyImport(p.admin, { kind: 'customers', text, fileName: 'x.csv', fingerprint: 'f'.repeat(64) }, ADDRESS);
        expect(applied).toMatchObject({ ok: false, code: 'INVALID' });
        expect(await testDb().customer.count({ where: { partnerId: p.partnerId } })).toBe(0);
        expect(await testDb().auditEvent.count({ where: { partnerId: p.partnerId } })).toBe(0);
      } finally {
        await p.cleanup();
      }
    });

    it('matches only within the partner: another partner’s tenant ids are unknown customers', async () => {
      const p = await createTestPartner();
      const q = await createTestPartner();
      try {
        const theirs = customerInput();
        const theirId = await mustCreate(q.admin, theirs);
        const subs = [
          'Microsoft ID,Offer name,Quantity,Term,Billing cycle,Start date,Commitment end date',
          `${theirs.tenantId},Microsoft 365 E3,5,P1Y,Annual,2026-03-01,2027-02-28`,
        ].join('\n');
        const preview = await previewImport(p.admin, 'subscriptions', subs);
        expect(preview.issues.map((i) => [i.line, i.column, i.code])).toEqual([[2, 1, 'customerNotFound']]);
        // A customers file with their tenant id creates a customer of our own; theirs stays as it is.
        const text = [header, `${theirs.tenantId},Our Own Record,${theirs.domain},Reseller,,`].join('\n');
        const customersPreview = await previewImport(p.admin, 'customers', text);
        expect(customersPreview.plan?.counts).toEqual({ create: 1, update: 0, unchanged: 0 });
        expect(
          (await applyImport(p.admin, { kind: 'customers', text, fileName: 'x.csv', fingerprint: customersPreview.fingerprint! }, ADDRESS))
            .ok,
        ).toBe(true);
        expect(await testDb().customer.findUniqueOrThrow({ where: { id: theirId } })).toMatchObject({
          companyName: theirs.companyName,
          version: 1,
          partnerId: q.partnerId,
        });
      } finally {
        await p.cleanup();
        await q.cleanup();
      }
    });

    it('contacts and subscriptions: applied with nextCommitmentEndAt kept right', async () => {
      const p = await createTestPartner();
      try {
        const c = customerInput();
        const customerId = await mustCreate(p.admin, c);
        const contacts = [
          'Customer domain,Name,Email,Role,Language',
          `${c.domain},Nancy,nancy@x.example,Billing,zh-TW`,
          `${c.domain},Andrew,andrew@x.example,Primary,`,
        ].join('\n');
        const contactPreview = await previewImport(p.admin, 'contacts', contacts);
        expect(contactPreview.plan?.counts).toEqual({ create: 2, update: 0, unchanged: 0 });
        expect(
          (
            await applyImport(
              p.admin,
              { kind: 'contacts', text: contacts, fileName: 'contacts.csv', fingerprint: contactPreview.fingerprint! },
              ADDRESS,
            )
          ).ok,
        ).toBe(true);
        expect(
          await testDb().contact.findMany({
            where: { customerId },
            orderBy: { name: 'asc' },
            select: { name: true, language: true, role: true, partnerId: true },
          }),
        ).toEqual([
          { name: 'Andrew', language: null, role: 'PRIMARY', partnerId: p.partnerId },
          { name: 'Nancy', language: 'zh_TW', role: 'BILLING', partnerId: p.partnerId },
        ]);

        const header2 = 'Microsoft ID,Offer name,Quantity,Status,Term,Billing cycle,Start date,Commitment end date,Auto-renew';
        const subs = [
          header2,
          `${c.tenantId},Microsoft 365 E3,25,Active,P1Y,Annual,2026-03-01,2027-02-28,yes`,
          `${c.tenantId},Power BI Pro,5,Suspended,P1Y,Monthly,2026-01-01,2026-12-31,no`,
          `${c.tenantId},Azure plan,1,Active,P1M,Monthly,2026-11-01,2026-11-30,yes`,
        ].join('\n');
        const subsPreview = await previewImport(p.admin, 'subscriptions', subs);
        expect(
          (
            await applyImport(
              p.admin,
              { kind: 'subscriptions', text: subs, fileName: 's.csv', fingerprint: subsPreview.fingerprint! },
              ADDRESS,
            )
          ).ok,
        ).toBe(true);
        expect(await nextEnd(customerId)).toBe('2026-11-30T00:00:00.000Z');

        // Cancelling the earliest by import moves nextCommitmentEndAt on.
        const update = [header2, `${c.tenantId},Azure plan,1,Cancelled,P1M,Monthly,2026-11-01,2026-11-30,no`].join('\n');
        const updatePreview = await previewImport(p.admin, 'subscriptions', update);
        expect(updatePreview.plan?.counts).toEqual({ create: 0, update: 1, unchanged: 0 });
        expect(
          (
            await applyImport(
              p.admin,
              { kind: 'subscriptions', text: update, fileName: 's.csv', fingerprint: updatePreview.fingerprint! },
              ADDRESS,
            )
          ).ok,
        ).toBe(true);
        expect(await nextEnd(customerId)).toBe('2027-02-28T00:00:00.000Z');
        expect(await testDb().subscription.count({ where: { customerId } })).toBe(3);
      } finally {
        await p.cleanup();
      }
    });

    it('a file at the row limit (20,000 customers) is previewed and applied in one transaction', { timeout: 180_000 }, async () => {
      const p = await createTestPartner();
      try {
        const rows = Array.from({ length: 20_000 }, (_, i) => `${randomUUID()},"Company ${i}, Inc.",c${i}.example,Reseller,,`);
        const text = [header, ...rows].join('\r\n');
        const preview = await previewImport(p.admin, 'customers', text);
        expect(preview.plan?.counts).toEqual({ create: 20_000, update: 0, unchanged: 0 });
        expect(
          await applyImport(p.admin, { kind: 'customers', text, fileName: 'big.csv', fingerprint: preview.fingerprint! }, ADDRESS),
        ).toMatchObject({ ok: true });
        expect(await testDb().customer.count({ where: { partnerId: p.partnerId } })).toBe(20_000);
        expect(await testDb().auditEvent.count({ where: { partnerId: p.partnerId } })).toBe(20_001);
        // One row more is refused as a whole, with the line where the limit is passed.
        const over = previewImport(p.admin, 'customers', `${text}\r\n${randomUUID()},One Too Many,x.example,Reseller,,`);
        expect((await over).issues).toMatchObject([{ line: 20_002, code: 'csv.TOO_MANY_RECORDS', params: { limit: 20_000 } }]);
      } finally {
        await p.cleanup();
      }
    });

    it('all or nothing: a failure while writing rolls the whole import back', async () => {
      const p = await createTestPartner();
      const marker = `FAIL-${randomUUID().slice(0, 8)}`;
      const db = testDb();
      // A trigger that fails the insert of one particular contact, after others were written.
      const fn = `fail_${randomUUID().replaceAll('-', '')}`;
      await db.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN
        IF NEW.name = '${marker}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE INSERT ON "Contact" FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
      try {
        const c = customerInput();
        const customerId = await mustCreate(p.admin, c);
        const text = [
          'Microsoft ID,Name,Email,Role',
          ...Array.from({ length: 2500 }, (_, i) => `${c.tenantId},Person ${i},p${i}@x.example,Billing`),
          `${c.tenantId},${marker},last@x.example,Billing`,
        ].join('\n');
        const preview = await previewImport(p.admin, 'contacts', text);
        expect(preview.plan?.counts.create).toBe(2501);
        await expect(
          applyImport(p.admin, { kind: 'contacts', text, fileName: 'c.csv', fingerprint: preview.fingerprint! }, ADDRESS),
        ).rejects.toThrow();
        expect(await db.contact.count({ where: { customerId } })).toBe(0);
        expect(await db.auditEvent.count({ where: { partnerId: p.partnerId, action: { startsWith: 'contact.' } } })).toBe(0);
      } finally {
        await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${fn} ON "Contact"`);
        await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${fn}()`);
        await p.cleanup();
      }
    });
  });
});
