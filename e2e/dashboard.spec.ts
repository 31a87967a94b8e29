import { expect, test } from '@playwright/test';
import { countOf, sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

test.describe.configure({ timeout: 150_000 });

// The dashboard's figures, counted here with plain SQL straight from the portal's database
// (not through the code under test), following DESIGN.md's definitions.

type Figures = {
  customers: number;
  byCloud: Record<'PUBLIC' | 'US_GOVERNMENT' | 'GERMANY', number>;
  active: number;
  renewals: { days: number; due: number; without: number }[];
  openIncidents: number;
  openIncidentCustomers: number;
  conflictPairs: number;
  conflictCommunications: number;
  notices: Record<string, number>;
};

async function figures(partner: string): Promise<Figures> {
  const p = [partner];
  const partnerId = `(SELECT id FROM "Partner" WHERE name = $1)`;
  const byCloudRows = await sql<{ cloud: 'PUBLIC'; n: string }>(
    `SELECT cloud::text AS cloud, count(*)::text AS n FROM "Customer" WHERE "partnerId" = ${partnerId} GROUP BY cloud`,
    p,
  );
  const byCloud = { PUBLIC: 0, US_GOVERNMENT: 0, GERMANY: 0 };
  for (const row of byCloudRows) byCloud[row.cloud] = Number(row.n);
  const today = `(now() AT TIME ZONE 'UTC')::date`;
  const renewals = [];
  for (const days of [30, 60, 90]) {
    const due = await countOf(
      `SELECT count(*)::text AS n FROM "Subscription" s WHERE s."partnerId" = ${partnerId} AND s.status = 'ACTIVE'
         AND s."commitmentEndDate" BETWEEN ${today} AND ${today} + ${days}`,
      p,
    );
    const without = await countOf(
      `SELECT count(*)::text AS n FROM "Subscription" s WHERE s."partnerId" = ${partnerId} AND s.status = 'ACTIVE'
         AND s."commitmentEndDate" BETWEEN ${today} AND ${today} + ${days}
         AND NOT EXISTS (SELECT 1 FROM "NoticeSubscription" ns JOIN "Notice" n ON n.id = ns."noticeId"
                         WHERE ns."subscriptionId" = s.id AND n.kind = 'RENEWAL' AND n.status NOT IN ('DRAFT', 'CANCELLED'))`,
      p,
    );
    renewals.push({ days, due, without });
  }
  const conflictWhere = `l."partnerId" = ${partnerId}
    AND ((m.category = 'SUBSCRIPTION_BILLING' AND c."relationshipToPartner" = 'RESELLER')
      OR (m.category = 'NON_CSP_PRODUCTS' AND c."directRelationship" <> 'VERIFIED'))`;
  const conflictFrom = `FROM "CommunicationAffectedCustomer" l JOIN "MicrosoftCommunication" m ON m.id = l."communicationId" JOIN "Customer" c ON c.id = l."customerId"`;
  const noticeRows = await sql<{ status: string; n: string }>(
    `SELECT status::text AS status, count(*)::text AS n FROM "Notice" WHERE "partnerId" = ${partnerId} GROUP BY status`,
    p,
  );
  return {
    customers: await countOf(`SELECT count(*)::text AS n FROM "Customer" WHERE "partnerId" = ${partnerId}`, p),
    byCloud,
    active: await countOf(`SELECT count(*)::text AS n FROM "Subscription" WHERE "partnerId" = ${partnerId} AND status = 'ACTIVE'`, p),
    renewals,
    openIncidents: await countOf(
      `SELECT count(*)::text AS n FROM "MicrosoftCommunication" m WHERE m."partnerId" = ${partnerId} AND m.category = 'SERVICE_INCIDENT'
         AND NOT m."isResolved" AND EXISTS (SELECT 1 FROM "CommunicationAffectedCustomer" l WHERE l."communicationId" = m.id)`,
      p,
    ),
    openIncidentCustomers: await countOf(
      `SELECT count(DISTINCT l."customerId")::text AS n FROM "CommunicationAffectedCustomer" l JOIN "MicrosoftCommunication" m ON m.id = l."communicationId"
       WHERE m."partnerId" = ${partnerId} AND m.category = 'SERVICE_INCIDENT' AND NOT m."isResolved"`,
      p,
    ),
    conflictPairs: await countOf(`SELECT count(*)::text AS n ${conflictFrom} WHERE ${conflictWhere}`, p),
    conflictCommunications: await countOf(`SELECT count(DISTINCT m.id)::text AS n ${conflictFrom} WHERE ${conflictWhere}`, p),
    notices: Object.fromEntries(noticeRows.map((row) => [row.status, Number(row.n)])),
  };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.describe('dashboard', () => {
  test('every figure matches the database, and every card links to the list behind it', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    const f = await figures('Contoso Cloud Partners');
    const fmt = (n: number) => new Intl.NumberFormat('en').format(n);
    expect(f.conflictPairs).toBeGreaterThan(0);
    expect(f.byCloud.GERMANY).toBeGreaterThan(0);

    const card = (name: string) => page.getByRole('region', { name, exact: true });
    await expect(card('Customers').getByText(fmt(f.customers), { exact: true })).toBeVisible();
    await expect(card('Customers').getByRole('link')).toHaveAttribute('href', '/customers');
    await expect(card('Active subscriptions').getByText(fmt(f.active), { exact: true })).toBeVisible();
    await expect(card('Open incidents affecting customers').getByText(fmt(f.openIncidents), { exact: true })).toBeVisible();
    await expect(card('Open incidents affecting customers').getByText(`Customers affected: ${fmt(f.openIncidentCustomers)}`)).toBeVisible();
    await expect(card('Policy conflicts').getByText(fmt(f.conflictPairs), { exact: true })).toBeVisible();
    await expect(card('Policy conflicts').getByText(new RegExp(`${f.conflictCommunications} communications`))).toBeVisible();

    // Customers by cloud, Germany shown as retired; each bar links to the filtered customer list.
    const clouds = page.getByRole('list', { name: 'Customers by cloud' });
    for (const [cloud, label] of [
      ['PUBLIC', 'Partner Center (global)'],
      ['US_GOVERNMENT', 'Microsoft Cloud for US Government'],
      ['GERMANY', 'Microsoft Cloud Germany (retired)'],
    ] as const) {
      const link = clouds.getByRole('link', { name: new RegExp(`^${escape(label)}\\s*${fmt(f.byCloud[cloud])}$`) });
      await expect(link).toHaveAttribute('href', `/customers?cloud=${cloud}`);
    }
    // Renewals due in 30 / 60 / 90 days and how many have no notice scheduled, and notices by
    // status: other journeys running alongside create notices, so page and database are compared
    // afresh (reload, re-count) until one reading agrees.
    await expect(async () => {
      await page.reload();
      const now = await figures('Contoso Cloud Partners');
      const renewals = page.getByRole('list', { name: 'Renewals due' });
      for (const window of now.renewals) {
        const link = renewals.getByRole('link', {
          name: new RegExp(`^Within ${window.days} days\\s*${window.due}\\s*No notice scheduled: ${window.without}$`),
        });
        await expect(link).toHaveAttribute('href', `/notices/renewals?withinDays=${window.days}`, { timeout: 1_000 });
      }
      expect(now.renewals[1]!.without).toBeGreaterThan(0);
      const notices = page.getByRole('list', { name: 'Notices by status' });
      for (const [status, label] of [
        ['DRAFT', 'Draft'],
        ['SCHEDULED', 'Scheduled'],
        ['SENDING', 'Sending'],
        ['SENT', 'Sent'],
        ['PARTIALLY_FAILED', 'Partially failed'],
        ['FAILED', 'Failed'],
        ['CANCELLED', 'Cancelled'],
        ['ARCHIVED', 'Archived'],
      ] as const) {
        const link = notices.getByRole('link', { name: new RegExp(`^${label}\\s*${now.notices[status] ?? 0}$`) });
        await expect(link).toHaveAttribute('href', `/notices?status=${status}`, { timeout: 1_000 });
      }
    }).toPass({ timeout: 45_000 });

    // The conflicts card opens the communications with a conflict: as many as counted here.
    await card('Policy conflicts').getByRole('link').click();
    await expect(page).toHaveURL(/\/communications\?conflict=1$/);
    await expect(page.getByLabel('Only communications with a policy conflict')).toBeChecked();
    await expect(page.getByRole('list', { name: 'Communications' }).getByRole('article')).toHaveCount(f.conflictCommunications);
    await page.goBack();
    // The incidents card opens the open service incidents.
    await card('Open incidents affecting customers').getByRole('link').click();
    await expect(page).toHaveURL(/\/communications\?category=SERVICE_INCIDENT&state=open$/);
    await expect(page.getByRole('list', { name: 'Communications' }).getByRole('article')).toHaveCount(f.openIncidents);
  });

  test('another partner sees only its own figures', async ({ page }) => {
    await signIn(page, DEMO_USERS.gina.email, undefined, { from: '/signin' });
    const f = await figures('Fabrikam Government Solutions');
    await expect(
      page.getByRole('region', { name: 'Customers', exact: true }).getByText(String(f.customers), { exact: true }),
    ).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Policy conflicts', exact: true }).getByText(String(f.conflictPairs), { exact: true }),
    ).toBeVisible();
    const clouds = page.getByRole('list', { name: 'Customers by cloud' });
    await expect(
      clouds.getByRole('link', { name: new RegExp(`^Microsoft Cloud for US Government\\s*${f.byCloud.US_GOVERNMENT}$`) }),
    ).toBeVisible();
    await expect(clouds.getByRole('link', { name: /^Partner Center \(global\)\s*0$/ })).toBeVisible();
  });

  test('accessibility', async ({ page }) => {
    await signIn(page, DEMO_USERS.vera.email, undefined, { from: '/signin' });
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});

test('the dashboard in zh-TW', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
  await context.addCookies([{ name: 'portal-locale', value: 'zh-TW', url: page.url() }]);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '儀表板' })).toBeVisible();
  const f = await figures('Contoso Cloud Partners');
  await expect(
    page
      .getByRole('region', { name: '政策衝突', exact: true })
      .getByText(new Intl.NumberFormat('zh-TW').format(f.conflictPairs), { exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('list', { name: '各雲端的客戶' }).getByRole('link', { name: /Microsoft Cloud 德國（已停用）/ }),
  ).toHaveAttribute('href', '/customers?cloud=GERMANY');
  await expect(
    page.getByRole('list', { name: '即將到期的續約' }).getByRole('link', { name: new RegExp(`^30 天內\\s*${f.renewals[0]!.due}`) }),
  ).toBeVisible();
  await expectNoEnglish(page, ['Contoso Cloud Partners']);
  await context.close();
});
