// Automatic service-update rules: who may write them and the opt-outs, and their evaluation by the
// worker — from the import's outbox to a draft or a notice sent at once, for the right customers,
// never twice for the same communication, status and rule (two evaluations at once included).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import {
  deleteServiceUpdateRule,
  getServiceUpdateRule,
  isServiceUpdateOptOut,
  listServiceUpdateOptOuts,
  listServiceUpdateRules,
  saveServiceUpdateRule,
  setServiceUpdateOptOut,
} from '../../lib/server/data/service-update-rules';
import { evaluateServiceUpdateRules } from '../../lib/server/data/service-update-evaluation';
import { importCommunications } from '../../lib/server/data/communication-import';
import { saveTemplate } from '../../lib/server/data/notice-templates';
import { getNotice } from '../../lib/server/data/notice-reads';
import { DEFAULT_SERVICE_UPDATE_CONTENT, DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT } from '../../lib/domain/service-updates';
import type { ServiceUpdateRuleInput } from '../../lib/schemas/service-updates';
import { record } from '../support/communications';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';
import { addCommunication, buysDirectly, importPost, setCommunicationStatus } from '../support/service-updates';

const ADDRESS = '198.51.100.31';
const HOST = { messageIdHost: 'portal.example' };

let p: NoticeTestPartner;
let other: NoticeTestPartner;
let tailspin: NoticeTestCustomer;
let litware: NoticeTestCustomer;
let optedOut: NoticeTestCustomer;
let primaryOnly: NoticeTestCustomer;

const rule = (overrides: Partial<ServiceUpdateRuleInput> = {}): ServiceUpdateRuleInput => ({
  name: `Incidents ${Math.random().toString(36).slice(2, 8)}`,
  enabled: true,
  action: 'DRAFT',
  categories: ['SERVICE_INCIDENT'],
  services: [],
  minSeverity: null,
  recipientRoles: ['TECHNICAL'],
  templateId: null,
  ...overrides,
});

async function newRule(overrides: Partial<ServiceUpdateRuleInput> = {}): Promise<string> {
  const saved = await saveServiceUpdateRule(p.admin, {}, rule(overrides), { address: ADDRESS });
  if (!saved.ok) throw new Error(`saveServiceUpdateRule: ${JSON.stringify(saved)}`);
  return saved.id;
}

const noticesOf = (communicationId: string) =>
  testDb().notice.findMany({
    where: { communicationId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      status: true,
      kind: true,
      serviceUpdateRuleId: true,
      communicationStatus: true,
      subjectEn: true,
      customers: { select: { customerId: true } },
      _count: { select: { deliveries: true } },
    },
  });

/** Queues a change of these communications as the import's hook does. */
const queueChange = (communicationId: string) =>
  testDb().communicationChange.create({ data: { partnerId: p.partnerId, communicationId }, select: { id: true } });

beforeAll(async () => {
  p = await createNoticePartner();
  other = await createNoticePartner();
  const s = p.suffix;
  tailspin = await p.addCustomer({ name: `Tailspin ${s}`, contacts: [{ role: 'TECHNICAL' }] });
  litware = await p.addCustomer({ name: `Litware ${s}`, language: 'zh-TW', contacts: [{ role: 'TECHNICAL', language: 'zh-TW' }] });
  optedOut = await p.addCustomer({ name: `Opted out ${s}`, contacts: [{ role: 'TECHNICAL' }] });
  primaryOnly = await p.addCustomer({ name: `Primary only ${s}`, contacts: [{ role: 'PRIMARY' }] });
});

afterEach(async () => {
  // Each test starts without rules or queued changes of its own.
  await testDb().serviceUpdateRule.deleteMany({ where: { partnerId: p.partnerId } });
  await testDb().communicationChange.deleteMany({ where: { partnerId: { in: [p.partnerId, other.partnerId] } } });
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

describe('rules', () => {
  it('partner admins write them, with a unique name, a Service update template or the built-in text, versioned and audited', async () => {
    expect(await saveServiceUpdateRule(p.agent, {}, rule())).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await saveServiceUpdateRule(p.viewer, {}, rule())).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await saveServiceUpdateRule(p.admin, {}, rule({ categories: [] }))).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { categories: 'categoriesRequired' },
    });
    const renewal = await saveTemplate(p.admin, {}, { name: `Renewal ${p.suffix}`, kind: 'RENEWAL', content: GENERAL_CONTENT });
    if (!renewal.ok) throw new Error('template');
    expect(await saveServiceUpdateRule(p.admin, {}, rule({ templateId: renewal.id }))).toEqual({
      ok: false,
      code: 'TEMPLATE_NOT_SERVICE_UPDATE',
    });
    const foreignTemplate = await saveTemplate(
      other.admin,
      {},
      { name: 'Theirs', kind: 'SERVICE_UPDATE', content: DEFAULT_SERVICE_UPDATE_CONTENT },
    );
    if (!foreignTemplate.ok) throw new Error('template');
    expect(await saveServiceUpdateRule(p.admin, {}, rule({ templateId: foreignTemplate.id }))).toEqual({
      ok: false,
      code: 'TEMPLATE_NOT_FOUND',
    });
    const service = await saveTemplate(
      p.admin,
      {},
      { name: `Service ${p.suffix}`, kind: 'SERVICE_UPDATE', content: DEFAULT_SERVICE_UPDATE_CONTENT },
    );
    if (!service.ok) throw new Error('template');

    const input = rule({
      name: 'Exchange incidents',
      services: ['Exchange Online', ' exchange  online ', 'SharePoint Online'],
      templateId: service.id,
    });
    const created = await saveServiceUpdateRule(p.admin, {}, input, { address: ADDRESS });
    expect(created).toMatchObject({ ok: true, version: 1 });
    if (!created.ok) return;
    expect(await getServiceUpdateRule(p.viewer, created.id)).toMatchObject({
      name: 'Exchange incidents',
      services: ['Exchange Online', 'SharePoint Online'],
      template: { id: service.id },
      version: 1,
      noticeCount: 0,
    });
    expect(await saveServiceUpdateRule(p.admin, {}, rule({ name: 'Exchange incidents' }))).toEqual({ ok: false, code: 'NAME_TAKEN' });
    // Another partner's admin cannot see or change it.
    expect(await getServiceUpdateRule(other.admin, created.id)).toBeNull();
    expect(await saveServiceUpdateRule(other.admin, { id: created.id, expectedVersion: 1 }, rule())).toEqual({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await deleteServiceUpdateRule(other.admin, created.id, 1)).toEqual({ ok: false, code: 'NOT_FOUND' });
    // The template it uses stays a Service update template.
    expect(
      await saveTemplate(
        p.admin,
        { id: service.id, expectedVersion: 1 },
        { name: `Service ${p.suffix}`, kind: 'GENERAL', content: GENERAL_CONTENT },
      ),
    ).toEqual({ ok: false, code: 'TEMPLATE_KIND_LOCKED' });

    const changed = await saveServiceUpdateRule(p.admin, { id: created.id, expectedVersion: 1 }, { ...input, action: 'SEND' });
    expect(changed).toEqual({ ok: true, id: created.id, version: 2 });
    expect(await saveServiceUpdateRule(p.admin, { id: created.id, expectedVersion: 1 }, input)).toEqual({
      ok: false,
      code: 'STALE',
      currentVersion: 2,
    });
    expect((await listServiceUpdateRules(p.agent)).map((r) => [r.name, r.action])).toEqual([['Exchange incidents', 'SEND']]);
    expect(await deleteServiceUpdateRule(p.agent, created.id, 2)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await deleteServiceUpdateRule(p.admin, created.id, 1)).toEqual({ ok: false, code: 'STALE', currentVersion: 2 });
    expect(await deleteServiceUpdateRule(p.admin, created.id, 2)).toEqual({ ok: true, id: created.id });
    const actions = await testDb().auditEvent.findMany({
      where: { partnerId: p.partnerId, targetId: created.id },
      orderBy: { id: 'asc' },
      select: { action: true, address: true, actorLabel: true },
    });
    expect(actions).toEqual([
      { action: 'service_update_rule.created', address: ADDRESS, actorLabel: p.admin.email },
      { action: 'service_update_rule.updated', address: null, actorLabel: p.admin.email },
      { action: 'service_update_rule.deleted', address: null, actorLabel: p.admin.email },
    ]);
    await testDb().noticeTemplate.deleteMany({ where: { partnerId: { in: [p.partnerId, other.partnerId] } } });
  });
});

describe('opt-outs', () => {
  it('a partner admin opts a customer out and back in; others may not; another partner’s customer is not found', async () => {
    expect(await setServiceUpdateOptOut(p.agent, litware.id, true)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await setServiceUpdateOptOut(other.admin, litware.id, true)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await setServiceUpdateOptOut(p.admin, litware.id, true, { address: ADDRESS })).toEqual({
      ok: true,
      optedOut: true,
      changed: true,
    });
    expect(await setServiceUpdateOptOut(p.admin, litware.id, true)).toEqual({ ok: true, optedOut: true, changed: false });
    expect(await isServiceUpdateOptOut(p.viewer, litware.id)).toBe(true);
    expect(await isServiceUpdateOptOut(other.viewer, litware.id)).toBe(false);
    expect((await listServiceUpdateOptOuts(p.viewer)).map((row) => row.customerId)).toEqual([litware.id]);
    expect(await setServiceUpdateOptOut(p.admin, litware.id, false)).toEqual({ ok: true, optedOut: false, changed: true });
    expect(await isServiceUpdateOptOut(p.viewer, litware.id)).toBe(false);
    const events = await testDb().auditEvent.findMany({
      where: { partnerId: p.partnerId, targetId: litware.id, action: { startsWith: 'customer.service_updates' } },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(events.map((event) => event.action)).toEqual(['customer.service_updates_opted_out', 'customer.service_updates_opted_in']);
  });
});

describe('evaluation', () => {
  it('the import queues its communications only when the partner has an enabled rule', async () => {
    const [row] = await testDb().customer.findMany({ where: { id: tailspin.id }, select: { tenantId: true } });
    const incident = record({ affectedTenantIds: [row!.tenantId] });
    await importCommunications(p.partnerId, [incident], { actor: { userId: null, label: 'data-test' } });
    expect(await testDb().communicationChange.count({ where: { partnerId: p.partnerId } })).toBe(0);
    await newRule({ enabled: false });
    await importCommunications(
      p.partnerId,
      [{ ...incident, status: 'serviceDegradation', lastModifiedAt: new Date('2026-11-20T10:00:00Z') }],
      {
        actor: { userId: null, label: 'data-test' },
      },
    );
    expect(await testDb().communicationChange.count({ where: { partnerId: p.partnerId } })).toBe(0);
    await newRule();
    const later = { ...incident, status: 'serviceRestored', lastModifiedAt: new Date('2026-11-20T11:00:00Z') };
    await importCommunications(p.partnerId, [later, record()], { actor: { userId: null, label: 'data-test' } });
    // The update and the new one; importing the same again changes nothing, so queues nothing.
    expect(await testDb().communicationChange.count({ where: { partnerId: p.partnerId } })).toBe(2);
    await importCommunications(p.partnerId, [later], { actor: { userId: null, label: 'data-test' } });
    expect(await testDb().communicationChange.count({ where: { partnerId: p.partnerId } })).toBe(2);
    const stored = await testDb().microsoftCommunication.findUniqueOrThrow({
      where: { partnerId_externalId: { partnerId: p.partnerId, externalId: incident.externalId } },
      select: { id: true },
    });
    const result = await evaluateServiceUpdateRules(testDb(), new Date(), HOST);
    expect(result.changes).toBe(2);
    expect((await noticesOf(stored.id)).map((notice) => [notice.status, notice.communicationStatus])).toEqual([
      ['DRAFT', 'serviceRestored'],
    ]);
  });

  it('drafts a notice for review to the affected customers less opt-outs and those without a contact of the roles', async () => {
    const ruleId = await newRule();
    await newRule({ categories: ['OPERATIONAL'] }); // not for incidents
    await newRule({ services: ['SharePoint Online'] }); // another service
    await newRule({ minSeverity: 'critical' }); // an incident that does not interrupt the service is "high"
    await setServiceUpdateOptOut(p.admin, optedOut.id, true);
    const incident = await addCommunication(p.partnerId, [tailspin, litware, optedOut, primaryOnly], { status: 'serviceDegradation' });
    await queueChange(incident.id);
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toEqual({ changes: 1, drafts: 1, sending: 0, skipped: 0 });
    const [notice, ...more] = await noticesOf(incident.id);
    expect(more).toEqual([]);
    expect(notice).toMatchObject({
      status: 'DRAFT',
      kind: 'SERVICE_UPDATE',
      serviceUpdateRuleId: ruleId,
      communicationStatus: 'serviceDegradation',
    });
    expect(notice!.customers.map((row) => row.customerId).sort()).toEqual([tailspin.id, litware.id].sort());
    expect(notice!.subjectEn).toBe(DEFAULT_SERVICE_UPDATE_CONTENT.en.subject);
    expect(notice!._count.deliveries).toBe(0);
    expect(await getNotice(p.viewer, notice!.id)).toMatchObject({ problems: [], serviceUpdateRule: { id: ruleId } });
    const audit = await testDb().auditEvent.findFirstOrThrow({
      where: { targetId: notice!.id },
      select: { action: true, actorLabel: true, after: true },
    });
    expect(audit).toMatchObject({
      action: 'notice.service_update_drafted',
      actorLabel: 'system:service-updates',
      after: { optedOut: [optedOut.id], withoutRecipient: [primaryOnly.id], customerCount: 2 },
    });
    // The change was taken: evaluating again finds nothing to do.
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toEqual({ changes: 0, drafts: 0, sending: 0, skipped: 0 });
    await setServiceUpdateOptOut(p.admin, optedOut.id, false);
  });

  it('sends at once, never twice for the same status, and once more for a new status, with the update’s text', async () => {
    await newRule({ action: 'SEND', services: ['exchange online'], minSeverity: 'high' });
    const incident = await addCommunication(p.partnerId, [tailspin, litware], { status: 'serviceDegradation' });
    await queueChange(incident.id);
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toMatchObject({ sending: 1, drafts: 0 });
    const [first] = await noticesOf(incident.id);
    expect(first).toMatchObject({ status: 'SENDING', _count: { deliveries: 2 } });
    // The same status again (a second import, another evaluation): nothing new.
    await queueChange(incident.id);
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toMatchObject({ changes: 1, sending: 0, skipped: 1 });
    expect(await noticesOf(incident.id)).toHaveLength(1);
    // A new status: an update, with the built-in update text.
    await setCommunicationStatus(incident.id, 'serviceRestored', true);
    await queueChange(incident.id);
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toMatchObject({ sending: 1 });
    const notices = await noticesOf(incident.id);
    expect(notices.map((notice) => notice.communicationStatus)).toEqual(['serviceDegradation', 'serviceRestored']);
    expect(notices[1]!.subjectEn).toBe(DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT.en.subject);
  });

  it('makes nothing when nobody could receive it, and nothing for another partner’s rules', async () => {
    await newRule();
    const nobody = await addCommunication(p.partnerId, [primaryOnly]);
    await queueChange(nobody.id);
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toEqual({ changes: 1, drafts: 0, sending: 0, skipped: 1 });
    expect(await noticesOf(nobody.id)).toEqual([]);
    const theirCustomer = await other.addCustomer({ contacts: [{ role: 'TECHNICAL' }] });
    const theirs = await addCommunication(other.partnerId, [theirCustomer]);
    await testDb().communicationChange.create({ data: { partnerId: other.partnerId, communicationId: theirs.id } });
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toEqual({ changes: 1, drafts: 0, sending: 0, skipped: 0 });
    expect(await noticesOf(theirs.id)).toEqual([]);
  });

  it('a rule for a category targets only the affected customers for whom the communication is of that category', async () => {
    const direct = await p.addCustomer({ name: `Direct Dynamics ${p.suffix}`, contacts: [{ role: 'TECHNICAL' }] });
    await buysDirectly(direct.id, ['Dynamics 365']);
    const nonCsp = await newRule({ categories: ['NON_CSP_PRODUCTS'] });
    const operational = await newRule({ categories: ['OPERATIONAL'], action: 'SEND' });
    await newRule({ categories: ['SUBSCRIPTION_BILLING'] }); // the category of no affected customer
    // Operational for the partner and for Tailspin and Litware; non-CSP for the customer who buys Dynamics 365 directly.
    const post = await importPost(p.partnerId, [direct, tailspin, litware], {
      title: 'Dynamics 365: new security roles for forecasting',
      services: ['Dynamics 365 Apps'],
    });
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toEqual({ changes: 1, drafts: 1, sending: 1, skipped: 0 });
    const notices = await noticesOf(post.id);
    const targetsOf = (ruleId: string) =>
      notices
        .find((notice) => notice.serviceUpdateRuleId === ruleId)
        ?.customers.map((row) => row.customerId)
        .sort();
    expect(notices).toHaveLength(2);
    expect(targetsOf(nonCsp)).toEqual([direct.id]);
    expect(targetsOf(operational)).toEqual([tailspin.id, litware.id].sort());
    expect(notices.find((notice) => notice.serviceUpdateRuleId === operational)?._count.deliveries).toBe(2);
    // Evaluated again for the same status: still one notice per rule.
    await queueChange(post.id);
    expect(await evaluateServiceUpdateRules(testDb(), new Date(), HOST)).toEqual({ changes: 1, drafts: 0, sending: 0, skipped: 2 });
    expect(await noticesOf(post.id)).toHaveLength(2);
  });

  it('two evaluations at once make one notice per rule and status (the unique key), whatever their interleaving', async () => {
    const first = await newRule({ action: 'SEND' });
    const second = await newRule({ action: 'DRAFT' });
    const clients: PrismaClient[] = [
      createPrismaClient(process.env.DATABASE_URL!, { max: 2 }),
      createPrismaClient(process.env.DATABASE_URL!, { max: 2 }),
    ];
    try {
      for (let round = 0; round < 4; round += 1) {
        const incident = await addCommunication(p.partnerId, [tailspin, litware]);
        // Four queued changes of the same communication, taken by two workers at once.
        for (let i = 0; i < 4; i += 1) await queueChange(incident.id);
        const results = await Promise.all(clients.map((db) => evaluateServiceUpdateRules(db, new Date(), HOST)));
        expect(results.reduce((sum, result) => sum + result.changes, 0)).toBe(4);
        const notices = await noticesOf(incident.id);
        expect(notices.map((notice) => notice.serviceUpdateRuleId).sort()).toEqual([first, second].sort());
        expect(results.reduce((sum, result) => sum + result.sending + result.drafts, 0)).toBe(2);
        expect(notices.find((notice) => notice.serviceUpdateRuleId === first)?._count.deliveries).toBe(2);
      }
    } finally {
      await Promise.all(clients.map((db) => db.$disconnect()));
    }
    // The database itself refuses a second one.
    const [existing] = await testDb().notice.findMany({
      where: { serviceUpdateRuleId: first },
      take: 1,
      select: { communicationId: true, communicationStatus: true },
    });
    await expect(
      testDb().notice.create({
        data: {
          partnerId: p.partnerId,
          kind: 'SERVICE_UPDATE',
          recipientRoles: ['TECHNICAL'],
          serviceUpdateRuleId: first,
          communicationId: existing!.communicationId,
          communicationStatus: existing!.communicationStatus,
        },
      }),
    ).rejects.toThrow(/Notice_service_update_rule_once_key|Unique constraint/);
  });
});
