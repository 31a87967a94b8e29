// Telling affected customers, through the delivery worker to a real SMTP server: the mail carries
// the incident (the {{communication.*}} variables filled at send time, in each recipient's
// language); an update threads with each recipient's own first message (In-Reply-To and
// References with that message's Message-ID; a recipient who got no first message gets none); and
// an automatic "send at once" rule, fed by the import, goes out without anyone touching it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import { createNotice } from '../../lib/server/data/notice-writes';
import { sendNoticeNow } from '../../lib/server/data/notice-transitions';
import { saveServiceUpdateRule } from '../../lib/server/data/service-update-rules';
import { importCommunications } from '../../lib/server/data/communication-import';
import { createSmtpTransport, type MailTransport } from '../../lib/server/mail/transport';
import { DEFAULT_SERVICE_UPDATE_CONTENT, DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT } from '../../lib/domain/service-updates';
import { record } from '../support/communications';
import { testDb } from '../support/factories';
import { createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';
import { addCommunication, setCommunicationStatus } from '../support/service-updates';
import { parseMessage, startSmtpSink, type SmtpSink } from './support/smtp';
import { noticeStatusOf, runUntilSettled, testDispatcher } from './support/worker';

let db: PrismaClient;
let p: NoticeTestPartner;
let tailspin: NoticeTestCustomer;
let litware: NoticeTestCustomer;
let latecomer: NoticeTestCustomer;
const open: { sinks: SmtpSink[]; transports: MailTransport[] } = { sinks: [], transports: [] };

beforeAll(async () => {
  db = createPrismaClient(inject('integrationDatabaseUrl'), { max: 4 });
  p = await createNoticePartner();
  const s = p.suffix;
  tailspin = await p.addCustomer({
    name: `Tailspin ${s}`,
    contacts: [
      { role: 'TECHNICAL', email: `yuki-${s}@tailspin.example` },
      { role: 'TECHNICAL', email: `ops-${s}@tailspin.example` },
    ],
  });
  litware = await p.addCustomer({
    name: `Litware ${s}`,
    language: 'zh-TW',
    contacts: [{ role: 'TECHNICAL', email: `chiahao-${s}@litware.example`, language: 'zh-TW' }],
  });
  latecomer = await p.addCustomer({ name: `Latecomer ${s}`, contacts: [{ role: 'TECHNICAL', email: `late-${s}@late.example` }] });
});

afterEach(async () => {
  for (const transport of open.transports.splice(0)) await transport.close();
  for (const sink of open.sinks.splice(0)) await sink.close();
});

afterAll(async () => {
  await p?.cleanup();
  await db?.$disconnect();
});

async function worker() {
  const sink = await startSmtpSink();
  open.sinks.push(sink);
  const transport = createSmtpTransport(sink.url, { maxConnections: 2 });
  open.transports.push(transport);
  return { sink, dispatcher: testDispatcher(db, transport) };
}

const statusOf = noticeStatusOf;

const deliveriesOf = async (noticeId: string) =>
  new Map(
    (await testDb().noticeDelivery.findMany({ where: { noticeId }, select: { recipientEmail: true, messageId: true, status: true } })).map(
      (delivery) => [delivery.recipientEmail, delivery],
    ),
  );

async function tell(communicationId: string, excludeCustomerIds: string[], content = DEFAULT_SERVICE_UPDATE_CONTENT): Promise<string> {
  const created = await createNotice(p.agent, {
    kind: 'SERVICE_UPDATE',
    content,
    target: { mode: 'affected', excludeCustomerIds },
    recipientRoles: ['TECHNICAL'],
    communicationId,
  });
  if (!created.ok) throw new Error(`createNotice: ${JSON.stringify(created)}`);
  const sent = await sendNoticeNow(p.agent, created.id, created.version);
  if (!sent.ok) throw new Error(`sendNoticeNow: ${JSON.stringify(sent)}`);
  return created.id;
}

describe('telling affected customers by mail', () => {
  it('the first notice carries the incident in each language; the update threads with each recipient’s own first message', async () => {
    const incident = await addCommunication(p.partnerId, [tailspin, litware, latecomer], {
      status: 'serviceDegradation',
      title: 'Users may experience delays sending or receiving email',
    });
    const { sink, dispatcher } = await worker();

    // The first notice leaves the latecomer out.
    const firstId = await tell(incident.id, [latecomer.id]);
    await runUntilSettled(dispatcher, firstId);
    expect(await statusOf(firstId)).toBe('SENT');
    const first = await deliveriesOf(firstId);
    expect([...first.keys()].sort()).toEqual([tailspin.contacts[0]!.email, tailspin.contacts[1]!.email, litware.contacts[0]!.email].sort());
    const received = (email: string, messageId: string) => {
      const message = sink.received.find((m) => m.to.includes(email.toLowerCase()) && m.messageId === messageId);
      if (!message) throw new Error(`no message ${messageId} for ${email}`);
      return parseMessage(message.raw);
    };
    const yuki = received(tailspin.contacts[0]!.email, first.get(tailspin.contacts[0]!.email)!.messageId);
    expect(yuki.headers.get('subject')).toBe('Microsoft service notice: Users may experience delays sending or receiving email');
    expect(yuki.text).toContain(incident.externalId);
    expect(yuki.text).toContain('Status: Service degradation');
    expect(yuki.text).toContain('Started: November 20, 2026 at 8:00 AM UTC');
    expect(yuki.headers.has('in-reply-to')).toBe(false);
    expect(yuki.headers.has('references')).toBe(false);
    const chiahao = received(litware.contacts[0]!.email, first.get(litware.contacts[0]!.email)!.messageId);
    expect(chiahao.headers.get('subject')).toBe('Microsoft 服務通知：Users may experience delays sending or receiving email');
    expect(chiahao.text).toContain('狀態：服務效能降低');

    // The incident is resolved: the update goes to everyone affected now, the latecomer included.
    await setCommunicationStatus(incident.id, 'serviceRestored', true);
    const updateId = await tell(incident.id, [], DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT);
    await runUntilSettled(dispatcher, updateId);
    expect(await statusOf(updateId)).toBe('SENT');
    const update = await deliveriesOf(updateId);
    for (const [email, { messageId: firstMessageId }] of first) {
      const message = received(email, update.get(email)!.messageId);
      // Each recipient's own first message, not anyone else's.
      expect(message.headers.get('in-reply-to')).toBe(firstMessageId);
      expect(message.headers.get('references')).toBe(firstMessageId);
    }
    const late = received(latecomer.contacts[0]!.email, update.get(latecomer.contacts[0]!.email)!.messageId);
    expect(late.headers.has('in-reply-to')).toBe(false);
    expect(late.headers.has('references')).toBe(false);
    const yukiUpdate = received(tailspin.contacts[0]!.email, update.get(tailspin.contacts[0]!.email)!.messageId);
    expect(yukiUpdate.headers.get('subject')).toBe('Update: Users may experience delays sending or receiving email — Service restored');

    // A third message still follows up the first one, not the update.
    await setCommunicationStatus(incident.id, 'postIncidentReviewPublished', true);
    const thirdId = await tell(incident.id, [], DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT);
    await runUntilSettled(dispatcher, thirdId);
    const third = await deliveriesOf(thirdId);
    const lateThird = received(latecomer.contacts[0]!.email, third.get(latecomer.contacts[0]!.email)!.messageId);
    expect(lateThird.headers.get('in-reply-to')).toBe(update.get(latecomer.contacts[0]!.email)!.messageId);
    const yukiThird = received(tailspin.contacts[0]!.email, third.get(tailspin.contacts[0]!.email)!.messageId);
    expect(yukiThird.headers.get('in-reply-to')).toBe(first.get(tailspin.contacts[0]!.email)!.messageId);
  });

  it('a "send at once" rule sends what the import brings, by the worker alone, once per status', async () => {
    const made = await saveServiceUpdateRule(
      p.admin,
      {},
      {
        name: `Send Exchange ${p.suffix}`,
        enabled: true,
        action: 'SEND',
        categories: ['SERVICE_INCIDENT'],
        services: ['Exchange Online'],
        minSeverity: null,
        recipientRoles: ['TECHNICAL'],
        templateId: null,
      },
    );
    if (!made.ok) throw new Error('rule');
    const tenants = await testDb().customer.findMany({ where: { id: { in: [tailspin.id, litware.id] } }, select: { tenantId: true } });
    const incident = record({ affectedTenantIds: tenants.map((row) => row.tenantId), status: 'investigating' });
    const actor = { actor: { userId: null, label: 'integration-test' } };
    await importCommunications(p.partnerId, [incident], actor);
    const { sink, dispatcher } = await worker();
    await dispatcher.tick();
    const stored = await testDb().microsoftCommunication.findUniqueOrThrow({
      where: { partnerId_externalId: { partnerId: p.partnerId, externalId: incident.externalId } },
      select: { id: true },
    });
    const notices = () =>
      testDb().notice.findMany({ where: { communicationId: stored.id }, orderBy: { createdAt: 'asc' }, select: { id: true } });
    const [auto] = await notices();
    expect(auto).toBeDefined();
    await runUntilSettled(dispatcher, auto!.id);
    expect(await statusOf(auto!.id)).toBe('SENT');
    expect(sink.received.flatMap((m) => m.to).sort()).toEqual(
      [...tailspin.contacts.map((c) => c.email), litware.contacts[0]!.email].sort(),
    );
    // The same again: nothing more. A new status: one more, threaded.
    await importCommunications(
      p.partnerId,
      [{ ...incident, lastModifiedAt: new Date('2026-11-20T09:30:00Z'), summary: 'More detail.' }],
      actor,
    );
    await dispatcher.tick();
    expect(await notices()).toHaveLength(1);
    await importCommunications(
      p.partnerId,
      [{ ...incident, status: 'serviceRestored', isResolved: true, lastModifiedAt: new Date('2026-11-20T10:00:00Z') }],
      actor,
    );
    await dispatcher.tick();
    const after = await notices();
    expect(after).toHaveLength(2);
    await runUntilSettled(dispatcher, after[1]!.id);
    const firstIds = await deliveriesOf(auto!.id);
    const second = await deliveriesOf(after[1]!.id);
    const email = litware.contacts[0]!.email;
    const message = sink.received.find((m) => m.messageId === second.get(email)!.messageId);
    expect(parseMessage(message!.raw).headers.get('in-reply-to')).toBe(firstIds.get(email)!.messageId);
  });
});
