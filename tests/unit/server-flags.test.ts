import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../lib/runtime/server-flags';

// `npm start` and the benchmark's portal must run with the same Node.js flags: the benchmark
// measures what users run.
describe('the web process flags', () => {
  it('are the ones npm start gives node', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(`node ${SERVER_NODE_FLAGS.join(' ')} --import tsx scripts/start.ts`);
  });
});
