import { expect, test, type Browser, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { countOf, createUser, sql } from './support/db';
import { alertWithText, DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';

// Renewal coverage (/notices/renewals): the list against plain SQL, its filters in the URL, and
// renewal notices created in one step. The notices made here are deleted at the end, so that the
// demo partner's coverage, which other specs count, is as seeded again.

const CONTOSO = 'Contoso Cloud Partners';
const PARTNER = `(SELECT id FROM "Partner" WHERE name = '${CONTOSO}')`;
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const COVERED = `EXISTS (SELECT 1 FROM "NoticeSubscription" ns JOIN "Notice" n ON n.id = ns."noticeId"
  WHERE ns."subscriptionId" = s.id AND n.kind = 'RENEWAL' AND n.status NOT IN ('DRAFT', 'CANCELLED'))`;
const windowOf = (days: number) =>
  `s."partnerId" = ${PARTNER} AND s.status = 'ACTIVE' AND s."commitmentEndDate" BETWEEN ${TODAY} AND ${TODAY} + ${days}`;

async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, undefined, { from: '/signin' });
  return { context, page };
}

/** A partner of its own (so that the demo partners stay as seeded), with one user of `role`. */
async function createPartner(role: 'PARTNER_AGENT' | 'PARTNER_ADMIN') {
  const suffix = randomUUID().slice(0, 8);
  const name = `E2E Renewals ${suffix}`;
  const [partner] = await sql<{ id: string }>(
    `INSERT INTO "Partner" (id, name, "partnerNumber", cloud, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'PUBLIC', now()) RETURNING id::text`,
    [name, `R${suffix}`],
  );
  const user = await createUser({ role, partnerName: name });
  return { partnerId: partner!.id, suffix, user };
}

async function insertTemplate(partnerId: string, name: string, bodyEn: string) {
  const [row] = await sql<{ id: string }>(
    `INSERT INTO "NoticeTemplate" (id, "partnerId", name, kind, "subjectEn", "bodyEn", "subjectZhTw", "bodyZhTw", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, 'RENEWAL', 'Renewal of {{subscription.offerName}}', $3, '{{subscription.offerName}} 續訂', '{{customer.name}} 您好：{{subscriptions}}', now())
     RETURNING id::text`,
    [partnerId, name, bodyEn],
  );
  return row!.id;
}

const table = (page: Page, days = 90) => page.getByRole('table', { name: `Subscriptions whose commitment ends within ${days} days` });

/** Rows of every page of the list as it is now (following "Next page"). */
async function countRows(page: Page, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    total += (await table(page, days).getByRole('row').count()) - 1;
    const next = page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Next page' });
    if ((await next.count()) === 0) return total;
    const first = await table(page, days).getByRole('row').nth(1).innerText();
    await next.click();
    await expect(table(page, days).getByRole('row').nth(1)).not.toHaveText(first);
  }
}

test.describe.configure({ timeout: 150_000 });

test.describe('renewal coverage', () => {
  test('vera: the list matches the database, filters live in the URL, and she has no selection or create controls', async ({ browser }) => {
    const { context, page } = await signedIn(browser, DEMO_USERS.vera.email);
    const due = await countOf(`SELECT count(*)::text AS n FROM "Subscription" s WHERE ${windowOf(90)}`);
    const covered = await countOf(`SELECT count(*)::text AS n FROM "Subscription" s WHERE ${windowOf(90)} AND ${COVERED}`);
    expect(due).toBeGreaterThan(0);
    await page.goto('/notices/renewals');
    await expect(page.getByRole('heading', { level: 1, name: 'Renewal coverage' })).toBeVisible();
    await expect(page.getByTestId('renewal-totals')).toHaveText(
      `${due} subscriptions end within 90 days: ${covered} with a renewal notice scheduled or sent, ${due - covered} without one, ` +
        `${await countOf(`SELECT count(*)::text AS n FROM "Subscription" s WHERE ${windowOf(90)} AND s."autoRenew"`)} renew automatically.`,
    );
    await expectNoSeriousViolations(page);
    expect(await countRows(page, 90)).toBe(due);

    // Viewers read; they get no selection and no create controls.
    await page.goto('/notices/renewals');
    await expect(table(page)).toBeVisible();
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Create renewal notices' })).toHaveCount(0);
    await expect(page.getByText('You can read renewal coverage')).toBeVisible();

    // Filters: 30 days, without a renewal notice — in the URL, and the rows match SQL.
    await page.getByLabel('Ends within').selectOption({ label: '30 days' });
    await page.getByLabel('Renewal notice').selectOption({ label: 'None scheduled or sent' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/[?&]withinDays=30(&|$)/);
    await expect(page).toHaveURL(/[?&]covered=no(&|$)/);
    const uncovered30 = await countOf(`SELECT count(*)::text AS n FROM "Subscription" s WHERE ${windowOf(30)} AND NOT ${COVERED}`);
    if (uncovered30 === 0) await expect(page.getByText('No subscription ending within 30 days matches these filters.')).toBeVisible();
    else expect(await countRows(page, 30)).toBe(uncovered30);

    // Auto-renew off, from a bookmarked URL.
    await page.goto('/notices/renewals?withinDays=60&autoRenew=no');
    await expect(page.getByLabel('Ends within')).toHaveValue('60');
    await expect(page.getByLabel('Auto-renew')).toHaveValue('no');
    const manual60 = await countOf(`SELECT count(*)::text AS n FROM "Subscription" s WHERE ${windowOf(60)} AND NOT s."autoRenew"`);
    if (manual60 === 0) await expect(page.getByText('No subscription ending within 60 days matches these filters.')).toBeVisible();
    else expect(await countRows(page, 60)).toBe(manual60);
    await context.close();
  });

  test('bob selects two uncovered subscriptions and creates renewal notices from a template: they become covered', async ({ browser }) => {
    // Two uncovered subscriptions of different customers, each the only one of its offer at that
    // customer in the window (so that its checkbox label names it alone), on the first page.
    const picks = await sql<{ id: string; offerName: string; companyName: string; customerId: string }>(
      `WITH w AS (
         SELECT s.id, s."offerName", s."customerId", c."companyName", s."commitmentEndDate", ${COVERED} AS covered,
                count(*) OVER (PARTITION BY s."customerId", s."offerName") AS same
         FROM "Subscription" s JOIN "Customer" c ON c.id = s."customerId"
         WHERE ${windowOf(90)}),
       first_page AS (SELECT * FROM w WHERE NOT covered ORDER BY "commitmentEndDate", id LIMIT 50)
       SELECT DISTINCT ON ("customerId") id::text, "offerName", "companyName", "customerId"::text AS "customerId", "commitmentEndDate"
       FROM first_page p
       WHERE same = 1 AND EXISTS (SELECT 1 FROM "Contact" k WHERE k."customerId" = p."customerId" AND k.role IN ('PRIMARY', 'BILLING'))
       ORDER BY "customerId", "commitmentEndDate", id`,
    );
    expect(picks.length).toBeGreaterThanOrEqual(2);
    const chosen = picks.slice(0, 2);
    const label = (pick: (typeof chosen)[number]) => `Select ${pick.offerName} of ${pick.companyName}`;
    const { context, page } = await signedIn(browser, DEMO_USERS.bob.email);
    // Notices that already target them (drafts, cancelled ones): not ours, never deleted.
    const noticesOf = async (ids: string[]) =>
      (
        await sql<{ id: string }>(
          `SELECT DISTINCT "noticeId"::text AS id FROM "NoticeSubscription" WHERE "subscriptionId" = ANY($1::uuid[]) ORDER BY 1`,
          [ids],
        )
      ).map((row) => row.id);
    const before = await noticesOf(chosen.map((p) => p.id));
    let created: string[] = [];
    try {
      await page.goto('/notices/renewals?covered=no');
      await expect(table(page)).toBeVisible();
      await expectNoSeriousViolations(page);

      // "Select all on this page" works from the keyboard, and again to clear.
      const all = page.getByRole('checkbox', { name: 'Select all subscriptions on this page' });
      const rows = (await table(page).getByRole('row').count()) - 1;
      await all.focus();
      await page.keyboard.press('Space');
      await expect(page.getByText(`Selected: ${rows}`, { exact: true })).toBeVisible();
      await page.keyboard.press('Space');
      await expect(page.getByText('Selected: 0', { exact: true })).toBeVisible();

      // Refusals are specific: nothing selected, no template.
      await page.getByRole('button', { name: 'Create renewal notices' }).click();
      await expect(alertWithText(page, 'Select at least one subscription.')).toBeVisible();
      for (const pick of chosen) await page.getByRole('checkbox', { name: label(pick) }).check();
      await expect(page.getByText('Selected: 2', { exact: true })).toBeVisible();
      await page.getByRole('button', { name: 'Create renewal notices' }).click();
      await expect(page.getByText('Choose a renewal template.')).toBeVisible();
      expect(await noticesOf(chosen.map((p) => p.id))).toEqual(before);

      await page.getByLabel('Renewal template').selectOption({ label: 'Renewal reminder' });
      await page.getByLabel('Schedule them for a time').check();
      await expect(page.getByLabel('Send at')).not.toHaveValue('');
      await page.getByRole('button', { name: 'Create renewal notices' }).click();
      const result = page.getByRole('status').filter({ hasText: 'Created 2 renewal notices:' });
      await expect(result).toBeVisible();

      // The notices exist: one SCHEDULED renewal notice per customer, for its subscription, made by bob.
      const notices = await sql<{ id: string; customerId: string; subscriptionId: string; status: string; createdBy: string }>(
        `SELECT n.id::text, nc."customerId"::text AS "customerId", ns."subscriptionId"::text AS "subscriptionId", n.status::text, u.email AS "createdBy"
         FROM "Notice" n JOIN "NoticeSubscription" ns ON ns."noticeId" = n.id JOIN "NoticeCustomer" nc ON nc."noticeId" = n.id
         JOIN "User" u ON u.id = n."createdById"
         WHERE ns."subscriptionId" = ANY($1::uuid[]) AND n.kind = 'RENEWAL' AND NOT n.id = ANY($2::uuid[])`,
        [chosen.map((p) => p.id), before],
      );
      created = [...new Set(notices.map((n) => n.id))];
      expect(created).toHaveLength(2);
      for (const pick of chosen) {
        const notice = notices.find((n) => n.subscriptionId === pick.id);
        expect(notice).toMatchObject({ customerId: pick.customerId, status: 'SCHEDULED', createdBy: DEMO_USERS.bob.email });
        await expect(result.getByRole('link', { name: pick.companyName })).toHaveAttribute('href', `/notices/${notice!.id}`);
      }

      // Covered on the list: gone from "without a notice", shown with the scheduled notice otherwise.
      for (const pick of chosen) await expect(page.getByRole('checkbox', { name: label(pick) })).toHaveCount(0);
      await page.goto('/notices/renewals?covered=yes');
      for (const pick of chosen) {
        const row = table(page)
          .getByRole('row')
          .filter({ has: page.getByRole('checkbox', { name: label(pick) }) });
        await expect(row.getByRole('cell', { name: 'Yes', exact: true })).toBeVisible();
        const notice = notices.find((n) => n.subscriptionId === pick.id)!;
        await expect(row.getByRole('link', { name: 'Scheduled' })).toHaveAttribute('href', `/notices/${notice.id}`);
      }
    } finally {
      // Ours: every notice that targets them now and did not before.
      created = (await noticesOf(chosen.map((p) => p.id))).filter((id) => !before.includes(id));
      if (created.length > 0) await sql(`DELETE FROM "Notice" WHERE id = ANY($1::uuid[])`, [created]);
      await context.close();
    }
  });

  test('a customer without a primary or billing contact, and a template with a variable error, are refused in words; nothing is created', async ({
    browser,
  }) => {
    const own = await createPartner('PARTNER_AGENT');
    const company = `Nocontact ${own.suffix} Ltd`;
    const [customer] = await sql<{ id: string }>(
      `INSERT INTO "Customer" (id, "partnerId", "companyName", domain, "tenantId", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, gen_random_uuid(), now()) RETURNING id::text`,
      [own.partnerId, company, `nocontact-${own.suffix}.example`],
    );
    await sql(
      `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'Tech Only', $3, 'TECHNICAL', now())`,
      [own.partnerId, customer!.id, `tech-${own.suffix}@nocontact.example`],
    );
    await sql(
      `INSERT INTO "Subscription" (id, "partnerId", "customerId", "offerName", quantity, term, "billingCycle", "startDate", "commitmentEndDate", "autoRenew", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'Microsoft 365 E3', 12, 'P1Y', 'ANNUAL', ${TODAY} - 345, ${TODAY} + 20, false, now())`,
      [own.partnerId, customer!.id],
    );
    await insertTemplate(own.partnerId, 'Broken renewal', 'Dear {{customer.nmae}},\n\n{{subscriptions}}');
    await insertTemplate(own.partnerId, 'Good renewal', 'Dear {{customer.name}},\n\n{{subscriptions}}');
    const { context, page } = await signedIn(browser, own.user.email);
    await page.goto('/notices/renewals');
    await expect(page.getByTestId('renewal-totals')).toHaveText(
      '1 subscription ends within 90 days: 0 with a renewal notice scheduled or sent, 1 without one, 0 renew automatically.',
    );
    await expect(table(page).getByRole('row').filter({ hasText: company })).toContainText('20 days');
    await page.getByRole('checkbox', { name: `Select Microsoft 365 E3 of ${company}` }).check();
    await page.getByLabel('Renewal template').selectOption({ label: 'Broken renewal' });
    await page.getByRole('button', { name: 'Create renewal notices' }).click();
    const refusal = alertWithText(page, 'No notice was created.');
    await expect(refusal).toContainText('The template’s English body, line 1, column 6: “{{customer.nmae}}” is not a known variable.');
    await expect(refusal).toContainText(`${company} has no primary or billing contact to receive the notice.`);

    await page.getByLabel('Renewal template').selectOption({ label: 'Good renewal' });
    await page.getByRole('button', { name: 'Create renewal notices' }).click();
    await expect(refusal).not.toContainText('is not a known variable');
    await expect(refusal).toContainText(`${company} has no primary or billing contact to receive the notice.`);
    expect(await countOf(`SELECT count(*)::text AS n FROM "Notice" WHERE "partnerId" = $1`, [own.partnerId])).toBe(0);

    // A time in the past is refused before anything is made.
    await page.getByLabel('Schedule them for a time').check();
    await page.getByLabel('Send at').fill('2020-01-01T09:00');
    await page.getByRole('button', { name: 'Create renewal notices' }).click();
    await expect(page.getByText('Choose a time in the future.')).toBeVisible();
    expect(await countOf(`SELECT count(*)::text AS n FROM "Notice" WHERE "partnerId" = $1`, [own.partnerId])).toBe(0);
    await context.close();
  });
});
