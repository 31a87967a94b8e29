import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'external';
  }
}

// lib/server/db.ts reads DATABASE_URL when first asked for the client.
process.env.DATABASE_URL = inject('databaseUrl');
