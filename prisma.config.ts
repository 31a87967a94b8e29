// Loaded only by the Prisma CLI (generate, migrate diff). The portal applies committed
// migrations itself at start-up (lib/runtime/migrate.ts); see docs/decisions/0003-migrations.md.
// `engine: 'js'` keeps the CLI from downloading a native schema engine (there is no network).
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? 'postgresql://unused:unused@127.0.0.1:5432/unused',
    }),
});
