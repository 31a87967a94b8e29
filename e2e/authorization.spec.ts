import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';

// A user of one partner never sees another partner's customers: not by URL, not by export, not
// by search; another partner's customer answers exactly like a customer that does not exist.

test.describe("another partner's customers", () => {
  test("Gina (Fabrikam) opening a Contoso customer's URL gets the same not-found page as a random id", async ({ page }) => {
    const [adatum] = await sql<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "companyName" = 'Adatum Corporation'`);
    await signIn(page, DEMO_USERS.gina.email, undefined, { from: '/signin' });

    const foreign = await page.goto(`/customers/${adatum!.id}`);
    expect(foreign?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    const foreignText = await page.locator('body').innerText();
    expect(foreignText).not.toContain('Adatum');
    expect(foreignText).not.toContain('adatum.example');

    const unknown = await page.goto(`/customers/${randomUUID()}`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    expect(await page.locator('body').innerText()).toBe(foreignText);
    expect(await page.title()).toBe(await page.goto(`/customers/${adatum!.id}`).then(() => page.title()));
  });

  test("Gina's list, search and export hold only Fabrikam's customers", async ({ page }) => {
    await signIn(page, DEMO_USERS.gina.email, undefined, { from: '/signin' });
    await page.goto('/customers?q=Adatum');
    await expect(page.getByRole('heading', { name: 'No customers match' })).toBeVisible();
    await page.goto('/customers');
    await expect(page.getByRole('link', { name: 'Lamna Healthcare' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Adatum Corporation' })).toHaveCount(0);

    const contoso = await sql<{ companyName: string; tenantId: string }>(
      `SELECT c."companyName", c."tenantId"::text AS "tenantId" FROM "Customer" c JOIN "Partner" p ON p.id = c."partnerId" WHERE p.name = 'Contoso Cloud Partners'`,
    );
    const fabrikam = await sql<{ companyName: string }>(
      `SELECT c."companyName" FROM "Customer" c JOIN "Partner" p ON p.id = c."partnerId" WHERE p.name = 'Fabrikam Government Solutions'`,
    );
    const response = await page.request.get('/customers/export.csv');
    expect(response.status()).toBe(200);
    const text = await response.text();
    for (const { companyName, tenantId } of contoso) {
      expect(text).not.toContain(companyName);
      expect(text).not.toContain(tenantId);
    }
    for (const { companyName } of fabrikam) expect(text).toContain(companyName);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(fabrikam.length + 1);

    // A Contoso tenant id as the search: nothing.
    const byTenant = await page.request.get(`/customers/export.csv?q=${contoso[0]!.tenantId}`);
    expect((await byTenant.text()).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  test('signed out, the export and the customer pages answer with the sign-in page, never data', async ({ page }) => {
    const [adatum] = await sql<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "companyName" = 'Adatum Corporation'`);
    // Data that would show on these pages, none of it in their URLs.
    const data = ['adatum.example', 'Tailspin Toys', 'Elena Fischer', 'Company name,Domain'];
    for (const path of ['/customers/export.csv', `/customers/${adatum!.id}`, '/customers?q=adatum']) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers()['location'], path).toMatch(/\/signin\?callbackUrl=/);
      const body = await response.text();
      for (const value of data) expect(body, path).not.toContain(value);
    }
    // A forged session cookie is no session either.
    await page.context().addCookies([{ name: 'next-auth.session-token', value: 'forged', url: 'http://localhost' }]);
    for (const path of ['/customers/export.csv', `/customers/${adatum!.id}`]) {
      const forged = await page.request.get(path, { maxRedirects: 0 });
      expect(forged.status(), path).toBe(307);
      expect(forged.headers()['location'], path).toMatch(/\/signin\?callbackUrl=/);
      const body = await forged.text();
      for (const value of data) expect(body, path).not.toContain(value);
    }
  });

  test('the portal admin has no partner data: the customers pages send it to its own home', async ({ page }) => {
    await signIn(page, DEMO_USERS.admin.email, undefined, { from: '/signin' });
    await page.goto('/customers');
    await expect(page).toHaveURL(/\/admin\/relationships$/);
    const response = await page.request.get('/customers/export.csv', { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers()['location']).toMatch(/\/admin\/relationships$/);
    expect(await response.text()).not.toContain('adatum.example');
  });
});
