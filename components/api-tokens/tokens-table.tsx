'use client';
import { useState } from 'react';
import { useI18n } from '@/components/i18n-provider';
import { ConfirmDialog } from '@/components/customer-forms/confirm-dialog';
import { dangerButton, useKeptForm } from '@/components/customer-forms/form-parts';
import { revokeApiTokenAction } from '@/lib/server/actions/api-tokens';
import { formatDateTime } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

export type TokenRow = {
  id: string;
  name: string;
  scopes: string[];
  state: 'ACTIVE' | 'REVOKED' | 'EXPIRED';
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

const th = 'px-3 py-2 font-semibold';
const td = 'px-3 py-2';

/** "Revoke…": nothing changes before the dialog's confirmation; the token is refused from its next request. */
function RevokeButton({ token }: { token: TokenRow }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const { state, formAction, onSubmit, pending, formRef, alertRef } = useKeptForm(revokeApiTokenAction);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className={dangerButton}
        aria-label={t('apiTokens.list.revokeNamed', { name: token.name })}
      >
        {t('apiTokens.list.revoke')}
      </button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('apiTokens.revoke.title', { name: token.name })}
        cancelLabel={t('apiTokens.revoke.keep')}
      >
        {({ cancelButton, descriptionId }) => (
          <form ref={formRef} action={formAction} onSubmit={onSubmit} className="mt-3 space-y-4">
            <p id={descriptionId} className="text-sm text-neutral-800">
              {t('apiTokens.revoke.body')}
            </p>
            {state && !state.ok ? (
              <p
                role="alert"
                ref={alertRef}
                tabIndex={-1}
                className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
              >
                {t(`apiTokens.errors.${state.code}`)}
              </p>
            ) : null}
            <input type="hidden" name="tokenId" value={token.id} />
            <div className="flex flex-wrap justify-end gap-3">
              {cancelButton}
              <button type="submit" disabled={pending} className={dangerButton}>
                {pending ? t('apiTokens.revoke.revoking') : t('apiTokens.revoke.confirm')}
              </button>
            </div>
          </form>
        )}
      </ConfirmDialog>
    </>
  );
}

/** The partner's tokens: scopes, who created them, last use, expiry and state; active ones can be revoked. */
export function TokensTable({ tokens, locale, timeZone }: { tokens: TokenRow[]; locale: Locale; timeZone: string }) {
  const { t } = useI18n();
  if (tokens.length === 0) return <p className="text-neutral-700">{t('apiTokens.list.empty')}</p>;
  const when = (value: string | null, none: string) => (value ? formatDateTime(locale, new Date(value), timeZone) : none);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('apiTokens.list.caption')}</caption>
        <thead className="bg-neutral-50">
          <tr>
            <th scope="col" className={th}>
              {t('apiTokens.list.name')}
            </th>
            <th scope="col" className={th}>
              {t('apiTokens.list.scopes')}
            </th>
            <th scope="col" className={th}>
              {t('apiTokens.list.created')}
            </th>
            <th scope="col" className={th}>
              {t('apiTokens.list.lastUsed')}
            </th>
            <th scope="col" className={th}>
              {t('apiTokens.list.expires')}
            </th>
            <th scope="col" className={th}>
              {t('apiTokens.list.state')}
            </th>
            <th scope="col" className={th}>
              <span className="sr-only">{t('apiTokens.list.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className="border-t border-neutral-100 align-top">
              <th scope="row" className={`${td} font-semibold`}>
                {token.name}
              </th>
              <td className={td}>
                <ul>
                  {token.scopes.map((scope) => (
                    <li key={scope}>
                      <code>{scope}</code>
                    </li>
                  ))}
                </ul>
              </td>
              <td className={td}>
                {when(token.createdAt, '')}
                <span className="block text-neutral-700">{token.createdBy ?? t('apiTokens.list.createdBySystem')}</span>
              </td>
              <td className={`${td} whitespace-nowrap`}>{when(token.lastUsedAt, t('apiTokens.list.never'))}</td>
              <td className={`${td} whitespace-nowrap`}>{when(token.expiresAt, t('apiTokens.list.noExpiry'))}</td>
              <td className={td}>{t(`apiTokens.states.${token.state}`)}</td>
              <td className={td}>{token.state === 'ACTIVE' ? <RevokeButton token={token} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
