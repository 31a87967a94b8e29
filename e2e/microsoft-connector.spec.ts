import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { hashPassword } from '../lib/runtime/password';
import { DEMO_PASSWORD, sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';
import { MICROSOFT_URL } from './support/microsoft-port';

// The Microsoft connector, in Traditional Chinese, against the fake Microsoft of this run
// (e2e/support/fake-microsoft-setup.ts): a partner admin configures the application, tests the
// connection of two customers (one has not consented), syncs now, and finds the incident on
// /communications with the customers whose tenants reported it; the tenant without consent says so
// in words. A partner of its own, so that nothing else of the suite sees its communications.
test.describe.configure({ timeout: 180_000 });

const zh = JSON.parse(readFileSync('messages/zh-TW.json', 'utf8')) as typeof import('../messages/zh-TW.json');
const mc = zh.microsoftConnector;
/** A field's label as its start: required fields add "(必填)" after it. */
const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

const CLIENT_ID = '0b5f1e2a-7c3d-4e9f-8a1b-2c3d4e5f6a7b';
const SECRET = `e2e-secret-${randomUUID()}`;
const INCIDENT = 'Exchange Online：部分使用者寄信延遲（e2e）';

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${MICROSOFT_URL}/__control/${path}`, { method: 'PUT', body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
}

type Setup = {
  email: string;
  partnerId: string;
  customers: Record<'alpha' | 'beta' | 'gamma', { id: string; tenantId: string; name: string }>;
};

async function partnerWithTenants(): Promise<Setup> {
  const suffix = randomUUID().slice(0, 8);
  const [partner] = await sql<{ id: string }>(
    `INSERT INTO "Partner" (id, name, "partnerNumber", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id`,
    [`Northwind Graph ${suffix}`, `N${suffix}`],
  );
  const email = `graph-admin-${suffix}@northwind.example`;
  // Exempt from two-step sign-in like the demo users (e2e/support/db.ts createUser): this journey is the connector's.
  await sql(
    `INSERT INTO "User" (id, email, "displayName", role, "partnerId", "passwordHash", language, "twoStepExempt", "updatedAt")
     VALUES (gen_random_uuid(), $1, '林雅婷', 'PARTNER_ADMIN', $2, $3, 'zh-TW', true, now())`,
    [email, partner!.id, await hashPassword(DEMO_PASSWORD)],
  );
  const customers = {} as Setup['customers'];
  for (const [key, name] of [
    ['alpha', `Graph Alpha ${suffix}`],
    ['beta', `Graph Beta ${suffix}`],
    ['gamma', `Graph Gamma ${suffix}`],
  ] as const) {
    const tenantId = randomUUID();
    const [row] = await sql<{ id: string }>(
      `INSERT INTO "Customer" (id, "partnerId", "companyName", domain, "tenantId", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, now()) RETURNING id`,
      [partner!.id, name, `${key}-${suffix}.example`, tenantId],
    );
    customers[key] = { id: row!.id, tenantId, name };
  }
  return { email, partnerId: partner!.id, customers };
}

function incident(): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.serviceHealthIssue',
    id: `EX${Math.floor(100000 + Math.random() * 899999)}`,
    title: INCIDENT,
    impactDescription: '部分使用者寄出的郵件可能延遲最多一小時。',
    classification: 'Incident',
    status: 'ServiceDegradation',
    service: 'Exchange Online',
    startDateTime: new Date(Date.now() - 3600_000).toISOString(),
    endDateTime: null,
    lastModifiedDateTime: new Date().toISOString(),
    isResolved: false,
    posts: [
      { createdDateTime: new Date().toISOString(), postType: 'Regular', description: { contentType: 'Html', content: '<p>調查中。</p>' } },
    ],
  };
}

function tenantRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader').filter({ hasText: name }) });
}

let setup: Setup;

test.beforeAll(async () => {
  setup = await partnerWithTenants();
  await control('app', { clientId: CLIENT_ID, secrets: [SECRET] });
  // Nothing to report yet: the incident comes later in the journey (see "Sync now").
  await control(`tenants/${setup.customers.alpha.tenantId}`, { issues: [], messages: [] });
  await control(`tenants/${setup.customers.gamma.tenantId}`, { issues: [], messages: [] });
  await control(`tenants/${setup.customers.beta.tenantId}`, {
    tokenError: {
      status: 400,
      body: {
        error: 'unauthorized_client',
        error_description: "AADSTS700016: Application with identifier 'e2e' was not found in the directory 'customer'.",
        error_codes: [700016],
      },
    },
  });
});

test.afterAll(async () => {
  // Nothing of this partner is read again by the portal's worker.
  await sql(`UPDATE "MicrosoftConnector" SET enabled = false WHERE "partnerId" = $1`, [setup.partnerId]);
});

test('a partner admin connects Microsoft, tests two tenants, syncs now and sees the incident with the right customers — in zh-TW', async ({
  page,
}) => {
  await signIn(page, setup.email, DEMO_PASSWORD, { from: '/signin' });
  await page.goto('/settings/microsoft');
  await expect(page.getByRole('heading', { level: 1, name: mc.title })).toBeVisible();
  await expect(page.getByRole('link', { name: mc.nav.tab })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText(mc.form.none)).toBeVisible();
  await expectNoSeriousViolations(page);
  const names = Object.values(setup.customers).map((c) => c.name);
  await expectNoEnglish(page, [...names, ...Object.values(setup.customers).map((c) => c.tenantId)]);

  // The application: its client id and secret; a bad id is named before anything is saved.
  await page.getByLabel(label(mc.form.clientId)).fill('not-a-guid');
  await page.getByLabel(label(mc.form.secret)).fill(SECRET);
  await page.getByRole('button', { name: mc.form.save }).click();
  await expect(page.getByText(mc.fieldErrors.clientIdInvalid)).toBeVisible();
  await page.getByLabel(label(mc.form.clientId)).fill(CLIENT_ID);
  await page.getByLabel(label(mc.form.secret)).fill(SECRET);
  await page.getByRole('button', { name: mc.form.save }).click();
  await expect(page.getByRole('status').filter({ hasText: mc.form.saved })).toBeVisible();
  // The secret is never on the page again.
  await page.reload();
  await expect(page.getByText(mc.form.secretKeep)).toBeVisible();
  expect(await page.content()).not.toContain(SECRET);

  // "Test connection": the consented tenant connects, the other says what is missing.
  await tenantRow(page, setup.customers.alpha.name)
    .getByRole('button', { name: fill(mc.test.buttonFor, { customer: setup.customers.alpha.name }) })
    .click();
  await expect(
    tenantRow(page, setup.customers.alpha.name).getByText(fill(mc.test.ok, { customer: setup.customers.alpha.name })),
  ).toBeVisible();
  await tenantRow(page, setup.customers.beta.name)
    .getByRole('button', { name: fill(mc.test.buttonFor, { customer: setup.customers.beta.name }) })
    .click();
  await expect(
    tenantRow(page, setup.customers.beta.name).getByText(fill(mc.test.failed, { problem: mc.errors.CONSENT_MISSING.title })),
  ).toBeVisible();

  // A new connector's first sync starts at once: it reads the tenants, which report nothing yet.
  const brought = (created: number) => fill(mc.tenants.brought, { created, updated: 0 });
  await expect(async () => {
    await page.reload();
    await expect(tenantRow(page, setup.customers.beta.name).getByText(mc.tenants.states.FAILING)).toBeVisible({ timeout: 1000 });
    await expect(tenantRow(page, setup.customers.alpha.name).getByText(brought(0))).toBeVisible({ timeout: 1000 });
    await expect(tenantRow(page, setup.customers.gamma.name).getByText(brought(0))).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });

  // Then Microsoft reports an incident in two tenants, and "Sync now" has the worker read every
  // tenant again; the page shows each one's state and what it brought.
  const shared = incident();
  await control(`tenants/${setup.customers.alpha.tenantId}`, { issues: [shared], messages: [] });
  await control(`tenants/${setup.customers.gamma.tenantId}`, { issues: [shared], messages: [] });
  await page.getByRole('button', { name: mc.sync.now }).click();
  await expect(page.getByRole('status').filter({ hasText: mc.sync.requested })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(tenantRow(page, setup.customers.beta.name).getByText(mc.tenants.states.FAILING)).toBeVisible({ timeout: 1000 });
    await expect(tenantRow(page, setup.customers.alpha.name).getByText(mc.tenants.states.OK)).toBeVisible({ timeout: 1000 });
    await expect(tenantRow(page, setup.customers.alpha.name).getByText(brought(1))).toBeVisible({ timeout: 1000 });
    await expect(tenantRow(page, setup.customers.gamma.name).getByText(brought(1))).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  const beta = tenantRow(page, setup.customers.beta.name);
  await expect(beta.getByText(mc.errors.CONSENT_MISSING.title, { exact: true })).toBeVisible();
  await expect(beta.getByText(mc.errors.CONSENT_MISSING.action)).toBeVisible();
  await expect(beta.getByText(fill(mc.tenants.microsoftCode, { code: 'AADSTS700016' }))).toBeVisible();
  await expect(beta.getByRole('link', { name: fill(mc.tenants.consentLink, { customer: setup.customers.beta.name }) })).toHaveAttribute(
    'href',
    `${MICROSOFT_URL}/login/${setup.customers.beta.tenantId}/adminconsent?client_id=${CLIENT_ID}`,
  );
  await expectNoSeriousViolations(page);
  await expectNoEnglish(page, [...names, ...Object.values(setup.customers).map((c) => c.tenantId), CLIENT_ID, 'AADSTS700016']);

  // The incident, once, with the two customers whose tenants reported it.
  await page.goto('/communications');
  const article = page.getByRole('article', { name: INCIDENT });
  await expect(article).toHaveCount(1);
  const affected = article.getByRole('list', { name: fill(zh.communications.item.affected, { count: 2 }) });
  await expect(affected.getByRole('link', { name: setup.customers.alpha.name, exact: true })).toHaveAttribute(
    'href',
    `/customers/${setup.customers.alpha.id}`,
  );
  await expect(affected.getByRole('link', { name: setup.customers.gamma.name, exact: true })).toBeVisible();
  await expect(affected.getByRole('link', { name: setup.customers.beta.name })).toHaveCount(0);
  await expect(article.getByText(zh.policy.categories.SERVICE_INCIDENT, { exact: true })).toBeVisible();
  await expectNoSeriousViolations(page);
  await expectNoEnglish(page, [...names, INCIDENT, 'Exchange Online', '部分使用者寄出的郵件可能延遲最多一小時。']);
});

test('the category rules can be tried on the settings page, in zh-TW', async ({ page }) => {
  await signIn(page, setup.email, DEMO_PASSWORD, { from: '/signin' });
  await page.goto('/settings/microsoft');
  await page.getByRole('link', { name: mc.nav.categories }).click();
  await expect(page.getByRole('heading', { level: 1, name: mc.categories.title })).toBeVisible();
  await page.getByLabel(mc.categories.test.title, { exact: true }).fill('Microsoft 365 定價調整');
  await page.getByLabel(mc.categories.test.services, { exact: true }).fill('Dynamics 365 Apps');
  await page.getByLabel(mc.categories.test.directServices).fill('Dynamics 365');
  await page.getByRole('button', { name: mc.categories.test.submit }).click();
  const result = page.getByRole('status');
  await expect(result.getByText(fill(mc.categories.test.result, { category: zh.policy.categories.SUBSCRIPTION_BILLING }))).toBeVisible();
  await expect(result.getByText(fill(mc.categories.test.nonCsp, { service: 'Dynamics 365 Apps' }))).toBeVisible();
  await expectNoSeriousViolations(page);
  await expectNoEnglish(page, ['Microsoft 365 定價調整', 'Dynamics 365 Apps', 'Dynamics 365']);
});

test('only partner admins open the Microsoft settings: an agent finds no tab and no page', async ({ page }) => {
  await signIn(page, DEMO_USERS.bob.email, DEMO_PASSWORD, { from: '/signin' });
  await page.goto('/settings/profile');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Microsoft', exact: true })).toHaveCount(0);
  for (const path of ['/settings/microsoft', '/settings/microsoft/categories']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
});

test('the demo connector is shown filled in and labelled as demo mode, in English', async ({ page }) => {
  await signIn(page, DEMO_USERS.alice.email, DEMO_PASSWORD, { from: '/signin' });
  await page.goto('/settings/microsoft');
  await expect(page.getByRole('note').getByText('Demo mode: sample data, nothing is synced')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sync now' })).toHaveCount(0);
  const wideWorld = tenantRow(page, 'Wide World Importers');
  await expect(wideWorld.getByText('Consent missing', { exact: true })).toBeVisible();
  await expect(
    tenantRow(page, 'Litware, Inc.').getByText('Microsoft Cloud Germany is retired: this customer is not synced.'),
  ).toBeVisible();
  await expectNoSeriousViolations(page);
});
