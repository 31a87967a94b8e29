import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createUser, sql } from './support/db';
import { signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';
import { startWebhookReceiver, type WebhookReceiver } from '../tests/support/webhook-receiver';

// A partner admin's webhooks: subscribe an endpoint (its secret shown once), send a test event to a
// receiver started by the test and see it in the delivery log, replay a failed delivery, delete the
// endpoint after a confirmation; the same in zh-TW; no serious or critical axe violations. The
// portal's own delivery worker sends (WEBHOOKS_ALLOW_PRIVATE is on for this suite).

test.describe.configure({ timeout: 150_000 });

async function adminPage(browser: Browser, language: 'en' | 'zh-TW') {
  const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners' });
  if (language === 'zh-TW') await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [admin.id]);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, admin.email, undefined, { from: '/signin' });
  return { page, context };
}

/** A FAILED delivery of the endpoint, arranged in the database (the worker gives up only after about a day of retries). */
async function arrangeFailedDelivery(endpointUrl: string): Promise<string> {
  const eventId = randomUUID();
  await sql(
    `INSERT INTO "WebhookDelivery" (id, "partnerId", "endpointId", "eventId", "eventType", payload, status, attempts, "responseStatus", "lastError", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), e."partnerId", e.id, $2, 'notice.sent', $3::jsonb, 'FAILED', 8, 500, 'HTTP_STATUS', now() - interval '1 hour', now()
     FROM "WebhookEndpoint" e WHERE e.url = $1`,
    [endpointUrl, eventId, JSON.stringify({ type: 'notice.sent', v: 1, timestamp: new Date().toISOString(), data: { arranged: true } })],
  );
  return eventId;
}

const labels = {
  en: {
    url: 'Endpoint URL',
    event: 'Notice sent',
    add: 'Add endpoint',
    secret: 'Signing secret',
    manage: (url: string) => `Manage ${url}`,
    test: 'Send test event',
    testEvent: 'Test event',
    delivered: 'Delivered',
    replay: 'Replay…',
    confirmReplay: 'Replay',
    replayed: 'The delivery was queued again.',
    delete: 'Delete endpoint…',
    confirmDelete: 'Delete endpoint',
    deleted: 'The endpoint was deleted.',
    log: 'Delivery log',
  },
  'zh-TW': {
    url: '端點 URL',
    event: '通知已寄出',
    add: '新增端點',
    secret: '簽署密鑰',
    manage: (url: string) => `管理 ${url}`,
    test: '傳送測試事件',
    testEvent: '測試事件',
    delivered: '已送達',
    replay: '重送…',
    confirmReplay: '重送',
    replayed: '已重新排入寄送。',
    delete: '刪除端點…',
    confirmDelete: '刪除端點',
    deleted: '已刪除端點。',
    log: '寄送記錄',
  },
} as const;

async function journey(page: Page, receiver: WebhookReceiver, language: 'en' | 'zh-TW') {
  const l = labels[language];
  const url = `${receiver.url}/${randomUUID().slice(0, 8)}`;
  await page.goto('/settings/webhooks');
  await expectNoSeriousViolations(page);

  // Subscribe: the secret is shown once.
  await page.getByLabel(l.url).fill(url);
  await page.getByRole('checkbox', { name: new RegExp(l.event) }).check();
  await page.getByRole('button', { name: l.add }).click();
  const secretField = page.getByRole('textbox', { name: l.secret });
  await expect(secretField).toHaveValue(/^whsec_/);
  const secret = await secretField.inputValue();
  await expectNoSeriousViolations(page);
  if (language === 'zh-TW') await expectNoEnglish(page, [url, secret, 'Contoso Cloud Partners']);
  await page.reload();
  await expect(page.getByRole('textbox', { name: l.secret })).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain(secret);

  // A test event reaches the receiver, signed, and shows in the log.
  await page.getByRole('link', { name: l.manage(url) }).click();
  await expect(page.getByRole('heading', { level: 1, name: url })).toBeVisible();
  await page.getByRole('button', { name: l.test }).click();
  const log = page.getByRole('table', { name: l.log });
  await expect(log.getByRole('row').filter({ hasText: l.testEvent })).toContainText(l.delivered, { timeout: 30_000 });
  await expect.poll(() => receiver.received.filter((r) => r.path === new URL(url).pathname).length).toBe(1);
  const request = receiver.received.find((r) => r.path === new URL(url).pathname)!;
  expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test', v: 1 });
  await expectNoSeriousViolations(page);
  if (language === 'zh-TW') await expectNoEnglish(page, [url, 'Contoso Cloud Partners']);

  // A failed delivery is replayed after a confirmation, with its own webhook-id.
  const eventId = await arrangeFailedDelivery(url);
  await page.reload();
  await page.getByRole('button', { name: new RegExp(`^${l.replay.replace('…', '')}`) }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page);
  await dialog.getByRole('button', { name: l.confirmReplay, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: l.replayed })).toBeVisible();
  const messageId = `msg_${eventId.replace(/-/g, '')}`;
  await expect.poll(() => receiver.received.some((r) => r.headers['webhook-id'] === messageId), { timeout: 30_000 }).toBe(true);
  await expect(log.getByRole('row').filter({ hasText: l.event }).filter({ hasText: l.delivered })).toHaveCount(1, { timeout: 30_000 });

  // Delete, after the confirmation.
  await page.getByRole('button', { name: l.delete }).click();
  await page.getByRole('dialog').getByRole('button', { name: l.confirmDelete }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\?deleted=1$/);
  await expect(page.getByRole('status').filter({ hasText: l.deleted })).toBeVisible();
  await expect(page.getByRole('link', { name: l.manage(url) })).toHaveCount(0);
  expect((await sql('SELECT id FROM "WebhookEndpoint" WHERE url = $1', [url])).length).toBe(0);
}

test.describe('webhooks', () => {
  let receiver: WebhookReceiver;
  test.beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  test.afterAll(async () => {
    await receiver.close();
  });

  test('a partner admin subscribes an endpoint, sends a test event, replays a failed delivery and deletes it', async ({ browser }) => {
    const { page, context } = await adminPage(browser, 'en');
    await journey(page, receiver, 'en');
    await context.close();
  });

  test('the same in Traditional Chinese', async ({ browser }) => {
    const { page, context } = await adminPage(browser, 'zh-TW');
    await journey(page, receiver, 'zh-TW');
    await context.close();
  });

  test('agents and viewers do not have the page, nor the settings tab', async ({ browser }) => {
    for (const role of ['PARTNER_AGENT', 'PARTNER_VIEWER'] as const) {
      const user = await createUser({ role, partnerName: 'Contoso Cloud Partners' });
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, user.email, undefined, { from: '/signin' });
      const response = await page.goto('/settings/webhooks');
      expect(response?.status()).toBe(404);
      await page.goto('/settings/profile');
      await expect(page.getByRole('link', { name: 'Webhooks' })).toHaveCount(0);
      await context.close();
    }
  });
});
