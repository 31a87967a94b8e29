import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './db';

export const DEMO_USERS = {
  admin: { email: 'admin@portal.example', name: 'Pat Admin', role: 'Portal admin', partner: null },
  alice: { email: 'alice@contoso-partners.example', name: 'Alice Wu', role: 'Partner admin', partner: 'Contoso Cloud Partners' },
  bob: { email: 'bob@contoso-partners.example', name: 'Bob Lin', role: 'Partner agent', partner: 'Contoso Cloud Partners' },
  vera: { email: 'vera@contoso-partners.example', name: 'Vera Huang', role: 'Viewer', partner: 'Contoso Cloud Partners' },
  gina: { email: 'gina@fabrikam-gov.example', name: 'Gina Torres', role: 'Partner admin', partner: 'Fabrikam Government Solutions' },
} as const;

/** Signs in through the sign-in form (from wherever the page is) and waits to leave /signin. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, options: { from?: string } = {}) {
  if (options.from !== undefined || !page.url().includes('/signin')) await page.goto(options.from ?? '/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}

export function alertWithText(page: Page, text: string | RegExp) {
  // Next.js renders an empty route announcer with role=alert: select ours by its text.
  return page.getByRole('alert').filter({ hasText: text });
}
