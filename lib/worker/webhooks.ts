// The webhook sender, driven by the delivery worker's rounds (Dispatcher.tick): claims due webhook
// deliveries (FOR UPDATE SKIP LOCKED, with a lease), signs each with its endpoint's secret by the
// Standard Webhooks scheme (the `standardwebhooks` library: webhook-id, webhook-timestamp,
// webhook-signature), POSTs it with a time limit to an address the network rule allows
// (lib/server/webhook-network.ts: checked again at send time, redirects never followed), and
// records the status, the response code and the next attempt (lib/domain/webhooks.ts). An endpoint
// that keeps failing is disabled and the partner's admins are told by mail, in their language.
//
// Imports lib/server: run it from a process that resolves `server-only` (lib/worker/server-only.ts).
import { Webhook } from 'standardwebhooks';
import { createTranslator } from '../i18n/translate';
import {
  WEBHOOK_DISABLE_POLICY,
  WEBHOOK_RETRY_POLICY,
  afterWebhookAttempt,
  webhookMessageId,
  type DisablePolicy,
  type WebhookAttemptResult,
} from '../domain/webhooks';
import type { RetryPolicy } from '../domain/notice-lifecycle';
import type { PrismaClient } from '../runtime/prisma';
import { decryptSecret } from '../server/crypto';
import {
  claimDueWebhooks,
  listPartnerAdmins,
  recordWebhookResults,
  releaseWebhookClaims,
  type ClaimedWebhook,
  type DisabledEndpoint,
  type WebhookResult,
} from '../server/data/webhook-worker';
import type { MailTransport } from '../server/mail/transport';
import { postWebhook, type WebhookPostResult } from '../server/webhook-network';
import type { WorkerLogger } from './dispatcher';

export type WebhookSenderOptions = {
  /** Deliveries claimed per statement, and recorded per transaction. */
  batchSize: number;
  /** Requests in flight at once. */
  concurrency: number;
  leaseMs: number;
  /** A receiver that has not answered after this long has failed the attempt (TIMEOUT). */
  timeoutMs: number;
  retryPolicy: RetryPolicy;
  disablePolicy: DisablePolicy;
  /** WEBHOOKS_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  /** The From address of the mail to the admins (MAIL_FROM) and the Message-ID domain. */
  fromAddress: string;
  messageIdHost: string;
  now: () => Date;
  random: () => number;
  logger: WorkerLogger;
};

export const WEBHOOK_SENDER_DEFAULTS = {
  batchSize: 50,
  concurrency: 8,
  leaseMs: 2 * 60_000,
  timeoutMs: 10_000,
  retryPolicy: WEBHOOK_RETRY_POLICY,
  disablePolicy: WEBHOOK_DISABLE_POLICY,
} as const;

export type WebhookStats = { claimed: number; sent: number; retried: number; failed: number; disabled: number };

const USER_AGENT = 'CSP-Communications-Portal-Webhooks/1';

/** The Standard Webhooks headers and body of one claimed delivery, signed with its endpoint's secret. */
export function signedRequest(claim: Pick<ClaimedWebhook, 'eventId' | 'payload'>, signer: Webhook, at: Date): Record<string, string> {
  const id = webhookMessageId(claim.eventId);
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signer.sign(id, at, claim.payload),
  };
}

export class WebhookSender {
  readonly options: WebhookSenderOptions;
  private stopping = false;
  readonly totals: WebhookStats = { claimed: 0, sent: 0, retried: 0, failed: 0, disabled: 0 };

  constructor(
    private readonly db: PrismaClient,
    private readonly mail: MailTransport,
    options: Partial<WebhookSenderOptions> & Pick<WebhookSenderOptions, 'fromAddress' | 'messageIdHost' | 'allowPrivate' | 'logger'>,
  ) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    this.options = { ...WEBHOOK_SENDER_DEFAULTS, now: () => new Date(), random: Math.random, ...given } as WebhookSenderOptions;
  }

  stop(): void {
    this.stopping = true;
  }

  /** Sends every due webhook, a batch at a time; returns when nothing is due (or the worker stops). */
  async drain(): Promise<WebhookStats> {
    const o = this.options;
    const stats: WebhookStats = { claimed: 0, sent: 0, retried: 0, failed: 0, disabled: 0 };
    const signers = new Map<string, Webhook | null>();
    while (!this.stopping) {
      const batch = await claimDueWebhooks(this.db, o.now(), { limit: o.batchSize, leaseMs: o.leaseMs });
      if (batch.length === 0) break;
      stats.claimed += batch.length;
      const results: WebhookResult[] = [];
      const queue = [...batch];
      const lane = async () => {
        for (let claim = queue.shift(); claim; claim = queue.shift()) results.push(await this.sendOne(claim, signers));
      };
      await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, lane));
      for (const { outcome } of results) {
        if (outcome.status === 'SENT') stats.sent += 1;
        else if (outcome.status === 'QUEUED') stats.retried += 1;
        else stats.failed += 1;
      }
      const disabled = await recordWebhookResults(this.db, results, o.now(), o.disablePolicy);
      stats.disabled += disabled.length;
      for (const endpoint of disabled) {
        o.logger.warn(
          { endpointId: endpoint.id, partnerId: endpoint.partnerId, failures: endpoint.consecutiveFailures },
          'webhook endpoint disabled',
        );
        await this.tellAdmins(endpoint).catch((error: unknown) =>
          o.logger.error({ err: error, endpointId: endpoint.id }, 'the mail about a disabled webhook endpoint could not be sent'),
        );
      }
      if (this.stopping) {
        await releaseWebhookClaims(this.db, queue, o.now());
        break;
      }
    }
    for (const key of Object.keys(stats) as (keyof WebhookStats)[]) this.totals[key] += stats[key];
    return stats;
  }

  private async sendOne(claim: ClaimedWebhook, signers: Map<string, Webhook | null>): Promise<WebhookResult> {
    const o = this.options;
    const started = o.now();
    let signer = signers.get(claim.endpointId);
    if (signer === undefined) {
      try {
        signer = new Webhook(decryptSecret(claim.secretEncrypted, 'webhook'));
      } catch (error) {
        o.logger.error({ err: error, endpointId: claim.endpointId }, 'a webhook secret could not be read');
        signer = null;
      }
      signers.set(claim.endpointId, signer);
    }
    let result: WebhookPostResult;
    if (!signer) result = { kind: 'error', code: 'SECRET_UNREADABLE' };
    else {
      result = await postWebhook({
        url: claim.url,
        body: claim.payload,
        headers: signedRequest(claim, signer, started),
        timeoutMs: o.timeoutMs,
        allowPrivate: o.allowPrivate,
      });
    }
    const at = o.now();
    const attempt: WebhookAttemptResult =
      result.kind === 'response' ? { kind: 'response', status: result.status } : { kind: 'error', code: result.code };
    const outcome = afterWebhookAttempt(claim.attempts, attempt, at, o.retryPolicy, o.random());
    if (outcome.status !== 'SENT') {
      // The receiver's own words (or the system's) go to the log only; the delivery log keeps the code.
      o.logger.warn(
        {
          webhookDeliveryId: claim.id,
          endpointId: claim.endpointId,
          attempt: claim.attempts,
          status: outcome.responseStatus,
          code: outcome.error,
          error: result.detail,
        },
        'webhook attempt failed',
      );
    }
    return { claim, outcome, at };
  }

  /** One mail per active admin of the partner, in the admin's language. */
  private async tellAdmins(endpoint: DisabledEndpoint): Promise<void> {
    const o = this.options;
    const { partnerName, admins } = await listPartnerAdmins(this.db, endpoint.partnerId);
    const at = o.now();
    for (const admin of admins) {
      const t = createTranslator(admin.locale);
      const values = { url: endpoint.url, partner: partnerName, failures: endpoint.consecutiveFailures };
      const subject = t('webhooks.disabledMail.subject', values);
      const lines = [
        t('webhooks.disabledMail.greeting', { name: admin.name }),
        t('webhooks.disabledMail.body', values),
        t('webhooks.disabledMail.action'),
      ];
      const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      await this.mail.send({
        from: { name: t('webhooks.disabledMail.from'), address: o.fromAddress },
        replyTo: null,
        to: { name: admin.name, address: admin.email },
        subject,
        text: `${lines.join('\n\n')}\n`,
        html: lines.map((line) => `<p>${escape(line)}</p>`).join('\n'),
        messageId: `<webhook-disabled.${endpoint.id}.${at.getTime()}.${admin.email.replace(/[^A-Za-z0-9]/g, '_')}@${o.messageIdHost}>`,
        language: admin.locale,
        date: at,
      });
    }
  }
}
