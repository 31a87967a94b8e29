import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { countOf, createUser, sql } from './support/db';
import { alertWithText, DEMO_USERS, signIn } from './support/fixtures';

test.describe('signing in', () => {
  for (const key of ['alice', 'bob', 'vera', 'gina'] as const) {
    const user = DEMO_USERS[key];
    test(`${user.name} signs in and sees their own partner`, async ({ page }) => {
      await signIn(page, user.email, undefined, { from: '/signin' });
      await expect(page).toHaveURL(/\/dashboard$/);
      const banner = page.getByRole('banner');
      await expect(banner.getByText(user.partner!, { exact: true })).toBeVisible();
      await expect(banner.getByText(user.name)).toBeVisible();
      await expect(banner.getByText(user.role)).toBeVisible();
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      for (const item of ['Dashboard', 'Customers', 'Communications', 'Notices', 'Settings']) {
        await expect(nav.getByRole('link', { name: item })).toBeVisible();
      }
      await expect(nav.getByRole('link', { name: 'Relationship reviews' })).toHaveCount(0);
      // The dashboard's figures are this partner's, counted here with plain SQL.
      const customers = await countOf(
        `SELECT count(*)::text AS n FROM "Customer" c JOIN "Partner" p ON p.id = c."partnerId" WHERE p.name = $1`,
        [user.partner],
      );
      const active = await countOf(
        `SELECT count(*)::text AS n FROM "Subscription" s JOIN "Partner" p ON p.id = s."partnerId" WHERE p.name = $1 AND s.status = 'ACTIVE'`,
        [user.partner],
      );
      await expect(page.getByRole('region', { name: 'Customers', exact: true })).toContainText(String(customers));
      await expect(page.getByRole('region', { name: 'Active subscriptions', exact: true })).toContainText(
        new Intl.NumberFormat('en').format(active),
      );
      const other = key === 'gina' ? 'Contoso Cloud Partners' : 'Fabrikam Government Solutions';
      await expect(page.getByText(other)).toHaveCount(0);
    });
  }

  test('the portal admin lands on the relationship reviews and never on partner pages', async ({ page }) => {
    await signIn(page, DEMO_USERS.admin.email, undefined, { from: '/signin' });
    await expect(page).toHaveURL(/\/admin\/relationships$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Relationship reviews' })).toBeVisible();
    await expect(page.getByRole('banner').getByText('Portal administration')).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Wide World Importers' })).toBeVisible();
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/admin\/relationships$/);
    await page.goto('/admin/partners');
    await expect(page.getByRole('cell', { name: 'Contoso Cloud Partners' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Fabrikam Government Solutions' })).toBeVisible();
  });

  test('a partner user cannot open the admin pages', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await page.goto('/admin/relationships');
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('cell', { name: 'Wide World Importers' })).toHaveCount(0);
  });

  test('a wrong password gets a clear error that does not tell whether the email exists', async ({ page }) => {
    await page.goto('/signin');
    await page.getByLabel('Email').fill(DEMO_USERS.bob.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const message = 'The email or password is not correct. Check both and try again.';
    await expect(alertWithText(page, message)).toBeVisible();
    await expect(page).toHaveURL(/\/signin/);
    await page.getByLabel('Email').fill(`nobody-${randomUUID()}@contoso-partners.example`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alertWithText(page, message)).toBeVisible();
  });

  test('repeated failures are throttled with a clear message', async ({ page }) => {
    const email = `throttle-${randomUUID().slice(0, 8)}@contoso-partners.example`;
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong-password');
    for (let i = 0; i < 10; i += 1) {
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(alertWithText(page, 'The email or password is not correct')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
    }
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alertWithText(page, 'Too many failed sign-in attempts. Wait a few minutes, then try again.')).toBeVisible();
    expect(await countOf(`SELECT count(*)::text AS n FROM "SignInAttempt" WHERE email = $1 AND NOT success`, [email])).toBe(11);
  });

  test('the address recorded is the one the portal sees, never one the client sends', async ({ page }) => {
    const email = `address-${randomUUID().slice(0, 8)}@contoso-partners.example`;
    await page.setExtraHTTPHeaders({ 'x-portal-client': '203.0.113.99', 'x-portal-client-key': 'guessed' });
    await page.goto('/signin');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alertWithText(page, 'The email or password is not correct')).toBeVisible();
    const rows = await sql<{ address: string }>(`SELECT address FROM "SignInAttempt" WHERE email = $1`, [email]);
    expect(rows.map((row) => row.address)).toEqual([expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]);
  });

  test('signed out, a portal page redirects to sign-in and back after it', async ({ page }) => {
    await page.goto('/dashboard?from=bookmark');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard%3Ffrom%3Dbookmark/);
    await signIn(page, DEMO_USERS.bob.email);
    await expect(page).toHaveURL(/\/dashboard\?from=bookmark$/);
  });

  test('sign-out ends the session', async ({ page }) => {
    await signIn(page, DEMO_USERS.vera.email, undefined, { from: '/signin' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
  });

  test('sign-out works without JavaScript (a click before the page is ready), and without the CSRF cookie', async ({ browser }) => {
    // Signed in the usual way…
    const signedIn = await browser.newContext();
    await signIn(await signedIn.newPage(), DEMO_USERS.bob.email, undefined, { from: '/signin' });
    const state = await signedIn.storageState();
    await signedIn.close();
    // …then the same session in a browser that runs no script at all.
    const context = await browser.newContext({ javaScriptEnabled: false, storageState: state });
    const page = await context.newPage();
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
    await context.close();

    // Signing out ended that session for good: its cookie no longer opens anything, anywhere.
    const replayed = await browser.newContext({ storageState: state });
    const again = await replayed.newPage();
    await again.goto('/dashboard');
    await expect(again).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
    await replayed.close();

    // Without next-auth's CSRF cookie the form carries no token: a page asks again, with one.
    const second = await browser.newContext();
    await signIn(await second.newPage(), DEMO_USERS.bob.email, undefined, { from: '/signin' });
    const secondState = await second.storageState();
    await second.close();
    const noCookie = await browser.newContext({ javaScriptEnabled: false, storageState: secondState });
    await noCookie.clearCookies({ name: /csrf-token/ });
    const other = await noCookie.newPage();
    await other.goto('/dashboard');
    await other.getByRole('button', { name: 'Sign out' }).click();
    await expect(other).toHaveURL(/\/signout$/);
    await expect(other.getByRole('heading', { level: 1, name: 'Sign out' })).toBeVisible();
    await other.getByRole('button', { name: 'Sign out' }).click();
    await expect(other).toHaveURL(/\/signin/);
    await other.goto('/dashboard');
    await expect(other).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
    await noCookie.close();
  });

  test("a deactivated user's session stops working on the next request", async ({ page }) => {
    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners' });
    await signIn(page, user.email, undefined, { from: '/signin' });
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await sql(`UPDATE "User" SET active = false WHERE id = $1`, [user.id]);
    await page.reload();
    await expect(page).toHaveURL(/\/signin/);
    await expect(alertWithText(page, 'Your session has ended. Sign in again.')).toBeVisible();
    // And signing in again is refused.
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('demo-password-1');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alertWithText(page, 'The email or password is not correct')).toBeVisible();
  });
});
