// API tokens as partner admins manage them (lib/server/data/api-tokens.ts): only admins, the
// secret returned once and stored as its hash, names unique among active tokens, revocation
// refused from the next request on, and every change audited with no secret in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, listApiTokens, revokeApiToken } from '../../lib/server/data/api-tokens';
import { hashToken } from '../../lib/runtime/tokens';
import { testDb } from '../support/factories';
import { apiCall } from '../support/api';
import { createNoticePartner, type NoticeTestPartner } from '../support/notices';

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

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('API tokens', () => {
  it('an admin creates one: the secret once, only its hash stored, audited without it; it works at once', async () => {
    const created = await createApiToken(
      p.admin,
      { name: '  Ticketing  ', scopes: ['notices:read', 'customers:read'], expiresOn: day(30) },
      { address: '203.0.113.9' },
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.secret).toMatch(/^cpt_[A-Za-z0-9_-]{32}$/);
    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id: created.token.id } });
    expect(row).toMatchObject({
      name: 'Ticketing',
      scopes: ['customers:read', 'notices:read'],
      secretHash: hashToken(created.secret),
      createdById: p.admin.userId,
    });
    expect(row.expiresAt?.toISOString()).toBe(`${day(31)}T00:00:00.000Z`);
    const audit = await testDb().auditEvent.findFirstOrThrow({
      where: { partnerId: p.partnerId, action: 'apiToken.created', targetId: created.token.id },
    });
    expect(audit).toMatchObject({ actorId: p.admin.userId, address: '203.0.113.9' });
    expect(JSON.stringify({ before: audit.before, after: audit.after })).not.toContain(created.secret);
    expect((await apiCall('GET', '/customers?limit=1', { token: created.secret })).status).toBe(200);
    const listed = await listApiTokens(p.admin);
    expect(listed.ok && listed.tokens.find((t) => t.id === created.token.id)).toMatchObject({
      state: 'ACTIVE',
      createdBy: p.admin.name,
      lastUsedAt: expect.any(Date),
    });
  });

  it('refuses agents, viewers and bad input; a name taken by an active token; nothing is written', async () => {
    const before = await testDb().apiToken.count({ where: { partnerId: p.partnerId } });
    for (const viewer of [p.agent, p.viewer]) {
      expect(await createApiToken(viewer, { name: 'x', scopes: ['notices:read'] })).toEqual({ ok: false, code: 'FORBIDDEN' });
      expect(await listApiTokens(viewer)).toEqual({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await createApiToken(p.admin, { name: '', scopes: [], expiresOn: 'soon' })).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { name: 'nameRequired', scopes: 'scopesRequired', expiresOn: 'expiryInvalid' },
    });
    expect(await createApiToken(p.admin, { name: 'x', scopes: ['admin:everything'] })).toMatchObject({
      code: 'INVALID',
      fieldErrors: { scopes: 'scopeUnknown' },
    });
    expect(await createApiToken(p.admin, { name: 'x', scopes: ['notices:read'], expiresOn: day(-1) })).toMatchObject({
      fieldErrors: { expiresOn: 'expiryRange' },
    });
    expect(await createApiToken(p.admin, { name: 'x', scopes: ['notices:read'], expiresOn: day(800) })).toMatchObject({
      fieldErrors: { expiresOn: 'expiryRange' },
    });
    expect(await testDb().apiToken.count({ where: { partnerId: p.partnerId } })).toBe(before);
    const first = await createApiToken(p.admin, { name: 'Same', scopes: ['notices:read'] });
    expect(await createApiToken(p.admin, { name: 'Same', scopes: ['notices:read'] })).toEqual({ ok: false, code: 'NAME_TAKEN' });
    // Another partner may use the name; after a revoke, so may this one.
    expect((await createApiToken(other.admin, { name: 'Same', scopes: ['notices:read'] })).ok).toBe(true);
    if (first.ok) await revokeApiToken(p.admin, first.token.id);
    expect((await createApiToken(p.admin, { name: 'Same', scopes: ['notices:read'] })).ok).toBe(true);
  });

  it('revoking takes effect on the next request, is audited, and cannot reach another partner’s token', async () => {
    const created = await createApiToken(p.admin, { name: 'Revoke me', scopes: ['customers:read'] });
    if (!created.ok) throw new Error('not created');
    expect((await apiCall('GET', '/customers', { token: created.secret })).status).toBe(200);
    expect(await revokeApiToken(other.admin, created.token.id)).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await revokeApiToken(p.agent, created.token.id)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await revokeApiToken(p.admin, 'not-an-id')).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect((await apiCall('GET', '/customers', { token: created.secret })).status).toBe(200);
    expect(await revokeApiToken(p.admin, created.token.id, { address: '198.51.100.7' })).toEqual({ ok: true });
    expect((await apiCall('GET', '/customers', { token: created.secret })).status).toBe(401);
    expect(await revokeApiToken(p.admin, created.token.id)).toEqual({ ok: false, code: 'ALREADY_REVOKED' });
    const events = await testDb().auditEvent.findMany({
      where: { partnerId: p.partnerId, targetId: created.token.id },
      orderBy: { id: 'asc' },
      select: { action: true, address: true },
    });
    expect(events.map((e) => e.action)).toEqual(['apiToken.created', 'apiToken.revoked']);
    expect(events[1]!.address).toBe('198.51.100.7');
    const listed = await listApiTokens(p.admin);
    expect(listed.ok && listed.tokens.find((t) => t.id === created.token.id)?.state).toBe('REVOKED');
    const theirs = await listApiTokens(other.admin);
    expect(theirs.ok && theirs.tokens.some((t) => t.id === created.token.id)).toBe(false);
  });
});
