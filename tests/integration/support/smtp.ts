// A real SMTP server for the integration tests (the `smtp-server` package), listening on
// 127.0.0.1: it records every message it accepts (raw bytes, Message-ID, time) and can be told
// to answer a recipient or a message with an error reply (451, 550…) or to be slow.
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export type ReceivedMessage = { messageId: string; raw: Buffer; at: number; from: string; to: string[] };

export type SmtpBehaviour = {
  /** Delay before answering DATA (ms): keeps messages "in flight" for a while. */
  delayMs?: number;
  /** A reply code to refuse this recipient with (RCPT TO), or null to accept. */
  onRecipient?: (address: string, attempt: number) => number | null;
  /** A reply code to refuse this message with after DATA, or null to accept. */
  onMessage?: (to: string[], attempt: number) => number | null;
};

export type SmtpSink = {
  port: number;
  url: string;
  received: ReceivedMessage[];
  /** RCPT TO commands seen per address (accepted or not). */
  recipientAttempts: Map<string, number>;
  /** DATA transfers seen per first recipient (accepted or not). */
  messageAttempts: Map<string, number>;
  behaviour: SmtpBehaviour;
  close: () => Promise<void>;
};

function smtpError(code: number): Error & { responseCode: number } {
  const error = new Error(code >= 500 ? 'Recipient address rejected: User unknown' : 'Try again later') as Error & { responseCode: number };
  error.responseCode = code;
  return error;
}

export async function startSmtpSink(
  options: { port?: number; behaviour?: SmtpBehaviour; received?: ReceivedMessage[] } = {},
): Promise<SmtpSink> {
  const received = options.received ?? [];
  const recipientAttempts = new Map<string, number>();
  const messageAttempts = new Map<string, number>();
  const behaviour: SmtpBehaviour = options.behaviour ?? {};
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'test sink',
    size: 10 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (err?: Error | null) => void) {
      const key = address.address.toLowerCase();
      const attempt = (recipientAttempts.get(key) ?? 0) + 1;
      recipientAttempts.set(key, attempt);
      const code = behaviour.onRecipient?.(key, attempt) ?? null;
      callback(code ? smtpError(code) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const key = to[0] ?? '';
        const attempt = (messageAttempts.get(key) ?? 0) + 1;
        messageAttempts.set(key, attempt);
        const finish = () => {
          const code = behaviour.onMessage?.(to, attempt) ?? null;
          if (code) return callback(smtpError(code));
          const raw = Buffer.concat(chunks);
          const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(raw.toString('utf8'))?.[1] ?? '';
          received.push({ messageId, raw, at: Date.now(), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to });
          callback(null);
        };
        if (behaviour.delayMs) setTimeout(finish, behaviour.delayMs);
        else finish();
      });
    },
  });
  server.on('error', () => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    recipientAttempts,
    messageAttempts,
    behaviour,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port with nothing listening (found by opening and closing a server). */
export async function freePort(): Promise<number> {
  const sink = await startSmtpSink();
  const port = sink.port;
  await sink.close();
  return port;
}

/** The headers and decoded text and HTML parts of a message as our transport composes it. */
export function parseMessage(raw: Buffer): { headers: Map<string, string>; text: string; html: string } {
  const source = raw.toString('utf8');
  const [head = '', ...rest] = source.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const index = line.indexOf(':');
    if (index > 0) headers.set(line.slice(0, index).trim().toLowerCase(), decodeWords(line.slice(index + 1).trim()));
  }
  const body = rest.join('\r\n\r\n');
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [body];
  let text = '';
  let html = '';
  for (const part of parts) {
    const [partHead = '', ...partRest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const content = partRest.join('\r\n\r\n').replace(/\r?\n$/, '');
    const type = /content-type:\s*([^;\r\n]+)/i.exec(partHead)?.[1]?.trim().toLowerCase();
    const encoding = /content-transfer-encoding:\s*([^\r\n]+)/i.exec(partHead)?.[1]?.trim().toLowerCase();
    const decoded =
      encoding === 'quoted-printable'
        ? Buffer.from(
            content.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : encoding === 'base64'
          ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
          : content;
    if (type === 'text/plain') text = decoded.replace(/\r\n/g, '\n');
    if (type === 'text/html') html = decoded.replace(/\r\n/g, '\n');
  }
  return { headers, text, html };
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m: string, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}
