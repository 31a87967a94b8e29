'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { readConfig } from '../../runtime/config';
import { removeConnector, requestSync, saveConnector, setGovernmentGraph, type ConnectorCode } from '../data/microsoft-connector';
import { testTenant, type TenantTest } from '../data/microsoft-tenants';
import { saveCategoryRules } from '../data/category-rules';
import { DEFAULT_CATEGORY_RULES } from '../../domain/communication-category';
import {
  categoryRulesSchema,
  connectorFieldErrorsOf,
  connectorSchema,
  governmentGraphSchema,
  type ConnectorFieldError,
} from '../../schemas/microsoft-connector';

// The Microsoft connector's settings (/settings/microsoft) and its category rules
// (/settings/microsoft/categories). Every export is a public endpoint: parse (zod) → a signed-in
// user → data (which checks settings:microsoft itself, scopes by the viewer's partner, audits) →
// revalidate → a typed result whose codes the forms word in both languages. The secret typed in
// goes to the data layer, which stores it encrypted; it is never part of a result.

export type ConnectorActionCode = ConnectorCode | 'UNEXPECTED';

export type ConnectorActionResult =
  | { ok: true; version?: number; recategorized?: number }
  | { ok: false; code: ConnectorActionCode; fieldErrors?: Record<string, ConnectorFieldError> };

export type TestActionResult = { ok: true; companyName: string; test: TenantTest } | { ok: false; code: ConnectorActionCode };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

function revalidate() {
  revalidatePath('/settings/microsoft');
  revalidatePath('/settings/microsoft/categories');
}

/** MICROSOFT_LOGIN_URL and MICROSOFT_GRAPH_URL, when set. */
function overrides() {
  const config = readConfig();
  return { loginUrl: config.microsoftLoginUrl, graphUrl: config.microsoftGraphUrl };
}

export async function saveConnectorAction(_: ConnectorActionResult | null, form: FormData): Promise<ConnectorActionResult> {
  const parsed = connectorSchema.safeParse({
    version: text(form, 'version'),
    clientId: text(form, 'clientId'),
    credential: text(form, 'credential'),
    secret: text(form, 'secret'),
    certificatePem: text(form, 'certificatePem'),
    privateKeyPem: text(form, 'privateKeyPem'),
    syncIntervalMinutes: text(form, 'syncIntervalMinutes'),
    enabled: text(form, 'enabled') === 'on',
  });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: connectorFieldErrorsOf(parsed.error.issues) };
  const result = await saveConnector(viewer, parsed.data, { address: await requestAddress() });
  if (!result.ok) return result;
  revalidate();
  return { ok: true, version: result.version };
}

const versionSchema = z.coerce.number().int().min(0);

export async function removeConnectorAction(_: ConnectorActionResult | null, form: FormData): Promise<ConnectorActionResult> {
  const version = versionSchema.safeParse(text(form, 'version'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!version.success) return { ok: false, code: 'INVALID' };
  const result = await removeConnector(viewer, version.data, { address: await requestAddress() });
  if (!result.ok) return result;
  revalidate();
  redirect('/settings/microsoft?removed=1');
}

export async function requestSyncAction(_: ConnectorActionResult | null, form: FormData): Promise<ConnectorActionResult> {
  void form;
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  const result = await requestSync(viewer, { address: await requestAddress() });
  if (!result.ok) return result;
  revalidate();
  return { ok: true };
}

export async function testTenantAction(_: TestActionResult | null, form: FormData): Promise<TestActionResult> {
  const customerId = z.uuid().safeParse(text(form, 'customerId'));
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!customerId.success) return { ok: false, code: 'NOT_FOUND' };
  const result = await testTenant(viewer, customerId.data, { overrides: overrides() });
  if (!result.ok) return { ok: false, code: result.code };
  return { ok: true, companyName: result.companyName, test: result.test };
}

export async function setGovernmentGraphAction(_: ConnectorActionResult | null, form: FormData): Promise<ConnectorActionResult> {
  const parsed = governmentGraphSchema.safeParse({ customerId: text(form, 'customerId'), governmentGraph: text(form, 'governmentGraph') });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: connectorFieldErrorsOf(parsed.error.issues) };
  const result = await setGovernmentGraph(viewer, parsed.data.customerId, parsed.data.governmentGraph, { address: await requestAddress() });
  if (!result.ok) return result;
  revalidate();
  return { ok: true };
}

/** Saves the category rules; the "use the defaults" button saves the default rules. */
export async function saveCategoryRulesAction(_: ConnectorActionResult | null, form: FormData): Promise<ConnectorActionResult> {
  const reset = text(form, 'reset') === '1';
  const parsed = categoryRulesSchema.safeParse({
    version: text(form, 'version'),
    titleWords: reset ? DEFAULT_CATEGORY_RULES.titleWords.join('\n') : text(form, 'titleWords'),
    tags: reset ? DEFAULT_CATEGORY_RULES.tags.join('\n') : text(form, 'tags'),
    services: reset ? DEFAULT_CATEGORY_RULES.services.join('\n') : text(form, 'services'),
  });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!parsed.success) return { ok: false, code: 'INVALID', fieldErrors: connectorFieldErrorsOf(parsed.error.issues) };
  const result = await saveCategoryRules(viewer, parsed.data, { address: await requestAddress() });
  if (!result.ok) return result;
  revalidate();
  revalidatePath('/communications');
  revalidatePath('/dashboard');
  return { ok: true, version: result.version, recategorized: result.recategorized };
}
