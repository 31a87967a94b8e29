// Reading the audit trail is scoped (a portal admin reads every partner's events, a partner admin
// only their own, nobody else any), filtered and paged by keyset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit, type AuditEntry } from '../../lib/server/data/audit';
import { exportAuditEvents, listAuditEvents, listAuditPartners, type AuditPage } from '../../lib/server/data/audit-trail';
import type { AuditFilters } from '../../lib/schemas/audit';
import type { UserViewer, Viewer } from '../../lib/server/viewer';
import { createNoticePartner, type NoticeTestPartner } from '../support/notices';
import { createPortalAdmin, testDb } from '../support/factories';

let a: NoticeTestPartner;
let b: NoticeTestPartner;
let portalAdmin: UserViewer;

// Events of their own, far in the past, so that a date range isolates them from every other test's.
const T = Date.parse('2001-02-03T10:00:00.000Z');
const at = (seconds: number) => new Date(T + seconds * 1000);
const RANGE = { from: '2001-02-01', to: '2001-02-28' } as const;

function event(
  partner: NoticeTestPartner | null,
  actor: UserViewer | string,
  action: string,
  seconds: number,
  target: [string, string | null],
): AuditEntry {
  return {
    actor: typeof actor === 'string' ? { userId: null, label: actor } : { userId: actor.userId, label: actor.email },
    partnerId: partner?.partnerId ?? null,
    action,
    targetType: target[0],
    targetId: target[1],
    before: { status: 'DRAFT' },
    after: { status: 'SENT', note: 'x' },
    address: '203.0.113.7',
    at: at(seconds),
  };
}

async function page(viewer: Viewer, filters: AuditFilters, cursor?: string, pageSize?: number): Promise<AuditPage> {
  const result = await listAuditEvents(viewer, filters, cursor, pageSize ? { pageSize } : {});
  if (!result.ok) throw new Error(`refused: ${result.code}`);
  return result;
}

const actions = (result: AuditPage) => result.items.map((item) => item.action);

beforeAll(async () => {
  a = await createNoticePartner();
  b = await createNoticePartner();
  portalAdmin = await createPortalAdmin();
  await writeAudit(testDb(), [
    event(a, a.admin, 'customer.created', 0, ['Customer', 'c-1']),
    event(a, a.agent, 'notice.created', 1, ['Notice', 'n-1']),
    // The same millisecond as the one above: the later id comes first.
    event(a, a.agent, 'notice.sent', 1, ['Notice', 'n-1']),
    event(a, 'api-token:Billing Sync', 'notice.scheduled', 2, ['Notice', 'n-2']),
    event(a, a.admin, 'user.signed_in', 3, ['User', a.admin.userId]),
    event(a, a.admin, 'user.signxin', 4, ['User', a.admin.userId]),
    event(a, a.admin.email, 'user.sign_in_failed', 5, ['User', a.admin.userId]),
    // 2001-02-04 01:30 in Taipei, still 2001-02-03 in UTC.
    event(a, a.admin, 'template.created', 7.5 * 3600, ['NoticeTemplate', 't-1']),
    event(b, b.admin, 'customer.created', 0, ['Customer', 'c-1']),
    event(b, b.admin, 'user.signed_in', 6, ['User', b.admin.userId]),
    event(null, portalAdmin, 'user.signed_in', 6, ['User', portalAdmin.userId]),
  ]);
});

afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup();
});

describe('reading the audit trail', () => {
  it('a partner admin reads only their partner, newest first, whatever the partner filter says', async () => {
    const own = await page(a.admin, RANGE);
    expect(actions(own)).toEqual([
      'template.created',
      'user.sign_in_failed',
      'user.signxin',
      'user.signed_in',
      'notice.scheduled',
      'notice.sent',
      'notice.created',
      'customer.created',
    ]);
    expect(own.items.every((item) => item.partnerId === a.partnerId && item.partnerName === a.name)).toBe(true);
    expect(own.items[0]).toMatchObject({
      actorId: a.admin.userId,
      actorLabel: a.admin.email,
      targetType: 'NoticeTemplate',
      targetId: 't-1',
      address: '203.0.113.7',
      before: { status: 'DRAFT' },
      after: { status: 'SENT', note: 'x' },
    });
    expect(own.nextCursor).toBeNull();
    expect(await page(a.admin, { ...RANGE, partner: b.partnerId })).toEqual(own);
    expect(actions(await page(b.admin, RANGE))).toEqual(['user.signed_in', 'customer.created']);
  });

  it('a portal admin reads every partner and the portal itself, or one partner', async () => {
    const all = await page(portalAdmin, RANGE);
    expect(all.items.filter((item) => item.partnerId === a.partnerId)).toHaveLength(8);
    expect(all.items.filter((item) => item.partnerId === b.partnerId)).toHaveLength(2);
    expect(all.items.filter((item) => item.partnerId === null && item.actorId === portalAdmin.userId)).toHaveLength(1);
    const onlyB = await page(portalAdmin, { ...RANGE, partner: b.partnerId });
    expect(actions(onlyB)).toEqual(['user.signed_in', 'customer.created']);
    expect(onlyB.items[0]?.partnerName).toBe(b.name);
    expect((await listAuditPartners(portalAdmin)).map((partner) => partner.id)).toEqual(expect.arrayContaining([a.partnerId, b.partnerId]));
  });

  it('nobody else reads any: agents, viewers, API tokens', async () => {
    for (const viewer of [a.agent, a.viewer] as Viewer[]) {
      expect(await listAuditEvents(viewer, RANGE)).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await listAuditPartners(viewer)).toEqual([]);
    }
    const token: Viewer = { ...a.agent, userId: null, role: 'PARTNER_ADMIN', apiToken: { id: 'x', name: 'x', scopes: [] } };
    expect(await listAuditEvents(token, RANGE)).toEqual({ ok: false, code: 'FORBIDDEN' });
    const noPartner: Viewer = { ...a.admin, partnerId: null };
    expect(await listAuditEvents(noPartner, RANGE)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await listAuditPartners(a.admin)).toEqual([]);
  });

  it('filters by actor (as recorded, e-mails in any case), action, action prefix and target', async () => {
    expect(actions(await page(a.admin, { ...RANGE, actor: a.agent.email.toUpperCase() }))).toEqual(['notice.sent', 'notice.created']);
    expect(actions(await page(a.admin, { ...RANGE, actor: 'api-token:Billing Sync' }))).toEqual(['notice.scheduled']);
    expect(actions(await page(a.admin, { ...RANGE, actor: 'api-token:billing sync' }))).toEqual([]);
    expect(actions(await page(a.admin, { ...RANGE, action: 'notice.sent' }))).toEqual(['notice.sent']);
    expect(actions(await page(a.admin, { ...RANGE, actionPrefix: 'notice.' }))).toEqual([
      'notice.scheduled',
      'notice.sent',
      'notice.created',
    ]);
    // `_` is a letter of the code, not a wildcard.
    expect(actions(await page(a.admin, { ...RANGE, actionPrefix: 'user.sign_' }))).toEqual(['user.sign_in_failed']);
    expect(actions(await page(a.admin, { ...RANGE, targetType: 'Notice', targetId: 'n-1' }))).toEqual(['notice.sent', 'notice.created']);
    expect(actions(await page(portalAdmin, { ...RANGE, targetType: 'Customer', targetId: 'c-1' }))).toEqual([
      'customer.created',
      'customer.created',
    ]);
    expect(actions(await page(a.admin, { ...RANGE, actor: a.admin.email, actionPrefix: 'user.' }))).toEqual([
      'user.sign_in_failed',
      'user.signxin',
      'user.signed_in',
    ]);
  });

  it("takes the date range as days in the viewer's time zone", async () => {
    const utc = await page(a.admin, { from: '2001-02-03', to: '2001-02-03' });
    expect(actions(utc)).toContain('template.created');
    expect(actions(await page(a.admin, { from: '2001-02-04', to: '2001-02-04' }))).toEqual([]);
    const taipei: UserViewer = { ...a.admin, timeZone: 'Asia/Taipei' };
    expect(actions(await page(taipei, { from: '2001-02-04', to: '2001-02-04' }))).toEqual(['template.created']);
    expect(actions(await page(taipei, { from: '2001-02-03', to: '2001-02-03' }))).toHaveLength(7);
  });

  it('pages by keyset: every event once, in order, ties broken by id; a bad cursor starts again', async () => {
    const whole = (await page(a.admin, RANGE)).items.map((item) => item.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const next = await page(a.admin, RANGE, cursor, 3);
      seen.push(...next.items.map((item) => item.id));
      cursor = next.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(whole);
    const bad = await page(a.admin, RANGE, 'bm90LWEtY3Vyc29y', 3);
    expect(bad.invalidCursor).toBe(true);
    expect(bad.items.map((item) => item.id)).toEqual(whole.slice(0, 3));
  });

  it('exports every event the page would show, in batches, and nothing to a viewer who may read none', async () => {
    const batches: string[][] = [];
    for await (const batch of exportAuditEvents(a.admin, RANGE, { batchSize: 3 })) batches.push(batch.map((item) => item.id));
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 2]);
    expect(batches.flat()).toEqual((await page(a.admin, RANGE)).items.map((item) => item.id));
    const refused: unknown[] = [];
    for await (const batch of exportAuditEvents(a.agent, RANGE)) refused.push(...batch);
    expect(refused).toEqual([]);
  });
});
