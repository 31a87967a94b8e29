// Runs the real portal (`scripts/start.ts`, as `npm start` does) in a child process for the
// system tests, with its own DATA_DIR and port.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function tempDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-system-'));
  chmodSync(dir, 0o755); // the embedded server runs as the `postgres` user when started by root
  return path.join(dir, 'data');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export type Portal = { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> };

export function startPortal(env: Record<string, string | undefined>, script = 'scripts/start.ts', args: string[] = []): Portal {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'NEXTAUTH_SECRET', 'DATA_ENCRYPTION_KEY', 'NEXTAUTH_URL', 'SEED_DEMO', 'PORT', 'DATA_DIR', 'NODE_ENV'])
    delete clean[key];
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: process.cwd(),
    env: { ...clean, NEXT_TELEMETRY_DISABLED: '1', ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port: Number(env.PORT ?? 3000), output: () => output, exited };
}

export async function runScript(
  env: Record<string, string | undefined>,
  script: string,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const run = startPortal(env, script, args);
  const code = await run.exited;
  return { code, output: run.output() };
}

export async function waitForHealth(portal: Portal, timeoutMs = 240_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void portal.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`The portal exited (${exitCode}) before it was ready:\n${portal.output()}`);
    try {
      const response = await fetch(`http://localhost:${portal.port}/api/health`);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The portal was not ready after ${timeoutMs} ms:\n${portal.output()}`);
}

export async function stopPortal(portal: Portal): Promise<void> {
  if (portal.child.exitCode !== null || portal.child.signalCode !== null) return;
  portal.child.kill('SIGTERM');
  await portal.exited;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
