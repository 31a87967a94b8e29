import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { isEncryptionKey } from '../runtime/config';

// Secrets the portal must read back (a two-step sign-in key, a webhook's signing secret, a Graph
// connector's client secret) are stored encrypted: AES-256-GCM with DATA_ENCRYPTION_KEY (the
// launcher and the worker resolve it: lib/runtime/database.ts), a random 12-byte nonce per value,
// and the value's purpose bound in as associated data, so that a ciphertext copied from one column
// to another does not decrypt. Stored as `v1.<nonce>.<ciphertext>.<tag>`, base64url.

export type SecretPurpose = 'two-step' | 'webhook' | 'graph-connector';

const VERSION = 'v1';

function key(): Buffer {
  const value = process.env.DATA_ENCRYPTION_KEY ?? '';
  if (!isEncryptionKey(value)) {
    throw new Error(
      'DATA_ENCRYPTION_KEY is not set to 32 bytes in base64: start the portal with npm start (or npm run worker), which resolves it.',
    );
  }
  return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export function encryptSecret(plaintext: string, purpose: SecretPurpose): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), nonce);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, nonce, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export class SecretUnreadableError extends Error {
  constructor() {
    super('A stored secret could not be decrypted: DATA_ENCRYPTION_KEY is not the key it was stored with, or the value was changed.');
  }
}

export function decryptSecret(stored: string, purpose: SecretPurpose): string {
  const [version, nonce, body, tag, ...rest] = stored.split('.');
  if (version !== VERSION || !nonce || body === undefined || !tag || rest.length > 0) throw new SecretUnreadableError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError();
  }
}
