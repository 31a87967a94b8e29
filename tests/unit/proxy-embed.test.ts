// proxy.ts and the embedded dashboard: which origin may frame a response, and the token's language
// handed to the root layout. The token lookup (lib/server/data/embed-tokens.ts) is replaced by a
// table here; tests/data/embed-tokens.test.ts tests it against the database.
import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { proxy } from '@/proxy';

const lookups: unknown[] = [];
const TOKENS: Record<string, { frameAncestors: string[]; locale: 'en' | 'zh-TW' }> = {
  cpe_active_token_0001: { frameAncestors: ['https://intranet.example.com'], locale: 'zh-TW' },
};

vi.mock('@/lib/server/data/embed-tokens', () => ({
  embedFraming: async (secret: string) => {
    lookups.push(secret);
    if (secret === 'cpe_database_down_01') throw new Error('connection refused');
    return TOKENS[secret] ?? { frameAncestors: [], locale: null };
  },
}));

beforeEach(() => {
  lookups.length = 0;
});

async function answer(path: string, headers: Record<string, string> = {}) {
  const response = await proxy(new NextRequest(`http://localhost:3000${path}`, { headers }));
  const passed = (response.headers.get('x-middleware-override-headers') ?? '').split(',').filter(Boolean);
  return {
    frameAncestors: /frame-ancestors ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1],
    xFrameOptions: response.headers.get('x-frame-options'),
    embedLocale: passed.includes('x-portal-embed-locale') ? response.headers.get('x-middleware-request-x-portal-embed-locale') : null,
  };
}

describe('proxy: framing', () => {
  it("lets only the token's host origin frame the embedded dashboard, and hands on its language", async () => {
    expect(await answer('/embed/dashboard?token=cpe_active_token_0001')).toEqual({
      frameAncestors: 'https://intranet.example.com',
      xFrameOptions: null,
      embedLocale: 'zh-TW',
    });
    expect(lookups).toEqual(['cpe_active_token_0001']);
  });

  it('refuses every framing for an unknown, missing, doubled or failing token', async () => {
    for (const path of [
      '/embed/dashboard?token=cpe_unknown_token_01',
      '/embed/dashboard',
      '/embed/dashboard?token=',
      '/embed/dashboard?token=cpe_active_token_0001&token=cpe_active_token_0001',
      '/embed/dashboard?token=cpe_database_down_01',
    ]) {
      expect(await answer(path), path).toEqual({ frameAncestors: "'none'", xFrameOptions: 'DENY', embedLocale: null });
    }
  });

  it('keeps refusing framing on every other path, whatever token it carries, without looking it up', async () => {
    for (const path of [
      '/dashboard?token=cpe_active_token_0001',
      '/signin?token=cpe_active_token_0001',
      '/embed/dashboard/other?token=cpe_active_token_0001',
      '/embed/dashboardx?token=cpe_active_token_0001',
      '/api/v1/notices?token=cpe_active_token_0001',
      '/settings/embed?token=cpe_active_token_0001',
    ]) {
      const result = await answer(path, { cookie: 'next-auth.session-token=x' });
      expect(result.frameAncestors, path).toBe("'none'");
      expect(result.xFrameOptions, path).toBe('DENY');
    }
    expect(lookups).toEqual([]);
  });

  it('drops a language header the client sent itself', async () => {
    for (const path of ['/signin', '/embed/dashboard?token=cpe_unknown_token_01']) {
      expect((await answer(path, { 'x-portal-embed-locale': 'zh-TW' })).embedLocale, path).toBeNull();
    }
    expect((await answer('/embed/dashboard?token=cpe_active_token_0001', { 'x-portal-embed-locale': 'en' })).embedLocale).toBe('zh-TW');
  });
});
