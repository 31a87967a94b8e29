// The end-to-end tests read and arrange data in the portal's own database (joining the embedded
// server that the portal under test started), never through the code under test.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { readConfig } from '../../lib/runtime/config';
import { openDatabase } from '../../lib/runtime/database';
import { hashPassword } from '../../lib/runtime/password';

let pool: pg.Pool | undefined;

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  if (!pool) {
    const db = await openDatabase(readConfig({ DATA_DIR: process.env.E2E_DATA_DIR ?? 'data/e2e' }));
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  }
  const result = await pool.query<T>(text, values);
  return result.rows;
}

export async function countOf(text: string, values: unknown[] = []): Promise<number> {
  const rows = await sql<{ n: string }>(text, values);
  return Number(rows[0]?.n);
}

export const DEMO_PASSWORD = 'demo-password-1';

/** A partner of its own (plain SQL), for a journey that changes what a whole partner sees or may do. */
export async function createPartner(prefix: string): Promise<{ id: string; name: string }> {
  const suffix = randomUUID().slice(0, 8);
  const name = `${prefix} ${suffix}`;
  const [partner] = await sql<{ id: string }>(
    `INSERT INTO "Partner" (id, name, "partnerNumber", cloud, "updatedAt") VALUES (gen_random_uuid(), $1, $2, 'PUBLIC', now()) RETURNING id`,
    [name, `P${suffix}`],
  );
  return { id: partner!.id, name };
}

/**
 * A user of its own for a test that changes the user (language, deactivation). Exempt from
 * two-step sign-in like the demo users, unless `twoStepExempt: false` (the rule of every account
 * made in the product: admins must set it up).
 */
export async function createUser(options: {
  role: 'PARTNER_ADMIN' | 'PARTNER_AGENT' | 'PARTNER_VIEWER' | 'PORTAL_ADMIN';
  partnerName?: string;
  name?: string;
  twoStepExempt?: boolean;
}) {
  const email = `e2e-${randomUUID().slice(0, 8)}@contoso-partners.example`;
  const name = options.name ?? `E2E User ${email.slice(4, 12)}`;
  const partner = options.partnerName
    ? (await sql<{ id: string }>('SELECT id FROM "Partner" WHERE name = $1', [options.partnerName]))[0]?.id
    : null;
  const rows = await sql<{ id: string }>(
    `INSERT INTO "User" (id, email, "displayName", role, "partnerId", "passwordHash", "twoStepExempt", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3::"Role", $4, $5, $6, now()) RETURNING id`,
    [email, name, options.role, partner, await hashPassword(DEMO_PASSWORD), options.twoStepExempt ?? true],
  );
  return { id: rows[0]!.id, email, name };
}
