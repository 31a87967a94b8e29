import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createUser, DEMO_PASSWORD, sql } from './support/db';
import { alertWithText, signIn } from './support/fixtures';
import { parseEml, type ParsedMessage } from './support/eml';
import { expectNoSeriousViolations } from './support/axe';
import { expectNoEnglish } from './support/i18n';
import { setUpTwoStep } from './support/two-step';

// Accounts from an empty organization to a working one: a portal admin adds a partner and invites
// its first admin, who accepts by mail and invites others; roles change, users are deactivated,
// passwords are reset by mail, sessions are ended everywhere. The mails are the `.eml` files the
// portal writes under DATA_DIR/mail; the links in them are followed as a person would.

const DATA_DIR = process.env.E2E_DATA_DIR ?? 'data/e2e';
const NEW_PASSWORD = 'violet staple thunder';

test.describe.configure({ timeout: 180_000 });

async function accountMailsTo(address: string): Promise<ParsedMessage[]> {
  const dir = path.join(DATA_DIR, 'mail');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith('account.') && name.endsWith('.eml'));
  const messages = await Promise.all(
    files.map(async (name) => {
      const file = path.join(dir, name);
      return { message: parseEml(await readFile(file, 'utf8')), written: (await stat(file)).mtimeMs };
    }),
  );
  // In the order they were written (the Date header counts whole seconds only).
  return messages
    .filter(({ message }) => (message.headers.get('to') ?? '').includes(address))
    .sort((a, b) => a.written - b.written)
    .map(({ message }) => message);
}

/** The `count`-th mail to the address (1 = the first), once it has been written. */
async function mailTo(address: string, count = 1): Promise<ParsedMessage> {
  await expect
    .poll(async () => (await accountMailsTo(address)).length, { message: `mail ${count} to ${address}` })
    .toBeGreaterThanOrEqual(count);
  return (await accountMailsTo(address))[count - 1]!;
}

/** The path of the portal link in a mail (the host is the portal's public URL). */
function linkIn(message: ParsedMessage, kind: 'invitations' | 'reset-password'): string {
  const match = new RegExp(`https?://[^\\s"<>]+/${kind}/[A-Za-z0-9_%-]+`).exec(message.text);
  if (!match) throw new Error(`no ${kind} link in: ${message.text}`);
  return new URL(match[0]).pathname;
}

async function signedOutPage(browser: Browser, locale: 'en' | 'zh-TW' = 'en'): Promise<Page> {
  const context = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-TW' });
  return context.newPage();
}

const uniqueEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@northwind-partners.example`;

test('onboarding: a portal admin adds a partner and invites its first admin, who accepts by mail and gets to work', async ({
  page,
  browser,
}) => {
  const portalAdmin = await createUser({ role: 'PORTAL_ADMIN', name: 'Olga Onboarding' });
  const tag = randomUUID().slice(0, 6);
  const partnerName = `Northwind Cloud ${tag}`;
  const partnerNumber = String(Date.now()).slice(-10);
  const firstAdmin = uniqueEmail('first-admin');

  await signIn(page, portalAdmin.email, undefined, { from: '/signin' });
  await page.goto('/admin/partners');
  await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible();
  const form = page.getByRole('region', { name: 'Add a partner' });
  await form.getByRole('textbox', { name: /^Partner(?! ID)/ }).fill(partnerName);
  await form.getByLabel(/^Partner ID/).fill('43-12');
  await expect(form.getByRole('combobox', { name: /^Cloud/ }).getByRole('option')).toHaveText([
    'Partner Center (global)',
    'Microsoft Cloud for US Government',
  ]);
  await form.getByRole('button', { name: 'Add partner' }).click();
  await expect(form.getByText('Enter the Partner ID as digits only')).toBeVisible();
  await expect(form.getByLabel(/^Partner ID/)).toHaveAttribute('aria-invalid', 'true');
  // What was typed is kept.
  await expect(form.getByLabel(/^Partner ID/)).toHaveValue('43-12');
  await form.getByLabel(/^Partner ID/).fill(partnerNumber);
  await form.getByRole('combobox', { name: /^Cloud/ }).selectOption('US_GOVERNMENT');
  await form.getByRole('button', { name: 'Add partner' }).click();
  await expect(form.getByRole('status')).toHaveText('Partner added. Invite its first partner admin from the list.');
  const row = page.getByRole('row').filter({ hasText: partnerName });
  await expect(row).toContainText(partnerNumber);
  await expect(row).toContainText('Microsoft Cloud for US Government');
  await expect(row).not.toContainText('No activity yet');
  await expectNoSeriousViolations(page);

  // The same Partner ID again is refused on its field.
  await form.getByRole('textbox', { name: /^Partner(?! ID)/ }).fill(`${partnerName} copy`);
  await form.getByLabel(/^Partner ID/).fill(partnerNumber);
  await form.getByRole('button', { name: 'Add partner' }).click();
  await expect(form.getByLabel(/^Partner ID/)).toHaveAccessibleDescription(/Another partner already has this Partner ID\./);

  // Invite the first admin, by keyboard.
  await row.getByRole('button', { name: 'Invite admin…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Invite a partner admin for ${partnerName}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByLabel('Email').fill(firstAdmin);
  await expectNoSeriousViolations(page);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole('status')).toHaveText(`Invitation sent to ${firstAdmin}.`);
  await expect(row).toContainText(`Invited: ${firstAdmin}`);

  const mail = await mailTo(firstAdmin);
  expect(mail.subject).toBe(`You are invited to ${partnerName} on the CSP Communications Portal`);
  expect(mail.headers.get('from')).toContain('CSP Communications Portal');
  expect(mail.headers.get('content-language')).toBe('en');
  expect(mail.text).toContain(`Olga Onboarding invited you to join ${partnerName}`);
  const link = linkIn(mail, 'invitations');
  // The token in the link is not what the database keeps.
  const token = decodeURIComponent(link.split('/').pop()!);
  expect(await sql('SELECT 1 FROM "Invitation" WHERE "tokenHash" = $1', [token])).toHaveLength(0);

  // The invited admin, signed out, chooses a name and a password (a common one is refused first).
  const invited = await signedOutPage(browser);
  await invited.goto(link);
  await expect(invited.getByRole('heading', { level: 1, name: `Join ${partnerName}` })).toBeVisible();
  await expect(invited.getByText(firstAdmin)).toBeVisible();
  await expectNoSeriousViolations(invited);
  await invited.getByLabel('Your name').fill('Nadia North');
  await invited.getByLabel(/^Password/).fill('password1234');
  await invited.getByLabel('Confirm password').fill('password1234');
  await invited.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(invited.getByLabel(/^Password/)).toHaveAccessibleDescription(/This password is one of the most commonly used ones/);
  await expect(invited.getByLabel(/^Password/)).toHaveAttribute('aria-invalid', 'true');
  await expect(invited.getByLabel('Your name')).toHaveValue('Nadia North');
  await invited.getByLabel(/^Password/).fill(NEW_PASSWORD);
  await invited.getByLabel('Confirm password').fill(NEW_PASSWORD);
  await invited.getByLabel('Confirm password').press('Enter');
  // A partner admin made in the product sets up two-step sign-in before anything else.
  await expect(invited).toHaveURL(/\/settings\/security$/);
  await setUpTwoStep(invited);
  await invited.goto('/');
  await expect(invited).toHaveURL(/\/dashboard$/);
  await expect(invited.getByRole('banner').getByText('Nadia North')).toBeVisible();
  await expect(invited.getByRole('banner').getByText(partnerName)).toBeVisible();

  // …and works: the users page of the new partner, where she invites a colleague.
  await invited.goto('/settings/users');
  await expect(invited.getByRole('heading', { level: 1, name: 'Users and roles' })).toBeVisible();
  await expect(invited.getByRole('row').filter({ hasText: firstAdmin })).toContainText('(you)');
  const colleague = uniqueEmail('colleague');
  const invite = invited.getByRole('region', { name: 'Invite a user' });
  await invite.getByLabel(/^Email/).fill(colleague);
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByRole('status')).toHaveText(`Invitation sent to ${colleague}.`);
  await expect(invited.getByRole('row').filter({ hasText: colleague })).toContainText('Waiting');
  await expectNoSeriousViolations(invited);

  // The link works once.
  const again = await signedOutPage(browser);
  await again.goto(link);
  await expect(again.getByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeVisible();
  await expect(again.getByText(partnerName)).toHaveCount(0);

  // The portal admin's list now shows the admin, two users and recent activity.
  await page.reload();
  const updated = page.getByRole('row').filter({ hasText: partnerName }).first();
  await expect(updated).toContainText(firstAdmin);
  await expect(updated).not.toContainText('Invited:');
  await expect(updated.getByRole('cell').nth(3)).toHaveText('1');
});

test('zh-TW: an admin invites a user, who accepts and signs in; a role change and a deactivation end that user’s open session', async ({
  page,
  browser,
}) => {
  const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners', name: 'Ada Admin' });
  await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [admin.id]);
  // Her profile's language is Traditional Chinese: the portal speaks it once she has signed in.
  await signIn(page, admin.email, undefined, { from: '/signin' });
  await page.goto('/settings/users');
  await expect(page.getByRole('heading', { level: 1, name: '使用者與角色' })).toBeVisible();
  await expectNoEnglish(page, ['Contoso Cloud Partners', admin.name, admin.email, 'Alice Wu', 'Bob Lin', 'Vera Huang']);

  const to = uniqueEmail('mei');
  const invite = page.getByRole('region', { name: '邀請使用者' });
  await invite.getByLabel(/^電子郵件/).fill(to);
  await invite.getByRole('combobox', { name: /^角色/ }).selectOption('PARTNER_AGENT');
  await invite.getByRole('combobox', { name: '邀請的語言' }).selectOption('zh-TW');
  await invite.getByRole('button', { name: '寄送邀請' }).click();
  await expect(invite.getByRole('status')).toHaveText(`已寄送邀請給 ${to}。`);
  // The same address again: refused, with the reason on its field.
  await invite.getByRole('button', { name: '寄送邀請' }).click();
  await expect(invite.getByLabel(/^電子郵件/)).toHaveAccessibleDescription(/^此電子郵件地址已有人使用/);

  const mail = await mailTo(to);
  expect(mail.subject).toBe('邀請您加入 CSP 通訊入口網站上的 Contoso Cloud Partners');
  expect(mail.headers.get('content-language')).toBe('zh-TW');
  expect(mail.text).toContain('Ada Admin 邀請您以「合作夥伴專員」身分加入');

  const member = await signedOutPage(browser, 'zh-TW');
  await member.goto(linkIn(mail, 'invitations'));
  await expect(member.getByRole('heading', { level: 1, name: '加入 Contoso Cloud Partners' })).toBeVisible();
  await expectNoEnglish(member, ['Contoso Cloud Partners', to]);
  await expectNoSeriousViolations(member);
  await member.getByLabel('您的名稱').fill('陳美玲');
  await member.getByLabel(/^密碼/).fill(NEW_PASSWORD);
  await member.getByLabel('確認密碼').fill('something else entirely');
  await member.getByRole('button', { name: '建立帳戶並登入' }).click();
  await expect(member.getByText('兩次輸入的密碼不一致。')).toBeVisible();
  await member.getByLabel('確認密碼').fill(NEW_PASSWORD);
  await member.getByRole('button', { name: '建立帳戶並登入' }).click();
  await expect(member).toHaveURL(/\/dashboard$/);
  await expect(member.getByRole('heading', { level: 1, name: '儀表板' })).toBeVisible();

  // The admin makes her a viewer: her open session ends at its next request.
  await page.reload();
  const row = page.getByRole('row').filter({ hasText: to });
  await row.getByRole('combobox', { name: '陳美玲 的角色' }).selectOption('PARTNER_VIEWER');
  await row.getByRole('button', { name: '變更角色' }).click();
  await expect(row.getByRole('status')).toContainText('已變更角色。');
  await member.goto('/customers');
  await expect(member).toHaveURL(/\/signin\?.*error=SESSION_ENDED/);
  expect((await sql<{ role: string }>('SELECT role::text FROM "User" WHERE email = $1', [to]))[0]?.role).toBe('PARTNER_VIEWER');

  // She signs in again (as a viewer now); then the admin deactivates her, after a confirmation.
  await member.getByLabel('電子郵件').fill(to);
  await member.getByLabel('密碼').fill(NEW_PASSWORD);
  await member.getByRole('button', { name: '登入', exact: true }).click();
  // Back where she was going when the session ended.
  await expect(member).toHaveURL(/\/customers$/);
  await page.reload();
  await page.getByRole('row').filter({ hasText: to }).getByRole('button', { name: '停用…' }).click();
  const dialog = page.getByRole('dialog', { name: '要停用 陳美玲 嗎？' });
  await expect(dialog.getByRole('button', { name: '保留' })).toBeFocused();
  await expectNoSeriousViolations(page);
  await dialog.getByRole('button', { name: '停用', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: to })).toContainText('已停用');
  await member.goto('/dashboard');
  await expect(member).toHaveURL(/\/signin/);
  await member.getByLabel('電子郵件').fill(to);
  await member.getByLabel('密碼').fill(NEW_PASSWORD);
  await member.getByRole('button', { name: '登入', exact: true }).click();
  await expect(member.getByText('電子郵件或密碼不正確')).toBeVisible();
});

test('invitations: sending again kills the old link, withdrawing kills the new one; the last admin stays an admin', async ({
  page,
  browser,
}) => {
  const admin = await createUser({ role: 'PARTNER_ADMIN', partnerName: 'Contoso Cloud Partners', name: 'Rita Resend' });
  await signIn(page, admin.email, undefined, { from: '/signin' });
  await page.goto('/settings/users');
  const to = uniqueEmail('twice');
  const invite = page.getByRole('region', { name: 'Invite a user' });
  await invite.getByLabel(/^Email/).fill(to);
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByRole('status')).toBeVisible();
  const first = linkIn(await mailTo(to, 1), 'invitations');

  const row = page.getByRole('row').filter({ hasText: to });
  await row.getByRole('button', { name: 'Send again' }).click();
  await expect(row.getByRole('status')).toHaveText(`A new link was sent to ${to}; the previous link no longer works.`);
  const second = linkIn(await mailTo(to, 2), 'invitations');
  expect(second).not.toBe(first);

  const visitor = await signedOutPage(browser);
  await visitor.goto(first);
  await expect(visitor.getByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeVisible();
  await expectNoSeriousViolations(visitor);
  await visitor.goto(second);
  await expect(visitor.getByRole('heading', { level: 1, name: 'Join Contoso Cloud Partners' })).toBeVisible();

  await row.getByRole('button', { name: 'Withdraw…' }).click();
  const dialog = page.getByRole('dialog', { name: `Withdraw the invitation to ${to}?` });
  await dialog.getByRole('button', { name: 'Withdraw invitation' }).click();
  await expect(page.getByRole('row').filter({ hasText: to })).toHaveCount(0);
  await visitor.reload();
  await expect(visitor.getByRole('heading', { level: 1, name: 'This invitation link does not work' })).toBeVisible();

  // An address in use anywhere (a user of another partner) is refused.
  await invite.getByLabel(/^Email/).fill('gina@fabrikam-gov.example');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(invite.getByLabel(/^Email/)).toHaveAccessibleDescription(/^This email address is already in use/);

  // Alone as the admin of a partner of her own, she cannot demote herself.
  const [partner] = await sql<{ id: string }>(
    `INSERT INTO "Partner" (id, name, "partnerNumber", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING id::text`,
    [`Solo Partner ${randomUUID().slice(0, 6)}`, String(Date.now()).slice(-11)],
  );
  const solo = await createUser({ role: 'PARTNER_ADMIN', name: 'Sol Solo' });
  await sql('UPDATE "User" SET "partnerId" = $1 WHERE id = $2', [partner!.id, solo.id]);
  const soloPage = await signedOutPage(browser);
  await signIn(soloPage, solo.email, undefined, { from: '/signin' });
  await soloPage.goto('/settings/users');
  const mine = soloPage.getByRole('row').filter({ hasText: solo.email });
  await mine.getByRole('combobox', { name: 'Role of Sol Solo' }).selectOption('PARTNER_AGENT');
  await mine.getByRole('button', { name: 'Change role' }).click();
  await expect(alertWithText(soloPage, 'This is the organization’s last active partner admin')).toBeVisible();
  expect((await sql<{ role: string }>('SELECT role::text FROM "User" WHERE id = $1', [solo.id]))[0]?.role).toBe('PARTNER_ADMIN');
});

test('agents and viewers do not see the users page', async ({ browser }) => {
  for (const role of ['PARTNER_AGENT', 'PARTNER_VIEWER'] as const) {
    const user = await createUser({ role, partnerName: 'Contoso Cloud Partners' });
    const page = await signedOutPage(browser);
    await signIn(page, user.email, undefined, { from: '/signin' });
    const response = await page.goto('/settings/users');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  }
});

for (const locale of ['en', 'zh-TW'] as const) {
  test(`${locale}: a forgotten password is reset by mail; every session ends and the link works once`, async ({ browser }) => {
    const user = await createUser({ role: 'PARTNER_AGENT', partnerName: 'Contoso Cloud Partners', name: 'Fay Forgetful' });
    if (locale === 'zh-TW') await sql(`UPDATE "User" SET language = 'zh-TW' WHERE id = $1`, [user.id]);
    const words =
      locale === 'en'
        ? {
            forgot: 'Forgot your password?',
            email: 'Email',
            send: 'Send reset link',
            password: 'New password',
            confirm: 'Confirm new password',
            set: 'Set new password',
          }
        : { forgot: '忘記密碼？', email: '電子郵件', send: '寄送重設連結', password: '新密碼', confirm: '確認新密碼', set: '設定新密碼' };
    const elsewhere = await signedOutPage(browser);
    await signIn(elsewhere, user.email, undefined, { from: '/signin' });

    const page = await signedOutPage(browser, locale);
    await page.goto('/signin');
    await page.getByRole('link', { name: words.forgot }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expectNoSeriousViolations(page);
    // An unknown address gets the same answer.
    const unknown = uniqueEmail('nobody');
    await page.getByLabel(words.email).fill(unknown);
    await page.getByRole('button', { name: words.send }).click();
    const answer = page.getByRole('status');
    await expect(answer).toContainText(unknown);
    const unknownAnswer = (await answer.innerText()).replace(unknown, '<email>');
    await page.getByLabel(words.email).fill(user.email);
    await page.getByRole('button', { name: words.send }).click();
    await expect(answer).toContainText(user.email);
    expect((await answer.innerText()).replace(user.email, '<email>')).toBe(unknownAnswer);
    if (locale === 'zh-TW') await expectNoEnglish(page, [user.email]);

    const mail = await mailTo(user.email);
    expect(await accountMailsTo(unknown)).toHaveLength(0);
    expect(mail.headers.get('content-language')).toBe(locale);
    expect(mail.subject).toBe(locale === 'en' ? 'Set a new password for the CSP Communications Portal' : '為 CSP 通訊入口網站設定新密碼');
    const link = linkIn(mail, 'reset-password');
    await page.goto(link);
    await expectNoSeriousViolations(page);
    await page.getByLabel(new RegExp(`^${words.password}`)).fill(user.email);
    await page.getByLabel(words.confirm).fill(user.email);
    await page.getByRole('button', { name: words.set }).click();
    await expect(page.getByLabel(new RegExp(`^${words.password}`))).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel(new RegExp(`^${words.password}`)).fill(NEW_PASSWORD);
    await page.getByLabel(words.confirm).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: words.set }).click();
    await expect(page).toHaveURL(/\/signin\?notice=PASSWORD_RESET$/);
    await expect(page.getByRole('status')).toHaveText(
      locale === 'en'
        ? 'Your password was changed and every session was signed out. Sign in with your new password.'
        : '已變更您的密碼，所有工作階段均已登出。請使用新密碼登入。',
    );

    // The session opened before the reset has ended; the old password no longer works, the new one does.
    await elsewhere.goto('/dashboard');
    await expect(elsewhere).toHaveURL(/\/signin/);
    await elsewhere.getByLabel('Email').fill(user.email);
    await elsewhere.getByLabel('Password').fill(DEMO_PASSWORD);
    await elsewhere.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alertWithText(elsewhere, 'The email or password is not correct.')).toBeVisible();
    await signIn(elsewhere, user.email, NEW_PASSWORD);
    await expect(elsewhere).toHaveURL(/\/dashboard$/);

    // Used once.
    await page.goto(link);
    await expect(
      page.getByRole('heading', { level: 1, name: locale === 'en' ? 'This password reset link does not work' : '此密碼重設連結無法使用' }),
    ).toBeVisible();
  });
}

test('sign out everywhere ends this session and the others', async ({ browser }) => {
  const user = await createUser({ role: 'PARTNER_VIEWER', partnerName: 'Contoso Cloud Partners' });
  const here = await signedOutPage(browser);
  const there = await signedOutPage(browser);
  await signIn(here, user.email, undefined, { from: '/signin' });
  await signIn(there, user.email, undefined, { from: '/signin' });
  await here.goto('/settings/profile');
  await here.getByRole('button', { name: 'Sign out everywhere…' }).click();
  const dialog = here.getByRole('dialog', { name: 'Sign out everywhere?' });
  await expect(dialog.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  await expectNoSeriousViolations(here);
  await dialog.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(here).toHaveURL(/\/signin\?notice=SIGNED_OUT_EVERYWHERE/);
  await expect(here.getByRole('status')).toHaveText('You were signed out in every browser. Sign in again to continue.');
  await here.goto('/dashboard');
  await expect(here).toHaveURL(/\/signin/);
  await there.goto('/customers');
  await expect(there).toHaveURL(/\/signin/);
  const ended = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "UserSession" WHERE "userId" = $1 AND "endedReason" = 'SIGNED_OUT_EVERYWHERE'`,
    [user.id],
  );
  expect(ended[0]?.n).toBe(2);
});
