// npm run create-admin -- --email admin@example.com --name "Pat Admin"
// Creates the first portal admin (for a database without demo data). The password is read
// from the PORTAL_ADMIN_PASSWORD environment variable (it must pass the password policy:
// lib/domain/accounts.ts), or generated and printed once.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { readConfig } from '../lib/runtime/config';
import { openDatabase, prepareDatabase } from '../lib/runtime/database';
import { hashPassword } from '../lib/runtime/password';
import { newPasswordProblem } from '../lib/runtime/password-policy';
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
  password: z.string().optional(),
});

const PASSWORD_PROBLEMS = {
  passwordTooShort: 'PORTAL_ADMIN_PASSWORD must have at least 12 characters',
  passwordTooLong: 'PORTAL_ADMIN_PASSWORD must have at most 1,024 characters',
  passwordIsEmail: 'PORTAL_ADMIN_PASSWORD must not be the email address or contain its part before the @',
  passwordCommon: 'PORTAL_ADMIN_PASSWORD is one of the most common passwords: choose another',
} as const;

/** 24 random characters that pass the policy (a chance match of the e-mail's name is drawn again). */
function generatedPassword(email: string): string {
  for (;;) {
    const password = randomBytes(18).toString('base64url');
    if (!newPasswordProblem(password, email)) return password;
  }
}

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
  const problem = parsed.data.password === undefined ? null : newPasswordProblem(parsed.data.password, parsed.data.email);
  if (problem) {
    console.error(`${PASSWORD_PROBLEMS[problem]}; nothing was changed.`);
    process.exit(2);
  }
  const config = readConfig();
  const db = await openDatabase(config);
  const prisma = createPrismaClient(db.url);
  try {
    await prepareDatabase(db.url, { seedDemo: false });
    const existing = await prisma.user.findUnique({ where: { email: parsed.data.email }, select: { id: true } });
    if (existing) throw new Error(`A user with the email ${parsed.data.email} already exists; nothing was changed.`);
    const password = parsed.data.password ?? generatedPassword(parsed.data.email);
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
