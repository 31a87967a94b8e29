// The relationship reviews: the history behind every declared, verified or rejected direct
// relationship. The agreement and evidence are the customer's claim (./customers.ts).
import type { ReviewStatus } from '../../../lib/generated/prisma/client';
import { ago, type Moment } from '../clock';
import type { CustomerRef } from './customers';
import type { UserKey } from './partners';

export type ReviewSpec = {
  customer: CustomerRef;
  declaredBy: UserKey;
  declaredAt: Moment;
  /** Decided by the portal admin; null: still pending. */
  decision: { status: Exclude<ReviewStatus, 'PENDING'>; at: Moment; note: string } | null;
};

/** Who decides the reviews. */
export const REVIEWER: UserKey = 'pat';

const REJECTED_NOTE =
  'The agreement could not be matched to this customer’s tenant; please attach the signed agreement or a current invoice.';

export const REVIEWS: readonly ReviewSpec[] = [
  {
    customer: 'adatum',
    declaredBy: 'alice',
    declaredAt: ago(62),
    decision: { status: 'APPROVED', at: ago(60), note: 'Enrollment number confirmed with the customer’s Microsoft account team.' },
  },
  { customer: 'wideWorld', declaredBy: 'alice', declaredAt: ago(2), decision: null },
  {
    customer: 'contoso#2',
    declaredBy: 'alice',
    declaredAt: ago(152),
    decision: { status: 'APPROVED', at: ago(150), note: 'Agreement confirmed.' },
  },
  {
    customer: 'contoso#9',
    declaredBy: 'alice',
    declaredAt: ago(159),
    decision: { status: 'APPROVED', at: ago(157), note: 'Agreement confirmed.' },
  },
  { customer: 'contoso#14', declaredBy: 'bob', declaredAt: ago(40), decision: { status: 'REJECTED', at: ago(37), note: REJECTED_NOTE } },
  {
    customer: 'fabrikam#1',
    declaredBy: 'gina',
    declaredAt: ago(90),
    decision: { status: 'APPROVED', at: ago(88), note: 'Enrollment confirmed.' },
  },
];
