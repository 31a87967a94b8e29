// Starts the worker in this process: the notice delivery dispatcher (its own database pool, the
// configured mail transport: SMTP_URL, else .eml files under DATA_DIR/mail; each round also the
// reminder and service-update rules and the webhook sender: ./dispatcher.ts) and, beside it on a
// timer and a pool of its own, the Microsoft Graph connector's sync (./graph-sync.ts), so that
// reading Microsoft never holds up a notice (each request to Microsoft is cut off after
// MICROSOFT_REQUEST_TIMEOUT_MS). Used by `npm run worker` (scripts/worker.ts) and by
// `npm start` (scripts/start.ts, unless WORKER=off).
// Imports lib/server: call allowServerOnlyImports() (./server-only.ts) before importing this.
import { readConfig } from '../runtime/config';
import { logger } from '../runtime/logger';
import { createPrismaClient } from '../runtime/prisma';
import { createMailTransport, type SmtpOptions } from '../server/mail/transport';
import { GRAPH_CLIENT_DEFAULTS } from '../server/microsoft/graph-client';
import { Dispatcher, type DispatcherOptions } from './dispatcher';
import { GraphSync, type GraphSyncOptions } from './graph-sync';
import { WebhookSender, type WebhookSenderOptions } from './webhooks';

export type WorkerHandle = { dispatcher: Dispatcher; graphSync: GraphSync | null; stop: () => Promise<void> };

export type WorkerSettings = Partial<Omit<DispatcherOptions, 'fromAddress' | 'messageIdHost' | 'webhooks'>> & {
  /** The webhook sender's settings (lib/worker/webhooks.ts); the network rule comes from WEBHOOKS_ALLOW_PRIVATE. */
  webhooks?: Partial<Omit<WebhookSenderOptions, 'fromAddress' | 'messageIdHost' | 'allowPrivate'>>;
  databaseUrl: string;
  /** Database connections of the worker's own pool. */
  poolSize?: number;
  smtp?: SmtpOptions;
  /** Start the loop now (default); false: the caller runs dispatcher.tick() itself. */
  autoStart?: boolean;
  /** The connector's sync: its options, or false for none in this process. */
  graphSync?: Partial<GraphSyncOptions> | false;
};

export function startWorker(settings: WorkerSettings): WorkerHandle {
  const config = readConfig();
  const db = createPrismaClient(settings.databaseUrl, { max: settings.poolSize ?? 4 });
  const concurrency = settings.concurrency ?? 4;
  const transport = createMailTransport(
    { smtpUrl: config.smtpUrl, dataDir: config.dataDir },
    { maxConnections: concurrency, ...settings.smtp },
  );
  const {
    databaseUrl: _url,
    poolSize: _pool,
    smtp: _smtp,
    autoStart = true,
    webhooks: webhookSettings,
    graphSync: syncSettings,
    ...options
  } = settings;
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
  const syncDb = syncSettings === false ? null : createPrismaClient(settings.databaseUrl, { max: 2 });
  const graphSync =
    syncDb && syncSettings !== false
      ? new GraphSync(syncDb, {
          ...syncSettings,
          overrides: { loginUrl: config.microsoftLoginUrl, graphUrl: config.microsoftGraphUrl },
          client: { ...GRAPH_CLIENT_DEFAULTS, requestTimeoutMs: config.microsoftRequestTimeoutMs, ...syncSettings?.client },
          logger: syncSettings?.logger ?? logger.child({ component: 'graph-sync' }),
        })
      : null;
  if (autoStart) {
    dispatcher.start();
    graphSync?.start();
  }
  let stopping: Promise<void> | undefined;
  return {
    dispatcher,
    graphSync,
    stop: () =>
      (stopping ??= (async () => {
        await Promise.all([dispatcher.stop(), graphSync?.stop()]);
        await transport.close();
        await Promise.all([db.$disconnect(), syncDb?.$disconnect()]);
      })()),
  };
}
