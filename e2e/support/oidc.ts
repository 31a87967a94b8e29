// The OpenID Connect provider the end-to-end suite runs on this machine (e2e/support/oidc-provider.ts,
// started by playwright.config.ts before the portal): its address, the portal's client, and the
// accounts a test puts in it.
import { expect, type Browser, type Page } from '@playwright/test';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
/** Near the portal's port unless told otherwise: + 1 and + 2 are the embedded dashboard's host pages (e2e/embed.spec.ts). */
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? E2E_PORT + 3);
export const OIDC_ISSUER = `http://localhost:${OIDC_PORT}`;
export const OIDC_CLIENT = { id: 'portal-e2e', secret: 'portal-e2e-client-secret-0123456789', name: 'Test ID' } as const;
/** The sign-in button's label for this provider. */
export const OIDC_BUTTON = `Sign in with ${OIDC_CLIENT.name}`;

export type OidcAccount = { email: string; email_verified: boolean; name?: string };

/** Creates or changes an account of the provider (its subject is `sub`). */
export async function setOidcAccount(sub: string, account: OidcAccount): Promise<void> {
  const response = await fetch(`${OIDC_ISSUER}/test/accounts/${encodeURIComponent(sub)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  expect(response.status, 'the test provider stored the account').toBe(204);
}

/** At the provider's sign-in page (after the portal's button): signs in as `sub`. */
export async function signInAtProvider(page: Page, sub: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/`));
  await page.getByPlaceholder('Enter any login').fill(sub);
  await page.getByPlaceholder('and password').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

/** A browser of its own (the provider remembers who signed in in one) on the portal's sign-in page. */
export async function atSignInPage(browser: Browser, options: { zh?: boolean; path?: string } = {}) {
  const context = await browser.newContext(
    options.zh ? { locale: 'zh-TW', extraHTTPHeaders: { 'Accept-Language': 'zh-TW,zh;q=0.9' } } : {},
  );
  const page = await context.newPage();
  await page.goto(options.path ?? '/signin');
  return { context, page };
}

/** From the portal's sign-in page: its button for the provider, then the provider's sign-in as `sub`. */
export async function signInWithProvider(page: Page, sub: string, button = OIDC_BUTTON): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await signInAtProvider(page, sub);
}
