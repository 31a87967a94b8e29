// The delivery worker's periodic deletion of expired sign-in attempts: done in its rounds, in
// batches, a backlog continued on the next rounds, then not again before the interval. On the
// integration database (its files run one after the other, so no other test's rows are there).
import { createLogger } from '../../lib/runtime/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../lib/runtime/prisma';
import type { MailTransport } from '../../lib/server/mail/transport';
import { Dispatcher } from '../../lib/worker/dispatcher';
import { ATTEMPT_RETENTION_MS } from '../../lib/domain/throttle';

const MINUTE = 60_000;
let db: PrismaClient;

beforeAll(() => {
  db = createPrismaClient(inject('integrationDatabaseUrl'), { max: 2 });
});

afterAll(async () => {
  await db?.$disconnect();
});

const noMail: MailTransport = {
  kind: 'file',
  send: () => Promise.reject(new Error('no message is due in this test')),
  sendComposed: () => Promise.reject(new Error('no message is due in this test')),
  close: () => Promise.resolve(),
};

const count = (email: string) => db.signInAttempt.count({ where: { email } });

describe('the worker deletes expired sign-in attempts', () => {
  it('in batches, a backlog over the next rounds, then once per interval; never an attempt that has not expired', async () => {
    let now = new Date('2027-03-01T12:00:00.000Z');
    const expired = now.getTime() - ATTEMPT_RETENTION_MS;
    await db.signInAttempt.deleteMany({});
    await db.signInAttempt.createMany({
      data: [
        ...Array.from({ length: 12 }, (_, i) => ({
          email: 'old@example',
          address: 'a',
          success: false,
          createdAt: new Date(expired - 1_000 - i),
        })),
        { email: 'later@example', address: 'a', success: false, createdAt: new Date(expired + 30 * MINUTE) },
        { email: 'recent@example', address: 'a', success: true, createdAt: now },
      ],
    });
    const lines: string[] = [];
    const worker = new Dispatcher(db, noMail, {
      fromAddress: 'notices@portal.example',
      messageIdHost: 'portal.example',
      now: () => now,
      reminderIntervalMs: 24 * 60 * MINUTE,
      pruneBatchSize: 5,
      pruneBatchesPerRound: 1,
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });
    // 12 expired rows, one batch of 5 per round: three rounds in a row.
    const left: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await worker.tick();
      left.push(await count('old@example'));
      now = new Date(now.getTime() + 1_000);
    }
    expect(left).toEqual([7, 2, 0]);
    expect(lines.map((line) => JSON.parse(line) as { msg: string; deleted: number }).map((entry) => [entry.msg, entry.deleted])).toEqual([
      ['deleted expired sign-in attempts', 5],
      ['deleted expired sign-in attempts', 5],
      ['deleted expired sign-in attempts', 2],
    ]);
    expect(await count('later@example')).toBe(1);

    // Done: not again before the interval (an hour), though a row expires meanwhile.
    now = new Date(now.getTime() + 45 * MINUTE);
    await worker.tick();
    expect(await count('later@example')).toBe(1);
    now = new Date(now.getTime() + 16 * MINUTE);
    await worker.tick();
    expect(await count('later@example')).toBe(0);
    expect(await count('recent@example')).toBe(1);
  });
});
