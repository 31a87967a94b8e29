import { randomUUID } from 'node:crypto';
import { expect, test, type Browser } from '@playwright/test';
import { countOf, createUser, sql } from './support/db';
import { alertWithText, DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

// A partner admin's notice settings: the sender identity, templates and renewal reminders. Every
// journey restores what it changed (the seeded sender identity and reminder rule are read by other
// specs) and creates its own templates.

const CONTOSO = 'Contoso Cloud Partners';

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, undefined, { from: '/signin' });
  return { context, page };
}

type Sender = { senderName: string | null; senderReplyTo: string | null };
const readSender = async () => (await sql<Sender>('SELECT "senderName", "senderReplyTo" FROM "Partner" WHERE name = $1', [CONTOSO]))[0]!;

type Rule = { enabled: boolean; offsetsDays: number[]; templateId: string | null };
const readRule = async () =>
  (
    await sql<Rule>(
      `SELECT r.enabled, r."offsetsDays", r."templateId"::text AS "templateId" FROM "RenewalReminderRule" r
       JOIN "Partner" p ON p.id = r."partnerId" WHERE p.name = $1 ORDER BY r."createdAt", r.id LIMIT 1`,
      [CONTOSO],
    )
  )[0]!;

const templateCount = (name: string) =>
  countOf(`SELECT count(*)::text AS n FROM "NoticeTemplate" t JOIN "Partner" p ON p.id = t."partnerId" WHERE p.name = $1 AND t.name = $2`, [
    CONTOSO,
    name,
  ]);

test.describe.configure({ timeout: 150_000 });

test.describe('notice settings', () => {
  test('alice sets the sender identity and restores it; a stale save from a second page is refused and the first kept', async ({
    browser,
  }) => {
    const original = await readSender();
    const { context, page } = await signedIn(browser, DEMO_USERS.alice.email);
    try {
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Notices' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Notice settings' })).toBeVisible();
      const sender = page.getByRole('region', { name: 'Sender identity' });
      await expect(sender.getByText('the From name your customers see, and the Reply-To address')).toBeVisible();
      await expect(sender.getByText('Sending address', { exact: true })).toBeVisible();
      await expect(sender.getByTestId('from-address')).toHaveText(/^[^@\s]+@[^@\s]+$/);
      await expectNoSeriousViolations(page);

      const other = await context.newPage();
      await other.goto('/settings/notices');
      await expect(other.getByRole('heading', { level: 1, name: 'Notice settings' })).toBeVisible();

      // A save with a malformed Reply-To is refused next to the field; nothing changes.
      await sender.getByLabel('Reply-To address').fill('not an address');
      await sender.getByRole('button', { name: 'Save sender identity' }).click();
      await expect(sender.getByText('Enter an e-mail address such as billing@example.com, or leave it empty.')).toBeVisible();
      await expect(sender.getByLabel('Reply-To address')).toHaveAttribute('aria-invalid', 'true');
      expect(await readSender()).toEqual(original);

      const name = `Contoso Renewals Desk ${randomUUID().slice(0, 6)}`;
      await sender.getByLabel('From name').fill(name);
      await sender.getByLabel('Reply-To address').fill('Renewals-Desk@Contoso-Partners.example');
      await sender.getByRole('button', { name: 'Save sender identity' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The sender identity was saved.' })).toBeVisible();
      expect(await readSender()).toEqual({ senderName: name, senderReplyTo: 'renewals-desk@contoso-partners.example' });
      await expect(sender.getByText(`Customers currently see: ${name} <`)).toBeVisible();

      // The second page still holds the old version: its save is refused and the first save stays.
      await other.getByLabel('From name').fill('Someone Else');
      await other.getByRole('button', { name: 'Save sender identity' }).click();
      await expect(alertWithText(other, 'Someone else changed the sender identity while you were editing.')).toBeVisible();
      expect(await readSender()).toEqual({ senderName: name, senderReplyTo: 'renewals-desk@contoso-partners.example' });

      // Restore through the page (a second save from the same page carries the new version).
      await sender.getByLabel('From name').fill(original.senderName ?? CONTOSO);
      await sender.getByLabel('Reply-To address').fill(original.senderReplyTo ?? '');
      await sender.getByRole('button', { name: 'Save sender identity' }).click();
      await expect(sender.getByText(`Customers currently see: ${original.senderName ?? CONTOSO} <`)).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'The sender identity was saved.' })).toBeVisible();
      await expect.poll(readSender).toEqual({ senderName: original.senderName ?? CONTOSO, senderReplyTo: original.senderReplyTo });
    } finally {
      await sql('UPDATE "Partner" SET "senderName" = $2, "senderReplyTo" = $3 WHERE name = $1', [
        CONTOSO,
        original.senderName,
        original.senderReplyTo,
      ]);
      await context.close();
    }
  });

  test('alice creates a template (an unknown variable is refused with its place, nothing saved), edits and deletes it', async ({
    browser,
  }) => {
    const { context, page } = await signedIn(browser, DEMO_USERS.alice.email);
    const name = `E2E renewal ${randomUUID().slice(0, 8)}`;
    try {
      await page.goto('/settings/notices');
      await page.getByRole('link', { name: 'New template' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'New template' })).toBeVisible();
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Kind').selectOption({ label: 'Renewal' });
      await page.getByLabel('Subject (English)').fill('Your {{subscription.offerName}} renews on {{subscription.endDate}}');
      await page.getByLabel('Body (English, Markdown)').fill('Dear {{customer.nmae}},\n\n{{subscriptions}}\n\n{{partner.name}}');
      await page.getByLabel('Subject (Traditional Chinese)').fill('您的 {{subscription.offerName}} 將於 {{subscription.endDate}} 續訂');
      await page.getByLabel('Body (Traditional Chinese, Markdown)').fill('{{customer.name}} 您好：\n\n{{subscriptions}}');
      await page.getByRole('button', { name: 'Create template' }).click();
      const refusal = alertWithText(page, 'The template has variable errors; nothing was saved.');
      await expect(refusal).toBeVisible();
      await expect(refusal).toContainText('English body, line 1, column 6: “{{customer.nmae}}” is not a known variable.');
      await expect(page.getByLabel('Body (English, Markdown)')).toHaveAttribute('aria-invalid', 'true');
      expect(await templateCount(name)).toBe(0);

      // The seeded template's name is taken.
      await page.getByLabel('Name').fill('Renewal reminder');
      await page.getByLabel('Body (English, Markdown)').fill('Dear {{customer.name}},\n\n{{subscriptions}}\n\n{{partner.name}}');
      await page.getByRole('button', { name: 'Create template' }).click();
      await expect(alertWithText(page, 'Another template already has this name. Choose a different name.')).toBeVisible();

      await page.getByLabel('Name').fill(name);
      await page.getByRole('button', { name: 'Create template' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The template was saved.' })).toBeVisible();
      expect(await templateCount(name)).toBe(1);
      const templates = page.getByRole('table', { name: 'Notice templates' });
      await expect(templates.getByRole('row').filter({ hasText: name })).toContainText('Renewal');

      // Edit it.
      await templates.getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Edit template' })).toBeVisible();
      await expectNoSeriousViolations(page);
      await page.getByLabel('Subject (English)').fill('Renewal notice: {{subscription.offerName}}');
      await page.getByRole('button', { name: 'Save template' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The template was saved.' })).toBeVisible();
      const saved = await sql<{ subjectEn: string; version: number }>(`SELECT "subjectEn", version FROM "NoticeTemplate" WHERE name = $1`, [
        name,
      ]);
      expect(saved[0]).toEqual({ subjectEn: 'Renewal notice: {{subscription.offerName}}', version: 2 });

      // Delete it, after the confirmation (keeping it first changes nothing).
      await templates.getByRole('link', { name }).click();
      await page.getByRole('button', { name: 'Delete template…' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete the template “${name}”?` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Keep the template' }).click();
      await expect(dialog).toBeHidden();
      expect(await templateCount(name)).toBe(1);
      await page.getByRole('button', { name: 'Delete template…' }).click();
      await dialog.getByRole('button', { name: 'Delete template', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The template was deleted.' })).toBeVisible();
      expect(await templateCount(name)).toBe(0);
    } finally {
      await sql(`DELETE FROM "NoticeTemplate" WHERE name = $1`, [name]);
      await context.close();
    }
  });

  test('alice turns renewal reminders on with offsets and a template, then back off', async ({ browser }) => {
    const original = await readRule();
    const seededTemplate = (
      await sql<{ id: string }>(
        `SELECT t.id::text AS id FROM "NoticeTemplate" t JOIN "Partner" p ON p.id = t."partnerId" WHERE p.name = $1 AND t.name = 'Renewal reminder'`,
        [CONTOSO],
      )
    )[0]!.id;
    const { context, page } = await signedIn(browser, DEMO_USERS.alice.email);
    try {
      await page.goto('/settings/notices');
      const reminders = page.getByRole('region', { name: 'Renewal reminders' });
      await expect(reminders.getByText('never creates two notices for the same subscription and offset')).toBeVisible();
      await expect(reminders.getByText('at least every hour')).toBeVisible();
      await expect(reminders.getByText('Renewal reminders are off.', { exact: true })).toBeVisible();

      await reminders.getByLabel('Create renewal reminders automatically').check();
      await reminders.getByLabel('Renewal template').selectOption({ label: 'Choose a template' });
      await reminders.getByLabel('Days before the commitment end').fill('45, 14, 14');
      await reminders.getByRole('button', { name: 'Save renewal reminders' }).click();
      await expect(reminders.getByText('Each offset may appear only once.')).toBeVisible();
      await expect(reminders.getByText('Choose a renewal template to switch the reminders on.')).toBeVisible();
      await reminders.getByLabel('Days before the commitment end').fill('0, 30');
      await reminders.getByRole('button', { name: 'Save renewal reminders' }).click();
      await expect(reminders.getByText('Each offset must be from 1 to 365 days.')).toBeVisible();
      expect(await readRule()).toEqual(original);

      await reminders.getByLabel('Days before the commitment end').fill('45, 14');
      await reminders.getByLabel('Renewal template').selectOption({ label: 'Renewal reminder' });
      await reminders.getByRole('button', { name: 'Save renewal reminders' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The renewal reminders were saved.' })).toBeVisible();
      expect(await readRule()).toEqual({ enabled: true, offsetsDays: [45, 14], templateId: seededTemplate });
      await expect(reminders.getByText('Renewal reminders are on: 45, 14 days before the commitment end.')).toBeVisible();

      // Back off, as seeded.
      await reminders.getByLabel('Create renewal reminders automatically').uncheck();
      await reminders.getByLabel('Days before the commitment end').fill(original.offsetsDays.join(', '));
      await reminders.getByRole('button', { name: 'Save renewal reminders' }).click();
      await expect(reminders.getByText('Renewal reminders are off.', { exact: true })).toBeVisible();
      expect(await readRule()).toEqual(original);
    } finally {
      await sql(
        `UPDATE "RenewalReminderRule" SET enabled = $2, "offsetsDays" = $3, "templateId" = $4::uuid
         WHERE "partnerId" = (SELECT id FROM "Partner" WHERE name = $1)`,
        [CONTOSO, original.enabled, original.offsetsDays, original.templateId],
      );
      await context.close();
    }
  });

  test('bob and vera get not-found at /settings/notices; gina cannot open a Contoso template', async ({ browser }) => {
    for (const user of [DEMO_USERS.bob, DEMO_USERS.vera]) {
      const { context, page } = await signedIn(browser, user.email);
      await page.goto('/settings/notices');
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      await page.goto('/settings/notices/templates/new');
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      // Their settings offer the profile and security only, and the profile still works.
      await page.goto('/settings/profile');
      await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link')).toHaveText(['Profile', 'Security']);
      await context.close();
    }
    const contosoTemplate = (
      await sql<{ id: string }>(
        `SELECT t.id::text AS id FROM "NoticeTemplate" t JOIN "Partner" p ON p.id = t."partnerId" WHERE p.name = $1 ORDER BY t.name LIMIT 1`,
        [CONTOSO],
      )
    )[0]!.id;
    const { context, page } = await signedIn(browser, DEMO_USERS.gina.email);
    await page.goto('/settings/notices');
    await expect(page.getByRole('heading', { level: 1, name: 'Notice settings' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Notice templates' }).getByRole('link').first()).toBeVisible();
    for (const path of [
      `/settings/notices/templates/${contosoTemplate}`,
      `/settings/notices/templates/${randomUUID()}`,
      '/settings/notices/templates/not-an-id',
    ]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    }
    await context.close();
  });

  test('a template that the enabled renewal reminders use cannot be deleted, and says why', async ({ browser }) => {
    // A partner of its own: its reminder rule is switched on here without touching the demo partners.
    const suffix = randomUUID().slice(0, 8);
    const partnerName = `E2E Settings ${suffix}`;
    const [partner] = await sql<{ id: string }>(
      `INSERT INTO "Partner" (id, name, "partnerNumber", cloud, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'PUBLIC', now()) RETURNING id::text`,
      [partnerName, `S${suffix}`],
    );
    const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName });
    const [template] = await sql<{ id: string }>(
      `INSERT INTO "NoticeTemplate" (id, "partnerId", name, kind, "subjectEn", "bodyEn", "subjectZhTw", "bodyZhTw", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'Reminder text', 'RENEWAL', 'Renewal', 'Dear {{customer.name}}', '續訂', '{{customer.name}} 您好', now()) RETURNING id::text`,
      [partner!.id],
    );
    await sql(
      `INSERT INTO "RenewalReminderRule" (id, "partnerId", enabled, "offsetsDays", "templateId", "updatedAt") VALUES (gen_random_uuid(), $1, true, '{30}', $2, now())`,
      [partner!.id, template!.id],
    );
    const { context, page } = await signedIn(browser, admin.email);
    await page.goto('/settings/notices');
    const row = page.getByRole('table', { name: 'Notice templates' }).getByRole('row').filter({ hasText: 'Reminder text' });
    await expect(row).toContainText('Used by renewal reminders');
    await expect(
      page.getByRole('region', { name: 'Renewal reminders' }).getByText('Renewal reminders are on: 30 days before the commitment end.'),
    ).toBeVisible();
    await row.getByRole('link', { name: 'Reminder text' }).click();
    await page.getByRole('button', { name: 'Delete template…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the template “Reminder text”?' });
    await dialog.getByRole('button', { name: 'Delete template', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('The renewal reminders use this template, so it cannot be deleted.');
    expect(await countOf(`SELECT count(*)::text AS n FROM "NoticeTemplate" WHERE id = $1`, [template!.id])).toBe(1);
    await context.close();
  });

  test('in Traditional Chinese: the settings and renewal pages speak zh-TW only', async ({ browser }) => {
    const suffix = randomUUID().slice(0, 8);
    const partnerName = `E2E 設定 ${suffix}`;
    await sql(`INSERT INTO "Partner" (id, name, "partnerNumber", cloud, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'PUBLIC', now())`, [
      partnerName,
      `Z${suffix}`,
    ]);
    const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName });
    await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [admin.id]);
    const { context, page } = await signedIn(browser, admin.email);
    await page.goto('/settings/notices');
    await expect(page.getByRole('heading', { level: 1, name: '通知設定' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: '設定項目' }).getByRole('link', { name: '個人資料' })).toBeVisible();
    await expect(page.getByText('續約提醒已關閉。')).toBeVisible();
    await expectNoEnglish(page);
    await page.getByRole('link', { name: '新增範本' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '新增範本' })).toBeVisible();
    await page.getByRole('button', { name: '建立範本' }).click();
    await expect(page.getByText('此欄位為必填。').first()).toBeVisible();
    await expectNoEnglish(page);
    await page.goto('/notices/renewals');
    await expect(page.getByRole('heading', { level: 1, name: '續約涵蓋情形' })).toBeVisible();
    await expect(page.getByText('沒有任何訂閱會在 90 天內到期。')).toBeVisible();
    await expectNoEnglish(page);
    await context.close();
  });
});
