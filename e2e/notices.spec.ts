import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { countOf, sql } from './support/db';
import { alertWithText, DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

// The notices list and the notice page: counts and filters, the delivery ledger and its CSV,
// the status actions (each carrying the version the page was rendered with), live progress
// while the in-process worker sends, read-only viewers and another partner's notices.
// Tests that change data work on their own duplicates of seeded notices, never on seeded rows.

const DATA_DIR = process.env.E2E_DATA_DIR ?? 'data/e2e';
const STATUSES = ['DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED'] as const;
const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  DRAFT: 'Draft',
  SCHEDULED: 'Scheduled',
  SENDING: 'Sending',
  SENT: 'Sent',
  PARTIALLY_FAILED: 'Partially failed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  ARCHIVED: 'Archived',
};
// lib/server/data/deliveries.ts DELIVERY_CSV_COLUMNS (that module is server-only; the file's header must stay this).
const DELIVERY_CSV_COLUMNS = [
  'recipientEmail',
  'recipientName',
  'customer',
  'language',
  'status',
  'attempts',
  'lastError',
  'nextAttemptAt',
  'sentAt',
  'messageId',
  'createdAt',
  'updatedAt',
];

const CONTOSO = `(SELECT id FROM "Partner" WHERE name = 'Contoso Cloud Partners')`;

/** The seeded SENT renewal (Wide World Importers' Power BI Pro and two more), created by Alice. */
async function seededSentRenewal(): Promise<string> {
  const rows = await sql<{ id: string }>(
    `SELECT n.id::text FROM "Notice" n JOIN "User" u ON u.id = n."createdById"
      WHERE n."partnerId" = ${CONTOSO} AND n.status = 'SENT' AND n.kind = 'RENEWAL' AND u.email = $1
      ORDER BY n."createdAt" ASC LIMIT 1`,
    [DEMO_USERS.alice.email],
  );
  return rows[0]!.id;
}

async function seededNotice(status: string, kind: string): Promise<string> {
  const rows = await sql<{ id: string }>(
    `SELECT id::text FROM "Notice" WHERE "partnerId" = ${CONTOSO} AND status = $1::"NoticeStatus" AND kind = $2::"NoticeKind" ORDER BY "createdAt" ASC LIMIT 1`,
    [status, kind],
  );
  return rows[0]!.id;
}

/** Duplicates a notice from its page (as the signed-in writer) and returns the new draft's id. */
async function duplicateFrom(page: Page, sourceId: string): Promise<string> {
  await page.goto(`/notices/${sourceId}`);
  await page.getByRole('region', { name: 'Notice actions' }).getByRole('button', { name: 'Duplicate' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/notices/${sourceId}`));
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1)!;
  const [row] = await sql<{ status: string; createdBy: string }>(
    `SELECT n.status::text, u.email AS "createdBy" FROM "Notice" n JOIN "User" u ON u.id = n."createdById" WHERE n.id = $1`,
    [id],
  );
  expect(row).toEqual({ status: 'DRAFT', createdBy: DEMO_USERS.bob.email });
  await expect(page.getByText('Draft', { exact: true }).first()).toBeVisible();
  return id;
}

/** The number in a status chip ("Sent (3)"). */
async function chipCount(page: Page, label: string): Promise<number> {
  const nav = page.getByRole('navigation', { name: 'Filter by status' });
  const text = await nav.getByRole('link', { name: new RegExp(`^${label} \\(\\d+\\)$`) }).innerText();
  return Number(/\((\d+)\)/.exec(text)![1]);
}

test.describe('notices list', () => {
  test('counts per status match the database, and status, kind and customer filters narrow the list in the URL', async ({ page }) => {
    await signIn(page, DEMO_USERS.vera.email, undefined, { from: '/signin' });
    // Other specs create notices meanwhile: read the page and the database together until they agree.
    await expect(async () => {
      await page.goto('/notices');
      const rows = await sql<{ status: string; n: string }>(
        `SELECT status::text, count(*)::text AS n FROM "Notice" WHERE "partnerId" = ${CONTOSO} GROUP BY status`,
      );
      const expected = Object.fromEntries(STATUSES.map((status) => [status, Number(rows.find((row) => row.status === status)?.n ?? 0)]));
      const shown = Object.fromEntries(
        await Promise.all(STATUSES.map(async (status) => [status, await chipCount(page, STATUS_LABELS[status])] as const)),
      );
      expect(shown).toEqual(expected);
      expect(await chipCount(page, 'All')).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    }).toPass({ timeout: 30_000 });
    // The seed has notices in every status (the sending one may have finished meanwhile).
    for (const status of STATUSES.filter((s) => s !== 'SENDING'))
      expect(await chipCount(page, STATUS_LABELS[status]), status).toBeGreaterThan(0);
    await expect(page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: /^All/ })).toHaveAttribute(
      'aria-current',
      'page',
    );

    // Status: only failed notices.
    const statusNav = page.getByRole('navigation', { name: 'Filter by status' });
    await statusNav.getByRole('link', { name: /^Failed \(\d+\)$/ }).click();
    await expect(page).toHaveURL(/\/notices\?status=FAILED$/);
    await expect(statusNav.getByRole('link', { name: /^Failed \(\d+\)$/ })).toHaveAttribute('aria-current', 'page');
    const table = page.getByRole('table', { name: 'Notices, newest first' });
    const bodyRows = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
    await expect(bodyRows).toHaveCount(await chipCount(page, 'Failed'));
    for (const row of await bodyRows.all()) await expect(row.getByRole('cell').nth(1)).toHaveText('Failed');

    // Kind, with the status kept: the failed suspension only.
    await page.getByLabel('Kind').selectOption('RENEWAL');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/status=FAILED/);
    await expect(page).toHaveURL(/kind=RENEWAL/);
    await expect(page.getByRole('heading', { name: 'No notices match' })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(/\/notices\?status=FAILED$/);
    await expect(page.getByLabel('Kind')).toHaveValue('');
    await page.getByLabel('Kind').selectOption('SUSPENSION');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/kind=SUSPENSION/);
    await expect(bodyRows).toHaveCount(
      await countOf(`SELECT count(*) AS n FROM "Notice" WHERE "partnerId" = ${CONTOSO} AND status = 'FAILED' AND kind = 'SUSPENSION'`),
    );
    await expect(bodyRows.first().getByRole('cell').first()).toHaveText('Suspension');

    // Dates (days in Vera's time zone, Asia/Taipei): the day the seeded archived notice was sent.
    const [archived] = await sql<{ day: string }>(
      `SELECT to_char("sentAt" AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD') AS day FROM "Notice" WHERE "partnerId" = ${CONTOSO} AND status = 'ARCHIVED' ORDER BY "createdAt" LIMIT 1`,
    );
    await page.goto('/notices');
    await page.getByLabel('From', { exact: true }).fill(archived!.day);
    await page.getByLabel('To', { exact: true }).fill(archived!.day);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(new RegExp(`from=${archived!.day}&to=${archived!.day}`));
    const onThatDay = await countOf(
      `SELECT count(*) AS n FROM "Notice" WHERE "partnerId" = ${CONTOSO}
        AND to_char(COALESCE("sentAt", "scheduledAt", "createdAt") AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD') = $1`,
      [archived!.day],
    );
    expect(onThatDay).toBeGreaterThan(0);
    await expect(bodyRows).toHaveCount(onThatDay);
    await expect(table.getByRole('cell', { name: 'Archived', exact: true })).toHaveCount(1);
    expect(await chipCount(page, 'All')).toBe(onThatDay);

    // Customer: find Litware, choose it; every row targets Litware, and the counts follow.
    await page.goto('/notices');
    await page.getByRole('searchbox', { name: 'Customer' }).fill('Litware');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/customerSearch=Litware/);
    await page.getByRole('link', { name: 'Show notices for Litware, Inc.' }).click();
    await expect(page).toHaveURL(/customerId=[0-9a-f-]{36}/);
    await expect(page).not.toHaveURL(/customerSearch/);
    await expect(page.getByText('Showing notices for Litware, Inc.')).toBeVisible();
    const litwareId = new URL(page.url()).searchParams.get('customerId')!;
    const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
    await expect(async () => {
      await page.reload();
      const expected = await countOf(`SELECT count(*) AS n FROM "NoticeCustomer" WHERE "customerId" = $1`, [litwareId]);
      await expect(rows).toHaveCount(Math.min(expected, 25), { timeout: 1000 });
      expect(await chipCount(page, 'All')).toBe(expected);
    }).toPass({ timeout: 30_000 });
    for (const row of await rows.all()) await expect(row.getByRole('cell').nth(2)).toContainText('Litware, Inc.');
    await page.goBack();
    await expect(page).toHaveURL(/customerSearch=Litware/);
    await expect(page.getByRole('link', { name: 'New notice' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Renewal coverage' })).toHaveAttribute('href', '/notices/renewals');
  });
});

test.describe('a sent notice', () => {
  test('shows its ledger with a complete progress bar and downloads it as CSV, one row per delivery', async ({ page }) => {
    const id = await seededSentRenewal();
    const deliveries = await sql<{ email: string; status: string }>(
      `SELECT "recipientEmail" AS email, status::text FROM "NoticeDelivery" WHERE "noticeId" = $1 ORDER BY "recipientEmail"`,
      [id],
    );
    expect(deliveries.length).toBeGreaterThan(0);
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await page.goto(`/notices/${id}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Your {{subscription.offerName}} subscription renews');
    const progress = page.getByRole('progressbar', { name: 'Delivery progress' });
    await expect(progress).toHaveAttribute('aria-valuemax', String(deliveries.length));
    await expect(progress).toHaveAttribute('aria-valuenow', String(deliveries.length));
    await expect(page.getByText(`${deliveries.length} sent, 0 failed, 0 queued of ${deliveries.length}`)).toBeVisible();
    const ledger = page.getByRole('table', { name: 'Deliveries, one per recipient' });
    const ledgerRows = ledger.getByRole('row').filter({ has: page.getByRole('rowheader') });
    await expect(ledgerRows).toHaveCount(deliveries.length);
    for (const delivery of deliveries) await expect(ledger.getByRole('rowheader').filter({ hasText: delivery.email })).toHaveCount(1);
    await expect(page.getByRole('link', { name: 'Wide World Importers' }).first()).toHaveAttribute('href', /^\/customers\/[0-9a-f-]{36}$/);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^notice-[0-9a-f]{8}-deliveries-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(DELIVERY_CSV_COLUMNS.join(','));
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(deliveries.length);
    expect(rows.map((row) => row.split(',')[0])).toEqual(deliveries.map((delivery) => delivery.email));
    for (const row of rows) expect(row.split(',')[4]).toBe('SENT');
  });
});

test.describe('notice actions', () => {
  test('bob duplicates a notice, schedules it for tomorrow in his time zone, then cancels it after confirming', async ({ page }) => {
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    const id = await duplicateFrom(page, await seededSentRenewal());

    // Tomorrow 09:30 where Bob lives (Asia/Taipei, +08:00, no daylight saving time).
    const taipeiToday = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Taipei',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date());
    const tomorrow = new Date(Date.parse(`${taipeiToday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const at = new Date(`${tomorrow}T09:30:00+08:00`);
    const shown = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Taipei' }).format(at);
    await page.getByLabel('Send at (Asia/Taipei)').fill(`${tomorrow}T09:30`);
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: `Scheduled for ${shown}.` })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: shown })).toBeVisible();
    const [scheduled] = await sql<{ status: string; scheduledAt: Date }>(`SELECT status::text, "scheduledAt" FROM "Notice" WHERE id = $1`, [
      id,
    ]);
    expect(scheduled!.status).toBe('SCHEDULED');
    expect(scheduled!.scheduledAt.toISOString()).toBe(at.toISOString());
    const queued = await countOf(`SELECT count(*) AS n FROM "NoticeDelivery" WHERE "noticeId" = $1 AND status = 'QUEUED'`, [id]);
    expect(queued).toBeGreaterThan(0);
    await expect(page.getByLabel('Send at (Asia/Taipei)')).toHaveValue(`${tomorrow}T09:30`);
    await expect(page.getByRole('button', { name: 'Reschedule' })).toBeVisible();

    // Cancel asks first (and says how many recipients); going back changes nothing.
    await page.getByRole('button', { name: 'Cancel notice…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this notice?' });
    await expect(dialog).toContainText(`It will not be sent to its ${queued} recipients.`);
    await dialog.getByRole('button', { name: 'Go back' }).click();
    await expect(dialog).toBeHidden();
    expect((await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [id]))[0]!.status).toBe('SCHEDULED');
    await page.getByRole('button', { name: 'Cancel notice…' }).click();
    await dialog.getByRole('button', { name: 'Cancel notice' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The notice was cancelled.' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 }).locator('xpath=following-sibling::p')).toContainText('Cancelled');
    expect((await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [id]))[0]!.status).toBe('CANCELLED');
    const byStatus = await sql<{ status: string; n: string }>(
      `SELECT status::text, count(*)::text AS n FROM "NoticeDelivery" WHERE "noticeId" = $1 GROUP BY status`,
      [id],
    );
    expect(byStatus).toEqual([{ status: 'CANCELLED', n: String(queued) }]);
    await expect(page.getByRole('button', { name: 'Cancel notice…' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Send now…' })).toHaveCount(0);
  });

  test('send now: the worker delivers, and the progress bar reaches 100% without a reload', async ({ page }) => {
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    const id = await duplicateFrom(page, await seededSentRenewal());
    await page.getByRole('button', { name: 'Send now…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send this notice now?' });
    const recipients = Number(/It goes to (\d+) recipients? now/.exec(await dialog.innerText())![1]);
    expect(recipients).toBeGreaterThan(0);
    // A mark on the page's window: a reload would wipe it.
    await page.evaluate(() => ((window as unknown as { notReloaded?: boolean }).notReloaded = true));
    await dialog.getByRole('button', { name: `Send to ${recipients} recipients` }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Sending started.' })).toBeVisible();

    const progress = page.getByRole('progressbar', { name: 'Delivery progress' });
    await expect(progress).toHaveAttribute('aria-valuemax', String(recipients));
    await expect(progress).toHaveAttribute('aria-valuenow', String(recipients), { timeout: 45_000 });
    await expect(page.getByText(`${recipients} sent, 0 failed, 0 queued of ${recipients} · 100%`)).toBeVisible();
    await expect(page.getByText(`Sending finished: ${recipients} sent, 0 failed.`)).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 }).locator('xpath=following-sibling::p')).toContainText('Sent');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    const rows = await sql<{ status: string; messageId: string }>(
      `SELECT status::text, "messageId" FROM "NoticeDelivery" WHERE "noticeId" = $1`,
      [id],
    );
    expect(rows).toHaveLength(recipients);
    expect(rows.every((row) => row.status === 'SENT')).toBe(true);
    expect((await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [id]))[0]!.status).toBe('SENT');
    // Every message was written to the mail folder (the embedded default: .eml files).
    const mailDir = path.join(DATA_DIR, 'mail');
    const files = (await readdir(mailDir)).filter((name) => name.endsWith('.eml'));
    const contents = await Promise.all(files.map((name) => readFile(path.join(mailDir, name), 'utf8')));
    for (const row of rows)
      expect(
        contents.some((text) => text.includes(row.messageId)),
        row.messageId,
      ).toBe(true);
  });

  test('a failed delivery is retried from its row: the same message goes out again and the notice ends SENT', async ({ page }) => {
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    const id = await duplicateFrom(page, await seededSentRenewal());
    await page.getByRole('button', { name: 'Send now…' }).click();
    await page
      .getByRole('dialog', { name: 'Send this notice now?' })
      .getByRole('button', { name: /^Send to \d+ recipients?$/ })
      .click();
    await expect
      .poll(async () => (await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [id]))[0]!.status, {
        timeout: 45_000,
      })
      .toBe('SENT');
    // Arrange a bounce on this notice of our own: one delivery failed permanently, the address refused.
    const [victim] = await sql<{ id: string; email: string; messageId: string }>(
      `SELECT id::text, "recipientEmail" AS email, "messageId" FROM "NoticeDelivery" WHERE "noticeId" = $1 ORDER BY "recipientEmail" LIMIT 1`,
      [id],
    );
    await sql(
      `UPDATE "NoticeDelivery" SET status = 'FAILED', "sentAt" = NULL, "lastError" = 'RECIPIENT_REJECTED', "updatedAt" = now() WHERE id = $1`,
      [victim!.id],
    );
    await sql(`UPDATE "Notice" SET status = 'PARTIALLY_FAILED', version = version + 1, "updatedAt" = now() WHERE id = $1`, [id]);

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 }).locator('xpath=following-sibling::p')).toContainText('Partially failed');
    const ledger = page.getByRole('table', { name: 'Deliveries, one per recipient' });
    const row = ledger.getByRole('row').filter({ hasText: victim!.email });
    await expect(row.getByText("The recipient's mail server refused the address (it may not exist)", { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Retry failed deliveries' })).toBeVisible();
    await row.getByRole('button', { name: `Retry delivery to ${victim!.email}` }).click();
    await expect(page.getByRole('status').filter({ hasText: '1 delivery queued again.' })).toBeVisible();
    const progress = page.getByRole('progressbar', { name: 'Delivery progress' });
    const total = Number(await progress.getAttribute('aria-valuemax'));
    await expect(progress).toHaveAttribute('aria-valuenow', String(total), { timeout: 45_000 });
    await expect(page.getByRole('heading', { level: 1 }).locator('xpath=following-sibling::p')).toContainText('Sent', { timeout: 15_000 });
    await expect(row.getByRole('cell', { name: 'Sent', exact: true })).toBeVisible();
    const [after] = await sql<{ status: string; messageId: string }>(
      `SELECT status::text, "messageId" FROM "NoticeDelivery" WHERE id = $1`,
      [victim!.id],
    );
    expect(after).toEqual({ status: 'SENT', messageId: victim!.messageId });
    expect((await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [id]))[0]!.status).toBe('SENT');
  });

  test('an action on a page opened before another tab changed the notice is refused with a specific message, and nothing changes', async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await signIn(first, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    const id = await duplicateFrom(first, await seededNotice('ARCHIVED', 'BILLING'));
    const second = await context.newPage();
    await second.goto(`/notices/${id}`);
    await second.getByRole('button', { name: 'Cancel notice…' }).click();
    await second.getByRole('dialog', { name: 'Cancel this notice?' }).getByRole('button', { name: 'Cancel notice' }).click();
    await expect(second.getByRole('status').filter({ hasText: 'The notice was cancelled.' })).toBeVisible();
    const [before] = await sql<{ status: string; version: number }>(`SELECT status::text, version FROM "Notice" WHERE id = $1`, [id]);
    expect(before!.status).toBe('CANCELLED');

    // The first tab still shows the draft and its actions, rendered with the old version.
    await first.getByRole('button', { name: 'Send now…' }).click();
    await first
      .getByRole('dialog', { name: 'Send this notice now?' })
      .getByRole('button', { name: /^Send to \d+ recipients?$/ })
      .click();
    const refusal = alertWithText(first, 'This notice changed since you opened it (now Cancelled). Nothing was done.');
    await expect(refusal).toBeVisible();
    await expect(refusal.getByRole('link', { name: 'Reload the notice' })).toHaveAttribute('href', `/notices/${id}`);
    const [after] = await sql<{ status: string; version: number }>(`SELECT status::text, version FROM "Notice" WHERE id = $1`, [id]);
    expect(after).toEqual(before);
    expect(await countOf(`SELECT count(*) AS n FROM "NoticeDelivery" WHERE "noticeId" = $1`, [id])).toBe(0);

    // Reloaded, the page shows the cancelled notice and no longer offers to send it.
    await first.getByRole('link', { name: 'Reload the notice' }).click();
    await expect(first.getByRole('button', { name: 'Send now…' })).toHaveCount(0);
    await context.close();
  });
});

test.describe('who may see and act', () => {
  test('vera sees the list and a notice, but no action', async ({ page }) => {
    await signIn(page, DEMO_USERS.vera.email, undefined, { from: '/signin' });
    await page.goto('/notices');
    await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Notices, newest first' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New notice' })).toHaveCount(0);
    await page.goto(`/notices/${await seededNotice('DRAFT', 'RENEWAL')}`);
    await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Notice actions' })).toHaveCount(0);
    for (const name of ['Send now…', 'Schedule', 'Duplicate', 'Cancel notice…', 'Archive', 'Retry failed deliveries']) {
      await expect(page.getByRole('button', { name })).toHaveCount(0);
    }
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Preview' })).toBeVisible();
    await page.goto(`/notices/${await seededNotice('PARTIALLY_FAILED', 'LICENSE_CHANGE')}`);
    await expect(page.getByRole('table', { name: 'Deliveries, one per recipient' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Retry/ })).toHaveCount(0);
  });

  test('gina (Fabrikam) gets not-found for a Contoso notice and its CSV, exactly as for an unknown id', async ({ page }) => {
    const id = await seededSentRenewal();
    await signIn(page, DEMO_USERS.gina.email, undefined, { from: '/signin' });
    const foreign = await page.goto(`/notices/${id}`);
    expect(foreign?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    const foreignText = await page.locator('body').innerText();
    expect(foreignText).not.toContain('subscription renews');
    const unknown = await page.goto(`/notices/${randomUUID()}`);
    expect(unknown?.status()).toBe(404);
    expect(await page.locator('body').innerText()).toBe(foreignText);
    expect((await page.goto('/notices/not-a-uuid'))?.status()).toBe(404);

    const csv = await page.request.get(`/notices/${id}/deliveries.csv`);
    expect(csv.status()).toBe(404);
    expect(await csv.text()).not.toContain('@');
    expect((await page.request.get(`/notices/${randomUUID()}/deliveries.csv`)).status()).toBe(404);
    // Gina's own list holds only Fabrikam's notices.
    await page.goto('/notices');
    await expect(page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: /^All/ })).toHaveText(
      `All (${await countOf(`SELECT count(*) AS n FROM "Notice" n JOIN "Partner" p ON p.id = n."partnerId" WHERE p.name = 'Fabrikam Government Solutions'`)})`,
    );
  });
});

test.describe('accessibility', () => {
  test('the list and a notice page have no serious violations', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await page.goto('/notices');
    await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.goto(`/notices/${await seededNotice('PARTIALLY_FAILED', 'LICENSE_CHANGE')}`);
    await expect(page.getByRole('heading', { name: 'Deliveries' })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.goto(`/notices/${await seededNotice('DRAFT', 'RENEWAL')}`);
    await expect(page.getByRole('region', { name: 'Notice actions' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('in Traditional Chinese: the list and a notice page read entirely in zh-TW, with no serious violations', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    await context.addCookies([{ name: 'portal-locale', value: 'zh-TW', url: page.url() }]);
    await page.goto('/notices');
    await expect(page.getByRole('heading', { level: 1, name: '通知' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: '依狀態篩選' }).getByRole('link', { name: /^全部（\d+）$/ })).toBeVisible();
    await expectNoEnglish(page, ['Contoso Cloud Partners']);
    await expectNoSeriousViolations(page);
    await page.goto(`/notices/${await seededNotice('PARTIALLY_FAILED', 'LICENSE_CHANGE')}`);
    await expect(page.getByRole('heading', { name: '傳送紀錄' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: '傳送進度' })).toBeVisible();
    await expect(page.getByRole('button', { name: '重試失敗的傳送' })).toBeVisible();
    await expectNoEnglish(page, ['Contoso Cloud Partners']);
    await expectNoSeriousViolations(page);
    await context.close();
  });
});
