import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { hashPassword } from '../lib/runtime/password';
import { graphMessage } from '../tests/support/graph-payloads';
import { DEMO_PASSWORD, sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish, fill, MESSAGES } from './support/i18n';
import { MICROSOFT_URL } from './support/microsoft-port';
import { expectThreaded, messagesOf, sendNow } from './support/notice-mail';

// The Microsoft connector, in Traditional Chinese, against the fake Microsoft of this run
// (e2e/support/fake-microsoft-setup.ts): a partner admin configures the application, tests the
// connection of two customers (one has not consented), syncs now, and finds the incident on
// /communications with the customers whose tenants reported it (and a message-center post with its
// act-by date, tags and details, on the list, its page and the customer's); the tenant without consent
// says so in words. Then, from that incident, "Tell affected customers": the preview in both
// languages, sent, the message files carry it; Microsoft resolves it, "Sync now" brings that, and
// "Send an update" threads with each first message. A partner of its own, so that nothing else of
// the suite sees its communications.
test.describe.configure({ timeout: 240_000 });

const zh = MESSAGES['zh-TW'];
const mc = zh.microsoftConnector;
/** A field's label as its start: required fields add "(必填)" after it. */
const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

const CLIENT_ID = '0b5f1e2a-7c3d-4e9f-8a1b-2c3d4e5f6a7b';
const SECRET = `e2e-secret-${randomUUID()}`;
const INCIDENT = 'Exchange Online：部分使用者寄信延遲（e2e）';
const IMPACT = '部分使用者寄出的郵件可能延遲最多一小時。';
const POST = 'Microsoft Teams：會議錄製將改存至 OneDrive（e2e）';
const POST_TAGS = ['Major update', 'Admin impact'];
const POST_DETAIL = { name: 'ExternalLink', value: 'https://learn.microsoft.com/microsoftteams/tmr-meetings-recording-change' };
// Microsoft asks for action within a month (to the minute: the pages show no seconds).
const ACT_BY = new Date(Math.floor((Date.now() + 30 * 86400_000) / 60_000) * 60_000);
// As the pages write a date and time (lib/i18n/translate.ts formatDateTime; the user's time zone is UTC).
const actBy = new Intl.DateTimeFormat('zh-TW', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(ACT_BY);

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${MICROSOFT_URL}/__control/${path}`, { method: 'PUT', body: JSON.stringify(body) });
  expect(response.ok).toBe(true);
}

type Setup = {
  email: string;
  partnerId: string;
  customers: Record<'alpha' | 'beta' | 'gamma', { id: string; tenantId: string; name: string }>;
  /** The technical contacts of alpha (reads English) and gamma (reads Traditional Chinese). */
  contacts: Record<'alpha' | 'gamma', { name: string; email: string }>;
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
  const contacts = {
    alpha: { name: 'Avery Stone', email: `avery-${suffix}@alpha.example`, language: 'en' },
    gamma: { name: '王美玲', email: `meiling-${suffix}@gamma.example`, language: 'zh-TW' },
  };
  for (const key of ['alpha', 'gamma'] as const) {
    await sql(
      `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, language, role, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::"Language", 'TECHNICAL', now())`,
      [partner!.id, customers[key].id, contacts[key].name, contacts[key].email, contacts[key].language],
    );
  }
  return { email, partnerId: partner!.id, customers, contacts };
}

function incident(): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.serviceHealthIssue',
    id: `EX${Math.floor(100000 + Math.random() * 899999)}`,
    title: INCIDENT,
    impactDescription: IMPACT,
    classification: 'Incident',
    status: 'ServiceDegradation',
    service: 'Exchange Online',
    highImpact: true,
    startDateTime: new Date(Date.now() - 3600_000).toISOString(),
    endDateTime: null,
    lastModifiedDateTime: new Date().toISOString(),
    isResolved: false,
    posts: [
      { createdDateTime: new Date().toISOString(), postType: 'Regular', description: { contentType: 'Html', content: '<p>調查中。</p>' } },
    ],
  };
}

/** The same issue as Microsoft reports it once resolved: a newer version, status, end and post. */
function resolved(issue: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    ...issue,
    status: 'ServiceRestored',
    isResolved: true,
    endDateTime: now,
    lastModifiedDateTime: now,
    posts: [
      ...(issue.posts as unknown[]),
      { createdDateTime: now, postType: 'Regular', description: { contentType: 'Html', content: '<p>已修正，服務已還原。</p>' } },
    ],
  };
}

/** A message-center post that asks for action by a date: a major change, with tags and details. */
function post(): Record<string, unknown> {
  return graphMessage({
    id: `MC${Math.floor(100000 + Math.random() * 899999)}`,
    title: POST,
    isMajorChange: true,
    actionRequiredByDateTime: ACT_BY.toISOString(),
    tags: POST_TAGS,
    details: [POST_DETAIL],
    startDateTime: new Date(Date.now() - 86400_000).toISOString(),
    endDateTime: new Date(Date.now() + 60 * 86400_000).toISOString(),
    lastModifiedDateTime: new Date().toISOString(),
    body: { contentType: 'Html', content: '<p>會議錄製將於下個月起改存至 OneDrive。</p><ul><li>請在期限前告知使用者。</li></ul>' },
  });
}

/** A term and its definition, as an aria snapshot's lines (values quoted: dates hold colons). */
const fact = (term: string, definition: string) => `- term: ${JSON.stringify(term)}\n- definition: ${JSON.stringify(definition)}`;

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

test('a partner admin connects Microsoft, tests two tenants, syncs now, sees the incident with the right customers, tells them and sends an update that threads — in zh-TW', async ({
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

  // Then Microsoft reports an incident in two tenants (and a post in one), and "Sync now" has the
  // worker read every tenant again; the page shows each one's state and what it brought.
  const shared = incident();
  const announcement = post();
  await control(`tenants/${setup.customers.alpha.tenantId}`, { issues: [shared], messages: [announcement] });
  await control(`tenants/${setup.customers.gamma.tenantId}`, { issues: [shared], messages: [] });
  await page.getByRole('button', { name: mc.sync.now }).click();
  await expect(page.getByRole('status').filter({ hasText: mc.sync.requested })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(tenantRow(page, setup.customers.beta.name).getByText(mc.tenants.states.FAILING)).toBeVisible({ timeout: 1000 });
    await expect(tenantRow(page, setup.customers.alpha.name).getByText(mc.tenants.states.OK)).toBeVisible({ timeout: 1000 });
    await expect(tenantRow(page, setup.customers.alpha.name).getByText(brought(2))).toBeVisible({ timeout: 1000 });
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
  await expect(article.getByText(zh.communications.badges.highImpact, { exact: true })).toBeVisible();
  // The post, in alpha's tenant only: a major change, and the date by which Microsoft asks for action.
  const posted = page.getByRole('article', { name: POST });
  await expect(posted.getByText(zh.communications.badges.majorChange, { exact: true })).toBeVisible();
  await expect(posted).toMatchAriaSnapshot(fact(`${zh.communications.detail.actionRequiredBy}:`, actBy));
  const postAffected = posted.getByRole('list', { name: fill(zh.communications.item.affected, { count: 1 }) });
  await expect(postAffected.getByRole('link', { name: setup.customers.alpha.name, exact: true })).toBeVisible();
  await expectNoSeriousViolations(page);
  const microsoftData = [INCIDENT, IMPACT, POST, 'Exchange Online', 'Microsoft Teams', ...POST_TAGS, POST_DETAIL.name, POST_DETAIL.value];
  await expectNoEnglish(page, [...names, ...microsoftData]);

  // Its page shows what Microsoft attached: major change, tags, act-by date, details.
  await posted.getByRole('link', { name: POST }).click();
  await expect(page.getByRole('heading', { level: 1, name: POST })).toBeVisible();
  await expect(page.getByRole('region', { name: zh.communications.detail.facts })).toMatchAriaSnapshot(
    [
      fact(zh.communications.badges.majorChange, zh.communications.detail.yes),
      fact(zh.communications.detail.tags, POST_TAGS.join(', ')),
      fact(zh.communications.detail.actionRequiredBy, actBy),
      fact(POST_DETAIL.name, POST_DETAIL.value),
    ].join('\n'),
  );
  await expectNoSeriousViolations(page);
  await expectNoEnglish(page, [...names, ...microsoftData]);

  // The customer's page: the act-by date beside the post.
  await page.getByRole('link', { name: setup.customers.alpha.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: setup.customers.alpha.name })).toBeVisible();
  const onCustomer = page.getByRole('region', { name: zh.customers.detail.communications.title });
  await expect(onCustomer.getByRole('row', { name: new RegExp(POST) }).getByRole('cell', { name: actBy })).toBeVisible();
  await expect(
    onCustomer.getByRole('row', { name: new RegExp(INCIDENT) }).getByRole('cell', { name: zh.customers.detail.communications.noAction }),
  ).toBeVisible();
  await expectNoSeriousViolations(page);
  const contactData = Object.values(setup.contacts).flatMap((c) => [c.name, c.email]);
  await expectNoEnglish(page, [...names, ...microsoftData, ...contactData, setup.customers.alpha.tenantId]);

  // "Tell affected customers" about the incident, from its page: both customers chosen.
  await page.getByRole('link', { name: INCIDENT }).click();
  await expect(page.getByRole('heading', { level: 1, name: INCIDENT })).toBeVisible();
  const notices = page.getByRole('region', { name: zh.communications.notices.title });
  await expect(notices.getByText(zh.communications.notices.empty)).toBeVisible();
  await notices.getByRole('link', { name: zh.communications.notices.tell }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh.noticeComposer.serviceUpdate.newTitle })).toBeVisible();
  const chosen = page.getByRole('group', { name: zh.noticeComposer.affected.title });
  for (const key of ['alpha', 'gamma'] as const)
    await expect(chosen.getByRole('checkbox', { name: setup.customers[key].name })).toBeChecked();
  await expect(chosen.getByText(fill(zh.noticeComposer.affected.chosen, { chosen: 2, count: 2 }))).toBeVisible();

  // The preview: alpha's contact reads English (and the Chinese text on request), gamma's Chinese.
  await page.getByRole('button', { name: zh.noticeComposer.preview.open, exact: true }).click();
  const preview = page.getByRole('region', { name: zh.noticeComposer.preview.title });
  await expect(preview.getByText(fill(zh.noticeComposer.preview.recipientCount, { count: 2 }))).toBeVisible();
  const recipient = preview.getByRole('combobox', { name: zh.noticeComposer.preview.recipient, exact: true });
  const message = preview.getByRole('article', { name: zh.noticeComposer.preview.messageLabel });
  const shows = (subject: string, line: string) =>
    Promise.all([
      expect(message.getByText(subject, { exact: true })).toBeVisible(),
      expect(message.getByRole('group', { name: fill(zh.noticeComposer.preview.htmlFrame, { subject }) }).getByText(line)).toBeVisible(),
    ]);
  const english = `Microsoft service notice: ${INCIDENT}`;
  const chinese = `Microsoft 服務通知：${INCIDENT}`;
  await recipient.selectOption(setup.contacts.alpha.email);
  await shows(english, 'Status: Service degradation');
  await preview.getByRole('button', { name: zh.noticeComposer.languages['zh-TW'] }).click();
  await shows(chinese, '狀態：服務效能降低');
  await recipient.selectOption(setup.contacts.gamma.email);
  await shows(chinese, IMPACT);
  await expectNoSeriousViolations(page);
  await expectNoEnglish(page, [...names, ...microsoftData, ...contactData]);

  // Sent: the message files carry the incident, each in its recipient's language.
  const firstId = await sendNow(page, 2, 'zh-TW');
  await expectNoSeriousViolations(page);
  const first = await messagesOf(firstId);
  expect([...first.keys()].sort()).toEqual([setup.contacts.alpha.email, setup.contacts.gamma.email].sort());
  const toAlpha = first.get(setup.contacts.alpha.email)!.message;
  expect(toAlpha.subject).toBe(english);
  expect(toAlpha.text).toContain(String(shared.id));
  expect(toAlpha.text).toContain('Status: Service degradation');
  expect(toAlpha.text).toContain(IMPACT);
  expect(toAlpha.headers.has('in-reply-to')).toBe(false);
  const toGamma = first.get(setup.contacts.gamma.email)!.message;
  expect(toGamma.subject).toBe(chinese);
  expect(toGamma.text).toContain('狀態：服務效能降低');
  expect(toGamma.headers.get('content-language')).toBe('zh-TW');

  // Microsoft resolves it in both tenants; "Sync now" brings the change, and the page offers an update.
  await control(`tenants/${setup.customers.alpha.tenantId}`, { issues: [resolved(shared)], messages: [announcement] });
  await control(`tenants/${setup.customers.gamma.tenantId}`, { issues: [resolved(shared)], messages: [] });
  await page.goto('/settings/microsoft');
  await page.getByRole('button', { name: mc.sync.now }).click();
  await expect(page.getByRole('status').filter({ hasText: mc.sync.requested })).toBeVisible();
  const incidentId = (
    await sql<{ id: string }>(`SELECT id::text FROM "MicrosoftCommunication" WHERE "partnerId" = $1 AND "externalId" = $2`, [
      setup.partnerId,
      shared.id,
    ])
  )[0]!.id;
  const restored = zh.communications.statuses.serviceRestored;
  await page.goto(`/communications/${incidentId}`);
  await expect(async () => {
    await page.reload();
    await expect(
      notices.getByText(fill(zh.communications.notices.changed, { before: zh.communications.statuses.serviceDegradation, now: restored })),
    ).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 90_000 });
  await notices.getByRole('link', { name: zh.communications.notices.sendUpdate }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh.noticeComposer.serviceUpdate.updateTitle })).toBeVisible();
  await expectNoSeriousViolations(page);
  await expectNoEnglish(page, [...names, ...microsoftData, ...contactData]);

  // The update threads with each recipient's first message.
  const update = await messagesOf(await sendNow(page, 2, 'zh-TW'));
  expectThreaded(first, update, [setup.contacts.alpha.email, setup.contacts.gamma.email]);
  expect(update.get(setup.contacts.alpha.email)!.message.subject).toBe(`Update: ${INCIDENT} — Service restored`);
  expect(update.get(setup.contacts.gamma.email)!.message.subject).toBe(`最新狀況：${INCIDENT} — ${restored}`);
  await page.goto(`/communications/${incidentId}`);
  await expect(notices.getByText(fill(zh.communications.notices.upToDate, { status: restored }))).toBeVisible();
  await expect(notices.getByRole('link', { name: zh.communications.notices.sendUpdate })).toHaveCount(0);
  await expectNoSeriousViolations(page);
  await expectNoEnglish(page, [...names, ...microsoftData, ...contactData]);
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
