import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { expect, test, type Browser, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';

// The embedded dashboard as a partner admin and a host page see it: alice creates an embed token
// at /settings/embed, pastes its snippet into a page served here from a second local origin, and
// that page frames the dashboard; a page on a third origin is refused by the browser; a revoked or
// expired token stops working; the same in zh-TW.

const PORTAL_PORT = Number(process.env.E2E_PORT ?? 3100);
const PORTAL = `http://localhost:${PORTAL_PORT}`;
/** The host page that tokens allow, and another that none allows. */
const HOST = `http://localhost:${PORTAL_PORT + 1}`;
const OTHER_HOST = `http://localhost:${PORTAL_PORT + 2}`;
const CONTOSO = 'Contoso Cloud Partners';

test.describe.configure({ timeout: 150_000 });

// ------------------------------------------------------------------------------------------
// Host pages: plain HTML with whatever snippet a test pastes, on two other origins.

const hostPages = new Map<string, string>();
const servers: Server[] = [];

async function serve(port: number) {
  const server = createServer((request, response) => {
    const body = hostPages.get(new URL(request.url ?? '/', 'http://host').pathname);
    response.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  servers.push(server);
}

test.beforeAll(async () => {
  await serve(PORTAL_PORT + 1);
  await serve(PORTAL_PORT + 2);
});

test.afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** Pastes a snippet into a host page of its own; returns its path. */
function hostPage(snippet: string): string {
  const path = `/intranet-${randomUUID().slice(0, 8)}.html`;
  hostPages.set(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head>` +
      `<body><main><h1>Our intranet</h1>${snippet}</main></body></html>`,
  );
  return path;
}

// ------------------------------------------------------------------------------------------
// The settings page

async function signedIn(browser: Browser, email: string, options: { locale?: string } = {}) {
  const context = await browser.newContext(options.locale ? { locale: options.locale } : {});
  const page = await context.newPage();
  await signIn(page, email, undefined, { from: '/signin' });
  return { context, page };
}

/** Creates a token at /settings/embed, as a partner admin would; returns its snippet. */
async function createToken(page: Page, token: { name: string; origin: string; language?: string; expiresOn?: string }) {
  await page.goto('/settings/embed');
  const form = page.getByRole('region', { name: 'New embed token' });
  await form.getByLabel('Name').fill(token.name);
  await form.getByLabel('Host origin').fill(token.origin);
  await form.getByLabel('Dashboard language').selectOption({ label: token.language ?? 'English' });
  if (token.expiresOn) await form.getByLabel('Expires on (optional)').fill(token.expiresOn);
  await form.getByRole('button', { name: 'Create embed token' }).click();
  await expect(page.getByRole('heading', { name: 'Embed token created' })).toBeFocused();
  return page.getByLabel('Snippet to paste into the host page').inputValue();
}

function tokenRow(page: Page, name: string): Locator {
  return page
    .getByRole('table', { name: 'Embed tokens' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

/** The dashboard inside the host page's frame. */
function framed(page: Page, title = 'Partner dashboard'): FrameLocator {
  return page.getByTitle(title).contentFrame();
}

/** What a dashboard shows, read the same way from the portal's own page and from the frame. */
async function figures(root: Page | FrameLocator) {
  const region = (name: string) => root.getByRole('region', { name, exact: true }).innerText();
  const list = (name: string) => root.getByRole('list', { name }).innerText();
  return {
    customers: await region('Customers'),
    incidents: await region('Open incidents affecting customers'),
    conflicts: await region('Policy conflicts'),
    renewals: await list('Renewals due'),
    notices: await list('Notices by status'),
  };
}

test.describe('the embedded dashboard', () => {
  test("alice creates a token; a host page on its origin frames Contoso's figures, sized to fit, links opening the portal", async ({
    browser,
  }) => {
    const { context, page } = await signedIn(browser, DEMO_USERS.alice.email);
    try {
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Embedded dashboard' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Embedded dashboard' })).toBeVisible();

      // A path, and a host on http that is not localhost, are refused next to the field.
      const form = page.getByRole('region', { name: 'New embed token' });
      await form.getByLabel('Name').fill('Refused');
      await form.getByLabel('Host origin').fill(`${HOST}/intranet`);
      await form.getByRole('button', { name: 'Create embed token' }).click();
      await expect(form.getByLabel('Host origin')).toHaveAttribute('aria-invalid', 'true');
      await expect(form.getByLabel('Host origin')).toBeFocused();
      await expect(form.getByText('Only the origin: leave out the path')).toBeVisible();
      await form.getByLabel('Host origin').fill('http://intranet.example.com');
      await form.getByRole('button', { name: 'Create embed token' }).click();
      await expect(form.getByText('http:// is accepted only for localhost')).toBeVisible();
      expect(await sql(`SELECT 1 FROM "EmbedToken" WHERE name = 'Refused'`)).toEqual([]);

      const name = `Intranet ${randomUUID().slice(0, 6)}`;
      const snippet = await createToken(page, { name, origin: `${HOST}/` });
      expect(snippet).toContain(`src="${PORTAL}/embed/dashboard?token=cpe_`);
      const secret = /token=(cpe_[A-Za-z0-9_-]+)/.exec(snippet)![1]!;
      await expect(page.getByLabel('Embed token', { exact: true })).toHaveValue(secret);
      const row = tokenRow(page, name);
      await expect(row.getByRole('cell', { name: HOST, exact: true })).toBeVisible();
      await expect(row.getByRole('cell', { name: 'Active' })).toBeVisible();
      await expect(row.getByRole('cell', { name: 'No expiry' })).toBeVisible();
      await expect(row.getByRole('cell', { name: 'Never' })).toBeVisible();
      // Only its hash is kept.
      const stored = await sql<{ secretHash: string }>(`SELECT "secretHash" FROM "EmbedToken" WHERE name = $1`, [name]);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.secretHash).not.toContain(secret);
      await expectNoSeriousViolations(page);

      // The portal's own figures for Contoso, then the host page's.
      await page.goto('/dashboard');
      const portal = await figures(page);
      const host = await context.newPage();
      const answer = host.waitForResponse((response) => response.url().startsWith(`${PORTAL}/embed/dashboard`));
      await host.goto(`${HOST}${hostPage(snippet)}`);
      const headers = (await answer).headers();
      expect(headers['content-security-policy']).toMatch(new RegExp(`frame-ancestors ${HOST}$`));
      expect(headers['x-frame-options']).toBeUndefined();
      const frame = framed(host);
      await expect(frame.getByRole('heading', { level: 1, name: 'Partner dashboard' })).toBeVisible();
      await expect(frame.getByText(CONTOSO, { exact: true })).toBeVisible();
      expect(await figures(frame)).toEqual(portal);
      const within90 = /Within 90 days\s+(\d+)\s+No notice scheduled: (\d+)/.exec(portal.renewals)!;
      await expect(frame.getByRole('region', { name: 'Renewals without a notice' })).toHaveText(
        new RegExp(`${within90[2]}\\s*Due within 90 days: ${within90[1]}`),
      );

      // The script sized the frame to its content (from 480 pixels), at the dashboard's request.
      const iframe = host.getByTitle('Partner dashboard');
      const heights = async () => ({
        content: await frame.getByRole('main').evaluate((main) => Math.ceil(main.parentElement!.getBoundingClientRect().height)),
        frame: await iframe.evaluate((element) => element.getBoundingClientRect().height),
      });
      await expect
        .poll(async () => {
          const h = await heights();
          return h.frame === h.content && h.frame !== 480;
        })
        .toBe(true);

      // Each figure opens the portal in a new tab.
      const customers = frame.getByRole('region', { name: 'Customers', exact: true }).getByRole('link');
      await expect(customers).toHaveAttribute('target', '_blank');
      await expect(customers).toHaveAttribute('rel', 'noopener');
      const [tab] = await Promise.all([host.waitForEvent('popup'), customers.click()]);
      await expect(tab).toHaveURL(`${PORTAL}/customers`);
      await tab.close();
      // Nothing in it can change anything: no form, no button.
      await expect(frame.locator('form')).toHaveCount(0);
      await expect(frame.getByRole('button')).toHaveCount(0);

      // The settings page now shows when it was last used.
      await page.goto('/settings/embed');
      await expect(tokenRow(page, name).getByRole('cell', { name: 'Never' })).toHaveCount(0);
      expect((await sql(`SELECT 1 FROM "EmbedToken" WHERE name = $1 AND "lastUsedAt" IS NOT NULL`, [name])).length).toBe(1);
    } finally {
      await context.close();
    }
  });

  test('a host page on another origin is refused by the browser', async ({ browser }) => {
    const { context, page } = await signedIn(browser, DEMO_USERS.alice.email);
    try {
      const snippet = await createToken(page, { name: `Only ${HOST} ${randomUUID().slice(0, 6)}`, origin: HOST });
      const refusals: string[] = [];
      page.on('console', (message) => {
        if (message.text().includes('frame-ancestors')) refusals.push(message.text());
      });
      const answer = page.waitForResponse((response) => response.url().startsWith(`${PORTAL}/embed/dashboard`));
      await page.goto(`${OTHER_HOST}${hostPage(snippet)}`);
      // The portal answered, naming the allowed origin only; the browser refused to show it here.
      expect((await answer).headers()['content-security-policy']).toMatch(new RegExp(`frame-ancestors ${HOST}$`));
      await expect.poll(() => refusals.join('\n')).toContain(`Content Security Policy directive: "frame-ancestors ${HOST}"`);
      expect(refusals.join('\n')).toMatch(/blocked|refused/i);
      await expect(framed(page).getByRole('heading', { name: 'Partner dashboard' })).toHaveCount(0);
      await expect(page.getByTitle('Partner dashboard')).toHaveCSS('height', '480px');
      // Another origin of the same host name is another origin too: the portal's own pages refuse framing everywhere.
      const own = await page.request.get(`${PORTAL}/dashboard`);
      expect(own.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(own.headers()['x-frame-options']).toBe('DENY');
    } finally {
      await context.close();
    }
  });

  test('revoking, with a keyboard-usable confirmation, stops the dashboard at its next request', async ({ browser }) => {
    const { context, page } = await signedIn(browser, DEMO_USERS.alice.email);
    try {
      // Created with the keyboard only.
      await page.goto('/settings/embed');
      const name = `Revoked ${randomUUID().slice(0, 6)}`;
      const form = page.getByRole('region', { name: 'New embed token' });
      await form.getByLabel('Name').focus();
      await page.keyboard.type(name);
      await page.keyboard.press('Tab');
      await expect(form.getByLabel('Host origin')).toBeFocused();
      await page.keyboard.type(HOST);
      await page.keyboard.press('Tab');
      await expect(form.getByLabel('Dashboard language')).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(form.getByLabel('Expires on (optional)')).toBeFocused();
      // Left empty: Tab goes through the parts of the date (the browser's own), then on to the button.
      const submit = form.getByRole('button', { name: 'Create embed token' });
      const onSubmit = () => submit.evaluate((button) => button === document.activeElement);
      for (let part = 0; part < 5 && !(await onSubmit()); part += 1) await page.keyboard.press('Tab');
      await expect(submit).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Embed token created' })).toBeFocused();
      const snippet = await page.getByLabel('Snippet to paste into the host page').inputValue();

      const host = await context.newPage();
      const path = hostPage(snippet);
      await host.goto(`${HOST}${path}`);
      await expect(framed(host).getByRole('region', { name: 'Customers', exact: true })).toBeVisible();

      // Escape keeps it; the dialog opens with the safe choice focused.
      const revoke = tokenRow(page, name).getByRole('button', { name: `Revoke ${name}…` });
      await revoke.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: `Revoke the embed token “${name}”?` });
      await expect(dialog.getByText(`The dashboard stops showing on ${HOST}`)).toBeVisible();
      await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(revoke).toBeFocused();
      await host.reload();
      await expect(framed(host).getByRole('region', { name: 'Customers', exact: true })).toBeVisible();

      await page.keyboard.press('Enter');
      await expect(dialog.getByRole('button', { name: 'Keep it' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(dialog.getByRole('button', { name: 'Revoke embed token' })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('status').filter({ hasText: 'The embed token was revoked.' })).toBeVisible();
      await expect(tokenRow(page, name).getByRole('cell', { name: 'Revoked' })).toBeVisible();
      await expect(tokenRow(page, name).getByRole('button')).toHaveCount(0);
      const events = await sql<{ action: string }>(
        `SELECT action FROM "AuditEvent" WHERE "targetType" = 'EmbedToken' AND "targetId" = (SELECT id::text FROM "EmbedToken" WHERE name = $1) ORDER BY "createdAt"`,
        [name],
      );
      expect(events.map((e) => e.action)).toEqual(['embedToken.created', 'embedToken.revoked']);

      // The host page still frames the portal, which now shows why there is nothing, and no figure.
      await host.reload();
      const frame = framed(host);
      await expect(frame.getByRole('alert').getByRole('heading', { name: 'This dashboard cannot be shown' })).toBeVisible();
      await expect(frame.getByText('The embed token of this dashboard has been revoked.')).toBeVisible();
      await expect(frame.getByRole('region')).toHaveCount(0);
      await expect(frame.getByText(CONTOSO)).toHaveCount(0);
      await expectNoSeriousViolations(host);
    } finally {
      await context.close();
    }
  });

  test('in zh-TW: the dashboard and, once the token has expired, its error page', async ({ browser }) => {
    const { context, page } = await signedIn(browser, DEMO_USERS.alice.email);
    try {
      const name = `Chinese ${randomUUID().slice(0, 6)}`;
      const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
      const snippet = await createToken(page, { name, origin: HOST, language: 'Traditional Chinese (繁體中文)', expiresOn: nextYear });
      await expect(tokenRow(page, name).getByRole('cell', { name: 'Traditional Chinese (繁體中文)' })).toBeVisible();
      await expect(tokenRow(page, name).getByRole('cell', { name: 'No expiry' })).toHaveCount(0);
      expect(snippet).toContain('title="合作夥伴儀表板"');

      const host = await context.newPage();
      const path = hostPage(snippet);
      await host.goto(`${HOST}${path}`);
      const frame = framed(host, '合作夥伴儀表板');
      await expect(frame.getByRole('heading', { level: 1, name: '合作夥伴儀表板' })).toBeVisible();
      await expect(frame.getByRole('region', { name: '政策衝突', exact: true })).toBeVisible();
      await expect(frame.getByRole('list', { name: '即將到期的續約' }).getByRole('link', { name: /^30 天內/ })).toBeVisible();
      await expect(frame.locator('html')).toHaveAttribute('lang', 'zh-TW');
      // The whole page in zh-TW, opened on its own (framing restricts who frames it, not who opens it).
      const secret = /token=(cpe_[A-Za-z0-9_-]+)/.exec(snippet)![1]!;
      const alone = await context.newPage();
      await alone.goto(`/embed/dashboard?token=${secret}`);
      await expect(alone).toHaveTitle(/^合作夥伴儀表板/);
      await expectNoEnglish(alone, [CONTOSO]);
      await expectNoSeriousViolations(alone);

      // Time passes: the token expires.
      await sql(`UPDATE "EmbedToken" SET "expiresAt" = now() - interval '1 second' WHERE name = $1`, [name]);
      await host.reload();
      await expect(frame.getByRole('heading', { name: '無法顯示此儀表板' })).toBeVisible();
      await expect(frame.getByText('此儀表板的內嵌權杖已過期。')).toBeVisible();
      await expect(frame.getByRole('region')).toHaveCount(0);
      await alone.reload();
      await expectNoEnglish(alone);
      await page.reload();
      await expect(tokenRow(page, name).getByRole('cell', { name: 'Expired' })).toBeVisible();
    } finally {
      await context.close();
    }
  });

  test('a missing, tampered or unknown token shows the error page in the browser’s language, framed by nobody', async ({ browser }) => {
    for (const [locale, title, text] of [
      ['en-US', 'This dashboard cannot be shown', 'has no valid embed token'],
      ['zh-TW', '無法顯示此儀表板', '沒有有效的內嵌權杖'],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      for (const query of ['', '?token=', '?token=cpe_demo_contoso_embed_0002', '?token=cpe_demo_contoso_embed_0001x', '?token=<script>']) {
        const response = await page.goto(`/embed/dashboard${query}`);
        expect(response!.headers()['content-security-policy'], query).toContain("frame-ancestors 'none'");
        expect(response!.headers()['x-frame-options'], query).toBe('DENY');
        await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
        await expect(page.getByText(text)).toBeVisible();
        await expect(page.getByRole('region')).toHaveCount(0);
        await expect(page.getByRole('link')).toHaveCount(0);
      }
      await expectNoSeriousViolations(page);
      await context.close();
    }
  });

  test("the demo seed's Contoso token may be framed by http://localhost:8080 only", async ({ request }) => {
    const response = await request.get('/embed/dashboard?token=cpe_demo_contoso_embed_0001');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toMatch(/frame-ancestors http:\/\/localhost:8080$/);
    expect(response.headers()['x-frame-options']).toBeUndefined();
    expect(await response.text()).toContain(CONTOSO);
  });

  test('agents and viewers have no embed settings: no tab, 404', async ({ browser }) => {
    for (const user of [DEMO_USERS.bob, DEMO_USERS.vera]) {
      const { context, page } = await signedIn(browser, user.email);
      await page.goto('/settings/profile');
      await expect(page.getByRole('link', { name: 'Embedded dashboard' })).toHaveCount(0);
      expect((await page.goto('/settings/embed'))!.status()).toBe(404);
      await context.close();
    }
  });
});
