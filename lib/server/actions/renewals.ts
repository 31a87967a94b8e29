'use server';
import 'server-only';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getViewer } from '../guards';
import { requestAddress } from '../request';
import { createRenewalNotices, RENEWAL_NOTICES_MAX_SUBSCRIPTIONS } from '../data/renewals';
import type { NoticeCheckError } from '../../domain/notice-template';
import type { NoticeStatus } from '../../domain/notice-lifecycle';
import { localDateTimeToInstant } from '../../domain/local-date-time';

// Renewal notices for the subscriptions selected on /notices/renewals, in one step. A public
// endpoint like every server action: parse (zod) → guard (notice:write) → data (scoped, all or
// nothing, audited) → revalidate → a typed result that the page words in both languages.

export type RenewalFieldError = 'required' | 'tooMany' | 'templateRequired' | 'timeInvalid' | 'timeNotInFuture';

export type CreatedRenewalNotice = { id: string; customerId: string; status: NoticeStatus };

export type RenewalNoticesResult =
  | { ok: true; notices: CreatedRenewalNotice[] }
  | {
      ok: false;
      code: 'FORBIDDEN' | 'INVALID' | 'SUBSCRIPTION_NOT_FOUND' | 'TEMPLATE_NOT_FOUND' | 'NOTICE_INVALID' | 'UNEXPECTED';
      fieldErrors?: Record<string, RenewalFieldError>;
      errors?: NoticeCheckError[];
    };

const formSchema = z.object({
  subscriptionIds: z.array(z.uuid()).min(1, { error: 'required' }).max(RENEWAL_NOTICES_MAX_SUBSCRIPTIONS, { error: 'tooMany' }),
  templateId: z.uuid({ error: 'templateRequired' }),
  when: z.enum(['draft', 'schedule']).catch('draft'),
  scheduleAt: z.string().max(40).optional(),
});

export async function createRenewalNoticesAction(_: RenewalNoticesResult | null, form: FormData): Promise<RenewalNoticesResult> {
  const parsed = formSchema.safeParse({
    subscriptionIds: form.getAll('subscriptionIds').filter((value) => typeof value === 'string'),
    templateId: form.get('templateId') ?? '',
    when: form.get('when'),
    scheduleAt: typeof form.get('scheduleAt') === 'string' ? form.get('scheduleAt') : undefined,
  });
  const viewer = await getViewer();
  if (!viewer) return { ok: false, code: 'FORBIDDEN' };
  if (!parsed.success) {
    const fieldErrors: Record<string, RenewalFieldError> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      if (field in fieldErrors) continue;
      if (field === 'subscriptionIds') fieldErrors.subscriptionIds = issue.message === 'tooMany' ? 'tooMany' : 'required';
      else if (field === 'templateId') fieldErrors.templateId = 'templateRequired';
      else fieldErrors[field] = 'timeInvalid';
    }
    return { ok: false, code: 'INVALID', fieldErrors };
  }
  const { subscriptionIds, templateId, when } = parsed.data;
  let scheduleAt: Date | undefined;
  const now = new Date();
  if (when === 'schedule') {
    // The wall time the user typed, in their profile's time zone (a time skipped by a clock change is refused).
    const local = localDateTimeToInstant(parsed.data.scheduleAt ?? '', viewer.timeZone);
    if (!local.ok) return { ok: false, code: 'INVALID', fieldErrors: { scheduleAt: 'timeInvalid' } };
    const at = local.instant;
    if (at.getTime() <= now.getTime()) return { ok: false, code: 'INVALID', fieldErrors: { scheduleAt: 'timeNotInFuture' } };
    scheduleAt = at;
  }
  const result = await createRenewalNotices(viewer, subscriptionIds, templateId, {
    address: await requestAddress(),
    now,
    ...(scheduleAt ? { scheduleAt } : {}),
  });
  if (!result.ok) {
    switch (result.code) {
      case 'FORBIDDEN':
      case 'SUBSCRIPTION_NOT_FOUND':
      case 'TEMPLATE_NOT_FOUND':
        return { ok: false, code: result.code };
      case 'NOTICE_INVALID':
        return { ok: false, code: 'NOTICE_INVALID', errors: result.errors };
      case 'SCHEDULE_NOT_IN_FUTURE':
        return { ok: false, code: 'INVALID', fieldErrors: { scheduleAt: 'timeNotInFuture' } };
      case 'SCHEDULE_INVALID_TIME':
        return { ok: false, code: 'INVALID', fieldErrors: { scheduleAt: 'timeInvalid' } };
      case 'INVALID':
        return {
          ok: false,
          code: 'INVALID',
          fieldErrors: { subscriptionIds: result.fieldErrors.subscriptionIds === 'tooMany' ? 'tooMany' : 'required' },
        };
      default:
        return { ok: false, code: 'UNEXPECTED' };
    }
  }
  revalidatePath('/notices/renewals');
  revalidatePath('/notices');
  revalidatePath('/dashboard');
  return { ok: true, notices: result.notices.map(({ id, customerId, status }) => ({ id, customerId, status })) };
}
