import { expect, test } from '@playwright/test';
import { DEMO_USERS, signIn } from './support/fixtures';

// Every main page loads without a Content-Security-Policy violation, a console error or a failed
// (4xx/5xx) request — the things browsers and Lighthouse's best-practices audit report.

const PAGES = [
  '/dashboard',
  '/customers',
  '/customers?q=tail',
  '/communications',
  '/notices',
  '/notices/new',
  '/notices/renewals',
  '/settings/notices',
  '/settings/profile',
  '/settings/microsoft',
  '/settings/microsoft/categories',
  '/settings/security',
  '/settings/embed',
];

test('the main pages load without CSP violations, console errors or failed requests', async ({ page }) => {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const store = window as unknown as { violations?: string[] };
      store.violations = [...(store.violations ?? []), `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`];
    });
  });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const violations = await page.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? []);
    expect(violations, path).toEqual([]);
  }
  expect(problems).toEqual([]);
});
