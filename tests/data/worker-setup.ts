import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'external';
  }
}

// lib/server/db.ts reads DATABASE_URL when first asked for the client.
process.env.DATABASE_URL = inject('databaseUrl');
// Secrets stored encrypted in tests: a fixed key of the tests' own (lib/server/crypto.ts).
process.env.DATA_ENCRYPTION_KEY = 'NV+ofD0qclbUSgTf58UVgmtlpRePeGCE5QI1nGhjAJ4=';
