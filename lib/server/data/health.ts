import 'server-only';
import { getDb } from '../db';

const TIMEOUT_MS = 2000;

export async function checkDatabase(): Promise<{ status: 'up' | 'down'; latencyMs: number }> {
  const started = performance.now();
  try {
    await Promise.race([
      getDb().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref()),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  }
}
