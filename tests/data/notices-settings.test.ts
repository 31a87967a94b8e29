import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTemplate, getTemplate, listTemplates, saveTemplate } from '../../lib/server/data/notice-templates';
import { getSenderIdentity, saveSenderIdentity } from '../../lib/server/data/sender-identity';
import { getReminderRule, saveReminderRule } from '../../lib/server/data/reminder-rules';
import { testDb } from '../support/factories';
import { RENEWAL_CONTENT, createNoticePartner, type NoticeTestPartner } from '../support/notices';

let p: NoticeTestPartner;
let other: NoticeTestPartner;

beforeAll(async () => {
  p = await createNoticePartner();
  other = await createNoticePartner();
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

describe('notice templates', () => {
  it('partner admins create and change templates with a version; every partner role reads them', async () => {
    expect(await saveTemplate(p.agent, {}, { name: 'Agent made', kind: 'RENEWAL', content: RENEWAL_CONTENT })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    const created = await saveTemplate(
      p.admin,
      {},
      { name: '  Renewal   reminder ', kind: 'RENEWAL', content: RENEWAL_CONTENT },
      { address: '192.0.2.9' },
    );
    expect(created).toMatchObject({ ok: true, version: 1 });
    if (!created.ok) return;
    const listed = await listTemplates(p.viewer);
    expect(listed.map((t) => [t.name, t.kind, t.version])).toEqual([['Renewal reminder', 'RENEWAL', 1]]);
    expect((await getTemplate(p.agent, created.id))?.content).toEqual(RENEWAL_CONTENT);

    const changed = await saveTemplate(
      p.admin,
      { id: created.id, expectedVersion: 1 },
      {
        name: 'Renewal reminder',
        kind: 'RENEWAL',
        content: { ...RENEWAL_CONTENT, en: { subject: 'New subject', body: 'New body for {{customer.name}}' } },
      },
    );
    expect(changed).toEqual({ ok: true, id: created.id, version: 2 });
    const stale = await saveTemplate(
      p.admin,
      { id: created.id, expectedVersion: 1 },
      { name: 'Renewal reminder', kind: 'RENEWAL', content: RENEWAL_CONTENT },
    );
    expect(stale).toEqual({ ok: false, code: 'STALE', currentVersion: 2 });
    expect((await getTemplate(p.admin, created.id))?.content.en.subject).toBe('New subject');
    expect(await testDb().auditEvent.count({ where: { targetId: created.id } })).toBe(2);
  });

  it('refuses unknown variables, a missing language, a taken name; another partner sees nothing', async () => {
    const bad = await saveTemplate(
      p.admin,
      {},
      { name: 'Bad', kind: 'GENERAL', content: { ...RENEWAL_CONTENT, en: { subject: 'Hi {{customer.Name}}', body: 'x' } } },
    );
    expect(bad).toMatchObject({
      ok: false,
      code: 'TEMPLATE_INVALID',
      errors: [{ code: 'UNKNOWN_VARIABLE', name: 'customer.Name', suggestion: 'customer.name', language: 'en', field: 'subject' }],
    });
    const missing = await saveTemplate(
      p.admin,
      {},
      { name: 'Half', kind: 'GENERAL', content: { en: RENEWAL_CONTENT.en, 'zh-TW': { subject: '', body: ' ' } } },
    );
    expect(missing).toMatchObject({
      ok: false,
      code: 'INVALID',
      fieldErrors: { 'content.zh-TW.subject': 'required', 'content.zh-TW.body': 'required' },
    });
    const first = await saveTemplate(p.admin, {}, { name: 'Price change', kind: 'PRICE_CHANGE', content: RENEWAL_CONTENT });
    expect(first.ok).toBe(true);
    expect(await saveTemplate(p.admin, {}, { name: 'Price change', kind: 'PRICE_CHANGE', content: RENEWAL_CONTENT })).toEqual({
      ok: false,
      code: 'NAME_TAKEN',
    });
    // The same name at another partner is fine, and nothing of one partner is visible to the other.
    expect((await saveTemplate(other.admin, {}, { name: 'Price change', kind: 'PRICE_CHANGE', content: RENEWAL_CONTENT })).ok).toBe(true);
    if (!first.ok) return;
    expect(await getTemplate(other.admin, first.id)).toBeNull();
    expect(
      await saveTemplate(
        other.admin,
        { id: first.id, expectedVersion: 1 },
        { name: 'Mine now', kind: 'GENERAL', content: RENEWAL_CONTENT },
      ),
    ).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await deleteTemplate(other.admin, first.id, 1)).toEqual({ ok: false, code: 'NOT_FOUND' });
  });

  it('deletes a template unless the enabled reminder rule uses it', async () => {
    const saved = await saveTemplate(p.admin, {}, { name: 'For reminders', kind: 'RENEWAL', content: RENEWAL_CONTENT });
    if (!saved.ok) throw new Error(saved.code);
    const rule = await getReminderRule(p.admin);
    expect((await saveReminderRule(p.admin, rule.version, { enabled: true, offsetsDays: [30], templateId: saved.id })).ok).toBe(true);
    expect(await deleteTemplate(p.admin, saved.id, 1)).toEqual({ ok: false, code: 'TEMPLATE_IN_USE' });
    const on = await getReminderRule(p.admin);
    expect((await saveReminderRule(p.admin, on.version, { enabled: false, offsetsDays: [30], templateId: saved.id })).ok).toBe(true);
    expect(await deleteTemplate(p.agent, saved.id, 1)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await deleteTemplate(p.admin, saved.id, 0)).toEqual({ ok: false, code: 'STALE', currentVersion: 1 });
    expect(await deleteTemplate(p.admin, saved.id, 1)).toEqual({ ok: true, id: saved.id });
    expect(await getTemplate(p.admin, saved.id)).toBeNull();
    expect((await getReminderRule(p.admin)).template).toBeNull();
  });
});

describe('sender identity', () => {
  it("is the partner admin's to read and set, with a version", async () => {
    expect(await getSenderIdentity(p.agent)).toEqual({ ok: false, code: 'FORBIDDEN' });
    const read = await getSenderIdentity(p.admin);
    expect(read).toMatchObject({ ok: true, identity: { senderName: `${p.name} Billing`, fromAddress: 'notices@localhost' } });
    if (!read.ok) return;
    expect(await saveSenderIdentity(p.agent, read.identity.version, { senderName: 'X', senderReplyTo: '' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await saveSenderIdentity(p.admin, read.identity.version, { senderName: 'X', senderReplyTo: 'not an address' })).toMatchObject({
      ok: false,
      code: 'INVALID',
      fieldErrors: { senderReplyTo: 'emailInvalid' },
    });
    const saved = await saveSenderIdentity(p.admin, read.identity.version, {
      senderName: ' Contoso  Billing ',
      senderReplyTo: 'Billing@Contoso.example',
    });
    expect(saved).toMatchObject({ ok: true, identity: { senderName: 'Contoso Billing', senderReplyTo: 'billing@contoso.example' } });
    expect(await saveSenderIdentity(p.admin, read.identity.version, { senderName: 'Late', senderReplyTo: '' })).toMatchObject({
      ok: false,
      code: 'STALE',
    });
    if (!saved.ok) return;
    expect(await saveSenderIdentity(p.admin, saved.identity.version, { senderName: 'Contoso', senderReplyTo: '' })).toMatchObject({
      ok: true,
      identity: { senderReplyTo: null },
    });
    expect(await testDb().auditEvent.count({ where: { partnerId: p.partnerId, action: 'partner.sender_updated' } })).toBe(2);
    // The other partner's identity is untouched.
    const theirs = await getSenderIdentity(other.admin);
    expect(theirs).toMatchObject({ ok: true, identity: { senderName: `${other.name} Billing` } });
  });
});
