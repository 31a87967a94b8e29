import { randomUUID } from 'node:crypto';
import { expect, test, type APIResponse } from '@playwright/test';
import { sql } from './support/db';
import { signIn, DEMO_USERS } from './support/fixtures';

// The REST API's notices through the running portal, with the demo tokens of DESIGN.md: an
// integration reads its partner's notices, never another partner's, and a notice it creates is
// the one bob sees on the notice page; a transition the table refuses is a 409 that changes nothing.

const CONTOSO = { Authorization: 'Bearer cpt_demo_contoso_token_0001' };
const FABRIKAM = { Authorization: 'Bearer cpt_demo_fabrikam_token_0001' };

async function problemOf(response: APIResponse, status: number) {
  expect(response.status()).toBe(status);
  expect(response.headers()['content-type']).toBe('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
}

test("an integration lists and reads its partner's notices; another partner's token finds nothing; no token is 401", async ({
  request,
}) => {
  const list = await request.get('/api/v1/notices?limit=5', { headers: CONTOSO });
  expect(list.status()).toBe(200);
  const page = (await list.json()) as { data: { id: string; version: number; status: string }[]; nextCursor: string | null };
  expect(page.data.length).toBeGreaterThan(0);
  expect(page.data.length).toBeLessThanOrEqual(5);
  const contosoIds = await sql<{ id: string }>(
    `SELECT n.id::text AS id FROM "Notice" n JOIN "Partner" p ON p.id = n."partnerId" WHERE p.name = 'Contoso Cloud Partners'`,
  );
  for (const item of page.data) expect(contosoIds.map((row) => row.id)).toContain(item.id);

  const first = page.data[0]!;
  const one = await request.get(`/api/v1/notices/${first.id}`, { headers: CONTOSO });
  expect(one.status()).toBe(200);
  expect(one.headers()['etag']).toBe(`"${first.version}"`);

  await problemOf(await request.get(`/api/v1/notices/${first.id}`, { headers: FABRIKAM }), 404);
  await problemOf(await request.get(`/api/v1/notices/${first.id}/deliveries`, { headers: FABRIKAM }), 404);
  const fabrikamList = (await (await request.get('/api/v1/notices?limit=100', { headers: FABRIKAM })).json()) as { data: { id: string }[] };
  expect(fabrikamList.data.some((item) => item.id === first.id)).toBe(false);
  const anonymous = await request.get('/api/v1/notices');
  await problemOf(anonymous, 401);
  expect(anonymous.headers()['www-authenticate']).toMatch(/^Bearer/);
});

test('a notice created through the API is the one bob sees; cancelling it twice is refused with 409', async ({ request, page }) => {
  const [tailspin] = await sql<{ id: string }>(`SELECT id::text AS id FROM "Customer" WHERE "companyName" = 'Tailspin Toys'`);
  const marker = randomUUID().slice(0, 8);
  const created = await request.post('/api/v1/notices', {
    headers: CONTOSO,
    data: {
      kind: 'GENERAL',
      content: {
        en: { subject: `Planned billing change ${marker}`, body: 'Dear {{customer.name}},\n\nYour invoices move to the 1st of the month.' },
        'zh-TW': { subject: `帳單異動 ${marker}`, body: '{{customer.name}} 您好：\n\n帳單日將改為每月 1 日。' },
      },
      target: { mode: 'customers', customerIds: [tailspin!.id] },
      recipientRoles: ['PRIMARY', 'BILLING'],
    },
  });
  expect(created.status()).toBe(201);
  const notice = (await created.json()) as { id: string; status: string; version: number };
  expect(notice.status).toBe('DRAFT');
  expect(created.headers()['location']).toBe(`/api/v1/notices/${notice.id}`);

  await signIn(page, DEMO_USERS.bob.email);
  await page.goto(`/notices/${notice.id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Planned billing change ${marker}` })).toBeVisible();
  await expect(page.getByText('General · Draft')).toBeVisible();

  const stale = await request.post(`/api/v1/notices/${notice.id}/cancel`, {
    headers: { ...CONTOSO, 'If-Match': `"${notice.version + 1}"` },
  });
  expect(await problemOf(stale, 412)).toMatchObject({ code: 'STALE', currentVersion: notice.version });
  const cancelled = await request.post(`/api/v1/notices/${notice.id}/cancel`, {
    headers: { ...CONTOSO, 'If-Match': `"${notice.version}"` },
  });
  expect(cancelled.status()).toBe(200);
  expect(await cancelled.json()).toMatchObject({ status: 'CANCELLED', version: notice.version + 1 });
  const again = await request.post(`/api/v1/notices/${notice.id}/cancel`, { headers: CONTOSO });
  expect(await problemOf(again, 409)).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', from: 'CANCELLED', to: 'CANCELLED' });

  await page.reload();
  await expect(page.getByText('General · Cancelled')).toBeVisible();
  const [row] = await sql<{ status: string; version: number }>(`SELECT status::text AS status, version FROM "Notice" WHERE id = $1`, [
    notice.id,
  ]);
  expect(row).toEqual({ status: 'CANCELLED', version: notice.version + 1 });
});
