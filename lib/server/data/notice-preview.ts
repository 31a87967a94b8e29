import 'server-only';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { isUuid } from '../../domain/ids';
import {
  renderNotice,
  type ContactRole,
  type NoticeCheckError,
  type NoticeContent,
  type RenderedNotice,
} from '../../domain/notice-template';
import { LOCALES, isLocale, localeFromDb, type Locale } from '../../i18n/locales';
import { noticeInputSchema, type NoticeInput } from '../../schemas/notices';
import type { CommunicationContext } from '../../domain/communication-variables';
import { COMMUNICATION_CONTEXT_SELECT, communicationContextOf, contentFromRow, templateContextOf } from './notice-content';
import {
  checkNoticeTargets,
  loadNoticeTargets,
  loadTargetCustomers,
  recipientsOf,
  resolveTargets,
  type TargetCustomer,
} from './notice-targets';
import { senderOf, type SenderView } from './sender-identity';

// ---------------------------------------------------------------------------------------------
// Preview

export type PreviewRecipient = {
  customerId: string;
  companyName: string;
  contactId: string | null;
  name: string;
  email: string;
  language: Locale;
};

export type NoticePreview = {
  sender: SenderView;
  /** Who receives it (the first PREVIEW_RECIPIENTS_SHOWN of `recipientCount`). */
  recipients: PreviewRecipient[];
  recipientCount: number;
  /**
   * The rendered messages: for the recipient picked, or else the first recipient of each
   * language its recipients read. `language` is the recipient's own unless the preview asked for
   * another (`languageOverridden`).
   */
  previews: { recipient: PreviewRecipient; language: Locale; languageOverridden: boolean; rendered: RenderedNotice }[];
  /** checkNotice's findings (empty when the notice can be scheduled or sent). */
  problems: NoticeCheckError[];
};

export type PreviewSource = { noticeId: string } | { draft: NoticeInput };
export type PreviewPick = { email?: string; contactId?: string; language?: Locale };

export const PREVIEW_RECIPIENTS_SHOWN = 500;

/**
 * Exactly what recipients receive: the subject, HTML and plain text from renderNotice (the one
 * renderer the worker uses too), in each recipient's language, with the variables filled from
 * the live data (a notice about a Microsoft communication: the communication as it is now).
 * `source` is a stored notice, or a draft being composed (parsed with noticeInputSchema; invalid,
 * or about another partner's communication → null). `pick` chooses a recipient (by address or contact) and
 * optionally another language to show (for the composer's per-language preview). Null when the
 * notice is not the viewer's partner's, or the picked recipient is not among its recipients.
 */
export async function renderPreview(viewer: Viewer, source: PreviewSource, pick: PreviewPick = {}): Promise<NoticePreview | null> {
  const partnerId = partnerScope(viewer);
  const db = getDb();
  const partner = await db.partner.findFirst({ where: { id: partnerId }, select: { name: true, senderName: true, senderReplyTo: true } });
  if (!partner) return null;

  let content: NoticeContent;
  let targets: TargetCustomer[];
  let roles: ContactRole[];
  let recipients: PreviewRecipient[];
  let linked = false;
  let communication: CommunicationContext | null = null;
  if ('noticeId' in source) {
    if (!isUuid(source.noticeId)) return null;
    const row = await db.notice.findFirst({
      where: { id: source.noticeId, partnerId },
      select: {
        id: true,
        status: true,
        recipientRoles: true,
        subjectEn: true,
        bodyEn: true,
        subjectZhTw: true,
        bodyZhTw: true,
        communicationId: true,
        communication: { select: COMMUNICATION_CONTEXT_SELECT },
      },
    });
    if (!row) return null;
    content = contentFromRow(row);
    linked = row.communicationId !== null;
    communication = row.communication ? communicationContextOf(row.communication) : null;
    roles = row.recipientRoles;
    targets = await loadNoticeTargets(db, partnerId, row.id);
    if (row.status === 'DRAFT') {
      recipients = previewRecipientsOf(targets, roles);
    } else {
      // Scheduled or later: its deliveries are its recipients, in the language each was given.
      const names = new Map(targets.map((target) => [target.id, target.companyName]));
      const deliveries = await db.noticeDelivery.findMany({
        where: { partnerId, noticeId: row.id },
        select: { customerId: true, contactId: true, recipientName: true, recipientEmail: true, language: true },
        orderBy: [{ createdAt: 'asc' }, { recipientEmail: 'asc' }],
      });
      recipients = deliveries.map((delivery) => ({
        customerId: delivery.customerId,
        companyName: names.get(delivery.customerId) ?? '',
        contactId: delivery.contactId,
        name: delivery.recipientName,
        email: delivery.recipientEmail,
        language: localeFromDb(delivery.language),
      }));
    }
  } else {
    const parsed = noticeInputSchema.safeParse(source.draft);
    if (!parsed.success) return null;
    content = parsed.data.content;
    roles = parsed.data.recipientRoles;
    const communicationId = parsed.data.communicationId?.toLowerCase() ?? null;
    if (communicationId) {
      const row = await db.microsoftCommunication.findFirst({
        where: { id: communicationId, partnerId },
        select: COMMUNICATION_CONTEXT_SELECT,
      });
      if (!row) return null;
      linked = true;
      communication = communicationContextOf(row);
    }
    const resolved = await resolveTargets(db, partnerId, parsed.data.target, new Date(), communicationId);
    if (!resolved.ok) return null;
    targets = await loadTargetCustomers(db, partnerId, resolved.customerIds, resolved.subscriptionIds);
    recipients = previewRecipientsOf(targets, roles);
  }

  const targetById = new Map(targets.map((target) => [target.id, target]));
  const render = (recipient: PreviewRecipient, language: Locale) => {
    const target = targetById.get(recipient.customerId);
    const context = templateContextOf(
      partner.name,
      { companyName: target?.companyName ?? recipient.companyName },
      (target?.subscriptions ?? []).map((s) => ({ offerName: s.offerName, quantity: s.quantity, endDate: s.commitmentEndDate })),
      communication,
    );
    return renderNotice(content[language], context, language);
  };

  let chosen: PreviewRecipient[];
  if (pick.email !== undefined || pick.contactId !== undefined) {
    const email = pick.email?.trim().toLowerCase();
    const found = recipients.find(
      (recipient) =>
        (email !== undefined && recipient.email.toLowerCase() === email) ||
        (pick.contactId !== undefined && recipient.contactId === pick.contactId),
    );
    if (!found) return null;
    chosen = [found];
  } else if (pick.language !== undefined) {
    const first = recipients.find((recipient) => recipient.language === pick.language) ?? recipients[0];
    chosen = first ? [first] : [];
  } else {
    chosen = LOCALES.map((language) => recipients.find((recipient) => recipient.language === language)).filter(
      (recipient): recipient is PreviewRecipient => recipient !== undefined,
    );
  }
  const previews = chosen.map((recipient) => {
    const language = pick.language !== undefined && isLocale(pick.language) ? pick.language : recipient.language;
    return { recipient, language, languageOverridden: language !== recipient.language, rendered: render(recipient, language) };
  });
  return {
    sender: senderOf(partner),
    recipients: recipients.slice(0, PREVIEW_RECIPIENTS_SHOWN),
    recipientCount: recipients.length,
    previews,
    problems: checkNoticeTargets(content, targets, roles, linked),
  };
}

function previewRecipientsOf(targets: readonly TargetCustomer[], roles: readonly ContactRole[]): PreviewRecipient[] {
  const names = new Map(targets.map((target) => [target.id, target.companyName]));
  return recipientsOf(targets, roles).map((recipient) => ({
    customerId: recipient.customerId,
    companyName: names.get(recipient.customerId) ?? '',
    contactId: recipient.contactId,
    name: recipient.name,
    email: recipient.email,
    language: recipient.language,
  }));
}
