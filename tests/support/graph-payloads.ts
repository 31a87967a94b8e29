// Service announcements as Microsoft Graph returns them (camelCase on the wire), for the fake
// Microsoft Graph (./fake-microsoft.ts) and the connector's tests.

let counter = 0;
const next = () => (counter += 1);

export function graphIssue(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = next();
  const id = (overrides.id as string | undefined) ?? `EX${700000 + n}`;
  return {
    '@odata.type': '#microsoft.graph.serviceHealthIssue',
    id,
    title: `Users may be unable to reach the service (${id})`,
    impactDescription: 'Users may be unable to reach the service.',
    classification: 'incident',
    origin: 'microsoft',
    status: 'investigating',
    service: 'Exchange Online',
    feature: 'E-Mail and calendar access',
    featureGroup: 'E-Mail and calendar access',
    startDateTime: '2026-11-20T08:00:00Z',
    endDateTime: null,
    lastModifiedDateTime: '2026-11-20T09:00:00Z',
    isResolved: false,
    details: [],
    posts: [
      {
        createdDateTime: '2026-11-20T08:30:00Z',
        postType: 'regular',
        description: { contentType: 'html', content: '<p>We are investigating.</p><ul><li>Scope: some users</li></ul>' },
      },
    ],
    ...overrides,
  };
}

export function graphMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = next();
  const id = (overrides.id as string | undefined) ?? `MC${700000 + n}`;
  return {
    '@odata.type': '#microsoft.graph.serviceUpdateMessage',
    id,
    title: `Microsoft Teams: a planned change (${id})`,
    category: 'planForChange',
    severity: 'normal',
    services: ['Microsoft Teams'],
    tags: ['Admin impact', 'Feature update'],
    isMajorChange: false,
    actionRequiredByDateTime: null,
    hasAttachments: false,
    viewPoint: null,
    startDateTime: '2026-11-18T00:00:00Z',
    endDateTime: '2027-02-28T00:00:00Z',
    lastModifiedDateTime: '2026-11-19T10:00:00Z',
    details: [{ name: 'ExternalLink', value: 'https://learn.microsoft.com/microsoftteams/' }],
    body: { contentType: 'html', content: '<p>The change rolls out next month.</p><p>No action is required.</p>' },
    ...overrides,
  };
}
