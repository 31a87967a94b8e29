// Starts the delivery worker in this process: its own database pool, the configured mail
// transport (SMTP_URL, else .eml files under DATA_DIR/mail) and the dispatcher loop. Used by
// `npm run worker` (scripts/worker.ts) and by `npm start` (scripts/start.ts, unless WORKER=off).
// Imports lib/server: call allowServerOnlyImports() (./server-only.ts) before importing this.
import { readConfig } from '../runtime/config';
import { logger } from '../runtime/logger';
import { createPrismaClient } from '../runtime/prisma';
import { createMailTransport, type SmtpOptions } from '../server/mail/transport';
import { Dispatcher, type DispatcherOptions } from './dispatcher';
import { WebhookSender, type WebhookSenderOptions } from './webhooks';

export type WorkerHandle = { dispatcher: Dispatcher; stop: () => Promise<void> };

export type WorkerSettings = Partial<Omit<DispatcherOptions, 'fromAddress' | 'messageIdHost' | 'webhooks'>> & {
  /** The webhook sender's settings (lib/worker/webhooks.ts); the network rule comes from WEBHOOKS_ALLOW_PRIVATE. */
  webhooks?: Partial<Omit<WebhookSenderOptions, 'fromAddress' | 'messageIdHost' | 'allowPrivate'>>;
  databaseUrl: string;
  /** Database connections of the worker's own pool. */
  poolSize?: number;
  smtp?: SmtpOptions;
  /** Start the loop now (default); false: the caller runs dispatcher.tick() itself. */
  autoStart?: boolean;
};

export function startWorker(settings: WorkerSettings): WorkerHandle {
  const config = readConfig();
  const db = createPrismaClient(settings.databaseUrl, { max: settings.poolSize ?? 4 });
  const concurrency = settings.concurrency ?? 4;
  const transport = createMailTransport(
    { smtpUrl: config.smtpUrl, dataDir: config.dataDir },
    { maxConnections: concurrency, ...settings.smtp },
  );
  const { databaseUrl: _url, poolSize: _pool, smtp: _smtp, autoStart = true, webhooks: webhookSettings, ...options } = settings;
  const workerLogger = options.logger ?? logger.child({ component: 'worker' });
  const fromAddress = config.mailFrom;
  const messageIdHost = config.mailFrom.split('@')[1] ?? 'localhost';
  const webhooks = new WebhookSender(db, transport, {
    now: options.now,
    random: options.random,
    ...webhookSettings,
    logger: webhookSettings?.logger ?? workerLogger,
    allowPrivate: config.webhooksAllowPrivate,
    fromAddress,
    messageIdHost,
  });
  const dispatcher = new Dispatcher(db, transport, { ...options, logger: workerLogger, concurrency, fromAddress, messageIdHost, webhooks });
  if (autoStart) dispatcher.start();
  let stopping: Promise<void> | undefined;
  return {
    dispatcher,
    stop: () =>
      (stopping ??= (async () => {
        await dispatcher.stop();
        await transport.close();
        await db.$disconnect();
      })()),
  };
}
