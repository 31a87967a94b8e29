// The authorization matrix's registry of server actions: every export of every 'use server' module
// in lib/server/actions, how to call it and who may. tests/data/authorization-matrix.test.ts fails
// for an export without an entry here (and for an entry whose export is gone). Adding an action is
// one line:
//
//   'lib/server/actions/users.ts#inviteUserAction': write('settings:users', [], () => users.inviteUserAction(null, form({ email: 'x@y.example', role: 'PARTNER_AGENT' }))),
//
// `o.customer`, `o.notice`… are objects of the signed-in partner, of another partner, or ids of
// none (tests/data/authorization-matrix.test.ts). Versions are stale on purpose: a write that
// reaches the object is refused as stale and changes nothing; one that is allowed and has no
// version (a create) really happens.
import type { Permission } from '../../lib/domain/permissions';
import * as accountLinks from '../../lib/server/actions/account-links';
import * as apiTokens from '../../lib/server/actions/api-tokens';
import * as customers from '../../lib/server/actions/customers';
import * as embedTokens from '../../lib/server/actions/embed-tokens';
import * as locale from '../../lib/server/actions/locale';
import * as microsoft from '../../lib/server/actions/microsoft-connector';
import * as compose from '../../lib/server/actions/notice-compose';
import * as settings from '../../lib/server/actions/notice-settings';
import * as notices from '../../lib/server/actions/notices';
import * as partners from '../../lib/server/actions/partners';
import * as profile from '../../lib/server/actions/profile';
import * as relationships from '../../lib/server/actions/relationships';
import * as renewals from '../../lib/server/actions/renewals';
import * as serviceUpdates from '../../lib/server/actions/service-updates';
import * as signIn from '../../lib/server/actions/sign-in';
import * as twoStep from '../../lib/server/actions/two-step';
import * as users from '../../lib/server/actions/users';
import * as webhooks from '../../lib/server/actions/webhooks';

export const ACTION_OBJECTS = [
  'customer',
  'contact',
  'subscription',
  'notice',
  'template',
  'renewalTemplate',
  'review',
  'webhook',
  'spareWebhook',
  'webhookDelivery',
  'embedToken',
  'communication',
  'serviceTemplate',
  'rule',
  'partner',
  'user',
  'invitation',
  'spareInvitation',
  'agentInvitation',
  'apiToken',
  'invitationLink',
  'resetLink',
] as const;
export type ActionObject = (typeof ACTION_OBJECTS)[number];
export type Objects = Record<ActionObject, string>;

export type ActionProbe = {
  /**
   * The permission the action needs, or any of several ('public': none, whether signed in or not:
   * then every principal gets the same answer, and only the own object — a link that works — is
   * used; another partner's link, one that no longer works, is refused like an unknown one).
   */
  access: Permission | readonly Permission[] | 'public';
  /** The objects that vary (own / another partner's / none); none: one call per principal. */
  objects: readonly ActionObject[];
  /** A read: on its own object it finds it (the answer names it), otherwise it finds nothing. */
  read?: boolean;
  /** Ends the sessions of whoever may call it (sign out everywhere): the test opens new ones after it. */
  endsSessions?: boolean;
  /** Codes that mean "refused" for this action besides the usual ones (a link that does not work). */
  refusals?: readonly string[];
  /** Serves the two-step enrolment: a session held at it may call it too (principal `enrolling`). */
  duringEnrolment?: boolean;
  call: (o: Objects) => Promise<unknown>;
};

const write = (access: ActionProbe['access'], objects: readonly ActionObject[], call: ActionProbe['call']): ActionProbe => ({
  access,
  objects,
  call,
});
/** A write of the user's own two-step sign-in, which a session held at its enrolment may call too. */
const enrolment = (call: ActionProbe['call']): ActionProbe => ({ ...write('profile:write', [], call), duringEnrolment: true });
const read = (access: Permission, objects: readonly ActionObject[], call: ActionProbe['call']): ActionProbe => ({
  access,
  objects,
  read: true,
  call,
});

/** A form as the browser posts it; an array gives a field several values. */
export function form(fields: Record<string, string | readonly string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of typeof value === 'string' ? [value] : value) data.append(name, one);
  return data;
}

const STALE_TIME = '2000-01-01T00:00:00.000Z';
const STALE_VERSION = '999999';
const uniqueTenant = () => crypto.randomUUID();
const customerFields = () => ({
  companyName: 'Matrix Created',
  domain: 'created.matrix.example',
  tenantId: uniqueTenant(),
  cloud: 'PUBLIC',
  relationshipToPartner: 'RESELLER',
  preferredLanguage: 'en',
});
const contactFields = { name: 'Matrix Person', email: `person@matrix.example`, role: 'TECHNICAL', language: 'en' };
const subscriptionFields = {
  offerName: 'Matrix Offer',
  quantity: '3',
  status: 'ACTIVE',
  term: 'P1Y',
  billingCycle: 'ANNUAL',
  startDate: '2026-01-01',
  commitmentEndDate: '2027-01-01',
};
const noticeFields = (customerId: string) => ({
  kind: 'GENERAL',
  'content.en.subject': 'Matrix subject',
  'content.en.body': 'Hello {{customer.name}}',
  'content.zh-TW.subject': '主旨',
  'content.zh-TW.body': '您好',
  targetMode: 'customers',
  'target.customerIds': customerId,
  recipientRoles: 'BILLING',
});
const templateFields = {
  name: 'Matrix Saved Template',
  kind: 'GENERAL',
  'content.en.subject': 'Subject',
  'content.en.body': 'Body',
  'content.zh-TW.subject': '主旨',
  'content.zh-TW.body': '內文',
};
const connectorFields = {
  clientId: 'c0ffee00-0000-4000-8000-00000000a11c',
  credential: 'CLIENT_SECRET',
  secret: 'matrix-secret-value~0123456789',
  syncIntervalMinutes: '15',
  enabled: 'on',
};
const future = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 16);
const unique = () => crypto.randomUUID().slice(0, 8);
const newPassword = { password: 'violet staple thunder', confirmPassword: 'violet staple thunder' };
const ruleFields = (templateId: string) => ({
  name: `Matrix Saved Rule ${unique()}`,
  enabled: 'on',
  action: 'DRAFT',
  categories: 'SERVICE_INCIDENT',
  services: 'Exchange Online',
  recipientRoles: 'BILLING',
  templateId,
});
const serviceUpdateFields = (communicationId: string) => {
  const { 'target.customerIds': _customers, ...fields } = noticeFields('');
  return { ...fields, kind: 'SERVICE_UPDATE', targetMode: 'affected', communicationId };
};

/**
 * Links that work are used once: the own link object is a name under which the test registers a
 * maker of a new working link (a secret), called for every use; other links are used as they are.
 */
export const FRESH_LINKS = new Map<string, () => Promise<string>>();
const linkOf = async (link: string) => (await FRESH_LINKS.get(link)?.()) ?? link;

export const ACTIONS: Readonly<Record<string, ActionProbe | readonly ActionProbe[]>> = {
  'lib/server/actions/customers.ts#createCustomerAction': write('customer:write', [], () =>
    customers.createCustomerAction(null, form(customerFields())),
  ),
  'lib/server/actions/customers.ts#updateCustomerAction': write('customer:write', ['customer'], (o) =>
    customers.updateCustomerAction(null, form({ ...customerFields(), customerId: o.customer, version: STALE_VERSION })),
  ),
  'lib/server/actions/customers.ts#createContactAction': write('customer:write', ['customer'], (o) =>
    customers.createContactAction(null, form({ ...contactFields, email: `${crypto.randomUUID()}@matrix.example`, customerId: o.customer })),
  ),
  'lib/server/actions/customers.ts#updateContactAction': write('customer:write', ['customer', 'contact'], (o) =>
    customers.updateContactAction(
      null,
      form({ ...contactFields, customerId: o.customer, contactId: o.contact, expectedUpdatedAt: STALE_TIME }),
    ),
  ),
  'lib/server/actions/customers.ts#deleteContactAction': write('customer:write', ['customer', 'contact'], (o) =>
    customers.deleteContactAction(null, form({ customerId: o.customer, contactId: o.contact, expectedUpdatedAt: STALE_TIME })),
  ),
  'lib/server/actions/customers.ts#createSubscriptionAction': write('customer:write', ['customer'], (o) =>
    customers.createSubscriptionAction(null, form({ ...subscriptionFields, customerId: o.customer })),
  ),
  'lib/server/actions/customers.ts#updateSubscriptionAction': write('customer:write', ['customer', 'subscription'], (o) =>
    customers.updateSubscriptionAction(
      null,
      form({ ...subscriptionFields, customerId: o.customer, subscriptionId: o.subscription, expectedUpdatedAt: STALE_TIME }),
    ),
  ),
  'lib/server/actions/customers.ts#deleteSubscriptionAction': write('customer:write', ['customer', 'subscription'], (o) =>
    customers.deleteSubscriptionAction(
      null,
      form({ customerId: o.customer, subscriptionId: o.subscription, expectedUpdatedAt: STALE_TIME }),
    ),
  ),
  'lib/server/actions/relationships.ts#declareRelationshipAction': write('relationship:declare', ['customer'], (o) =>
    relationships.declareRelationshipAction(null, form({ customerId: o.customer, agreementType: 'EA', evidenceNote: 'Signed in 2025.' })),
  ),
  'lib/server/actions/relationships.ts#decideRelationshipAction': write('admin:relationships', ['review'], (o) =>
    relationships.decideRelationshipAction(null, form({ reviewId: o.review, decision: 'approve' })),
  ),
  'lib/server/actions/locale.ts#setLocaleAction': write('public', [], () => locale.setLocaleAction({ locale: 'en' })),
  // Ends the caller's own unfinished sign-in (a cookie), for anyone.
  'lib/server/actions/sign-in.ts#startOverSignInAction': write('public', [], () => signIn.startOverSignInAction()),
  // The user's own two-step sign-in, also while its enrolment is pending: wrong codes and a wrong
  // password are answers, not refusals (the demo-like principals are exempt: EXEMPT, NOT_ENABLED…;
  // the enrolling one really starts and cancels its enrolment).
  'lib/server/actions/two-step.ts#startTwoStepEnrolmentAction': enrolment(() => twoStep.startTwoStepEnrolmentAction()),
  'lib/server/actions/two-step.ts#cancelTwoStepEnrolmentAction': enrolment(() => twoStep.cancelTwoStepEnrolmentAction()),
  'lib/server/actions/two-step.ts#confirmTwoStepEnrolmentAction': enrolment(() =>
    twoStep.confirmTwoStepEnrolmentAction(null, form({ code: '000000' })),
  ),
  'lib/server/actions/two-step.ts#renewRecoveryCodesAction': enrolment(() =>
    twoStep.renewRecoveryCodesAction(null, form({ code: '000000' })),
  ),
  'lib/server/actions/two-step.ts#turnOffTwoStepAction': enrolment(() =>
    twoStep.turnOffTwoStepAction(null, form({ password: 'not-the-password', code: '000000' })),
  ),
  // The partner's sign-in rules (partner A's only: partner B's rows must not change): both of them.
  'lib/server/actions/two-step.ts#setSignInRuleAction': [
    write('settings:users', [], () => twoStep.setSignInRuleAction(null, form({ rule: 'twoStepRequired', value: 'off' }))),
    write('settings:users', [], () => twoStep.setSignInRuleAction(null, form({ rule: 'passwordSignIn', value: 'on' }))),
  ],
  'lib/server/actions/profile.ts#updateProfileAction': write('profile:write', [], () =>
    profile.updateProfileAction(null, form({ displayName: 'Matrix Name', language: 'en', timeZone: 'UTC', expectedUpdatedAt: STALE_TIME })),
  ),
  'lib/server/actions/profile.ts#changePasswordAction': write('profile:write', [], () =>
    profile.changePasswordAction(
      null,
      form({ currentPassword: 'not-the-password', newPassword: 'a-new-password-1', confirmPassword: 'a-new-password-1' }),
    ),
  ),
  'lib/server/actions/notice-compose.ts#saveNoticeAction': [
    write('notice:write', ['customer'], (o) => compose.saveNoticeAction(null, form({ intent: 'draft', ...noticeFields(o.customer) }))),
    // "Tell affected customers": only the partner's own communication.
    write('notice:write', ['communication'], (o) =>
      compose.saveNoticeAction(null, form({ intent: 'draft', ...serviceUpdateFields(o.communication) })),
    ),
    write('notice:write', ['notice', 'customer'], (o) =>
      compose.saveNoticeAction(null, form({ intent: 'draft', noticeId: o.notice, version: STALE_VERSION, ...noticeFields(o.customer) })),
    ),
  ],
  'lib/server/actions/notice-compose.ts#searchNoticeCustomersAction': read('notice:write', ['customer'], (o) =>
    compose.searchNoticeCustomersAction(NAMES.get(o.customer) ?? 'Matrix Nobody'),
  ),
  'lib/server/actions/notice-compose.ts#loadNoticeCustomersAction': read('notice:write', ['customer'], (o) =>
    compose.loadNoticeCustomersAction([o.customer]),
  ),
  'lib/server/actions/notice-compose.ts#previewNoticeAction': read('notice:write', ['customer'], (o) =>
    compose.previewNoticeAction(form(noticeFields(o.customer)), {}),
  ),
  'lib/server/actions/notices.ts#scheduleNoticeAction': write('notice:write', ['notice'], (o) =>
    notices.scheduleNoticeAction(null, form({ id: o.notice, version: STALE_VERSION, at: future() })),
  ),
  'lib/server/actions/notices.ts#sendNoticeNowAction': write('notice:write', ['notice'], (o) =>
    notices.sendNoticeNowAction(null, form({ id: o.notice, version: STALE_VERSION })),
  ),
  'lib/server/actions/notices.ts#unscheduleNoticeAction': write('notice:write', ['notice'], (o) =>
    notices.unscheduleNoticeAction(null, form({ id: o.notice, version: STALE_VERSION })),
  ),
  'lib/server/actions/notices.ts#cancelNoticeAction': write('notice:write', ['notice'], (o) =>
    notices.cancelNoticeAction(null, form({ id: o.notice, version: STALE_VERSION })),
  ),
  'lib/server/actions/notices.ts#archiveNoticeAction': write('notice:write', ['notice'], (o) =>
    notices.archiveNoticeAction(null, form({ id: o.notice, version: STALE_VERSION })),
  ),
  'lib/server/actions/notices.ts#retryDeliveriesAction': write('notice:write', ['notice'], (o) =>
    notices.retryDeliveriesAction(null, form({ id: o.notice, version: STALE_VERSION })),
  ),
  'lib/server/actions/notices.ts#duplicateNoticeAction': write('notice:write', ['notice'], (o) =>
    notices.duplicateNoticeAction(null, form({ id: o.notice })),
  ),
  'lib/server/actions/renewals.ts#createRenewalNoticesAction': write('notice:write', ['subscription', 'renewalTemplate'], (o) =>
    renewals.createRenewalNoticesAction(null, form({ subscriptionIds: [o.subscription], templateId: o.renewalTemplate, when: 'draft' })),
  ),
  'lib/server/actions/notice-settings.ts#saveSenderIdentityAction': write('settings:notices', [], () =>
    settings.saveSenderIdentityAction(
      null,
      form({ version: STALE_VERSION, senderName: 'Matrix Billing', senderReplyTo: 'billing@matrix.example' }),
    ),
  ),
  'lib/server/actions/notice-settings.ts#saveTemplateAction': [
    write('settings:notices', [], () =>
      settings.saveTemplateAction(null, form({ ...templateFields, name: `Matrix Template ${crypto.randomUUID()}` })),
    ),
    write('settings:notices', ['template'], (o) =>
      settings.saveTemplateAction(null, form({ ...templateFields, templateId: o.template, version: STALE_VERSION })),
    ),
  ],
  'lib/server/actions/notice-settings.ts#deleteTemplateAction': write('settings:notices', ['template'], (o) =>
    settings.deleteTemplateAction(null, form({ templateId: o.template, version: STALE_VERSION })),
  ),
  'lib/server/actions/notice-settings.ts#saveReminderRuleAction': write('settings:notices', ['renewalTemplate'], (o) =>
    settings.saveReminderRuleAction(
      null,
      form({ version: STALE_VERSION, enabled: 'on', offsetsDays: '30', templateId: o.renewalTemplate }),
    ),
  ),
  'lib/server/actions/webhooks.ts#createWebhookAction': write('settings:webhooks', [], () =>
    webhooks.createWebhookAction(null, form({ url: 'https://127.0.0.1:9/matrix', description: 'Matrix', events: ['notice.sent'] })),
  ),
  'lib/server/actions/webhooks.ts#updateWebhookEventsAction': write('settings:webhooks', ['webhook'], (o) =>
    webhooks.updateWebhookEventsAction(null, form({ endpointId: o.webhook, version: STALE_VERSION, events: ['notice.failed'] })),
  ),
  'lib/server/actions/webhooks.ts#enableWebhookAction': write('settings:webhooks', ['webhook'], (o) =>
    webhooks.enableWebhookAction(null, form({ endpointId: o.webhook })),
  ),
  'lib/server/actions/webhooks.ts#sendWebhookTestAction': write('settings:webhooks', ['webhook'], (o) =>
    webhooks.sendWebhookTestAction(null, form({ endpointId: o.webhook })),
  ),
  'lib/server/actions/webhooks.ts#replayWebhookDeliveryAction': write('settings:webhooks', ['webhookDelivery'], (o) =>
    webhooks.replayWebhookDeliveryAction(null, form({ deliveryId: o.webhookDelivery })),
  ),
  // Deleting the own endpoint really happens: a spare one.
  'lib/server/actions/webhooks.ts#deleteWebhookAction': write('settings:webhooks', ['spareWebhook'], (o) =>
    webhooks.deleteWebhookAction(null, form({ endpointId: o.spareWebhook })),
  ),
  'lib/server/actions/embed-tokens.ts#createEmbedTokenAction': write('settings:tokens', [], () =>
    embedTokens.createEmbedTokenAction(
      null,
      form({ name: 'Matrix', allowedOrigin: 'https://intranet.matrix.example', language: 'en', expiresOn: '' }),
    ),
  ),
  'lib/server/actions/embed-tokens.ts#revokeEmbedTokenAction': write('settings:tokens', ['embedToken'], (o) =>
    embedTokens.revokeEmbedTokenAction(null, form({ tokenId: o.embedToken })),
  ),
  // The Microsoft connector: the matrix's partners have none, so a stale save, a removal and "Sync
  // now" reach the data layer and are told so; a tenant test and a tenant's Graph find the own
  // customer (not configured; not a US Government tenant) and nobody else's.
  'lib/server/actions/microsoft-connector.ts#saveConnectorAction': write('settings:microsoft', [], () =>
    microsoft.saveConnectorAction(null, form({ ...connectorFields, version: STALE_VERSION })),
  ),
  'lib/server/actions/microsoft-connector.ts#removeConnectorAction': write('settings:microsoft', [], () =>
    microsoft.removeConnectorAction(null, form({ version: STALE_VERSION })),
  ),
  'lib/server/actions/microsoft-connector.ts#requestSyncAction': write('settings:microsoft', [], () =>
    microsoft.requestSyncAction(null, form({})),
  ),
  'lib/server/actions/microsoft-connector.ts#testTenantAction': write('settings:microsoft', ['customer'], (o) =>
    microsoft.testTenantAction(null, form({ customerId: o.customer })),
  ),
  'lib/server/actions/microsoft-connector.ts#setGovernmentGraphAction': write('settings:microsoft', ['customer'], (o) =>
    microsoft.setGovernmentGraphAction(null, form({ customerId: o.customer, governmentGraph: 'DOD' })),
  ),
  'lib/server/actions/microsoft-connector.ts#saveCategoryRulesAction': write('settings:microsoft', [], () =>
    microsoft.saveCategoryRulesAction(null, form({ version: STALE_VERSION, titleWords: 'Matrix billing', tags: '', services: '' })),
  ),
  'lib/server/actions/api-tokens.ts#createApiTokenAction': write('settings:tokens', [], () =>
    apiTokens.createApiTokenAction(null, form({ name: `Matrix Token ${unique()}`, scopes: ['customers:read'], expiresOn: '' })),
  ),
  // Revoking the own token really happens: a spare one.
  'lib/server/actions/api-tokens.ts#revokeApiTokenAction': write('settings:tokens', ['apiToken'], (o) =>
    apiTokens.revokeApiTokenAction(null, form({ tokenId: o.apiToken })),
  ),
  'lib/server/actions/profile.ts#signOutEverywhereAction': {
    ...write('profile:write', [], () => profile.signOutEverywhereAction()),
    endsSessions: true,
  },
  'lib/server/actions/partners.ts#createPartnerAction': write('admin:partners', [], () =>
    partners.createPartnerAction(
      null,
      form({ name: `Matrix Created Partner ${unique()}`, partnerNumber: String(Date.now()).slice(-12), cloud: 'PUBLIC' }),
    ),
  ),
  'lib/server/actions/partners.ts#renamePartnerAction': write('admin:partners', ['partner'], (o) =>
    partners.renamePartnerAction(null, form({ partnerId: o.partner, name: 'Matrix Renamed', expectedUpdatedAt: STALE_TIME })),
  ),
  'lib/server/actions/partners.ts#invitePartnerAdminAction': write('admin:partners', ['partner'], (o) =>
    partners.invitePartnerAdminAction(
      null,
      form({ partnerId: o.partner, email: `matrix-admin-${unique()}@matrix.example`, language: 'en' }),
    ),
  ),
  'lib/server/actions/users.ts#inviteUserAction': write('settings:users', [], () =>
    users.inviteUserAction(null, form({ email: `matrix-user-${unique()}@matrix.example`, role: 'PARTNER_AGENT', language: 'en' })),
  ),
  // A partner admin changes its own partner's invitations; the portal admin, any partner's admins'
  // and no one else's (an agent's invitation is its partner admin's alone: the portal admin finds none).
  'lib/server/actions/users.ts#resendInvitationAction': [
    write(['settings:users', 'admin:partners'], ['invitation'], (o) =>
      users.resendInvitationAction(null, form({ invitationId: o.invitation })),
    ),
    write('settings:users', ['agentInvitation'], (o) => users.resendInvitationAction(null, form({ invitationId: o.agentInvitation }))),
  ],
  // Withdrawing the own invitation really happens: a spare one.
  'lib/server/actions/users.ts#revokeInvitationAction': write(['settings:users', 'admin:partners'], ['spareInvitation'], (o) =>
    users.revokeInvitationAction(null, form({ invitationId: o.spareInvitation })),
  ),
  'lib/server/actions/users.ts#changeRoleAction': write('settings:users', ['user'], (o) =>
    users.changeRoleAction(null, form({ userId: o.user, role: 'PARTNER_VIEWER', expectedUpdatedAt: STALE_TIME })),
  ),
  'lib/server/actions/users.ts#setUserActiveAction': write('settings:users', ['user'], (o) =>
    users.setUserActiveAction(null, form({ userId: o.user, active: 'false', expectedUpdatedAt: STALE_TIME })),
  ),
  // Links are their own key, whoever asks: a link that works is used (a new one for every call),
  // another partner's that no longer works (withdrawn, used) is refused exactly like an unknown one.
  'lib/server/actions/account-links.ts#acceptInvitationAction': {
    ...write('public', ['invitationLink'], async (o) =>
      accountLinks.acceptInvitationAction(null, form({ token: await linkOf(o.invitationLink), name: 'Matrix Invitee', ...newPassword })),
    ),
    refusals: ['invitationClosed'],
  },
  // The same answer for every address (tests/data/accounts.test.ts: unknown, inactive and real ones alike).
  'lib/server/actions/account-links.ts#forgotPasswordAction': write('public', [], () =>
    accountLinks.forgotPasswordAction(null, form({ email: `matrix-nobody-${unique()}@matrix.example` })),
  ),
  'lib/server/actions/account-links.ts#resetPasswordAction': {
    ...write('public', ['resetLink'], async (o) =>
      accountLinks.resetPasswordAction(null, form({ token: await linkOf(o.resetLink), ...newPassword })),
    ),
    refusals: ['resetClosed'],
  },
  'lib/server/actions/service-updates.ts#saveServiceUpdateRuleAction': [
    write('settings:notices', ['serviceTemplate'], (o) =>
      serviceUpdates.saveServiceUpdateRuleAction(null, form(ruleFields(o.serviceTemplate))),
    ),
    write('settings:notices', ['rule'], (o) =>
      serviceUpdates.saveServiceUpdateRuleAction(null, form({ ...ruleFields(''), ruleId: o.rule, version: STALE_VERSION })),
    ),
  ],
  'lib/server/actions/service-updates.ts#deleteServiceUpdateRuleAction': write('settings:notices', ['rule'], (o) =>
    serviceUpdates.deleteServiceUpdateRuleAction(null, form({ ruleId: o.rule, version: STALE_VERSION })),
  ),
  'lib/server/actions/service-updates.ts#setServiceUpdateOptOutAction': write('settings:notices', ['customer'], (o) =>
    serviceUpdates.setServiceUpdateOptOutAction(null, form({ customerId: o.customer, optedOut: '1' })),
  ),
};

/** The name of each object by its id (the customer search asks for a name), filled by the test. */
export const NAMES = new Map<string, string>();
