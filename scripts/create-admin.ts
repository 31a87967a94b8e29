// npm run create-admin -- --email admin@example.com --name "Pat Admin"
// Creates the first portal admin (for a database without demo data). The password is read
// from the PORTAL_ADMIN_PASSWORD environment variable, or generated and printed once.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { readConfig } from '../lib/runtime/config';
import { openDatabase, prepareDatabase } from '../lib/runtime/database';
import { hashPassword } from '../lib/runtime/password';
import { createPrismaClient } from '../lib/runtime/prisma';
import { SYSTEM_ACTORS } from '../lib/server/viewer';
import { allowServerOnlyImports } from '../lib/worker/server-only';

allowServerOnlyImports();

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

const input = z.object({
  email: z
    .email({ error: '--email must be an email address' })
    .max(320)
    .transform((v) => v.toLowerCase()),
  name: z.string({ error: '--name is required' }).trim().min(1, '--name is required').max(100),
  password: z.string().min(12, 'PORTAL_ADMIN_PASSWORD must have at least 12 characters').optional(),
});

async function main() {
  const parsed = input.safeParse({
    email: option('email'),
    name: option('name'),
    password: process.env.PORTAL_ADMIN_PASSWORD || undefined,
  });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((issue) => issue.message).join('\n'));
    console.error('Usage: npm run create-admin -- --email you@example.com --name "Your Name"');
    process.exit(2);
  }
  const config = readConfig();
  const db = await openDatabase(config);
  const prisma = createPrismaClient(db.url);
  try {
    await prepareDatabase(db.url, { seedDemo: false });
    const existing = await prisma.user.findUnique({ where: { email: parsed.data.email }, select: { id: true } });
    if (existing) throw new Error(`A user with the email ${parsed.data.email} already exists; nothing was changed.`);
    const password = parsed.data.password ?? randomBytes(12).toString('base64url');
    const user = await prisma.user.create({
      data: { email: parsed.data.email, displayName: parsed.data.name, role: 'PORTAL_ADMIN', passwordHash: await hashPassword(password) },
      select: { id: true },
    });
    const { writeAudit } = await import('../lib/server/data/audit');
    await writeAudit(prisma, [
      {
        actor: SYSTEM_ACTORS.createAdmin,
        partnerId: null,
        action: 'user.created',
        targetType: 'User',
        targetId: user.id,
        after: { email: parsed.data.email, role: 'PORTAL_ADMIN' },
      },
    ]);
    console.log(`Created portal admin ${parsed.data.email}.`);
    if (!parsed.data.password) console.log(`Password (shown once, change it after signing in): ${password}`);
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
