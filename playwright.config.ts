import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';
import { MICROSOFT_URL } from './e2e/support/microsoft-port';
import { E2E_PORT as PORT, OIDC_CLIENT, OIDC_ISSUER, OIDC_PORT } from './e2e/support/oidc';

// The end-to-end suite runs the production build on its own embedded database (a fresh
// folder every run, seeded with the demo data) on port 3100, with sign-in through a real OpenID
// Connect provider started first on port + 3 (e2e/support/oidc-provider.ts); a fake Microsoft
// identity platform and Graph (e2e/support/fake-microsoft-setup.ts) on port + 4 stands in for
// Microsoft (+ 1 and + 2 are the embedded dashboard spec's host pages).
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
  webServer: [
    {
      command: 'npx tsx e2e/support/oidc-provider.ts',
      env: { E2E_PORT: String(PORT), E2E_OIDC_PORT: String(OIDC_PORT) },
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: `rm -rf ${DATA_DIR} && npm run --silent start`,
      // The specs share the demo API tokens and one client address: the REST API's rate limit is set
      // above what they send together (its 429 is tested in tests/data/api-platform.test.ts).
      // WEBHOOKS_ALLOW_PRIVATE: the webhook specs' receivers listen on this machine.
      // AUTH_OIDC_*: sign-in with the OpenID Connect provider started above.
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
        AUTH_OIDC_ISSUER: OIDC_ISSUER,
        AUTH_OIDC_CLIENT_ID: OIDC_CLIENT.id,
        AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
        AUTH_OIDC_NAME: OIDC_CLIENT.name,
      },
      url: `http://localhost:${PORT}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
