// The REST API's cache of tokens (lib/server/data/api-access.ts, lib/server/data/token-check.ts):
// a GET on a token this process read within the last minute is not preceded by a read of the
// token; its own read checks that the token is not revoked, or the token is read again before
// the answer. Whatever the path, a token revoked or deleted — here by another process, straight
// in the database — is refused on its very next request, on every GET operation; an expired one
// at its expiry; and nothing is reused for longer than TOKEN_CACHE_MS.
//
// Changing a token's secret hash in the database (something the portal never does) shows which
// path a request took: a request answered from the cache does not look the hash up, a request
// that reads the token again no longer finds it.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_OPERATIONS } from '../../lib/server/api/routes';
import { TOKEN_CACHE_MS } from '../../lib/server/data/api-access';
import { API_SCOPES } from '../../lib/domain/permissions';
import { testDb } from '../support/factories';
import { apiCall, makeToken } from '../support/api';
import { createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';

let p: NoticeTestPartner;
let customer: NoticeTestCustomer;

beforeAll(async () => {
  p = await createNoticePartner();
  customer = await p.addCustomer({ name: `Cached ${p.suffix}`, contacts: [{ role: 'BILLING' }], subscriptions: [{ endsInDays: 30 }] });
});

afterAll(async () => {
  await p?.cleanup();
});

afterEach(() => {
  vi.useRealTimers();
});

const revokeInDatabase = (id: string) => testDb().apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
const rehashInDatabase = (id: string) => testDb().apiToken.update({ where: { id }, data: { secretHash: `moved-${randomUUID()}` } });

async function problemType(response: Response): Promise<string> {
  const body = (await response.json()) as { type?: string };
  return `${response.status} ${body.type ?? ''}`;
}

// Every GET that needs a token, with its path parameters: this partner's customer, else an id of nothing (404).
const GET_OPERATIONS = API_OPERATIONS.filter((operation) => operation.method === 'get' && operation.scope !== null);
const pathOf = (path: string) => path.replace('{customerId}', () => customer.id).replace(/\{\w+\}/g, () => randomUUID());

describe('the token cache', () => {
  it('covers every GET that needs a token (the list below is the API’s)', () => {
    expect(GET_OPERATIONS.map((operation) => operation.path)).toEqual([
      '/customers',
      '/customers/{customerId}',
      '/customers/{customerId}/policy',
      '/customers/{customerId}/subscriptions',
      '/customers/{customerId}/contacts',
      '/communications',
      '/communications/{communicationId}',
      '/notices',
      '/notices/{noticeId}',
      '/notices/{noticeId}/deliveries',
      '/webhooks',
    ]);
  });

  for (const operation of GET_OPERATIONS) {
    it(`GET ${operation.path}: a token revoked by another process after this one cached it is refused on the next request`, async () => {
      const token = await makeToken(p.partnerId, [...API_SCOPES]);
      const path = pathOf(operation.path);
      const first = await apiCall('GET', path, { token: token.secret });
      expect([200, 404]).toContain(first.status);
      const again = await apiCall('GET', path, { token: token.secret });
      expect(again.status).toBe(first.status);
      await revokeInDatabase(token.id);
      expect(await problemType(await apiCall('GET', path, { token: token.secret }))).toBe('401 /api/v1/docs#problem-token-revoked');
      expect(await problemType(await apiCall('GET', path, { token: token.secret }))).toBe('401 /api/v1/docs#problem-token-revoked');
    });
  }

  it('a deleted token is unknown on its next request, with rows or without', async () => {
    for (const path of ['/customers', '/customers?search=nothing-matches-this']) {
      const token = await makeToken(p.partnerId, ['customers:read']);
      expect((await apiCall('GET', path, { token: token.secret })).status).toBe(200);
      await testDb().apiToken.delete({ where: { id: token.id } });
      expect(await problemType(await apiCall('GET', path, { token: token.secret }))).toBe('401 /api/v1/docs#problem-unauthorized');
    }
  });

  it('a revoked token is refused when the list finds no rows (the token is read again)', async () => {
    const token = await makeToken(p.partnerId, ['customers:read']);
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    const empty = await apiCall('GET', '/customers?search=nothing-matches-this', { token: token.secret });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ data: [], nextCursor: null });
    await revokeInDatabase(token.id);
    expect(await problemType(await apiCall('GET', '/customers?search=nothing-matches-this', { token: token.secret }))).toBe(
      '401 /api/v1/docs#problem-token-revoked',
    );
  });

  it('the customer list confirms the token in its own read; other reads, and a list without rows, read the token again', async () => {
    const token = await makeToken(p.partnerId, ['customers:read', 'communications:read']);
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    expect((await apiCall('GET', '/communications', { token: token.secret })).status).toBe(200);
    await rehashInDatabase(token.id);
    // Answered from the cache, confirmed by the list's own statement: the hash is not looked up.
    const listed = await apiCall('GET', '/customers', { token: token.secret });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { data: { id: string }[] }).data.map((row) => row.id)).toContain(customer.id);
    // No row to confirm it: read again by its hash, which no longer finds it.
    expect(await problemType(await apiCall('GET', '/customers?search=nothing-matches-this', { token: token.secret }))).toBe(
      '401 /api/v1/docs#problem-unauthorized',
    );
    // Nothing of it is kept after a read that did not find it.
    expect(await problemType(await apiCall('GET', '/customers', { token: token.secret }))).toBe('401 /api/v1/docs#problem-unauthorized');
  });

  it('a read that does not confirm the token itself reads it again', async () => {
    const token = await makeToken(p.partnerId, ['communications:read']);
    expect((await apiCall('GET', '/communications', { token: token.secret })).status).toBe(200);
    await rehashInDatabase(token.id);
    expect(await problemType(await apiCall('GET', '/communications', { token: token.secret }))).toBe(
      '401 /api/v1/docs#problem-unauthorized',
    );
  });

  it('writes never use the cache: a POST reads the token first', async () => {
    const token = await makeToken(p.partnerId, ['customers:read', 'notices:write']);
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    await rehashInDatabase(token.id);
    expect(await problemType(await apiCall('POST', '/notices', { token: token.secret, body: {} }))).toBe(
      '401 /api/v1/docs#problem-unauthorized',
    );
    expect(await testDb().notice.count({ where: { partnerId: p.partnerId } })).toBe(0);
  });

  it('an expired token is refused from its expiry, cached or not', async () => {
    const token = await makeToken(p.partnerId, ['customers:read'], { expiresAt: new Date(Date.now() + 1_500) });
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(await problemType(await apiCall('GET', '/customers', { token: token.secret }))).toBe('401 /api/v1/docs#problem-token-expired');
  });

  it('a cached token without the scope is read again and refused for the scope', async () => {
    const token = await makeToken(p.partnerId, ['customers:read']);
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    await revokeInDatabase(token.id);
    // Revoked first: the answer says so, not that the scope is missing.
    expect(await problemType(await apiCall('GET', '/notices', { token: token.secret }))).toBe('401 /api/v1/docs#problem-token-revoked');
  });

  it(`nothing is reused after ${TOKEN_CACHE_MS / 1000} s: the token is read again`, async () => {
    const token = await makeToken(p.partnerId, ['customers:read']);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    await rehashInDatabase(token.id);
    vi.setSystemTime(Date.now() + TOKEN_CACHE_MS - 5_000);
    expect((await apiCall('GET', '/customers', { token: token.secret })).status).toBe(200);
    vi.setSystemTime(Date.now() + 5_000);
    expect(await problemType(await apiCall('GET', '/customers', { token: token.secret }))).toBe('401 /api/v1/docs#problem-unauthorized');
  });
});
