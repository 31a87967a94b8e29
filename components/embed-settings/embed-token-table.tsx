import type { EmbedTokenState } from '@/lib/domain/embed';
import type { EmbedTokenView } from '@/lib/server/data/embed-tokens';
import { formatDateTime, type Translate } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { RevokeEmbedTokenButton } from './revoke-embed-token-button';

const th = 'px-3 py-2 font-semibold';
const td = 'px-3 py-2';

const TONE: Record<EmbedTokenState, string> = {
  ACTIVE: 'border-green-300 bg-green-50 text-green-900',
  EXPIRED: 'border-amber-300 bg-amber-50 text-amber-900',
  REVOKED: 'border-neutral-300 bg-neutral-100 text-neutral-800',
};

/** The partner's embed tokens: what each lets frame the dashboard, its state and last use; revoke. */
export function EmbedTokenTable({
  tokens,
  t,
  locale,
  timeZone,
}: {
  tokens: EmbedTokenView[];
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  if (tokens.length === 0) return <p className="text-sm text-neutral-700">{t('embedSettings.list.empty')}</p>;
  const when = (date: Date | null, none: string) => (date ? formatDateTime(locale, date, timeZone) : none);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('embedSettings.list.title')}</caption>
        <thead className="bg-neutral-50">
          <tr>
            <th scope="col" className={th}>
              {t('embedSettings.list.name')}
            </th>
            <th scope="col" className={th}>
              {t('embedSettings.list.origin')}
            </th>
            <th scope="col" className={th}>
              {t('embedSettings.list.language')}
            </th>
            <th scope="col" className={th}>
              {t('embedSettings.list.status')}
            </th>
            <th scope="col" className={th}>
              {t('embedSettings.list.expires')}
            </th>
            <th scope="col" className={th}>
              {t('embedSettings.list.lastUsed')}
            </th>
            <th scope="col" className={th}>
              {t('embedSettings.list.created')}
            </th>
            <th scope="col" className={th}>
              <span className="sr-only">{t('embedSettings.list.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id} className="border-t border-neutral-100 align-top">
              <th scope="row" className={`${td} font-semibold`}>
                {token.name}
              </th>
              <td className={`${td} font-mono`}>{token.allowedOrigin}</td>
              <td className={td}>{t(`embedSettings.languages.${token.locale}`)}</td>
              <td className={td}>
                <span className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${TONE[token.state]}`}>
                  {t(`embedSettings.state.${token.state}`)}
                </span>
              </td>
              <td className={`${td} whitespace-nowrap`}>{when(token.expiresAt, t('embedSettings.list.noExpiry'))}</td>
              <td className={`${td} whitespace-nowrap`}>{when(token.lastUsedAt, t('embedSettings.list.never'))}</td>
              <td className={td}>
                {token.createdBy
                  ? t('embedSettings.list.createdBy', { date: formatDateTime(locale, token.createdAt, timeZone), name: token.createdBy })
                  : formatDateTime(locale, token.createdAt, timeZone)}
              </td>
              <td className={td}>
                {token.state === 'REVOKED' ? null : (
                  <RevokeEmbedTokenButton tokenId={token.id} name={token.name} origin={token.allowedOrigin} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
