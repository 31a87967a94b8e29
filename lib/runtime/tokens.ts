// Opaque secrets (API and embed tokens) are stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newTokenSecret(prefix: 'cpt' | 'cpe'): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}
