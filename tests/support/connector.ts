// The Microsoft connector's settings as the tests save them (lib/server/data/microsoft-connector.ts).
import type { ConnectorInput } from '../../lib/schemas/microsoft-connector';

export const TEST_CLIENT_ID = 'c0ffee00-0000-4000-8000-00000000a11c';

/** A new connector with a client secret, read every 15 minutes. */
export function connectorInput(overrides: Partial<ConnectorInput> = {}): ConnectorInput {
  return {
    version: 0,
    clientId: TEST_CLIENT_ID,
    credential: 'CLIENT_SECRET',
    secret: 'fake-secret-value~0123456789',
    certificatePem: '',
    privateKeyPem: '',
    syncIntervalMinutes: 15,
    enabled: true,
    ...overrides,
  };
}
