import 'server-only';
import type { CommunicationContext } from '../../domain/communication-variables';
import type { NoticeContent, TemplateContext, TemplateSubscription } from '../../domain/notice-template';

// A notice's text as its table stores it (subject and body per language in four columns), the
// variables' values for one customer, and the snapshot of a notice its audit events carry.

export type NoticeContentRow = { subjectEn: string; bodyEn: string; subjectZhTw: string; bodyZhTw: string };

export function contentFromRow(row: NoticeContentRow): NoticeContent {
  return { en: { subject: row.subjectEn, body: row.bodyEn }, 'zh-TW': { subject: row.subjectZhTw, body: row.bodyZhTw } };
}

export function contentToRow(content: NoticeContent): NoticeContentRow {
  return { subjectEn: content.en.subject, bodyEn: content.en.body, subjectZhTw: content['zh-TW'].subject, bodyZhTw: content['zh-TW'].body };
}

/** The variables' values for one customer of a notice (and its Microsoft communication, when it has one). */
export function templateContextOf(
  partnerName: string,
  customer: { companyName: string },
  subscriptions: readonly TemplateSubscription[],
  communication: CommunicationContext | null = null,
): TemplateContext {
  return { customer: { name: customer.companyName }, partner: { name: partnerName }, subscriptions, communication };
}

/** What a notice's {{communication.*}} variables read of a stored communication. */
export const COMMUNICATION_CONTEXT_SELECT = {
  externalId: true,
  title: true,
  summary: true,
  affectedService: true,
  status: true,
  startAt: true,
} as const;

export function communicationContextOf(row: {
  externalId: string;
  title: string;
  summary: string;
  affectedService: string;
  status: string;
  startAt: Date;
}): CommunicationContext {
  return {
    externalId: row.externalId,
    title: row.title,
    summary: row.summary,
    service: row.affectedService,
    status: row.status,
    startAt: row.startAt,
  };
}

export function noticeSnapshot(input: {
  kind: string;
  content: NoticeContent;
  recipientRoles: readonly string[];
  templateId?: string | null;
  communicationId?: string | null;
  customerIds?: readonly string[];
  subscriptionIds?: readonly string[];
}) {
  return {
    kind: input.kind,
    content: input.content,
    recipientRoles: input.recipientRoles,
    templateId: input.templateId ?? null,
    ...(input.communicationId ? { communicationId: input.communicationId } : {}),
    ...(input.customerIds ? { customerIds: input.customerIds.slice(0, 1000), customerCount: input.customerIds.length } : {}),
    ...(input.subscriptionIds
      ? { subscriptionIds: input.subscriptionIds.slice(0, 1000), subscriptionCount: input.subscriptionIds.length }
      : {}),
  };
}
