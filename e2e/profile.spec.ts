import { expect, test } from '@playwright/test';
import { createUser, sql } from './support/db';
import { alertWithText, signIn } from './support/fixtures';

test.describe('profile', () => {
  test('a user changes name, language and time zone; a stale save from another tab is refused', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_VIEWER', partnerName: 'Contoso Cloud Partners', name: 'Chen Ya' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, user.email, undefined, { from: '/signin' });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Profile' })).toBeVisible();
    const other = await context.newPage();
    await other.goto('/settings/profile');

    await page.getByLabel('Display name').fill('Chen Ya-Ting');
    await page.getByLabel('Time zone').selectOption('Asia/Taipei');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your profile was saved.' })).toBeVisible();
    await expect(page.getByRole('banner').getByText('Chen Ya-Ting')).toBeVisible();
    const saved = await sql<{ displayName: string; timeZone: string }>('SELECT "displayName", "timeZone" FROM "User" WHERE id = $1', [
      user.id,
    ]);
    expect(saved[0]).toEqual({ displayName: 'Chen Ya-Ting', timeZone: 'Asia/Taipei' });

    // The other tab still shows the old profile: its save is refused and changes nothing.
    await other.getByLabel('Display name').fill('Someone Else');
    await other.getByRole('button', { name: 'Save profile' }).click();
    await expect(alertWithText(other, 'Your profile was changed elsewhere in the meantime.')).toBeVisible();
    const after = await sql<{ displayName: string }>('SELECT "displayName" FROM "User" WHERE id = $1', [user.id]);
    expect(after[0]?.displayName).toBe('Chen Ya-Ting');

    // An empty name is refused with a clear message.
    await page.reload();
    await page.getByLabel('Display name').fill('   ');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(alertWithText(page, 'Enter a display name')).toBeVisible();

    // Language from the profile.
    await page.reload();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-TW');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '個人資料' })).toBeVisible();
    await context.close();
  });

  test('changing the password ends every session; the new password signs in', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners' });
    const first = await browser.newContext();
    const second = await browser.newContext();
    const page = await first.newPage();
    const elsewhere = await second.newPage();
    await signIn(elsewhere, user.email, undefined, { from: '/signin' });
    await signIn(page, user.email, undefined, { from: '/signin' });
    await page.goto('/settings/profile');
    await page.getByLabel('Current password').fill('wrong-password');
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-123');
    await page.getByLabel('Confirm new password').fill('a-new-password-123');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(alertWithText(page, 'The current password is not correct.')).toBeVisible();

    await page.getByLabel('Current password').fill('demo-password-1');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Confirm new password').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(alertWithText(page, 'at least 12 characters')).toBeVisible();

    await page.getByLabel('Current password').fill('demo-password-1');
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-123');
    await page.getByLabel('Confirm new password').fill('a-new-password-123');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/signin/);
    // The other browser's session has ended too.
    await elsewhere.goto('/dashboard');
    await expect(elsewhere).toHaveURL(/\/signin/);
    await signIn(page, user.email, 'a-new-password-123');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await first.close();
    await second.close();
  });

  test('guessing the current password is throttled like signing in', async ({ page }) => {
    const user = await createUser({ role: 'PARTNER_VIEWER', partnerName: 'Contoso Cloud Partners' });
    await signIn(page, user.email, undefined, { from: '/signin' });
    // The account's failures from elsewhere use up its budget (20 in 15 minutes, whatever the address).
    await sql(
      `INSERT INTO "SignInAttempt" (email, address, success, "createdAt") SELECT $1, 'elsewhere-' || n, false, now() FROM generate_series(1, 20) AS n`,
      [user.email],
    );
    await page.goto('/settings/profile');
    await page.getByLabel('Current password').fill('demo-password-1');
    await page.getByLabel('New password', { exact: true }).fill('a-new-password-123');
    await page.getByLabel('Confirm new password').fill('a-new-password-123');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(alertWithText(page, 'Too many wrong passwords for this account. Wait a few minutes, then try again.')).toBeVisible();
    const audited = await sql<{ action: string }>(`SELECT action FROM "AuditEvent" WHERE "targetId" = $1 ORDER BY id DESC LIMIT 1`, [
      user.id,
    ]);
    expect(audited[0]?.action).toBe('user.password_change_throttled');
  });
});
