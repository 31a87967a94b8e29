// The demo partners, their users, API and embed tokens (DESIGN.md, "Demo data": names, roles, emails and tokens are a contract).
import type { Cloud, Role } from '../../../lib/generated/prisma/client';
import { ago, type Moment } from '../clock';

export type PartnerKey = 'contoso' | 'fabrikam';

export type PartnerSpec = {
  key: PartnerKey;
  name: string;
  partnerNumber: string;
  cloud: Cloud;
  senderName: string;
  senderReplyTo: string;
  createdAt: Moment;
};

export const PARTNERS: readonly PartnerSpec[] = [
  {
    key: 'contoso',
    name: 'Contoso Cloud Partners',
    partnerNumber: '4312001',
    cloud: 'PUBLIC',
    senderName: 'Contoso Cloud Partners',
    senderReplyTo: 'billing@contoso-partners.example',
    createdAt: ago(420),
  },
  {
    key: 'fabrikam',
    name: 'Fabrikam Government Solutions',
    partnerNumber: '4312002',
    cloud: 'US_GOVERNMENT',
    senderName: 'Fabrikam Government Solutions',
    senderReplyTo: 'billing@fabrikam-gov.example',
    createdAt: ago(390),
  },
];

export type UserKey = 'pat' | 'alice' | 'bob' | 'vera' | 'gina';

export type UserSpec = {
  key: UserKey;
  email: string;
  displayName: string;
  role: Role;
  partner: PartnerKey | null;
  timeZone: string;
  /** Never asked for a two-step code, and shown that two-step sign-in is off for demo accounts. */
  twoStepExempt: boolean;
  createdAt: Moment;
};

/**
 * Every demo user signs in with DEMO_PASSWORD alone and reads the portal in English: demo accounts
 * are exempt from two-step sign-in, so that demos and tests stay simple (every account made in the
 * product — create-admin, invitations — follows the rule).
 */
export const USERS: readonly UserSpec[] = [
  {
    key: 'pat',
    email: 'admin@portal.example',
    displayName: 'Pat Admin',
    role: 'PORTAL_ADMIN',
    partner: null,
    timeZone: 'UTC',
    twoStepExempt: true,
    createdAt: ago(430),
  },
  {
    key: 'alice',
    email: 'alice@contoso-partners.example',
    displayName: 'Alice Wu',
    role: 'PARTNER_ADMIN',
    partner: 'contoso',
    timeZone: 'Asia/Taipei',
    twoStepExempt: true,
    createdAt: ago(420),
  },
  {
    key: 'bob',
    email: 'bob@contoso-partners.example',
    displayName: 'Bob Lin',
    role: 'PARTNER_AGENT',
    partner: 'contoso',
    timeZone: 'Asia/Taipei',
    twoStepExempt: true,
    createdAt: ago(400),
  },
  {
    key: 'vera',
    email: 'vera@contoso-partners.example',
    displayName: 'Vera Huang',
    role: 'PARTNER_VIEWER',
    partner: 'contoso',
    timeZone: 'Asia/Taipei',
    twoStepExempt: true,
    createdAt: ago(380),
  },
  {
    key: 'gina',
    email: 'gina@fabrikam-gov.example',
    displayName: 'Gina Torres',
    role: 'PARTNER_ADMIN',
    partner: 'fabrikam',
    timeZone: 'America/New_York',
    twoStepExempt: true,
    createdAt: ago(390),
  },
];

/** API tokens with every scope, one per partner, for trying the API (DESIGN.md, "REST API v1"). */
export const DEMO_API_TOKENS: readonly { partner: PartnerKey; name: string; secret: string; createdAt: Moment }[] = [
  { partner: 'contoso', name: 'Demo token', secret: 'cpt_demo_contoso_token_0001', createdAt: ago(30) },
  { partner: 'fabrikam', name: 'Demo token', secret: 'cpt_demo_fabrikam_token_0001', createdAt: ago(30) },
];

/** An embed token for Contoso's dashboard on a local host page (DESIGN.md, "REST API v1"): no expiry. */
export const DEMO_EMBED_TOKENS: readonly { partner: PartnerKey; name: string; secret: string; allowedOrigin: string; createdAt: Moment }[] =
  [
    {
      partner: 'contoso',
      name: 'Demo host page',
      secret: 'cpe_demo_contoso_embed_0001',
      allowedOrigin: 'http://localhost:8080',
      createdAt: ago(30),
    },
  ];
