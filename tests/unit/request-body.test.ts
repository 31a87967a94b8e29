import { describe, expect, it } from 'vitest';
import { readBodyUpTo } from '@/lib/server/request-body';

const KIB = 1024;

/** A POST whose body streams `total` bytes in chunks of `chunk` without Content-Length; `stats` counts what was pulled. */
function streamed(total: number, chunk: number, headers: Record<string, string> = {}) {
  const stats = { pulled: 0, ended: false, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.pulled >= total) {
          stats.ended = true;
          controller.close();
          return;
        }
        const size = Math.min(chunk, total - stats.pulled);
        controller.enqueue(new Uint8Array(size).map((_, i) => (stats.pulled + i) % 251));
        stats.pulled += size;
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    // Nothing is pulled before it is read.
    { highWaterMark: 0 },
  );
  const request = new Request('http://portal.test/upload', { method: 'POST', body, headers, duplex: 'half' } as RequestInit & {
    duplex: 'half';
  });
  return { request, stats };
}

describe('readBodyUpTo', () => {
  it('stops reading a chunked body as soon as it passes the limit, and cancels the rest', async () => {
    const { request, stats } = streamed(50 * KIB * KIB, 16 * KIB);
    expect(request.headers.get('content-length')).toBeNull();
    expect(await readBodyUpTo(request, 100 * KIB)).toBeNull();
    expect(stats.pulled).toBeGreaterThan(100 * KIB);
    expect(stats.pulled).toBeLessThanOrEqual(100 * KIB + 16 * KIB);
    expect(stats.cancelled).toBe(true);
    expect(stats.ended).toBe(false);
  });

  it('returns a chunked body under or at the limit whole, in order', async () => {
    const { request, stats } = streamed(100 * KIB, 7 * KIB);
    const bytes = await readBodyUpTo(request, 100 * KIB);
    expect(stats.ended).toBe(true);
    expect(bytes?.byteLength).toBe(100 * KIB);
    expect(bytes?.every((byte, i) => byte === i % 251)).toBe(true);
    expect(await readBodyUpTo(streamed(100 * KIB + 1, 7 * KIB).request, 100 * KIB)).toBeNull();
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const { request, stats } = streamed(10, 10, { 'content-length': String(100 * KIB + 1) });
    expect(await readBodyUpTo(request, 100 * KIB)).toBeNull();
    expect(stats.pulled).toBe(0);
  });

  it('reads an absent body as empty', async () => {
    expect(await readBodyUpTo(new Request('http://portal.test/upload', { method: 'POST' }), 10)).toEqual(new Uint8Array(0));
  });
});
