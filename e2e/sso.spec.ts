import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe';
import { countOf, createPartner, createUser, DEMO_PASSWORD, sql } from './support/db';
import { alertWithText, signIn } from './support/fixtures';
import { expectNoEnglish } from './support/i18n';
import { atSignInPage, OIDC_CLIENT, OIDC_ISSUER, setOidcAccount, signInWithProvider } from './support/oidc';

// Signing in with an OpenID Connect provider: a real one (oidc-provider) that playwright.config.ts
// starts on this machine, configured through AUTH_OIDC_*. Each sign-in runs in a browser of its own
// (the provider remembers who signed in there): atSignInPage.

const subject = () => `acct-${randomUUID().slice(0, 8)}`;

test.describe('sign in with an identity provider', () => {
  test('links the account at the first sign-in, then finds it by subject even after the e-mail changes', async ({ browser }) => {
    // An admin without two-step sign-in: the provider checks the second step, the portal asks for none.
    const user = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners', twoStepExempt: false });
    const sub = subject();
    await setOidcAccount(sub, { email: user.email.toUpperCase(), email_verified: true, name: user.name });

    const first = await atSignInPage(browser);
    await expectNoSeriousViolations(first.page);
    await signInWithProvider(first.page, sub);
    await expect(first.page).toHaveURL(/\/dashboard$/);
    await expect(first.page.getByRole('banner').getByText(user.name)).toBeVisible();
    const linked = await sql<{ issuer: string; subject: string; email: string }>(
      'SELECT issuer, subject, email FROM "ExternalIdentity" WHERE "userId" = $1',
      [user.id],
    );
    expect(linked).toEqual([{ issuer: OIDC_ISSUER, subject: sub, email: user.email }]);
    const [session] = await sql<{ method: string }>('SELECT method FROM "UserSession" WHERE "userId" = $1', [user.id]);
    expect(session?.method).toBe('OIDC');
    await first.context.close();

    // The provider's e-mail changes: the same portal user, matched by subject.
    await setOidcAccount(sub, { email: `renamed-${randomUUID().slice(0, 8)}@elsewhere.example`, email_verified: true });
    const second = await atSignInPage(browser);
    await signInWithProvider(second.page, sub);
    await expect(second.page).toHaveURL(/\/dashboard$/);
    await expect(second.page.getByRole('banner').getByText(user.name)).toBeVisible();
    await second.context.close();
    const actions = await sql<{ action: string; after: unknown }>(
      `SELECT action, after FROM "AuditEvent" WHERE "targetId" = $1 ORDER BY id`,
      [user.id],
    );
    expect(actions.map((a) => a.action)).toEqual(['user.sso_linked', 'user.signed_in', 'user.signed_in']);
    expect(actions[1]?.after).toEqual({ method: 'OIDC' });
  });

  test('goes back where the user was going', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners' });
    const sub = subject();
    await setOidcAccount(sub, { email: user.email, email_verified: true });
    const { context, page } = await atSignInPage(browser, { path: '/notices?status=SENT' });
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await signInWithProvider(page, sub);
    await expect(page).toHaveURL(/\/notices\?status=SENT$/);
    await context.close();
  });

  test('refuses an e-mail no portal user has, clearly, and audits it', async ({ browser }) => {
    const sub = subject();
    const email = `stranger-${randomUUID().slice(0, 8)}@elsewhere.example`;
    await setOidcAccount(sub, { email, email_verified: true });
    const { context, page } = await atSignInPage(browser);
    await signInWithProvider(page, sub);
    await expect(page).toHaveURL(/\/signin\?error=SSO_NO_ACCOUNT/);
    await expect(alertWithText(page, 'No active portal account uses the e-mail address of the account you signed in with.')).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    expect(
      await countOf(
        `SELECT count(*)::text AS n FROM "AuditEvent" WHERE action = 'user.sso_refused' AND after->>'email' = $1 AND after->>'reason' = 'NO_ACCOUNT'`,
        [email],
      ),
    ).toBe(1);
    await context.close();
  });

  test('refuses a deactivated user, and an unverified e-mail', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_VIEWER', partnerName: 'Contoso Cloud Partners' });
    await sql(`UPDATE "User" SET active = false WHERE id = $1`, [user.id]);
    const sub = subject();
    await setOidcAccount(sub, { email: user.email, email_verified: true });
    const deactivated = await atSignInPage(browser);
    await signInWithProvider(deactivated.page, sub);
    await expect(alertWithText(deactivated.page, 'Your portal account is deactivated.')).toBeVisible();
    expect(await countOf('SELECT count(*)::text AS n FROM "ExternalIdentity" WHERE "userId" = $1', [user.id])).toBe(0);
    expect(await countOf('SELECT count(*)::text AS n FROM "UserSession" WHERE "userId" = $1', [user.id])).toBe(0);
    await deactivated.context.close();

    const other = await createUser({ role: 'PARTNER_VIEWER', partnerName: 'Contoso Cloud Partners' });
    const unverified = subject();
    await setOidcAccount(unverified, { email: other.email, email_verified: false });
    const second = await atSignInPage(browser);
    await signInWithProvider(second.page, unverified);
    await expect(alertWithText(second.page, 'did not give a verified e-mail address')).toBeVisible();
    expect(await countOf('SELECT count(*)::text AS n FROM "ExternalIdentity" WHERE "userId" = $1', [other.id])).toBe(0);
    await second.context.close();
  });

  test('refuses a callback whose state was tampered with: no session, nothing linked', async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners' });
    const sub = subject();
    await setOidcAccount(sub, { email: user.email, email_verified: true });
    const { context, page } = await atSignInPage(browser);
    // The portal's redirect to the provider carries the state it also keeps in a cookie: the state
    // sent is altered on the way, so that the provider hands back one the portal never issued.
    let sent = '';
    await page.route('**/api/auth/signin/oidc', async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const location = new URL(response.headers().location ?? '');
      sent = location.searchParams.get('state') ?? '';
      location.searchParams.set('state', `${sent.slice(0, -2)}${sent.endsWith('xx') ? 'yy' : 'xx'}`);
      await route.fulfill({ response, headers: { ...response.headers(), location: location.toString() } });
    });
    await signInWithProvider(page, sub);
    expect(sent).not.toBe('');
    // next-auth found the state mismatched (openid-client's check) and said so.
    await expect(page).toHaveURL(/\/signin\?.*error=OAuthCallback/);
    await expect(alertWithText(page, "Signing in with your organization's account could not be completed. Try again.")).toBeVisible();
    expect(await countOf('SELECT count(*)::text AS n FROM "UserSession" WHERE "userId" = $1', [user.id])).toBe(0);
    expect(await countOf('SELECT count(*)::text AS n FROM "ExternalIdentity" WHERE "userId" = $1', [user.id])).toBe(0);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
    await context.close();
  });

  test('a partner admin turns password sign-in off once an admin signs in with the provider; its users are then refused a password', async ({
    browser,
  }) => {
    const { name: partnerName } = await createPartner('E2E Sign-in');
    const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName });
    const agent = await createUser({ role: 'PARTNER_AGENT', partnerName });
    const adminPage = await atSignInPage(browser);
    await signIn(adminPage.page, admin.email);
    await adminPage.page.goto('/settings/security');
    const rules = adminPage.page.getByRole('region', { name: `Sign-in rules for ${partnerName}` });
    await expect(rules.getByText('Users may sign in with an email and password.')).toBeVisible();
    await expect(rules.getByText(`Admins who have signed in with ${OIDC_CLIENT.name}: 0.`)).toBeVisible();
    // No admin has signed in with the provider yet: refused, and said why.
    await rules.getByRole('button', { name: 'Turn off email and password sign-in' }).click();
    const dialog = adminPage.page.getByRole('dialog', { name: 'Turn off email and password sign-in?' });
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(adminPage.page);
    await dialog.getByRole('button', { name: 'Turn it off' }).click();
    await expect(
      alertWithText(adminPage.page, `No active admin of your organization has signed in with ${OIDC_CLIENT.name} yet.`),
    ).toBeVisible();

    // The admin signs in with the provider once; then it can be turned off.
    const sub = subject();
    await setOidcAccount(sub, { email: admin.email, email_verified: true });
    const sso = await atSignInPage(browser);
    await signInWithProvider(sso.page, sub);
    await expect(sso.page).toHaveURL(/\/dashboard$/);
    await sso.page.goto('/settings/security');
    const ssoRules = sso.page.getByRole('region', { name: `Sign-in rules for ${partnerName}` });
    await ssoRules.getByRole('button', { name: 'Turn off email and password sign-in' }).click();
    await sso.page
      .getByRole('dialog', { name: 'Turn off email and password sign-in?' })
      .getByRole('button', { name: 'Turn it off' })
      .click();
    await expect(
      ssoRules.getByText(`Signing in with an email and password is turned off: users sign in with ${OIDC_CLIENT.name}.`),
    ).toBeVisible();

    // The agent's password is right, and refused.
    const agentPage = await atSignInPage(browser);
    await agentPage.page.getByLabel('Email').fill(agent.email);
    await agentPage.page.getByLabel('Password').fill(DEMO_PASSWORD);
    await agentPage.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alertWithText(agentPage.page, 'Your organization has turned off signing in with an email and password.')).toBeVisible();
    await expect(agentPage.page).toHaveURL(/\/signin/);

    // Back on: the password works again.
    await ssoRules.getByRole('button', { name: 'Turn email and password sign-in back on' }).click();
    await expect(ssoRules.getByText('Users may sign in with an email and password.')).toBeVisible();
    await agentPage.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(agentPage.page).toHaveURL(/\/dashboard$/);
    for (const opened of [adminPage, sso, agentPage]) await opened.context.close();
  });

  test('in Traditional Chinese: the button, a refusal and a sign-in', async ({ browser }) => {
    const sub = subject();
    await setOidcAccount(sub, { email: `stranger-${randomUUID().slice(0, 8)}@elsewhere.example`, email_verified: true });
    const refused = await atSignInPage(browser, { zh: true });
    await expectNoEnglish(refused.page, [OIDC_CLIENT.name]);
    await signInWithProvider(refused.page, sub, `使用 ${OIDC_CLIENT.name} 登入`);
    await expect(alertWithText(refused.page, '沒有任何啟用中的入口網站帳戶使用您登入帳戶的電子郵件地址。')).toBeVisible();
    await expectNoEnglish(refused.page, [OIDC_CLIENT.name]);
    await refused.context.close();

    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners' });
    await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [user.id]);
    const known = subject();
    await setOidcAccount(known, { email: user.email, email_verified: true });
    const { context, page } = await atSignInPage(browser, { zh: true });
    await signInWithProvider(page, known, `使用 ${OIDC_CLIENT.name} 登入`);
    await expect(page.getByRole('heading', { level: 1, name: '儀表板' })).toBeVisible();
    await context.close();
  });
});
