// The delivery worker's loop: moves due scheduled notices to SENDING, claims due deliveries in
// small batches (FOR UPDATE SKIP LOCKED, so any number of workers can run side by side), renders
// each in its recipient's language with the one renderer (renderNotice), sends it through the mail
// transport, records the outcome (SENT; a temporary failure → QUEUED again after the domain's
// backoff; a permanent one or the last attempt → FAILED), rolls notices up when every delivery is
// final, evaluates the renewal-reminder rules periodically, the automatic service-update rules for
// each communication created or changed (every round: the outbox the import and the Microsoft
// connector's sync fill), sends the due webhooks (lib/worker/webhooks.ts) and deletes expired
// sign-in attempts. Its loop is lib/worker/rounds.ts, as the connector's is. A message about a Microsoft communication follows up its recipient's first
// message about it (In-Reply-To, References: lib/server/data/notice-threads.ts).
//
// Crash safety: see lib/server/data/delivery-worker.ts. Claims carry a lease; a claimed delivery that
// this worker will not start sending before its lease runs out is given back, never sent late, so
// two workers never send the same delivery at once. A worker killed at any point loses nothing;
// the messages it had handed to the relay without recording them are sent again (same
// Message-ID) once their lease ends.
//
// This module imports lib/server (which starts with `import 'server-only'`): run it from a process
// that resolves `server-only` with the react-server condition (see ./server-only.ts).
import type { Logger } from 'pino';
import { deliveryErrorOf } from '../domain/delivery-errors';
import { DEFAULT_RETRY_POLICY, afterFailedAttempt, type RetryPolicy, type SmtpFailureInput } from '../domain/notice-lifecycle';
import { renderNotice, type RenderedNotice } from '../domain/notice-template';
import type { Locale } from '../i18n/locales';
import type { PrismaClient } from '../runtime/prisma';
import {
  claimDueDeliveries,
  customerContextKey,
  findUnsettledNotices,
  loadMessageContexts,
  promoteDueNotices,
  recordDeliveryResults,
  releaseClaims,
  settleNotices,
  type ClaimedDelivery,
  type CustomerMessageContext,
  type DeliveryOutcome,
  type DeliveryResult,
  type NoticeKey,
  type NoticeMessageContext,
} from '../server/data/delivery-worker';
import { templateContextOf } from '../server/data/notice-content';
import { loadThreads } from '../server/data/notice-threads';
import type { MessageThread } from '../server/mail/mime';
import { evaluateReminderRules } from '../server/data/reminder-rules';
import { evaluateServiceUpdateRules } from '../server/data/service-update-evaluation';
import { pruneSignInAttempts } from '../server/data/sign-in';
import { attemptsExpireBefore } from '../domain/throttle';
import type { MailTransport } from '../server/mail/transport';
import { Rounds } from './rounds';
import type { WebhookSender } from './webhooks';

export type DispatcherOptions = {
  /** Deliveries claimed per statement. */
  batchSize: number;
  /** Messages being sent at once (SMTP connections). */
  concurrency: number;
  /** How long a claim holds; a killed worker's claims are due again after it. */
  leaseMs: number;
  /**
   * A claim is given back instead of sent when less than this is left of its lease (at most half
   * the lease). Keep it above sendTimeoutMs: then no send can outlast its lease, and no other
   * worker can claim a delivery that is still being sent.
   */
  leaseMarginMs: number;
  /** Wait between polls when nothing is due. */
  pollMs: number;
  /** A send that has not finished after this long counts as a timeout (a temporary failure). */
  sendTimeoutMs: number;
  /** Outcomes recorded per statement at most, and how long the first of a group may wait for others. */
  recordGroupSize: number;
  recordDelayMs: number;
  /** How often the renewal-reminder rules are evaluated (at least hourly). */
  reminderIntervalMs: number;
  /** How often sign-in attempts past their retention are deleted (in batches; a backlog goes on the next rounds). */
  pruneIntervalMs: number;
  /** Rows deleted per statement, and statements per round at most. */
  pruneBatchSize: number;
  pruneBatchesPerRound: number;
  /** How often SENDING notices without any queued delivery are settled (a safety net). */
  sweepIntervalMs: number;
  retryPolicy: RetryPolicy;
  /** The From address (MAIL_FROM) and the Message-ID domain. */
  fromAddress: string;
  messageIdHost: string;
  now: () => Date;
  /** 0 ≤ x < 1, for the backoff's jitter. */
  random: () => number;
  /** Where the worker tells what it did and what failed (lib/runtime/logger.ts; silent by default). */
  logger: WorkerLogger;
  /** The webhook sender, drained after the notices every round (lib/worker/webhooks.ts); none by default. */
  webhooks: WebhookSender | null;
};

/** The part of pino's logger the worker uses. */
export type WorkerLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

const SILENT: WorkerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export const DISPATCHER_DEFAULTS: Omit<DispatcherOptions, 'fromAddress' | 'messageIdHost'> = {
  batchSize: 25,
  concurrency: 4,
  leaseMs: 5 * 60_000,
  leaseMarginMs: 130_000,
  pollMs: 2_000,
  sendTimeoutMs: 120_000,
  recordGroupSize: 100,
  recordDelayMs: 100,
  reminderIntervalMs: 15 * 60_000,
  pruneIntervalMs: 60 * 60_000,
  pruneBatchSize: 5_000,
  pruneBatchesPerRound: 20,
  sweepIntervalMs: 30_000,
  retryPolicy: DEFAULT_RETRY_POLICY,
  now: () => new Date(),
  random: Math.random,
  logger: SILENT,
  webhooks: null,
};

/** Rendered messages kept per round (see render). */
const RENDER_CACHE_SIZE = 500;

/** A round's notice deliveries, and `webhooks`: the webhook deliveries claimed. */
export type DrainStats = {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  released: number;
  settled: number;
  webhooks: number;
};

const emptyStats = (): DrainStats => ({ claimed: 0, sent: 0, retried: 0, failed: 0, released: 0, settled: 0, webhooks: 0 });

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { response?: unknown; message?: unknown; code?: unknown };
    if (typeof e.response === 'string' && e.response.trim() !== '') return e.response.trim();
    const message = typeof e.message === 'string' ? e.message : String(error);
    return typeof e.code === 'string' && !message.includes(e.code) ? `${e.code}: ${message}` : message;
  }
  return String(error);
}

/** The promise, or a TIMEOUT error after `ms` (the work itself is not cancelled). */
function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`No answer from the mail transport within ${ms} ms`), { code: 'ETIMEDOUT' })),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Dispatcher {
  readonly options: DispatcherOptions;
  private readonly rounds = new Rounds(
    async () => {
      const stats = await this.tick();
      return stats.claimed > 0 || stats.webhooks > 0;
    },
    () => this.options.pollMs,
    (error) => this.options.logger.error({ err: error }, 'delivery round failed'),
  );
  private lastReminders = Number.NEGATIVE_INFINITY;
  private lastPrune = Number.NEGATIVE_INFINITY;
  private lastSweep = Number.NEGATIVE_INFINITY;
  /** Totals since the dispatcher was made. */
  readonly totals: DrainStats = emptyStats();

  constructor(
    private readonly db: PrismaClient,
    private readonly transport: MailTransport,
    options: Partial<DispatcherOptions> & Pick<DispatcherOptions, 'fromAddress' | 'messageIdHost'>,
  ) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { ...DISPATCHER_DEFAULTS, ...given } as DispatcherOptions;
  }

  /**
   * One round: reminders and the pruning of sign-in attempts (when due), due scheduled notices,
   * every due delivery, the settle sweep (when due).
   */
  async tick(): Promise<DrainStats> {
    const now = this.options.now();
    if (now.getTime() - this.lastReminders >= this.options.reminderIntervalMs) {
      this.lastReminders = now.getTime();
      try {
        const evaluation = await evaluateReminderRules(this.db, now, { messageIdHost: this.options.messageIdHost });
        if (evaluation.scheduled + evaluation.drafts > 0) {
          this.options.logger.info(
            { scheduled: evaluation.scheduled, drafts: evaluation.drafts, skipped: evaluation.skipped },
            'reminder rules: notices scheduled and drafted',
          );
        }
      } catch (error) {
        this.options.logger.error({ err: error }, 'reminder rules failed');
      }
    }
    if (now.getTime() - this.lastPrune >= this.options.pruneIntervalMs) {
      try {
        // A bounded number of batches per round, so that a large backlog never holds up the
        // deliveries: what is left goes on the next rounds, and only then the interval starts.
        const pruned = await pruneSignInAttempts(this.db, attemptsExpireBefore(now), {
          batchSize: this.options.pruneBatchSize,
          maxBatches: this.options.pruneBatchesPerRound,
        });
        if (pruned.done) this.lastPrune = now.getTime();
        if (pruned.deleted > 0) this.options.logger.info({ deleted: pruned.deleted }, 'deleted expired sign-in attempts');
      } catch (error) {
        this.lastPrune = now.getTime();
        this.options.logger.error({ err: error }, 'deleting expired sign-in attempts failed');
      }
    }
    try {
      // Communications created or changed since the last round: the automatic service-update rules.
      const evaluation = await evaluateServiceUpdateRules(this.db, now, { messageIdHost: this.options.messageIdHost });
      if (evaluation.drafts + evaluation.sending > 0) {
        this.options.logger.info(
          { changes: evaluation.changes, drafts: evaluation.drafts, sending: evaluation.sending, skipped: evaluation.skipped },
          'service-update rules: notices drafted and sent',
        );
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'service-update rules failed');
    }
    const promoted = await promoteDueNotices(this.db, now, { messageIdHost: this.options.messageIdHost });
    const sending = promoted.filter((notice) => notice.status === 'SENDING').map((notice) => notice.id);
    const drafted = promoted.filter((notice) => notice.status === 'DRAFT').map((notice) => notice.id);
    if (sending.length > 0) this.options.logger.info({ notices: sending }, 'scheduled notices due: sending');
    if (drafted.length > 0)
      this.options.logger.warn({ notices: drafted }, 'scheduled notices due but no longer passing their checks: returned to draft');
    const stats = await this.drain();
    if (this.options.now().getTime() - this.lastSweep >= this.options.sweepIntervalMs) {
      this.lastSweep = this.options.now().getTime();
      const settled = await settleNotices(this.db, await findUnsettledNotices(this.db), this.options.now());
      stats.settled += settled.length;
      this.totals.settled += settled.length;
    }
    // Webhooks last: the events this round's settled notices and failed deliveries wrote go out now.
    if (this.options.webhooks && !this.rounds.stopping) {
      try {
        stats.webhooks = (await this.options.webhooks.drain()).claimed;
        this.totals.webhooks += stats.webhooks;
      } catch (error) {
        this.options.logger.error({ err: error }, 'webhook round failed');
      }
    }
    return stats;
  }

  /**
   * Sends every due delivery: claims batches ahead of the senders (so that sending never waits
   * for the database), keeps `concurrency` messages in flight, records outcomes in groups as they
   * come, and settles the notices concerned. Returns when nothing is due (or the worker stops).
   */
  async drain(): Promise<DrainStats> {
    const o = this.options;
    const stats = emptyStats();
    const queue: ClaimedDelivery[] = [];
    const notices = new Map<string, NoticeMessageContext>();
    const customers = new Map<string, CustomerMessageContext>();
    const rendered = new Map<string, RenderedNotice>();
    // Per claimed delivery: the earlier message it follows up (an update about a Microsoft communication).
    const threads = new Map<string, MessageThread>();
    const touched = new Map<string, NoticeKey>();
    let exhausted = false;
    let claiming: Promise<void> | null = null;
    let failure: unknown;

    const claim = (): Promise<void> => {
      if (claiming) return claiming;
      if (exhausted || this.rounds.stopping || failure !== undefined) return Promise.resolve();
      claiming = (async () => {
        const batch = await claimDueDeliveries(this.db, o.now(), { limit: o.batchSize, leaseMs: o.leaseMs });
        if (batch.length === 0) {
          exhausted = true;
          return;
        }
        stats.claimed += batch.length;
        const contexts = await loadMessageContexts(this.db, batch, {
          notices: new Set(notices.keys()),
          customers: new Set(customers.keys()),
        });
        for (const [id, context] of contexts.notices) notices.set(id, context);
        for (const [key, context] of contexts.customers) customers.set(key, context);
        for (const [id, thread] of await loadThreads(this.db, batch, notices)) threads.set(id, thread);
        queue.push(...batch);
      })()
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          claiming = null;
        });
      return claiming;
    };

    // Outcomes are recorded in groups: whatever has finished while the previous group was written.
    const pending: DeliveryResult[] = [];
    const toRelease: ClaimedDelivery[] = [];
    let writing: Promise<void> | null = null;
    /** Set when the senders are done: then every outcome left is written, group after group. */
    let finishing = false;
    let lastSettle = 0;
    const settle = async (force: boolean) => {
      if (touched.size === 0) return;
      if (!force && o.now().getTime() - lastSettle < 500) return;
      lastSettle = o.now().getTime();
      const keys = [...touched.values()];
      touched.clear();
      const settled = await settleNotices(this.db, keys, o.now());
      stats.settled += settled.length;
      for (const notice of settled) o.logger.info({ noticeId: notice.id, status: notice.status }, 'notice settled');
    };
    const flush = (): Promise<void> => {
      if (writing) return writing;
      if (pending.length === 0) return Promise.resolve();
      writing = (async () => {
        // A full group goes at once; a smaller one after the timer (scheduleFlush): writing
        // whatever finished during the previous write would make groups of a few messages, and
        // a statement per few messages costs the database more than the messages.
        for (let first = true; first || pending.length >= (finishing ? 1 : o.recordGroupSize); first = false) {
          const group = pending.splice(0, o.recordGroupSize);
          for (let attempt = 0; ; attempt += 1) {
            try {
              for (const key of await recordDeliveryResults(this.db, group, o.now())) touched.set(key.id, key);
              break;
            } catch (error) {
              // The database is briefly unreachable: keep the outcomes and try again (if this
              // process dies meanwhile, the leases expire and the messages go again).
              if (attempt >= 5) throw error;
              o.logger.warn({ err: error, outcomes: group.length }, 'recording outcomes failed, retrying');
              await sleep(200 * 2 ** attempt);
            }
          }
          await settle(false);
        }
      })()
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          writing = null;
          if (pending.length > 0 && !finishing && failure === undefined) scheduleFlush();
        });
      return writing;
    };

    // Outcomes are written a group at a time: when a group is full, or shortly after the first
    // outcome of a group (a statement per message would cost more than the message).
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const scheduleFlush = () => {
      if (pending.length >= o.recordGroupSize) {
        if (flushTimer) clearTimeout(flushTimer);
        flushTimer = null;
        void flush();
      } else if (!flushTimer) {
        flushTimer = setTimeout(() => {
          flushTimer = null;
          void flush();
        }, o.recordDelayMs);
      }
    };

    const sendOne = async (delivery: ClaimedDelivery): Promise<void> => {
      const started = o.now();
      if (this.rounds.stopping || delivery.leaseUntil.getTime() - started.getTime() < Math.min(o.leaseMarginMs, o.leaseMs / 2)) {
        // Too late to start it safely: give it back, and claim no more this round (the claims
        // outrun the sending; the next round starts afresh).
        toRelease.push(delivery);
        exhausted = true;
        return;
      }
      let outcome: DeliveryOutcome;
      const notice = notices.get(delivery.noticeId);
      const customer = customers.get(customerContextKey(delivery.noticeId, delivery.customerId));
      if (!notice || !customer) {
        o.logger.warn(
          { deliveryId: delivery.id, noticeId: delivery.noticeId, code: 'RENDER_FAILED' },
          'the notice or its customer is no longer there',
        );
        outcome = { kind: 'FAILED', at: started, error: { code: 'RENDER_FAILED' }, reason: 'RENDER_FAILED', code: 'RENDER_FAILED' };
      } else {
        const message = this.render(notice, customer, delivery.customerId, delivery.language, rendered);
        const thread = threads.get(delivery.id) ?? null;
        threads.delete(delivery.id);
        try {
          const result = await withTimeout(
            o.sendTimeoutMs,
            this.transport.send({
              from: { name: notice.senderName, address: o.fromAddress },
              replyTo: notice.replyTo,
              to: { name: delivery.recipientName, address: delivery.recipientEmail },
              subject: message.subject,
              html: message.html,
              text: message.text,
              messageId: delivery.messageId,
              language: delivery.language,
              date: started,
              thread,
            }),
          );
          outcome = { kind: 'SENT', at: o.now(), response: result.response };
        } catch (error) {
          const at = o.now();
          const next = afterFailedAttempt(delivery.attempts, error as SmtpFailureInput, at, o.retryPolicy, o.random());
          const failure = deliveryErrorOf(error as SmtpFailureInput);
          // The server's own words may repeat the address, name hosts or give a file's path: the
          // log has them, the ledger, the API and the audit trail only the code (and reply numbers).
          o.logger.warn(
            { deliveryId: delivery.id, noticeId: delivery.noticeId, attempt: delivery.attempts, ...failure, error: errorText(error) },
            'delivery attempt failed',
          );
          const reason = next.failure.reason;
          outcome =
            next.status === 'QUEUED'
              ? { kind: 'RETRY', at, nextAttemptAt: next.nextAttemptAt, error: failure, reason }
              : { kind: 'FAILED', at, error: failure, reason, code: next.code };
        }
      }
      if (outcome.kind === 'SENT') stats.sent += 1;
      else if (outcome.kind === 'RETRY') stats.retried += 1;
      else stats.failed += 1;
      pending.push({ claim: delivery, outcome });
      scheduleFlush();
    };

    const lane = async () => {
      for (;;) {
        if (failure !== undefined) return;
        // Keep about one batch ahead of the senders, so that they never wait for a claim.
        if (queue.length < Math.max(o.batchSize, o.concurrency)) void claim();
        const next = queue.shift();
        if (next) {
          await sendOne(next);
          continue;
        }
        if (claiming) {
          await claiming;
          continue;
        }
        if (exhausted || this.rounds.stopping) return;
        await claim();
      }
    };

    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, lane));
    // Whatever is left (stopping, or a failure): give the claims back untouched.
    toRelease.push(...queue.splice(0, queue.length));
    if (flushTimer) clearTimeout(flushTimer);
    finishing = true;
    while (writing) await writing;
    await flush();
    while (writing) await writing;
    if (toRelease.length > 0) {
      stats.released += await releaseClaims(this.db, toRelease, o.now()).catch(() => 0);
    }
    await settle(true).catch((error: unknown) => {
      failure ??= error;
    });
    for (const key of Object.keys(stats) as (keyof DrainStats)[]) this.totals[key] += stats[key];
    if (failure !== undefined) throw failure;
    return stats;
  }

  private render(
    notice: NoticeMessageContext,
    customer: CustomerMessageContext,
    customerId: string,
    language: Locale,
    cache: Map<string, RenderedNotice>,
  ): RenderedNotice {
    // Every recipient of one customer in one language receives the same text. Kept for the
    // recipients claimed around the same time only: a notice to 10,000 customers would otherwise
    // hold 10,000 rendered messages until the round ends.
    const key = `${notice.noticeId}:${customerId}:${language}`;
    let message = cache.get(key);
    if (!message) {
      message = renderNotice(
        notice.content[language],
        templateContextOf(notice.partnerName, customer, customer.subscriptions, notice.communication),
        language,
      );
      if (cache.size >= RENDER_CACHE_SIZE) cache.clear();
      cache.set(key, message);
    }
    return message;
  }

  /** Runs rounds until stop(): right away again after a round that did work, else after pollMs. */
  start(): void {
    this.rounds.start();
  }

  /** Polls again now (e.g. after a notice was sent from this process). */
  wake(): void {
    this.rounds.wake();
  }

  /** Stops claiming, lets the messages in flight finish and be recorded, gives back the rest. */
  async stop(): Promise<void> {
    this.options.webhooks?.stop();
    await this.rounds.stop();
  }
}
