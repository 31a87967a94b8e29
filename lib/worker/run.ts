// Starts the worker in this process: the notice delivery dispatcher (its own database pool, the
// configured mail transport: SMTP_URL, else .eml files under DATA_DIR/mail) and, beside it on a
// timer and a pool of its own, the Microsoft Graph connector's sync (./graph-sync.ts), so that
// reading Microsoft never holds up a notice. Used by `npm run worker` (scripts/worker.ts) and by
// `npm start` (scripts/start.ts, unless WORKER=off).
// Imports lib/server: call allowServerOnlyImports() (./server-only.ts) before importing this.
import { readConfig } from '../runtime/config';
import { logger } from '../runtime/logger';
import { createPrismaClient } from '../runtime/prisma';
import { createMailTransport, type SmtpOptions } from '../server/mail/transport';
import { Dispatcher, type DispatcherOptions } from './dispatcher';
import { GraphSync, type GraphSyncOptions } from './graph-sync';

export type WorkerHandle = { dispatcher: Dispatcher; graphSync: GraphSync | null; stop: () => Promise<void> };

export type WorkerSettings = Partial<Omit<DispatcherOptions, 'fromAddress' | 'messageIdHost'>> & {
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
  const { databaseUrl: _url, poolSize: _pool, smtp: _smtp, autoStart = true, graphSync: syncSettings, ...options } = settings;
  const dispatcher = new Dispatcher(db, transport, {
    ...options,
    logger: options.logger ?? logger.child({ component: 'worker' }),
    concurrency,
    fromAddress: config.mailFrom,
    messageIdHost: config.mailFrom.split('@')[1] ?? 'localhost',
  });
  const syncDb = syncSettings === false ? null : createPrismaClient(settings.databaseUrl, { max: 2 });
  const graphSync =
    syncDb && syncSettings !== false
      ? new GraphSync(syncDb, {
          ...syncSettings,
          overrides: { loginUrl: config.microsoftLoginUrl, graphUrl: config.microsoftGraphUrl },
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
