import fc from 'fast-check';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import {
  bodyEncoding,
  boundaryFor,
  buildMimeMessage,
  encodeBase64,
  encodeQuotedPrintable,
  formatAddress,
  formatDate,
  type MimeMessage,
} from '../../lib/server/mail/mime';
import nodemailer from 'nodemailer';
import { composeMessage, mailOptionsOf, type OutgoingMessage } from '../../lib/server/mail/message';

// The notice e-mail is written by lib/server/mail/mime.ts. Every message is read back with an
// independent MIME parser (postal-mime) and must give back exactly what went in; its lines must
// be what SMTP accepts (CRLF, at most 76 characters in the bodies, 998 anywhere).

const base: MimeMessage = {
  from: { name: 'Contoso Cloud Partners', address: 'notices@portal.example' },
  to: { name: 'Dana Brooks', address: 'dana@tailspintoys.example' },
  replyTo: 'billing@contoso.example',
  subject: 'Your Microsoft 365 E3 renews on January 20, 2027',
  messageId: '<0b9f3c1e-5a7d-4c59-9a51-0e8f1d2c3b4a@portal.example>',
  date: new Date('2026-12-06T04:40:09.000Z'),
  language: 'en',
  text: 'Dear Tailspin Toys,\n\nYour subscription renews soon.\n\nContoso',
  html: '<!doctype html>\n<html lang="en"><body><p>Dear Tailspin Toys,</p></body></html>\n',
};

async function parse(raw: Buffer) {
  return PostalMime.parse(raw.toString('utf8'));
}

const lf = (text: string) => text.replace(/\r\n|\r/g, '\n');

function checkLines(raw: Buffer) {
  const text = raw.toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const [head, ...rest] = text.split('\r\n\r\n');
  for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  // Body lines (quoted-printable and base64) stay within 76 characters.
  for (const line of rest.join('\r\n\r\n').split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  expect(head).toContain('MIME-Version: 1.0');
}

describe('buildMimeMessage', () => {
  it('writes a multipart/alternative message that a MIME parser reads back field for field', async () => {
    const raw = buildMimeMessage(base);
    checkLines(raw);
    const mail = await parse(raw);
    expect(mail.from).toEqual({ name: 'Contoso Cloud Partners', address: 'notices@portal.example' });
    expect(mail.to).toEqual([{ name: 'Dana Brooks', address: 'dana@tailspintoys.example' }]);
    expect(mail.replyTo).toEqual([{ name: '', address: 'billing@contoso.example' }]);
    expect(mail.subject).toBe(base.subject);
    expect(mail.messageId).toBe(base.messageId);
    expect(new Date(mail.date!).toISOString()).toBe(base.date.toISOString());
    expect(lf(mail.text!)).toBe(base.text);
    expect(lf(mail.html!)).toBe(base.html);
    const headers = new Map(mail.headers.map((h) => [h.key, h.value]));
    expect(headers.get('content-language')).toBe('en');
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative;\s*boundary="=_notice_/);
  });

  it('encodes names, subject and bodies in other scripts, and reads them back', async () => {
    const message: MimeMessage = {
      ...base,
      from: { name: '康托索雲端夥伴', address: 'notices@portal.example' },
      to: { name: '林小姐', address: 'lin@litware.example' },
      subject: '您的訂閱將於 2027年1月20日 續約 — Microsoft 365 E3',
      language: 'zh-TW',
      text: '林小姐您好：\n\n您的 **Microsoft 365 E3**（25 個授權）將於 2027年1月20日 續約。\n\n康托索 敬上',
      html: '<html lang="zh-TW"><body><p>林小姐您好：</p><p>續約 😀</p></body></html>',
    };
    const raw = buildMimeMessage(message);
    checkLines(raw);
    expect(/^[\x00-\x7f]*$/.test(raw.toString('latin1'))).toBe(true);
    expect(raw.toString('utf8')).toContain('Content-Transfer-Encoding: base64');
    const mail = await parse(raw);
    expect(mail.from).toEqual(message.from);
    expect(mail.to).toEqual([message.to]);
    expect(mail.subject).toBe(message.subject);
    expect(lf(mail.text!)).toBe(message.text);
    expect(lf(mail.html!)).toBe(message.html);
  });

  it('keeps header injection out: line breaks in a subject or name become spaces', async () => {
    const raw = buildMimeMessage({
      ...base,
      subject: 'Renewal\r\nBcc: victim@evil.example',
      to: { name: 'Dana\nBcc: x@evil.example', address: 'dana@tailspintoys.example' },
    });
    const text = raw.toString('utf8');
    expect(text).not.toMatch(/^Bcc:/im);
    const mail = await parse(raw);
    expect(mail.subject).toBe('Renewal Bcc: victim@evil.example');
    expect(mail.bcc ?? []).toEqual([]);
  });

  it('quotes a display name with special characters and punycodes an international domain', async () => {
    expect(formatAddress({ name: 'Contoso "Cloud", Inc.', address: 'notices@portal.example' })).toBe(
      '"Contoso \\"Cloud\\", Inc." <notices@portal.example>',
    );
    expect(formatAddress({ name: '', address: 'info@jõgeva.ee' })).toBe('info@xn--jgeva-dua.ee');
    expect(formatAddress({ name: 'Plain Name', address: 'A@Example.COM' })).toBe('Plain Name <A@example.com>');
    const mail = await parse(buildMimeMessage({ ...base, from: { name: 'Contoso "Cloud", Inc.', address: 'notices@portal.example' } }));
    expect(mail.from).toEqual({ name: 'Contoso "Cloud", Inc.', address: 'notices@portal.example' });
  });

  it('gives the same message as nodemailer composes from mailOptionsOf, field for field', async () => {
    const outgoing: OutgoingMessage = {
      from: { name: 'Contoso "Cloud" Partners', address: 'notices@portal.example' },
      replyTo: 'billing@contoso.example',
      to: { name: '林小姐', address: 'lin@litware.example' },
      subject: '您的訂閱即將續約 — Microsoft 365 E3',
      html: '<p>你好，<strong>林小姐</strong></p>\n<ul>\n<li>Microsoft 365 E3 — 25</li>\n</ul>',
      text: '你好，林小姐\n\n- Microsoft 365 E3 — 25',
      messageId: '<m-1@portal.example>',
      language: 'zh-TW',
      date: new Date('2026-03-01T09:00:00Z'),
    };
    const composed = composeMessage(outgoing);
    expect(composed.envelope).toEqual({ from: 'notices@portal.example', to: ['lin@litware.example'] });
    const ours = await parse(composed.raw);
    const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mailOptionsOf(outgoing));
    const theirs = await PostalMime.parse((info.message as Buffer).toString('utf8'));
    for (const field of ['from', 'to', 'replyTo', 'subject', 'messageId', 'date'] as const) expect(ours[field]).toEqual(theirs[field]);
    expect(lf(ours.text!)).toBe(lf(theirs.text!));
    expect(lf(ours.html!)).toBe(lf(theirs.html!));
    const headers = (mail: typeof ours) =>
      Object.fromEntries(
        mail.headers.filter((h) => ['content-language', 'auto-submitted', 'mime-version'].includes(h.key)).map((h) => [h.key, h.value]),
      );
    expect(headers(ours)).toEqual(headers(theirs));
    expect(headers(ours)).toEqual({ 'content-language': 'zh-TW', 'auto-submitted': 'auto-generated', 'mime-version': '1.0' });
  });

  it('threads a follow-up: In-Reply-To and References name the first message; none without a thread', async () => {
    const first = '<first-delivery@portal.example>';
    const raw = buildMimeMessage({ ...base, thread: { inReplyTo: first, references: [first] } });
    checkLines(raw);
    const mail = await parse(raw);
    expect(mail.inReplyTo).toBe(first);
    expect(mail.references).toBe(first);
    const head = raw.toString('utf8').split('\r\n\r\n')[0]!;
    expect(head).toContain(`\r\nIn-Reply-To: ${first}\r\n`);
    expect(head).toContain(`\r\nReferences: ${first}\r\n`);
    // A header cannot be injected through an id, and ids without brackets get them.
    const forged = buildMimeMessage({ ...base, thread: { inReplyTo: 'a@b\r\nBcc: x@evil.example', references: ['a@b', 'c@d'] } });
    const forgedHead = forged.toString('utf8').split('\r\n\r\n')[0]!;
    expect(forgedHead).not.toMatch(/\r\nBcc:/);
    expect(forgedHead).toContain('References: <a@b> <c@d>');
    const plain = buildMimeMessage(base).toString('utf8');
    expect(plain).not.toContain('In-Reply-To');
    expect(plain).not.toContain('References');
    // nodemailer writes the same headers from mailOptionsOf.
    const outgoing: OutgoingMessage = { ...base, language: 'en', replyTo: null, thread: { inReplyTo: first, references: [first] } };
    const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mailOptionsOf(outgoing));
    const theirs = await PostalMime.parse((info.message as Buffer).toString('utf8'));
    const ours = await parse(composeMessage(outgoing).raw);
    expect([ours.inReplyTo, ours.references]).toEqual([theirs.inReplyTo, theirs.references]);
  });

  it('reads back any subject, names and bodies (property)', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 400 });
    const name = fc.string({ unit: 'grapheme', maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        name,
        name,
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        async (plain, html, fromName, toName, subject) => {
          const message: MimeMessage = {
            ...base,
            text: plain,
            html,
            subject,
            from: { ...base.from, name: fromName },
            to: { ...base.to, name: toName },
          };
          const raw = buildMimeMessage(message);
          checkLines(raw);
          const mail = await parse(raw);
          // Line breaks are CRLF on the wire: compared as LF.
          expect(lf(mail.text ?? '')).toBe(lf(plain));
          expect(lf(mail.html ?? '')).toBe(lf(html));
          // Header text is one line, trimmed, control characters as spaces.
          const oneLine = (value: string) => value.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
          expect(mail.subject ?? '').toBe(oneLine(subject));
          expect(mail.from?.name ?? '').toBe(oneLine(fromName));
          expect(mail.to?.[0]?.name ?? '').toBe(oneLine(toName));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('body encodings', () => {
  it('quoted-printable: soft breaks within 76 characters, "=" and trailing white space encoded', () => {
    expect(encodeQuotedPrintable('a=b')).toBe('a=3Db');
    expect(encodeQuotedPrintable('end \nnext\t')).toBe('end=20\r\nnext=09');
    expect(encodeQuotedPrintable('é')).toBe('=C3=A9');
    const long = encodeQuotedPrintable('x'.repeat(200));
    for (const line of long.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(long.replace(/=\r\n/g, '')).toBe('x'.repeat(200));
    // An encoded byte is never split by a soft break.
    const encoded = encodeQuotedPrintable('é'.repeat(60));
    for (const line of encoded.split('\r\n')) expect(line).toMatch(/^(=[0-9A-F]{2})*=?$/);
  });

  it('base64 in lines of 76, line breaks made CRLF first', () => {
    const encoded = encodeBase64('一\n二');
    expect(Buffer.from(encoded.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe('一\r\n二');
    for (const line of encodeBase64('長'.repeat(500)).split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
  });

  it('chooses quoted-printable for mostly ASCII text and base64 for mostly other scripts', () => {
    expect(bodyEncoding('Dear customer, your renewal — thanks')).toBe('quoted-printable');
    expect(bodyEncoding('您的訂閱即將續約，請聯絡我們')).toBe('base64');
  });

  it('boundaries cannot occur in an encoded body, and dates are RFC 5322', () => {
    expect(boundaryFor('<abc-123@host.example>')).toBe('=_notice_abc123hostexample');
    expect(encodeQuotedPrintable('--=_notice_abc123hostexample')).not.toContain('=_notice');
    expect(formatDate(new Date('2026-12-06T04:40:09Z'))).toBe('Sun, 06 Dec 2026 04:40:09 +0000');
  });
});
