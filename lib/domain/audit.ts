// The audit trail's vocabulary and who may read it. Pure: no I/O.
import { can, type Role } from './permissions';

/**
 * Every action the portal records, as stored in AuditEvent.action (`<target>.<what happened>`).
 * The audit trail words each one in both languages (messages: audit.actions.*) and offers them
 * in its action filter; a unit test fails when the code writes an action missing here.
 */
export const AUDIT_ACTIONS = [
  'user.signed_in',
  'user.sign_in_failed',
  'user.sign_in_throttled',
  'user.signed_out',
  'user.signed_out_everywhere',
  'user.created',
  'user.profile_updated',
  'user.language_changed',
  'user.password_changed',
  'user.password_change_failed',
  'user.password_change_throttled',
  'user.password_reset_requested',
  'user.password_reset_throttled',
  'user.password_reset',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'user.sign_in_refused',
  'user.two_step_challenged',
  'user.two_step_passed',
  'user.two_step_failed',
  'user.two_step_throttled',
  'user.recovery_code_used',
  'user.two_step_enrolment_started',
  'user.two_step_enrolment_cancelled',
  'user.two_step_enabled',
  'user.recovery_codes_renewed',
  'user.two_step_disabled',
  'user.sso_linked',
  'user.sso_refused',
  'user.password_reset_refused',
  'invitation.created',
  'invitation.resent',
  'invitation.revoked',
  'invitation.accepted',
  'partner.created',
  'partner.renamed',
  'partner.sender_updated',
  'partner.sign_in_rules_updated',
  'customer.created',
  'customer.updated',
  'customer.import_applied',
  'customer.relationship_declared',
  'relationship_review.approved',
  'relationship_review.rejected',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.import_applied',
  'subscription.created',
  'subscription.updated',
  'subscription.deleted',
  'subscription.import_applied',
  'communications.imported',
  'communications.synced',
  'communication_rules.saved',
  'microsoft_connector.saved',
  'microsoft_connector.removed',
  'microsoft_connector.sync_requested',
  'microsoft_connector.tenant_graph_set',
  'microsoft.sync_completed',
  'notice.created',
  'notice.updated',
  'notice.duplicated',
  'notice.scheduled',
  'notice.rescheduled',
  'notice.unscheduled',
  'notice.sending',
  'notice.sent',
  'notice.partially_failed',
  'notice.failed',
  'notice.cancelled',
  'notice.archived',
  'notice.retried',
  'notice.returned_to_draft',
  'notice.recipients_synced',
  'notice.reminder_drafted',
  'notice.reminder_scheduled',
  'delivery.sent',
  'delivery.attempt_failed',
  'delivery.failed',
  'template.created',
  'template.updated',
  'template.deleted',
  'reminder_rule.created',
  'reminder_rule.updated',
  'service_update_rule.created',
  'service_update_rule.updated',
  'service_update_rule.deleted',
  'webhook.created',
  'webhook.events_updated',
  'webhook.enabled',
  'webhook.disabled',
  'webhook.deleted',
  'webhook.test_sent',
  'webhook.delivery_replayed',
  'embedToken.created',
  'embedToken.revoked',
  'apiToken.created',
  'apiToken.revoked',
  'seed.created',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isKnownAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** What an event is about (AuditEvent.targetType), for the target filter. */
export const AUDIT_TARGET_TYPES = [
  'User',
  'Partner',
  'Customer',
  'Contact',
  'Subscription',
  'RelationshipReview',
  'MicrosoftCommunication',
  'Notice',
  'NoticeDelivery',
  'NoticeTemplate',
  'RenewalReminderRule',
  'WebhookEndpoint',
  'WebhookDelivery',
  'EmbedToken',
  'ApiToken',
  'Invitation',
  'ServiceUpdateRule',
  'MicrosoftConnector',
  'MicrosoftSyncRun',
  'CommunicationCategoryRules',
  'Import',
] as const;

/** An action code: words joined by dots (`notice.created`, `user.sign_in_failed`, `embedToken.revoked`). */
export const AUDIT_ACTION_PATTERN = /^[a-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$/;
/** The start of an action code, as typed in the action filter (`notice.`, `user.sign`). */
export const AUDIT_ACTION_PREFIX_PATTERN = /^[a-z][A-Za-z0-9_.]{0,59}$/;
/** A target type: a model name (`Customer`, `NoticeTemplate`). */
export const AUDIT_TARGET_TYPE_PATTERN = /^[A-Z][A-Za-z0-9]{0,59}$/;

/** Whose events a role may read: every partner's (portal admin), its own partner's (partner admin), or none. */
export function auditReach(role: Role): 'all' | 'partner' | null {
  if (can(role, 'audit:read:all')) return 'all';
  if (can(role, 'audit:read:partner')) return 'partner';
  return null;
}
