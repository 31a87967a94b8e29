import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDashboardCounts } from '../../lib/server/data/dashboard';
import { createEmbedToken, embedFraming, listEmbedTokens, openEmbedDashboard, revokeEmbedToken } from '../../lib/server/data/embed-tokens';
import { hashToken } from '../../lib/runtime/tokens';
import type { UserViewer } from '../../lib/server/viewer';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

let p: TestPartner;
let other: TestPartner;
let viewer: UserViewer;

beforeAll(async () => {
  p = await createTestPartner({ customers: 2, endsInDays: 20 });
  other = await createTestPartner({ customers: 1, endsInDays: 200 });
  viewer = { ...p.agent, role: 'PARTNER_VIEWER' };
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

const FORM = { name: 'Intranet home', allowedOrigin: 'https://Intranet.Example.com/', language: 'zh-TW', expiresOn: '' };

async function created(partner: TestPartner, form: Partial<typeof FORM> = {}) {
  const result = await createEmbedToken(partner.admin, { ...FORM, ...form }, { address: '192.0.2.4' });
  if (!result.ok) throw new Error(result.code);
  return result;
}

const eventsOf = (targetId: string) =>
  testDb().auditEvent.findMany({
    where: { targetId },
    orderBy: { createdAt: 'asc' },
    select: { action: true, actorId: true, actorLabel: true, partnerId: true, address: true, before: true, after: true },
  });

describe('creating an embed token', () => {
  it('partner admins create one; its secret is returned once and stored only as its hash; audited without it', async () => {
    const token = await created(p);
    expect(token.secret).toMatch(/^cpe_[A-Za-z0-9_-]{32}$/);
    expect(token.locale).toBe('zh-TW');
    const row = await testDb().embedToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row).toMatchObject({
      partnerId: p.partnerId,
      name: 'Intranet home',
      allowedOrigin: 'https://intranet.example.com',
      language: 'zh_TW',
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      createdById: p.admin.userId,
      secretHash: hashToken(token.secret),
    });
    expect(JSON.stringify(row)).not.toContain(token.secret);
    const events = await eventsOf(token.id);
    expect(events).toEqual([
      {
        action: 'embedToken.created',
        actorId: p.admin.userId,
        actorLabel: p.admin.email,
        partnerId: p.partnerId,
        address: '192.0.2.4',
        before: null,
        after: { name: 'Intranet home', allowedOrigin: 'https://intranet.example.com', language: 'zh-TW', expiresAt: null },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(token.secret);
    expect(JSON.stringify(events)).not.toContain(row.secretHash);
    // Two tokens never share a secret.
    expect((await created(p)).secret).not.toBe(token.secret);
  });

  it('an expiry day ends in the admin’s time zone', async () => {
    const admin = { ...p.admin, timeZone: 'Asia/Taipei' };
    const result = await createEmbedToken(
      admin,
      { ...FORM, expiresOn: '2027-01-31' },
      { now: new Date('2026-12-07T00:00:00Z'), address: null },
    );
    if (!result.ok) throw new Error(result.code);
    const row = await testDb().embedToken.findUniqueOrThrow({ where: { id: result.id }, select: { expiresAt: true } });
    expect(row.expiresAt).toEqual(new Date('2027-01-31T16:00:00Z'));
  });

  it('agents and viewers may not; nothing is written', async () => {
    const before = await testDb().embedToken.count({ where: { partnerId: p.partnerId } });
    expect(await createEmbedToken(p.agent, FORM)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await createEmbedToken(viewer, FORM)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await testDb().embedToken.count({ where: { partnerId: p.partnerId } })).toBe(before);
  });

  it('refuses what the rules refuse, each field with its code, and writes nothing', async () => {
    const before = await testDb().embedToken.count({ where: { partnerId: p.partnerId } });
    expect(
      await createEmbedToken(p.admin, { name: '', allowedOrigin: 'https://*.example.com', language: 'fr', expiresOn: '2020-01-01' }),
    ).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { name: 'nameRequired', allowedOrigin: 'originInvalid', language: 'languageInvalid', expiresOn: 'expiryPast' },
    });
    expect(await createEmbedToken(p.admin, { ...FORM, allowedOrigin: 'https://example.com/page' })).toMatchObject({
      fieldErrors: { allowedOrigin: 'originPath' },
    });
    expect(await testDb().embedToken.count({ where: { partnerId: p.partnerId } })).toBe(before);
  });

  it('takes http://localhost only while the portal is not in production', async () => {
    expect(await createEmbedToken(p.admin, { ...FORM, allowedOrigin: 'http://localhost:8080' }, { allowHttpLocalhost: false })).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { allowedOrigin: 'originNotHttps' },
    });
    // The test configuration has no https public URL: not production.
    expect(await createEmbedToken(p.admin, { ...FORM, allowedOrigin: 'http://localhost:8080' })).toMatchObject({ ok: true });
  });
});

describe('listing embed tokens', () => {
  it("lists the partner's own tokens, newest first, with their state, creator and last use; another partner's never", async () => {
    const mine = await created(p, { name: 'Listed' });
    const theirs = await created(other, { name: 'Theirs' });
    const list = await listEmbedTokens(p.admin);
    expect(list[0]).toMatchObject({
      id: mine.id,
      name: 'Listed',
      allowedOrigin: 'https://intranet.example.com',
      locale: 'zh-TW',
      state: 'ACTIVE',
      createdBy: p.admin.name,
      lastUsedAt: null,
      expiresAt: null,
    });
    expect(list.map((t) => t.id)).not.toContain(theirs.id);
    expect((await listEmbedTokens(other.admin)).map((t) => t.id)).toEqual([theirs.id]);
    for (let i = 1; i < list.length; i += 1) expect(list[i - 1]!.createdAt >= list[i]!.createdAt).toBe(true);
  });

  it('shows an expired token as expired, and keeps a token whose creator is gone', async () => {
    const token = await created(p, { name: 'Soon expired' });
    await testDb().embedToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await listEmbedTokens(p.admin)).find((t) => t.id === token.id)?.state).toBe('EXPIRED');
    const leaver = await testDb().user.create({
      data: {
        email: `leaver-${randomUUID().slice(0, 8)}@test.example`,
        displayName: 'Leaver',
        role: 'PARTNER_ADMIN',
        partnerId: p.partnerId,
      },
    });
    const byLeaver = await createEmbedToken({ ...p.admin, userId: leaver.id, email: leaver.email, name: 'Leaver' }, FORM);
    if (!byLeaver.ok) throw new Error(byLeaver.code);
    expect((await listEmbedTokens(p.admin)).find((t) => t.id === byLeaver.id)?.createdBy).toBe('Leaver');
    // Audit events name their actor, so the user stays; the token forgets who created it (SET NULL).
    await testDb().embedToken.update({ where: { id: byLeaver.id }, data: { createdById: null } });
    expect((await listEmbedTokens(p.admin)).find((t) => t.id === byLeaver.id)?.createdBy).toBeNull();
  });
});

describe('revoking an embed token', () => {
  it('partner admins revoke; audited; a second revoke is told it was done', async () => {
    const token = await created(p, { name: 'To revoke' });
    expect(await revokeEmbedToken(p.admin, token.id, { address: '192.0.2.5' })).toEqual({ ok: true });
    const row = await testDb().embedToken.findUniqueOrThrow({ where: { id: token.id }, select: { revokedAt: true } });
    expect(row.revokedAt).toBeInstanceOf(Date);
    const events = await eventsOf(token.id);
    expect(events.map((e) => e.action)).toEqual(['embedToken.created', 'embedToken.revoked']);
    expect(events[1]).toMatchObject({
      actorId: p.admin.userId,
      address: '192.0.2.5',
      before: { name: 'To revoke', allowedOrigin: 'https://intranet.example.com', revokedAt: null },
      after: { revokedAt: row.revokedAt!.toISOString() },
    });
    expect(await revokeEmbedToken(p.admin, token.id)).toEqual({ ok: false, code: 'ALREADY_REVOKED' });
    expect((await eventsOf(token.id)).length).toBe(2);
    expect((await listEmbedTokens(p.admin)).find((t) => t.id === token.id)?.state).toBe('REVOKED');
  });

  it("another partner's token id answers as a random id does: not found, nothing changed", async () => {
    const theirs = await created(other, { name: 'Not yours' });
    expect(await revokeEmbedToken(p.admin, theirs.id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await revokeEmbedToken(p.admin, randomUUID())).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await revokeEmbedToken(p.admin, 'not-a-uuid')).toEqual({ ok: false, code: 'NOT_FOUND' });
    const row = await testDb().embedToken.findUniqueOrThrow({ where: { id: theirs.id }, select: { revokedAt: true } });
    expect(row.revokedAt).toBeNull();
    expect((await eventsOf(theirs.id)).map((e) => e.action)).toEqual(['embedToken.created']);
  });

  it('agents and viewers may not', async () => {
    const token = await created(p, { name: 'Kept' });
    expect(await revokeEmbedToken(p.agent, token.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await revokeEmbedToken(viewer, token.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect((await testDb().embedToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();
  });
});

describe('opening the embedded dashboard with a token', () => {
  it("reads the token's partner's figures, the same as the partner's own dashboard, in the token's language", async () => {
    const token = await created(p, { name: 'Open me' });
    const opening = await openEmbedDashboard(token.secret);
    if (opening.state !== 'ACTIVE') throw new Error(opening.state);
    expect(opening).toMatchObject({
      partnerName: p.admin.partnerName,
      locale: 'zh-TW',
      allowedOrigin: 'https://intranet.example.com',
      scope: { role: 'PARTNER_VIEWER', partnerId: p.partnerId },
    });
    const counts = await getDashboardCounts(opening.scope);
    expect(counts).toEqual(await getDashboardCounts(p.admin));
    expect(counts.customers).toBe(2);
    expect(await embedFraming(token.secret)).toEqual({ frameAncestors: ['https://intranet.example.com'], locale: 'zh-TW' });
  });

  it('records the last use at most once a minute', async () => {
    const token = await created(p, { name: 'Used' });
    const lastUsed = async () => (await testDb().embedToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    const t0 = new Date('2030-01-01T10:00:00Z');
    await openEmbedDashboard(token.secret, t0);
    expect(await lastUsed()).toEqual(t0);
    await openEmbedDashboard(token.secret, new Date(t0.getTime() + 59_000));
    expect(await lastUsed()).toEqual(t0);
    const t2 = new Date(t0.getTime() + 60_000);
    await openEmbedDashboard(token.secret, t2);
    expect(await lastUsed()).toEqual(t2);
    // Looking up the framing (the proxy) is no use.
    await embedFraming(token.secret);
    expect(await lastUsed()).toEqual(t2);
    // Creating and using a token writes no audit event beyond its creation.
    expect((await eventsOf(token.id)).map((e) => e.action)).toEqual(['embedToken.created']);
  });

  it('a revoked or expired token opens nothing, still names its origin and language (for its error page)', async () => {
    const revoked = await created(p, { name: 'Revoked', language: 'en' });
    await revokeEmbedToken(p.admin, revoked.id);
    expect(await openEmbedDashboard(revoked.secret)).toEqual({
      state: 'REVOKED',
      locale: 'en',
      allowedOrigin: 'https://intranet.example.com',
    });
    const expiring = await created(p, { name: 'Expiring' });
    await testDb().embedToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date('2030-01-01T00:00:00Z') } });
    expect((await openEmbedDashboard(expiring.secret, new Date('2029-12-31T23:59:59Z'))).state).toBe('ACTIVE');
    expect((await openEmbedDashboard(expiring.secret, new Date('2030-01-01T00:00:00Z'))).state).toBe('EXPIRED');
    expect(await openEmbedDashboard(expiring.secret, new Date('2030-01-02T00:00:00Z'))).toEqual({
      state: 'EXPIRED',
      locale: 'zh-TW',
      allowedOrigin: 'https://intranet.example.com',
    });
    for (const secret of [revoked.secret, expiring.secret]) {
      expect((await embedFraming(secret)).frameAncestors).toEqual(['https://intranet.example.com']);
    }
    // Neither records a use: the expiring token's last use is its last view while it worked.
    const lastUsed = async (id: string) => (await testDb().embedToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(await lastUsed(revoked.id)).toBeNull();
    expect(await lastUsed(expiring.id)).toEqual(new Date('2029-12-31T23:59:59Z'));
  });

  it('a missing, malformed, tampered or unknown secret is INVALID, and nobody may frame it', async () => {
    const token = await created(p, { name: 'Tampered' });
    const tampered = token.secret.slice(0, -1) + (token.secret.endsWith('A') ? 'B' : 'A');
    for (const secret of [
      null,
      undefined,
      '',
      'cpe_',
      tampered,
      `${token.secret}x`,
      token.secret.toUpperCase(),
      'cpt_demo_contoso_token_0001',
      hashToken(token.secret),
    ]) {
      expect(await openEmbedDashboard(secret), String(secret)).toEqual({ state: 'INVALID' });
      expect(await embedFraming(secret), String(secret)).toEqual({ frameAncestors: [], locale: null });
    }
  });
});
