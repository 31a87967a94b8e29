import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, auditReach, isKnownAuditAction } from '@/lib/domain/audit';
import { ROLES } from '@/lib/domain/permissions';
import { auditHref, hasAuditFilters, parseAuditQuery } from '@/lib/schemas/audit';
import { createTranslator, type MessageKey } from '@/lib/i18n/translate';
import { LOCALES } from '@/lib/i18n/locales';

describe('auditReach', () => {
  it('lets portal admins read every partner, partner admins their own, nobody else any', () => {
    expect(Object.fromEntries(ROLES.map((role) => [role, auditReach(role)]))).toEqual({
      PORTAL_ADMIN: 'all',
      PARTNER_ADMIN: 'partner',
      PARTNER_AGENT: null,
      PARTNER_VIEWER: null,
    });
  });
});

describe('parseAuditQuery', () => {
  const partner = '6F9619FF-8B86-4011-B42D-00C04FC964FF';

  it('keeps the usable values', () => {
    expect(
      parseAuditQuery({
        actor: ' alice@contoso-partners.example ',
        action: 'notice.created',
        actionPrefix: 'user.sign_in',
        targetType: 'NoticeTemplate',
        targetId: 'a1b2',
        partner,
        from: '2026-12-01',
        to: '2026-12-07',
        cursor: 'MjAyNi0xMi0wN1QxMjowMDowMC4wMDBafDQy',
      }),
    ).toEqual({
      query: {
        actor: 'alice@contoso-partners.example',
        action: 'notice.created',
        actionPrefix: 'user.sign_in',
        targetType: 'NoticeTemplate',
        targetId: 'a1b2',
        partner: partner.toLowerCase(),
        from: '2026-12-01',
        to: '2026-12-07',
        cursor: 'MjAyNi0xMi0wN1QxMjowMDowMC4wMDBafDQy',
      },
      ignored: [],
    });
  });

  it('drops what does not fit and names it; empty means not chosen; the first of repeated values counts', () => {
    expect(
      parseAuditQuery({
        actor: 'x\u0000y',
        action: 'DROP TABLE',
        actionPrefix: 'notice%',
        targetType: 'customer',
        targetId: '',
        partner: 'not-a-uuid',
        from: '2026-02-30',
        to: ['2026-12-07', '2026-12-08'],
        cursor: 'a/b',
      }),
    ).toEqual({ query: { to: '2026-12-07' }, ignored: ['actor', 'action', 'actionPrefix', 'targetType', 'partner', 'from', 'cursor'] });
    expect(parseAuditQuery({ actor: '   ', action: '' })).toEqual({ query: {}, ignored: [] });
  });

  it('drops an end before the start', () => {
    expect(parseAuditQuery({ from: '2026-12-07', to: '2026-12-01' })).toEqual({ query: { from: '2026-12-07' }, ignored: ['to'] });
  });

  it('round-trips through auditHref', () => {
    const { query } = parseAuditQuery({ actor: 'api-token:Billing Sync', actionPrefix: 'notice.', from: '2026-12-01' });
    const href = auditHref('/admin/audit/export.csv', query);
    expect(href).toBe('/admin/audit/export.csv?actor=api-token%3ABilling+Sync&actionPrefix=notice.&from=2026-12-01');
    expect(parseAuditQuery(Object.fromEntries(new URL(href, 'http://x').searchParams)).query).toEqual(query);
    expect(auditHref('/admin/audit', {})).toBe('/admin/audit');
    expect(hasAuditFilters({ cursor: 'abc' })).toBe(false);
    expect(hasAuditFilters({ targetId: 'abc' })).toBe(true);
  });
});

// Where audit events are written: the data layer, the worker, and the scripts that act for nobody.
const WRITERS = ['lib/server', 'lib/worker', 'scripts/create-admin.ts', 'prisma/seed'];

function sources(entry: string): string[] {
  if (statSync(entry).isFile()) return [entry];
  return readdirSync(entry).flatMap((name) => {
    const full = path.join(entry, name);
    if (name === 'data' && entry.startsWith('prisma')) return []; // the seed's demo values (domains, names)
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('the known actions', () => {
  it('include every action the code writes', () => {
    const written = new Set<string>();
    for (const file of WRITERS.flatMap(sources)) {
      const text = readFileSync(file, 'utf8');
      // `action: 'notice.created'`, and the codes handed to an event helper or written in SQL.
      for (const match of text.matchAll(
        /action: '([a-zA-Z_]+\.[a-zA-Z_.]+)'|(?:attempted|event)\('([a-zA-Z_]+\.[a-zA-Z_]+)'|THEN '([a-zA-Z_]+\.[a-zA-Z_]+)'/g,
      )) {
        written.add((match[1] ?? match[2] ?? match[3])!);
      }
    }
    expect(written.size).toBeGreaterThan(30);
    expect([...written].filter((action) => !isKnownAuditAction(action)).sort()).toEqual([]);
    // Codes built at run time: a notice settled by the worker, an import applied.
    for (const action of [
      'notice.sent',
      'notice.partially_failed',
      'notice.failed',
      'customer.import_applied',
      'contact.import_applied',
      'subscription.import_applied',
    ]) {
      expect(isKnownAuditAction(action), action).toBe(true);
    }
  });

  it('are worded in every language, as is every target type', () => {
    for (const locale of LOCALES) {
      const t = createTranslator(locale);
      for (const action of AUDIT_ACTIONS) expect(t(`audit.actions.${action}`), `${locale} ${action}`).not.toBe(`audit.actions.${action}`);
      for (const type of AUDIT_TARGET_TYPES) {
        const key = `audit.targetTypes.${type}` as MessageKey;
        expect(t(key), `${locale} ${type}`).not.toBe(key);
      }
    }
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
