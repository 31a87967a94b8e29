// Two-step sign-in in the browser: setting it up on /settings/security (the key read from the
// page, as a person would type it into an app) and the codes an authenticator app would show.
import { expect, type Page } from '@playwright/test';
import { totpCodeAt } from '../../lib/runtime/totp';
import { sql } from './db';

export const QR_ALT = 'QR code to add the CSP Communications Portal to your authenticator app';

/**
 * The authenticator's code for a next use of the key. In real life uses are seconds apart and each
 * takes the code of its own 30-second step; a test is faster than a step, so the step last used is
 * forgotten first (refusing a code used before is the data tests' and the journey's "already used").
 */
export async function nextCode(key: string, userId: string): Promise<string> {
  await sql(`UPDATE "UserTwoStep" SET "lastUsedStep" = NULL WHERE "userId" = $1`, [userId]);
  return totpCodeAt(key, new Date());
}

/** A code no authenticator shows now (nor one step either side). */
export function wrongCode(key: string): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((offset) => totpCodeAt(key, new Date(now + offset))));
  let code = 100_000;
  while (valid.has(String(code))) code += 1;
  return String(code);
}

/** The key shown under the QR code, spaces removed. */
export async function shownKey(page: Page): Promise<string> {
  const text = await page.getByText(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/).innerText();
  return text.replace(/\s/g, '');
}

/** Recovery codes as the page lists them. */
export async function shownRecoveryCodes(page: Page, listName: string): Promise<string[]> {
  const list = page.getByRole('list', { name: listName });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  return list.getByRole('listitem').allInnerTexts();
}

/** Sets two-step sign-in up on /settings/security (the page already open), by keyboard; the key and the recovery codes. */
export async function setUpTwoStep(page: Page): Promise<{ key: string; recoveryCodes: string[] }> {
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('img', { name: QR_ALT })).toBeVisible();
  const key = await shownKey(page);
  const field = page.getByLabel('Six-digit code');
  await field.focus();
  await page.keyboard.type(totpCodeAt(key, new Date()));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Two-step sign-in is on.' })).toBeVisible();
  const recoveryCodes = await shownRecoveryCodes(page, 'Recovery codes');
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('10 of 10 recovery codes left.')).toBeVisible();
  return { key, recoveryCodes };
}
