// The extra customers for benchmarks (`extraCustomers`): "<Word> <Word> <Suffix> 01234", for Contoso,
// every attribute drawn from their own fixed seed (see buildExtraBatch for the order of the draws).
import type { PartnerKey } from './partners';

export type ExtraCustomersSpec = {
  partner: PartnerKey;
  verifiedChance: number;
  /** A verified one's agreement, drawn from these. */
  agreementTypes: readonly string[];
  evidenceNote: string;
  germanyChance: number;
  advisorChance: number;
  zhTwChance: number;
  /** Created this many days (a whole number in the range) and 0–23 hours ago. */
  createdDaysAgo: readonly [number, number];
  maxSubscriptions: number;
  contactChances: { primary: number; technical: number };
};

export const EXTRA_CUSTOMERS: ExtraCustomersSpec = {
  partner: 'contoso',
  verifiedChance: 0.06,
  agreementTypes: ['Enterprise Agreement', 'Microsoft Customer Agreement'],
  evidenceNote: 'Agreement on file.',
  germanyChance: 0.05,
  advisorChance: 0.2,
  zhTwChance: 0.25,
  createdDaysAgo: [1, 1500],
  maxSubscriptions: 3,
  contactChances: { primary: 0.8, technical: 0.15 },
};

export const EXTRA_WORDS_A = [
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

export const EXTRA_WORDS_B = [
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

export const EXTRA_SUFFIXES = [
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
