import 'server-only';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { isUuid } from '../../domain/ids';

// Small reads behind the notice list's customer and communication filters: the chosen customer's
// name, the chosen Microsoft communication's id and title (the URL carries only their ids). Scoped
// by the viewer's partner: another partner's id finds nothing.

export type CustomerLabel = { id: string; companyName: string };

/** The partner's customer `id` by name, for the filter's "Customer: …" label; null when not the viewer's partner's. */
export async function getCustomerLabel(viewer: Viewer, id: string): Promise<CustomerLabel | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  return getDb().customer.findFirst({ where: { id, partnerId }, select: { id: true, companyName: true } });
}

export type CommunicationLabel = { id: string; externalId: string; title: string };

/** The partner's Microsoft communication `id`, for the filter's "About …" label; null when not the viewer's partner's. */
export async function getCommunicationLabel(viewer: Viewer, id: string): Promise<CommunicationLabel | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  return getDb().microsoftCommunication.findFirst({ where: { id, partnerId }, select: { id: true, externalId: true, title: true } });
}
