// Who receives a scheduled or sending notice follows its customers' contacts: a contact removed or
// changed after the notice was scheduled is never mailed (the queued deliveries are brought in line
// at once, and once more when the notice comes due), a changed address gets the message instead of
// the old one, and the notice page lists each change. The worker sends to a real SMTP server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import { createContact, deleteContact, updateContact } from '../../lib/server/data/customer-writes';
import { createNotice } from '../../lib/server/data/notice-writes';
import { getNotice, listRecipientChanges } from '../../lib/server/data/notice-reads';
import { scheduleNotice, sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { createSmtpTransport, type MailTransport } from '../../lib/server/mail/transport';
import { testDb } from '../support/factories';
import { GENERAL_CONTENT, createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';
import { startSmtpSink, type SmtpSink } from './support/smtp';
import { noticeStatusOf, runUntilSettled, testDispatcher } from './support/worker';

const ADDRESS = '198.51.100.20';
const HOUR = 3_600_000;

let db: PrismaClient;
let p: NoticeTestPartner;
const open: { sinks: SmtpSink[]; transports: MailTransport[] } = { sinks: [], transports: [] };

beforeAll(async () => {
  db = createPrismaClient(inject('integrationDatabaseUrl'), { max: 4 });
  p = await createNoticePartner();
});

afterEach(async () => {
  for (const transport of open.transports.splice(0)) await transport.close();
  for (const sink of open.sinks.splice(0)) await sink.close();
});

afterAll(async () => {
  await p?.cleanup();
  await db?.$disconnect();
});

async function worker(now: () => Date) {
  const sink = await startSmtpSink();
  open.sinks.push(sink);
  const transport = createSmtpTransport(sink.url, { maxConnections: 2 });
  open.transports.push(transport);
  const dispatcher = testDispatcher(db, transport, { now });
  return { sink, dispatcher };
}

const statusOf = noticeStatusOf;

const deliveries = (noticeId: string) =>
  testDb().noticeDelivery.findMany({
    where: { noticeId },
    orderBy: { recipientEmail: 'asc' },
    select: { recipientEmail: true, status: true, lastError: true, customerId: true },
  });

async function newNotice(customers: NoticeTestCustomer[]): Promise<string> {
  const created = await createNotice(p.agent, {
    kind: 'GENERAL',
    content: GENERAL_CONTENT,
    target: { mode: 'customers', customerIds: customers.map((customer) => customer.id) },
    recipientRoles: ['BILLING'],
  });
  if (!created.ok) throw new Error(`createNotice: ${JSON.stringify(created)}`);
  return created.id;
}

async function contactRow(contactId: string) {
  return testDb().contact.findUniqueOrThrow({ where: { id: contactId }, select: { updatedAt: true, name: true, role: true } });
}

describe('recipients follow the contacts', () => {
  it('a scheduled notice: a removed contact and an old address get nothing, the new address gets it, the page lists the changes', async () => {
    const s = p.suffix;
    // Adatum sorts first, so the address both customers share is first owed to Adatum's contact.
    const adatum = await p.addCustomer({
      name: `Adatum ${s}`,
      contacts: [
        { role: 'BILLING', email: `keep-${s}@adatum.example` },
        { role: 'BILLING', email: `gone-${s}@adatum.example` },
        { role: 'BILLING', email: `old-${s}@adatum.example` },
        { role: 'BILLING', email: `shared-${s}@group.example` },
      ],
    });
    const tailspin = await p.addCustomer({
      name: `Tailspin ${s}`,
      contacts: [
        { role: 'BILLING', email: `b-${s}@tailspin.example` },
        { role: 'BILLING', email: `shared-${s}@group.example` },
      ],
    });
    const noticeId = await newNotice([adatum, tailspin]);
    const at = new Date(Date.now() + HOUR);
    expect(await scheduleNotice(p.agent, noticeId, 1, at)).toMatchObject({ ok: true, status: 'SCHEDULED' });
    expect((await deliveries(noticeId)).map((d) => d.recipientEmail)).toHaveLength(5);

    const [keep, gone, old, shared] = adatum.contacts;
    const goneRow = await contactRow(gone!.id);
    expect(await deleteContact(p.admin, adatum.id, gone!.id, goneRow.updatedAt, ADDRESS)).toEqual({ ok: true });
    const oldRow = await contactRow(old!.id);
    const changed = { name: oldRow.name, email: `new-${s}@adatum.example`, role: oldRow.role, language: null };
    expect(await updateContact(p.admin, adatum.id, old!.id, oldRow.updatedAt, changed, ADDRESS)).toEqual({ ok: true });
    // The shared address stays a recipient: Tailspin's contact still has it.
    const sharedRow = await contactRow(shared!.id);
    expect(await deleteContact(p.admin, adatum.id, shared!.id, sharedRow.updatedAt, ADDRESS)).toEqual({ ok: true });

    const queued = await deliveries(noticeId);
    expect(queued.map((d) => [d.recipientEmail, d.status])).toEqual([
      [`b-${s}@tailspin.example`, 'QUEUED'],
      [keep!.email, 'QUEUED'],
      [`new-${s}@adatum.example`, 'QUEUED'],
      [`shared-${s}@group.example`, 'QUEUED'],
    ]);
    expect(queued.find((d) => d.recipientEmail === `shared-${s}@group.example`)?.customerId).toBe(tailspin.id);

    const changes = await listRecipientChanges(p.viewer, noticeId);
    expect(changes.map((c) => [c.reason, c.removed, c.added])).toEqual([
      ['CONTACT_UPDATED', [`old-${s}@adatum.example`], [`new-${s}@adatum.example`]],
      ['CONTACT_DELETED', [`gone-${s}@adatum.example`], []],
    ]);
    expect(changes.every((c) => c.actor === p.admin.email && !c.byPortal)).toBe(true);

    const { sink, dispatcher } = await worker(() => new Date(at.getTime() + 1_000));
    await runUntilSettled(dispatcher, noticeId);
    expect(await statusOf(noticeId)).toBe('SENT');
    const to = sink.received
      .map((m) => m.to)
      .flat()
      .sort();
    expect(to).toEqual([`b-${s}@tailspin.example`, keep!.email, `new-${s}@adatum.example`, `shared-${s}@group.example`].sort());
    expect(to).not.toContain(`gone-${s}@adatum.example`);
    expect(to).not.toContain(`old-${s}@adatum.example`);
  });

  it('a contact added before the notice is due receives it too', async () => {
    const s = p.suffix;
    const litware = await p.addCustomer({ name: `Litware ${s}`, contacts: [{ role: 'BILLING', email: `first-${s}@litware.example` }] });
    const noticeId = await newNotice([litware]);
    const at = new Date(Date.now() + HOUR);
    expect(await scheduleNotice(p.agent, noticeId, 1, at)).toMatchObject({ ok: true });
    const added = await createContact(
      p.admin,
      litware.id,
      { name: 'Second', email: `second-${s}@litware.example`, role: 'BILLING', language: null },
      ADDRESS,
    );
    expect(added).toMatchObject({ ok: true });
    expect((await deliveries(noticeId)).map((d) => d.recipientEmail)).toEqual([
      `first-${s}@litware.example`,
      `second-${s}@litware.example`,
    ]);
    expect((await listRecipientChanges(p.viewer, noticeId))[0]).toMatchObject({
      reason: 'CONTACT_CREATED',
      added: [`second-${s}@litware.example`],
      removed: [],
    });
  });

  it('a sending notice: the removed contact’s delivery is cancelled, never sent; a changed address is sent instead', async () => {
    const s = p.suffix;
    const proseware = await p.addCustomer({
      name: `Proseware ${s}`,
      contacts: [
        { role: 'BILLING', email: `stay-${s}@proseware.example` },
        { role: 'BILLING', email: `leave-${s}@proseware.example` },
        { role: 'BILLING', email: `moved-${s}@proseware.example` },
      ],
    });
    const noticeId = await newNotice([proseware]);
    expect(await sendNoticeNow(p.agent, noticeId, 1)).toMatchObject({ ok: true, status: 'SENDING' });
    const [, leave, moved] = proseware.contacts;
    const leaveRow = await contactRow(leave!.id);
    expect(await deleteContact(p.admin, proseware.id, leave!.id, leaveRow.updatedAt, ADDRESS)).toEqual({ ok: true });
    const movedRow = await contactRow(moved!.id);
    const next = { name: movedRow.name, email: `arrived-${s}@proseware.example`, role: movedRow.role, language: null };
    expect(await updateContact(p.admin, proseware.id, moved!.id, movedRow.updatedAt, next, ADDRESS)).toEqual({ ok: true });
    expect((await deliveries(noticeId)).map((d) => [d.recipientEmail, d.status, d.lastError])).toEqual([
      [`arrived-${s}@proseware.example`, 'QUEUED', null],
      [`leave-${s}@proseware.example`, 'CANCELLED', 'RECIPIENT_REMOVED'],
      [`moved-${s}@proseware.example`, 'CANCELLED', 'RECIPIENT_REMOVED'],
      [`stay-${s}@proseware.example`, 'QUEUED', null],
    ]);
    const { sink, dispatcher } = await worker(() => new Date());
    await runUntilSettled(dispatcher, noticeId);
    expect(await statusOf(noticeId)).toBe('SENT');
    expect(
      sink.received
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual([`arrived-${s}@proseware.example`, `stay-${s}@proseware.example`]);
  });

  it('a notice that no longer passes its checks when it comes due goes back to draft, and nothing is sent', async () => {
    const s = p.suffix;
    const northwind = await p.addCustomer({
      name: `Northwind ${s}`,
      contacts: [{ role: 'BILLING', email: `only-${s}@northwind.example` }],
    });
    const noticeId = await newNotice([northwind]);
    const at = new Date(Date.now() + HOUR);
    expect(await scheduleNotice(p.agent, noticeId, 1, at)).toMatchObject({ ok: true });
    const only = northwind.contacts[0]!;
    expect(await deleteContact(p.admin, northwind.id, only.id, (await contactRow(only.id)).updatedAt, ADDRESS)).toEqual({ ok: true });
    expect(await deliveries(noticeId)).toEqual([]);
    // Still scheduled, and its page says why it cannot be sent.
    expect((await getNotice(p.viewer, noticeId))?.problems).toEqual([{ code: 'TARGET_WITHOUT_RECIPIENT', customerId: northwind.id }]);

    const { sink, dispatcher } = await worker(() => new Date(at.getTime() + 1_000));
    await dispatcher.tick();
    expect(await statusOf(noticeId)).toBe('DRAFT');
    expect(sink.received.flatMap((m) => m.to)).not.toContain(only.email);
    expect(await deliveries(noticeId)).toEqual([]);
    expect((await listRecipientChanges(p.viewer, noticeId))[0]).toMatchObject({ kind: 'RETURNED_TO_DRAFT', byPortal: true });
  });
});
