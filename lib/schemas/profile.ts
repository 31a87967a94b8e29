import { z } from '../zod';
import { LOCALES } from '../i18n/locales';
import { newPassword } from './accounts';

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const profileSchema = z.object({
  displayName: z.string().trim().min(1, 'nameRequired').max(100, 'nameRequired'),
  language: z.enum(LOCALES, { error: 'languageInvalid' }),
  timeZone: z.string().refine(isTimeZone, 'timeZoneInvalid'),
  // The profile as the form loaded it: a save based on an older one is refused.
  expectedUpdatedAt: z.iso.datetime({ error: 'stale' }),
});

export const passwordSchema = z
  .object({
    currentPassword: z.string().min(1, 'currentPasswordWrong').max(1024),
    newPassword: newPassword,
    confirmPassword: z.string(),
  })
  .refine((value) => value.newPassword === value.confirmPassword, { message: 'passwordMismatch', path: ['confirmPassword'] });

export type ProfileErrorCode =
  | 'nameRequired'
  | 'languageInvalid'
  | 'timeZoneInvalid'
  | 'stale'
  | 'currentPasswordWrong'
  | 'passwordThrottled'
  | 'passwordTooShort'
  | 'passwordTooLong'
  | 'passwordIsEmail'
  | 'passwordCommon'
  | 'passwordMismatch';
