import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';
import { MICROSOFT_URL } from './e2e/support/microsoft-port';

// The end-to-end suite runs the production build on its own embedded database (a fresh
// folder every run, seeded with the demo data) on port 3100; a fake Microsoft identity platform and
// Graph (e2e/support/fake-microsoft-setup.ts) on the next port stands in for Microsoft.
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
  globalSetup: './e2e/support/fake-microsoft-setup.ts',
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromium.executablePath, args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `rm -rf ${DATA_DIR} && npm run --silent start`,
    // The specs share the demo API tokens and one client address: the REST API's rate limit is set
    // above what they send together (its 429 is tested in tests/data/api-platform.test.ts).
    // WEBHOOKS_ALLOW_PRIVATE: the webhook specs' receivers listen on this machine.
    env: {
      PORT: String(PORT),
      DATA_DIR,
      SEED_DEMO: 'true',
      DATABASE_URL: '',
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      MICROSOFT_LOGIN_URL: `${MICROSOFT_URL}/login`,
      MICROSOFT_GRAPH_URL: `${MICROSOFT_URL}/graph`,
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      WEBHOOKS_ALLOW_PRIVATE: 'true',
    },
    url: `http://localhost:${PORT}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
