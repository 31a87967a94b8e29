import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { sql } from './db';
import { parseEml, type ParsedMessage } from './eml';
import { fill, MESSAGES, type E2eLocale } from './i18n';

// Sending a notice from the composer and reading what went out: the delivery worker writes each
// message to DATA_DIR/mail/<Message-ID>.eml (MAIL_TRANSPORT=file, the end-to-end default).

const DATA_DIR = process.env.E2E_DATA_DIR ?? 'data/e2e';

export type SentMessage = { messageId: string; message: ParsedMessage };

/** The message files of a notice's sent deliveries, by recipient address. */
export async function messagesOf(noticeId: string): Promise<Map<string, SentMessage>> {
  const deliveries = await sql<{ email: string; messageId: string }>(
    `SELECT "recipientEmail" AS email, "messageId" FROM "NoticeDelivery" WHERE "noticeId" = $1 AND status = 'SENT'`,
    [noticeId],
  );
  const out = new Map<string, SentMessage>();
  for (const delivery of deliveries) {
    const file = path.join(DATA_DIR, 'mail', `${delivery.messageId.replace(/^<|>$/g, '')}.eml`);
    out.set(delivery.email, { messageId: delivery.messageId, message: parseEml(await readFile(file, 'utf8')) });
  }
  return out;
}

/**
 * "Send now" from the composer, confirmed in the page's language; waits for the notice's page and
 * for every delivery to be sent. Returns the notice's id.
 */
export async function sendNow(page: Page, recipients: number, locale: E2eLocale = 'en'): Promise<string> {
  const m = MESSAGES[locale];
  await page.getByRole('button', { name: m.noticeComposer.actions.sendNow }).click();
  const dialog = page.getByRole('dialog', { name: m.noticeComposer.confirmSend.title });
  await expect(dialog).toContainText(fill(m.noticeComposer.confirmSend.body, { count: recipients }));
  await dialog.getByRole('button', { name: m.noticeComposer.confirmSend.confirm }).click();
  await expect(page).toHaveURL(/\/notices\/[0-9a-f-]{36}$/);
  const noticeId = page.url().split('/').pop()!;
  await expect(page.getByRole('progressbar', { name: m.notices.deliveries.progressLabel })).toHaveAttribute(
    'aria-valuenow',
    String(recipients),
    { timeout: 60_000 },
  );
  await expect
    .poll(async () => (await sql<{ status: string }>(`SELECT status::text FROM "Notice" WHERE id = $1`, [noticeId]))[0]?.status, {
      timeout: 60_000,
    })
    .toBe('SENT');
  return noticeId;
}

/** Each update message answers the same recipient's first message: In-Reply-To and References name it. */
export function expectThreaded(first: Map<string, SentMessage>, update: Map<string, SentMessage>, recipients: readonly string[]): void {
  expect([...update.keys()].sort()).toEqual([...recipients].sort());
  for (const email of recipients) {
    const { message } = update.get(email)!;
    expect(message.headers.get('in-reply-to'), email).toBe(first.get(email)!.messageId);
    expect(message.headers.get('references'), email).toBe(first.get(email)!.messageId);
  }
}
