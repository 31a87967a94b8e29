import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createUser, sql } from './support/db';
import { DEMO_USERS, alertWithText, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

// The audit trail: a portal admin reads every partner's events, a partner admin (from Settings)
// their own partner's only; filters, keyset pages, row details, the CSV export; zh-TW.

const CONTOSO = 'Contoso Cloud Partners';
const FABRIKAM = 'Fabrikam Government Solutions';

async function partnerId(name: string): Promise<string> {
  const [row] = await sql<{ id: string }>('SELECT id::text FROM "Partner" WHERE name = $1', [name]);
  return row!.id;
}

/** `count` events by an actor of its own in `partner`, one second apart, the newest first in the list. */
async function insertEvents(partner: string | null, actor: string, count: number, action = 'customer.updated'): Promise<void> {
  await sql(
    `INSERT INTO "AuditEvent" ("actorLabel", "partnerId", action, "targetType", "targetId", before, after, address, "createdAt")
     SELECT $1, $2::uuid, $3, 'Customer', 'row-' || n, '{"companyName":"Old"}', jsonb_build_object('companyName', 'New ' || n), '198.51.100.' || n, now() - make_interval(secs => $4 - n)
     FROM generate_series(1, $4::int) AS n`,
    [actor, partner, action, count],
  );
}

const table = (page: Page) => page.getByRole('table', { name: /Audit events|稽核事件/ });

test.describe('the audit trail', () => {
  test('a portal admin reads every partner, filters, opens a row by keyboard and exports what it sees', async ({ page }) => {
    const contoso = await partnerId(CONTOSO);
    const fabrikam = await partnerId(FABRIKAM);
    const tag = randomUUID().slice(0, 8);
    await insertEvents(contoso, `contoso-${tag}@audit.example`, 2);
    await insertEvents(fabrikam, `fabrikam-${tag}@audit.example`, 3, 'notice.created');

    await signIn(page, DEMO_USERS.admin.email, undefined, { from: '/signin' });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit trail' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Audit trail' })).toHaveAttribute('aria-current', 'page');
    // The admin's own sign-in is there, with its source address.
    const signedIn = table(page).getByRole('row').filter({ hasText: DEMO_USERS.admin.email }).filter({ hasText: 'user.signed_in' }).first();
    await expect(signedIn).toContainText('Signed in');
    await expect(signedIn).toContainText(/127\.0\.0\.1|::1/);
    await expect(table(page).getByRole('columnheader', { name: 'Partner' })).toBeVisible();
    await expectNoSeriousViolations(page);

    // Filter by partner and action prefix: Fabrikam's events of this test only.
    const search = page.getByRole('search', { name: 'Filter the audit trail' });
    await search.getByLabel('Partner').selectOption({ label: FABRIKAM });
    await search.getByLabel('Action code starts with').fill('notice.');
    await search.getByLabel('Actor').fill(`fabrikam-${tag}@audit.example`);
    await search.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/actionPrefix=notice\.&partner=/);
    await expect(table(page).getByRole('row')).toHaveCount(4);
    await expect(table(page).getByRole('cell', { name: FABRIKAM })).toHaveCount(3);
    await expect(page.getByText('No more events')).toBeVisible();

    // The row detail opens by keyboard and shows the change readably.
    const first = table(page).getByRole('row').nth(1);
    await first.getByText('Before and after').focus();
    await page.keyboard.press('Enter');
    await expect(first.getByText('"companyName": "Old"')).toBeVisible();
    await expect(first.getByText('"companyName": "New 3"')).toBeVisible();
    await expectNoSeriousViolations(page);

    // The export holds exactly the filtered events.
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toContain('/admin/audit/export.csv?');
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      '\uFEFFTime (UTC),Event id,Actor,Actor user id,Partner,Partner id,Action,Action code,Target type,Target id,Source address,Before (JSON),After (JSON)',
    );
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1))
      expect(line).toContain(`fabrikam-${tag}@audit.example,,${FABRIKAM},${fabrikam},Notice created,notice.created`);

    // An actor with no events: the empty state.
    await page.goto(`/admin/audit?actor=nobody-${tag}@audit.example`);
    await expect(page.getByRole('heading', { name: 'No events match these filters' })).toBeVisible();
  });

  test('pages by keyset: newest first, older pages, the end', async ({ page }) => {
    const contoso = await partnerId(CONTOSO);
    const actor = `pager-${randomUUID().slice(0, 8)}@audit.example`;
    await insertEvents(contoso, actor, 57);
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: `/admin/audit?actor=${actor}` });
    await expect(table(page).getByRole('row')).toHaveCount(51);
    await expect(table(page).getByRole('row').nth(1)).toContainText('row-57');
    await expect(page.getByText('No more events')).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Audit trail pages' }).getByRole('link', { name: 'Older events' }).click();
    await expect(table(page).getByRole('row')).toHaveCount(8);
    await expect(table(page).getByRole('row').nth(1)).toContainText('row-7');
    await expect(table(page).getByRole('row').last()).toContainText('row-1');
    await expect(page.getByText('No more events')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Older events' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Newest events' }).click();
    await expect(table(page).getByRole('row').nth(1)).toContainText('row-57');
  });

  test("a partner admin reaches it from Settings and sees only their partner's events, whatever the URL says", async ({ page }) => {
    const fabrikam = await partnerId(FABRIKAM);
    const tag = randomUUID().slice(0, 8);
    await insertEvents(fabrikam, `fabrikam-${tag}@audit.example`, 2);
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Audit trail' }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
    await expect(page.getByText(`Every change and every sign-in in ${CONTOSO}`)).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Audit trail' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    // No partner column, no partner filter, and Alice's own sign-in is listed.
    await expect(table(page).getByRole('columnheader', { name: 'Partner' })).toHaveCount(0);
    await expect(page.getByRole('search').getByLabel('Partner')).toHaveCount(0);
    await expect(
      table(page).getByRole('row').filter({ hasText: DEMO_USERS.alice.email }).filter({ hasText: 'user.signed_in' }).first(),
    ).toBeVisible();
    await expectNoSeriousViolations(page);

    // Fabrikam's events stay out of reach, even when the URL names Fabrikam.
    await page.goto(`/admin/audit?partner=${fabrikam}&actor=fabrikam-${tag}@audit.example`);
    await expect(alertWithText(page, 'Some filters were not understood and were ignored: Partner.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No events match these filters' })).toBeVisible();
    const csv = await page.request.get(`/admin/audit/export.csv?partner=${fabrikam}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).not.toContain(`fabrikam-${tag}`);
    expect(text).not.toContain(FABRIKAM);
    expect(text).toContain(DEMO_USERS.alice.email);
    const partnerIds = await sql<{ id: string }>('SELECT DISTINCT "partnerId"::text AS id FROM "AuditEvent" WHERE "partnerId" IS NOT NULL');
    const contoso = await partnerId(CONTOSO);
    for (const { id } of partnerIds) if (id !== contoso) expect(text).not.toContain(id);
  });

  test('agents, viewers and signed-out visitors get nothing', async ({ browser }) => {
    for (const user of [DEMO_USERS.bob, DEMO_USERS.vera]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, user.email, undefined, { from: '/signin' });
      const response = await page.goto('/admin/audit');
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
      const csv = await page.request.get('/admin/audit/export.csv', { maxRedirects: 0 });
      expect(csv.status()).toBe(404);
      expect(await csv.text()).not.toContain(DEMO_USERS.alice.email);
      await context.close();
    }
    const anonymous = await browser.newContext();
    const csv = await anonymous.request.get('/admin/audit/export.csv', { maxRedirects: 0 });
    expect(csv.status()).toBe(307);
    expect(csv.headers()['location']).toMatch(/\/signin\?callbackUrl=%2Fadmin%2Faudit%2Fexport\.csv/);
    await anonymous.close();
  });

  test('reads entirely in Traditional Chinese', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_ADMIN', partnerName: CONTOSO, name: 'Chen Yu' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, user.email, undefined, { from: '/signin' });
    await context.addCookies([{ name: 'portal-locale', value: 'zh-TW', url: page.url() }]);
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { level: 1, name: '稽核記錄' })).toBeVisible();
    const row = table(page).getByRole('row').filter({ hasText: user.email }).first();
    await expect(row).toContainText('登入成功');
    await expect(row).toContainText('user.signed_in');
    await row.getByText('變更前後').click();
    await expect(row.getByText('變更前', { exact: true })).toBeVisible();
    await expectNoEnglish(page, [CONTOSO, user.email, user.name]);
    await expectNoSeriousViolations(page);
    await context.close();
  });
});
