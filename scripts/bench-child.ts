// A benchmark part run in a process of its own (a fresh heap, its own event loop): its lines are
// logged as they come, and the lines that start with `marker` are its figures (JSON), returned.
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export async function figuresOfChild<T>(script: string, args: string[], marker: string, log: (line: string) => void): Promise<T[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures: T[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let index: number;
    while ((index = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      if (line.startsWith(`${marker} `)) figures.push(JSON.parse(line.slice(marker.length + 1)) as T);
      else if (line.trim() !== '') log(line);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} failed (exit ${code})`);
  return figures;
}
