import 'server-only';
import { getDb } from '../db';
import { partnerScope, type Viewer } from '../viewer';
import { isUuid } from '../../domain/ids';

// Small reads behind the notice list's customer filter: the chosen customer's name (the URL
// carries only its id). Scoped by the viewer's partner: another partner's id finds nothing.

export type CustomerLabel = { id: string; companyName: string };

/** The partner's customer `id` by name, for the filter's "Customer: …" label; null when not the viewer's partner's. */
export async function getCustomerLabel(viewer: Viewer, id: string): Promise<CustomerLabel | null> {
  const partnerId = partnerScope(viewer);
  if (!isUuid(id)) return null;
  return getDb().customer.findFirst({ where: { id, partnerId }, select: { id: true, companyName: true } });
}
