import 'server-only';
import { decryptSecret } from '../crypto';
import type { ConnectorCredentials } from './graph-client';

// The stored credential of a partner's connector, readable again only here (for a token request):
// a client secret, or a certificate's private key with the certificate's thumbprint. Throws
// SecretUnreadableError (lib/server/crypto.ts) when DATA_ENCRYPTION_KEY is not the key it was
// stored with.

export type StoredCredential = {
  clientId: string;
  credential: 'CLIENT_SECRET' | 'CERTIFICATE';
  secretEncrypted: string;
  certificateThumbprint: string | null;
};

export function credentialsOf(row: StoredCredential): ConnectorCredentials {
  const secret = decryptSecret(row.secretEncrypted, 'graph-connector');
  return row.credential === 'CLIENT_SECRET'
    ? { clientId: row.clientId, kind: 'CLIENT_SECRET', secret }
    : { clientId: row.clientId, kind: 'CERTIFICATE', privateKeyPem: secret, thumbprint: row.certificateThumbprint ?? '' };
}
