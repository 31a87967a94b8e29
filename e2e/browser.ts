// Which Chromium the end-to-end tests drive: Playwright's own when installed, else Debian's.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const INSTALL_HINT =
  'No Chromium for the end-to-end tests. Install one: sudo apt-get install -y chromium   (or: npx playwright install chromium)';

export function findChromium(): { executablePath: string | undefined; found: boolean } {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) {
    return { executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH, found: existsSync(process.env.PLAYWRIGHT_CHROMIUM_PATH) };
  }
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { executablePath: undefined, found: true };
  } catch {
    // Playwright's own browser is not installed.
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return { executablePath: candidate, found: true };
  }
  return { executablePath: undefined, found: false };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
