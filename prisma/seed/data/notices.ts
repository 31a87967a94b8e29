// The partners' notice templates, the renewal-reminder rule, and notices in every status.
import type { ContactRole, NoticeKind, NoticeStatus } from '../../../lib/generated/prisma/client';
import type { DeliveryErrorCode } from '../../../lib/domain/delivery-errors';
import { ago, daysFromNow, minutesAgo, type Moment } from '../clock';
import type { CustomerRef } from './customers';
import {
  BILLING_TEXT,
  GENERAL_TEXT,
  LICENSE_CHANGE_TEXT,
  PRICE_CHANGE_TEXT,
  RENEWAL_TEXT,
  SUSPENSION_TEXT,
  type NoticeText,
} from './notice-texts';
import type { PartnerKey, UserKey } from './partners';

export type TemplateKey = 'contosoRenewal' | 'contosoPrice' | 'fabrikamRenewal' | 'fabrikamPrice';

export type TemplateSpec = { key: TemplateKey; partner: PartnerKey; name: string; kind: NoticeKind; text: NoticeText; createdAt: Moment };

export const TEMPLATES: readonly TemplateSpec[] = [
  { key: 'contosoRenewal', partner: 'contoso', name: 'Renewal reminder', kind: 'RENEWAL', text: RENEWAL_TEXT, createdAt: ago(200) },
  { key: 'contosoPrice', partner: 'contoso', name: 'Price change', kind: 'PRICE_CHANGE', text: PRICE_CHANGE_TEXT, createdAt: ago(200) },
  { key: 'fabrikamRenewal', partner: 'fabrikam', name: 'Renewal reminder', kind: 'RENEWAL', text: RENEWAL_TEXT, createdAt: ago(200) },
  { key: 'fabrikamPrice', partner: 'fabrikam', name: 'Price change', kind: 'PRICE_CHANGE', text: PRICE_CHANGE_TEXT, createdAt: ago(200) },
];

export const RENEWAL_RULES: readonly {
  partner: PartnerKey;
  enabled: boolean;
  offsetsDays: number[];
  template: TemplateKey;
  createdAt: Moment;
}[] = [{ partner: 'contoso', enabled: false, offsetsDays: [60, 30, 7], template: 'contosoRenewal', createdAt: ago(200) }];

/** Never targeted by any notice: the demo's renewal due without a notice. */
export const NEVER_NOTIFIED: { customer: CustomerRef; offerName: string } = {
  customer: 'tailspin',
  offerName: 'Microsoft 365 Business Premium',
};

export type TargetSpec =
  /** These subscriptions of one customer, by offer. */
  | { customer: CustomerRef; offers: readonly string[] }
  /** The first `firstActive` ACTIVE subscriptions of one customer. */
  | { customer: CustomerRef; firstActive: number }
  /**
   * An ACTIVE subscription ending within the range (days from today) of one of the partner's
   * generated customers, not targeted by an earlier notice; customers not targeted yet first, then
   * wider ranges when none is left.
   */
  | { generatedEndingWithin: readonly [number, number] };

export type NoticeSpec = {
  partner: PartnerKey;
  kind: NoticeKind;
  status: NoticeStatus;
  text: NoticeText;
  roles: ContactRole[];
  targets: readonly TargetSpec[];
  createdBy: UserKey;
  createdAt: Moment;
  version: number;
  template?: TemplateKey;
  scheduledAt?: Moment;
  /** When the deliveries were created (the move to SCHEDULED or SENDING). */
  queuedAt?: Moment;
  sentAt?: Moment;
  cancelledAt?: Moment;
  archivedAt?: Moment;
  /** Why the failed deliveries failed (RECIPIENT_REJECTED when not given). */
  failure?: DeliveryErrorCode;
};

export const NOTICES: readonly NoticeSpec[] = [
  // DRAFT: a renewal reminder for Litware (zh-TW), not yet scheduled.
  {
    partner: 'contoso',
    kind: 'RENEWAL',
    status: 'DRAFT',
    text: RENEWAL_TEXT,
    roles: ['BILLING'],
    targets: [{ customer: 'litware', offers: ['Microsoft 365 E3'] }],
    createdBy: 'bob',
    createdAt: ago(1, 3),
    version: 1,
    template: 'contosoRenewal',
  },
  // SCHEDULED: Adatum's Microsoft 365 E3 renewal, plus one more customer, goes out in two days.
  {
    partner: 'contoso',
    kind: 'RENEWAL',
    status: 'SCHEDULED',
    text: RENEWAL_TEXT,
    roles: ['BILLING', 'PRIMARY'],
    targets: [{ customer: 'adatum', offers: ['Microsoft 365 E3'] }, { generatedEndingWithin: [1, 60] }],
    createdBy: 'alice',
    createdAt: ago(1),
    version: 2,
    template: 'contosoRenewal',
    scheduledAt: daysFromNow(2),
    queuedAt: ago(0, 20),
  },
  // SENDING: a price-change notice being sent right now.
  {
    partner: 'contoso',
    kind: 'PRICE_CHANGE',
    status: 'SENDING',
    text: PRICE_CHANGE_TEXT,
    roles: ['BILLING'],
    targets: [
      { customer: 'wideWorld', offers: ['Microsoft 365 Business Premium'] },
      { generatedEndingWithin: [60, 365] },
      { generatedEndingWithin: [60, 365] },
    ],
    createdBy: 'bob',
    createdAt: ago(0, 2),
    version: 2,
    template: 'contosoPrice',
    queuedAt: minutesAgo(2),
  },
  // SENT: Wide World Importers' Power BI Pro renewal and two more.
  {
    partner: 'contoso',
    kind: 'RENEWAL',
    status: 'SENT',
    text: RENEWAL_TEXT,
    roles: ['BILLING'],
    targets: [{ customer: 'wideWorld', offers: ['Power BI Pro'] }, { generatedEndingWithin: [1, 90] }, { generatedEndingWithin: [1, 90] }],
    createdBy: 'alice',
    createdAt: ago(4),
    version: 3,
    template: 'contosoRenewal',
    queuedAt: ago(3, 1),
    sentAt: ago(3),
  },
  // PARTIALLY_FAILED: a license change where one address bounced.
  {
    partner: 'contoso',
    kind: 'LICENSE_CHANGE',
    status: 'PARTIALLY_FAILED',
    text: LICENSE_CHANGE_TEXT,
    roles: ['BILLING', 'TECHNICAL'],
    targets: [
      { customer: 'adatum', offers: ['Microsoft Defender for Endpoint P2'] },
      { generatedEndingWithin: [30, 1095] },
      { generatedEndingWithin: [30, 1095] },
    ],
    createdBy: 'bob',
    createdAt: ago(7),
    version: 3,
    queuedAt: ago(6, 2),
    sentAt: ago(6),
    failure: 'RECIPIENT_REJECTED',
  },
  // FAILED: the suspension notice to Litware never got through.
  {
    partner: 'contoso',
    kind: 'SUSPENSION',
    status: 'FAILED',
    text: SUSPENSION_TEXT,
    roles: ['BILLING', 'PRIMARY'],
    targets: [{ customer: 'litware', offers: ['Microsoft Defender for Endpoint P2'] }],
    createdBy: 'bob',
    createdAt: ago(5),
    version: 3,
    queuedAt: ago(4, 23),
    sentAt: ago(4, 20),
    failure: 'TEMPORARY_FAILURE',
  },
  // CANCELLED: a scheduled renewal reminder, cancelled before it went out.
  {
    partner: 'contoso',
    kind: 'RENEWAL',
    status: 'CANCELLED',
    text: RENEWAL_TEXT,
    roles: ['BILLING'],
    targets: [{ generatedEndingWithin: [1, 120] }],
    createdBy: 'alice',
    createdAt: ago(9),
    version: 3,
    template: 'contosoRenewal',
    scheduledAt: daysFromNow(5),
    queuedAt: ago(8),
    cancelledAt: ago(2),
  },
  // ARCHIVED: an old billing notice.
  {
    partner: 'contoso',
    kind: 'BILLING',
    status: 'ARCHIVED',
    text: BILLING_TEXT,
    roles: ['BILLING'],
    targets: [
      { customer: 'adatum', offers: ['Dynamics 365 Sales Enterprise'] },
      { customer: 'tailspin', offers: ['Exchange Online (Plan 1)'] },
      { generatedEndingWithin: [90, 1095] },
    ],
    createdBy: 'alice',
    createdAt: ago(97),
    version: 4,
    queuedAt: ago(96),
    sentAt: ago(95, 23),
    archivedAt: ago(20),
  },
  // Fabrikam: a draft renewal and a sent general notice.
  {
    partner: 'fabrikam',
    kind: 'RENEWAL',
    status: 'DRAFT',
    text: RENEWAL_TEXT,
    roles: ['BILLING', 'PRIMARY'],
    targets: [{ customer: 'lamna', offers: ['Microsoft 365 E3'] }],
    createdBy: 'gina',
    createdAt: ago(0, 6),
    version: 1,
    template: 'fabrikamRenewal',
  },
  {
    partner: 'fabrikam',
    kind: 'GENERAL',
    status: 'SENT',
    text: GENERAL_TEXT,
    roles: ['PRIMARY', 'BILLING'],
    targets: [
      { customer: 'lamna', offers: ['Exchange Online (Plan 1)'] },
      { customer: 'fabrikam#0', firstActive: 2 },
    ],
    createdBy: 'gina',
    createdAt: ago(11),
    version: 3,
    queuedAt: ago(10, 1),
    sentAt: ago(10),
  },
];
