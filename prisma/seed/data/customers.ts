// The demo customers: six named ones (DESIGN.md, "Demo data") with their contacts and subscriptions,
// and per partner a list of generated ones (fixed names, other attributes drawn from the fixed seed).
import type {
  Cloud,
  ContactRole,
  DirectRelationship,
  Language,
  RelationshipToPartner,
  SubscriptionStatus,
  SubscriptionTerm,
} from '../../../lib/generated/prisma/client';
import { ago, type Moment } from '../clock';
import type { PartnerKey } from './partners';

export type NamedCustomerKey = 'adatum' | 'tailspin' | 'wideWorld' | 'litware' | 'proseware' | 'lamna';
/** A named customer, or a generated one by partner and position: 'contoso#4'. */
export type CustomerRef = NamedCustomerKey | `${PartnerKey}#${number}`;

/**
 * A direct Microsoft relationship the partner recorded (a rejected one stays on the review only),
 * with the products and services it covers (a post about them is non-CSP for the customer once verified).
 */
export type DirectClaim = {
  relationship: Exclude<DirectRelationship, 'NONE'>;
  agreementType: string;
  evidenceNote: string;
  services: readonly string[];
};

export type ContactSpec = { name: string; local: string; role: ContactRole; language: Language | null };

export type SubscriptionSpec = {
  offerName: string;
  quantity: number;
  status: SubscriptionStatus;
  term: SubscriptionTerm;
  /** Commitment end, in days from today (negative: in the past). */
  endInDays: number;
  /** Without it: on while the subscription is ACTIVE or SUSPENDED. */
  autoRenew?: boolean;
};

export type NamedCustomerSpec = {
  key: NamedCustomerKey;
  partner: PartnerKey;
  companyName: string;
  domain: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Language;
  direct?: DirectClaim;
  createdAt: Moment;
  contacts: readonly ContactSpec[];
  subscriptions: readonly SubscriptionSpec[];
};

export const NAMED_CUSTOMERS: readonly NamedCustomerSpec[] = [
  {
    key: 'adatum',
    partner: 'contoso',
    companyName: 'Adatum Corporation',
    domain: 'adatum.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    direct: {
      relationship: 'VERIFIED',
      agreementType: 'Enterprise Agreement',
      evidenceNote:
        'Enterprise Agreement enrollment 8712-3345 (Azure and Dynamics 365), signed with Microsoft directly; copy of the enrollment form on file.',
      services: ['Azure', 'Dynamics 365'],
    },
    createdAt: ago(365),
    contacts: [
      { name: 'Elena Fischer', local: 'elena.fischer', role: 'PRIMARY', language: 'en' },
      { name: 'Marcus Johnson', local: 'marcus.johnson', role: 'BILLING', language: null },
      { name: 'Priya Patel', local: 'priya.patel', role: 'TECHNICAL', language: null },
    ],
    subscriptions: [
      { offerName: 'Microsoft 365 E3', quantity: 250, status: 'ACTIVE', term: 'P1Y', endInDays: 45 },
      { offerName: 'Dynamics 365 Sales Enterprise', quantity: 40, status: 'ACTIVE', term: 'P3Y', endInDays: 410 },
      { offerName: 'Azure plan', quantity: 1, status: 'ACTIVE', term: 'P1M', endInDays: 17 },
      { offerName: 'Microsoft Defender for Endpoint P2', quantity: 250, status: 'ACTIVE', term: 'P1Y', endInDays: 200 },
    ],
  },
  {
    key: 'tailspin',
    partner: 'contoso',
    companyName: 'Tailspin Toys',
    domain: 'tailspintoys.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    createdAt: ago(340),
    contacts: [
      { name: 'Miguel Reyes', local: 'miguel.reyes', role: 'PRIMARY', language: 'en' },
      { name: 'Dana Brooks', local: 'dana.brooks', role: 'BILLING', language: 'en' },
      { name: 'Yuki Tanaka', local: 'yuki.tanaka', role: 'TECHNICAL', language: null },
    ],
    subscriptions: [
      // Ends within 60 days and has no renewal notice (the demo's "renewal due" example).
      { offerName: 'Microsoft 365 Business Premium', quantity: 35, status: 'ACTIVE', term: 'P1Y', endInDays: 21 },
      { offerName: 'Exchange Online (Plan 1)', quantity: 12, status: 'ACTIVE', term: 'P1Y', endInDays: 230 },
      { offerName: 'Microsoft Teams Essentials', quantity: 8, status: 'EXPIRED', term: 'P1M', endInDays: -12, autoRenew: false },
    ],
  },
  {
    key: 'wideWorld',
    partner: 'contoso',
    companyName: 'Wide World Importers',
    domain: 'wideworldimporters.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    direct: {
      relationship: 'DECLARED',
      agreementType: 'Microsoft Customer Agreement',
      evidenceNote:
        'Customer buys Dynamics 365 Finance directly from Microsoft under a Microsoft Customer Agreement (billing account 5521-0098); invoice copy received from their finance team.',
      services: ['Dynamics 365 Finance'],
    },
    createdAt: ago(300),
    contacts: [
      { name: 'Grace Okafor', local: 'grace.okafor', role: 'PRIMARY', language: null },
      { name: 'Samuel Larsen', local: 'samuel.larsen', role: 'BILLING', language: 'en' },
    ],
    subscriptions: [
      { offerName: 'Office 365 E1', quantity: 120, status: 'ACTIVE', term: 'P3Y', endInDays: 700 },
      { offerName: 'Power BI Pro', quantity: 15, status: 'ACTIVE', term: 'P1Y', endInDays: 40 },
      { offerName: 'Microsoft 365 Business Premium', quantity: 60, status: 'ACTIVE', term: 'P1Y', endInDays: 150 },
    ],
  },
  {
    key: 'litware',
    partner: 'contoso',
    companyName: 'Litware, Inc.',
    domain: 'litware.example',
    cloud: 'GERMANY',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'zh_TW',
    createdAt: ago(280),
    contacts: [
      { name: '陳怡君', local: 'yichun.chen', role: 'PRIMARY', language: 'zh_TW' },
      { name: '林志明', local: 'chihming.lin', role: 'BILLING', language: 'zh_TW' },
      { name: '黃家豪', local: 'chiahao.huang', role: 'TECHNICAL', language: 'zh_TW' },
    ],
    subscriptions: [
      { offerName: 'Microsoft 365 E3', quantity: 80, status: 'ACTIVE', term: 'P1Y', endInDays: 33 },
      { offerName: 'Microsoft Defender for Endpoint P2', quantity: 80, status: 'SUSPENDED', term: 'P1Y', endInDays: 150 },
      { offerName: 'Exchange Online (Plan 1)', quantity: 20, status: 'CANCELLED', term: 'P1M', endInDays: -40, autoRenew: false },
    ],
  },
  {
    key: 'proseware',
    partner: 'contoso',
    companyName: 'Proseware, Inc.',
    domain: 'proseware.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'ADVISOR',
    preferredLanguage: 'en',
    createdAt: ago(250),
    contacts: [
      // One person, two roles.
      { name: 'Hannah Walsh', local: 'hannah.walsh', role: 'PRIMARY', language: null },
      { name: 'Hannah Walsh', local: 'hannah.walsh', role: 'BILLING', language: null },
    ],
    subscriptions: [
      { offerName: 'Microsoft 365 Business Premium', quantity: 25, status: 'ACTIVE', term: 'P1Y', endInDays: 120 },
      { offerName: 'Power BI Pro', quantity: 10, status: 'ACTIVE', term: 'P1M', endInDays: 18 },
    ],
  },
  {
    key: 'lamna',
    partner: 'fabrikam',
    companyName: 'Lamna Healthcare',
    domain: 'lamnahealthcare.example',
    cloud: 'US_GOVERNMENT',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    createdAt: ago(330),
    contacts: [
      { name: 'Jordan Bennett', local: 'jordan.bennett', role: 'PRIMARY', language: 'en' },
      { name: 'Avery Ortiz', local: 'avery.ortiz', role: 'BILLING', language: null },
      { name: 'Noah Kim', local: 'noah.kim', role: 'TECHNICAL', language: null },
    ],
    subscriptions: [
      { offerName: 'Microsoft 365 E3', quantity: 400, status: 'ACTIVE', term: 'P1Y', endInDays: 52 },
      { offerName: 'Exchange Online (Plan 1)', quantity: 150, status: 'ACTIVE', term: 'P3Y', endInDays: 800 },
      { offerName: 'Power BI Pro', quantity: 30, status: 'EXPIRED', term: 'P1Y', endInDays: -20, autoRenew: false },
    ],
  },
];

/**
 * One partner's generated customers. What a field leaves to chance is drawn from the fixed seed, in
 * this order per customer: ADVISOR or not, zh-TW or not, then the age in days and hours.
 */
export type GeneratedCustomersSpec = {
  partner: PartnerKey;
  names: readonly string[];
  cloud: Cloud;
  /** Other clouds, by position in `names`. */
  cloudAt?: Readonly<Record<number, Cloud>>;
  /** ADVISOR with this chance, or at these positions; RESELLER otherwise. */
  advisor: { chance: number } | { at: readonly number[] };
  /** zh-TW with this chance; without it, every one is English. */
  zhTwChance?: number;
  /** Created this many days (a whole number in the range) and 0–23 hours ago. */
  createdDaysAgo: readonly [number, number];
  /** Direct Microsoft relationships, by position in `names`. */
  direct: Readonly<Record<number, DirectClaim>>;
};

export const GENERATED_CUSTOMERS: readonly GeneratedCustomersSpec[] = [
  {
    partner: 'contoso',
    names: [
      'Northwind Traders',
      'Fourth Coffee',
      'Alpine Ski House',
      'Blue Yonder Airlines',
      'Coho Winery',
      'Graphic Design Institute',
      'Humongous Insurance',
      'Lucerne Publishing',
      "Margie's Travel",
      'Trey Research',
      'VanArsdel, Ltd.',
      'Woodgrove Bank',
      'Consolidated Messenger',
      'Datum Corporation',
      'Relecloud',
      'Southridge Video',
      'Bellows College',
      'Best For You Organics',
      'Fincher Architects',
      'First Up Consultants',
    ],
    cloud: 'PUBLIC',
    cloudAt: { 3: 'GERMANY', 11: 'GERMANY' },
    advisor: { chance: 0.25 },
    zhTwChance: 0.3,
    createdDaysAgo: [20, 900],
    direct: {
      2: {
        relationship: 'VERIFIED',
        agreementType: 'Enterprise Agreement',
        evidenceNote: 'Enterprise Agreement enrollment 6120-4471 for Azure; confirmed by the customer’s procurement team.',
        services: ['Azure'],
      },
      9: {
        relationship: 'VERIFIED',
        agreementType: 'Microsoft Customer Agreement',
        evidenceNote:
          'Buys Dynamics 365 Business Central directly from Microsoft; MCA billing account shown in their Microsoft admin center.',
        services: ['Dynamics 365 Business Central'],
      },
      14: {
        relationship: 'REJECTED',
        agreementType: 'Enterprise Agreement',
        evidenceNote: 'Customer mentioned an old Enterprise Agreement during a call.',
        services: ['Azure'],
      },
    },
  },
  {
    partner: 'fabrikam',
    names: [
      'City Power & Light',
      'School of Fine Art',
      'Nod Publishers',
      'Wingtip Toys',
      "Munson's Pickles and Preserves",
      'Proseware Labs',
    ],
    cloud: 'US_GOVERNMENT',
    advisor: { at: [4] },
    createdDaysAgo: [20, 700],
    direct: {
      1: {
        relationship: 'VERIFIED',
        agreementType: 'Enterprise Agreement',
        evidenceNote: 'State Enterprise Agreement for Azure Government; enrollment number on file.',
        services: ['Azure Government'],
      },
    },
  },
];

/** How generated customers' contacts and subscriptions are drawn (see randomContacts, randomSubscriptions). */
export const GENERATED_CONTACT_CHANCES = { primary: 0.85, technical: 0.4 };
export const GENERATED_MAX_SUBSCRIPTIONS = 4;
