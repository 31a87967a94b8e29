// A delivery worker for the integration tests: small batches, a fast poll, the test's own clock.
import type { PrismaClient } from '../../../lib/runtime/prisma';
import type { MailTransport } from '../../../lib/server/mail/transport';
import { Dispatcher, type DispatcherOptions } from '../../../lib/worker/dispatcher';
import { DEFAULT_RETRY_POLICY } from '../../../lib/domain/notice-lifecycle';

export function testDispatcher(db: PrismaClient, transport: MailTransport, options: Partial<DispatcherOptions> = {}): Dispatcher {
  return new Dispatcher(db, transport, {
    fromAddress: 'notices@portal.example',
    messageIdHost: 'portal.example',
    batchSize: 10,
    concurrency: 2,
    leaseMs: 30_000,
    pollMs: 50,
    reminderIntervalMs: 3_600_000,
    retryPolicy: DEFAULT_RETRY_POLICY,
    ...options,
  });
}
