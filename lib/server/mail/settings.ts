import 'server-only';
import { readConfig } from '../../runtime/config';

// The portal's mail settings from the validated environment (lib/runtime/config.ts): the From
// address (MAIL_FROM), the domain that names Message-IDs (MAIL_FROM's), the relay (SMTP_URL) and
// the data folder for `.eml` files. Read once per process.

export type MailSettings = { fromAddress: string; messageIdHost: string; smtpUrl: string | undefined; dataDir: string };

let cached: MailSettings | undefined;

export function mailSettings(): MailSettings {
  if (!cached) {
    const config = readConfig();
    cached = {
      fromAddress: config.mailFrom,
      messageIdHost: config.mailFrom.split('@')[1] ?? 'localhost',
      smtpUrl: config.smtpUrl,
      dataDir: config.dataDir,
    };
  }
  return cached;
}
