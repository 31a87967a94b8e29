// Opaque secrets (API and embed tokens, invitation and password-reset links, sign-in challenges,
// recovery codes) are stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';

/** The SHA-256 of a text's UTF-8 bytes, as hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export const hashToken = sha256Hex;

/** cpt: API token, cpe: embed token, cpi: invitation link, cpr: password-reset link. */
export function newTokenSecret(prefix: 'cpt' | 'cpe' | 'cpi' | 'cpr'): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** A random secret with no prefix (256 bits, base64url): one a browser keeps in a cookie. */
export function newOpaqueSecret(): string {
  return randomBytes(32).toString('base64url');
}
