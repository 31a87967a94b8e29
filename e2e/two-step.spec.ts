import { expect, test, type Browser, type Page } from '@playwright/test';
import { totpCodeAt } from '../lib/runtime/totp';
import { expectNoSeriousViolations } from './support/axe';
import { countOf, createPartner, createUser, DEMO_PASSWORD, sql } from './support/db';
import { alertWithText, DEMO_USERS, signIn } from './support/fixtures';
import { expectNoEnglish } from './support/i18n';
import { nextCode, QR_ALT, setUpTwoStep, shownKey, shownRecoveryCodes, wrongCode } from './support/two-step';

// Two-step sign-in (TOTP): an admin made in the product sets it up before anything else; signing in
// takes the password and then a code from the app or a recovery code; wrong codes are refused; a
// partner admin can require it of everyone; demo accounts are exempt. In English and in zh-TW.

async function newPage(browser: Browser, options: { zh?: boolean } = {}) {
  const context = await browser.newContext(
    options.zh ? { locale: 'zh-TW', extraHTTPHeaders: { 'Accept-Language': 'zh-TW,zh;q=0.9' } } : {},
  );
  return { context, page: await context.newPage() };
}

/** The password step: the page then asks for the code (no session yet). */
async function passwordStep(page: Page, email: string) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Two-step sign-in' })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
}

const hasSession = async (page: Page) => (await page.context().cookies()).some((cookie) => cookie.name.includes('session-token'));

test.describe('two-step sign-in', () => {
  test('an admin made in the product sets it up before reaching anything else, by keyboard', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners', twoStepExempt: false });
    const { context, page } = await newPage(browser);
    await signIn(page, user.email, undefined, { from: '/signin' });
    await expect(page).toHaveURL(/\/settings\/security$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Set up two-step sign-in to continue' })).toBeVisible();
    await expect(page.getByText('Your role requires two-step sign-in.')).toBeVisible();
    // Nothing else opens: the navigation offers only this; pages and downloads come back here.
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByRole('link')).toHaveText(['Settings']);
    for (const path of ['/dashboard', '/customers', '/notices/new', '/settings/profile', '/settings/notices', '/']) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/settings\/security$/);
    }
    const download = await page.request.get('/customers/export.csv', { maxRedirects: 0 });
    expect(download.status()).toBe(307);
    expect(download.headers().location).toContain('/settings/security');
    await expectNoSeriousViolations(page);

    await page.getByRole('button', { name: 'Set up two-step sign-in' }).focus();
    await page.keyboard.press('Enter');
    const qr = page.getByRole('img', { name: QR_ALT });
    await expect(qr).toBeVisible();
    // Made on the server: nothing is fetched from another host.
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const key = await shownKey(page);
    await expectNoSeriousViolations(page);
    // A wrong first code is refused at its field, and keeps what was typed.
    const field = page.getByLabel('Six-digit code');
    const wrong = wrongCode(key);
    await field.fill(wrong);
    await field.press('Enter');
    await expect(alertWithText(page, 'That code is not correct.')).toBeVisible();
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(wrong);
    await field.fill(totpCodeAt(key, new Date()));
    await field.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Two-step sign-in is on.' })).toBeVisible();
    const codes = await shownRecoveryCodes(page, 'Recovery codes');
    expect(new Set(codes).size).toBe(10);
    // Kept encrypted (the key) and hashed (the codes): neither readable in the database.
    const [row] = await sql<{ secret: string }>('SELECT secret FROM "UserTwoStep" WHERE "userId" = $1', [user.id]);
    expect(row?.secret).toMatch(/^v1\./);
    expect(row?.secret).not.toContain(key);
    const stored = JSON.stringify(await sql('SELECT * FROM "TwoStepRecoveryCode" WHERE "userId" = $1', [user.id]));
    for (const code of codes) expect(stored).not.toContain(code.replace(/-/g, ''));
    await expectNoSeriousViolations(page);

    await page.getByRole('button', { name: 'I have saved my recovery codes' }).focus();
    await page.keyboard.press('Enter');
    await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
    await expect(page.getByText('Two-step sign-in is on.', { exact: false })).toBeVisible();
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await page.goto('/settings/security');
    await expectNoSeriousViolations(page);
    await context.close();
  });

  test('signing in takes a code after the password: a wrong one is refused, a right one or a recovery code gets in, once', async ({
    browser,
  }) => {
    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners', twoStepExempt: false });
    const { context, page } = await newPage(browser);
    // Not required of an agent: signed in at once, and sets it up by choice.
    await signIn(page, user.email, undefined, { from: '/signin' });
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/settings/security');
    const { key, recoveryCodes } = await setUpTwoStep(page);
    await signOut(page);

    // The password alone opens no session, and never travels in a URL.
    await passwordStep(page, user.email);
    expect(page.url()).not.toContain(DEMO_PASSWORD);
    expect(await hasSession(page)).toBe(false);
    await expectNoSeriousViolations(page);
    const code = page.getByLabel('Code', { exact: true });
    await code.fill(wrongCode(key));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(alertWithText(page, 'That code is not correct.')).toBeVisible();
    expect(await hasSession(page)).toBe(false);
    // The code from the app, by keyboard.
    await code.fill(await nextCode(key, user.id));
    await code.press('Enter');
    await expect(page).toHaveURL(/\/dashboard$/);
    const [session] = await sql<{ method: string }>(
      'SELECT method FROM "UserSession" WHERE "userId" = $1 ORDER BY "createdAt" DESC LIMIT 1',
      [user.id],
    );
    expect(session?.method).toBe('PASSWORD_AND_CODE');
    await signOut(page);

    // Without the phone: a recovery code, typed any way, works once.
    const [first] = recoveryCodes as [string];
    await passwordStep(page, user.email);
    await page.getByLabel('Code', { exact: true }).fill(first.toUpperCase());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await signOut(page);
    await passwordStep(page, user.email);
    await page.getByLabel('Code', { exact: true }).fill(first);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(alertWithText(page, 'That code is not correct.')).toBeVisible();
    // Starting over asks for the password again.
    await page.getByRole('button', { name: 'Start over' }).click();
    await expect(page.getByLabel('Email')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Two-step sign-in' })).toHaveCount(0);
    const events = await sql<{ action: string; n: string }>(
      `SELECT action, count(*)::text AS n FROM "AuditEvent" WHERE "targetId" = $1 AND action LIKE 'user.%' GROUP BY action`,
      [user.id],
    );
    expect(Object.fromEntries(events.map((e) => [e.action, Number(e.n)]))).toMatchObject({
      'user.two_step_enabled': 1,
      'user.two_step_challenged': 3,
      'user.two_step_passed': 2,
      'user.two_step_failed': 2,
      'user.recovery_code_used': 1,
    });
    await context.close();
  });

  test('without JavaScript the password and the code are posted, never put in a URL, and sign in', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners', twoStepExempt: false });
    const setup = await newPage(browser);
    await signIn(setup.page, user.email, undefined, { from: '/signin' });
    await setup.page.goto('/settings/security');
    const { key } = await setUpTwoStep(setup.page);
    await setup.context.close();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const requests: { method: string; url: string }[] = [];
    page.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
    await page.goto('/signin?callbackUrl=%2Fnotices');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Two-step sign-in' })).toBeVisible();
    await page.getByLabel('Code', { exact: true }).fill(wrongCode(key));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(alertWithText(page, 'That code is not correct.')).toBeVisible();
    await page.getByLabel('Code', { exact: true }).fill(await nextCode(key, user.id));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Notices' })).toBeVisible();
    expect(requests.filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)).toEqual([
      '/api/auth/callback/credentials',
      '/api/auth/callback/two-step',
      '/api/auth/callback/two-step',
    ]);
    expect(requests.filter((r) => r.url.includes(DEMO_PASSWORD) || r.url.includes('password='))).toEqual([]);
    await context.close();
  });

  test('new recovery codes and turning it off need a current code (and the password), after a confirmation', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_VIEWER', partnerName: 'Contoso Cloud Partners', twoStepExempt: false });
    const { context, page } = await newPage(browser);
    await signIn(page, user.email, undefined, { from: '/signin' });
    await page.goto('/settings/security');
    const { key, recoveryCodes } = await setUpTwoStep(page);

    const renew = page.getByRole('form', { name: 'New recovery codes' });
    await renew.getByLabel('Six-digit code').fill(await nextCode(key, user.id));
    await renew.getByRole('button', { name: 'Show new recovery codes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your new recovery codes are below.' })).toBeVisible();
    const renewed = await shownRecoveryCodes(page, 'Recovery codes');
    expect(renewed.some((code) => recoveryCodes.includes(code))).toBe(false);
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();

    const turnOff = page.getByRole('form', { name: 'Turn off two-step sign-in' });
    await turnOff.getByLabel('Password').fill('not-my-password');
    await turnOff.getByLabel('Six-digit code').fill(await nextCode(key, user.id));
    await turnOff.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn off two-step sign-in?' });
    await expect(dialog).toBeVisible();
    // Cancel has the focus: Enter does not confirm by accident.
    await expect(dialog.getByRole('button', { name: 'Keep it on' })).toBeFocused();
    await expectNoSeriousViolations(page);
    await dialog.getByRole('button', { name: 'Turn it off' }).click();
    await expect(alertWithText(page, 'The password is not correct.')).toBeVisible();
    expect(await countOf('SELECT count(*)::text AS n FROM "UserTwoStep" WHERE "userId" = $1', [user.id])).toBe(1);

    await turnOff.getByLabel('Password').fill(DEMO_PASSWORD);
    await turnOff.getByLabel('Six-digit code').fill(await nextCode(key, user.id));
    await turnOff.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
    await dialog.getByRole('button', { name: 'Turn it off' }).click();
    await expect(page.getByText('Two-step sign-in is off.', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Set up two-step sign-in' })).toBeVisible();
    await signOut(page);
    await signIn(page, user.email);
    await expect(page).toHaveURL(/\/dashboard$/);
    await context.close();
  });

  test("a partner admin requires it of every user: the partner's agents set it up at their next step", async ({ browser }) => {
    const { name: partnerName } = await createPartner('E2E Two-step');
    const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName });
    const agent = await createUser({ role: 'PARTNER_AGENT', partnerName, twoStepExempt: false });
    const agentPage = await newPage(browser);
    await signIn(agentPage.page, agent.email, undefined, { from: '/signin' });
    await expect(agentPage.page).toHaveURL(/\/dashboard$/);

    const { context, page } = await newPage(browser);
    await signIn(page, admin.email, undefined, { from: '/signin' });
    await page.goto('/settings/security');
    const rules = page.getByRole('region', { name: `Sign-in rules for ${partnerName}` });
    await expect(rules.getByText('Two-step sign-in is required of admins only.')).toBeVisible();
    await expectNoSeriousViolations(page);
    await rules.getByRole('button', { name: 'Require two-step sign-in of every user' }).click();
    await expect(rules.getByText('Two-step sign-in is required of every user.')).toBeVisible();

    // The agent's open session: the next page is the setup.
    await agentPage.page.goto('/customers');
    await expect(agentPage.page).toHaveURL(/\/settings\/security$/);
    await expect(agentPage.page.getByText(`${partnerName} requires two-step sign-in of every user.`)).toBeVisible();

    await rules.getByRole('button', { name: 'Require it of admins only' }).click();
    await expect(rules.getByText('Two-step sign-in is required of admins only.')).toBeVisible();
    await agentPage.page.goto('/customers');
    await expect(agentPage.page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
    const [event] = await sql<{ after: unknown }>(
      `SELECT after FROM "AuditEvent" WHERE action = 'partner.sign_in_rules_updated' AND "actorId" = $1 ORDER BY id LIMIT 1`,
      [admin.id],
    );
    expect(event?.after).toEqual({ twoStepRequired: true });
    await agentPage.context.close();
    await context.close();
  });

  test('demo accounts sign in with the password alone and are told two-step sign-in is off for them', async ({ browser }) => {
    const { context, page } = await newPage(browser);
    await signIn(page, DEMO_USERS.alice.email, undefined, { from: '/signin' });
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByText('Two-step sign-in is off for demo accounts')).toBeVisible();
    await page.goto('/settings/security');
    await expect(page.getByText('Two-step sign-in is off for demo accounts, and cannot be set up for them.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Set up two-step sign-in' })).toHaveCount(0);
    await context.close();
  });
});

test.describe('two-step sign-in in Traditional Chinese', () => {
  test('setting it up, a wrong code, a code and a recovery code, all in zh-TW', async ({ browser }) => {
    const user = await createUser({ role: 'PORTAL_ADMIN', twoStepExempt: false, name: 'Chen Jia-Hao' });
    await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [user.id]);
    const { context, page } = await newPage(browser, { zh: true });
    await page.goto('/signin');
    await page.getByLabel('電子郵件').fill(user.email);
    await page.getByLabel('密碼').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/security$/);
    await expect(page.getByRole('heading', { level: 1, name: '安全性' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '請先設定兩步驟登入才能繼續' })).toBeVisible();
    await expectNoEnglish(page, ['Chen Jia-Hao', 'CSP']);
    await page.goto('/admin/relationships');
    await expect(page).toHaveURL(/\/settings\/security$/);

    await page.getByRole('button', { name: '設定兩步驟登入' }).click();
    await expect(page.getByRole('img', { name: '將「CSP 通訊入口網站」加入驗證器應用程式的 QR 碼' })).toBeVisible();
    const key = await shownKey(page);
    await expectNoEnglish(page, ['Chen Jia-Hao', 'CSP']);
    await expectNoSeriousViolations(page);
    const field = page.getByLabel('六位數驗證碼');
    await field.fill(wrongCode(key));
    await field.press('Enter');
    await expect(alertWithText(page, '驗證碼不正確')).toBeVisible();
    await field.fill(totpCodeAt(key, new Date()));
    await field.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: '兩步驟登入已開啟。' })).toBeVisible();
    const codes = await shownRecoveryCodes(page, '復原碼');
    await expectNoEnglish(page, ['Chen Jia-Hao', 'CSP', ...codes]);
    await page.getByRole('button', { name: '我已儲存復原碼' }).click();
    await expect(page.getByText('還剩 10 組復原碼（共 10 組）。')).toBeVisible();
    await page.getByRole('button', { name: '登出' }).click();
    await expect(page).toHaveURL(/\/signin/);

    // The second step in zh-TW: a wrong code, then the app's code.
    await page.getByLabel('電子郵件').fill(user.email);
    await page.getByLabel('密碼').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await expect(page.getByRole('heading', { level: 2, name: '兩步驟登入' })).toBeVisible();
    await expectNoEnglish(page, ['CSP']);
    await expectNoSeriousViolations(page);
    await page.getByLabel('驗證碼', { exact: true }).fill(wrongCode(key));
    await page.getByRole('button', { name: '驗證', exact: true }).click();
    await expect(alertWithText(page, '驗證碼不正確。請確認驗證器應用程式中的驗證碼')).toBeVisible();
    await page.getByLabel('驗證碼', { exact: true }).fill(await nextCode(key, user.id));
    await page.getByRole('button', { name: '驗證', exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/relationships$/);
    await page.getByRole('button', { name: '登出' }).click();

    // And a recovery code.
    await page.getByLabel('電子郵件').fill(user.email);
    await page.getByLabel('密碼').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登入', exact: true }).click();
    await page.getByLabel('驗證碼', { exact: true }).fill(codes[3]!);
    await page.getByRole('button', { name: '驗證', exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/relationships$/);
    await context.close();
  });
});
