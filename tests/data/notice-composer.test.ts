import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPOSER_SEARCH_LIMIT, getComposerCustomers, searchComposerCustomers } from '../../lib/server/data/notice-composer';
import { createNoticePartner, type NoticeTestCustomer, type NoticeTestPartner } from '../support/notices';

let p: NoticeTestPartner;
let other: NoticeTestPartner;
let kite: NoticeTestCustomer;
let quiet: NoticeTestCustomer;
let foreign: NoticeTestCustomer;

beforeAll(async () => {
  p = await createNoticePartner();
  other = await createNoticePartner();
  kite = await p.addCustomer({
    name: `Kite Works ${p.suffix}`,
    language: 'zh-TW',
    contacts: [{ role: 'BILLING' }, { role: 'BILLING' }, { role: 'TECHNICAL' }],
    subscriptions: [
      { endsInDays: 200, offerName: 'Visio Plan 2', quantity: 3 },
      { endsInDays: 20, offerName: 'Microsoft 365 E3', quantity: 1250, status: 'SUSPENDED' },
    ],
  });
  quiet = await p.addCustomer({ name: `Quiet Kite ${p.suffix}`, contacts: [] });
  for (let i = 0; i < COMPOSER_SEARCH_LIMIT + 2; i += 1) await p.addCustomer({ name: `Bulk ${i} ${p.suffix}` });
  foreign = await other.addCustomer({ name: `Kite Works ${other.suffix}`, subscriptions: [{ endsInDays: 5 }] });
});

afterAll(async () => {
  await p?.cleanup();
  await other?.cleanup();
});

describe('searchComposerCustomers', () => {
  it('finds the partner’s customers by name or domain, a few at a time, never another partner’s', async () => {
    const byName = await searchComposerCustomers(p.agent, `Kite Works ${p.suffix}`);
    expect(byName).toEqual([{ id: kite.id, companyName: kite.companyName, domain: expect.stringContaining(p.suffix) }]);
    const byWord = await searchComposerCustomers(p.viewer, 'kite');
    expect(byWord.map((row) => row.id).sort()).toEqual([kite.id, quiet.id].sort());
    expect(await searchComposerCustomers(p.agent, `Kite Works ${other.suffix}`)).toEqual([]);
    expect(await searchComposerCustomers(other.agent, 'kite')).toEqual([expect.objectContaining({ id: foreign.id })]);
    expect(await searchComposerCustomers(p.agent, 'Bulk')).toHaveLength(COMPOSER_SEARCH_LIMIT);
    expect(await searchComposerCustomers(p.agent, '   ')).toEqual([]);
  });
});

describe('getComposerCustomers', () => {
  it('gives the picked customers in the order asked, with subscriptions (soonest end first) and contacts per role', async () => {
    const rows = await getComposerCustomers(p.agent, [quiet.id, kite.id.toUpperCase(), 'not-a-uuid', foreign.id, kite.id]);
    expect(rows.map((row) => row.id)).toEqual([quiet.id, kite.id]);
    const [quietRow, kiteRow] = rows;
    expect(quietRow).toMatchObject({ subscriptions: [], contactsByRole: { PRIMARY: 0, BILLING: 0, TECHNICAL: 0 } });
    expect(kiteRow).toMatchObject({
      companyName: kite.companyName,
      preferredLanguage: 'zh-TW',
      moreSubscriptions: false,
      contactsByRole: { PRIMARY: 0, BILLING: 2, TECHNICAL: 1 },
    });
    expect(kiteRow?.subscriptions.map((s) => [s.offerName, s.quantity, s.status])).toEqual([
      ['Microsoft 365 E3', 1250, 'SUSPENDED'],
      ['Visio Plan 2', 3, 'ACTIVE'],
    ]);
    expect(kiteRow?.subscriptions[0]?.commitmentEndDate).toBe(kite.subscriptions[1]?.commitmentEndDate.toISOString().slice(0, 10));
  });

  it('finds nothing of another partner', async () => {
    expect(await getComposerCustomers(other.admin, [kite.id, quiet.id])).toEqual([]);
    expect(await getComposerCustomers(p.admin, [])).toEqual([]);
  });
});
