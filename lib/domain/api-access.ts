// The REST API's rules about tokens, rate windows and idempotency keys. Pure: time comes in as an
// argument, results are codes.
import type { Role } from './permissions';

export type TokenState = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

/** A token is refused once revoked, and from its expiry time on. */
export function tokenState(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): TokenState {
  if (token.revokedAt !== null) return 'REVOKED';
  if (token.expiresAt !== null && token.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return 'ACTIVE';
}

/**
 * The role the data layer sees for a token: its own permission checks still hold if a handler
 * forgot a scope (`notices:write` may write notices, as an agent; anything else reads, as a viewer).
 */
export function apiViewerRole(scopes: readonly string[]): Role {
  return scopes.includes('notices:write') ? 'PARTNER_AGENT' : 'PARTNER_VIEWER';
}

export const RATE_WINDOW_MS = 60_000;

/** The fixed one-minute window `now` falls in, and the seconds until the next one (≥ 1). */
export function rateWindow(now: Date): { start: Date; resetSeconds: number } {
  const start = Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  return { start: new Date(start), resetSeconds: Math.max(1, Math.ceil((start + RATE_WINDOW_MS - now.getTime()) / 1000)) };
}

/** What a request's count in its window means: allowed or not, and the RateLimit-* header values. */
export function rateDecision(count: number, limit: number, resetSeconds: number) {
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
}

/** How long the first answer to an Idempotency-Key is kept (and the key refused for another request). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** How long a request holds its key while it runs; a key held longer (the process died) is free again. */
export const IDEMPOTENCY_LOCK_MS = 120_000;

/** An Idempotency-Key: 1–255 visible ASCII characters (an opaque value such as a UUID). */
export function isIdempotencyKey(value: string): boolean {
  return /^[\x21-\x7e]{1,255}$/.test(value);
}

/** JSON with object keys sorted at every level: the same body however its keys were ordered. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
