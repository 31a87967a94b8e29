// The production bundle: built when missing or older than the sources (used by `npm start`
// and the benchmark).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = [
  'app',
  'components',
  'lib',
  'messages',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.js',
  'package.json',
  'postcss.config.mjs',
];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function buildIsStale(): boolean {
  const buildId = path.resolve(process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => {
    const full = path.resolve(source);
    if (!existsSync(full)) return false;
    return statSync(full).isDirectory() ? newestSource(full) > built : statSync(full).mtimeMs > built;
  });
}

/** Runs `next build` when needed; throws when it fails. */
export function ensureBuild(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): void {
  if (!buildIsStale()) return;
  log('building the production bundle (first start, or the sources changed)…');
  const nextBin = path.resolve('node_modules/next/dist/bin/next');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) throw new Error('next build failed; see the output above.');
}
