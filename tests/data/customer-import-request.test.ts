// The import's route handler reads an upload only up to its limit, also when the client declares
// no Content-Length (a chunked body): a larger body is refused with 413 as soon as it passes the
// limit, without being read to its end; a chunked body under the limit is previewed as usual.
// The handler runs as it is, against the real database; only the session (Next's cookies, which
// exist only inside a request) is given by the test.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleImportRequest } from '@/lib/server/customer-import';
import { IMPORT_MAX_BYTES } from '@/lib/domain/customer-import/fields';
import { openSession } from '../../lib/server/data/sessions';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';

const session = vi.hoisted(() => ({ claims: null as { uid: string; sv: number; sid: string } | null }));
vi.mock('@/lib/server/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/server/session')>()),
  readSession: async () => session.claims,
}));

const ORIGIN = 'http://portal.test';
const BOUNDARY = '----portal-test-boundary';
const encoder = new TextEncoder();

/**
 * A multipart upload of `kind` and a file, as a stream (without Content-Length unless `headers`
 * give one): the file's bytes come from `fileChunks` one chunk a pull, and `stats` counts what the
 * server pulled.
 */
function chunkedUpload(kind: string, fileName: string, fileChunks: () => Iterable<Uint8Array>, headers: Record<string, string> = {}) {
  const head = encoder.encode(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${BOUNDARY}--\r\n`);
  const parts = (function* () {
    yield head;
    yield* fileChunks();
    yield tail;
  })();
  const stats = { pulled: 0, ended: false, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = parts.next();
        if (next.done) {
          stats.ended = true;
          controller.close();
          return;
        }
        stats.pulled += next.value.byteLength;
        controller.enqueue(next.value);
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    // Nothing is pulled before the server reads it.
    { highWaterMark: 0 },
  );
  const request = new Request(`${ORIGIN}/customers/import/preview`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, origin: ORIGIN, 'x-forwarded-host': 'portal.test', ...headers },
  } as RequestInit & { duplex: 'half' });
  return { request, stats };
}

/** `total` bytes of `a`, 64 KiB a chunk. */
function* filler(total: number): Iterable<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  for (let sent = 0; sent < total; sent += chunk.byteLength) yield chunk.subarray(0, Math.min(chunk.byteLength, total - sent));
}

/** `bytes` in pieces of `size`. */
function* pieces(bytes: Uint8Array, size: number): Iterable<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.slice(at, at + size);
}

describe('import requests are read only up to the limit', () => {
  let p: TestPartner;
  beforeAll(async () => {
    p = await createTestPartner();
    const user = await testDb().user.findUniqueOrThrow({ where: { id: p.admin.userId }, select: { sessionVersion: true } });
    // An admin has two-step sign-in set up (else the guard holds the session at its enrolment).
    await testDb().userTwoStep.create({ data: { userId: p.admin.userId, secret: 'unused', enabledAt: new Date() } });
    const sid = await openSession({ userId: p.admin.userId, method: 'PASSWORD_AND_CODE', address: '192.0.2.1' });
    session.claims = { uid: p.admin.userId, sv: user.sessionVersion, sid };
  });
  afterAll(async () => {
    session.claims = null;
    await p?.cleanup();
  });

  it('refuses a body over the limit with 413 as soon as it passes the limit, without reading the rest', async () => {
    const { request, stats } = chunkedUpload('customers', 'huge.csv', () => filler(50 * 1024 * 1024));
    expect(request.headers.get('content-length')).toBeNull();
    const response = await handleImportRequest(request, 'preview');
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, code: 'fileTooLarge', limit: IMPORT_MAX_BYTES });
    // Read up to the limit and its multipart allowance (64 KiB), and at most one chunk (64 KiB) past them.
    expect(stats.pulled).toBeGreaterThan(IMPORT_MAX_BYTES + 64 * 1024);
    expect(stats.pulled).toBeLessThanOrEqual(IMPORT_MAX_BYTES + 2 * 64 * 1024);
    expect(stats.ended).toBe(false);
    expect(stats.cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the limit before reading anything', async () => {
    const { request, stats } = chunkedUpload('customers', 'huge.csv', () => filler(1024), {
      'content-length': String(IMPORT_MAX_BYTES + 64 * 1024 + 1),
    });
    const response = await handleImportRequest(request, 'preview');
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, code: 'fileTooLarge', limit: IMPORT_MAX_BYTES });
    expect(stats.pulled).toBe(0);
  });

  it('previews a body under the limit as usual', async () => {
    const suffix = randomUUID().slice(0, 8);
    const csv = [
      'Microsoft ID,Company name,Primary domain name,Relationship',
      `${randomUUID()},Chunked One ${suffix},one-${suffix}.example,Reseller`,
      `${randomUUID()},Chunked Two ${suffix},two-${suffix}.example,Advisor`,
    ].join('\r\n');
    const { request, stats } = chunkedUpload('customers', 'customers.csv', () => pieces(encoder.encode(csv), 7));
    const response = await handleImportRequest(request, 'preview');
    expect(stats.ended).toBe(true);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      ok: true,
      mode: 'preview',
      preview: { kind: 'customers', fileName: 'customers.csv', rowCount: 2, issueCount: 0, counts: { create: 2, update: 0, unchanged: 0 } },
    });
    expect(body.preview.entries.map((entry: { label: string }) => entry.label)).toEqual([`Chunked One ${suffix}`, `Chunked Two ${suffix}`]);
    expect(body.preview.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // A preview writes nothing.
    expect(await testDb().customer.count({ where: { partnerId: p.partnerId } })).toBe(0);
  });
});
