import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { createUser, sql } from './support/db';
import { alertWithText, DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';

// The customers list, its CSV export and the customer page, on the demo data (read only) and on
// partners of their own made here with plain SQL (for exact counts, paging and hostile names).

async function createPartnerWithCustomers(names: string[]) {
  const suffix = randomUUID().slice(0, 8);
  const name = `E2E Customers ${suffix}`;
  const [partner] = await sql<{ id: string }>(
    `INSERT INTO "Partner" (id, name, "partnerNumber", cloud, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'PUBLIC', now()) RETURNING id`,
    [name, `E${suffix}`],
  );
  if (names.length > 0) {
    await sql(
      `INSERT INTO "Customer" (id, "partnerId", "companyName", domain, "tenantId", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), $1, n, 'c' || i || '.example', gen_random_uuid(), now() - i * interval '1 minute', now()
       FROM unnest($2::text[]) WITH ORDINALITY AS t(n, i)`,
      [partner!.id, names],
    );
  }
  const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName: name });
  return { partnerId: partner!.id, name, admin };
}

function table(page: Page) {
  return page.getByRole('table', { name: /^Customers, sorted by/ });
}

/** The company names in the list, top to bottom. */
async function listedNames(page: Page): Promise<string[]> {
  return table(page).getByRole('rowheader').allInnerTexts();
}

test.describe('customers list', () => {
  test('search by name, domain and tenant id; every choice is in the URL and the back button works', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await page.goto('/customers');
    await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    await expect(table(page).getByRole('link', { name: 'Adatum Corporation' })).toBeVisible();

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('TAILSPIN');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/\/customers\?q=TAILSPIN$/);
    await expect.poll(() => listedNames(page)).toEqual(['Tailspin Toys']);
    await expect(page.getByRole('status').filter({ hasText: '1 customer' })).toBeVisible();

    // By domain.
    await search.fill('wideworldimporters.exa');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/q=wideworldimporters\.exa/);
    await expect.poll(() => listedNames(page)).toEqual(['Wide World Importers']);

    // Back: the previous search, its results and its search box.
    await page.goBack();
    await expect(page).toHaveURL(/\/customers\?q=TAILSPIN$/);
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('TAILSPIN');
    await expect.poll(() => listedNames(page)).toEqual(['Tailspin Toys']);

    // By tenant id (exact), read here with plain SQL; the URL is shareable.
    const [tailspin] = await sql<{ tenantId: string }>(
      `SELECT "tenantId"::text AS "tenantId" FROM "Customer" WHERE "companyName" = 'Tailspin Toys'`,
    );
    await page.goto(`/customers?q=${tailspin!.tenantId.toUpperCase()}`);
    await expect.poll(() => listedNames(page)).toEqual(['Tailspin Toys']);
    await expect(table(page).getByRole('cell', { name: tailspin!.tenantId })).toBeVisible();

    // Nothing matches: its own message, with a way back.
    await page.goto('/customers?q=no-such-customer-anywhere');
    await expect(page.getByRole('heading', { name: 'No customers match' })).toBeVisible();
    await page.getByRole('link', { name: 'Clear search and filters' }).first().click();
    await expect(page).toHaveURL(/\/customers$/);
    await expect(table(page).getByRole('link', { name: 'Adatum Corporation' })).toBeVisible();
  });

  test('filter by cloud, relationship and direct relationship; sort by name and next commitment end', async ({ page }) => {
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    await page.goto('/customers');

    await page.getByLabel('Cloud').selectOption({ label: 'Microsoft Cloud Germany (retired)' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/cloud=GERMANY/);
    const germany = await listedNames(page);
    expect(germany).toContain('Litware, Inc.');
    expect(germany).not.toContain('Adatum Corporation');
    await expect(table(page).getByRole('cell', { name: 'Microsoft Cloud Germany (retired)', exact: true })).toHaveCount(germany.length);

    await page.goto('/customers?relationshipToPartner=ADVISOR');
    await expect(page.getByLabel('Relationship to partner')).toHaveValue('ADVISOR');
    const advisors = await listedNames(page);
    expect(advisors).toContain('Proseware, Inc.');
    expect(advisors).not.toContain('Tailspin Toys');

    await page.goto('/customers');
    await page.getByLabel('Direct Microsoft relationship').selectOption({ label: 'Declared, pending review' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/directRelationship=DECLARED/);
    const declared = await listedNames(page);
    expect(declared).toContain('Wide World Importers');
    expect(declared).not.toContain('Adatum Corporation');

    // Sort by name, Z to A (the select), then by next commitment end (the column header).
    await page.goto('/customers');
    await page.getByLabel('Sort by').selectOption({ label: 'Company name, Z to A' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/sort=-name/);
    const byNameDesc = await sql<{ companyName: string }>(
      `SELECT c."companyName" FROM "Customer" c JOIN "Partner" p ON p.id = c."partnerId"
       WHERE p.name = 'Contoso Cloud Partners' ORDER BY c."companyName" DESC, c.id DESC LIMIT 25`,
    );
    await expect.poll(() => listedNames(page)).toEqual(byNameDesc.map((row) => row.companyName));
    await expect(table(page).getByRole('columnheader', { name: /Company name/ })).toHaveAttribute('aria-sort', 'descending');

    await table(page)
      .getByRole('link', { name: /Next commitment end/ })
      .click();
    await expect(page).toHaveURL(/sort=nextCommitmentEnd(&|$)/);
    await expect(table(page).getByRole('columnheader', { name: /Next commitment end/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.getByLabel('Sort by')).toHaveValue('nextCommitmentEnd');
    // Ascending by the earliest active commitment end (plain SQL), customers without one last.
    const expected = await sql<{ companyName: string }>(
      `SELECT c."companyName" FROM "Customer" c JOIN "Partner" p ON p.id = c."partnerId"
       WHERE p.name = 'Contoso Cloud Partners' ORDER BY c."nextCommitmentEndAt" ASC NULLS LAST, c.id ASC LIMIT 25`,
    );
    await expect.poll(() => listedNames(page)).toEqual(expected.map((row) => row.companyName));
  });

  test('a bad value in the URL is ignored with a clear message, never an error page', async ({ page }) => {
    await signIn(page, DEMO_USERS.vera.email, undefined, { from: '/signin' });
    await page.goto('/customers?cloud=MARS&sort=price&cursor=not-a-cursor&q=adatum');
    await expect(
      alertWithText(page, 'Some choices in the address could not be used and were ignored: sort order, cloud, page.'),
    ).toBeVisible();
    await expect.poll(() => listedNames(page)).toEqual(['Adatum Corporation']);
  });

  test('pages forward and back with cursors in the URL', async ({ page }) => {
    const names = Array.from({ length: 30 }, (_, i) => `Pager Customer ${String(i + 1).padStart(2, '0')}`);
    const own = await createPartnerWithCustomers(names);
    await signIn(page, own.admin.email, undefined, { from: '/signin' });
    await page.goto('/customers');
    await expect(page.getByRole('status').filter({ hasText: '30 customers' })).toBeVisible();
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await expect.poll(() => listedNames(page)).toEqual(names.slice(0, 25));
    await expect(pages.getByRole('link', { name: 'Previous page' })).toHaveCount(0);

    await pages.getByRole('link', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(table(page).getByRole('link', { name: 'Pager Customer 26' })).toBeVisible();
    await expect.poll(() => listedNames(page)).toEqual(names.slice(25));
    await expect(pages.getByRole('link', { name: 'Next page' })).toHaveCount(0);
    const secondPage = page.url();

    await pages.getByRole('link', { name: 'Previous page' }).click();
    await expect(table(page).getByRole('link', { name: 'Pager Customer 01' })).toBeVisible();
    await expect.poll(() => listedNames(page)).toEqual(names.slice(0, 25));
    await expect(pages.getByRole('link', { name: 'Previous page' })).toHaveCount(0);

    await page.goBack();
    await expect(page).toHaveURL(secondPage);
    await expect.poll(() => listedNames(page)).toEqual(names.slice(25));
    await pages.getByRole('link', { name: 'First page' }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await expect.poll(() => listedNames(page)).toEqual(names.slice(0, 25));

    // Sorted the other way, page 2 is the first five names, backwards.
    await page.goto('/customers?sort=-name');
    await pages.getByRole('link', { name: 'Next page' }).click();
    await expect.poll(() => listedNames(page)).toEqual(names.slice(0, 5).reverse());
  });

  test('a partner without customers sees how to add them; a viewer does not get the admin links', async ({ page, browser }) => {
    const own = await createPartnerWithCustomers([]);
    await signIn(page, own.admin.email, undefined, { from: '/signin' });
    await page.goto('/customers');
    await expect(page.getByRole('heading', { name: 'No customers yet' })).toBeVisible();
    const empty = page.getByRole('region', { name: 'No customers yet' });
    await expect(empty.getByRole('link', { name: 'Add customer' })).toHaveAttribute('href', '/customers/new');
    await expect(empty.getByRole('link', { name: 'Import customers' })).toHaveAttribute('href', '/customers/import');
    await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveCount(0);

    const viewerContext = await browser.newContext();
    const viewer = await viewerContext.newPage();
    await signIn(viewer, DEMO_USERS.vera.email, undefined, { from: '/signin' });
    await viewer.goto('/customers');
    await expect(viewer.getByRole('link', { name: 'Export CSV' })).toBeVisible();
    await expect(viewer.getByRole('link', { name: 'Add customer' })).toHaveCount(0);
    await expect(viewer.getByRole('link', { name: 'Import customers' })).toHaveCount(0);
    await viewerContext.close();
  });
});

test.describe('customers CSV export', () => {
  test('downloads the filtered list, with a BOM, a header, every row, and formulas neutralised', async ({ page }) => {
    const hostile = ['=HYPERLINK("http://evil.example","Click me")', '+SUM(1,2)', '-2+3 Corp', '@cmd Labs', 'Comma, Quote " Ltd'];
    const own = await createPartnerWithCustomers([...hostile, 'Plain Co']);
    await signIn(page, own.admin.email, undefined, { from: '/signin' });
    await page.goto('/customers?sort=created');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Company name,Domain,Tenant ID,Cloud,Relationship to partner,Direct Microsoft relationship,Preferred language,Next commitment end,Date added,Customer ID',
    );
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(6);
    // Created one minute apart, oldest last: sort=created lists Plain Co first, then the others backwards.
    expect(rows[0]).toMatch(
      /^Plain Co,c6\.example,[0-9a-f-]{36},Partner Center \(global\),Reseller \(partner bills\),None,English,,\d{4}-\d{2}-\d{2},[0-9a-f-]{36}$/,
    );
    expect(rows[1]).toMatch(/^"Comma, Quote "" Ltd",c5\.example,/);
    expect(rows[2]).toMatch(/^'@cmd Labs,/);
    expect(rows[3]).toMatch(/^'-2\+3 Corp,/);
    expect(rows[4]).toMatch(/^"'\+SUM\(1,2\)",/);
    expect(rows[5]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example"",""Click me""\)",/);

    // The same filters as the page: a search narrows the file.
    const filtered = await page.request.get('/customers/export.csv?q=plain');
    expect(filtered.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(filtered.headers()['content-disposition']).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = (await filtered.text()).replace(/^\uFEFF/, '');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(text).toContain('Plain Co');
  });

  test('the demo partner: Germany shown as retired, in the export too', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    const response = await page.request.get('/customers/export.csv?cloud=GERMANY');
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).toContain('Litware, Inc.');
    expect(text).toContain('Microsoft Cloud Germany (retired)');
    expect(text).not.toContain('Adatum Corporation');
  });
});

test.describe('customer page', () => {
  async function openCustomer(page: Page, name: string) {
    await page.goto(`/customers?q=${encodeURIComponent(name)}`);
    await table(page).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  }
  const matrixRow = (page: Page, category: string) =>
    page.getByRole('table', { name: 'Who may contact this customer' }).getByRole('row', { name: new RegExp(`^${category}`) });

  test('Adatum Corporation: profile, contacts, subscriptions, verified relationship, matrix, communications, notices', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await openCustomer(page, 'Adatum Corporation');
    const profile = page.getByRole('region', { name: 'Company profile' });
    await expect(profile.getByText('adatum.example', { exact: true })).toBeVisible();
    await expect(profile.getByText('Reseller (partner bills)')).toBeVisible();
    await expect(profile.getByText('English')).toBeVisible();

    const contacts = page.getByRole('table', { name: 'Contacts' });
    await expect(contacts.getByRole('row', { name: /Elena Fischer.*Primary.*English/ })).toBeVisible();
    await expect(contacts.getByRole('row', { name: /Marcus Johnson.*Billing.*English \(the customer’s\)/ })).toBeVisible();
    const subscriptions = page.getByRole('table', { name: 'Subscriptions' });
    await expect(subscriptions.getByRole('row', { name: /Microsoft 365 E3.*250.*Active.*1 year.*Annual/ })).toBeVisible();
    await expect(subscriptions.getByRole('row', { name: /Azure plan.*Active.*1 month.*Monthly/ })).toBeVisible();

    const direct = page.getByRole('region', { name: 'Direct Microsoft relationship' });
    await expect(direct.getByText('Verified', { exact: true })).toBeVisible();
    await expect(direct.getByText('Enterprise Agreement').first()).toBeVisible();
    await expect(direct.getByRole('table', { name: 'Review history' }).getByRole('cell', { name: 'Approved' })).toBeVisible();

    await expect(matrixRow(page, 'Non-CSP products')).toContainText('Microsoft contacts directly about its non-CSP products');
    await expect(matrixRow(page, 'Non-CSP products')).toContainText('verified commercial relationship with Microsoft');
    await expect(matrixRow(page, 'Subscriptions and billing')).toContainText('Partner only');
    await expect(matrixRow(page, 'Service incidents')).toContainText('Microsoft may contact directly');
    await expect(matrixRow(page, 'Operational messages')).toContainText('Microsoft may contact directly');

    const communications = page.getByRole('table', { name: 'Microsoft communications affecting this customer' });
    const incident = communications.getByRole('link', { name: 'Users may experience delays sending or receiving email' });
    await expect(incident).toHaveAttribute('href', /^\/communications\/[0-9a-f-]{36}$/);
    const notices = page.getByRole('table', { name: 'Notices' });
    await expect(notices.getByRole('row').nth(1).getByRole('link')).toHaveAttribute('href', /^\/notices\/[0-9a-f-]{36}$/);

    // A partner admin gets the edit links (the pages themselves are another part of the portal).
    await expect(page.getByRole('link', { name: 'Edit customer' })).toHaveAttribute('href', /\/customers\/[0-9a-f-]{36}\/edit$/);
    await expect(page.getByRole('link', { name: 'Add contact' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Add subscription' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Edit Elena Fischer (Primary)' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Declare or update the relationship' })).toHaveAttribute(
      'href',
      /^\/customers\/[0-9a-f-]{36}\/relationship$/,
    );
    await expectNoSeriousViolations(page);
  });

  test('Tailspin Toys: no direct relationship; a non-CSP message to it is a flagged conflict', async ({ page }) => {
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    await openCustomer(page, 'Tailspin Toys');
    await expect(matrixRow(page, 'Non-CSP products')).toContainText('No direct relationship: partner only');
    await expect(matrixRow(page, 'Non-CSP products')).toContainText('no direct commercial relationship with Microsoft');
    const communications = page.getByRole('table', { name: 'Microsoft communications affecting this customer' });
    await expect(
      communications.getByRole('row', { name: /Azure Enterprise Agreement: changes to your Azure consumption commitment report/ }),
    ).toContainText('Policy conflict');
    await expect(communications.getByRole('row', { name: /Users may experience delays sending or receiving email/ })).not.toContainText(
      'Policy conflict',
    );
    await expect(page.getByRole('region', { name: 'Direct Microsoft relationship' }).getByText('Nothing has been declared')).toBeVisible();
    // An agent does not get the edit links.
    await expect(page.getByRole('link', { name: 'Edit customer' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Add contact' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Declare or update the relationship' })).toHaveCount(0);
  });

  test('Wide World Importers: pending review; Litware: the retired Germany cloud; Proseware: Microsoft bills', async ({ page }) => {
    await signIn(page, DEMO_USERS.vera.email, undefined, { from: '/signin' });
    await openCustomer(page, 'Wide World Importers');
    await expect(matrixRow(page, 'Non-CSP products')).toContainText('Pending review');
    await expect(matrixRow(page, 'Non-CSP products')).toContainText('until a portal admin approves it');
    const direct = page.getByRole('region', { name: 'Direct Microsoft relationship' });
    await expect(direct.getByText('Declared, pending review')).toBeVisible();
    await expect(
      direct
        .getByRole('table', { name: 'Review history' })
        .getByRole('row', { name: /Microsoft Customer Agreement.*Pending review.*Not decided yet/ }),
    ).toBeVisible();

    await openCustomer(page, 'Litware, Inc.');
    await expect(page.getByRole('region', { name: 'Company profile' }).getByText('Microsoft Cloud Germany (retired)')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Company profile' }).getByText('Traditional Chinese')).toBeVisible();
    await expect(matrixRow(page, 'Subscriptions and billing')).toContainText('Partner only');

    await openCustomer(page, 'Proseware, Inc.');
    await expect(matrixRow(page, 'Subscriptions and billing')).toContainText('Microsoft (it bills this customer)');
  });

  test('a malformed or unknown id is the not-found page', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    for (const path of ['/customers/not-a-uuid', `/customers/${randomUUID()}`]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    }
  });
});

test.describe('customers in Traditional Chinese', () => {
  type Tree = { [key: string]: string | Tree };
  const flatten = (tree: Tree): string[] => Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : flatten(value)));

  test('the list, the export and the customer page read in zh-TW', async ({ browser }) => {
    const english = JSON.parse(await readFile('messages/en.json', 'utf8')) as Tree;
    const chinese = JSON.parse(await readFile('messages/zh-TW.json', 'utf8')) as Tree;
    const zh = new Set(flatten(chinese));
    const englishOnly = [...flatten(english.customers as Tree), ...flatten(english.policy as Tree)]
      .filter((value) => !zh.has(value))
      .map((value) => value.split(/\{\w+\}/)[0]!.trim())
      .filter((value) => value.length >= 10);
    const expectNoEnglish = async (page: Page) => {
      const text = await page.locator('main').innerText();
      expect(englishOnly.filter((value) => text.includes(value))).toEqual([]);
    };

    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await context.addCookies([{ name: 'portal-locale', value: 'zh-TW', url: page.url() }]);
    await page.goto('/customers?cloud=GERMANY');
    await expect(page.getByRole('heading', { level: 1, name: '客戶' })).toBeVisible();
    await expect(page.getByRole('searchbox', { name: '搜尋' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Microsoft Cloud 德國（已停用）' }).first()).toBeVisible();
    await expectNoEnglish(page);

    const csv = await page.request.get('/customers/export.csv?q=Litware');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF公司名稱,網域,租用戶識別碼,雲端,與合作夥伴的關係,與 Microsoft 的直接關係,慣用語言,下次承諾期結束,新增日期,客戶識別碼',
    );
    expect(text).toContain('Microsoft Cloud 德國（已停用）');
    expect(text).toContain('繁體中文');

    await page.goto('/customers?q=Adatum');
    await page.getByRole('link', { name: 'Adatum Corporation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Adatum Corporation' })).toBeVisible();
    const matrix = page.getByRole('table', { name: '誰可以與此客戶聯絡' });
    await expect(matrix.getByRole('row', { name: /^非 CSP 產品/ })).toContainText('Microsoft 就其非 CSP 產品直接聯絡');
    await expect(matrix.getByRole('row', { name: /^訂閱與帳務/ })).toContainText('僅限合作夥伴');
    await expectNoEnglish(page);

    await page.goto('/customers?q=Wide World');
    await page.getByRole('link', { name: 'Wide World Importers' }).click();
    await expect(page.getByRole('table', { name: '誰可以與此客戶聯絡' }).getByRole('row', { name: /^非 CSP 產品/ })).toContainText(
      '待審核',
    );
    await expectNoEnglish(page);
    await context.close();
  });
});

test.describe('customers accessibility', () => {
  // axe takes a while on a busy machine: room for it, one page or two per test.
  test.slow();

  test('the list and its no-match state have no serious or critical axe violations', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await page.goto('/customers');
    await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.goto('/customers?q=no-such-customer-anywhere');
    await expect(page.getByRole('heading', { name: 'No customers match' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('a customer page has no serious or critical axe violations', async ({ page }) => {
    await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
    await page.goto('/customers?q=Wide World');
    await page.getByRole('link', { name: 'Wide World Importers' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Wide World Importers' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
