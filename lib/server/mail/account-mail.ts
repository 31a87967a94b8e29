import 'server-only';
import { randomUUID } from 'node:crypto';
import { mailSettings, type MailSettings } from './settings';
import { createMailTransport, type MailTransport } from './transport';
import type { OutgoingMessage } from './message';
import { escapeHtml } from '../../domain/markdown';
import { createTranslator, type MessageKey } from '../../i18n/translate';
import type { Locale } from '../../i18n/locales';
import { readConfig } from '../../runtime/config';
import type { PartnerRole } from '../../domain/accounts';

// The portal's own mail to its users: an invitation, a password-reset link. Sent at once by the
// action that made it, through the same transport as notices (SMTP_URL, or `.eml` files under
// DATA_DIR/mail), in the recipient's language, from MAIL_FROM under the portal's name
// (docs/decisions/0021-accounts-and-invitations.md).

export type AccountMail =
  | {
      kind: 'invitation';
      to: string;
      language: Locale;
      token: string;
      partnerName: string;
      inviterName: string;
      role: PartnerRole;
    }
  | { kind: 'passwordReset'; to: string; name: string; language: Locale; token: string };

/** The link in the mail, on the portal's public URL (NEXTAUTH_URL). */
export function accountLink(mail: AccountMail, baseUrl = readConfig().nextAuthUrl): string {
  const path = mail.kind === 'invitation' ? 'invitations' : 'reset-password';
  return new URL(`/${path}/${encodeURIComponent(mail.token)}`, baseUrl).toString();
}

/** The message in the recipient's language: a few paragraphs and the link, as text and HTML. */
export function accountMessage(
  mail: AccountMail,
  settings: Pick<MailSettings, 'fromAddress' | 'messageIdHost'>,
  now: Date,
): OutgoingMessage {
  const t = createTranslator(mail.language);
  const link = accountLink(mail);
  const role = mail.kind === 'invitation' ? t(`roles.${mail.role}` as MessageKey) : '';
  const values: Record<string, string> =
    mail.kind === 'invitation' ? { partner: mail.partnerName, inviter: mail.inviterName, role } : { name: mail.name };
  const key = (part: string) => `accountMail.${mail.kind}.${part}` as MessageKey;
  const paragraphs = [t(key('greeting'), values), t(key('body'), values)];
  const after = [t(key('expiry')), t(key('ignore'))];
  const action = t(key('action'));
  const text = [...paragraphs, `${action}: ${link}`, ...after, t('app.name')].join('\n\n') + '\n';
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>`,
    `<p>${escapeHtml(link)}</p>`,
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>${escapeHtml(t('app.name'))}</p>`,
  ].join('\n');
  return {
    from: { name: t('app.name'), address: settings.fromAddress },
    replyTo: null,
    to: { name: mail.kind === 'passwordReset' ? mail.name : '', address: mail.to },
    subject: t(key('subject'), values),
    text,
    html,
    messageId: `<account.${randomUUID()}@${settings.messageIdHost}>`,
    language: mail.language,
    date: now,
  };
}

/** Sends one account mail now; rejects when the relay (or the mail folder) refuses it. */
export async function sendAccountMail(mail: AccountMail, now = new Date()): Promise<void> {
  const settings = mailSettings();
  const transport: MailTransport = createMailTransport(settings, { maxConnections: 1 });
  try {
    await transport.send(accountMessage(mail, settings, now));
  } finally {
    await transport.close();
  }
}
