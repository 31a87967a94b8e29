// A delivery worker for the integration tests: small batches, a fast poll, the test's own clock.
import type { PrismaClient } from '../../../lib/runtime/prisma';
import type { MailTransport } from '../../../lib/server/mail/transport';
import { Dispatcher, type DispatcherOptions } from '../../../lib/worker/dispatcher';
import { testDb } from '../../support/factories';
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

/** A notice's status now. */
export const noticeStatusOf = async (noticeId: string) =>
  (await testDb().notice.findUniqueOrThrow({ where: { id: noticeId }, select: { status: true } })).status;

/** Runs the worker's rounds until the notice is no longer scheduled or sending (at most `limitMs`). */
export async function runUntilSettled(dispatcher: Dispatcher, noticeId: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (['SCHEDULED', 'SENDING'].includes(await noticeStatusOf(noticeId))) {
    if (Date.now() > deadline) throw new Error('the worker did not finish in time');
    await dispatcher.tick();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
