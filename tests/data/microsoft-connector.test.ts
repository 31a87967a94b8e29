// The Microsoft connector's settings (partner admins): the application and its secret or
// certificate (encrypted at rest, never returned or audited), the tenants' state, "Test connection"
// against a fake Microsoft on this machine, the Graph of US Government tenants, removal; and the
// demo seed's connector.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '../../lib/server/crypto';
import { getConnector, removeConnector, saveConnector, setGovernmentGraph } from '../../lib/server/data/microsoft-connector';
import { listTenants, testTenant } from '../../lib/server/data/microsoft-tenants';
import { startDueRuns } from '../../lib/server/data/graph-sync';
import type { ConnectorInput } from '../../lib/schemas/microsoft-connector';
import { TEST_CLIENT_ID, connectorInput } from '../support/connector';
import type { UserViewer } from '../../lib/server/viewer';
import { addCustomer, type TestCustomer } from '../support/communications';
import { createTestPartner, testDb, type TestPartner } from '../support/factories';
import { TOKEN_ERRORS, startFakeMicrosoft, type FakeMicrosoft } from '../support/fake-microsoft';
import { graphIssue } from '../support/graph-payloads';

const CLIENT_ID = TEST_CLIENT_ID;
const SECRET = `very-secret-${randomUUID()}`;
const FIXTURES = path.resolve(import.meta.dirname, '../support/fixtures');
const CERT = readFileSync(path.join(FIXTURES, 'connector-test.cert.pem'), 'utf8');
const KEY = readFileSync(path.join(FIXTURES, 'connector-test.key.pem'), 'utf8');
const OTHER_KEY = readFileSync(path.join(FIXTURES, 'other-test.key.pem'), 'utf8');

const input = (overrides: Partial<ConnectorInput> = {}): ConnectorInput => connectorInput({ secret: SECRET, ...overrides });

async function viewerOf(partnerName: string, role: UserViewer['role']): Promise<UserViewer> {
  const user = await testDb().user.findFirstOrThrow({
    where: { role, partner: { name: partnerName } },
    select: { id: true, email: true, displayName: true, partnerId: true },
  });
  return {
    userId: user.id,
    email: user.email,
    name: user.displayName,
    role,
    partnerId: user.partnerId,
    partnerName,
    locale: 'en',
    timeZone: 'UTC',
  };
}

describe('saving the connector', () => {
  let p: TestPartner;
  beforeAll(async () => {
    p = await createTestPartner();
  });
  afterAll(async () => {
    await testDb().microsoftConnector.deleteMany({ where: { partnerId: p.partnerId } });
  });

  it('is for partner admins only', async () => {
    expect(await saveConnector(p.agent, input())).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await getConnector(p.agent)).toEqual({ ok: false, code: 'FORBIDDEN' });
  });

  it('needs a secret the first time; stores it encrypted, never returns or audits it', async () => {
    expect(await saveConnector(p.admin, input({ secret: '' }))).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { secret: 'secretRequired' },
    });
    expect(await saveConnector(p.admin, input(), { address: '198.51.100.4' })).toEqual({ ok: true, version: 1 });
    const row = await testDb().microsoftConnector.findUniqueOrThrow({ where: { partnerId: p.partnerId } });
    expect(row.secretEncrypted.startsWith('v1.')).toBe(true);
    expect(row.secretEncrypted).not.toContain(SECRET);
    expect(decryptSecret(row.secretEncrypted, 'graph-connector')).toBe(SECRET);
    // Another purpose cannot read it.
    expect(() => decryptSecret(row.secretEncrypted, 'webhook')).toThrow();
    const read = await getConnector(p.admin);
    expect(read).toMatchObject({
      ok: true,
      connector: { clientId: CLIENT_ID, credential: 'CLIENT_SECRET', demo: false, enabled: true, syncIntervalMinutes: 15 },
    });
    expect(JSON.stringify(read)).not.toContain(SECRET);
    expect(JSON.stringify(read)).not.toContain(row.secretEncrypted);
    const audits = await testDb().auditEvent.findMany({
      where: { partnerId: p.partnerId, action: 'microsoft_connector.saved' },
      select: { before: true, after: true, address: true },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ before: null, after: { clientId: CLIENT_ID, credentialReplaced: true }, address: '198.51.100.4' });
    expect(JSON.stringify(audits)).not.toContain(SECRET);
  });

  it('keeps the stored secret when none is typed; refuses an edit of an old version', async () => {
    const before = await testDb().microsoftConnector.findUniqueOrThrow({
      where: { partnerId: p.partnerId },
      select: { secretEncrypted: true },
    });
    expect(await saveConnector(p.admin, input({ version: 1, secret: '', syncIntervalMinutes: 60 }))).toEqual({ ok: true, version: 2 });
    const after = await testDb().microsoftConnector.findUniqueOrThrow({
      where: { partnerId: p.partnerId },
      select: { secretEncrypted: true, syncIntervalMinutes: true },
    });
    expect(after).toEqual({ secretEncrypted: before.secretEncrypted, syncIntervalMinutes: 60 });
    expect(await saveConnector(p.admin, input({ version: 1 }))).toEqual({ ok: false, code: 'STALE' });
  });

  it('a certificate: it and its RSA private key must belong together; its thumbprint and end are kept, the key encrypted', async () => {
    expect(await saveConnector(p.admin, input({ version: 2, credential: 'CERTIFICATE', secret: '' }))).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { certificatePem: 'certificateRequired', privateKeyPem: 'keyRequired' },
    });
    expect(
      await saveConnector(
        p.admin,
        input({ version: 2, credential: 'CERTIFICATE', certificatePem: 'not a certificate', privateKeyPem: KEY }),
      ),
    ).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { certificatePem: 'CERTIFICATE_UNREADABLE' },
    });
    expect(
      await saveConnector(p.admin, input({ version: 2, credential: 'CERTIFICATE', certificatePem: CERT, privateKeyPem: OTHER_KEY })),
    ).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { privateKeyPem: 'KEY_MISMATCH' },
    });
    expect(
      await saveConnector(p.admin, input({ version: 2, credential: 'CERTIFICATE', certificatePem: CERT, privateKeyPem: KEY })),
    ).toEqual({ ok: true, version: 3 });
    const read = await getConnector(p.admin);
    if (!read.ok || !read.connector) throw new Error('no connector');
    expect(read.connector.credential).toBe('CERTIFICATE');
    expect(read.connector.certificateThumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(read.connector.certificateExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    const row = await testDb().microsoftConnector.findUniqueOrThrow({ where: { partnerId: p.partnerId } });
    expect(decryptSecret(row.secretEncrypted, 'graph-connector')).toBe(KEY);
    expect(JSON.stringify(read)).not.toContain('PRIVATE KEY');
  });
});

describe('tenants, "Test connection", the Graph of US Government tenants, removal', () => {
  let fake: FakeMicrosoft;
  let p: TestPartner;
  let other: TestPartner;
  let fine: TestCustomer;
  let noConsent: TestCustomer;
  let germany: TestCustomer;
  let government: TestCustomer;
  let foreign: TestCustomer;
  beforeAll(async () => {
    fake = await startFakeMicrosoft();
    p = await createTestPartner();
    other = await createTestPartner();
    fine = await addCustomer(p, { companyName: 'A Fine Tenant' });
    noConsent = await addCustomer(p, { companyName: 'B No Consent' });
    germany = await addCustomer(p, { companyName: 'C Germany', cloud: 'GERMANY' });
    government = await addCustomer(p, { companyName: 'D Government', cloud: 'US_GOVERNMENT' });
    foreign = await addCustomer(other, { companyName: 'Foreign' });
    fake.setApp({ clientId: CLIENT_ID, secrets: [SECRET] });
    fake.setTenant(fine.tenantId, { issues: [graphIssue()] });
    fake.setTenant(noConsent.tenantId, { tokenError: TOKEN_ERRORS.consentMissing });
    fake.setTenant(government.tenantId, { issues: [], scope: 'https://dod-graph.microsoft.us/.default' });
    expect((await saveConnector(p.admin, input({ enabled: false }))).ok).toBe(true);
  });
  afterAll(async () => {
    await fake.stop();
    await testDb().microsoftTenantSync.deleteMany({ where: { partnerId: p.partnerId } });
    await testDb().microsoftConnector.deleteMany({ where: { partnerId: p.partnerId } });
  });

  const overrides = () => ({ loginUrl: fake.loginUrl, graphUrl: fake.graphUrl });

  it('"Test connection" asks Microsoft now and answers in codes; nothing is stored', async () => {
    const ok = await testTenant(p.admin, fine.id, { overrides: overrides() });
    expect(ok).toEqual({ ok: true, companyName: 'A Fine Tenant', test: { ok: true, issues: 1, messages: 0 } });
    const refused = await testTenant(p.admin, noConsent.id, { overrides: overrides() });
    expect(refused).toEqual({
      ok: true,
      companyName: 'B No Consent',
      test: { ok: false, step: 'token', failure: { code: 'CONSENT_MISSING', microsoftCode: 'AADSTS700016' } },
    });
    const before = fake.requests.length;
    expect(await testTenant(p.admin, germany.id, { overrides: overrides() })).toMatchObject({
      ok: true,
      test: { ok: false, failure: { code: 'CLOUD_RETIRED' } },
    });
    expect(fake.requests.length).toBe(before);
    expect(await testDb().microsoftTenantSync.count({ where: { partnerId: p.partnerId } })).toBe(0);
  });

  it('another partner’s customer, or an id that is none, is not found; agents may not test', async () => {
    expect(await testTenant(p.admin, foreign.id, { overrides: overrides() })).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await testTenant(p.admin, 'not-a-uuid', { overrides: overrides() })).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await testTenant(p.agent, fine.id, { overrides: overrides() })).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await setGovernmentGraph(p.admin, foreign.id, 'DOD')).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(await listTenants(p.agent)).toEqual({ ok: false, code: 'FORBIDDEN' });
  });

  it('a US Government tenant can be read from DoD’s Graph; the choice is only for such tenants', async () => {
    expect(await setGovernmentGraph(p.admin, fine.id, 'DOD')).toEqual({ ok: false, code: 'NOT_GOVERNMENT' });
    expect(await setGovernmentGraph(p.admin, government.id, 'DOD', { address: '198.51.100.5' })).toEqual({ ok: true });
    const test = await testTenant(p.admin, government.id, { overrides: overrides() });
    expect(test).toMatchObject({ ok: true, test: { ok: true } });
    expect(fake.requests.filter((r) => r.kind === 'token' && r.tenantId === government.tenantId).map((r) => r.scope)).toEqual([
      'https://dod-graph.microsoft.us/.default',
    ]);
  });

  it('lists the tenants with their state, failing ones first, with the consent link for consent problems', async () => {
    await testDb().microsoftTenantSync.upsert({
      where: { customerId: noConsent.id },
      create: {
        customerId: noConsent.id,
        partnerId: p.partnerId,
        lastErrorCode: 'CONSENT_MISSING',
        lastErrorDetail: 'AADSTS700016',
        lastErrorAt: new Date(),
      },
      update: { lastErrorCode: 'CONSENT_MISSING', lastErrorDetail: 'AADSTS700016', lastErrorAt: new Date() },
    });
    await testDb().microsoftTenantSync.upsert({
      where: { customerId: fine.id },
      create: { customerId: fine.id, partnerId: p.partnerId, lastSuccessAt: new Date(), lastCreated: 3, lastUpdated: 1 },
      update: { lastSuccessAt: new Date(), lastCreated: 3, lastUpdated: 1 },
    });
    const result = await listTenants(p.admin, { overrides: overrides() });
    if (!result.ok) throw new Error(result.code);
    expect(result.tenants.counts).toEqual({ OK: 1, FAILING: 1, NEVER: 1, QUEUED: 0, RETIRED: 1 });
    expect(result.tenants.rows.map((r) => [r.companyName, r.state, r.lastErrorCode])).toEqual([
      ['B No Consent', 'FAILING', 'CONSENT_MISSING'],
      ['A Fine Tenant', 'OK', null],
      ['C Germany', 'RETIRED', null],
      ['D Government', 'NEVER', null],
    ]);
    expect(result.tenants.rows[0]!.consentUrl).toBe(`${fake.loginUrl}/${noConsent.tenantId}/adminconsent?client_id=${CLIENT_ID}`);
    expect(result.tenants.rows[2]!.consentUrl).toBeNull();
    expect(result.tenants.rows.find((r) => r.companyName === 'D Government')?.governmentGraph).toBe('DOD');
    // Filtered by state; never another partner's.
    const failing = await listTenants(p.admin, { state: 'FAILING' });
    expect(failing.ok && failing.tenants.rows.map((r) => r.companyName)).toEqual(['B No Consent']);
    expect(JSON.stringify(result)).not.toContain('Foreign');
  });

  it('removal asks for the current version, deletes the secret and the tenants’ states, and is audited', async () => {
    const read = await getConnector(p.admin);
    if (!read.ok || !read.connector) throw new Error('no connector');
    expect(await removeConnector(p.agent, read.connector.version)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(await removeConnector(p.admin, read.connector.version + 1)).toEqual({ ok: false, code: 'STALE' });
    expect(await removeConnector(p.admin, read.connector.version, { address: '198.51.100.6' })).toEqual({ ok: true });
    expect(await testDb().microsoftConnector.count({ where: { partnerId: p.partnerId } })).toBe(0);
    expect(await testDb().microsoftTenantSync.count({ where: { partnerId: p.partnerId } })).toBe(0);
    expect(await getConnector(p.admin)).toEqual({ ok: true, connector: null });
    expect(await testTenant(p.admin, fine.id, { overrides: overrides() })).toEqual({ ok: false, code: 'NOT_CONFIGURED' });
    expect(await removeConnector(p.admin, 1)).toEqual({ ok: false, code: 'NOT_CONFIGURED' });
    expect(await testDb().auditEvent.count({ where: { partnerId: p.partnerId, action: 'microsoft_connector.removed' } })).toBe(1);
  });
});

describe('the demo seed’s connector', () => {
  it('Contoso’s is in demo mode: filled in, no secret, never synced, never tested', async () => {
    const alice = await viewerOf('Contoso Cloud Partners', 'PARTNER_ADMIN');
    const read = await getConnector(alice);
    expect(read).toMatchObject({
      ok: true,
      connector: {
        demo: true,
        enabled: true,
        credential: 'CLIENT_SECRET',
        syncIntervalMinutes: 15,
        lastRun: { trigger: 'SCHEDULE', finishedAt: expect.any(Date) },
      },
    });
    const tenants = await listTenants(alice);
    if (!tenants.ok) throw new Error(tenants.code);
    const byName = new Map(tenants.tenants.rows.map((r) => [r.companyName, r]));
    expect(byName.get('Wide World Importers')).toMatchObject({
      state: 'FAILING',
      lastErrorCode: 'CONSENT_MISSING',
      lastErrorDetail: 'AADSTS700016',
    });
    expect(byName.get('Proseware, Inc.')).toMatchObject({ state: 'FAILING', lastErrorCode: 'SERVICE_MESSAGE_PERMISSION_MISSING' });
    expect(byName.get('Adatum Corporation')).toMatchObject({ state: 'OK', lastCreated: 2, lastUpdated: 1 });
    expect(byName.get('Litware, Inc.')).toMatchObject({ state: 'RETIRED' });
    expect(tenants.tenants.counts.FAILING).toBe(2);
    const adatum = await testDb().customer.findFirstOrThrow({ where: { companyName: 'Adatum Corporation' }, select: { id: true } });
    expect(await testTenant(alice, adatum.id)).toEqual({ ok: false, code: 'DEMO_MODE' });
    // Even when its schedule is due, the worker starts no run for a demo connector.
    await testDb().microsoftConnector.updateMany({
      where: { partnerId: alice.partnerId!, demo: true },
      data: { nextRunAt: new Date(Date.now() - 3600_000) },
    });
    const started = await startDueRuns(testDb(), new Date());
    expect(started.map((r) => r.partnerId)).not.toContain(alice.partnerId);
    // Saving it as one's own needs a real secret: the demo connector stores none to keep.
    if (!read.ok || !read.connector) throw new Error('no connector');
    expect(await saveConnector(alice, input({ version: read.connector.version, secret: '' }))).toEqual({
      ok: false,
      code: 'INVALID',
      fieldErrors: { secret: 'secretRequired' },
    });
    // Fabrikam has no connector.
    expect(await getConnector(await viewerOf('Fabrikam Government Solutions', 'PARTNER_ADMIN'))).toEqual({ ok: true, connector: null });
  });
});
