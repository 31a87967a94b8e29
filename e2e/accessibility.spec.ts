import { expect, test } from '@playwright/test';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';

test.describe('accessibility', () => {
  test('sign-in page', async ({ page }) => {
    await page.goto('/signin');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('dashboard', async ({ page }) => {
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test('admin pages and the not-found page', async ({ page }) => {
    await signIn(page, DEMO_USERS.admin.email, undefined, { from: '/signin' });
    await expect(page.getByRole('heading', { level: 1, name: 'Relationship reviews' })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.goto('/admin/partners');
    await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});
