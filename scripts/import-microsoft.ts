// npm run import:microsoft -- --partner <Partner ID> FILE.json
//
// Imports Microsoft Graph service communications for one partner: FILE holds one
// serviceHealthIssue or serviceUpdateMessage object, an array of them, Graph's `{ "value": [ … ] }`
// or healthOverviews read with $expand=issues, each with `affectedTenantIds` (the tenant ids of the
// partner's affected customers). See lib/domain/graph-mapping.ts for how they are read,
// lib/domain/communication-category.ts for their categories (the partner's billing rules) and
// docs/samples/microsoft-communications.json for an example. The Microsoft connector stores what
// it reads through the same function (importCommunications).
//
// All or nothing: a bad record stops the import before anything is written, naming the record
// and the field; the database work is one transaction. Importing the same file again changes
// nothing. Tenant ids that are not this partner's customers are reported, not linked.
// Uses the portal's database like the other scripts: the embedded server (joined when the portal
// runs, else started for the duration of the command) or DATABASE_URL.
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../lib/runtime/config';
import { openDatabase } from '../lib/runtime/database';
import { applyMigrations } from '../lib/runtime/migrate';
import { formatGraphError, parseGraphCommunications } from '../lib/domain/graph-mapping';
import { allowServerOnlyImports } from '../lib/worker/server-only';

// lib/server modules refuse to load outside React server code; this process is server code.
allowServerOnlyImports();

const USAGE = 'Usage: npm run import:microsoft -- --partner <Partner ID> FILE.json';
const MAX_FILE_BYTES = 200 * 1024 * 1024;
const MAX_ERRORS_SHOWN = 50;

class InputError extends Error {}

function parseArgs(argv: string[]): { partnerNumber: string; file: string } {
  let partnerNumber: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--partner') {
      partnerNumber = argv[++i];
      if (!partnerNumber || partnerNumber.startsWith('--'))
        throw new InputError(`--partner needs a Partner ID (e.g. --partner 4312001).\n${USAGE}`);
    } else if (arg.startsWith('--partner=')) {
      partnerNumber = arg.slice('--partner='.length);
    } else if (arg.startsWith('-')) {
      throw new InputError(`Unknown option ${arg}.\n${USAGE}`);
    } else {
      files.push(arg);
    }
  }
  if (!partnerNumber?.trim()) throw new InputError(`--partner <Partner ID> is required.\n${USAGE}`);
  if (files.length !== 1) throw new InputError(`Give exactly one FILE.json (got ${files.length}).\n${USAGE}`);
  return { partnerNumber: partnerNumber.trim(), file: files[0]! };
}

async function readJson(file: string): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new InputError(`Cannot read ${file}: no such file.`);
  }
  if (size > MAX_FILE_BYTES)
    throw new InputError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it into several files.`);
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main() {
  const { partnerNumber, file } = parseArgs(process.argv.slice(2));
  const parsed = parseGraphCommunications(await readJson(file));
  if (!parsed.ok) {
    const lines = parsed.errors.slice(0, MAX_ERRORS_SHOWN).map((error) => `  ${formatGraphError(error)}`);
    if (parsed.errors.length > MAX_ERRORS_SHOWN) lines.push(`  … and ${parsed.errors.length - MAX_ERRORS_SHOWN} more.`);
    throw new InputError(`${file} was not imported (nothing was changed):\n${lines.join('\n')}`);
  }

  const db = await openDatabase(readConfig());
  process.env.DATABASE_URL = db.url; // read by lib/server/db.ts
  const { getDb } = await import('../lib/server/db');
  const { findPartnerByNumber, importCommunications } = await import('../lib/server/data/communication-import');
  try {
    await applyMigrations(db.url);
    const partner = await findPartnerByNumber(partnerNumber);
    if (!partner) throw new InputError(`No partner has the Partner ID ${partnerNumber}; nothing was imported.`);
    const result = await importCommunications(partner.id, parsed.records, {
      actor: { userId: null, label: `import:microsoft (${os.userInfo().username}, ${path.basename(file)})` },
    });
    console.log(`${path.basename(file)} → ${partner.name} (Partner ID ${partner.partnerNumber}): ${parsed.records.length} records`);
    console.log(`  created:   ${result.created.length}`);
    console.log(`  updated:   ${result.updated.length}`);
    console.log(`  unchanged: ${result.unchanged.length}`);
    if (result.skippedOlder.length > 0) {
      console.log(`  skipped, the stored version is newer: ${result.skippedOlder.length} (${result.skippedOlder.join(', ')})`);
    }
    if (result.unknownTenants.length === 0) {
      console.log('Every affected tenant id is a customer of this partner.');
    } else {
      const count = new Set(result.unknownTenants.flatMap((entry) => entry.tenantIds)).size;
      console.log(`Unknown tenant ids (${count}; not customers of ${partner.name}, so not linked):`);
      for (const entry of result.unknownTenants) console.log(`  ${entry.externalId}: ${entry.tenantIds.join(', ')}`);
    }
  } finally {
    await getDb().$disconnect();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof InputError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
