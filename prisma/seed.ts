// The demo data (DESIGN.md, "Demo data"): two partners, five users, named and generated customers
// with contacts and subscriptions, Microsoft communications, notice templates, notices in every
// status with their deliveries, relationship reviews and demo API tokens.
//
// Deterministic: every id, name and number comes from a fixed-seed generator (./seed/random);
// every time is relative to `options.now`. Two runs with the same `now` give the same rows (the
// password hash alone differs: it has a random salt). The seed assumes an empty database (the
// caller checks) and never deletes anything. The fixed part is one transaction of createMany calls;
// `extraCustomers` (for benchmarks, Contoso) come afterwards from their own generator, so the fixed
// part is the same whatever their number, in batches of bulk INSERTs (see bulkInsertCustomers).
import type {
  BillingCycle,
  Cloud,
  CommunicationCategory,
  ContactRole,
  DirectRelationship,
  Language,
  NoticeKind,
  NoticeStatus,
  Prisma,
  PrismaClient,
  RelationshipToPartner,
  SubscriptionStatus,
  SubscriptionTerm,
} from '../lib/generated/prisma/client';
import { hashPassword } from '../lib/runtime/password';
import { hashToken } from '../lib/runtime/tokens';
import { API_SCOPES } from '../lib/domain/permissions';
import { createRandom, type Random } from './seed/random';

export type SeedOptions = { now: Date; extraCustomers?: number; log?: (line: string) => void };

export const DEMO_PASSWORD = 'demo-password-1';

const BASE_SEED = 'csp-communications-portal/demo/base/v1';
const EXTRA_SEED = 'csp-communications-portal/demo/extra/v1';
const EXTRA_BATCH = 5000;
/** PostgreSQL accepts at most 65,535 bind parameters per statement; stay well below. */
const MAX_PARAMS = 30_000;
const CUSTOMER_COLUMNS = 16;
const CONTACT_COLUMNS = 9;
const SUBSCRIPTION_COLUMNS = 14;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const DEMO_TOKEN_SCOPES = API_SCOPES;

// ---------------------------------------------------------------------------------------------
// Row types: the createMany inputs, with the fields that the seed reads back made required.

type PartnerRow = Prisma.PartnerCreateManyInput & { id: string; name: string; senderReplyTo: string };
type UserRow = Prisma.UserCreateManyInput & { id: string };
type CustomerRow = Prisma.CustomerCreateManyInput & {
  id: string;
  partnerId: string;
  companyName: string;
  domain: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Language;
  directRelationship: DirectRelationship;
  createdAt: Date;
};
type ContactRow = Prisma.ContactCreateManyInput & { id: string; name: string; email: string; language: Language | null; role: ContactRole };
type SubscriptionRow = Prisma.SubscriptionCreateManyInput & {
  id: string;
  offerName: string;
  status: SubscriptionStatus;
  startDate: Date;
  commitmentEndDate: Date;
};
type TemplateRow = Prisma.NoticeTemplateCreateManyInput & { id: string };

type Dataset = {
  partners: PartnerRow[];
  users: UserRow[];
  customers: CustomerRow[];
  contacts: ContactRow[];
  subscriptions: SubscriptionRow[];
  reviews: Prisma.RelationshipReviewCreateManyInput[];
  communications: Prisma.MicrosoftCommunicationCreateManyInput[];
  affected: Prisma.CommunicationAffectedCustomerCreateManyInput[];
  templates: TemplateRow[];
  rules: Prisma.RenewalReminderRuleCreateManyInput[];
  notices: Prisma.NoticeCreateManyInput[];
  noticeCustomers: Prisma.NoticeCustomerCreateManyInput[];
  noticeSubscriptions: Prisma.NoticeSubscriptionCreateManyInput[];
  deliveries: Prisma.NoticeDeliveryCreateManyInput[];
  apiTokens: Prisma.ApiTokenCreateManyInput[];
  audits: Prisma.AuditEventCreateManyInput[];
};

// ---------------------------------------------------------------------------------------------
// Time: everything is relative to `now`; subscription dates are UTC calendar days.

type Clock = {
  now: Date;
  /** `days` (and `hours`) before now. */
  ago: (days: number, hours?: number) => Date;
  /** `days` (and `hours`) after now. */
  later: (days: number, hours?: number) => Date;
  /** The UTC calendar day `offset` days from today (a UTC-midnight Date, for @db.Date). */
  day: (offset: number) => Date;
};

function makeClock(now: Date): Clock {
  const t = now.getTime();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    now: new Date(t),
    ago: (days, hours = 0) => new Date(t - days * DAY_MS - hours * HOUR_MS),
    later: (days, hours = 0) => new Date(t + days * DAY_MS + hours * HOUR_MS),
    day: (offset) => new Date(today + offset * DAY_MS),
  };
}

/** The calendar day `months` months before `date` (clamped to the month's last day). */
function monthsBefore(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)));
}

// ---------------------------------------------------------------------------------------------
// Word lists.

type Person = { name: string; local: string };

const FIRST_NAMES = [
  'Avery',
  'Jordan',
  'Morgan',
  'Riley',
  'Casey',
  'Taylor',
  'Jamie',
  'Quinn',
  'Harper',
  'Rowan',
  'Elena',
  'Marcus',
  'Priya',
  'Daniel',
  'Sofia',
  'Omar',
  'Hannah',
  'Lucas',
  'Maya',
  'Noah',
  'Grace',
  'Ethan',
  'Isabel',
  'Samuel',
  'Chloe',
  'Ivan',
  'Nadia',
  'Tomas',
  'Yuki',
  'Leila',
] as const;
const LAST_NAMES = [
  'Nguyen',
  'Patel',
  'Garcia',
  'Johnson',
  'Kim',
  'Schmidt',
  'Rossi',
  'Okafor',
  'Silva',
  'Larsen',
  'Novak',
  'Chen',
  'Tanaka',
  'Haddad',
  'Brooks',
  'Reyes',
  'Walsh',
  'Fischer',
  'Ortiz',
  'Bennett',
] as const;
const ZH_FAMILY = [
  ['陳', 'chen'],
  ['林', 'lin'],
  ['黃', 'huang'],
  ['張', 'chang'],
  ['李', 'lee'],
  ['王', 'wang'],
  ['吳', 'wu'],
  ['劉', 'liu'],
  ['蔡', 'tsai'],
  ['楊', 'yang'],
] as const;
const ZH_GIVEN = [
  ['怡君', 'yichun'],
  ['志明', 'chihming'],
  ['淑芬', 'shufen'],
  ['家豪', 'chiahao'],
  ['雅婷', 'yating'],
  ['冠宇', 'kuanyu'],
  ['美玲', 'meiling'],
  ['建宏', 'chienhung'],
  ['佳穎', 'chiaying'],
  ['俊傑', 'chunchieh'],
] as const;

const CONTOSO_GENERATED_NAMES = [
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
] as const;
const FABRIKAM_GENERATED_NAMES = [
  'City Power & Light',
  'School of Fine Art',
  'Nod Publishers',
  'Wingtip Toys',
  "Munson's Pickles and Preserves",
  'Proseware Labs',
] as const;

const EXTRA_WORDS_A = [
  'Northwind',
  'Alpine',
  'Blue',
  'Coho',
  'Granite',
  'Harbor',
  'Maple',
  'Summit',
  'Cedar',
  'Silver',
  'Aurora',
  'Pioneer',
  'Crescent',
  'Evergreen',
  'Lakeside',
  'Redwood',
  'Bright',
  'Golden',
  'Iron',
  'Lucky',
  'Oak',
  'Pacific',
  'Quartz',
  'Sunrise',
  'Tidal',
  'Union',
  'Vista',
  'Willow',
  'Coral',
  'Falcon',
] as const;
const EXTRA_WORDS_B = [
  'Ridge',
  'Valley',
  'Bay',
  'Peak',
  'River',
  'Stone',
  'Field',
  'Lake',
  'Brook',
  'Forge',
  'Crossing',
  'Mesa',
  'Point',
  'Grove',
  'Hill',
  'Canyon',
  'Meadow',
  'Prairie',
  'Shore',
  'Spring',
] as const;
const EXTRA_SUFFIXES = [
  'Traders',
  'Holdings',
  'Labs',
  'Systems',
  'Logistics',
  'Foods',
  'Partners',
  'Consulting',
  'Manufacturing',
  'Media',
  'Health',
  'Energy',
  'Outfitters',
  'Studios',
  'Analytics',
  'Builders',
  'Clinics',
  'Supply',
  'Ventures',
  'Works',
] as const;

type Offer = { name: string; terms: readonly SubscriptionTerm[]; quantity: readonly [number, number] };
const OFFERS: readonly Offer[] = [
  { name: 'Microsoft 365 E3', terms: ['P1M', 'P1Y', 'P1Y', 'P3Y'], quantity: [10, 500] },
  { name: 'Microsoft 365 Business Premium', terms: ['P1M', 'P1Y', 'P1Y'], quantity: [5, 300] },
  { name: 'Office 365 E1', terms: ['P1M', 'P1Y', 'P3Y'], quantity: [10, 800] },
  { name: 'Dynamics 365 Sales Enterprise', terms: ['P1Y', 'P3Y'], quantity: [5, 120] },
  { name: 'Azure plan', terms: ['P1M'], quantity: [1, 1] },
  { name: 'Microsoft Defender for Endpoint P2', terms: ['P1Y', 'P3Y'], quantity: [10, 500] },
  { name: 'Exchange Online (Plan 1)', terms: ['P1M', 'P1Y'], quantity: [5, 400] },
  { name: 'Power BI Pro', terms: ['P1M', 'P1Y'], quantity: [3, 200] },
  { name: 'Microsoft Teams Essentials', terms: ['P1M', 'P1Y'], quantity: [1, 100] },
];

const TERM_MONTHS: Record<SubscriptionTerm, number> = { P1M: 1, P1Y: 12, P3Y: 36 };
const TERM_DAYS: Record<SubscriptionTerm, number> = { P1M: 30, P1Y: 365, P3Y: 1095 };

// ---------------------------------------------------------------------------------------------
// Row builders shared by the fixed data and the extra customers.

function slugDomain(companyName: string): string {
  const base = companyName
    .toLowerCase()
    .replace(/,?\s+(inc|ltd)\.?$/, '')
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');
  return `${base}.example`;
}

type CustomerInit = {
  partnerId: string;
  companyName: string;
  domain?: string;
  cloud: Cloud;
  relationshipToPartner: RelationshipToPartner;
  preferredLanguage: Language;
  directRelationship?: DirectRelationship;
  directAgreementType?: string;
  directEvidenceNote?: string;
  createdAt: Date;
};

function customerRow(rng: Random, init: CustomerInit): CustomerRow {
  return {
    id: rng.uuid(),
    tenantId: rng.uuid(),
    partnerId: init.partnerId,
    companyName: init.companyName,
    domain: init.domain ?? slugDomain(init.companyName),
    cloud: init.cloud,
    relationshipToPartner: init.relationshipToPartner,
    preferredLanguage: init.preferredLanguage,
    directRelationship: init.directRelationship ?? 'NONE',
    directAgreementType: init.directAgreementType ?? null,
    directEvidenceNote: init.directEvidenceNote ?? null,
    nextCommitmentEndAt: null,
    createdAt: init.createdAt,
    updatedAt: init.createdAt,
  };
}

type SubscriptionInit = {
  offerName: string;
  quantity: number;
  status: SubscriptionStatus;
  term: SubscriptionTerm;
  /** Commitment end, in days from today (negative: in the past). */
  endInDays: number;
  autoRenew?: boolean;
};

function subscriptionRow(rng: Random, clock: Clock, customer: CustomerRow, init: SubscriptionInit): SubscriptionRow {
  const end = clock.day(init.endInDays);
  const start = new Date(monthsBefore(end, TERM_MONTHS[init.term]).getTime() + DAY_MS);
  const billingCycle: BillingCycle = init.term === 'P1M' ? 'MONTHLY' : 'ANNUAL';
  return {
    id: rng.uuid(),
    partnerId: customer.partnerId,
    customerId: customer.id,
    offerName: init.offerName,
    quantity: init.quantity,
    status: init.status,
    term: init.term,
    billingCycle,
    startDate: start,
    commitmentEndDate: end,
    autoRenew: init.autoRenew ?? (init.status === 'ACTIVE' || init.status === 'SUSPENDED'),
    createdAt: customer.createdAt,
    updatedAt: customer.createdAt,
  };
}

function randomSubscriptions(rng: Random, clock: Clock, customer: CustomerRow, maxCount: number): SubscriptionRow[] {
  const count = Math.min(
    maxCount,
    rng.weighted<number>([
      [1, 30],
      [2, 35],
      [3, 25],
      [4, 10],
    ]),
  );
  return rng.sample(OFFERS, count).map((offer) => {
    const term = rng.pick(offer.terms);
    const status = rng.weighted<SubscriptionStatus>([
      ['ACTIVE', 80],
      ['SUSPENDED', 6],
      ['EXPIRED', 8],
      ['CANCELLED', 6],
    ]);
    const endInDays = status === 'EXPIRED' ? -rng.int(1, 150) : status === 'CANCELLED' ? -rng.int(1, 240) : rng.int(1, TERM_DAYS[term]);
    const [low, high] = offer.quantity;
    const raw = rng.int(low, high);
    const quantity = raw > 20 ? Math.round(raw / 5) * 5 : raw;
    const autoRenew = status === 'ACTIVE' ? rng.chance(0.85) : status === 'SUSPENDED';
    return subscriptionRow(rng, clock, customer, { offerName: offer.name, quantity, status, term, endInDays, autoRenew });
  });
}

/** Earliest commitment end among the ACTIVE subscriptions (the schema's nextCommitmentEndAt). */
function nextCommitmentEnd(subscriptions: readonly SubscriptionRow[]): Date | null {
  let earliest: Date | null = null;
  for (const subscription of subscriptions) {
    if (subscription.status !== 'ACTIVE') continue;
    if (!earliest || subscription.commitmentEndDate.getTime() < earliest.getTime()) earliest = subscription.commitmentEndDate;
  }
  return earliest;
}

type ContactInit = { person: Person; role: ContactRole; language: Language | null };

function contactRow(rng: Random, customer: CustomerRow, init: ContactInit): ContactRow {
  return {
    id: rng.uuid(),
    partnerId: customer.partnerId,
    customerId: customer.id,
    name: init.person.name,
    email: `${init.person.local}@${customer.domain}`.toLowerCase(),
    language: init.language,
    role: init.role,
    createdAt: customer.createdAt,
    updatedAt: customer.createdAt,
  };
}

function randomPerson(rng: Random, language: Language): Person {
  if (language === 'zh_TW' && rng.chance(0.6)) {
    const [familyZh, familyEn] = rng.pick(ZH_FAMILY);
    const [givenZh, givenEn] = rng.pick(ZH_GIVEN);
    return { name: `${familyZh}${givenZh}`, local: `${givenEn}.${familyEn}` };
  }
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  return { name: `${first} ${last}`, local: `${first}.${last}`.toLowerCase() };
}

function randomContacts(rng: Random, customer: CustomerRow, chances: { primary: number; technical: number }): ContactRow[] {
  const used = new Set<string>();
  const person = (): Person => {
    let candidate = randomPerson(rng, customer.preferredLanguage);
    for (let attempt = 0; attempt < 4 && used.has(candidate.local); attempt++) candidate = randomPerson(rng, customer.preferredLanguage);
    let local = candidate.local;
    for (let n = 2; used.has(local); n++) local = `${candidate.local}${n}`;
    used.add(local);
    return { name: candidate.name, local };
  };
  const language = (): Language | null => {
    const other: Language = customer.preferredLanguage === 'en' ? 'zh_TW' : 'en';
    return rng.weighted<Language | null>([
      [null, 50],
      [customer.preferredLanguage, 40],
      [other, 10],
    ]);
  };
  const rows: ContactRow[] = [];
  const hasPrimary = rng.chance(chances.primary);
  const primary = hasPrimary ? person() : null;
  const primaryLanguage = language();
  if (primary) rows.push(contactRow(rng, customer, { person: primary, role: 'PRIMARY', language: primaryLanguage }));
  // Sometimes the primary contact also receives the bills (same address, two roles).
  if (primary && rng.chance(0.15)) {
    rows.push(contactRow(rng, customer, { person: primary, role: 'BILLING', language: primaryLanguage }));
  } else {
    rows.push(contactRow(rng, customer, { person: person(), role: 'BILLING', language: language() }));
  }
  if (rng.chance(chances.technical)) rows.push(contactRow(rng, customer, { person: person(), role: 'TECHNICAL', language: language() }));
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Notice texts (Markdown with the template variables; rendered per recipient at send time).

type NoticeText = { subjectEn: string; bodyEn: string; subjectZhTw: string; bodyZhTw: string };

const RENEWAL_TEXT: NoticeText = {
  subjectEn: 'Your {{subscription.offerName}} subscription renews on {{subscription.endDate}}',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'The term of the following subscriptions that {{partner.name}} manages for you ends soon:',
    '',
    '{{subscriptions}}',
    '',
    'They renew automatically for another term unless you tell us otherwise. If you would like to change the number of licenses or move to another plan, please reply to this message before **{{subscription.endDate}}**.',
    '',
    'Kind regards,  ',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '您的 {{subscription.offerName}} 訂閱將於 {{subscription.endDate}} 續訂',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '{{partner.name}} 為您管理的下列訂閱，合約期間即將結束：',
    '',
    '{{subscriptions}}',
    '',
    '除非您另行通知，這些訂閱將自動續訂下一個期間。若您想變更授權數量或改用其他方案，請於 **{{subscription.endDate}}** 前回覆此郵件。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

const PRICE_CHANGE_TEXT: NoticeText = {
  subjectEn: 'Price update for your Microsoft subscriptions from {{partner.name}}',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'Microsoft has announced new prices for some of the products you buy through {{partner.name}}. The new prices apply to the following subscriptions from their next renewal:',
    '',
    '{{subscriptions}}',
    '',
    'Your current price stays the same until the end of the current term. If you have any questions, reply to this message and we will be glad to help.',
    '',
    'Kind regards,  ',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{partner.name}}：您的 Microsoft 訂閱價格調整通知',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    'Microsoft 已公告部分產品的新價格。您透過 {{partner.name}} 購買的下列訂閱，將自下次續訂起適用新價格：',
    '',
    '{{subscriptions}}',
    '',
    '在目前的合約期間結束前，您的價格維持不變。如有任何問題，請直接回覆此郵件，我們將竭誠協助。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

const SUSPENSION_TEXT: NoticeText = {
  subjectEn: 'Action needed: your {{subscription.offerName}} subscription is suspended',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'The following subscriptions are suspended because the latest invoice from {{partner.name}} is overdue:',
    '',
    '{{subscriptions}}',
    '',
    'Your data is kept, but users cannot use the service while it is suspended. Please settle the invoice or contact us to resume the subscription.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '請處理：您的 {{subscription.offerName}} 訂閱已暫停',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '由於 {{partner.name}} 的最新帳單已逾期，下列訂閱已暫停：',
    '',
    '{{subscriptions}}',
    '',
    '您的資料仍會保留，但暫停期間使用者無法使用服務。請儘速付款，或與我們聯絡以恢復訂閱。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

const LICENSE_CHANGE_TEXT: NoticeText = {
  subjectEn: 'License count updated for {{customer.name}}',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'As you requested, {{partner.name}} has changed the number of licenses of the following subscriptions:',
    '',
    '{{subscriptions}}',
    '',
    'The change appears on your next invoice, prorated from today.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{customer.name}} 的授權數量已更新',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '依照您的要求，{{partner.name}} 已調整下列訂閱的授權數量：',
    '',
    '{{subscriptions}}',
    '',
    '此變更將自今日起按比例計費，並列於您的下一期帳單。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

const BILLING_TEXT: NoticeText = {
  subjectEn: 'Your invoices from {{partner.name}} now come as PDF by email',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'From next month, {{partner.name}} sends your invoice for these subscriptions as a PDF to your billing contact instead of by post:',
    '',
    '{{subscriptions}}',
    '',
    'Nothing changes in what you pay or when. Reply to this message to send the invoices to another address.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{partner.name}} 帳單將改以 PDF 電子郵件寄送',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '自下個月起，{{partner.name}} 將以 PDF 電子郵件將下列訂閱的帳單寄給您的帳務聯絡人，不再郵寄紙本：',
    '',
    '{{subscriptions}}',
    '',
    '付款金額與期限均不變。若要將帳單寄至其他地址，請回覆此郵件。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

const GENERAL_TEXT: NoticeText = {
  subjectEn: 'Your Microsoft cloud services with {{partner.name}}: what is new this quarter',
  bodyEn: [
    'Dear {{customer.name}},',
    '',
    'Here is a short summary of the subscriptions that {{partner.name}} manages for you:',
    '',
    '{{subscriptions}}',
    '',
    'Microsoft may contact you directly about service incidents and operational matters; for anything about these subscriptions and their billing, please talk to us.',
    '',
    '{{partner.name}}',
  ].join('\n'),
  subjectZhTw: '{{partner.name}} 為您管理的 Microsoft 雲端服務：本季重點',
  bodyZhTw: [
    '{{customer.name}} 您好：',
    '',
    '以下是 {{partner.name}} 為您管理的訂閱摘要：',
    '',
    '{{subscriptions}}',
    '',
    'Microsoft 可能會就服務事件與營運事項直接與您聯絡；凡與這些訂閱及其帳務相關的事項，請與我們聯繫。',
    '',
    '{{partner.name}} 敬上',
  ].join('\n'),
};

// ---------------------------------------------------------------------------------------------
// The fixed demo data.

type NamedCustomer = CustomerInit & {
  contacts: { name: string; local: string; role: ContactRole; language: Language | null }[];
  subscriptions: SubscriptionInit[];
};

function buildBaseDataset(now: Date, passwordHash: string): Dataset {
  const rng = createRandom(BASE_SEED);
  const clock = makeClock(now);
  const data: Dataset = {
    partners: [],
    users: [],
    customers: [],
    contacts: [],
    subscriptions: [],
    reviews: [],
    communications: [],
    affected: [],
    templates: [],
    rules: [],
    notices: [],
    noticeCustomers: [],
    noticeSubscriptions: [],
    deliveries: [],
    apiTokens: [],
    audits: [],
  };

  // Partners.
  const contoso: PartnerRow = {
    id: rng.uuid(),
    name: 'Contoso Cloud Partners',
    partnerNumber: '4312001',
    cloud: 'PUBLIC',
    senderName: 'Contoso Cloud Partners',
    senderReplyTo: 'billing@contoso-partners.example',
    createdAt: clock.ago(420),
    updatedAt: clock.ago(420),
  };
  const fabrikam: PartnerRow = {
    id: rng.uuid(),
    name: 'Fabrikam Government Solutions',
    partnerNumber: '4312002',
    cloud: 'US_GOVERNMENT',
    senderName: 'Fabrikam Government Solutions',
    senderReplyTo: 'billing@fabrikam-gov.example',
    createdAt: clock.ago(390),
    updatedAt: clock.ago(390),
  };
  data.partners.push(contoso, fabrikam);
  const mailDomain = (partner: PartnerRow): string => partner.senderReplyTo.split('@')[1] ?? 'portal.example';

  // Users.
  const user = (
    email: string,
    displayName: string,
    role: UserRow['role'],
    partner: PartnerRow | null,
    timeZone: string,
    daysAgo: number,
  ): UserRow => {
    const row: UserRow = {
      id: rng.uuid(),
      email: email.toLowerCase(),
      displayName,
      role,
      partnerId: partner?.id ?? null,
      language: 'en',
      timeZone,
      active: true,
      passwordHash,
      createdAt: clock.ago(daysAgo),
      updatedAt: clock.ago(daysAgo),
    };
    data.users.push(row);
    return row;
  };
  const pat = user('admin@portal.example', 'Pat Admin', 'PORTAL_ADMIN', null, 'UTC', 430);
  const alice = user('alice@contoso-partners.example', 'Alice Wu', 'PARTNER_ADMIN', contoso, 'Asia/Taipei', 420);
  const bob = user('bob@contoso-partners.example', 'Bob Lin', 'PARTNER_AGENT', contoso, 'Asia/Taipei', 400);
  user('vera@contoso-partners.example', 'Vera Huang', 'PARTNER_VIEWER', contoso, 'Asia/Taipei', 380);
  const gina = user('gina@fabrikam-gov.example', 'Gina Torres', 'PARTNER_ADMIN', fabrikam, 'America/New_York', 390);

  // Customers, with their contacts and subscriptions.
  const addCustomer = (customer: CustomerRow, contacts: ContactRow[], subscriptions: SubscriptionRow[]): CustomerRow => {
    customer.nextCommitmentEndAt = nextCommitmentEnd(subscriptions);
    data.customers.push(customer);
    data.contacts.push(...contacts);
    data.subscriptions.push(...subscriptions);
    return customer;
  };
  const addNamed = (spec: NamedCustomer): CustomerRow => {
    const customer = customerRow(rng, spec);
    const contacts = spec.contacts.map((contact) =>
      contactRow(rng, customer, { person: { name: contact.name, local: contact.local }, role: contact.role, language: contact.language }),
    );
    const subscriptions = spec.subscriptions.map((init) => subscriptionRow(rng, clock, customer, init));
    return addCustomer(customer, contacts, subscriptions);
  };

  const adatum = addNamed({
    partnerId: contoso.id,
    companyName: 'Adatum Corporation',
    domain: 'adatum.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    directRelationship: 'VERIFIED',
    directAgreementType: 'Enterprise Agreement',
    directEvidenceNote:
      'Enterprise Agreement enrollment 8712-3345 (Azure and Dynamics 365), signed with Microsoft directly; copy of the enrollment form on file.',
    createdAt: clock.ago(365),
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
  });
  const tailspin = addNamed({
    partnerId: contoso.id,
    companyName: 'Tailspin Toys',
    domain: 'tailspintoys.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    createdAt: clock.ago(340),
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
  });
  const wideWorld = addNamed({
    partnerId: contoso.id,
    companyName: 'Wide World Importers',
    domain: 'wideworldimporters.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    directRelationship: 'DECLARED',
    directAgreementType: 'Microsoft Customer Agreement',
    directEvidenceNote:
      'Customer buys Dynamics 365 Finance directly from Microsoft under a Microsoft Customer Agreement (billing account 5521-0098); invoice copy received from their finance team.',
    createdAt: clock.ago(300),
    contacts: [
      { name: 'Grace Okafor', local: 'grace.okafor', role: 'PRIMARY', language: null },
      { name: 'Samuel Larsen', local: 'samuel.larsen', role: 'BILLING', language: 'en' },
    ],
    subscriptions: [
      { offerName: 'Office 365 E1', quantity: 120, status: 'ACTIVE', term: 'P3Y', endInDays: 700 },
      { offerName: 'Power BI Pro', quantity: 15, status: 'ACTIVE', term: 'P1Y', endInDays: 40 },
      { offerName: 'Microsoft 365 Business Premium', quantity: 60, status: 'ACTIVE', term: 'P1Y', endInDays: 150 },
    ],
  });
  const litware = addNamed({
    partnerId: contoso.id,
    companyName: 'Litware, Inc.',
    domain: 'litware.example',
    cloud: 'GERMANY',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'zh_TW',
    createdAt: clock.ago(280),
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
  });
  const proseware = addNamed({
    partnerId: contoso.id,
    companyName: 'Proseware, Inc.',
    domain: 'proseware.example',
    cloud: 'PUBLIC',
    relationshipToPartner: 'ADVISOR',
    preferredLanguage: 'en',
    createdAt: clock.ago(250),
    contacts: [
      // One person, two roles.
      { name: 'Hannah Walsh', local: 'hannah.walsh', role: 'PRIMARY', language: null },
      { name: 'Hannah Walsh', local: 'hannah.walsh', role: 'BILLING', language: null },
    ],
    subscriptions: [
      { offerName: 'Microsoft 365 Business Premium', quantity: 25, status: 'ACTIVE', term: 'P1Y', endInDays: 120 },
      { offerName: 'Power BI Pro', quantity: 10, status: 'ACTIVE', term: 'P1M', endInDays: 18 },
    ],
  });
  const lamna = addNamed({
    partnerId: fabrikam.id,
    companyName: 'Lamna Healthcare',
    domain: 'lamnahealthcare.example',
    cloud: 'US_GOVERNMENT',
    relationshipToPartner: 'RESELLER',
    preferredLanguage: 'en',
    createdAt: clock.ago(330),
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
  });

  // Generated customers (fixed names, random attributes from the fixed seed).
  const addGenerated = (init: CustomerInit): CustomerRow => {
    const customer = customerRow(rng, init);
    const contacts = randomContacts(rng, customer, { primary: 0.85, technical: 0.4 });
    const subscriptions = randomSubscriptions(rng, clock, customer, 4);
    return addCustomer(customer, contacts, subscriptions);
  };
  const contosoDirect: Record<number, { direct: DirectRelationship; agreement: string; note: string }> = {
    2: {
      direct: 'VERIFIED',
      agreement: 'Enterprise Agreement',
      note: 'Enterprise Agreement enrollment 6120-4471 for Azure; confirmed by the customer’s procurement team.',
    },
    9: {
      direct: 'VERIFIED',
      agreement: 'Microsoft Customer Agreement',
      note: 'Buys Dynamics 365 Business Central directly from Microsoft; MCA billing account shown in their Microsoft admin center.',
    },
    14: {
      direct: 'REJECTED',
      agreement: 'Enterprise Agreement',
      note: 'Customer mentioned an old Enterprise Agreement during a call.',
    },
  };
  const contosoGenerated = CONTOSO_GENERATED_NAMES.map((companyName, index) => {
    const direct = contosoDirect[index];
    return addGenerated({
      partnerId: contoso.id,
      companyName,
      cloud: index === 3 || index === 11 ? 'GERMANY' : 'PUBLIC',
      relationshipToPartner: rng.chance(0.25) ? 'ADVISOR' : 'RESELLER',
      preferredLanguage: rng.chance(0.3) ? 'zh_TW' : 'en',
      directRelationship: direct?.direct ?? 'NONE',
      ...(direct?.direct === 'VERIFIED' ? { directAgreementType: direct.agreement, directEvidenceNote: direct.note } : {}),
      createdAt: clock.ago(rng.int(20, 900), rng.int(0, 23)),
    });
  });
  const fabrikamGenerated = FABRIKAM_GENERATED_NAMES.map((companyName, index) =>
    addGenerated({
      partnerId: fabrikam.id,
      companyName,
      cloud: 'US_GOVERNMENT',
      relationshipToPartner: index === 4 ? 'ADVISOR' : 'RESELLER',
      preferredLanguage: 'en',
      directRelationship: index === 1 ? 'VERIFIED' : 'NONE',
      ...(index === 1
        ? {
            directAgreementType: 'Enterprise Agreement',
            directEvidenceNote: 'State Enterprise Agreement for Azure Government; enrollment number on file.',
          }
        : {}),
      createdAt: clock.ago(rng.int(20, 700), rng.int(0, 23)),
    }),
  );
  const gen = (index: number): CustomerRow => {
    const customer = contosoGenerated[index];
    if (!customer) throw new Error(`seed: no generated Contoso customer #${index}`);
    return customer;
  };
  const fgen = (index: number): CustomerRow => {
    const customer = fabrikamGenerated[index];
    if (!customer) throw new Error(`seed: no generated Fabrikam customer #${index}`);
    return customer;
  };

  // Relationship reviews: the history behind every declared, verified or rejected relationship.
  const review = (
    customer: CustomerRow,
    declaredBy: UserRow,
    agreementType: string,
    evidenceNote: string,
    declaredDaysAgo: number,
    decision: { status: 'APPROVED' | 'REJECTED'; daysAgo: number; note: string } | null,
  ): void => {
    data.reviews.push({
      id: rng.uuid(),
      partnerId: customer.partnerId,
      customerId: customer.id,
      agreementType,
      evidenceNote,
      status: decision?.status ?? 'PENDING',
      declaredById: declaredBy.id,
      decidedById: decision ? pat.id : null,
      decisionNote: decision?.note ?? null,
      decidedAt: decision ? clock.ago(decision.daysAgo) : null,
      createdAt: clock.ago(declaredDaysAgo),
    });
  };
  review(adatum, alice, 'Enterprise Agreement', adatum.directEvidenceNote ?? '', 62, {
    status: 'APPROVED',
    daysAgo: 60,
    note: 'Enrollment number confirmed with the customer’s Microsoft account team.',
  });
  review(wideWorld, alice, 'Microsoft Customer Agreement', wideWorld.directEvidenceNote ?? '', 2, null);
  for (const [index, direct] of Object.entries(contosoDirect)) {
    const customer = gen(Number(index));
    if (direct.direct === 'VERIFIED') {
      review(customer, alice, direct.agreement, direct.note, 150 + Number(index), {
        status: 'APPROVED',
        daysAgo: 148 + Number(index),
        note: 'Agreement confirmed.',
      });
    } else {
      review(customer, bob, direct.agreement, direct.note, 40, {
        status: 'REJECTED',
        daysAgo: 37,
        note: 'The agreement could not be matched to this customer’s tenant; please attach the signed agreement or a current invoice.',
      });
    }
  }
  review(fgen(1), gina, 'Enterprise Agreement', fgen(1).directEvidenceNote ?? '', 90, {
    status: 'APPROVED',
    daysAgo: 88,
    note: 'Enrollment confirmed.',
  });

  // Microsoft communications.
  const usedExternalIds = new Set<string>();
  const externalId = (partner: PartnerRow, prefix: 'EX' | 'MC'): string => {
    for (;;) {
      const id = `${prefix}${rng.digits(6)}`;
      const key = `${partner.id}/${id}`;
      if (!usedExternalIds.has(key)) {
        usedExternalIds.add(key);
        return id;
      }
    }
  };
  type CommunicationSpec = {
    partner: PartnerRow;
    kind: 'EX' | 'MC';
    category: CommunicationCategory;
    title: string;
    summary: string;
    affectedService: string;
    status: string;
    severity: 'normal' | 'high' | 'critical';
    startAt: Date;
    endAt: Date | null;
    lastModifiedAt: Date;
    isResolved: boolean;
    affects: CustomerRow[];
  };
  const communication = (spec: CommunicationSpec): void => {
    const id = rng.uuid();
    data.communications.push({
      id,
      partnerId: spec.partner.id,
      externalId: externalId(spec.partner, spec.kind),
      category: spec.category,
      title: spec.title,
      summary: spec.summary,
      affectedService: spec.affectedService,
      classification: spec.kind === 'EX' ? 'incident' : 'advisory',
      status: spec.status,
      severity: spec.severity,
      startAt: spec.startAt,
      endAt: spec.endAt,
      lastModifiedAt: spec.lastModifiedAt,
      isResolved: spec.isResolved,
      cloud: spec.partner.cloud,
      createdAt: spec.lastModifiedAt,
      updatedAt: spec.lastModifiedAt,
    });
    for (const customer of spec.affects) {
      data.affected.push({ partnerId: spec.partner.id, communicationId: id, customerId: customer.id });
    }
  };
  // Message-center posts (Graph serviceUpdateMessage) carry no status of their own: store a neutral one.
  const ADVISORY_STATUS = 'serviceOperational';

  communication({
    partner: contoso,
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Users may experience delays sending or receiving email',
    summary:
      'Some users may see delays of up to an hour when sending or receiving email in Exchange Online. We are rerouting traffic away from a subset of affected infrastructure.',
    affectedService: 'Exchange Online',
    status: 'serviceDegradation',
    severity: 'high',
    startAt: clock.ago(0, 5),
    endAt: null,
    lastModifiedAt: clock.ago(0, 1),
    isResolved: false,
    affects: [tailspin, adatum, wideWorld, litware, gen(0), gen(4)],
  });
  communication({
    partner: contoso,
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Users may be unable to open files in SharePoint Online document libraries',
    summary:
      'We are investigating reports that some users receive an error when they open Office files stored in SharePoint Online document libraries.',
    affectedService: 'SharePoint Online',
    status: 'investigating',
    severity: 'normal',
    startAt: clock.ago(0, 2),
    endAt: null,
    lastModifiedAt: clock.ago(0, 0.5),
    isResolved: false,
    affects: [adatum, gen(2), gen(6), gen(7)],
  });
  communication({
    partner: contoso,
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Some users could not join Microsoft Teams meetings from the desktop client',
    summary:
      'A configuration change caused some desktop clients to fail when joining meetings. We reverted the change and confirmed that users can join meetings again.',
    affectedService: 'Microsoft Teams',
    status: 'serviceRestored',
    severity: 'normal',
    startAt: clock.ago(3),
    endAt: clock.ago(2, 18),
    lastModifiedAt: clock.ago(2, 17),
    isResolved: true,
    affects: [tailspin, proseware, gen(1), gen(5)],
  });
  communication({
    partner: contoso,
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Sign-in failures for users with multifactor authentication',
    summary:
      'Users who sign in with multifactor authentication may have been unable to complete sign-in to Microsoft 365 services. An infrastructure update was rolled back and sign-ins succeed again.',
    affectedService: 'Microsoft Entra',
    status: 'serviceRestored',
    severity: 'critical',
    startAt: clock.ago(10),
    endAt: clock.ago(9, 20),
    lastModifiedAt: clock.ago(9),
    isResolved: true,
    affects: [adatum, wideWorld, litware, proseware, gen(3)],
  });
  communication({
    partner: contoso,
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Outlook on the web search returned incomplete results',
    summary: 'Search in Outlook on the web returned incomplete results for some mailboxes. The search index was rebuilt.',
    affectedService: 'Exchange Online',
    status: 'serviceRestored',
    severity: 'normal',
    startAt: clock.ago(41),
    endAt: clock.ago(40),
    lastModifiedAt: clock.ago(39),
    isResolved: true,
    affects: [tailspin, gen(8), gen(10)],
  });
  communication({
    partner: contoso,
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Retirement of Exchange Web Services in Exchange Online',
    summary:
      'Exchange Web Services (EWS) requests to Exchange Online will be blocked after the retirement date. Move applications that use EWS to Microsoft Graph before then.',
    affectedService: 'Exchange Online',
    status: ADVISORY_STATUS,
    severity: 'high',
    startAt: clock.ago(14),
    endAt: null,
    lastModifiedAt: clock.ago(5),
    isResolved: false,
    affects: [adatum, litware, gen(8), gen(12)],
  });
  communication({
    partner: contoso,
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Planned maintenance: Microsoft Teams meeting recordings storage update',
    summary:
      'During the maintenance window, new meeting recordings may take longer to appear in OneDrive and SharePoint. No action is required.',
    affectedService: 'Microsoft Teams',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: clock.ago(6),
    endAt: null,
    lastModifiedAt: clock.ago(6),
    isResolved: false,
    affects: [tailspin, wideWorld, gen(9), gen(10), gen(13)],
  });
  communication({
    partner: contoso,
    kind: 'MC',
    category: 'NON_CSP_PRODUCTS',
    title: 'Azure Enterprise Agreement: changes to your Azure consumption commitment report',
    summary:
      'Customers with an Enterprise Agreement will see the Azure consumption commitment report in the Azure portal cost management blade instead of the EA portal.',
    affectedService: 'Azure',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: clock.ago(20),
    endAt: null,
    lastModifiedAt: clock.ago(18),
    isResolved: false,
    affects: [adatum, wideWorld, tailspin, gen(2), gen(9)],
  });
  communication({
    partner: contoso,
    kind: 'MC',
    category: 'SUBSCRIPTION_BILLING',
    title: 'Price update for Microsoft 365 Business plans and Microsoft Teams Essentials',
    summary:
      'New prices apply to Microsoft 365 Business plans and Microsoft Teams Essentials at the next renewal. Monthly billing for annual-term subscriptions has a surcharge.',
    affectedService: 'Microsoft 365 suite',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: clock.ago(8),
    endAt: null,
    lastModifiedAt: clock.ago(7),
    isResolved: false,
    affects: [tailspin, proseware, wideWorld, gen(11)],
  });
  communication({
    partner: contoso,
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Security advisory: update Microsoft Defender for Endpoint sensors',
    summary:
      'Devices running sensor versions older than the current release may stop reporting. Update the sensors through your usual deployment tool.',
    affectedService: 'Microsoft Defender for Endpoint',
    status: ADVISORY_STATUS,
    severity: 'high',
    startAt: clock.ago(4),
    endAt: null,
    lastModifiedAt: clock.ago(3),
    isResolved: false,
    affects: [adatum, litware, gen(15), gen(16)],
  });
  communication({
    partner: fabrikam,
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Mail flow delays in Exchange Online for government tenants',
    summary:
      'Some messages to and from external recipients are delayed in Exchange Online for US Government tenants. We are rebalancing mail flow across the affected servers.',
    affectedService: 'Exchange Online',
    status: 'serviceDegradation',
    severity: 'high',
    startAt: clock.ago(0, 3),
    endAt: null,
    lastModifiedAt: clock.ago(0, 1),
    isResolved: false,
    affects: [lamna, fgen(0), fgen(2)],
  });
  communication({
    partner: fabrikam,
    kind: 'EX',
    category: 'SERVICE_INCIDENT',
    title: 'Delayed sign-in for some users of Microsoft Entra ID',
    summary: 'Some users saw slow sign-ins to Microsoft 365 Government services. Capacity was added and sign-in times are normal again.',
    affectedService: 'Microsoft Entra',
    status: 'serviceRestored',
    severity: 'normal',
    startAt: clock.ago(12),
    endAt: clock.ago(11, 20),
    lastModifiedAt: clock.ago(11),
    isResolved: true,
    affects: [lamna, fgen(3)],
  });
  communication({
    partner: fabrikam,
    kind: 'MC',
    category: 'OPERATIONAL',
    title: 'Planned maintenance for Microsoft Teams in government clouds',
    summary:
      'Microsoft Teams in government clouds receives planned updates this month. Users may need to restart the desktop client afterwards.',
    affectedService: 'Microsoft Teams',
    status: ADVISORY_STATUS,
    severity: 'normal',
    startAt: clock.ago(9),
    endAt: null,
    lastModifiedAt: clock.ago(9),
    isResolved: false,
    affects: [lamna, fgen(1), fgen(4), fgen(5)],
  });

  // Notice templates and the renewal-reminder rule.
  const template = (partner: PartnerRow, name: string, kind: NoticeKind, text: NoticeText): TemplateRow => {
    const row: TemplateRow = {
      id: rng.uuid(),
      partnerId: partner.id,
      name,
      kind,
      ...text,
      createdAt: clock.ago(200),
      updatedAt: clock.ago(200),
    };
    data.templates.push(row);
    return row;
  };
  const contosoRenewal = template(contoso, 'Renewal reminder', 'RENEWAL', RENEWAL_TEXT);
  const contosoPrice = template(contoso, 'Price change', 'PRICE_CHANGE', PRICE_CHANGE_TEXT);
  const fabrikamRenewal = template(fabrikam, 'Renewal reminder', 'RENEWAL', RENEWAL_TEXT);
  template(fabrikam, 'Price change', 'PRICE_CHANGE', PRICE_CHANGE_TEXT);
  data.rules.push({
    id: rng.uuid(),
    partnerId: contoso.id,
    enabled: false,
    offsetsDays: [60, 30, 7],
    templateId: contosoRenewal.id,
    createdAt: clock.ago(200),
    updatedAt: clock.ago(200),
  });

  // Notices, their targets and deliveries.
  const contactsByCustomer = new Map<string, ContactRow[]>();
  for (const contact of data.contacts) {
    const list = contactsByCustomer.get(contact.customerId) ?? [];
    list.push(contact);
    contactsByCustomer.set(contact.customerId, list);
  }
  const subscriptionsByCustomer = new Map<string, SubscriptionRow[]>();
  for (const subscription of data.subscriptions) {
    const list = subscriptionsByCustomer.get(subscription.customerId) ?? [];
    list.push(subscription);
    subscriptionsByCustomer.set(subscription.customerId, list);
  }
  const subscriptionOf = (customer: CustomerRow, offerName: string): SubscriptionRow => {
    const found = (subscriptionsByCustomer.get(customer.id) ?? []).find((s) => s.offerName === offerName);
    if (!found) throw new Error(`seed: ${customer.companyName} has no ${offerName} subscription`);
    return found;
  };
  /** Never target this one: it is the demo's renewal due without any notice. */
  const tailspinPremium = subscriptionOf(tailspin, 'Microsoft 365 Business Premium');
  const taken = new Set<string>([tailspinPremium.id]);
  const targetedCustomers = new Set<string>();
  /** A generated Contoso customer's ACTIVE subscription ending in [minDays, maxDays], not yet targeted. */
  const generatedTarget = (
    minDays: number,
    maxDays: number,
    needContacts = 1,
  ): { customer: CustomerRow; subscriptions: SubscriptionRow[] } => {
    for (const range of [
      [minDays, maxDays],
      [1, 365],
      [1, 1095],
    ] as const) {
      // Customers not targeted yet first, for variety.
      const order = [
        ...contosoGenerated.filter((c) => !targetedCustomers.has(c.id)),
        ...contosoGenerated.filter((c) => targetedCustomers.has(c.id)),
      ];
      for (const customer of order) {
        if ((contactsByCustomer.get(customer.id) ?? []).length < needContacts) continue;
        const subscription = (subscriptionsByCustomer.get(customer.id) ?? []).find((s) => {
          const days = Math.round((s.commitmentEndDate.getTime() - clock.day(0).getTime()) / DAY_MS);
          return s.status === 'ACTIVE' && !taken.has(s.id) && days >= range[0] && days <= range[1];
        });
        if (subscription) {
          taken.add(subscription.id);
          targetedCustomers.add(customer.id);
          return { customer, subscriptions: [subscription] };
        }
      }
    }
    throw new Error('seed: no generated subscription left to target');
  };

  type NoticeSpec = {
    partner: PartnerRow;
    kind: NoticeKind;
    status: NoticeStatus;
    text: NoticeText;
    roles: ContactRole[];
    targets: { customer: CustomerRow; subscriptions: SubscriptionRow[] }[];
    createdBy: UserRow;
    createdAt: Date;
    version: number;
    templateId?: string;
    scheduledAt?: Date;
    /** When the deliveries were created (the move to SCHEDULED or SENDING). */
    queuedAt?: Date;
    sentAt?: Date;
    cancelledAt?: Date;
    archivedAt?: Date;
    failure?: string;
  };
  const notice = (spec: NoticeSpec): void => {
    const id = rng.uuid();
    // One target per customer (two picked subscriptions of the same customer are merged).
    const targets: NoticeSpec['targets'] = [];
    for (const target of spec.targets) {
      const same = targets.find((t) => t.customer.id === target.customer.id);
      if (same) same.subscriptions.push(...target.subscriptions);
      else targets.push({ customer: target.customer, subscriptions: [...target.subscriptions] });
    }
    const lastChange = spec.archivedAt ?? spec.cancelledAt ?? spec.sentAt ?? spec.queuedAt ?? spec.createdAt;
    data.notices.push({
      id,
      partnerId: spec.partner.id,
      kind: spec.kind,
      status: spec.status,
      ...spec.text,
      recipientRoles: spec.roles,
      scheduledAt: spec.scheduledAt ?? null,
      sentAt: spec.status === 'FAILED' ? null : (spec.sentAt ?? null),
      cancelledAt: spec.cancelledAt ?? null,
      archivedAt: spec.archivedAt ?? null,
      version: spec.version,
      templateId: spec.templateId ?? null,
      createdById: spec.createdBy.id,
      createdAt: spec.createdAt,
      updatedAt: lastChange,
    });
    for (const target of targets) {
      data.noticeCustomers.push({ noticeId: id, customerId: target.customer.id });
      for (const subscription of target.subscriptions) {
        if (subscription.id === tailspinPremium.id) throw new Error('seed: Tailspin Toys’ Business Premium must stay without a notice');
        data.noticeSubscriptions.push({ noticeId: id, subscriptionId: subscription.id });
      }
    }
    if (spec.status === 'DRAFT') return;

    type Recipient = { customer: CustomerRow; contact: ContactRow };
    const recipients: Recipient[] = [];
    const seen = new Set<string>();
    for (const target of targets) {
      for (const contact of contactsByCustomer.get(target.customer.id) ?? []) {
        if (!spec.roles.includes(contact.role) || seen.has(contact.email)) continue;
        seen.add(contact.email);
        recipients.push({ customer: target.customer, contact });
      }
    }
    const queuedAt = spec.queuedAt ?? spec.createdAt;
    const domain = mailDomain(spec.partner);
    recipients.forEach(({ customer, contact }, index) => {
      const base = {
        id: rng.uuid(),
        partnerId: spec.partner.id,
        noticeId: id,
        customerId: customer.id,
        contactId: contact.id,
        recipientEmail: contact.email,
        recipientName: contact.name,
        language: contact.language ?? customer.preferredLanguage,
        messageId: `<${rng.uuid()}@${domain}>`,
        createdAt: queuedAt,
      };
      const sentAt = spec.sentAt ?? queuedAt;
      const deliveredAt = new Date(sentAt.getTime() - (recipients.length - index) * 7_000);
      // PARTIALLY_FAILED: every third recipient from the second one failed (so one sent, one failed at least).
      const failed = spec.status === 'FAILED' || (spec.status === 'PARTIALLY_FAILED' && index % 3 === 1);
      switch (spec.status) {
        case 'SCHEDULED':
          data.deliveries.push({
            ...base,
            status: 'QUEUED',
            attempts: 0,
            nextAttemptAt: spec.scheduledAt ?? queuedAt,
            updatedAt: queuedAt,
          });
          break;
        case 'SENDING':
          data.deliveries.push({ ...base, status: 'QUEUED', attempts: 0, nextAttemptAt: queuedAt, updatedAt: queuedAt });
          break;
        case 'CANCELLED':
          data.deliveries.push({ ...base, status: 'CANCELLED', attempts: 0, updatedAt: spec.cancelledAt ?? queuedAt });
          break;
        default:
          if (failed) {
            data.deliveries.push({
              ...base,
              status: 'FAILED',
              attempts: spec.status === 'FAILED' ? 5 : 1,
              lastError: spec.failure ?? '550 5.1.1 Recipient address rejected: User unknown',
              updatedAt: deliveredAt,
            });
          } else {
            data.deliveries.push({ ...base, status: 'SENT', attempts: 1, sentAt: deliveredAt, updatedAt: deliveredAt });
          }
      }
    });
    if (spec.status === 'PARTIALLY_FAILED' && recipients.length < 2)
      throw new Error('seed: a partially failed notice needs two recipients');
  };

  // DRAFT: a renewal reminder for Litware (zh-TW), not yet scheduled.
  notice({
    partner: contoso,
    kind: 'RENEWAL',
    status: 'DRAFT',
    text: RENEWAL_TEXT,
    roles: ['BILLING'],
    targets: [{ customer: litware, subscriptions: [subscriptionOf(litware, 'Microsoft 365 E3')] }],
    createdBy: bob,
    createdAt: clock.ago(1, 3),
    version: 1,
    templateId: contosoRenewal.id,
  });
  // SCHEDULED: Adatum's Microsoft 365 E3 renewal, plus one more customer, goes out in two days.
  const scheduledQueuedAt = clock.ago(0, 20);
  notice({
    partner: contoso,
    kind: 'RENEWAL',
    status: 'SCHEDULED',
    text: RENEWAL_TEXT,
    roles: ['BILLING', 'PRIMARY'],
    targets: [{ customer: adatum, subscriptions: [subscriptionOf(adatum, 'Microsoft 365 E3')] }, generatedTarget(1, 60)],
    createdBy: alice,
    createdAt: clock.ago(1),
    version: 2,
    templateId: contosoRenewal.id,
    scheduledAt: clock.later(2),
    queuedAt: scheduledQueuedAt,
  });
  // SENDING: a price-change notice being sent right now.
  notice({
    partner: contoso,
    kind: 'PRICE_CHANGE',
    status: 'SENDING',
    text: PRICE_CHANGE_TEXT,
    roles: ['BILLING'],
    targets: [
      { customer: wideWorld, subscriptions: [subscriptionOf(wideWorld, 'Microsoft 365 Business Premium')] },
      generatedTarget(60, 365),
      generatedTarget(60, 365),
    ],
    createdBy: bob,
    createdAt: clock.ago(0, 2),
    version: 2,
    templateId: contosoPrice.id,
    queuedAt: new Date(clock.now.getTime() - 2 * MINUTE_MS),
  });
  // SENT: Wide World Importers' Power BI Pro renewal and two more.
  notice({
    partner: contoso,
    kind: 'RENEWAL',
    status: 'SENT',
    text: RENEWAL_TEXT,
    roles: ['BILLING'],
    targets: [
      { customer: wideWorld, subscriptions: [subscriptionOf(wideWorld, 'Power BI Pro')] },
      generatedTarget(1, 90),
      generatedTarget(1, 90),
    ],
    createdBy: alice,
    createdAt: clock.ago(4),
    version: 3,
    templateId: contosoRenewal.id,
    queuedAt: clock.ago(3, 1),
    sentAt: clock.ago(3),
  });
  // PARTIALLY_FAILED: a license change where one address bounced.
  notice({
    partner: contoso,
    kind: 'LICENSE_CHANGE',
    status: 'PARTIALLY_FAILED',
    text: LICENSE_CHANGE_TEXT,
    roles: ['BILLING', 'TECHNICAL'],
    targets: [
      { customer: adatum, subscriptions: [subscriptionOf(adatum, 'Microsoft Defender for Endpoint P2')] },
      generatedTarget(30, 1095),
      generatedTarget(30, 1095),
    ],
    createdBy: bob,
    createdAt: clock.ago(7),
    version: 3,
    queuedAt: clock.ago(6, 2),
    sentAt: clock.ago(6),
    failure: '550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table',
  });
  // FAILED: the suspension notice to Litware never got through.
  notice({
    partner: contoso,
    kind: 'SUSPENSION',
    status: 'FAILED',
    text: SUSPENSION_TEXT,
    roles: ['BILLING', 'PRIMARY'],
    targets: [{ customer: litware, subscriptions: [subscriptionOf(litware, 'Microsoft Defender for Endpoint P2')] }],
    createdBy: bob,
    createdAt: clock.ago(5),
    version: 3,
    queuedAt: clock.ago(4, 23),
    sentAt: clock.ago(4, 20),
    failure: '421 4.4.2 Connection timed out while talking to the recipient’s mail server',
  });
  // CANCELLED: a scheduled renewal reminder, cancelled before it went out.
  notice({
    partner: contoso,
    kind: 'RENEWAL',
    status: 'CANCELLED',
    text: RENEWAL_TEXT,
    roles: ['BILLING'],
    targets: [generatedTarget(1, 120)],
    createdBy: alice,
    createdAt: clock.ago(9),
    version: 3,
    templateId: contosoRenewal.id,
    scheduledAt: clock.later(5),
    queuedAt: clock.ago(8),
    cancelledAt: clock.ago(2),
  });
  // ARCHIVED: an old billing notice.
  notice({
    partner: contoso,
    kind: 'BILLING',
    status: 'ARCHIVED',
    text: BILLING_TEXT,
    roles: ['BILLING'],
    targets: [
      { customer: adatum, subscriptions: [subscriptionOf(adatum, 'Dynamics 365 Sales Enterprise')] },
      { customer: tailspin, subscriptions: [subscriptionOf(tailspin, 'Exchange Online (Plan 1)')] },
      generatedTarget(90, 1095),
    ],
    createdBy: alice,
    createdAt: clock.ago(97),
    version: 4,
    queuedAt: clock.ago(96),
    sentAt: clock.ago(95, 23),
    archivedAt: clock.ago(20),
  });
  // Fabrikam: a draft renewal and a sent general notice.
  notice({
    partner: fabrikam,
    kind: 'RENEWAL',
    status: 'DRAFT',
    text: RENEWAL_TEXT,
    roles: ['BILLING', 'PRIMARY'],
    targets: [{ customer: lamna, subscriptions: [subscriptionOf(lamna, 'Microsoft 365 E3')] }],
    createdBy: gina,
    createdAt: clock.ago(0, 6),
    version: 1,
    templateId: fabrikamRenewal.id,
  });
  const fabrikamActive = (customer: CustomerRow): SubscriptionRow[] =>
    (subscriptionsByCustomer.get(customer.id) ?? []).filter((s) => s.status === 'ACTIVE').slice(0, 2);
  notice({
    partner: fabrikam,
    kind: 'GENERAL',
    status: 'SENT',
    text: GENERAL_TEXT,
    roles: ['PRIMARY', 'BILLING'],
    targets: [
      { customer: lamna, subscriptions: [subscriptionOf(lamna, 'Exchange Online (Plan 1)')] },
      { customer: fgen(0), subscriptions: fabrikamActive(fgen(0)) },
    ],
    createdBy: gina,
    createdAt: clock.ago(11),
    version: 3,
    queuedAt: clock.ago(10, 1),
    sentAt: clock.ago(10),
  });

  // Demo API tokens (every scope) and a first audit event per partner.
  for (const [partner, secret] of [
    [contoso, 'cpt_demo_contoso_token_0001'],
    [fabrikam, 'cpt_demo_fabrikam_token_0001'],
  ] as const) {
    data.apiTokens.push({
      id: rng.uuid(),
      partnerId: partner.id,
      name: 'Demo token',
      secretHash: hashToken(secret),
      scopes: [...DEMO_TOKEN_SCOPES],
      createdAt: clock.ago(30),
    });
    data.audits.push({
      actorId: null,
      actorLabel: 'seed',
      partnerId: partner.id,
      action: 'seed.created',
      targetType: 'Partner',
      targetId: partner.id,
      after: { name: partner.name, partnerNumber: partner.partnerNumber, cloud: partner.cloud ?? 'PUBLIC' },
      createdAt: clock.now,
    });
  }

  return data;
}

// ---------------------------------------------------------------------------------------------
// Extra customers (benchmarks): "<Word> <Word> <Suffix> 01234", for Contoso.

function buildExtraBatch(
  rng: Random,
  clock: Clock,
  partnerId: string,
  from: number,
  count: number,
  width: number,
): { customers: CustomerRow[]; contacts: ContactRow[]; subscriptions: SubscriptionRow[] } {
  const customers: CustomerRow[] = [];
  const contacts: ContactRow[] = [];
  const subscriptions: SubscriptionRow[] = [];
  for (let i = from; i < from + count; i++) {
    const a = rng.pick(EXTRA_WORDS_A);
    const b = rng.pick(EXTRA_WORDS_B);
    const suffix = rng.pick(EXTRA_SUFFIXES);
    const number = String(i + 1).padStart(width, '0');
    const verified = rng.chance(0.06);
    const customer = customerRow(rng, {
      partnerId,
      companyName: `${a} ${b} ${suffix} ${number}`,
      domain: `${a}${b}${suffix}${number}.example`.toLowerCase(),
      cloud: rng.chance(0.05) ? 'GERMANY' : 'PUBLIC',
      relationshipToPartner: rng.chance(0.2) ? 'ADVISOR' : 'RESELLER',
      preferredLanguage: rng.chance(0.25) ? 'zh_TW' : 'en',
      directRelationship: verified ? 'VERIFIED' : 'NONE',
      ...(verified
        ? {
            directAgreementType: rng.pick(['Enterprise Agreement', 'Microsoft Customer Agreement']),
            directEvidenceNote: 'Agreement on file.',
          }
        : {}),
      createdAt: clock.ago(rng.int(1, 1500), rng.int(0, 23)),
    });
    const own = randomSubscriptions(rng, clock, customer, 3);
    customer.nextCommitmentEndAt = nextCommitmentEnd(own);
    customers.push(customer);
    contacts.push(...randomContacts(rng, customer, { primary: 0.8, technical: 0.15 }));
    subscriptions.push(...own);
  }
  return { customers, contacts, subscriptions };
}

// ---------------------------------------------------------------------------------------------
// Inserting.

function chunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

async function insertMany<T>(rows: readonly T[], columns: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (const batch of chunks(rows, columns)) await insert(batch);
}

/** The fixed demo data: createMany per table, in foreign-key order. */
async function insertDataset(db: Prisma.TransactionClient, data: Dataset): Promise<void> {
  await db.partner.createMany({ data: data.partners });
  await db.user.createMany({ data: data.users });
  await insertMany(data.customers, CUSTOMER_COLUMNS, (rows) => db.customer.createMany({ data: rows }));
  await insertMany(data.contacts, CONTACT_COLUMNS, (rows) => db.contact.createMany({ data: rows }));
  await insertMany(data.subscriptions, SUBSCRIPTION_COLUMNS, (rows) => db.subscription.createMany({ data: rows }));
  await db.relationshipReview.createMany({ data: data.reviews });
  await db.microsoftCommunication.createMany({ data: data.communications });
  await db.communicationAffectedCustomer.createMany({ data: data.affected });
  await db.noticeTemplate.createMany({ data: data.templates });
  await db.renewalReminderRule.createMany({ data: data.rules });
  await db.notice.createMany({ data: data.notices });
  await db.noticeCustomer.createMany({ data: data.noticeCustomers });
  await db.noticeSubscription.createMany({ data: data.noticeSubscriptions });
  await db.noticeDelivery.createMany({ data: data.deliveries });
  await db.apiToken.createMany({ data: data.apiTokens });
  await db.auditEvent.createMany({ data: data.audits });
}

// The extra customers go in with one `INSERT … SELECT FROM unnest(<one array per column>)` per
// table and batch. Measured here, Prisma 6.19's createMany (TypeScript query engine) spends about
// half a millisecond of CPU per row: 100,000 customers with ~2 contacts and ~2 subscriptions each
// took over three minutes; unnest takes a tenth of that CPU. The column lists follow the schema;
// raw SQL sees the database's enum values, so Language zh_TW is written as 'zh-TW'.

function dbLanguage(language: Language | null | undefined): string | null {
  return language === 'zh_TW' ? 'zh-TW' : (language ?? null);
}

function isoTime(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString();
}

function isoDay(value: Date): string {
  return value.toISOString().slice(0, 10);
}

async function bulkInsertCustomers(db: PrismaClient, rows: readonly CustomerRow[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Customer" ("id", "partnerId", "companyName", "domain", "tenantId", "cloud", "relationshipToPartner",
      "preferredLanguage", "directRelationship", "directAgreementType", "directEvidenceNote", "nextCommitmentEndAt", "createdAt", "updatedAt")
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[],
      ${rows.map((r) => r.partnerId)}::uuid[],
      ${rows.map((r) => r.companyName)}::text[],
      ${rows.map((r) => r.domain)}::text[],
      ${rows.map((r) => r.tenantId)}::uuid[],
      ${rows.map((r) => r.cloud)}::"Cloud"[],
      ${rows.map((r) => r.relationshipToPartner)}::"RelationshipToPartner"[],
      ${rows.map((r) => dbLanguage(r.preferredLanguage))}::"Language"[],
      ${rows.map((r) => r.directRelationship)}::"DirectRelationship"[],
      ${rows.map((r) => r.directAgreementType ?? null)}::text[],
      ${rows.map((r) => r.directEvidenceNote ?? null)}::text[],
      ${rows.map((r) => isoTime(r.nextCommitmentEndAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.createdAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.updatedAt))}::timestamptz[]
    )`;
}

async function bulkInsertContacts(db: PrismaClient, rows: readonly ContactRow[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Contact" ("id", "partnerId", "customerId", "name", "email", "language", "role", "createdAt", "updatedAt")
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[],
      ${rows.map((r) => r.partnerId)}::uuid[],
      ${rows.map((r) => r.customerId)}::uuid[],
      ${rows.map((r) => r.name)}::text[],
      ${rows.map((r) => r.email)}::text[],
      ${rows.map((r) => dbLanguage(r.language))}::"Language"[],
      ${rows.map((r) => r.role)}::"ContactRole"[],
      ${rows.map((r) => isoTime(r.createdAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.updatedAt))}::timestamptz[]
    )`;
}

async function bulkInsertSubscriptions(db: PrismaClient, rows: readonly SubscriptionRow[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Subscription" ("id", "partnerId", "customerId", "offerName", "quantity", "status", "term", "billingCycle",
      "startDate", "commitmentEndDate", "autoRenew", "createdAt", "updatedAt")
    SELECT * FROM unnest(
      ${rows.map((r) => r.id)}::uuid[],
      ${rows.map((r) => r.partnerId)}::uuid[],
      ${rows.map((r) => r.customerId)}::uuid[],
      ${rows.map((r) => r.offerName)}::text[],
      ${rows.map((r) => r.quantity)}::int4[],
      ${rows.map((r) => r.status)}::"SubscriptionStatus"[],
      ${rows.map((r) => r.term)}::"SubscriptionTerm"[],
      ${rows.map((r) => r.billingCycle)}::"BillingCycle"[],
      ${rows.map((r) => isoDay(r.startDate))}::date[],
      ${rows.map((r) => isoDay(r.commitmentEndDate))}::date[],
      ${rows.map((r) => r.autoRenew ?? true)}::boolean[],
      ${rows.map((r) => isoTime(r.createdAt))}::timestamptz[],
      ${rows.map((r) => isoTime(r.updatedAt))}::timestamptz[]
    )`;
}

/** Seeds the demo data into an empty database. */
export async function seedDemo(
  prisma: PrismaClient,
  options: SeedOptions,
): Promise<{ partners: number; users: number; customers: number }> {
  const log = options.log ?? (() => undefined);
  const extra = Math.max(0, Math.floor(options.extraCustomers ?? 0));
  const clock = makeClock(options.now);

  // scrypt is slow on purpose: one hash, shared by every demo user.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const data = buildBaseDataset(options.now, passwordHash);
  await prisma.$transaction((tx) => insertDataset(tx, data), { maxWait: 10_000, timeout: 120_000 });
  log(
    `demo data: ${data.partners.length} partners, ${data.users.length} users, ${data.customers.length} customers, ` +
      `${data.subscriptions.length} subscriptions, ${data.communications.length} communications, ${data.notices.length} notices`,
  );

  if (extra > 0) {
    const contosoId = data.partners[0]?.id;
    if (!contosoId) throw new Error('seed: Contoso is missing');
    const rng = createRandom(EXTRA_SEED);
    const width = Math.max(5, String(extra).length);
    for (let from = 0; from < extra; from += EXTRA_BATCH) {
      const batch = buildExtraBatch(rng, clock, contosoId, from, Math.min(EXTRA_BATCH, extra - from), width);
      await bulkInsertCustomers(prisma, batch.customers);
      await Promise.all([bulkInsertContacts(prisma, batch.contacts), bulkInsertSubscriptions(prisma, batch.subscriptions)]);
      const done = Math.min(extra, from + EXTRA_BATCH);
      if (done === extra || done % 20_000 === 0) log(`extra customers: ${done} / ${extra}`);
    }
  }

  return { partners: data.partners.length, users: data.users.length, customers: data.customers.length + extra };
}
