import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS, alertWithText, signIn } from './support/fixtures';
import { countOf, sql } from './support/db';
import { expectNoSeriousViolations } from './support/axe';

// The notice composer: bob (a partner agent, time zone Asia/Taipei) writes notices for Tailspin
// Toys. Every notice made here carries a subject tag of its own run, so the counts below see only
// this spec's rows; scheduled ones are cancelled again at the end.

const TAG = `e2e-compose-${randomUUID().slice(0, 8)}`;
const BUSINESS_PREMIUM = 'Microsoft 365 Business Premium';
const EXCHANGE = 'Exchange Online (Plan 1)';

test.describe.configure({ timeout: 120_000 });

async function tailspin() {
  const rows = await sql<{ id: string; endDate: Date }>(
    `SELECT c.id, s."commitmentEndDate" AS "endDate" FROM "Customer" c JOIN "Subscription" s ON s."customerId" = c.id
     WHERE c."companyName" = 'Tailspin Toys' AND s."offerName" = $1`,
    [BUSINESS_PREMIUM],
  );
  return rows[0]!;
}

const noticesTagged = (tag: string) => countOf(`SELECT count(*) AS n FROM "Notice" WHERE "subjectEn" LIKE $1`, [`%${tag}%`]);

/** Picks Tailspin Toys with the customer picker, from the keyboard. */
async function pickTailspin(page: Page) {
  const search = page.getByRole('combobox', { name: 'Find a customer' });
  await search.fill('Tailspin');
  await expect(page.getByRole('option', { name: /Tailspin Toys/ })).toBeVisible();
  await search.press('ArrowDown');
  await search.press('Enter');
  await expect(page.getByRole('list', { name: 'Chosen customers' }).getByText('Tailspin Toys')).toBeVisible();
}

/** A minimal draft for Tailspin Toys through the composer; returns its id. */
async function composeDraft(page: Page, subject: string, offer = EXCHANGE) {
  await page.goto('/notices/new');
  await page.getByLabel('Kind of notice').selectOption('GENERAL');
  await pickTailspin(page);
  await page.getByRole('checkbox', { name: new RegExp(offer.replace(/[()]/g, '\\$&')) }).check();
  await page.getByLabel('Subject (English)').fill(subject);
  await page.getByLabel('Message (English)').fill('Hello {{customer.name}}, about {{subscription.offerName}}.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

test.afterAll(async () => {
  await sql(
    `UPDATE "NoticeDelivery" SET status = 'CANCELLED' WHERE status = 'QUEUED' AND "noticeId" IN (SELECT id FROM "Notice" WHERE "subjectEn" LIKE $1)`,
    [`%${TAG}%`],
  );
  await sql(`UPDATE "Notice" SET status = 'CANCELLED', "cancelledAt" = now() WHERE status = 'SCHEDULED' AND "subjectEn" LIKE $1`, [
    `%${TAG}%`,
  ]);
});

test('bob composes a renewal notice for Tailspin Toys, previews it in both languages and saves a draft', async ({ page }) => {
  const target = await tailspin();
  const endDate = new Date(target.endDate);
  const enDate = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(endDate);
  const zhDate = new Intl.DateTimeFormat('zh-TW', { dateStyle: 'long', timeZone: 'UTC' }).format(endDate);
  const subject = `Renewal ${TAG}`;

  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto('/notices/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New notice' })).toBeVisible();
  await expect(page.getByText(/Microsoft does not send your CSP customers notices about their subscriptions/)).toBeVisible();
  await page.getByLabel('Kind of notice').selectOption('RENEWAL');

  await pickTailspin(page);
  await page.getByRole('checkbox', { name: new RegExp(`^${BUSINESS_PREMIUM} — quantity 35`) }).check();
  await expect(page.getByRole('checkbox', { name: 'Billing contacts' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'Primary contacts' }).check();

  // A variable goes where the cursor was in the field last used.
  await page.getByLabel('Subject (English)').fill(`${subject}: `);
  await page.getByRole('button', { name: 'Insert {{customer.name}} into the English text' }).click();
  await expect(page.getByLabel('Subject (English)')).toHaveValue(`${subject}: {{customer.name}}`);
  await page.getByLabel('Message (English)').focus();
  await page.getByRole('button', { name: 'Insert {{subscriptions}} into the English text' }).click();
  await expect(page.getByLabel('Message (English)')).toHaveValue('{{subscriptions}}');
  await page.getByLabel('Subject (English)').fill(`${subject}: {{subscription.offerName}} for {{customer.name}}`);
  await page
    .getByLabel('Message (English)')
    .fill(
      'Dear {{customer.name}},\n\nYour {{subscription.offerName}} ({{subscription.quantity}} seats) ends on {{subscription.endDate}}.\n\n{{subscriptions}}',
    );
  await page.getByLabel('Subject (Traditional Chinese)').fill(`續約 ${TAG}：{{subscription.offerName}}`);
  await page
    .getByLabel('Message (Traditional Chinese)')
    .fill('{{customer.name}} 您好：\n\n您的 {{subscription.offerName}} 將於 {{subscription.endDate}} 到期。');

  // Preview in English: the recipient's own language.
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByText('Recipients: 2')).toBeVisible();
  const recipient = preview.getByRole('combobox', { name: 'Recipient', exact: true });
  await expect(recipient).toContainText('Miguel Reyes');
  const [dana] = await sql<{ email: string }>(`SELECT email FROM "Contact" WHERE "customerId" = $1 AND name = 'Dana Brooks'`, [target.id]);
  await recipient.selectOption(dana!.email);
  await expect(preview.getByRole('article').getByText(`Dana Brooks <${dana!.email}> · Tailspin Toys`)).toBeVisible();
  await expect(preview.getByText(`${subject}: ${BUSINESS_PREMIUM} for Tailspin Toys`)).toBeVisible();
  const body = preview.getByRole('group', { name: /^Message body/ });
  await expect(body.getByText(`Dear Tailspin Toys,`)).toBeVisible();
  await expect(body.getByText(`Your ${BUSINESS_PREMIUM} (35 seats) ends on ${enDate}.`)).toBeVisible();
  await expect(preview.getByLabel('Plain-text version')).toContainText(`ends on ${enDate}`);

  // The same recipient in Traditional Chinese: the date in that language's form.
  await preview.getByRole('button', { name: '繁體中文' }).click();
  await expect(preview.getByText(`續約 ${TAG}：${BUSINESS_PREMIUM}`)).toBeVisible();
  await expect(preview.getByText(/this recipient reads English/)).toBeVisible();
  await expect(
    preview.getByRole('group', { name: /^Message body/ }).getByText(`您的 ${BUSINESS_PREMIUM} 將於 ${zhDate} 到期。`),
  ).toBeVisible();
  await expect(preview.getByRole('group', { name: /^Message body/ }).getByText('Tailspin Toys 您好：')).toBeVisible();
  await expect(preview.getByLabel('Plain-text version')).toContainText(zhDate);
  await preview.getByRole('button', { name: 'English' }).click();
  await expect(preview.getByText(`${subject}: ${BUSINESS_PREMIUM} for Tailspin Toys`)).toBeVisible();

  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  const noticeId = page.url().split('/').pop()!;
  const [row] = await sql<{
    status: string;
    kind: string;
    subjectEn: string;
    recipientRoles: string[];
    customers: string[];
    subscriptions: string[];
  }>(
    `SELECT n.status, n.kind, n."subjectEn", n."recipientRoles"::text[] AS "recipientRoles",
            ARRAY(SELECT c."companyName" FROM "NoticeCustomer" nc JOIN "Customer" c ON c.id = nc."customerId" WHERE nc."noticeId" = n.id) AS customers,
            ARRAY(SELECT s."offerName" FROM "NoticeSubscription" ns JOIN "Subscription" s ON s.id = ns."subscriptionId" WHERE ns."noticeId" = n.id) AS subscriptions
     FROM "Notice" n WHERE n.id = $1`,
    [noticeId],
  );
  expect(row).toEqual({
    status: 'DRAFT',
    kind: 'RENEWAL',
    subjectEn: `${subject}: {{subscription.offerName}} for {{customer.name}}`,
    recipientRoles: ['PRIMARY', 'BILLING'],
    customers: ['Tailspin Toys'],
    subscriptions: [BUSINESS_PREMIUM],
  });

  // Reopened, the edit page shows what was saved; the stored notice's preview page renders it too.
  await page.goto(`/notices/${noticeId}/edit`);
  await expect(page.getByLabel('Subject (English)')).toHaveValue(row!.subjectEn);
  await expect(page.getByRole('checkbox', { name: new RegExp(`^${BUSINESS_PREMIUM}`) })).toBeChecked();
  await expectNoSeriousViolations(page);
  await page.goto(`/notices/${noticeId}/preview?language=zh-TW`);
  await expect(page.getByRole('heading', { level: 1, name: 'Notice preview' })).toBeVisible();
  await expect(
    page.getByRole('group', { name: /^Message body/ }).getByText(`您的 ${BUSINESS_PREMIUM} 將於 ${zhDate} 到期。`),
  ).toBeVisible();
});

test('an unknown variable is named with its place, and nothing is saved', async ({ page }) => {
  const tag = `${TAG}-unknown`;
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto('/notices/new');
  await page.getByLabel('Kind of notice').selectOption('GENERAL');
  await pickTailspin(page);
  await page.getByLabel('Subject (English)').fill(`Heads up ${tag}`);
  await page.getByLabel('Message (English)').fill('Hello,\nyour account {{customer.nmae}} is fine.');
  const before = await countOf(`SELECT count(*) AS n FROM "Notice"`);
  await page.getByRole('button', { name: 'Save draft' }).click();
  const alert = alertWithText(page, 'The notice is not ready');
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('link', { name: 'English message, line 2, column 14: unknown variable {{customer.nmae}}' })).toBeVisible();
  await alert.getByRole('link', { name: /unknown variable/ }).click();
  await expect(page.getByLabel('Message (English)')).toBeFocused();
  await expect(page.getByLabel('Message (English)')).toHaveValue('Hello,\nyour account {{customer.nmae}} is fine.');
  await expect(page).toHaveURL(/\/notices\/new$/);
  expect(await noticesTagged(tag)).toBe(0);
  expect(
    await countOf(`SELECT count(*) AS n FROM "Notice" WHERE "createdAt" > now() - interval '1 minute' AND "subjectEn" = $1`, [
      `Heads up ${tag}`,
    ]),
  ).toBe(0);
  expect(before).toBeGreaterThan(0);
});

test('a stale edit is refused with a message, and the first change is kept', async ({ browser }) => {
  const first = await browser.newPage();
  await signIn(first, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  const noticeId = await composeDraft(first, `Stale ${TAG}`);
  const second = await browser.newPage();
  await signIn(second, DEMO_USERS.bob.email, undefined, { from: '/signin' });

  await first.goto(`/notices/${noticeId}/edit`);
  await second.goto(`/notices/${noticeId}/edit`);
  await first.getByLabel('Subject (English)').fill(`Stale ${TAG} — first`);
  await second.getByLabel('Subject (English)').fill(`Stale ${TAG} — second`);
  await first.getByRole('button', { name: 'Save draft' }).click();
  await expect(first).toHaveURL(new RegExp(`/notices/${noticeId}$`));

  await second.getByRole('button', { name: 'Save draft' }).click();
  const alert = alertWithText(second, 'Someone else changed this notice after you opened it');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Your changes were not saved');
  await expect(alert.getByRole('link', { name: 'Reload the notice' })).toHaveAttribute('href', `/notices/${noticeId}/edit`);
  await expect(second.getByLabel('Subject (English)')).toHaveValue(`Stale ${TAG} — second`);
  const rows = await sql<{ subjectEn: string; version: number }>(`SELECT "subjectEn", version FROM "Notice" WHERE id = $1`, [noticeId]);
  expect(rows[0]?.subjectEn).toBe(`Stale ${TAG} — first`);
  await first.close();
  await second.close();
});

test('bob schedules from the composer in his own time zone (Asia/Taipei)', async ({ page }) => {
  const tag = `${TAG}-schedule`;
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto('/notices/new');
  await page.getByLabel('Kind of notice').selectOption('GENERAL');
  await pickTailspin(page);
  await page.getByRole('checkbox', { name: new RegExp(`^Exchange Online \\(Plan 1\\)`) }).check();
  await page.getByLabel('Subject (English)').fill(`Planned change ${tag}`);
  await page.getByLabel('Message (English)').fill('Dear {{customer.name}}, a planned change is coming.');

  // A past time is refused, and nothing is saved.
  await page.getByLabel(/^Send at/).fill('2020-01-01T09:00');
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(alertWithText(page, 'The send time must be in the future')).toBeVisible();
  expect(await noticesTagged(tag)).toBe(0);

  const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel(/^Send at/).fill(`${day}T09:30`);
  await expect(page.getByText(/Will be sent on .*9:30.*\(Asia\/Taipei\)/)).toBeVisible();
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  const noticeId = page.url().split('/').pop()!;
  const rows = await sql<{ status: string; scheduledAt: Date; deliveries: string }>(
    `SELECT status, "scheduledAt", (SELECT count(*) FROM "NoticeDelivery" d WHERE d."noticeId" = n.id) AS deliveries FROM "Notice" n WHERE id = $1`,
    [noticeId],
  );
  expect(rows[0]?.status).toBe('SCHEDULED');
  expect(new Date(rows[0]!.scheduledAt).toISOString()).toBe(new Date(`${day}T09:30:00+08:00`).toISOString());
  expect(Number(rows[0]?.deliveries)).toBe(1);

  // Shown back in his time zone when the scheduled notice is opened for editing.
  await page.goto(`/notices/${noticeId}/edit`);
  await expect(page.getByLabel(/^Send at/)).toHaveValue(`${day}T09:30`);
});

test('send now asks first, saying how many recipients get it', async ({ page }) => {
  const tag = `${TAG}-send`;
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto('/notices/new');
  await page.getByLabel('Kind of notice').selectOption('GENERAL');
  await pickTailspin(page);
  await page.getByRole('checkbox', { name: 'Primary contacts' }).check();
  await page.getByLabel('Subject (English)').fill(`Service note ${tag}`);
  await page.getByLabel('Message (English)').fill('Dear {{customer.name}}, thank you.');

  await page.getByRole('button', { name: 'Send now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send this notice now?' });
  await expect(dialog).toContainText('Number of recipients: 2.');
  await expect(dialog.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Keep editing' }).click();
  await expect(dialog).toBeHidden();
  expect(await noticesTagged(tag)).toBe(0);

  await page.getByRole('button', { name: 'Send now' }).click();
  await dialog.getByRole('button', { name: 'Send now' }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  const noticeId = page.url().split('/').pop()!;
  const rows = await sql<{ status: string; deliveries: string }>(
    `SELECT status, (SELECT count(*) FROM "NoticeDelivery" d WHERE d."noticeId" = n.id) AS deliveries FROM "Notice" n WHERE id = $1`,
    [noticeId],
  );
  expect(['SENDING', 'SENT']).toContain(rows[0]?.status);
  expect(Number(rows[0]?.deliveries)).toBe(2);
});

test('the composer is prefilled from ?customerId= and ignores invalid values', async ({ page }) => {
  const { id } = await tailspin();
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto(`/notices/new?customerId=${id}`);
  await expect(page.getByRole('list', { name: 'Chosen customers' }).getByText('Tailspin Toys')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: new RegExp(`^${BUSINESS_PREMIUM}`) })).not.toBeChecked();
  await page.getByRole('button', { name: 'Remove Tailspin Toys' }).click();
  await expect(page.getByText('No customer chosen yet')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Find a customer' })).toBeFocused();

  await page.goto('/notices/new?customerId=not-a-uuid&templateId=%3Cscript%3E');
  await expect(page.getByRole('heading', { level: 1, name: 'New notice' })).toBeVisible();
  await expect(page.getByText('No customer chosen yet')).toBeVisible();
});

test('templates prefill the composer, asking before they replace typed text', async ({ page }) => {
  const [renewal] = await sql<{ id: string; subjectEn: string }>(
    `SELECT t.id, t."subjectEn" FROM "NoticeTemplate" t JOIN "Partner" p ON p.id = t."partnerId" WHERE p.name = 'Contoso Cloud Partners' AND t.name = 'Renewal reminder'`,
  );
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto(`/notices/new?templateId=${renewal!.id}`);
  await expect(page.getByLabel('Subject (English)')).toHaveValue(renewal!.subjectEn);

  await page.goto('/notices/new');
  await page.getByLabel('Subject (English)').fill('My own words');
  const templates = page.getByLabel('Template', { exact: true });
  await expect(templates.getByRole('option', { name: /Price change/ })).toHaveCount(0);
  await templates.selectOption({ label: 'Renewal reminder · Renewal' });
  await page.getByRole('button', { name: 'Use template' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replace your text with the template?' });
  await dialog.getByRole('button', { name: 'Keep my text' }).click();
  await expect(page.getByLabel('Subject (English)')).toHaveValue('My own words');
  await page.getByRole('button', { name: 'Use template' }).click();
  await dialog.getByRole('button', { name: 'Replace with the template' }).click();
  await expect(page.getByLabel('Subject (English)')).toHaveValue(renewal!.subjectEn);

  // Templates of another kind when asked for: using one sets the kind too.
  await page.getByRole('checkbox', { name: 'Only templates of the chosen kind' }).uncheck();
  await templates.selectOption({ label: 'Price change · Price change' });
  await page.getByRole('button', { name: 'Use template' }).click();
  await dialog.getByRole('button', { name: 'Replace with the template' }).click();
  await expect(page.getByLabel('Kind of notice')).toHaveValue('PRICE_CHANGE');
});

test('vera cannot compose; another partner finds neither the edit nor the preview of a Contoso notice', async ({ browser }) => {
  const [contosoNotice] = await sql<{ id: string }>(
    `SELECT n.id FROM "Notice" n JOIN "Partner" p ON p.id = n."partnerId" WHERE p.name = 'Contoso Cloud Partners' AND n.status = 'DRAFT' ORDER BY n."createdAt" LIMIT 1`,
  );
  expect(contosoNotice).toBeDefined();

  const vera = await browser.newPage();
  await signIn(vera, DEMO_USERS.vera.email, undefined, { from: '/signin' });
  await vera.goto('/notices/new');
  await expect(vera.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await vera.goto(`/notices/${contosoNotice!.id}/edit`);
  await expect(vera.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  // A viewer may read what a notice says.
  await vera.goto(`/notices/${contosoNotice!.id}/preview`);
  await expect(vera.getByRole('heading', { level: 1, name: 'Notice preview' })).toBeVisible();
  await vera.close();

  const gina = await browser.newPage();
  await signIn(gina, DEMO_USERS.gina.email, undefined, { from: '/signin' });
  for (const path of [
    `/notices/${contosoNotice!.id}/edit`,
    `/notices/${contosoNotice!.id}/preview`,
    `/notices/${randomUUID()}/preview`,
    '/notices/not-a-uuid/edit',
  ]) {
    await gina.goto(path);
    await expect(gina.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  }
  await gina.close();
});

test('the composer with its preview open has no serious accessibility violations', async ({ page }) => {
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto('/notices/new');
  await pickTailspin(page);
  await page.getByLabel('Subject (English)').fill(`Axe ${TAG}`);
  await page.getByLabel('Message (English)').fill('Hello {{customer.name}}, **thanks**.');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(
    page
      .getByRole('region', { name: 'Preview' })
      .getByRole('group', { name: /^Message body/ })
      .getByText('Hello Tailspin Toys, thanks.'),
  ).toBeVisible();
  await expectNoSeriousViolations(page);
});
