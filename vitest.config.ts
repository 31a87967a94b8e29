import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(import.meta.dirname),
  // `server-only` throws outside React server components; the data layer is tested directly.
  'server-only': path.resolve(import.meta.dirname, 'tests/support/empty-module.ts'),
};

const externalUrl = process.env.TEST_DATABASE_URL;

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'data',
          include: ['tests/data/**/*.test.ts'],
          globalSetup: ['tests/data/setup-embedded.ts'],
          setupFiles: ['tests/data/worker-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(externalUrl
        ? [
            {
              resolve: { alias },
              test: {
                name: 'data-external',
                include: ['tests/data/**/*.test.ts'],
                globalSetup: ['tests/data/setup-external.ts'],
                setupFiles: ['tests/data/worker-setup.ts'],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        resolve: { alias },
        test: {
          // The delivery worker against a real SMTP server (started by the tests), on a database of its own.
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/setup.ts'],
          setupFiles: ['tests/integration/worker-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'system',
          include: ['tests/system/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 400_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
