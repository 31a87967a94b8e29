import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { expect, test } from '@playwright/test';
import { createPartner, createUser, sql } from './support/db';
import { alertWithText, DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

// Getting data in: a partner admin adds and edits customers, contacts and subscriptions, imports
// CSV files (preview, then apply), declares a direct Microsoft relationship that a portal admin
// then decides. The journeys that write run in a partner of their own made here with plain SQL,
// so that the demo partners' counts and lists, which other specs read, stay as seeded; the demo
// users check what each role may see and open.

async function createPartnerWithAdmin(options: { language?: 'en' | 'zh-TW' } = {}) {
  const partner = await createPartner('E2E Data');
  const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName: partner.name, name: `Dana ${partner.name.slice(-8)}` });
  if (options.language === 'zh-TW') await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [admin.id]);
  return { partnerId: partner.id, name: partner.name, admin };
}

async function insertCustomer(partnerId: string, companyName: string) {
  const tenantId = randomUUID();
  const domain = `${companyName.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
  const [row] = await sql<{ id: string }>(
    `INSERT INTO "Customer" (id, "partnerId", "companyName", domain, "tenantId", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, $4, now()) RETURNING id::text`,
    [partnerId, companyName, domain, tenantId],
  );
  return { id: row!.id, tenantId, domain, companyName };
}

/** No English interface string (one that zh-TW words differently, 10+ characters) on a zh-TW page; `data` is exempt. */

const UUID_PATH = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

test.describe('adding and editing customers, contacts and subscriptions', () => {
  test('a partner admin adds a customer, a contact and a subscription, then edits the customer', async ({ page }) => {
    test.setTimeout(120_000);
    const { partnerId, admin } = await createPartnerWithAdmin();
    const taken = await insertCustomer(partnerId, `Taken ${randomUUID().slice(0, 6)}`);
    await signIn(page, admin.email, undefined, { from: '/signin' });
    await page.goto('/customers/new');
    await expect(page.getByRole('heading', { level: 1, name: 'Add a customer' })).toBeVisible();
    await expectNoSeriousViolations(page);

    // Nothing filled in: every problem is told next to its field, and nothing is saved.
    await page.getByRole('button', { name: 'Add customer' }).click();
    await expect(alertWithText(page, 'Some fields need your attention')).toBeVisible();
    await expect(page.getByLabel('Company name')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Company name')).toHaveAccessibleDescription('This field is required.');
    await expect(page.getByLabel('Company name')).toBeFocused();
    await expect(page.getByLabel('Tenant ID')).toHaveAccessibleDescription(/Unique among your customers\. This field is required\.$/);
    await expectNoSeriousViolations(page);

    // Wrong values: told which, and what was typed is still there.
    const name = `Northwind Traders ${randomUUID().slice(0, 6)}`;
    await page.getByLabel('Company name').fill(name);
    await page.getByLabel('Primary domain').fill('https://northwind');
    await page.getByLabel('Tenant ID').fill('not-a-guid');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await expect(page.getByLabel('Primary domain')).toHaveAccessibleDescription(/Enter a domain name such as contoso\.com\.$/);
    await expect(page.getByLabel('Tenant ID')).toHaveAccessibleDescription(/Enter the tenant ID as a GUID/);
    await expect(page.getByLabel('Company name')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Company name')).toHaveValue(name);
    await expect(page.getByLabel('Primary domain')).toHaveValue('https://northwind');

    // A tenant id that another customer of the partner has.
    await page.getByLabel('Primary domain').fill('NorthwindTraders.example');
    await page.getByLabel('Tenant ID').fill(taken.tenantId.toUpperCase());
    await page.getByRole('button', { name: 'Add customer' }).click();
    await expect(page.getByLabel('Tenant ID')).toHaveAccessibleDescription(/Another of your customers already has this tenant ID\.$/);

    const tenantId = randomUUID();
    await page.getByLabel('Tenant ID').fill(tenantId);
    await page.getByLabel('Relationship to your organization').selectOption('ADVISOR');
    await page.getByLabel('Preferred language').selectOption('zh-TW');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${UUID_PATH}$`));
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const customerId = page.url().split('/').pop()!;
    const [saved] = await sql(
      `SELECT "companyName", domain, "tenantId"::text AS "tenantId", cloud::text, "relationshipToPartner"::text AS rel, "preferredLanguage"::text AS lang, version, "partnerId"::text AS "partnerId"
       FROM "Customer" WHERE id = $1`,
      [customerId],
    );
    expect(saved).toEqual({
      companyName: name,
      domain: 'northwindtraders.example',
      tenantId,
      cloud: 'PUBLIC',
      rel: 'ADVISOR',
      lang: 'zh-TW',
      version: 1,
      partnerId,
    });

    // A contact.
    await page.goto(`/customers/${customerId}/contacts/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Add a contact' })).toBeVisible();
    await page.getByLabel('Name').fill('Nancy Davolio');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter an email address such as name@contoso.com.');
    await expect(page.getByLabel('Name')).toHaveValue('Nancy Davolio');
    await expectNoSeriousViolations(page);
    await page.getByLabel('Email').fill('Nancy.Davolio@NorthwindTraders.example');
    await page.getByLabel('Role').selectOption('BILLING');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${customerId}$`));
    await expect(page.getByText('nancy.davolio@northwindtraders.example')).toBeVisible();
    expect(await sql(`SELECT name, email, role::text, language::text FROM "Contact" WHERE "customerId" = $1`, [customerId])).toEqual([
      { name: 'Nancy Davolio', email: 'nancy.davolio@northwindtraders.example', role: 'BILLING', language: null },
    ]);

    // A subscription: the commitment may not end before it starts.
    await page.goto(`/customers/${customerId}/subscriptions/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Add a subscription' })).toBeVisible();
    await page.getByLabel('Offer name').fill('Microsoft 365 Business Premium');
    await page.getByLabel('Quantity').fill('25');
    await page.getByRole('combobox', { name: /^Term/ }).selectOption('P1Y');
    await page.getByLabel('Billing cycle').selectOption('ANNUAL');
    await page.getByLabel('Start date').fill('2026-03-01');
    await page.getByLabel('Commitment end date').fill('2026-02-01');
    await page.getByRole('button', { name: 'Add subscription' }).click();
    await expect(page.getByLabel('Commitment end date')).toHaveAccessibleDescription(
      /The commitment end date cannot be before the start date\.$/,
    );
    await expectNoSeriousViolations(page);
    await page.getByLabel('Commitment end date').fill('2027-02-28');
    await page.getByRole('button', { name: 'Add subscription' }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${customerId}$`));
    await expect(page.getByText('Microsoft 365 Business Premium')).toBeVisible();
    const [withSubscription] = await sql<{ next: string }>(
      `SELECT to_char("nextCommitmentEndAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS next FROM "Customer" WHERE id = $1`,
      [customerId],
    );
    expect(withSubscription?.next).toBe('2027-02-28');

    // Editing the customer.
    await page.goto(`/customers/${customerId}/edit`);
    await expect(page.getByRole('heading', { level: 1, name: `Edit ${name}` })).toBeVisible();
    await expect(page.getByLabel('Relationship to your organization')).toHaveValue('ADVISOR');
    await page.getByLabel('Company name').fill(`${name} Ltd`);
    await page.getByRole('button', { name: 'Save customer' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${name} Ltd` })).toBeVisible();
    const audit = await sql<{ action: string }>(
      `SELECT action FROM "AuditEvent" WHERE "partnerId" = $1 AND action NOT LIKE 'user.%' ORDER BY id`,
      [partnerId],
    );
    expect(audit.map((a) => a.action)).toEqual(['customer.created', 'contact.created', 'subscription.created', 'customer.updated']);
  });

  test('a stale edit from a second tab is refused with the message, and the first save is kept', async ({ browser }) => {
    const { partnerId, admin } = await createPartnerWithAdmin();
    const customer = await insertCustomer(partnerId, `Fourth Coffee ${randomUUID().slice(0, 6)}`);
    const context = await browser.newContext();
    const first = await context.newPage();
    await signIn(first, admin.email, undefined, { from: '/signin' });
    const second = await context.newPage();
    await first.goto(`/customers/${customer.id}/edit`);
    await second.goto(`/customers/${customer.id}/edit`);

    await first.getByLabel('Company name').fill('Saved First');
    await first.getByRole('button', { name: 'Save customer' }).click();
    await expect(first.getByRole('heading', { level: 1, name: 'Saved First' })).toBeVisible();

    await second.getByLabel('Company name').fill('Saved Second');
    await second.getByRole('button', { name: 'Save customer' }).click();
    await expect(alertWithText(second, 'This customer was changed by someone else while you were editing')).toBeVisible();
    await expect(second.getByLabel('Company name')).toHaveValue('Saved Second');
    const [row] = await sql(`SELECT "companyName", version FROM "Customer" WHERE id = $1`, [customer.id]);
    expect(row).toEqual({ companyName: 'Saved First', version: 2 });

    // Reloading shows the other person's change; saving from there works.
    await second.getByRole('link', { name: 'Reload the current values' }).click();
    await expect(second.getByLabel('Company name')).toHaveValue('Saved First');
    await context.close();
  });

  test('deleting a contact or a subscription asks first, with a keyboard-usable dialog', async ({ page }) => {
    const { partnerId, admin } = await createPartnerWithAdmin();
    const customer = await insertCustomer(partnerId, `Woodgrove Bank ${randomUUID().slice(0, 6)}`);
    const [contact] = await sql<{ id: string }>(
      `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'Ryan Ihrig', 'ryan@woodgrove.example', 'TECHNICAL', now()) RETURNING id::text`,
      [partnerId, customer.id],
    );
    const [subscription] = await sql<{ id: string }>(
      `INSERT INTO "Subscription" (id, "partnerId", "customerId", "offerName", quantity, term, "billingCycle", "startDate", "commitmentEndDate", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'Azure plan', 1, 'P1M', 'MONTHLY', '2026-11-01', '2026-11-30', now()) RETURNING id::text`,
      [partnerId, customer.id],
    );
    await signIn(page, admin.email, undefined, { from: '/signin' });
    await page.goto(`/customers/${customer.id}/contacts/${contact!.id}/edit`);
    await expect(page.getByLabel('Name')).toHaveValue('Ryan Ihrig');

    await page.getByRole('button', { name: 'Delete contact…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this contact?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Ryan Ihrig (ryan@woodgrove.example) will no longer receive notices');
    // The safe choice has the focus; Escape closes without deleting.
    await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeFocused();
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(await sql(`SELECT id FROM "Contact" WHERE id = $1`, [contact!.id])).toHaveLength(1);

    // With the keyboard only: open, move to Delete, confirm.
    await page.getByRole('button', { name: 'Delete contact…' }).focus();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}$`));
    expect(await sql(`SELECT id FROM "Contact" WHERE id = $1`, [contact!.id])).toHaveLength(0);

    await page.goto(`/customers/${customer.id}/subscriptions/${subscription!.id}/edit`);
    await expect(page.getByLabel('Offer name')).toHaveValue('Azure plan');
    await page.getByRole('button', { name: 'Delete subscription…' }).click();
    const subscriptionDialog = page.getByRole('dialog', { name: 'Delete this subscription?' });
    await subscriptionDialog.getByRole('button', { name: 'Keep it' }).click();
    await expect(subscriptionDialog).toBeHidden();
    expect(await sql(`SELECT id FROM "Subscription" WHERE id = $1`, [subscription!.id])).toHaveLength(1);
    await page.getByRole('button', { name: 'Delete subscription…' }).click();
    await subscriptionDialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}$`));
    expect(await sql(`SELECT id FROM "Subscription" WHERE id = $1`, [subscription!.id])).toHaveLength(0);
    const audit = await sql<{ action: string }>(
      `SELECT action FROM "AuditEvent" WHERE "partnerId" = $1 AND action NOT LIKE 'user.%' ORDER BY id`,
      [partnerId],
    );
    expect(audit.map((a) => a.action)).toEqual(['contact.deleted', 'subscription.deleted']);
  });
});

test.describe('CSV import', () => {
  const HEADER = 'Microsoft ID,Company name,Primary domain name,Relationship,Country/region,Cloud,Language';

  test('a customers file: preview shows creates and updates, apply writes them, the new customers appear', async ({ page }) => {
    const { partnerId, admin } = await createPartnerWithAdmin();
    const existing = await insertCustomer(partnerId, `Old Name ${randomUUID().slice(0, 6)}`);
    const suffix = randomUUID().slice(0, 6);
    const first = { tenantId: randomUUID(), name: `Contoso Pharmaceuticals ${suffix}` };
    const second = { tenantId: randomUUID(), name: `Fabrikam Residences, Ltd. ${suffix}` };
    const text = [
      HEADER,
      `${first.tenantId},${first.name},contosopharma.example,Reseller,US,,en`,
      `${second.tenantId},"${second.name}",fabrikamresidences.example,"Reseller, Delegated admin",TW,,zh-TW`,
      `${existing.tenantId},Renamed By Import ${suffix},${existing.domain},Advisor,US,,`,
    ].join('\r\n');

    await signIn(page, admin.email, undefined, { from: '/signin' });
    await page.goto('/customers/import');
    await expect(page.getByRole('heading', { level: 1, name: 'Import from CSV' })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Customers' })).toBeChecked();
    // The sample file behind the page's link is the one in docs/samples.
    const sample = await page.request.get('/customers/import/samples/customers.csv');
    expect(sample.status()).toBe(200);
    expect(await sample.text()).toBe(readFileSync('docs/samples/customers.csv', 'utf8'));
    await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`) });
    await page.getByRole('button', { name: 'Preview changes' }).click();

    const preview = page.getByRole('region', { name: 'Preview of the changes' });
    await expect(preview).toBeVisible();
    await expect(preview.getByText('customers.csv: 3 rows')).toBeVisible();
    await expect(preview.getByRole('status')).toContainText('To create2');
    await expect(preview.getByRole('status')).toContainText('To update1');
    await expect(preview.getByRole('status')).toContainText('Unchanged0');
    await expect(preview.getByText('Columns that are not imported: Country/region')).toBeVisible();
    const changes = preview.getByRole('table', { name: 'Changes by line of the file' });
    await expect(changes.getByRole('row').filter({ hasText: first.name })).toContainText('Create');
    await expect(changes.getByRole('row').filter({ hasText: second.name })).toContainText('Create');
    const updated = changes.getByRole('row').filter({ hasText: `Renamed By Import ${suffix}` });
    await expect(updated).toContainText('Update');
    await expect(updated).toContainText(`Company name: ${existing.companyName} → Renamed By Import ${suffix}`);
    await expect(updated).toContainText('Relationship to your organization: Reseller: you sell and bill the customer → Advisor');
    await expectNoSeriousViolations(page);
    // Nothing written by the preview.
    expect(await sql(`SELECT id FROM "Customer" WHERE "partnerId" = $1`, [partnerId])).toHaveLength(1);

    await page.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Import applied: 2 created, 1 updated, 0 unchanged.' })).toBeVisible();
    const rows = await sql<{ companyName: string; lang: string }>(
      `SELECT "companyName", "preferredLanguage"::text AS lang FROM "Customer" WHERE "partnerId" = $1 ORDER BY "companyName"`,
      [partnerId],
    );
    expect(rows).toEqual(
      [
        { companyName: first.name, lang: 'en' },
        { companyName: second.name, lang: 'zh-TW' },
        { companyName: `Renamed By Import ${suffix}`, lang: 'en' },
      ].sort((a, b) => a.companyName.localeCompare(b.companyName, 'en')),
    );
    const [summary] = await sql<{ after: { created: number; updated: number } }>(
      `SELECT after FROM "AuditEvent" WHERE "partnerId" = $1 AND action = 'customer.import_applied'`,
      [partnerId],
    );
    expect(summary?.after).toMatchObject({ created: 2, updated: 1, unchanged: 0, fileName: 'customers.csv' });

    await page.getByRole('link', { name: 'Go to the customers list' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    await expect(page.getByRole('link', { name: first.name })).toBeVisible();
    await expect(page.getByRole('link', { name: second.name })).toBeVisible();
    await expect(page.getByRole('link', { name: `Renamed By Import ${suffix}` })).toBeVisible();
  });

  test('a file with a bad row shows the line and the column, and applies nothing', async ({ page }) => {
    const { partnerId, admin } = await createPartnerWithAdmin();
    const text = [
      HEADER,
      `${randomUUID()},Good Row Inc,goodrow.example,Reseller,US,,`,
      `not-a-guid,Bad Row Inc,badrow.example,Partner,US,,`,
    ].join('\n');
    await signIn(page, admin.email, undefined, { from: '/signin' });
    await page.goto('/customers/import');
    await page.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: 'Preview changes' }).click();

    const problems = page.getByRole('region', { name: 'Problems in the file' });
    await expect(problems).toBeVisible();
    await expect(alertWithText(page, 'The file has 2 problems. Nothing was imported')).toBeVisible();
    const table = problems.getByRole('table', { name: 'Problems by line and column' });
    const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('1 (Microsoft ID)');
    await expect(rows.nth(0)).toContainText('Not a tenant ID');
    await expect(rows.nth(0)).toContainText('not-a-guid');
    await expect(rows.nth(1)).toContainText('4 (Relationship)');
    await expect(rows.nth(1)).toContainText('Unknown relationship: use Reseller or Advisor.');
    await expect(rows.nth(1)).toContainText('Partner');
    await expect(page.getByRole('button', { name: 'Apply import' })).toHaveCount(0);
    await expectNoSeriousViolations(page);
    expect(await sql(`SELECT id FROM "Customer" WHERE "partnerId" = $1`, [partnerId])).toHaveLength(0);
    expect(await sql(`SELECT id FROM "AuditEvent" WHERE "partnerId" = $1 AND action NOT LIKE 'user.%'`, [partnerId])).toHaveLength(0);

    // The endpoint itself refuses to apply a file with a bad row, whatever fingerprint it is sent.
    const response = await page.request.post('/customers/import/apply', {
      headers: { Origin: new URL(page.url()).origin },
      multipart: {
        kind: 'customers',
        fingerprint: 'a'.repeat(64),
        file: { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(text) },
      },
    });
    expect(await response.json()).toMatchObject({ ok: false, code: 'invalid' });
    expect(await sql(`SELECT id FROM "Customer" WHERE "partnerId" = $1`, [partnerId])).toHaveLength(0);
  });

  test('a file over the size limit is refused with a clear message, in the page and by the endpoint', async ({ page }) => {
    const { admin } = await createPartnerWithAdmin();
    await signIn(page, admin.email, undefined, { from: '/signin' });
    await page.goto('/customers/import');
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 'a');
    await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big });
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await expect(alertWithText(page, 'The file is larger than 5 MB. Split it into several files.')).toBeVisible();
    const response = await page.request.post('/customers/import/preview', {
      headers: { Origin: new URL(page.url()).origin },
      multipart: { kind: 'customers', file: { name: 'big.csv', mimeType: 'text/csv', buffer: big } },
    });
    expect(response.status()).toBe(413);
    expect(await response.json()).toEqual({ ok: false, code: 'fileTooLarge', limit: 5 * 1024 * 1024 });
    // Without our page's origin, the endpoint refuses before reading anything.
    const crossSite = await page.request.post('/customers/import/preview', {
      headers: { Origin: 'https://evil.example' },
      multipart: { kind: 'customers', file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('Microsoft ID\n1') } },
    });
    expect(crossSite.status()).toBe(403);
  });

  test('an upload without a declared length is refused as soon as it passes the limit, not read to its end', async ({ page }) => {
    const { admin } = await createPartnerWithAdmin();
    await signIn(page, admin.email, undefined, { from: '/signin' });
    const origin = new URL(page.url()).origin;
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const boundary = `----upload${randomUUID().slice(0, 8)}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncustomers\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    // Up to 50 MB, sent in chunks (chunked transfer encoding: no Content-Length), until the portal answers.
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const request = http.request(`${origin}/customers/import/preview`, {
        method: 'POST',
        headers: {
          Origin: origin,
          Cookie: cookie,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Transfer-Encoding': 'chunked',
        },
      });
      request.on('response', (response) => {
        answered = true;
        response.resume();
        resolve({ status: response.statusCode ?? 0, sent });
        request.destroy();
      });
      request.on('error', (error) => (answered ? undefined : reject(error)));
      const pump = () => {
        while (!answered && sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        if (!answered) request.end();
      };
      request.write(head);
      pump();
    });
    expect(status).toBe(413);
    // Refused a little past the 5 MB limit, not after the whole 50 MB.
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  test('contacts and subscriptions files apply to the customers they name', async ({ page }) => {
    const { partnerId, admin } = await createPartnerWithAdmin();
    const customer = await insertCustomer(partnerId, `Litware ${randomUUID().slice(0, 6)}`);
    await signIn(page, admin.email, undefined, { from: '/signin' });
    await page.goto('/customers/import');
    await page.getByRole('radio', { name: 'Contacts' }).check();
    const contacts = ['Customer domain,Name,Email,Role,Language', `${customer.domain},林美玲,meiling@litware.example,Billing,zh-TW`].join(
      '\n',
    );
    await page.getByLabel('CSV file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(contacts) });
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await expect(
      page.getByRole('table', { name: 'Changes by line of the file' }).getByRole('row').filter({ hasText: 'meiling@litware.example' }),
    ).toContainText(customer.companyName);
    await page.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Import applied: 1 created, 0 updated, 0 unchanged.' })).toBeVisible();

    await page.getByRole('button', { name: 'Start again with another file' }).click();
    await page.getByRole('radio', { name: 'Subscriptions' }).check();
    const subscriptions = [
      'Microsoft ID,Offer name,Quantity,Status,Term,Billing cycle,Start date,Commitment end date,Auto-renew',
      `${customer.tenantId},Microsoft 365 E3,40,Active,P3Y,Annual,2025-01-15,2028-01-14,yes`,
      `${customer.tenantId},Power BI Pro,5,Active,P1Y,Monthly,2026-02-01,2027-01-31,no`,
    ].join('\n');
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'subscriptions.csv', mimeType: 'text/csv', buffer: Buffer.from(subscriptions) });
    await page.getByRole('button', { name: 'Preview changes' }).click();
    await expect(page.getByRole('region', { name: 'Preview of the changes' }).getByRole('status')).toContainText('To create2');
    await page.getByRole('button', { name: 'Apply import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Import applied: 2 created' })).toBeVisible();
    const [row] = await sql<{ next: string; subs: string }>(
      `SELECT to_char("nextCommitmentEndAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS next, (SELECT count(*) FROM "Subscription" s WHERE s."customerId" = c.id)::text AS subs
       FROM "Customer" c WHERE id = $1`,
      [customer.id],
    );
    expect(row).toEqual({ next: '2027-01-31', subs: '2' });
  });
});

test.describe('who may add and edit', () => {
  test('the viewer and the agent see no add, edit or import controls and get not-found on those pages', async ({ browser }) => {
    // Three users, twenty-odd pages: slow on a loaded machine.
    test.setTimeout(240_000);
    const [tailspin] = await sql<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "companyName" = 'Tailspin Toys'`);
    const [contact] = await sql<{ id: string }>(`SELECT id::text FROM "Contact" WHERE "customerId" = $1 LIMIT 1`, [tailspin!.id]);
    const pages = [
      '/customers/new',
      '/customers/import',
      `/customers/${tailspin!.id}/edit`,
      `/customers/${tailspin!.id}/contacts/new`,
      `/customers/${tailspin!.id}/contacts/${contact!.id}/edit`,
      `/customers/${tailspin!.id}/subscriptions/new`,
      `/customers/${tailspin!.id}/relationship`,
    ];

    // Alice (partner admin) sees the controls: the check below can fail.
    const aliceContext = await browser.newContext();
    const alice = await aliceContext.newPage();
    await signIn(alice, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await alice.goto('/customers');
    await expect(alice.getByRole('link', { name: 'Add customer' })).toBeVisible();
    await expect(alice.getByRole('link', { name: 'Import customers' })).toBeVisible();
    await alice.goto(`/customers/${tailspin!.id}`);
    await expect(alice.getByRole('link', { name: 'Edit customer' })).toBeVisible();
    for (const path of pages) {
      const response = await alice.goto(path);
      expect(response?.status(), path).toBe(200);
    }
    await aliceContext.close();

    for (const user of [DEMO_USERS.vera, DEMO_USERS.bob]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, user.email, undefined, { from: '/signin' });
      await page.goto('/customers');
      await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Add customer' })).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'Import customers' })).toHaveCount(0);
      await page.goto(`/customers/${tailspin!.id}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Tailspin Toys' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Edit customer' })).toHaveCount(0);
      await expect(page.getByRole('link', { name: /^Edit / })).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'Add contact' })).toHaveCount(0);
      await expect(page.getByRole('link', { name: 'Add subscription' })).toHaveCount(0);
      for (const path of pages) {
        const response = await page.goto(path);
        expect(response?.status(), `${user.email} ${path}`).toBe(404);
        await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      }
      // The import endpoint answers not-found too, and writes nothing.
      const response = await page.request.post('/customers/import/preview', {
        headers: { Origin: new URL(page.url()).origin },
        multipart: { kind: 'customers', file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from('Microsoft ID\n1') } },
      });
      expect(response.status()).toBe(404);
      expect((await page.request.get('/customers/import/samples/customers.csv')).status()).toBe(404);
      await context.close();
    }
  });

  test("another partner's customer, contact or subscription answers not-found to a partner admin", async ({ page }) => {
    const { partnerId } = await createPartnerWithAdmin();
    const foreign = await insertCustomer(partnerId, `Foreign ${randomUUID().slice(0, 6)}`);
    const [contact] = await sql<{ id: string }>(
      `INSERT INTO "Contact" (id, "partnerId", "customerId", name, email, role, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'Secret Person', 'secret@foreign.example', 'PRIMARY', now()) RETURNING id::text`,
      [partnerId, foreign.id],
    );
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    for (const path of [
      `/customers/${foreign.id}/edit`,
      `/customers/${foreign.id}/contacts/${contact!.id}/edit`,
      `/customers/${foreign.id}/relationship`,
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
      expect(await page.locator('body').innerText()).not.toContain('Secret Person');
    }
    // Alice's own customer id with the foreign contact id: not found either.
    const [tailspin] = await sql<{ id: string }>(`SELECT id::text FROM "Customer" WHERE "companyName" = 'Tailspin Toys'`);
    expect((await page.goto(`/customers/${tailspin!.id}/contacts/${contact!.id}/edit`))?.status()).toBe(404);
  });
});

test.describe('the direct Microsoft relationship', () => {
  test('a partner admin declares it; the portal admin approves one and rejects another (with a comment, after confirming)', async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const { partnerId, admin } = await createPartnerWithAdmin();
    const suffix = randomUUID().slice(0, 6);
    const approved = await insertCustomer(partnerId, `Adventure Works ${suffix}`);
    const rejected = await insertCustomer(partnerId, `Wingtip Toys ${suffix}`);

    const partnerContext = await browser.newContext();
    const partner = await partnerContext.newPage();
    await signIn(partner, admin.email, undefined, { from: '/signin' });
    for (const [customer, agreement, note] of [
      [approved, 'MCA', 'Billing account 1234-5678 confirmed by the customer’s CFO.'],
      [rejected, 'OTHER', 'Told by phone.'],
    ] as const) {
      await partner.goto(`/customers/${customer.id}/relationship`);
      await expect(partner.getByRole('heading', { level: 1, name: 'Direct Microsoft relationship' })).toBeVisible();
      await partner.getByLabel('Agreement type').selectOption(agreement);
      if (agreement === 'OTHER') {
        await partner.getByRole('button', { name: 'Declare the relationship' }).click();
        await expect(partner.getByLabel('Name of the agreement')).toHaveAccessibleDescription('This field is required.');
        await expect(partner.getByLabel('Evidence')).toHaveAccessibleDescription(/This field is required\.$/);
        await partner.getByLabel('Name of the agreement').fill('Select Plus');
      }
      await expectNoSeriousViolations(partner);
      await partner.getByLabel('Evidence').fill(note);
      await partner.getByRole('button', { name: 'Declare the relationship' }).click();
      await expect(partner).toHaveURL(new RegExp(`/customers/${customer.id}$`));
      await expect(partner.getByText('Declared, pending review').first()).toBeVisible();
    }
    // A second declaration while one is pending: the form is gone and the page says why.
    await partner.goto(`/customers/${approved.id}/relationship`);
    await expect(partner.getByText('A declaration is waiting for a portal admin’s review.')).toBeVisible();
    await expect(partner.getByRole('button', { name: 'Declare the relationship' })).toHaveCount(0);

    const adminContext = await browser.newContext();
    const portal = await adminContext.newPage();
    await signIn(portal, DEMO_USERS.admin.email, undefined, { from: '/signin' });
    await expect(portal.getByRole('heading', { level: 1, name: 'Relationship reviews' })).toBeVisible();
    const stalePage = await adminContext.newPage();
    await stalePage.goto('/admin/relationships');
    const pending = portal.getByRole('table', { name: 'Waiting for a decision' });
    await expect(pending.getByRole('row').filter({ hasText: approved.companyName })).toContainText('Microsoft Customer Agreement');
    await expectNoSeriousViolations(portal);

    await pending
      .getByRole('row')
      .filter({ hasText: approved.companyName })
      .getByRole('button', { name: /^Approve/ })
      .click();
    await expect(
      portal.getByRole('status').filter({ hasText: `Approved: ${approved.companyName} now has a verified direct relationship` }),
    ).toBeVisible();
    await expect(portal.getByRole('table', { name: 'Decided' }).getByRole('row').filter({ hasText: approved.companyName })).toContainText(
      'Approved',
    );

    // The other tab still shows it pending: deciding again is refused, and says so.
    await stalePage
      .getByRole('table', { name: 'Waiting for a decision' })
      .getByRole('row')
      .filter({ hasText: approved.companyName })
      .getByRole('button', { name: /^Approve/ })
      .click();
    await expect(alertWithText(stalePage, 'This declaration has already been decided')).toBeVisible();

    // Rejecting asks for confirmation and a comment.
    await pending
      .getByRole('row')
      .filter({ hasText: rejected.companyName })
      .getByRole('button', { name: /^Reject/ })
      .click();
    const dialog = portal.getByRole('dialog', { name: `Reject the declaration for ${rejected.companyName}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Reject declaration' }).click();
    await expect(dialog.getByLabel('Comment for the partner')).toHaveAccessibleDescription(
      'Write a comment for the partner: why the declaration is rejected.',
    );
    await expectNoSeriousViolations(portal);
    await dialog.getByLabel('Comment for the partner').fill('A phone call is not evidence: send the agreement number.');
    await dialog.getByRole('button', { name: 'Reject declaration' }).click();
    await expect(portal.getByRole('status').filter({ hasText: `Rejected: ${rejected.companyName}` })).toBeVisible();

    const reviews = await sql<{ company: string; status: string; decidedBy: string; note: string | null }>(
      `SELECT c."companyName" AS company, r.status::text, u.email AS "decidedBy", r."decisionNote" AS note
       FROM "RelationshipReview" r JOIN "Customer" c ON c.id = r."customerId" JOIN "User" u ON u.id = r."decidedById"
       WHERE r."partnerId" = $1 ORDER BY c."companyName"`,
      [partnerId],
    );
    expect(reviews).toEqual([
      { company: approved.companyName, status: 'APPROVED', decidedBy: DEMO_USERS.admin.email, note: null },
      {
        company: rejected.companyName,
        status: 'REJECTED',
        decidedBy: DEMO_USERS.admin.email,
        note: 'A phone call is not evidence: send the agreement number.',
      },
    ]);
    const audit = await sql<{ action: string }>(
      `SELECT action FROM "AuditEvent" WHERE "partnerId" = $1 AND action LIKE 'relationship_review.%' ORDER BY id`,
      [partnerId],
    );
    expect(audit.map((a) => a.action)).toEqual(['relationship_review.approved', 'relationship_review.rejected']);

    // The partner sees the outcome on the customer page.
    await partner.goto(`/customers/${approved.id}`);
    await expect(partner.getByRole('definition').filter({ hasText: /^Verified$/ })).toBeVisible();
    await partner.goto(`/customers/${rejected.id}`);
    await expect(partner.getByRole('definition').filter({ hasText: /^Rejected$/ })).toBeVisible();
    await partnerContext.close();
    await adminContext.close();
  });
});

test.describe('in Traditional Chinese', () => {
  test('the customer form and the import page read in zh-TW, errors included', async ({ browser }) => {
    test.setTimeout(120_000);
    const { partnerId, admin, name: partnerName } = await createPartnerWithAdmin({ language: 'zh-TW' });
    const context = await browser.newContext({ locale: 'zh-TW' });
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel(/電子郵件|Email/).fill(admin.email);
    await page.getByLabel(/密碼|Password/).fill('demo-password-1');
    await page.getByRole('button', { name: /^(登入|Sign in)$/ }).click();
    await expect(page).not.toHaveURL(/\/signin/);

    await page.goto('/customers/new');
    await expect(page.getByRole('heading', { level: 1, name: '新增客戶' })).toBeVisible();
    await page.getByRole('button', { name: '新增客戶' }).click();
    await expect(alertWithText(page, '有些欄位需要修正')).toBeVisible();
    await expect(page.getByLabel('公司名稱')).toHaveAccessibleDescription('此欄位為必填。');
    await expectNoSeriousViolations(page);
    await expectNoEnglish(page, [partnerName]);
    const name = `艾德寶科技 ${randomUUID().slice(0, 6)}`;
    await page.getByLabel('公司名稱').fill(name);
    await page.getByLabel('主要網域').fill('adventureworks-tw.example');
    await page.getByLabel('租用戶識別碼').fill(randomUUID());
    await expect(page.getByLabel('與貴組織的關係').getByRole('option', { name: '經銷商：由您銷售並向客戶收費' })).toBeAttached();
    await page.getByLabel('慣用語言').selectOption('zh-TW');
    await page.getByRole('button', { name: '新增客戶' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    expect(await sql(`SELECT "preferredLanguage"::text AS lang FROM "Customer" WHERE "partnerId" = $1`, [partnerId])).toEqual([
      { lang: 'zh-TW' },
    ]);

    await page.goto('/customers/import');
    await expect(page.getByRole('heading', { level: 1, name: '從 CSV 匯入' })).toBeVisible();
    const text = ['Microsoft ID,Company name,Primary domain name,Relationship', 'bad,公司,x.example,Reseller'].join('\n');
    await page.getByLabel('CSV 檔案').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: '預覽變更' }).click();
    const problems = page.getByRole('table', { name: '依行與欄列出的問題' });
    await expect(problems.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '2', exact: true }) })).toContainText(
      '不是租用戶識別碼',
    );
    await expectNoSeriousViolations(page);
    await context.close();
  });
});
