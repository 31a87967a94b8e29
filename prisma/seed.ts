// The demo data (DESIGN.md, "Demo data"): two partners, five users, named and generated customers
// with contacts and subscriptions, Microsoft communications, notice templates, notices in every
// status with their deliveries, relationship reviews and demo API tokens.
//
// The data is declared in ./seed/data (one typed table per kind of row) and turned into rows by the
// small builders in ./seed/build-*.ts. Deterministic: every id, name and number comes from a
// fixed-seed generator (./seed/random); every time is relative to `options.now`. Two runs with the
// same `now` give the same rows (the password hash alone differs: it has a random salt). The seed
// assumes an empty database (the caller checks) and never deletes anything. The fixed part is one
// transaction of createMany calls; `extraCustomers` (for benchmarks, Contoso) come afterwards from
// their own generator, so the fixed part is the same whatever their number, in batches of bulk INSERTs.
import type { PrismaClient } from '../lib/generated/prisma/client';
import { hashPassword } from '../lib/runtime/password';
import { buildBaseDataset } from './seed/build-base';
import { buildExtraBatches } from './seed/build-extra';
import { makeClock } from './seed/clock';
import { EXTRA_CUSTOMERS } from './seed/data/extra-customers';
import { bulkInsertCustomerRows, insertDataset } from './seed/insert';

export type SeedOptions = { now: Date; extraCustomers?: number; log?: (line: string) => void };

export const DEMO_PASSWORD = 'demo-password-1';

/** Seeds the demo data into an empty database. */
export async function seedDemo(
  prisma: PrismaClient,
  options: SeedOptions,
): Promise<{ partners: number; users: number; customers: number }> {
  const log = options.log ?? (() => undefined);
  const extra = Math.max(0, Math.floor(options.extraCustomers ?? 0));

  // scrypt is slow on purpose: one hash, shared by every demo user.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { data, partner } = buildBaseDataset(options.now, passwordHash);
  await prisma.$transaction((tx) => insertDataset(tx, data), { maxWait: 10_000, timeout: 120_000 });
  log(
    `demo data: ${data.partners.length} partners, ${data.users.length} users, ${data.customers.length} customers, ` +
      `${data.subscriptions.length} subscriptions, ${data.communications.length} communications, ${data.notices.length} notices`,
  );

  for (const batch of buildExtraBatches(makeClock(options.now), partner(EXTRA_CUSTOMERS.partner).id, extra)) {
    await bulkInsertCustomerRows(prisma, batch.rows);
    if (batch.done === extra || batch.done % 20_000 === 0) log(`extra customers: ${batch.done} / ${extra}`);
  }

  return { partners: data.partners.length, users: data.users.length, customers: data.customers.length + extra };
}
