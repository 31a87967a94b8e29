import 'server-only';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { Locale } from '../../i18n/locales';

// One notice e-mail as the portal sends it, and its RFC 822 form. The message is always built by
// nodemailer's buffer (stream) transport — composeMessage — and the transports only carry those
// bytes: the `.eml` file is written from them and SMTP sends them as they are (`raw`), so the
// file default and the SMTP relay deliver the same message, header for header.

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
};

/** The envelope and raw bytes of a composed message, ready for any transport. */
export type ComposedMessage = {
  envelope: { from: string; to: string[] };
  messageId: string;
  raw: Buffer;
};

// Line ends are made CRLF below, in one pass over the whole message.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });

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

/** The RFC 822 bytes of the message (CRLF line ends), built by nodemailer's buffer transport. */
export async function composeMessage(message: OutgoingMessage): Promise<ComposedMessage> {
  const info = await composer.sendMail(mailOptionsOf(message));
  if (!Buffer.isBuffer(info.message)) throw new Error('nodemailer did not return the message as a buffer');
  // Every line ends in CRLF (RFC 5322), inside the parts too: the SMTP relay would otherwise turn
  // bare LFs into CRLFs on the wire and the file would differ from what the relay received. The
  // message is 7-bit (encoded headers, quoted-printable or base64 parts): latin1 round-trips it.
  const raw = Buffer.from(info.message.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  return { envelope: { from: message.from.address, to: [message.to.address] }, messageId: message.messageId, raw };
}
