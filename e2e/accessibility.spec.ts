import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS, signIn } from './support/fixtures';

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

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
