// Every field of a Microsoft Graph service announcement that the portal keeps is shown on the
// communication's page: an incident (serviceHealthIssue) and a message-center post
// (serviceUpdateMessage), ingested through the REST API exactly as Graph returns them (HTML posts
// and body, details, @odata fields, unknown extra fields), then read in the browser, fact by fact.
import { randomInt } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { sql } from './support/db';
import { DEMO_USERS, signIn } from './support/fixtures';
import { expectNoSeriousViolations } from './support/axe';

test.describe.configure({ timeout: 150_000 });

const CONTOSO = { Authorization: 'Bearer cpt_demo_contoso_token_0001' };

/** The facts list as label → value, in the page's order. */
async function factsOf(page: Page): Promise<Record<string, string>> {
  const facts = page.getByRole('region', { name: 'About this communication' });
  const terms = await facts.getByRole('term').allInnerTexts();
  const definitions = await facts.getByRole('definition').allInnerTexts();
  expect(definitions).toHaveLength(terms.length);
  return Object.fromEntries(terms.map((term, index) => [term.trim(), definitions[index]!.trim()]));
}

const region = (page: Page, name: string): Locator => page.getByRole('region', { name });

test('every Graph field of an incident and of a message-center post is on the communication’s page', async ({ page, request }) => {
  const [tailspin] = await sql<{ tenantId: string }>(`SELECT "tenantId" FROM "Customer" WHERE "companyName" = 'Tailspin Toys'`);
  const [bob] = await sql<{ timeZone: string }>(`SELECT "timeZone" FROM "User" WHERE email = $1`, [DEMO_USERS.bob.email]);
  // As the portal writes a date and time in English (lib/i18n/translate.ts, formatDateTime), in Bob's time zone.
  const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: bob!.timeZone });
  const when = (iso: string) => format.format(new Date(iso));
  const number = randomInt(100_000, 999_999);
  const incident = {
    '@odata.type': '#microsoft.graph.serviceHealthIssue',
    id: `EX${number}`,
    title: `Some users cannot join Teams meetings from Outlook (EX${number})`,
    impactDescription: 'Users may be unable to join Teams meetings from the Outlook calendar.',
    classification: 'incident',
    origin: 'microsoft',
    status: 'serviceDegradation',
    service: 'Microsoft Teams',
    feature: 'Teams Meetings',
    featureGroup: 'Teams Components',
    isResolved: false,
    highImpact: true,
    startDateTime: '2026-11-20T08:00:00Z',
    endDateTime: '2026-11-21T17:30:00Z',
    lastModifiedDateTime: '2026-11-20T10:15:00Z',
    details: [{ name: 'NextUpdate', value: 'We expect to post an update by 14:00 UTC.' }],
    posts: [
      {
        createdDateTime: '2026-11-20T08:30:00Z',
        postType: 'regular',
        description: { contentType: 'html', content: '<p>We are <b>investigating</b>.</p>' },
      },
      {
        createdDateTime: '2026-11-20T10:15:00Z',
        postType: 'regular',
        description: { contentType: 'html', content: '<p>A fix is rolling out.</p><ul><li>Scope: some users in Europe</li></ul>' },
      },
    ],
    '@odata.etag': 'W/"1"',
    somethingGraphAddsLater: { nested: true },
  };
  const post = {
    '@odata.type': '#microsoft.graph.serviceUpdateMessage',
    id: `MC${number}`,
    title: `Retirement of the classic Exchange admin center reports (MC${number})`,
    category: 'planForChange',
    severity: 'high',
    services: ['Exchange Online', 'Microsoft 365 suite'],
    tags: ['Retirement', 'Admin impact'],
    isMajorChange: true,
    actionRequiredByDateTime: '2027-01-31T00:00:00Z',
    hasAttachments: false,
    viewPoint: null,
    startDateTime: '2026-11-18T00:00:00Z',
    endDateTime: '2027-02-28T00:00:00Z',
    lastModifiedDateTime: '2026-11-19T10:00:00Z',
    details: [
      { name: 'ExternalLink', value: 'https://learn.microsoft.com/exchange/' },
      { name: 'BlogLink', value: 'https://techcommunity.microsoft.com/exchange' },
    ],
    body: { contentType: 'html', content: '<p>The classic reports retire on <b>31 January</b>.</p><p>Use the new admin center.</p>' },
  };
  const ingested = await request.post('/api/v1/communications', {
    headers: CONTOSO,
    data: { value: [incident, post].map((record) => ({ ...record, affectedTenantIds: [tailspin!.tenantId] })) },
  });
  expect(ingested.status(), await ingested.text()).toBe(200);

  await signIn(page, DEMO_USERS.bob.email, undefined, { from: '/signin' });
  const ids = await sql<{ id: string; externalId: string }>(
    `SELECT m.id, m."externalId" FROM "MicrosoftCommunication" m JOIN "Partner" p ON p.id = m."partnerId"
      WHERE p.name = 'Contoso Cloud Partners' AND m."externalId" = ANY($1)`,
    [[incident.id, post.id]],
  );
  const idOf = (externalId: string) => ids.find((row) => row.externalId === externalId)!.id;

  await page.goto(`/communications/${idOf(incident.id)}`);
  await expect(page.getByRole('heading', { level: 1, name: incident.title })).toBeVisible();
  expect(await factsOf(page)).toEqual({
    'Microsoft ID': incident.id,
    Category: 'Service incidents',
    Classification: 'Incident',
    Status: 'Service degradation',
    'Still open': 'Yes',
    Services: 'Microsoft Teams',
    Feature: 'Teams Meetings (Teams Components)',
    'High impact': 'Yes',
    Started: when(incident.startDateTime),
    Ended: when(incident.endDateTime),
    'Last updated': when(incident.lastModifiedDateTime),
    Cloud: 'Partner Center (global)',
    NextUpdate: 'We expect to post an update by 14:00 UTC.',
  });
  const incidentSummary = region(page, 'Summary');
  await expect(incidentSummary.getByText(incident.impactDescription)).toBeVisible();
  await expect(incidentSummary.getByRole('heading', { name: 'Updates from Microsoft' })).toBeVisible();
  const updates = incidentSummary.getByRole('listitem');
  // Newest first, HTML turned into text.
  await expect(updates).toHaveCount(2);
  await expect(updates.nth(0)).toContainText(when('2026-11-20T10:15:00Z'));
  await expect(updates.nth(0)).toContainText('A fix is rolling out.');
  await expect(updates.nth(0)).toContainText('Scope: some users in Europe');
  await expect(updates.nth(1)).toContainText(when('2026-11-20T08:30:00Z'));
  await expect(updates.nth(1)).toContainText('We are investigating.');
  await expect(incidentSummary).not.toContainText('<p>');
  await expect(region(page, 'Affected customers (1)').getByRole('link', { name: 'Tailspin Toys', exact: true })).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.goto(`/communications/${idOf(post.id)}`);
  await expect(page.getByRole('heading', { level: 1, name: post.title })).toBeVisible();
  const postFacts = await factsOf(page);
  expect(postFacts).toEqual({
    'Microsoft ID': post.id,
    Category: 'Operational messages',
    Classification: 'Advisory',
    'Message-center category': 'Plan for change',
    'Still open': 'Yes',
    Services: 'Exchange Online, Microsoft 365 suite',
    Severity: 'High',
    'Major change': 'Yes',
    "Microsoft's tags": 'Retirement, Admin impact',
    Started: when(post.startDateTime),
    Ends: when(post.endDateTime),
    'Last updated': when(post.lastModifiedDateTime),
    'Act by': when(post.actionRequiredByDateTime),
    Cloud: 'Partner Center (global)',
    ExternalLink: 'https://learn.microsoft.com/exchange/',
    BlogLink: 'https://techcommunity.microsoft.com/exchange',
  });
  const postSummary = region(page, 'Summary');
  await expect(postSummary).toContainText('The classic reports retire on 31 January.');
  await expect(postSummary).toContainText('Use the new admin center.');
  await expect(postSummary).not.toContainText('<b>');
  await expectNoSeriousViolations(page);
});
