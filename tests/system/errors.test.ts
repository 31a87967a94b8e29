// An unexpected error, from the user's report to the log: the database goes away under a running
// portal; the API's 500 and the error page (after a page load, and after a navigation inside the
// app) give the request's id, and the log holds exactly one JSON line with that id.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/browser';
import { freePort, startPortal, stopPortal, tempDataDir, waitForHealth, type Portal } from './portal';

type LogLine = { level: string; msg: string; requestId?: string; path?: string; digest?: string; err?: { message?: string } };

/** The portal's JSON log lines so far (its plain start-up lines left out). */
function logLines(portal: Portal): LogLine[] {
  return portal
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The log lines of one request, once the front door has had time to add its own (it waits 2 s). */
async function linesOf(portal: Portal, requestId: string): Promise<LogLine[]> {
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  return logLines(portal).filter((line) => line.requestId === requestId);
}

async function reference(page: Page): Promise<string> {
  const text = await page.getByText(/^Reference: /).textContent({ timeout: 15_000 });
  return text!.replace('Reference: ', '');
}

describe('an unexpected error', () => {
  it('is logged once with the request id that the API problem and the error page show', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const base = `http://localhost:${port}`;
    const portal = startPortal({ PORT: String(port), DATA_DIR: dataDir, NEXTAUTH_URL: base, WORKER: 'off' });
    const browser = await chromium.launch({ executablePath: findChromium().executablePath, args: CHROMIUM_ARGS });
    try {
      await waitForHealth(portal);
      const page = await browser.newPage({ baseURL: base });
      await page.goto('/signin');
      await page.getByLabel('Email').fill('alice@contoso-partners.example');
      await page.getByLabel('Password').fill('demo-password-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/dashboard/);

      // The database goes away.
      process.kill(Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGKILL');
      while ((await fetch(`${base}/api/health`)).status !== 503) await new Promise((resolve) => setTimeout(resolve, 250));

      // The API: a 500 problem naming the request.
      const api = await fetch(`${base}/api/v1/notices`, {
        headers: { authorization: 'Bearer cpt_demo_contoso_token_0001', 'x-request-id': 'forged' },
      });
      expect(api.status).toBe(500);
      const apiId = api.headers.get('x-request-id')!;
      expect(apiId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await api.json()).toMatchObject({ status: 500, title: 'Internal error', requestId: apiId });
      const apiLines = await linesOf(portal, apiId);
      expect(apiLines).toHaveLength(1);
      expect(apiLines[0]).toMatchObject({ level: 'error', msg: 'API request failed', path: '/api/v1/notices' });
      expect(logLines(portal).some((line) => line.requestId === 'forged')).toBe(false);

      // A navigation inside the app: the error page gives the id of the navigation's request.
      await page.getByRole('link', { name: 'Customers' }).first().click();
      const navigationId = await reference(page);
      const navigationLines = await linesOf(portal, navigationId);
      expect(navigationLines).toHaveLength(1);
      expect(navigationLines[0]).toMatchObject({ level: 'error', path: '/customers' });
      expect(navigationLines[0]!.digest).toMatch(/^\d+$/);

      // A page load: the same, with the id of the response the browser got.
      const response = await page.reload();
      expect(response!.status()).toBe(500);
      const loadId = await reference(page);
      expect(loadId).toBe(response!.headers()['x-request-id']);
      expect(loadId).not.toBe(navigationId);
      const loadLines = await linesOf(portal, loadId);
      expect(loadLines).toHaveLength(1);
      expect(loadLines[0]).toMatchObject({ level: 'error', path: '/customers' });
      // Never the error itself on the page.
      expect(await page.locator('body').innerText()).not.toContain(loadLines[0]!.err!.message!);
    } finally {
      await browser.close();
      await stopPortal(portal);
    }
  });
});
