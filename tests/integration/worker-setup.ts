import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    integrationDatabaseUrl: string;
  }
}

// lib/server/db.ts reads DATABASE_URL when first asked for the client; the mail settings read MAIL_FROM.
process.env.DATABASE_URL = inject('integrationDatabaseUrl');
process.env.MAIL_FROM = 'notices@portal.example';
delete process.env.SMTP_URL;
// Secrets stored encrypted in tests: a fixed key of the tests' own (lib/server/crypto.ts).
process.env.DATA_ENCRYPTION_KEY = 'NV+ofD0qclbUSgTf58UVgmtlpRePeGCE5QI1nGhjAJ4=';
