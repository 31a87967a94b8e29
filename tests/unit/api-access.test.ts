// The REST API's pure rules: token states, the rate window, idempotency keys and bodies, problem
// types, keyset cursors.
import { describe, expect, it } from 'vitest';
import { apiViewerRole, canonicalJson, isIdempotencyKey, rateDecision, rateWindow, tokenState } from '@/lib/domain/api-access';
import { decodeKeyset, encodeKeyset } from '@/lib/domain/cursor';
import { PROBLEM_KINDS, problemOf, problemType } from '@/lib/domain/problem';

const at = (iso: string) => new Date(iso);

describe('tokenState', () => {
  const now = at('2026-12-07T10:00:00Z');
  it('is ACTIVE until revoked or until its expiry time (refused from that instant on)', () => {
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe('ACTIVE');
    expect(tokenState({ revokedAt: null, expiresAt: at('2026-12-07T10:00:00.001Z') }, now)).toBe('ACTIVE');
    expect(tokenState({ revokedAt: null, expiresAt: now }, now)).toBe('EXPIRED');
    expect(tokenState({ revokedAt: at('2026-12-01T00:00:00Z'), expiresAt: at('2026-12-02T00:00:00Z') }, now)).toBe('REVOKED');
  });
  it('gives a token that may write notices the agent role, any other the viewer role', () => {
    expect(apiViewerRole(['notices:read', 'notices:write'])).toBe('PARTNER_AGENT');
    expect(apiViewerRole(['customers:read', 'communications:write'])).toBe('PARTNER_VIEWER');
  });
});

describe('rateWindow and rateDecision', () => {
  it('puts a request in its minute and counts the seconds to the next (at least 1)', () => {
    expect(rateWindow(at('2026-12-07T10:00:00.000Z'))).toEqual({ start: at('2026-12-07T10:00:00Z'), resetSeconds: 60 });
    expect(rateWindow(at('2026-12-07T10:00:59.200Z'))).toEqual({ start: at('2026-12-07T10:00:00Z'), resetSeconds: 1 });
    expect(rateWindow(at('2026-12-07T10:00:59.999Z')).resetSeconds).toBe(1);
    expect(rateWindow(at('2026-12-07T10:01:30.500Z'))).toEqual({ start: at('2026-12-07T10:01:00Z'), resetSeconds: 30 });
  });
  it('allows up to the limit, then refuses with nothing remaining', () => {
    expect(rateDecision(1, 600, 10)).toEqual({ allowed: true, limit: 600, remaining: 599, resetSeconds: 10 });
    expect(rateDecision(600, 600, 10)).toMatchObject({ allowed: true, remaining: 0 });
    expect(rateDecision(601, 600, 10)).toMatchObject({ allowed: false, remaining: 0 });
  });
});

describe('idempotency keys and bodies', () => {
  it('takes 1–255 visible ASCII characters', () => {
    expect(isIdempotencyKey('8e0f3c0a-1b2c-4d5e-8f90-123456789abc')).toBe(true);
    expect(isIdempotencyKey('x'.repeat(255))).toBe(true);
    for (const bad of ['', 'x'.repeat(256), 'with space', 'ünïcode', 'tab\t', 'nul\u0000']) expect(isIdempotencyKey(bad)).toBe(false);
  });
  it('writes the same JSON whatever the order of keys, and different JSON for different values', () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe(canonicalJson({ a: 'x', b: [1, { c: 2, d: 1 }] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

describe('problem types', () => {
  it('gives every kind a stable type on the reference page, its title and status', () => {
    expect(problemType('rate-limited')).toBe('/api/v1/docs#problem-rate-limited');
    expect(problemOf('stale-version', { currentVersion: 3 })).toEqual({
      type: '/api/v1/docs#problem-stale-version',
      title: 'Stale version',
      status: 412,
      currentVersion: 3,
    });
    for (const [kind, info] of Object.entries(PROBLEM_KINDS)) {
      expect(kind).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(info.status).toBeGreaterThanOrEqual(400);
    }
  });
});

describe('keyset cursors', () => {
  it('round-trip their keys and refuse anything they did not write', () => {
    const cursor = encodeKeyset(['Ä name, with "quotes"', '6f2c1c0e-3b1d-4a8e-9f10-2d5e7b8c9a01']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeyset(cursor, 2)).toEqual(['Ä name, with "quotes"', '6f2c1c0e-3b1d-4a8e-9f10-2d5e7b8c9a01']);
    expect(decodeKeyset(cursor, 3)).toBeNull();
    for (const bad of ['', '!!', 'e30', encodeKeyset(['a\u0000', 'b']), 'x'.repeat(2000)]) expect(decodeKeyset(bad, 2)).toBeNull();
  });
});
