// Telling affected customers about a Microsoft communication, pure (no I/O): the built-in text of
// a SERVICE_UPDATE notice (first notice and update) when the partner has no template of the kind,
// what the communication's page offers ("Tell affected customers", "Send an update"), the
// severity the automatic rules compare, and whether a rule matches a communication. Results are
// codes; the built-in text is e-mail content in both languages (like the {{subscriptions}}
// block's labels), not interface text.
import type { NoticeContent } from './notice-template';
import type { CommunicationCategory } from './policy';
import type { NoticeStatus } from './notice-lifecycle';

// ---------------------------------------------------------------------------------------------
// The built-in text

/** The first notice about a communication. */
export const DEFAULT_SERVICE_UPDATE_CONTENT: NoticeContent = {
  en: {
    subject: 'Microsoft service notice: {{communication.title}}',
    body: [
      'Dear {{customer.name}},',
      '',
      'Microsoft has reported an issue that affects your organisation: **{{communication.title}}** ({{communication.id}}).',
      '',
      '- Service: {{communication.service}}',
      '- Status: {{communication.status}}',
      '- Started: {{communication.startDateTime}}',
      '',
      '{{communication.summary}}',
      '',
      'We are following it and will tell you when it changes.',
      '',
      'Regards,  ',
      '{{partner.name}}',
    ].join('\n'),
  },
  'zh-TW': {
    subject: 'Microsoft 服務通知：{{communication.title}}',
    body: [
      '{{customer.name}} 您好：',
      '',
      'Microsoft 回報了一個影響貴組織的問題：**{{communication.title}}**（{{communication.id}}）。',
      '',
      '- 服務：{{communication.service}}',
      '- 狀態：{{communication.status}}',
      '- 開始時間：{{communication.startDateTime}}',
      '',
      '{{communication.summary}}',
      '',
      '我們會持續追蹤，狀況有變化時會再通知您。',
      '',
      '{{partner.name}} 敬上',
    ].join('\n'),
  },
};

/** An update about a communication already told: its new status first. */
export const DEFAULT_SERVICE_UPDATE_FOLLOW_UP_CONTENT: NoticeContent = {
  en: {
    subject: 'Update: {{communication.title}} — {{communication.status}}',
    body: [
      'Dear {{customer.name}},',
      '',
      'An update on **{{communication.title}}** ({{communication.id}}), which we told you about earlier.',
      '',
      '- Status now: **{{communication.status}}**',
      '- Service: {{communication.service}}',
      '- Started: {{communication.startDateTime}}',
      '',
      '{{communication.summary}}',
      '',
      'Regards,  ',
      '{{partner.name}}',
    ].join('\n'),
  },
  'zh-TW': {
    subject: '最新狀況：{{communication.title}} — {{communication.status}}',
    body: [
      '{{customer.name}} 您好：',
      '',
      '關於先前通知您的 **{{communication.title}}**（{{communication.id}}），最新狀況如下。',
      '',
      '- 目前狀態：**{{communication.status}}**',
      '- 服務：{{communication.service}}',
      '- 開始時間：{{communication.startDateTime}}',
      '',
      '{{communication.summary}}',
      '',
      '{{partner.name}} 敬上',
    ].join('\n'),
  },
};

// ---------------------------------------------------------------------------------------------
// What the communication's page offers

/** Statuses of a notice that has gone out (its mail was, or is being, sent). */
export const GONE_OUT_STATUSES: readonly NoticeStatus[] = ['SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'ARCHIVED'];

export type ServiceUpdateOffer =
  /** No notice about it has gone out yet: "Tell affected customers". */
  | { code: 'TELL' }
  /** The communication's status changed since the last notice that went out: "Send an update". */
  | { code: 'UPDATE'; previousNoticeId: string; previousStatus: string | null }
  /** The last notice that went out told its current status. */
  | { code: 'UP_TO_DATE'; previousNoticeId: string };

/**
 * What to offer for a communication whose status is `status`, given its notices (any order): the
 * latest one that went out decides (by creation time, then id).
 */
export function serviceUpdateOffer(
  status: string,
  notices: readonly { id: string; status: NoticeStatus; communicationStatus: string | null; createdAt: Date }[],
): ServiceUpdateOffer {
  const latest = notices
    .filter((notice) => GONE_OUT_STATUSES.includes(notice.status))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))[0];
  if (!latest) return { code: 'TELL' };
  if (latest.communicationStatus === status) return { code: 'UP_TO_DATE', previousNoticeId: latest.id };
  return { code: 'UPDATE', previousNoticeId: latest.id, previousStatus: latest.communicationStatus };
}

// ---------------------------------------------------------------------------------------------
// Automatic rules

export const SEVERITIES = ['normal', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * The severity a rule compares. A message-center post carries its own (normal, high, critical). A
 * service-health issue carries none in Graph; the portal reads its classification and status: an
 * advisory (limited impact) is normal, an incident high, and an incident whose status is
 * `serviceInterruption` (the service is down) critical. A severity the portal does not know counts
 * as normal.
 */
export function communicationSeverity(communication: { severity: string | null; classification: string; status: string }): Severity {
  const given = communication.severity?.trim().toLowerCase();
  if (isSeverity(given)) return given;
  if (given) return 'normal';
  if (communication.classification === 'incident') return communication.status === 'serviceInterruption' ? 'critical' : 'high';
  return 'normal';
}

/** A service name as rules compare it: case and repeated spaces do not matter. */
export function serviceKey(service: string): string {
  return service.trim().replace(/\s+/g, ' ').toLowerCase();
}

export type RuleCriteria = {
  /** At least one. */
  categories: readonly CommunicationCategory[];
  /** Empty: any service. */
  services: readonly string[];
  /** Null: any severity. */
  minSeverity: Severity | null;
};

export type RuleCommunication = {
  category: CommunicationCategory;
  affectedService: string;
  severity: string | null;
  classification: string;
  status: string;
};

/** Whether a rule applies: its categories, its services (if any) and at least its severity (if any). */
export function ruleMatches(rule: RuleCriteria, communication: RuleCommunication): boolean {
  if (!rule.categories.includes(communication.category)) return false;
  if (rule.services.length > 0) {
    const service = serviceKey(communication.affectedService);
    if (!rule.services.some((wanted) => serviceKey(wanted) === service)) return false;
  }
  if (rule.minSeverity !== null) {
    const rank = (severity: Severity) => SEVERITIES.indexOf(severity);
    if (rank(communicationSeverity(communication)) < rank(rule.minSeverity)) return false;
  }
  return true;
}
