// npm test: everything, in order, stopping at the first failure: lint, typecheck, format check,
// unit tests, data tests (embedded PostgreSQL, plus TEST_DATABASE_URL when set), integration tests
// (the delivery worker against a real SMTP server), end-to-end
// tests in Chromium, system tests (the portal as a process: configuration, restarts, health). Prints the totals as the last line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findChromium, INSTALL_HINT } from '../e2e/browser';

if (!findChromium().found) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

// Outside test-results/, which Playwright empties when it starts.
const reports = path.resolve('test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps: { name: string; command: string[]; env?: Record<string, string> }[] = [
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'format', command: ['npm', 'run', '--silent', 'format:check'] },
  {
    name: 'unit',
    command: [
      'npx',
      'vitest',
      'run',
      '--project',
      'unit',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reports}/unit.json`,
    ],
  },
  // `data*`: the embedded database, and the external one when TEST_DATABASE_URL is set.
  {
    name: 'data',
    command: [
      'npx',
      'vitest',
      'run',
      '--project',
      'data*',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reports}/data.json`,
    ],
  },
  // The delivery worker against a real SMTP server (retries, relay down, two workers, SIGKILL).
  {
    name: 'integration',
    command: [
      'npx',
      'vitest',
      'run',
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reports}/integration.json`,
    ],
  },
  {
    name: 'e2e',
    command: ['npx', 'playwright', 'test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json` },
  },
  {
    name: 'system',
    command: [
      'npx',
      'vitest',
      'run',
      '--project',
      'system',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reports}/system.json`,
    ],
  },
];

let passed = 0;
let failed = 0;
function count() {
  for (const file of ['unit.json', 'data.json', 'integration.json', 'system.json']) {
    const full = path.join(reports, file);
    if (!existsSync(full)) continue;
    const report = JSON.parse(readFileSync(full, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  const e2e = path.join(reports, 'e2e.json');
  if (existsSync(e2e)) {
    const report = JSON.parse(readFileSync(e2e, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number } };
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
  }
}

for (const step of steps) {
  console.log(`\n=== ${step.name} ===`);
  const started = Date.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), { stdio: 'inherit', env: { ...process.env, ...step.env } });
  console.log(`=== ${step.name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (result.status !== 0) {
    count();
    console.log(`${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(1);
  }
}
count();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
