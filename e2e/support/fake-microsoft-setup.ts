// Playwright's global setup: the fake Microsoft identity platform and Graph
// (tests/support/fake-microsoft.ts) on E2E_MICROSOFT_PORT (E2E_PORT + 4 by default), which the
// portal under test reaches through MICROSOFT_LOGIN_URL and MICROSOFT_GRAPH_URL
// (playwright.config.ts). Specs script it over HTTP (/__control/…): nothing reaches the internet.
import { startFakeMicrosoft } from '../../tests/support/fake-microsoft';
import { MICROSOFT_PORT } from './microsoft-port';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const fake = await startFakeMicrosoft(MICROSOFT_PORT);
  return () => fake.stop();
}
