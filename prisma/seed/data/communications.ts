// Microsoft's direct communications about the partners' customers, as Microsoft Graph describes them:
// service incidents (EX…, serviceHealthIssue) and message-center posts (MC…, serviceUpdateMessage).
import type { CommunicationCategory } from '../../../lib/generated/prisma/client';
import { ago, daysFromNow, type Moment } from '../clock';
import type { CustomerRef } from './customers';
import type { PartnerKey } from './partners';

export type CommunicationSpec = {
  partner: PartnerKey;
  /** EX: a service incident; MC: a message-center post. The number after it is drawn. */
  kind: 'EX' | 'MC';
  /** For the partner as a whole (a customer may see it in another: see build-communications.ts). */
  category: CommunicationCategory;
  title: string;
  summary: string;
  affectedService: string;
  status: string;
  severity: 'normal' | 'high' | 'critical';
  startAt: Moment;
  endAt: Moment | null;
  lastModifiedAt: Moment;
  isResolved: boolean;
  affects: readonly CustomerRef[];
  /** A post's services (default: the affected service) and tags; its "act by" date; a major change. */
  services?: readonly string[];
  tags?: readonly string[];
  actionRequiredBy?: Moment;
  isMajorChange?: boolean;
};

// Message-center posts (Graph serviceUpdateMessage) carry no status of their own: store a neutral one.
const ADVISORY_STATUS = 'serviceOperational';

export const COMMUNICATIONS: readonly CommunicationSpec[] = [
  {
    partner: 'contoso',
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Users may experience delays sending or receiving email',
    summary:
      'Some users may see delays of up to an hour when sending or receiving email in Exchange Online. We are rerouting traffic away from a subset of affected infrastructure.',
    affectedService: 'Exchange Online',
    status: 'serviceDegradation',
    severity: 'high',
    startAt: ago(0, 5),
    endAt: null,
    lastModifiedAt: ago(0, 1),
    isResolved: false,
    affects: ['tailspin', 'adatum', 'wideWorld', 'litware', 'contoso#0', 'contoso#4'],
  },
  {
    partner: 'contoso',
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Users may be unable to open files in SharePoint Online document libraries',
    summary:
      'We are investigating reports that some users receive an error when they open Office files stored in SharePoint Online document libraries.',
    affectedService: 'SharePoint Online',
    status: 'investigating',
    severity: 'normal',
    startAt: ago(0, 2),
    endAt: null,
    lastModifiedAt: ago(0, 0.5),
    isResolved: false,
    affects: ['adatum', 'contoso#2', 'contoso#6', 'contoso#7'],
  },
  {
    partner: 'contoso',
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Some users could not join Microsoft Teams meetings from the desktop client',
    summary:
      'A configuration change caused some desktop clients to fail when joining meetings. We reverted the change and confirmed that users can join meetings again.',
    affectedService: 'Microsoft Teams',
    status: 'serviceRestored',
    severity: 'normal',
    startAt: ago(3),
    endAt: ago(2, 18),
    lastModifiedAt: ago(2, 17),
    isResolved: true,
    affects: ['tailspin', 'proseware', 'contoso#1', 'contoso#5'],
  },
  {
    partner: 'contoso',
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Sign-in failures for users with multifactor authentication',
    summary:
      'Users who sign in with multifactor authentication may have been unable to complete sign-in to Microsoft 365 services. An infrastructure update was rolled back and sign-ins succeed again.',
    affectedService: 'Microsoft Entra',
    status: 'serviceRestored',
    severity: 'critical',
    startAt: ago(10),
    endAt: ago(9, 20),
    lastModifiedAt: ago(9),
    isResolved: true,
    affects: ['adatum', 'wideWorld', 'litware', 'proseware', 'contoso#3'],
  },
  {
    partner: 'contoso',
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Outlook on the web search returned incomplete results',
    summary: 'Search in Outlook on the web returned incomplete results for some mailboxes. The search index was rebuilt.',
    affectedService: 'Exchange Online',
    status: 'serviceRestored',
    severity: 'normal',
    startAt: ago(41),
    endAt: ago(40),
    lastModifiedAt: ago(39),
    isResolved: true,
    affects: ['tailspin', 'contoso#8', 'contoso#10'],
  },
  {
    partner: 'contoso',
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Retirement of Exchange Web Services in Exchange Online',
    summary:
      'Exchange Web Services (EWS) requests to Exchange Online will be blocked after the retirement date. Move applications that use EWS to Microsoft Graph before then.',
    affectedService: 'Exchange Online',
    status: ADVISORY_STATUS,
    severity: 'high',
    startAt: ago(14),
    endAt: null,
    lastModifiedAt: ago(5),
    isResolved: false,
    affects: ['adatum', 'litware', 'contoso#8', 'contoso#12'],
    tags: ['Retirement', 'Admin impact', 'Major update'],
    actionRequiredBy: daysFromNow(75),
    isMajorChange: true,
  },
  {
    partner: 'contoso',
    kind: 'MC',
    // Operational for most customers; non-CSP for Adatum, whose verified Enterprise Agreement covers Dynamics 365.
    category: 'OPERATIONAL',
    title: 'Dynamics 365: new security roles required for Sales forecasting',
    summary:
      'Users who work with Sales forecasts need one of the new forecasting security roles. Assign them before the change reaches your environments.',
    affectedService: 'Dynamics 365 Apps',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: ago(10),
    endAt: null,
    lastModifiedAt: ago(9),
    isResolved: false,
    affects: ['adatum', 'tailspin', 'contoso#3'],
    tags: ['Admin impact', 'Feature update'],
    actionRequiredBy: daysFromNow(30),
  },
  {
    partner: 'contoso',
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Planned maintenance: Microsoft Teams meeting recordings storage update',
    summary:
      'During the maintenance window, new meeting recordings may take longer to appear in OneDrive and SharePoint. No action is required.',
    affectedService: 'Microsoft Teams',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: ago(6),
    endAt: null,
    lastModifiedAt: ago(6),
    isResolved: false,
    affects: ['tailspin', 'wideWorld', 'contoso#9', 'contoso#10', 'contoso#13'],
  },
  {
    partner: 'contoso',
    kind: 'MC',
    category: 'NON_CSP_PRODUCTS',
    title: 'Azure Enterprise Agreement: changes to your Azure consumption commitment report',
    summary:
      'Customers with an Enterprise Agreement will see the Azure consumption commitment report in the Azure portal cost management blade instead of the EA portal.',
    affectedService: 'Azure',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: ago(20),
    endAt: null,
    lastModifiedAt: ago(18),
    isResolved: false,
    affects: ['adatum', 'wideWorld', 'tailspin', 'contoso#2', 'contoso#9'],
    // Tagged by whoever imported it: a post about products bought outside CSP, whatever the customer.
    tags: ['Non-CSP', 'Admin impact'],
  },
  {
    partner: 'contoso',
    kind: 'MC',
    category: 'SUBSCRIPTION_BILLING',
    // Billing by the partner's rules: "price" in the title (Microsoft tags it as any other post).
    title: 'Price update for Microsoft 365 Business plans and Microsoft Teams Essentials',
    summary:
      'New prices apply to Microsoft 365 Business plans and Microsoft Teams Essentials at the next renewal. Monthly billing for annual-term subscriptions has a surcharge.',
    affectedService: 'Microsoft 365 suite',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: ago(8),
    endAt: null,
    lastModifiedAt: ago(7),
    isResolved: false,
    affects: ['tailspin', 'proseware', 'wideWorld', 'contoso#11'],
    tags: ['Admin impact', 'Plan for change'],
  },
  {
    partner: 'contoso',
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Security advisory: update Microsoft Defender for Endpoint sensors',
    summary:
      'Devices running sensor versions older than the current release may stop reporting. Update the sensors through your usual deployment tool.',
    affectedService: 'Microsoft Defender for Endpoint',
    status: ADVISORY_STATUS,
    severity: 'high',
    startAt: ago(4),
    endAt: null,
    lastModifiedAt: ago(3),
    isResolved: false,
    affects: ['adatum', 'litware', 'contoso#15', 'contoso#16'],
  },
  {
    partner: 'fabrikam',
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Mail flow delays in Exchange Online for government tenants',
    summary:
      'Some messages to and from external recipients are delayed in Exchange Online for US Government tenants. We are rebalancing mail flow across the affected servers.',
    affectedService: 'Exchange Online',
    status: 'serviceDegradation',
    severity: 'high',
    startAt: ago(0, 3),
    endAt: null,
    lastModifiedAt: ago(0, 1),
    isResolved: false,
    affects: ['lamna', 'fabrikam#0', 'fabrikam#2'],
  },
  {
    partner: 'fabrikam',
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Delayed sign-in for some users of Microsoft Entra ID',
    summary: 'Some users saw slow sign-ins to Microsoft 365 Government services. Capacity was added and sign-in times are normal again.',
    affectedService: 'Microsoft Entra',
    status: 'serviceRestored',
    severity: 'normal',
    startAt: ago(12),
    endAt: ago(11, 20),
    lastModifiedAt: ago(11),
    isResolved: true,
    affects: ['lamna', 'fabrikam#3'],
  },
  {
    partner: 'fabrikam',
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Planned maintenance for Microsoft Teams in government clouds',
    summary:
      'Microsoft Teams in government clouds receives planned updates this month. Users may need to restart the desktop client afterwards.',
    affectedService: 'Microsoft Teams',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: ago(9),
    endAt: null,
    lastModifiedAt: ago(9),
    isResolved: false,
    affects: ['lamna', 'fabrikam#1', 'fabrikam#4', 'fabrikam#5'],
  },
];
