import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_USERS, signIn } from './support/fixtures';
import { sql } from './support/db';
import { htmlBody, parseEml } from './support/eml';

// The whole journey of a renewal notice: bob composes it for Tailspin Toys (English readers) and
// Litware, Inc. (Traditional Chinese readers), previews what each recipient will get, sends it,
// watches every delivery reach SENT, and the message files the worker wrote carry exactly what the
// preview showed — one renderer for both.

const DATA_DIR = process.env.E2E_DATA_DIR ?? 'data/e2e';
const TAG = `e2e-journey-${randomUUID().slice(0, 8)}`;
const TAILSPIN_OFFER = 'Microsoft 365 Business Premium';
const LITWARE_OFFER = 'Microsoft 365 E3';

test.describe.configure({ timeout: 180_000 });

type Shown = { subject: string; text: string; html: string };

async function pickCustomer(page: Page, search: string, name: string) {
  const box = page.getByRole('combobox', { name: 'Find a customer' });
  await box.fill(search);
  await expect(page.getByRole('option', { name: new RegExp(name.replace(/[.,]/g, '\\$&')) })).toBeVisible();
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(page.getByRole('list', { name: 'Chosen customers' }).getByText(name)).toBeVisible();
}

/** What the preview shows for the selected recipient: subject, plain text, and the HTML part (serialised by the browser). */
async function shownIn(preview: Locator): Promise<Shown> {
  const article = preview.getByRole('article');
  const subject = (
    await article
      .getByRole('term')
      .filter({ hasText: /^Subject$/ })
      .locator('xpath=following-sibling::dd[1]')
      .innerText()
  ).trim();
  const text = (await preview.getByLabel('Plain-text version').textContent()) ?? '';
  const html = await preview
    .getByRole('group', { name: /^Message body/ })
    .evaluate((host) => host.shadowRoot?.querySelector('[lang]')?.innerHTML ?? '');
  return { subject, text, html };
}

test('bob composes a renewal notice, previews each recipient in their language, sends it, and the messages are what the preview showed', async ({
  page,
}) => {
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto('/notices/new');
  await page.getByLabel('Kind of notice').selectOption('RENEWAL');
  await pickCustomer(page, 'Tailspin', 'Tailspin Toys');
  await page.getByRole('checkbox', { name: new RegExp(`^${TAILSPIN_OFFER} — quantity 35`) }).check();
  await pickCustomer(page, 'Litware', 'Litware, Inc.');
  await page.getByRole('checkbox', { name: new RegExp(`^${LITWARE_OFFER} — quantity 80`) }).check();
  await page.getByRole('checkbox', { name: 'Primary contacts' }).check();
  await expect(page.getByRole('checkbox', { name: 'Billing contacts' })).toBeChecked();

  await page.getByLabel('Subject (English)').fill(`Your renewal ${TAG}: {{subscription.offerName}}`);
  await page
    .getByLabel('Message (English)')
    .fill(
      'Dear {{customer.name}},\n\nYour **{{subscription.offerName}}** ({{subscription.quantity}} seats) ends on {{subscription.endDate}}.\n\n{{subscriptions}}\n\n[Contact us](https://contoso-partners.example/renew) — {{partner.name}}',
    );
  await page.getByLabel('Subject (Traditional Chinese)').fill(`續約通知 ${TAG}：{{subscription.offerName}}`);
  await page
    .getByLabel('Message (Traditional Chinese)')
    .fill(
      '{{customer.name}} 您好：\n\n您的 **{{subscription.offerName}}**（{{subscription.quantity}} 個授權）將於 {{subscription.endDate}} 到期。\n\n{{subscriptions}}\n\n{{partner.name}} 敬上',
    );

  // Preview each recipient in the language they will get it in.
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByText('Recipients: 4')).toBeVisible();
  const recipient = preview.getByRole('combobox', { name: 'Recipient', exact: true });
  const contacts = await sql<{ email: string; name: string; company: string; language: string }>(
    `SELECT k.email, k.name, c."companyName" AS company, COALESCE(k.language, c."preferredLanguage")::text AS language
       FROM "Contact" k JOIN "Customer" c ON c.id = k."customerId"
      WHERE c."companyName" IN ('Tailspin Toys', 'Litware, Inc.') AND k.role IN ('PRIMARY', 'BILLING') ORDER BY k.email`,
  );
  expect(contacts).toHaveLength(4);
  expect(new Set(contacts.map((c) => c.language))).toEqual(new Set(['en', 'zh-TW']));
  const shown = new Map<string, Shown>();
  for (const contact of contacts) {
    await recipient.selectOption(contact.email);
    await expect(preview.getByRole('article').getByText(`${contact.name} <${contact.email}> · ${contact.company}`)).toBeVisible();
    const offer = contact.company === 'Tailspin Toys' ? TAILSPIN_OFFER : LITWARE_OFFER;
    const subject = contact.language === 'en' ? `Your renewal ${TAG}: ${offer}` : `續約通知 ${TAG}：${offer}`;
    await expect(preview.getByRole('article').getByText(subject, { exact: true })).toBeVisible();
    const body = preview.getByRole('group', { name: /^Message body/ });
    await expect(body.getByText(contact.language === 'en' ? `Dear ${contact.company},` : `${contact.company} 您好：`)).toBeVisible();
    shown.set(contact.email, await shownIn(preview));
  }
  // The other language is there to read as well.
  const miguel = contacts.find((c) => c.company === 'Tailspin Toys')!;
  await recipient.selectOption(miguel.email);
  await expect(preview.getByRole('article').getByText(`${miguel.name} <${miguel.email}> · Tailspin Toys`)).toBeVisible();
  await preview.getByRole('button', { name: '繁體中文' }).click();
  await expect(preview.getByRole('article').getByText(`續約通知 ${TAG}：${TAILSPIN_OFFER}`, { exact: true })).toBeVisible();
  await preview.getByRole('button', { name: 'English' }).click();

  // Send, after the confirmation.
  await page.getByRole('button', { name: 'Send now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send this notice now?' });
  await expect(dialog).toContainText('Number of recipients: 4.');
  await dialog.getByRole('button', { name: 'Send now' }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  const noticeId = page.url().split('/').pop()!;

  // The ledger fills in by itself: every delivery SENT, the notice SENT.
  const progress = page.getByRole('progressbar', { name: 'Delivery progress' });
  await expect(progress).toHaveAttribute('aria-valuemax', '4');
  await expect(progress).toHaveAttribute('aria-valuenow', '4', { timeout: 60_000 });
  await expect(page.getByText('4 sent, 0 failed, 0 queued of 4 · 100%')).toBeVisible();
  const deliveries = await sql<{ email: string; status: string; messageId: string; language: string }>(
    `SELECT "recipientEmail" AS email, status::text, "messageId", language::text FROM "NoticeDelivery" WHERE "noticeId" = $1 ORDER BY "recipientEmail"`,
    [noticeId],
  );
  expect(deliveries.map((d) => [d.email, d.status])).toEqual(contacts.map((c) => [c.email, 'SENT']));
  expect((await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [noticeId]))[0]!.status).toBe('SENT');

  // Each message file carries exactly what the preview showed that recipient.
  for (const delivery of deliveries) {
    const file = path.join(DATA_DIR, 'mail', `${delivery.messageId.replace(/^<|>$/g, '')}.eml`);
    const message = parseEml(await readFile(file, 'utf8'));
    const expected = shown.get(delivery.email)!;
    expect(message.headers.get('message-id')).toBe(`<${delivery.messageId.replace(/^<|>$/g, '')}>`);
    expect(message.headers.get('content-language')).toBe(delivery.language);
    expect(message.subject).toBe(expected.subject);
    expect(message.text.replace(/\r\n/g, '\n')).toBe(expected.text.replace(/\r\n/g, '\n'));
    // The HTML fragment, serialised by the same browser as the preview's, is the same markup.
    const fragment = htmlBody(message.html).replace(/^\r?\n|\r?\n$/g, '');
    const reserialised = await page.evaluate((html) => {
      const holder = document.createElement('div');
      holder.innerHTML = html;
      return holder.innerHTML;
    }, fragment);
    expect(reserialised).toBe(expected.html);
    expect(expected.html).toContain('<strong>');
    if (delivery.language === 'en') expect(expected.html).toContain('href="https://contoso-partners.example/renew"');
  }
});
