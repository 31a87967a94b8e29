import { expect, test } from '@playwright/test';
import { createUser, sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoEnglish } from './support/i18n';

// Data, not interface: names that stay as they are in every language.
const DATA = ['Contoso Cloud Partners', 'Fabrikam Government Solutions'];

test.describe('languages', () => {
  test('the switch changes every string, is remembered in the profile, and the URL does not change', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners', name: 'Lin Mei' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, user.email, undefined, { from: '/signin' });
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '繁體中文' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '儀表板' })).toBeVisible();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    await expect(page.getByRole('navigation', { name: '主要導覽' }).getByRole('link', { name: '客戶' })).toBeVisible();
    await expect(page.getByRole('banner').getByText('合作夥伴管理員')).toBeVisible();
    await expectNoEnglish(page, DATA);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '儀表板' })).toBeVisible();
    expect((await sql<{ language: string }>('SELECT language::text FROM "User" WHERE id = $1', [user.id]))[0]?.language).toBe('zh-TW');
    await context.close();

    // A new browser (no cookie) signs in and gets the language from the profile.
    const fresh = await browser.newContext();
    const second = await fresh.newPage();
    await second.goto('/signin');
    await expect(second.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await signIn(second, user.email);
    await expect(second.getByRole('heading', { level: 1, name: '儀表板' })).toBeVisible();
    // Switching back.
    await second.getByRole('group', { name: '語言' }).getByRole('button', { name: 'English' }).click();
    await expect(second.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await fresh.close();
  });

  test('every page so far, error pages included, reads entirely in zh-TW', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'zh-TW', extraHTTPHeaders: { 'Accept-Language': 'zh-TW,zh;q=0.9' } });
    const page = await context.newPage();
    await page.goto('/signin');
    await expect(page.getByRole('heading', { level: 1, name: '登入' })).toBeVisible();
    await expectNoEnglish(page, DATA);
    // Wrong password, in zh-TW.
    await page.getByLabel('電子郵件').fill(DEMO_USERS.bob.email);
    await page.getByLabel('密碼').fill('wrong-password');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: '電子郵件或密碼不正確' })).toBeVisible();

    // Bob's profile says English and there is no cookie yet: the profile wins over the browser.
    await page.getByLabel('密碼').fill('demo-password-1');
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    // A chosen language (the cookie the switch sets) wins over the profile.
    await context.addCookies([{ name: 'portal-locale', value: 'zh-TW', url: page.url() }]);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '儀表板' })).toBeVisible();
    // Numbers and the dashboard, then a page that does not exist.
    await expectNoEnglish(page, DATA);
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1, name: '找不到頁面' })).toBeVisible();
    await expectNoEnglish(page, DATA);
    await context.close();

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await admin.goto('/signin');
    await admin.getByRole('group', { name: 'Language' }).getByRole('button', { name: '繁體中文' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: '登入' })).toBeVisible();
    await admin.getByLabel('電子郵件').fill(DEMO_USERS.admin.email);
    await admin.getByLabel('密碼').fill('demo-password-1');
    await admin.getByRole('button', { name: '登入', exact: true }).click();
    await expect(admin.getByRole('heading', { level: 1, name: '關係審核' })).toBeVisible();
    await expectNoEnglish(admin, DATA);
    await admin.goto('/admin/partners');
    await expect(admin.getByRole('heading', { level: 1, name: '合作夥伴' })).toBeVisible();
    await expectNoEnglish(admin, DATA);
    // Switched on the sign-in page, the choice is now Pat's profile language too: switch back.
    await admin.getByRole('group', { name: '語言' }).getByRole('button', { name: 'English' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible();
    await adminContext.close();
  });
});
