import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createUser, sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';
import { expectThreaded, messagesOf, sendNow } from './support/notice-mail';

// Telling affected customers about a Microsoft incident: from the communication's page, "Tell
// affected customers" opens the composer with its affected customers chosen (the policy said per
// customer), bob leaves one out, previews both languages and sends; the message files carry the
// incident. When the incident is resolved, "Send an update" goes to the same recipients, and each
// update message threads with that recipient's first one (In-Reply-To, References). The same in
// zh-TW; the links between the notice, the communication and the customer; automatic rules and
// opt-outs at /settings/notices/service-updates; who may do what.

const AFFECTED = ['Tailspin Toys', 'Litware, Inc.', 'Wide World Importers'] as const;

test.describe.configure({ timeout: 240_000 });

type Incident = { id: string; externalId: string; title: string };

/** A Contoso incident of its own (as an import would store it), affecting the three customers. */
async function newIncident(tag: string): Promise<Incident> {
  const externalId = `EX${900000 + Math.floor(Math.random() * 99999)}`;
  const title = `Mail delivery delays in Exchange Online ${tag}`;
  const [row] = await sql<{ id: string; partnerId: string }>(
    `INSERT INTO "MicrosoftCommunication" (id, "partnerId", "externalId", category, title, summary, "affectedService", classification,
                                           status, "startAt", "lastModifiedAt", "updatedAt")
     SELECT gen_random_uuid(), p.id, $1, 'SERVICE_INCIDENT', $2, 'Some users see delays of up to an hour when sending mail.',
            'Exchange Online', 'incident', 'serviceDegradation', '2026-01-05T08:00:00Z', now(), now()
     FROM "Partner" p WHERE p.name = 'Contoso Cloud Partners'
     RETURNING id::text, "partnerId"::text`,
    [externalId, title],
  );
  await sql(
    `INSERT INTO "CommunicationAffectedCustomer" ("partnerId", "communicationId", "customerId", category)
     SELECT "partnerId", $2::uuid, id, 'SERVICE_INCIDENT' FROM "Customer" WHERE "partnerId" = $1::uuid AND "companyName" = ANY($3::text[])`,
    [row!.partnerId, row!.id, [...AFFECTED]],
  );
  return { id: row!.id, externalId, title };
}

async function technicalContact(company: string) {
  const [row] = await sql<{ email: string; name: string }>(
    `SELECT k.email, k.name FROM "Contact" k JOIN "Customer" c ON c.id = k."customerId" WHERE c."companyName" = $1 AND k.role = 'TECHNICAL'`,
    [company],
  );
  return row!;
}

test('bob tells the affected customers about an incident in both languages, then sends an update that threads with each first message', async ({
  page,
}) => {
  const tag = randomUUID().slice(0, 8);
  const incident = await newIncident(tag);
  const yuki = await technicalContact('Tailspin Toys');
  const chiahao = await technicalContact('Litware, Inc.');
  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  await page.goto(`/communications/${incident.id}`);
  const notices = page.getByRole('region', { name: 'Your notices about it' });
  await expect(notices.getByText('No notice about it yet.')).toBeVisible();
  await notices.getByRole('link', { name: 'Tell affected customers' }).click();

  // The composer: a service update, every affected customer chosen, the policy per customer.
  await expect(page.getByRole('heading', { level: 1, name: 'Tell affected customers' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Telling affected customers about a Microsoft communication' })).toContainText(
    `${incident.externalId} · ${incident.title}`,
  );
  const affected = page.getByRole('group', { name: 'Affected customers' });
  for (const name of AFFECTED) await expect(affected.getByRole('checkbox', { name })).toBeChecked();
  await expect(affected.getByText('3 of 3 affected customers chosen.')).toBeVisible();
  await expect(affected.getByRole('checkbox', { name: 'Tailspin Toys' })).toHaveAccessibleDescription(
    /Microsoft may already have told this customer directly\..*Technical contacts: 1/,
  );
  // Wide World Importers has no technical contact: left out.
  await expect(affected.getByRole('checkbox', { name: 'Wide World Importers' })).toHaveAccessibleDescription(/Technical contacts: 0/);
  await affected.getByRole('checkbox', { name: 'Wide World Importers' }).uncheck();
  await expect(affected.getByText('2 of 3 affected customers chosen.')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Technical contacts' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Billing contacts' })).not.toBeChecked();
  await expect(page.getByLabel('Subject (English)')).toHaveValue('Microsoft service notice: {{communication.title}}');
  await expect(page.getByLabel('Subject (Traditional Chinese)')).toHaveValue('Microsoft 服務通知：{{communication.title}}');
  await expect(page.getByRole('button', { name: 'Insert {{communication.status}} into the English text' })).toBeVisible();

  // The preview, in each recipient's language and the other.
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByText('Recipients: 2')).toBeVisible();
  const recipient = preview.getByRole('combobox', { name: 'Recipient', exact: true });
  await recipient.selectOption(yuki.email);
  const article = preview.getByRole('article');
  await expect(article.getByText(`Microsoft service notice: ${incident.title}`, { exact: true })).toBeVisible();
  const body = preview.getByRole('group', { name: /^Message body/ });
  await expect(body.getByText('Status: Service degradation')).toBeVisible();
  await expect(body.getByText('Started: January 5, 2026 at 8:00 AM UTC')).toBeVisible();
  await preview.getByRole('button', { name: '繁體中文' }).click();
  await expect(article.getByText(`Microsoft 服務通知：${incident.title}`, { exact: true })).toBeVisible();
  await expect(body.getByText('狀態：服務效能降低')).toBeVisible();
  await recipient.selectOption(chiahao.email);
  await expect(article.getByText(`${chiahao.name} <${chiahao.email}> · Litware, Inc.`)).toBeVisible();
  await expect(article.getByText(`Microsoft 服務通知：${incident.title}`, { exact: true })).toBeVisible();
  await expectNoSeriousViolations(page);

  // Sent: the message files carry the incident, in each recipient's language.
  const firstId = await sendNow(page, 2);
  await expect(page.getByRole('link', { name: `${incident.externalId} · ${incident.title}` })).toHaveAttribute(
    'href',
    `/communications/${incident.id}`,
  );
  const first = await messagesOf(firstId);
  expect([...first.keys()].sort()).toEqual([yuki.email, chiahao.email].sort());
  const toYuki = first.get(yuki.email)!.message;
  expect(toYuki.subject).toBe(`Microsoft service notice: ${incident.title}`);
  expect(toYuki.text).toContain(incident.externalId);
  expect(toYuki.text).toContain('Status: Service degradation');
  expect(toYuki.text).toContain('Some users see delays of up to an hour when sending mail.');
  expect(toYuki.headers.has('in-reply-to')).toBe(false);
  const toChiahao = first.get(chiahao.email)!.message;
  expect(toChiahao.subject).toBe(`Microsoft 服務通知：${incident.title}`);
  expect(toChiahao.text).toContain('狀態：服務效能降低');
  expect(toChiahao.headers.get('content-language')).toBe('zh-TW');

  // The communication's page lists it; nothing changed yet, so no update is offered.
  await page.goto(`/communications/${incident.id}`);
  await expect(notices.getByRole('row', { name: /Microsoft service notice/ })).toContainText('Service degradation');
  await expect(notices.getByText('Your last notice told its current status (Service degradation).')).toBeVisible();
  await expect(notices.getByRole('link', { name: 'Send an update' })).toHaveCount(0);

  // Microsoft resolves it (as the next import would): an update to the same recipients, threaded.
  await sql(`UPDATE "MicrosoftCommunication" SET status = 'serviceRestored', "isResolved" = true, "lastModifiedAt" = now() WHERE id = $1`, [
    incident.id,
  ]);
  await page.reload();
  await expect(
    notices.getByText('Its status changed since your last notice: Service degradation then, Service restored now.'),
  ).toBeVisible();
  await notices.getByRole('link', { name: 'Send an update' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Send an update to affected customers' })).toBeVisible();
  await expect(affected.getByRole('checkbox', { name: 'Wide World Importers' })).not.toBeChecked();
  await expect(affected.getByRole('checkbox', { name: 'Tailspin Toys' })).toBeChecked();
  await expect(page.getByLabel('Subject (English)')).toHaveValue('Update: {{communication.title}} — {{communication.status}}');
  const updateId = await sendNow(page, 2);
  const update = await messagesOf(updateId);
  expectThreaded(first, update, [yuki.email, chiahao.email]);
  expect(update.get(yuki.email)!.message.subject).toBe(`Update: ${incident.title} — Service restored`);
  expect(update.get(chiahao.email)!.message.subject).toBe(`最新狀況：${incident.title} — 服務已還原`);

  // Linked both ways: the notice list, the customer page.
  await page.goto(`/notices?communicationId=${incident.id}`);
  await expect(page.getByText(`About Microsoft communication ${incident.externalId}: ${incident.title}.`)).toBeVisible();
  await expect(page.getByRole('link', { name: `About Microsoft communication ${incident.externalId}` })).toHaveCount(2);
  const [tailspin] = await sql<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "companyName" = 'Tailspin Toys'`);
  await page.goto(`/customers/${tailspin!.id}`);
  const row = page
    .getByRole('table', { name: 'Microsoft communications affecting this customer' })
    .getByRole('row', { name: new RegExp(tag) });
  await row.getByRole('link', { name: /^Notices: 2/ }).click();
  await expect(page).toHaveURL(new RegExp(`/notices\\?customerId=${tailspin!.id}&communicationId=${incident.id}$`));
  await expect(page.getByRole('table', { name: 'Notices' }).getByRole('row')).toHaveCount(3);
});

test('in Traditional Chinese: the communication page, the composer and its preview read entirely in zh-TW', async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  const incident = await newIncident(tag);
  const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners', name: 'Chen Ya-ting' });
  await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [user.id]);
  await signIn(page, user.email, undefined, { from: '/signin' });
  const data = [incident.title, incident.externalId, ...AFFECTED, 'Contoso Cloud Partners', 'Exchange Online', 'Chen Ya-ting', 'UTC'];
  await page.goto(`/communications/${incident.id}`);
  const notices = page.getByRole('region', { name: '您的相關通知' });
  await expect(notices.getByText('目前尚無相關通知。')).toBeVisible();
  await expectNoEnglish(page, [...data, 'Some users see delays of up to an hour when sending mail.']);
  await notices.getByRole('link', { name: '通知受影響的客戶' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '通知受影響的客戶' })).toBeVisible();
  const affected = page.getByRole('group', { name: '受影響的客戶' });
  await expect(affected.getByText('已選取 3 位受影響客戶中的 3 位。')).toBeVisible();
  await expect(affected.getByText('Microsoft 可能已直接告知此客戶。')).toHaveCount(3);
  await affected.getByRole('checkbox', { name: 'Wide World Importers' }).uncheck();
  await page.getByRole('button', { name: '預覽', exact: true }).click();
  const preview = page.getByRole('region', { name: '預覽' });
  await expect(preview.getByText('收件人：2')).toBeVisible();
  await expect(
    preview
      .getByRole('article')
      .getByText(/服務效能降低|Service degradation/)
      .first(),
  ).toBeVisible();
  await expectNoEnglish(page, [...data, 'Microsoft service notice', 'Status: Service degradation', 'Service: Exchange Online']);
  await expectNoSeriousViolations(page);
});

test('alice makes an automatic rule and opts a customer out; viewers and other partners get none of it', async ({ page, browser }) => {
  const tag = randomUUID().slice(0, 8);
  await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
  await page.goto('/settings/notices');
  await page.getByRole('link', { name: 'Rules and opt-outs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Automatic service updates' })).toBeVisible();
  await page.getByRole('link', { name: 'New rule' }).click();
  await page.getByLabel('Name').fill(`Exchange incidents ${tag}`);
  await page.getByLabel('Services (one per line; none: any service)').fill('Exchange Online');
  await page.getByLabel('At least this severity').selectOption('high');
  await page.getByRole('radio', { name: 'Send at once' }).check();
  await page.getByRole('checkbox', { name: 'Service incidents' }).uncheck();
  await page.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Some fields need your attention' })).toBeVisible();
  await expect(page.getByText('Choose at least one category.')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Service incidents' }).check();
  await page.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The rule was saved.' })).toBeVisible();
  const rule = page.getByRole('row', { name: new RegExp(`Exchange incidents ${tag}`) });
  await expect(rule).toContainText('Services: Exchange Online');
  await expect(rule).toContainText('At least High');
  await expect(rule).toContainText('Send at once');
  await expectNoSeriousViolations(page);

  // Proseware opts out on its own page, and is listed; it opts back in from the list.
  const [proseware] = await sql<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "companyName" = 'Proseware, Inc.'`);
  await page.goto(`/customers/${proseware!.id}`);
  const section = page.getByRole('region', { name: 'Automatic service updates' });
  await section.getByRole('button', { name: 'Opt out of automatic service updates: Proseware, Inc.' }).click();
  await expect(section.getByText('This customer opted out: your automatic rules leave it out.', { exact: false })).toBeVisible();
  await page.goto('/settings/notices/service-updates');
  const optOuts = page.getByRole('region', { name: 'Customers who opted out' });
  await expect(optOuts.getByRole('link', { name: 'Proseware, Inc.' })).toBeVisible();
  await optOuts.getByRole('button', { name: 'Opt back in to automatic service updates: Proseware, Inc.' }).click();
  await expect(optOuts.getByText('No customer opted out.')).toBeVisible();

  // Vera reads the communication but may not tell anyone; Fabrikam finds neither it nor its composer.
  const incident = await newIncident(tag);
  const vera = await browser.newPage();
  await signIn(vera, DEMO_USERS.vera.email, undefined, { from: '/signin' });
  await vera.goto(`/communications/${incident.id}`);
  await expect(vera.getByRole('region', { name: 'Your notices about it' })).toBeVisible();
  await expect(vera.getByRole('link', { name: 'Tell affected customers' })).toHaveCount(0);
  expect((await vera.goto(`/notices/new?communicationId=${incident.id}`))?.status()).toBe(404);
  expect((await vera.goto('/settings/notices/service-updates'))?.status()).toBe(404);
  await vera.close();
  const gina = await browser.newPage();
  await signIn(gina, DEMO_USERS.gina.email, undefined, { from: '/signin' });
  expect((await gina.goto(`/communications/${incident.id}`))?.status()).toBe(404);
  expect((await gina.goto(`/notices/new?communicationId=${incident.id}`))?.status()).toBe(404);
  const [ruleRow] = await sql<{ id: string }>(`SELECT id::text FROM "ServiceUpdateRule" WHERE name = $1`, [`Exchange incidents ${tag}`]);
  expect((await gina.goto(`/settings/notices/service-updates/${ruleRow!.id}`))?.status()).toBe(404);
  await gina.close();
  // The rule is switched off again so that it acts on nothing the other specs import.
  await sql(`UPDATE "ServiceUpdateRule" SET enabled = false WHERE id = $1`, [ruleRow!.id]);
});
