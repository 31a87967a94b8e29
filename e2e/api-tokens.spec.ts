import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createUser } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

// A partner admin creates an API token at /settings/api-tokens, sees its secret once, an
// integration uses it against the running portal (curl-like requests), and after the admin
// revokes it the next request is refused. The same in Traditional Chinese. Agents and viewers
// do not have the page.

type Words = {
  heading: string;
  name: string;
  submit: string;
  secret: string;
  copy: string;
  nameRequired: string;
  scopesRequired: string;
  revokeNamed: (name: string) => string;
  dialog: (name: string) => string;
  confirm: string;
  revoked: string;
  active: string;
};

const EN: Words = {
  heading: 'API tokens',
  name: 'Name',
  submit: 'Create token',
  secret: 'Secret of the new token',
  copy: 'Copy',
  nameRequired: 'Enter a name.',
  scopesRequired: 'Choose at least one scope.',
  revokeNamed: (name) => `Revoke token ${name}…`,
  dialog: (name) => `Revoke token “${name}”?`,
  confirm: 'Revoke token',
  revoked: 'Revoked',
  active: 'Active',
};

const ZH: Words = {
  heading: 'API 權杖',
  name: '名稱',
  submit: '建立權杖',
  secret: '新權杖的密鑰',
  copy: '複製',
  nameRequired: '請輸入名稱。',
  scopesRequired: '請至少選擇一個範圍。',
  revokeNamed: (name) => `撤銷權杖 ${name}…`,
  dialog: (name) => `要撤銷權杖「${name}」嗎？`,
  confirm: '撤銷權杖',
  revoked: '已撤銷',
  active: '有效',
};

async function createAndRevoke(page: Page, request: APIRequestContext, words: Words) {
  await page.goto('/settings/api-tokens');
  await expect(page.getByRole('heading', { level: 1, name: words.heading })).toBeVisible();
  await expectNoSeriousViolations(page);

  // Nothing chosen: the fields say what is missing, nothing is created.
  await page.getByRole('button', { name: words.submit }).click();
  await expect(page.getByText(words.nameRequired)).toBeVisible();
  await expect(page.getByText(words.scopesRequired)).toBeVisible();
  await expectNoSeriousViolations(page);

  const name = `Integration ${randomUUID().slice(0, 8)}`;
  await page.getByLabel(words.name).fill(name);
  await page.getByRole('checkbox', { name: /customers:read/ }).check();
  await page.getByRole('checkbox', { name: /notices:read/ }).check();
  await page.getByRole('button', { name: words.submit }).click();
  const secretBox = page.getByRole('textbox', { name: words.secret });
  await expect(secretBox).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret).toMatch(/^cpt_[A-Za-z0-9_-]{32}$/);
  await expect(page.getByRole('button', { name: words.copy })).toBeVisible();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await expect(row.getByText(words.active)).toBeVisible();
  await expectNoSeriousViolations(page);

  // The integration uses it (as curl would).
  const auth = { Authorization: `Bearer ${secret}` };
  const customers = await request.get('/api/v1/customers?limit=2', { headers: auth });
  expect(customers.status()).toBe(200);
  expect(customers.headers()['ratelimit-limit']).toMatch(/^\d+$/);
  const page1 = (await customers.json()) as { data: { companyName: string }[]; nextCursor: string | null };
  expect(page1.data).toHaveLength(2);
  expect(page1.nextCursor).not.toBeNull();
  const scope = await request.get('/api/v1/communications', { headers: auth });
  expect(scope.status()).toBe(403);
  expect(((await scope.json()) as { requiredScope: string }).requiredScope).toBe('communications:read');

  // Shown once: after a reload the secret is nowhere on the page.
  await page.reload();
  await expect(page.getByRole('rowheader', { name })).toBeVisible();
  expect(await page.locator('body').innerText()).not.toContain(secret);

  // Revoke, confirmed in a dialog; the next request is refused.
  await page.getByRole('button', { name: words.revokeNamed(name) }).click();
  const dialog = page.getByRole('dialog', { name: words.dialog(name) });
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page);
  await dialog.getByRole('button', { name: words.confirm }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name }) })
      .getByText(words.revoked),
  ).toBeVisible();
  const refused = await request.get('/api/v1/customers?limit=2', { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toBe('application/problem+json');
  expect(((await refused.json()) as { type: string }).type).toBe('/api/v1/docs#problem-token-revoked');
  return name;
}

test('a partner admin creates an API token, an integration uses it, and it is refused once revoked', async ({ page, request }) => {
  const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners' });
  await signIn(page, admin.email, undefined, { from: '/signin' });
  await createAndRevoke(page, request, EN);
});

test('the same in Traditional Chinese', async ({ browser, request }) => {
  const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners' });
  const context = await browser.newContext({ locale: 'zh-TW', extraHTTPHeaders: { 'Accept-Language': 'zh-TW,zh;q=0.9' } });
  const page = await context.newPage();
  await page.goto('/signin');
  await context.addCookies([{ name: 'portal-locale', value: 'zh-TW', url: page.url() }]);
  await page.getByLabel('電子郵件').fill(admin.email);
  await page.getByLabel('密碼').fill('demo-password-1');
  await page.getByRole('button', { name: '登入', exact: true }).click();
  await expect(page).not.toHaveURL(/\/signin/);
  const name = await createAndRevoke(page, request, ZH);
  await expectNoEnglish(page, ['Contoso Cloud Partners', admin.name, name, 'API']);
  await context.close();
});

test('agents and viewers do not have the page; the settings tabs show it to admins only', async ({ page }) => {
  for (const user of [DEMO_USERS.bob, DEMO_USERS.vera]) {
    await signIn(page, user.email, undefined, { from: '/signin' });
    const response = await page.goto('/settings/api-tokens');
    expect(response?.status()).toBe(404);
    await page.goto('/settings/profile');
    await expect(page.getByRole('link', { name: 'API tokens' })).toHaveCount(0);
    await page.context().clearCookies();
  }
  await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
  await page.goto('/settings/profile');
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
});

test('the API reference is served by the portal, readable and without serious accessibility violations', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto('/api/v1/docs');
  await expect(page.getByRole('heading', { level: 1, name: 'CSP Communications Portal API' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'GET /api/v1/customers/{customerId}/policy' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Problem types' })).toBeVisible();
  await expectNoSeriousViolations(page);
  const origin = new URL(page.url()).origin;
  expect(requested.filter((url) => !url.startsWith(origin))).toEqual([]);
});
