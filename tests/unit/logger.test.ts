import { describe, expect, it } from 'vitest';
import { createLogger, logRequestError, pathOf, takeLoggedRequest } from '@/lib/runtime/logger';

function captured(level: Parameters<typeof createLogger>[0]) {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: createLogger(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

describe('createLogger', () => {
  it('writes one JSON object per event, the level as a word, from the level given', () => {
    const { lines, logger } = captured('warn');
    logger.info('not written');
    logger.warn({ deliveryId: 'd1' }, 'written');
    logger.error(new Error('boom'), 'also written');
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'written'],
      ['error', 'also written'],
    ]);
    expect(lines[0]).toMatchObject({ deliveryId: 'd1', pid: process.pid });
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
    expect(lines[1]!.err).toMatchObject({ type: 'Error', message: 'boom' });
  });

  it('writes nothing when silent', () => {
    const { lines, logger } = captured('silent');
    logger.fatal('nothing');
    expect(lines).toEqual([]);
  });
});

describe('logRequestError and takeLoggedRequest', () => {
  it('logs the error with its request id once, and tells the launcher so once', () => {
    const { lines, logger } = captured('info');
    const error = Object.assign(new Error('relation "Customer" does not exist'), { digest: '123' });
    logRequestError(error, { requestId: 'req-1', method: 'GET', path: '/customers' }, 'page failed', logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'page failed', requestId: 'req-1', method: 'GET', path: '/customers' });
    expect(lines[0]!.err).toMatchObject({ message: 'relation "Customer" does not exist', digest: '123' });
    expect(takeLoggedRequest('req-1')).toBe(true);
    expect(takeLoggedRequest('req-1')).toBe(false);
    expect(takeLoggedRequest('req-never-logged')).toBe(false);
  });

  it('logs an error reported again for the same request (same digest) once, another error of it too', () => {
    const { lines, logger } = captured('info');
    const error = Object.assign(new Error('connect ECONNREFUSED'), { digest: '42' });
    logRequestError(error, { requestId: 'req-2', digest: '42' }, 'page failed', logger);
    logRequestError(error, { requestId: 'req-2', digest: '42' }, 'page failed', logger);
    logRequestError(new Error('other'), { requestId: 'req-2', digest: '43' }, 'page failed', logger);
    logRequestError(error, { requestId: 'req-3', digest: '42' }, 'page failed', logger);
    expect(lines.map((line) => [line.requestId, line.digest])).toEqual([
      ['req-2', '42'],
      ['req-2', '43'],
      ['req-3', '42'],
    ]);
    expect(takeLoggedRequest('req-2')).toBe(true);
    expect(takeLoggedRequest('req-3')).toBe(true);
  });

  it('keeps a bounded number of ids', () => {
    const { logger } = captured('silent');
    for (let i = 0; i < 1500; i++) logRequestError(new Error('x'), { requestId: `bulk-${i}` }, 'x', logger);
    expect(takeLoggedRequest('bulk-0')).toBe(false);
    expect(takeLoggedRequest('bulk-1499')).toBe(true);
  });
});

describe('pathOf', () => {
  it('drops the query and fragment, which may carry a secret', () => {
    expect(pathOf('/embed/dashboard?token=cpe_secret')).toBe('/embed/dashboard');
    expect(pathOf('/customers/abc#x')).toBe('/customers/abc');
    expect(pathOf('/customers')).toBe('/customers');
  });
});
