import 'server-only';
import { X509Certificate, createHash, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';

// A certificate credential of the partner's application: its public part (PEM, uploaded to the
// application in Entra ID by the partner) and its private key (PEM, stored encrypted). The token
// request then carries a client assertion: a JWT signed with the key (RS256), naming the
// certificate by its SHA-1 thumbprint (`x5t`), for the tenant's token endpoint (`aud`), valid ten
// minutes — Microsoft identity platform's "certificate credentials".

export type CertificateCheck =
  | { ok: true; thumbprint: string; expiresAt: Date; subject: string }
  | { ok: false; code: 'CERTIFICATE_UNREADABLE' | 'KEY_UNREADABLE' | 'KEY_NOT_RSA' | 'KEY_MISMATCH' | 'CERTIFICATE_EXPIRED' };

function privateKeyOf(pem: string): KeyObject | null {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return null;
  }
}

/** Reads a certificate and its private key: usable when they belong together, the key is RSA and the certificate has not expired. */
export function checkCertificate(certificatePem: string, privateKeyPem: string, now: Date): CertificateCheck {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return { ok: false, code: 'CERTIFICATE_UNREADABLE' };
  }
  const key = privateKeyOf(privateKeyPem);
  if (!key) return { ok: false, code: 'KEY_UNREADABLE' };
  if (key.asymmetricKeyType !== 'rsa') return { ok: false, code: 'KEY_NOT_RSA' };
  if (!certificate.checkPrivateKey(key)) return { ok: false, code: 'KEY_MISMATCH' };
  const expiresAt = new Date(certificate.validTo);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, code: 'CERTIFICATE_EXPIRED' };
  return { ok: true, thumbprint: thumbprintOf(certificate.raw), expiresAt, subject: certificate.subject };
}

/** The SHA-1 thumbprint of a certificate's DER bytes, in upper-case hex (as Entra ID shows it). */
export function thumbprintOf(der: Buffer): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** The client assertion for one token request. */
export function clientAssertion(options: {
  clientId: string;
  audience: string;
  privateKeyPem: string;
  thumbprint: string;
  now: Date;
}): string {
  const seconds = Math.floor(options.now.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', x5t: base64url(Buffer.from(options.thumbprint, 'hex')) };
  const claims = {
    aud: options.audience,
    iss: options.clientId,
    sub: options.clientId,
    jti: randomUUID(),
    nbf: seconds - 60,
    iat: seconds,
    exp: seconds + 600,
  };
  const signed = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signature = sign('RSA-SHA256', Buffer.from(signed), createPrivateKey(options.privateKeyPem));
  return `${signed}.${base64url(signature)}`;
}
