// Extra customers (benchmarks), from their own generator, so the fixed data is the same whatever their number.
import type { Clock } from './clock';
import { customerRow, randomContacts, randomSubscriptions, setNextCommitmentEnd } from './build-customer-rows';
import { EXTRA_CUSTOMERS as SPEC, EXTRA_SUFFIXES, EXTRA_WORDS_A, EXTRA_WORDS_B } from './data/extra-customers';
import { createRandom, type Random } from './random';
import { appendCustomer, type CustomerRows, type OneCustomer } from './rows';

const EXTRA_SEED = 'csp-communications-portal/demo/extra/v1';
const EXTRA_BATCH = 5000;

/** One extra customer, numbered `number`; the draws come in the order written here. */
function extraCustomer(rng: Random, clock: Clock, partnerId: string, number: string): OneCustomer {
  const a = rng.pick(EXTRA_WORDS_A);
  const b = rng.pick(EXTRA_WORDS_B);
  const suffix = rng.pick(EXTRA_SUFFIXES);
  const verified = rng.chance(SPEC.verifiedChance);
  const cloud = rng.chance(SPEC.germanyChance) ? 'GERMANY' : 'PUBLIC';
  const relationshipToPartner = rng.chance(SPEC.advisorChance) ? 'ADVISOR' : 'RESELLER';
  const preferredLanguage = rng.chance(SPEC.zhTwChance) ? 'zh_TW' : 'en';
  const directAgreementType = verified ? rng.pick(SPEC.agreementTypes) : undefined;
  const days = rng.int(...SPEC.createdDaysAgo);
  const hours = rng.int(0, 23);
  const customer = customerRow(rng, {
    partnerId,
    companyName: `${a} ${b} ${suffix} ${number}`,
    domain: `${a}${b}${suffix}${number}.example`.toLowerCase(),
    cloud,
    relationshipToPartner,
    preferredLanguage,
    directRelationship: verified ? 'VERIFIED' : 'NONE',
    ...(verified ? { directAgreementType, directEvidenceNote: SPEC.evidenceNote } : {}),
    createdAt: clock.ago(days, hours),
  });
  const subscriptions = randomSubscriptions(rng, clock, customer, SPEC.maxSubscriptions);
  setNextCommitmentEnd(customer, subscriptions);
  const contacts = randomContacts(rng, customer, SPEC.contactChances);
  return { customer, contacts, subscriptions };
}

/** `total` extra customers in batches of EXTRA_BATCH, built as they are asked for; `done` counts them. */
export function* buildExtraBatches(clock: Clock, partnerId: string, total: number): Generator<{ rows: CustomerRows; done: number }> {
  const rng = createRandom(EXTRA_SEED);
  const width = Math.max(5, String(total).length);
  for (let from = 0; from < total; from += EXTRA_BATCH) {
    const rows: CustomerRows = { customers: [], contacts: [], subscriptions: [] };
    const end = Math.min(total, from + EXTRA_BATCH);
    for (let i = from; i < end; i++) appendCustomer(rows, extraCustomer(rng, clock, partnerId, String(i + 1).padStart(width, '0')));
    yield { rows, done: end };
  }
}
