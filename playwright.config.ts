import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';

// The end-to-end suite runs the production build on its own embedded database (a fresh
// folder every run, seeded with the demo data) on port 3100.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = process.env.E2E_DATA_DIR ?? 'data/e2e';
const chromium = findChromium();

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromium.executablePath, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `rm -rf ${DATA_DIR} && npm run --silent start`,
    // WEBHOOKS_ALLOW_PRIVATE: the webhook specs' receivers listen on this machine.
    env: {
      PORT: String(PORT),
      DATA_DIR,
      SEED_DEMO: 'true',
      DATABASE_URL: '',
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      WEBHOOKS_ALLOW_PRIVATE: 'true',
    },
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
