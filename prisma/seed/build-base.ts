// The fixed demo data: the data tables (./data) turned into rows by the builders, all drawing from one
// fixed-seed generator in this order, so that the same `now` gives the same rows.
import { buildCommunications } from './build-communications';
import { buildConnector } from './build-connector';
import { buildCustomers } from './build-customers';
import { buildNotices } from './build-notices';
import { buildApiTokens, buildEmbedTokens, buildPartnerAudits, buildPartners, buildUsers } from './build-partners';
import { buildReviews } from './build-reviews';
import { buildRenewalRules, buildTemplates } from './build-templates';
import { makeClock } from './clock';
import type { PartnerKey } from './data/partners';
import { createRandom } from './random';
import type { Dataset, PartnerRow } from './rows';

const BASE_SEED = 'csp-communications-portal/demo/base/v1';

export function buildBaseDataset(now: Date, passwordHash: string): { data: Dataset; partner: (key: PartnerKey) => PartnerRow } {
  const rng = createRandom(BASE_SEED);
  const clock = makeClock(now);
  const partners = buildPartners(rng, clock);
  const users = buildUsers(rng, clock, partners.find, passwordHash);
  const customers = buildCustomers(rng, clock, partners.find);
  const reviews = buildReviews(rng, clock, users.find, customers);
  const communications = buildCommunications(rng, clock, partners.find, customers);
  const templates = buildTemplates(rng, clock, partners.find);
  const rules = buildRenewalRules(rng, clock, partners.find, templates.find);
  const notices = buildNotices(rng, clock, { partner: partners.find, user: users.find, template: templates.find, customers });
  const apiTokens = buildApiTokens(rng, clock, partners.find);
  const embedTokens = buildEmbedTokens(rng, clock, partners.find);
  const connector = buildConnector(rng, clock, partners.find, customers);
  const data: Dataset = {
    partners: partners.rows,
    users: users.rows,
    customers: customers.customers,
    contacts: customers.contacts,
    subscriptions: customers.subscriptions,
    reviews,
    ...communications,
    templates: templates.rows,
    rules,
    ...notices,
    apiTokens,
    embedTokens,
    ...connector,
    audits: buildPartnerAudits(clock, partners.rows),
  };
  return { data, partner: partners.find };
}
