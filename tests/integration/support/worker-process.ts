// The worker as its own process (scripts/worker.ts, as `npm run worker` runs it) on the
// integration database, for the tests that start, kill and restart workers.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export type WorkerProcess = {
  proc: ChildProcess;
  /** Everything it wrote (stdout and stderr), in order. */
  output: string[];
  /** Resolves once it says it has started. */
  started: Promise<void>;
  exited: Promise<number | null>;
};

/** Starts a worker with `env` over the test's own environment (never WORKER or NODE_OPTIONS). */
export function spawnWorker(env: Record<string, string>, args: string[] = []): WorkerProcess {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env, DATABASE_URL: inject('integrationDatabaseUrl') };
  delete full.NODE_OPTIONS;
  delete full.WORKER;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts', ...args], {
    cwd: ROOT,
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const collect = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.join('').includes('] started (')) onStarted();
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output, started, exited };
}

/** Polls `condition` until it holds; past `timeoutMs` fails naming `what` (and the worker's output when given). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  output?: string[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${output ? `\n${output.join('')}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
