// Telling affected customers about a Microsoft communication: what the composer opens with
// (targets, policy, roles, text), notices linked to a communication (kind, targets, variables,
// scoping), the preview filled from the live communication, what the communication's page offers,
// and the links between notices, communications and customers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotice, duplicateNotice, updateNotice } from '../../lib/server/data/notice-writes';
import { getNotice, listNotices } from '../../lib/server/data/notice-reads';
import { renderPreview } from '../../lib/server/data/notice-preview';
import { getCommunicationNotices, getServiceUpdateComposer } from '../../lib/server/data/service-updates';
import { getCustomerDetail } from '../../lib/server/data/customers';
import { getCommunication } from '../../lib/server/data/communications';
import { getCommunicationLabel } from '../../lib/server/data/notice-filters';
import { saveTemplate } from '../../lib/server/data/notice-templates';
import { DEFAULT_SERVICE_UPDATE_CONTENT, DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT } from '../../lib/domain/service-updates';
import type { NoticeInput } from '../../lib/schemas/notices';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';
import { addCommunication, buysDirectly, importPost, setCommunicationStatus, type TestCommunication } from '../support/service-updates';

let p: NoticeTestPartner;
let other: NoticeTestPartner;
let tailspin: NoticeTestCustomer;
let litware: NoticeTestCustomer;
let noTechnical: NoticeTestCustomer;
let bystander: NoticeTestCustomer;
let incident: TestCommunication;
let foreign: TestCommunication;

const CONTENT = {
  en: {
    subject: '{{communication.id}}: {{communication.status}}',
    body: 'Dear {{customer.name}}, {{communication.title}} since {{communication.startDateTime}}.',
  },
  'zh-TW': { subject: '{{communication.id}}：{{communication.status}}', body: '{{customer.name}} 您好：{{communication.title}}。' },
};

const serviceUpdate = (overrides: Partial<NoticeInput> = {}): NoticeInput => ({
  kind: 'SERVICE_UPDATE',
  content: CONTENT,
  target: { mode: 'affected', excludeCustomerIds: [noTechnical.id] },
  recipientRoles: ['TECHNICAL'],
  communicationId: incident.id,
  ...overrides,
});

const markSent = (noticeId: string) => testDb().notice.update({ where: { id: noticeId }, data: { status: 'SENT', sentAt: new Date() } });

beforeAll(async () => {
  p = await createNoticePartner();
  other = await createNoticePartner();
  const s = p.suffix;
  tailspin = await p.addCustomer({
    name: `Tailspin ${s}`,
    contacts: [{ role: 'TECHNICAL', email: `yuki-${s}@tailspin.example` }, { role: 'BILLING' }],
  });
  litware = await p.addCustomer({
    name: `Litware ${s}`,
    language: 'zh-TW',
    contacts: [{ role: 'TECHNICAL', email: `chiahao-${s}@litware.example`, language: 'zh-TW' }],
  });
  noTechnical = await p.addCustomer({ name: `Wide World ${s}`, contacts: [{ role: 'PRIMARY' }] });
  bystander = await p.addCustomer({ name: `Bystander ${s}`, contacts: [{ role: 'TECHNICAL' }] });
  incident = await addCommunication(p.partnerId, [tailspin, litware, noTechnical], { status: 'serviceDegradation' });
  const otherCustomer = await other.addCustomer({ contacts: [{ role: 'TECHNICAL' }] });
  foreign = await addCommunication(other.partnerId, [otherCustomer]);
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

describe('what the composer opens with', () => {
  it('every affected customer chosen, technical contacts, the built-in text, and the policy per customer', async () => {
    const billing = await addCommunication(p.partnerId, [tailspin], { category: 'SUBSCRIPTION_BILLING' });
    const about = await getServiceUpdateComposer(p.agent, incident.id);
    expect(about).toMatchObject({
      communication: { id: incident.id, externalId: incident.externalId, status: 'serviceDegradation', category: 'SERVICE_INCIDENT' },
      isUpdate: false,
      previousNoticeId: null,
      affectedCount: 3,
      excludedIds: [],
      recipientRoles: ['TECHNICAL'],
      templateId: null,
      content: DEFAULT_SERVICE_UPDATE_CONTENT,
    });
    expect(about!.affected.map((customer) => customer.companyName)).toEqual([
      litware.companyName,
      tailspin.companyName,
      noTechnical.companyName,
    ]);
    // A service incident: Microsoft may have told every one of them directly.
    expect(about!.affected.every((customer) => customer.microsoftMayHaveTold && customer.outcome === 'MICROSOFT_MAY_CONTACT')).toBe(true);
    expect(about!.affected.find((customer) => customer.id === noTechnical.id)?.contactsByRole).toEqual({
      PRIMARY: 1,
      BILLING: 0,
      TECHNICAL: 0,
    });
    // Billing to a reseller's customer is the partner's alone: Microsoft has not told it.
    const aboutBilling = await getServiceUpdateComposer(p.agent, billing.id);
    expect(aboutBilling!.affected).toEqual([
      expect.objectContaining({ id: tailspin.id, outcome: 'PARTNER_ONLY', microsoftMayHaveTold: false }),
    ]);
  });

  it('the partner’s Service update template when it has one (the first by name)', async () => {
    const made = await saveTemplate(p.admin, {}, { name: `B service ${p.suffix}`, kind: 'SERVICE_UPDATE', content: CONTENT });
    const renewal = await saveTemplate(p.admin, {}, { name: `A renewal ${p.suffix}`, kind: 'RENEWAL', content: GENERAL_CONTENT });
    expect(made.ok && renewal.ok).toBe(true);
    const about = await getServiceUpdateComposer(p.viewer, incident.id);
    expect(about?.templateId).toBe(made.ok ? made.id : null);
    expect(about?.content).toEqual(CONTENT);
    await testDb().noticeTemplate.deleteMany({ where: { partnerId: p.partnerId } });
  });

  it('another partner’s communication, or no id at all, is not found', async () => {
    expect(await getServiceUpdateComposer(p.agent, foreign.id)).toBeNull();
    expect(await getServiceUpdateComposer(p.agent, 'not-an-id')).toBeNull();
    expect(await getCommunicationNotices(p.agent, foreign.id)).toBeNull();
    expect(await getCommunicationLabel(p.agent, foreign.id)).toBeNull();
  });
});

describe('a notice about a communication', () => {
  it('goes to the affected customers less those left out, records the status, and links both ways', async () => {
    const created = await createNotice(p.agent, serviceUpdate());
    expect(created).toMatchObject({ ok: true, status: 'DRAFT' });
    if (!created.ok) return;
    const notice = await getNotice(p.viewer, created.id);
    expect(notice?.targets.map((target) => target.companyName)).toEqual([litware.companyName, tailspin.companyName]);
    expect(notice).toMatchObject({
      kind: 'SERVICE_UPDATE',
      communicationStatus: 'serviceDegradation',
      communication: { id: incident.id, externalId: incident.externalId, title: incident.title, status: 'serviceDegradation' },
      problems: [],
      recipientCount: 2,
    });
    const listed = await listNotices(p.viewer, { communicationId: incident.id });
    expect(listed.items.map((item) => item.id)).toContain(created.id);
    expect(listed.items.find((item) => item.id === created.id)?.communication).toEqual({
      id: incident.id,
      externalId: incident.externalId,
      title: incident.title,
    });
    expect((await listNotices(p.viewer, { communicationId: foreign.id })).items).toEqual([]);
    const detail = await getCustomerDetail(p.viewer, tailspin.id);
    expect(detail?.notices.find((row) => row.id === created.id)).toMatchObject({
      communicationId: incident.id,
      communicationExternalId: incident.externalId,
    });
    expect(detail?.communications.find((row) => row.id === incident.id)?.noticeCount).toBeGreaterThanOrEqual(1);
    expect((await getCustomerDetail(p.viewer, noTechnical.id))?.communications.find((row) => row.id === incident.id)?.noticeCount).toBe(0);
    const audit = await testDb().auditEvent.findFirst({
      where: { targetId: created.id, action: 'notice.created' },
      select: { after: true },
    });
    expect(audit?.after).toMatchObject({ communicationId: incident.id, communicationStatus: 'serviceDegradation' });
  });

  it('is a service update, about one of the partner’s communications, written by those who may', async () => {
    expect(await createNotice(p.agent, serviceUpdate({ kind: 'GENERAL' }))).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { kind: 'kindInvalid' },
    });
    expect(await createNotice(p.agent, serviceUpdate({ communicationId: foreign.id }))).toEqual({
      ok: false,
      code: 'COMMUNICATION_NOT_FOUND',
    });
    expect(await createNotice(p.viewer, serviceUpdate())).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await createNotice(p.agent, serviceUpdate({ communicationId: null }))).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { target: 'targetInvalid' },
    });
    // Its kind stays: an edit to another kind is refused, and nothing changed.
    const created = await createNotice(p.agent, serviceUpdate());
    if (!created.ok) throw new Error('not created');
    expect(await updateNotice(p.agent, created.id, created.version, { kind: 'GENERAL' })).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { kind: 'kindInvalid' },
    });
    // An edit of its targets is resolved against the communication again.
    const edited = await updateNotice(p.agent, created.id, created.version, {
      target: { mode: 'affected', excludeCustomerIds: [noTechnical.id, litware.id] },
    });
    expect(edited).toMatchObject({ ok: true });
    expect((await getNotice(p.viewer, created.id))?.targets.map((target) => target.customerId)).toEqual([tailspin.id]);
  });

  it('refuses the {{communication.*}} variables in a notice about no communication, clearly', async () => {
    const result = await createNotice(p.agent, {
      kind: 'GENERAL',
      content: CONTENT,
      target: { mode: 'customers', customerIds: [tailspin.id] },
      recipientRoles: ['TECHNICAL'],
    });
    expect(result.ok).toBe(false);
    if (result.ok || result.code !== 'NOTICE_INVALID') throw new Error('expected NOTICE_INVALID');
    expect(new Set(result.errors.map((error) => error.code))).toEqual(new Set(['VARIABLE_NEEDS_COMMUNICATION']));
    expect(result.errors).toContainEqual(expect.objectContaining({ name: 'communication.id', language: 'en', field: 'subject' }));
  });

  it('a customer without a contact of the roles is named, not sent to', async () => {
    const result = await createNotice(p.agent, serviceUpdate({ target: { mode: 'affected', excludeCustomerIds: [] } }));
    expect(result).toEqual({
      ok: false,
      code: 'NOTICE_INVALID',
      errors: [{ code: 'TARGET_WITHOUT_RECIPIENT', customerId: noTechnical.id }],
    });
  });

  it('a copy keeps its communication and records its status now', async () => {
    const created = await createNotice(p.agent, serviceUpdate());
    if (!created.ok) throw new Error('not created');
    await setCommunicationStatus(incident.id, 'restoringService');
    const copy = await duplicateNotice(p.agent, created.id);
    if (!copy.ok) throw new Error('not copied');
    expect(await getNotice(p.viewer, copy.id)).toMatchObject({
      communicationStatus: 'restoringService',
      communication: { id: incident.id },
      problems: [],
    });
    await setCommunicationStatus(incident.id, 'serviceDegradation');
  });
});

describe('the preview', () => {
  it('fills the variables from the live communication, in each recipient’s language', async () => {
    const draft = serviceUpdate();
    const preview = await renderPreview(p.agent, { draft });
    expect(preview?.recipients.map((recipient) => [recipient.email, recipient.language])).toEqual([
      [litware.contacts[0]!.email, 'zh-TW'],
      [tailspin.contacts[0]!.email, 'en'],
    ]);
    const subjects = Object.fromEntries(preview!.previews.map((shown) => [shown.language, shown.rendered.subject]));
    expect(subjects).toEqual({ en: `${incident.externalId}: Service degradation`, 'zh-TW': `${incident.externalId}：服務效能降低` });
    expect(preview!.previews.find((shown) => shown.language === 'en')?.rendered.text).toContain('November 20, 2026 at 8:00 AM UTC');
    expect(preview!.problems).toEqual([]);
    // The communication changes: the next preview says so.
    await setCommunicationStatus(incident.id, 'serviceRestored', true);
    const later = await renderPreview(p.agent, { draft }, { language: 'en' });
    expect(later?.previews[0]?.rendered.subject).toBe(`${incident.externalId}: Service restored`);
    await setCommunicationStatus(incident.id, 'serviceDegradation');
    // A stored notice previews the same way.
    const created = await createNotice(p.agent, draft);
    if (!created.ok) throw new Error('not created');
    const stored = await renderPreview(p.agent, { noticeId: created.id }, { language: 'zh-TW' });
    expect(stored?.previews[0]?.rendered.subject).toBe(`${incident.externalId}：服務效能降低`);
  });

  it('is not given for another partner’s communication', async () => {
    expect(await renderPreview(p.agent, { draft: serviceUpdate({ communicationId: foreign.id }) })).toBeNull();
  });
});

describe('what the communication’s page offers', () => {
  it('"Tell affected customers" until a notice went out, then "Send an update" once the status changed, to the same recipients', async () => {
    const fresh = await addCommunication(p.partnerId, [tailspin, litware, bystander], { status: 'investigating' });
    expect((await getCommunicationNotices(p.viewer, fresh.id))?.offer).toEqual({ code: 'TELL' });
    const first = await createNotice(p.agent, {
      ...serviceUpdate({ communicationId: fresh.id, target: { mode: 'affected', excludeCustomerIds: [bystander.id] } }),
      recipientRoles: ['TECHNICAL', 'BILLING'],
    });
    if (!first.ok) throw new Error('not created');
    // A draft has not gone out.
    expect((await getCommunicationNotices(p.viewer, fresh.id))?.offer).toEqual({ code: 'TELL' });
    await markSent(first.id);
    const told = await getCommunicationNotices(p.viewer, fresh.id);
    expect(told?.offer).toEqual({ code: 'UP_TO_DATE', previousNoticeId: first.id });
    expect(told?.notices).toEqual([
      expect.objectContaining({ id: first.id, status: 'SENT', communicationStatus: 'investigating', customerCount: 2, ruleName: null }),
    ]);
    await setCommunicationStatus(fresh.id, 'serviceRestored', true);
    expect((await getCommunicationNotices(p.viewer, fresh.id))?.offer).toEqual({
      code: 'UPDATE',
      previousNoticeId: first.id,
      previousStatus: 'investigating',
    });
    const update = await getServiceUpdateComposer(p.agent, fresh.id, { update: true });
    expect(update).toMatchObject({
      isUpdate: true,
      previousNoticeId: first.id,
      excludedIds: [bystander.id],
      recipientRoles: ['BILLING', 'TECHNICAL'],
      content: DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT,
    });
    // Asked for an update where nothing went out: a first notice.
    expect(await getServiceUpdateComposer(p.agent, incident.id, { update: true })).toMatchObject({ isUpdate: false, excludedIds: [] });
  });
});

describe('the policy per customer in the composer', () => {
  let q: NoticeTestPartner;
  beforeAll(async () => {
    q = await createNoticePartner();
  });
  afterAll(async () => {
    await q?.cleanup();
  });

  it('follows each customer’s own category, as the communication’s page does', async () => {
    const direct = await q.addCustomer({ name: `Direct Dynamics ${q.suffix}`, contacts: [{ role: 'TECHNICAL' }] });
    const reseller = await q.addCustomer({ name: `Plain Reseller ${q.suffix}`, contacts: [{ role: 'TECHNICAL' }] });
    await buysDirectly(direct.id, ['Dynamics 365']);
    // Billing (its title) for the partner; for the customer who buys Dynamics 365 directly, its non-CSP products.
    const post = await importPost(q.partnerId, [direct, reseller], {
      title: 'New pricing for Dynamics 365 Sales',
      services: ['Dynamics 365 Apps'],
    });
    const composer = await getServiceUpdateComposer(q.agent, post.id);
    expect(composer?.communication.category).toBe('SUBSCRIPTION_BILLING');
    const outcomes = Object.fromEntries(
      composer!.affected.map((customer) => [customer.id, [customer.category, customer.outcome, customer.microsoftMayHaveTold]]),
    );
    expect(outcomes).toEqual({
      [direct.id]: ['NON_CSP_PRODUCTS', 'MICROSOFT_DIRECT_NON_CSP', true],
      [reseller.id]: ['SUBSCRIPTION_BILLING', 'PARTNER_ONLY', false],
    });
    // The same decision the communication's page shows for each of them.
    const page = await getCommunication(q.agent, post.id);
    expect(Object.fromEntries(page!.affected.map((customer) => [customer.id, customer.decision.outcome]))).toEqual(
      Object.fromEntries(composer!.affected.map((customer) => [customer.id, customer.outcome])),
    );
  });
});
