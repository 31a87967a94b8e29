// A webhook receiver for tests and the benchmark: a local HTTP server that records every request
// (headers and body as received) and answers with the next status of `statuses` (the last one
// repeats; 204 when none is given).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { path: string; headers: IncomingHttpHeaders; body: string };

export type WebhookReceiver = {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** What the next requests are answered with, in order; the last repeats. */
  answer: (...statuses: number[]) => void;
  close: () => Promise<void>;
};

export async function startWebhookReceiver(options: { statuses?: number[]; keep?: boolean } = {}): Promise<WebhookReceiver> {
  let statuses = options.statuses ?? [204];
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (options.keep !== false)
        received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = statuses.length > 1 ? statuses.shift()! : (statuses[0] ?? 204);
      response.writeHead(status, status >= 300 && status < 400 ? { Location: 'http://169.254.169.254/' } : {});
      response.end(status === 204 ? undefined : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    answer: (...next) => {
      statuses = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
