// Opaque keyset cursors: base64url of a small JSON array (a version, the sort key(s), the id).
// Pure; each list decides what its keys are and checks them when it decodes one.

export function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(value: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(value) || value.length % 4 === 1) return null;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A cursor of `keys` (strings or nulls), e.g. [sort key, id]. */
export function encodeKeyset(keys: readonly (string | null)[]): string {
  return toBase64Url(JSON.stringify(keys));
}

/** The keys of a cursor that encodeKeyset wrote with `arity` keys; null for anything else (never throws). */
export function decodeKeyset(value: string, arity: number): (string | null)[] | null {
  if (value.length === 0 || value.length > 1024) return null;
  const text = fromBase64Url(value);
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || parsed.length !== arity) return null;
    return parsed.every((key) => key === null || (typeof key === 'string' && !key.includes('\u0000') && key.length <= 1000))
      ? (parsed as (string | null)[])
      : null;
  } catch {
    return null;
  }
}
