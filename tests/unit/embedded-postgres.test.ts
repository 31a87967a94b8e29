import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDED_PG_MAJOR, EmbeddedDatabaseError, checkDataVersion } from '@/lib/runtime/embedded-postgres';

/** Every file under `root` (relative path → contents), folders included as entries. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (entry.isDirectory()) {
        out[`${rel}/`] = '';
        walk(full);
      } else {
        out[rel] = readFileSync(full).toString('base64');
      }
    }
  };
  walk(root);
  return out;
}

describe('checkDataVersion', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-pgdata-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs PostgreSQL 17', () => {
    expect(EMBEDDED_PG_MAJOR).toBe('17');
  });

  it('accepts a folder without PG_VERSION (a new data folder) and a folder that does not exist yet', () => {
    expect(() => checkDataVersion(dir)).not.toThrow();
    expect(() => checkDataVersion(path.join(dir, 'postgres'))).not.toThrow();
  });

  it('accepts a folder made by PostgreSQL 17 (with or without a trailing newline)', () => {
    writeFileSync(path.join(dir, 'PG_VERSION'), '17\n');
    expect(() => checkDataVersion(dir)).not.toThrow();
    writeFileSync(path.join(dir, 'PG_VERSION'), '17');
    expect(() => checkDataVersion(dir)).not.toThrow();
  });

  it('refuses a folder made by PostgreSQL 16, naming both versions and the folder, and leaves it untouched', () => {
    writeFileSync(path.join(dir, 'PG_VERSION'), '16\n');
    writeFileSync(path.join(dir, 'postgresql.conf'), "listen_addresses = '127.0.0.1'\n");
    mkdirSync(path.join(dir, 'base', '1'), { recursive: true });
    writeFileSync(path.join(dir, 'base', '1', '1259'), Buffer.from([0, 1, 2, 3, 255]));
    mkdirSync(path.join(dir, 'pg_wal'));
    const before = snapshot(dir);
    const mtimeBefore = statSync(path.join(dir, 'PG_VERSION')).mtimeMs;

    let caught: unknown;
    try {
      checkDataVersion(dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmbeddedDatabaseError);
    const message = (caught as Error).message;
    expect(message).toContain(dir);
    expect(message).toContain('PostgreSQL 16');
    expect(message).toContain('PostgreSQL 17');
    expect(message).toContain('left untouched');

    expect(snapshot(dir)).toEqual(before);
    expect(Object.keys(before)).toHaveLength(6);
    expect(statSync(path.join(dir, 'PG_VERSION')).mtimeMs).toBe(mtimeBefore);
  });

  it.each(['16', '18', '9.6', '170', ''])('refuses PG_VERSION %j', (version) => {
    writeFileSync(path.join(dir, 'PG_VERSION'), `${version}\n`);
    expect(() => checkDataVersion(dir)).toThrow(EmbeddedDatabaseError);
    expect(readFileSync(path.join(dir, 'PG_VERSION'), 'utf8')).toBe(`${version}\n`);
  });
});
