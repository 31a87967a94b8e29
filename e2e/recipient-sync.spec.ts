import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { DEMO_USERS, signIn } from './support/fixtures';
import { sql } from './support/db';
import { parseEml } from './support/eml';

// A notice is scheduled, then one of its recipients is removed and another's address changes: the
// notice page lists both changes, and when the notice comes due the message files the worker writes
// go to the current addresses only — never to the removed contact or the old address.

const DATA_DIR = process.env.E2E_DATA_DIR ?? 'data/e2e';

test.describe.configure({ timeout: 180_000 });

test('alice removes one recipient and changes another’s address after scheduling: only the current addresses get the message', async ({
  page,
}) => {
  const tag = randomUUID().slice(0, 8);
  const company = `Fabrikam Residences ${tag}`;
  const [partner] = await sql<{ id: string }>(`SELECT id::text FROM "Partner" WHERE name = 'Contoso Cloud Partners'`);
  const [customer] = await sql<{ id: string }>(
    `INSERT INTO "Customer" (id, "partnerId", "companyName", domain, "tenantId", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), now()) RETURNING id::text`,
    [partner!.id, company, `fabrikam-${tag}.example`],
  );
  const address = (who: string) => `${who}-${tag}@fabrikam.example`;
  const contacts: Record<string, string> = {};
  for (const [who, name] of [
    ['keep', 'Kim Keep'],
    ['gone', 'Gail Gone'],
    ['old', 'Owen Old'],
  ] as const) {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'BILLING', now()) RETURNING id::text`,
      [partner!.id, customer!.id, name, address(who)],
    );
    contacts[who] = row!.id;
  }

  await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
  await page.goto('/notices/new');
  await page.getByLabel('Kind of notice').selectOption('GENERAL');
  const search = page.getByRole('combobox', { name: 'Find a customer' });
  await search.fill(company);
  await expect(page.getByRole('option', { name: new RegExp(company) })).toBeVisible();
  await search.press('ArrowDown');
  await search.press('Enter');
  await expect(page.getByRole('list', { name: 'Chosen customers' }).getByText(company)).toBeVisible();
  await page.getByLabel('Subject (English)').fill(`Planned maintenance ${tag}`);
  await page.getByLabel('Message (English)').fill('Dear {{customer.name}}, planned maintenance is coming.');
  const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel(/^Send at/).fill(`${day}T09:00`);
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  const noticeId = page.url().split('/').pop()!;

  // Gail leaves; Owen's address changes.
  await page.goto(`/customers/${customer!.id}/contacts/${contacts.gone}/edit`);
  await page.getByRole('button', { name: 'Delete contact…' }).click();
  await page.getByRole('dialog', { name: 'Delete this contact?' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customer!.id}$`));
  await page.goto(`/customers/${customer!.id}/contacts/${contacts.old}/edit`);
  await page.getByLabel('Email').fill(address('new'));
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customer!.id}$`));

  // The notice page says who no longer receives it and who does now.
  await page.goto(`/notices/${noticeId}`);
  const changes = page.getByRole('region', { name: 'Recipient changes' });
  await expect(changes.getByText(/A contact was removed/)).toBeVisible();
  await expect(changes.getByText(`No longer receives it: ${address('gone')}`)).toBeVisible();
  await expect(changes.getByText(/A contact was changed/)).toBeVisible();
  await expect(changes.getByText(`No longer receives it: ${address('old')}`)).toBeVisible();
  await expect(changes.getByText(`Now receives it: ${address('new')}`)).toBeVisible();

  // Its time comes (moved to now, as if ten days had passed): the worker in the portal sends it.
  await sql(`UPDATE "Notice" SET "scheduledAt" = now() - interval '1 second' WHERE id = $1`, [noticeId]);
  await sql(`UPDATE "NoticeDelivery" SET "nextAttemptAt" = now() - interval '1 second' WHERE "noticeId" = $1 AND status = 'QUEUED'`, [
    noticeId,
  ]);
  await expect
    .poll(async () => (await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [noticeId]))[0]?.status, {
      timeout: 60_000,
    })
    .toBe('SENT');

  const deliveries = await sql<{ email: string; status: string; messageId: string }>(
    `SELECT "recipientEmail" AS email, status::text, "messageId" FROM "NoticeDelivery" WHERE "noticeId" = $1 ORDER BY "recipientEmail"`,
    [noticeId],
  );
  expect(deliveries.map((d) => [d.email, d.status])).toEqual([
    [address('keep'), 'SENT'],
    [address('new'), 'SENT'],
  ]);
  for (const delivery of deliveries) {
    const message = parseEml(await readFile(path.join(DATA_DIR, 'mail', `${delivery.messageId.replace(/^<|>$/g, '')}.eml`), 'utf8'));
    expect(message.headers.get('to')).toContain(delivery.email);
    expect(message.subject).toBe(`Planned maintenance ${tag}`);
  }
  // No message file anywhere is addressed to the removed contact or the old address.
  const dir = path.join(DATA_DIR, 'mail');
  for (const file of await readdir(dir)) {
    const to = parseEml(await readFile(path.join(dir, file), 'utf8')).headers.get('to') ?? '';
    expect(to).not.toContain(address('gone'));
    expect(to).not.toContain(address('old'));
  }
});
