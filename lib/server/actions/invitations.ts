import 'server-only';
import { logger } from '../../runtime/logger';
import { sendAccountMail } from '../mail/account-mail';
import type { InvitationMail } from '../data/invitations';
import type { AccountFormResult } from './account-form-result';

// Sending an invitation once it is saved. A relay that refuses leaves the invitation waiting: the
// form says the mail did not go, and "Send again" makes a new link and tries once more.

export async function mailInvitation(mail: InvitationMail): Promise<AccountFormResult> {
  try {
    await sendAccountMail({
      kind: 'invitation',
      to: mail.email,
      language: mail.language,
      token: mail.token,
      partnerName: mail.partnerName,
      inviterName: mail.inviterName,
      role: mail.role,
    });
    return { ok: true, email: mail.email };
  } catch (error) {
    logger.warn({ err: error, invitationId: mail.invitationId }, 'invitation mail not sent');
    return { ok: true, email: mail.email, mailFailed: true };
  }
}
