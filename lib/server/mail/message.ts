import 'server-only';
import type Mail from 'nodemailer/lib/mailer';
import type { Locale } from '../../i18n/locales';
import { buildMimeMessage, type MessageThread } from './mime';

// One notice e-mail as the portal sends it, and its RFC 5322 form. The message is always built by
// composeMessage (lib/server/mail/mime.ts) and the transports only carry those bytes: the `.eml`
// file is written from them and SMTP sends them as they are (`raw`), so the file default and the
// SMTP relay deliver the same message, header for header. mailOptionsOf gives nodemailer's
// options for the same message (what a bare nodemailer loop sends; tests compare the two).

export type MailAddress = { name: string; address: string };

export type OutgoingMessage = {
  /** The partner's sender name with the portal's configured From address (MAIL_FROM). */
  from: MailAddress;
  /** The partner's reply-to address, when it has one. */
  replyTo: string | null;
  to: MailAddress;
  subject: string;
  html: string;
  text: string;
  /** The delivery's stable Message-ID, with its angle brackets: the same for every attempt. */
  messageId: string;
  /** The recipient's language: Content-Language, and the html part's lang. */
  language: Locale;
  /** The Date header (the time of this attempt). */
  date: Date;
  /** The earlier message of the same thread (an update about a Microsoft communication): In-Reply-To and References. */
  thread?: MessageThread | null;
};

/** The envelope and raw bytes of a composed message, ready for any transport. */
export type ComposedMessage = {
  envelope: { from: string; to: string[] };
  messageId: string;
  raw: Buffer;
};

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** A complete HTML document around the (already safe) body fragment from renderNotice. */
export function htmlDocument(fragment: string, language: Locale, title: string): string {
  const escapedTitle = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    `<!doctype html>\n<html lang="${escapeAttribute(language)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapedTitle}</title>\n</head>\n` +
    `<body>\n${fragment}\n</body>\n</html>\n`
  );
}

/** nodemailer's options for the message (also what a bare nodemailer loop would send). */
export function mailOptionsOf(message: OutgoingMessage): Mail.Options {
  return {
    from: { name: message.from.name, address: message.from.address },
    to: { name: message.to.name, address: message.to.address },
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: htmlDocument(message.html, message.language, message.subject),
    messageId: message.messageId,
    date: message.date,
    ...(message.thread ? { inReplyTo: message.thread.inReplyTo, references: [...message.thread.references] } : {}),
    headers: {
      'Content-Language': message.language,
      // RFC 3834: an automatic message; auto-responders must not answer it.
      'Auto-Submitted': 'auto-generated',
    },
    // The envelope sender is the portal's address (bounces come back to it), the recipient the contact.
    envelope: { from: message.from.address, to: [message.to.address] },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** The RFC 5322 bytes of the message (CRLF line ends), for every transport (lib/server/mail/mime.ts). */
export function composeMessage(message: OutgoingMessage): ComposedMessage {
  const raw = buildMimeMessage({
    from: message.from,
    to: message.to,
    replyTo: message.replyTo,
    subject: message.subject,
    messageId: message.messageId,
    date: message.date,
    language: message.language,
    text: message.text,
    html: htmlDocument(message.html, message.language, message.subject),
    thread: message.thread ?? null,
  });
  return { envelope: { from: message.from.address, to: [message.to.address] }, messageId: message.messageId, raw };
}
