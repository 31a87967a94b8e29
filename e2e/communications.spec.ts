import { expect, test, type Page } from '@playwright/test';
import { countOf, sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

// The machine is shared and slow at times; axe and the production build take their time.
test.describe.configure({ timeout: 150_000 });

const EXCHANGE_INCIDENT = 'Users may experience delays sending or receiving email';
const BILLING_POST = 'Price update for Microsoft 365 Business plans and Microsoft Teams Essentials';

async function communicationId(title: string, partner = 'Contoso Cloud Partners'): Promise<string> {
  const rows = await sql<{ id: string }>(
    `SELECT m.id FROM "MicrosoftCommunication" m JOIN "Partner" p ON p.id = m."partnerId" WHERE p.name = $1 AND m.title = $2`,
    [partner, title],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

async function customerId(name: string): Promise<string> {
  const rows = await sql<{ id: string }>(`SELECT id FROM "Customer" WHERE "companyName" = $1`, [name]);
  return rows[0]!.id;
}

/** The article of one communication in the list, found by its heading. */
function article(page: Page, title: string) {
  return page.getByRole('article', { name: title });
}

test.describe('Microsoft communications', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  });

  test('an incident affecting many customers shows once, with its affected customers and their count', async ({ page }) => {
    await page.goto('/communications');
    await expect(page.getByRole('heading', { level: 1, name: 'Microsoft communications' })).toBeVisible();
    const id = await communicationId(EXCHANGE_INCIDENT);
    const affected = await countOf(`SELECT count(*)::text AS n FROM "CommunicationAffectedCustomer" WHERE "communicationId" = $1`, [id]);
    expect(affected).toBeGreaterThanOrEqual(6);
    await expect(page.getByRole('heading', { level: 2, name: EXCHANGE_INCIDENT })).toHaveCount(1);
    const incident = article(page, EXCHANGE_INCIDENT);
    await expect(incident.getByRole('heading', { name: `Affected customers: ${affected}` })).toBeVisible();
    const list = incident.getByRole('list', { name: `Affected customers: ${affected}` });
    for (const name of ['Tailspin Toys', 'Adatum Corporation', 'Wide World Importers', 'Litware, Inc.']) {
      await expect(list.getByRole('link', { name, exact: true })).toHaveAttribute('href', `/customers/${await customerId(name)}`);
    }
    await expect(list.getByRole('link')).toHaveCount(affected);
    // A service incident is Microsoft's to send: no conflict, and the partner need not repeat it.
    await expect(incident.getByText('Microsoft may have told them directly; you need not repeat it.')).toBeVisible();
    await expect(incident.getByText('Policy conflict', { exact: false })).toHaveCount(0);
  });

  test('the subscription-and-billing post to Tailspin Toys is flagged as a policy conflict and explained', async ({ page }) => {
    await page.goto('/communications');
    const post = article(page, BILLING_POST);
    const conflicts = await countOf(
      `SELECT count(*)::text AS n FROM "CommunicationAffectedCustomer" l JOIN "Customer" c ON c.id = l."customerId"
       WHERE l."communicationId" = $1 AND c."relationshipToPartner" = 'RESELLER'`,
      [await communicationId(BILLING_POST)],
    );
    const affected = await countOf(`SELECT count(*)::text AS n FROM "CommunicationAffectedCustomer" WHERE "communicationId" = $1`, [
      await communicationId(BILLING_POST),
    ]);
    await expect(post.getByText(`Policy conflict for ${conflicts} of ${affected} affected customers`)).toBeVisible();
    await expect(post.getByRole('link', { name: 'Tailspin Toys (Policy conflict)' })).toBeVisible();
    // Proseware is an ADVISOR customer: Microsoft bills it, no conflict.
    await expect(post.getByRole('link', { name: 'Proseware, Inc.', exact: true })).toBeVisible();
    await expect(post.getByText(/You own these customers’ billing, so Microsoft should not contact them/)).toBeVisible();
    await expect(post.getByText('Microsoft bills these customers, so these matters are Microsoft’s.')).toBeVisible();

    // The detail page lists every affected customer with the policy's answer.
    await post.getByRole('link', { name: BILLING_POST }).click();
    await expect(page.getByRole('heading', { level: 1, name: BILLING_POST })).toBeVisible();
    const tailspinRow = page.getByRole('row', { name: /Tailspin Toys/ });
    await expect(tailspinRow.getByRole('cell', { name: /Partner only/ })).toBeVisible();
    await expect(tailspinRow.getByText('Policy conflict', { exact: true })).toBeVisible();
    const prosewareRow = page.getByRole('row', { name: /Proseware, Inc\./ });
    await expect(prosewareRow.getByText('No policy conflict')).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.getByRole('link', { name: 'Back to Microsoft communications' }).click();
    await expect(page).toHaveURL(/\/communications$/);
  });

  test('filters live in the URL, fill the form when opened from a link, and the back button returns to the previous list', async ({
    page,
  }) => {
    await page.goto('/communications');
    await expect(article(page, EXCHANGE_INCIDENT)).toBeVisible();
    await page.getByLabel('Category').selectOption({ label: 'Subscriptions and billing' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/\/communications\?category=SUBSCRIPTION_BILLING$/);
    await expect(article(page, BILLING_POST)).toBeVisible();
    await expect(article(page, EXCHANGE_INCIDENT)).toHaveCount(0);
    const billingCount = await countOf(
      `SELECT count(*)::text AS n FROM "MicrosoftCommunication" m JOIN "Partner" p ON p.id = m."partnerId" WHERE p.name = 'Contoso Cloud Partners' AND m.category = 'SUBSCRIPTION_BILLING'`,
    );
    await expect(page.getByRole('list', { name: 'Communications' }).getByRole('article')).toHaveCount(billingCount);

    // A second choice: only open service incidents.
    await page.getByLabel('Category').selectOption({ label: 'Service incidents' });
    await page.getByLabel('Open or resolved').selectOption({ label: 'Open' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/category=SERVICE_INCIDENT&state=open/);
    await expect(article(page, EXCHANGE_INCIDENT)).toBeVisible();
    await expect(article(page, 'Some users could not join Microsoft Teams meetings from the desktop client')).toHaveCount(0);

    await page.goBack();
    await expect(page).toHaveURL(/\/communications\?category=SUBSCRIPTION_BILLING$/);
    await expect(page.getByLabel('Category')).toHaveValue('SUBSCRIPTION_BILLING');
    await expect(article(page, BILLING_POST)).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(/\/communications$/);
    await expect(article(page, EXCHANGE_INCIDENT)).toBeVisible();

    // Opened from a shared link: the filters are applied and shown.
    const tailspin = await customerId('Tailspin Toys');
    await page.goto(`/communications?customerId=${tailspin}&conflict=1`);
    await expect(page.getByLabel('Affected customer', { exact: true })).toHaveValue(tailspin);
    await expect(page.getByLabel('Only communications with a policy conflict')).toBeChecked();
    const expected = await countOf(
      `SELECT count(*)::text AS n FROM "MicrosoftCommunication" m JOIN "CommunicationAffectedCustomer" l ON l."communicationId" = m.id
       WHERE l."customerId" = $1 AND EXISTS (
         SELECT 1 FROM "CommunicationAffectedCustomer" l2 JOIN "Customer" c ON c.id = l2."customerId" WHERE l2."communicationId" = m.id
           AND ((m.category = 'SUBSCRIPTION_BILLING' AND c."relationshipToPartner" = 'RESELLER') OR (m.category = 'NON_CSP_PRODUCTS' AND c."directRelationship" <> 'VERIFIED')))`,
      [tailspin],
    );
    expect(expected).toBeGreaterThan(0);
    await expect(page.getByRole('list', { name: 'Communications' }).getByRole('article')).toHaveCount(expected);

    // Nothing matches; and a value that makes no sense is ignored with a message, not a crash.
    await page.goto('/communications?category=NON_CSP_PRODUCTS&state=resolved&from=2000-01-01&to=2000-01-02');
    await expect(page.getByText('No communications match these filters.')).toBeVisible();
    await page.goto('/communications?category=MARKETING&from=yesterday');
    await expect(
      page.getByRole('status').filter({ hasText: 'Some filters were not understood and were ignored: Category, Started on or after.' }),
    ).toBeVisible();
    await expect(article(page, EXCHANGE_INCIDENT)).toBeVisible();
  });

  test('accessibility of the list', async ({ page }) => {
    await page.goto('/communications');
    await expect(page.getByRole('heading', { level: 1, name: 'Microsoft communications' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});

test('another partner’s communication gets the same not-found page as one that does not exist', async ({ page }) => {
  const contosoIncident = await communicationId(EXCHANGE_INCIDENT);
  await signIn(page, DEMO_USERS.gina.email, undefined, { from: '/signin' });
  const seen: { status: number | undefined; text: string }[] = [];
  for (const id of [contosoIncident, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
    const response = await page.goto(`/communications/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    // The not-found page (the last <main>: it renders inside the portal's frame).
    seen.push({ status: response?.status(), text: await page.getByRole('main').last().innerText() });
  }
  expect(seen[0]!.status).toBe(404);
  expect(seen[1]).toEqual(seen[0]);
  expect(seen[2]).toEqual(seen[0]);
  await expect(page.getByText(EXCHANGE_INCIDENT)).toHaveCount(0);
  // Gina's own list holds only Fabrikam's communications.
  await page.goto('/communications');
  await expect(page.getByRole('article', { name: 'Mail flow delays in Exchange Online for government tenants' })).toBeVisible();
  await expect(page.getByText(EXCHANGE_INCIDENT)).toHaveCount(0);
});

// ---------------------------------------------------------------------------------------------
// zh-TW: every interface string is Chinese (the data — titles, summaries, names — stays as it is).

/** No English interface string; Microsoft's titles, summaries and services and the names stay as they are. */
async function expectNoEnglishUi(page: Page) {
  const data = await sql<{ text: string | null }>(
    `SELECT title AS text FROM "MicrosoftCommunication" UNION ALL SELECT summary FROM "MicrosoftCommunication"
     UNION ALL SELECT "affectedService" FROM "MicrosoftCommunication" UNION ALL SELECT "companyName" FROM "Customer" UNION ALL SELECT name FROM "Partner"`,
  );
  await expectNoEnglish(
    page,
    data.map((row) => row.text),
  );
}

test('the communications pages in zh-TW', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
  // The language switch's cookie (the URL does not carry the language).
  await context.addCookies([{ name: 'portal-locale', value: 'zh-TW', url: page.url() }]);
  await page.goto('/communications');
  await expect(page.getByRole('heading', { level: 1, name: 'Microsoft 通訊' })).toBeVisible();
  const post = page.getByRole('article', { name: BILLING_POST });
  await expect(post.getByRole('link', { name: 'Tailspin Toys (政策衝突)' })).toBeVisible();
  await expect(post.getByText(/這些客戶的帳務由您負責/)).toBeVisible();
  await expectNoEnglishUi(page);
  await page.getByLabel('類別').selectOption({ label: '服務事件' });
  await page.getByRole('button', { name: '套用篩選' }).click();
  await expect(page).toHaveURL(/category=SERVICE_INCIDENT/);
  await expectNoEnglishUi(page);
  await page.goto(`/communications/${await communicationId(EXCHANGE_INCIDENT)}`);
  await expect(page.getByRole('heading', { level: 1, name: EXCHANGE_INCIDENT })).toBeVisible();
  await expect(page.getByRole('heading', { name: '關於此通訊' })).toBeVisible();
  await expectNoEnglishUi(page);
  await context.close();
});
