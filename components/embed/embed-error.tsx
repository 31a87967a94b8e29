import type { Translate } from '@/lib/i18n/translate';

/**
 * Why the embedded dashboard shows nothing: a token that is missing or no token (INVALID),
 * expired or revoked. No figure, no name of the partner, no link.
 */
export function EmbedError({ reason, t }: { reason: 'INVALID' | 'EXPIRED' | 'REVOKED'; t: Translate }) {
  return (
    <main className="p-4">
      <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950">
        <h1 className="text-lg font-semibold">{t('embed.error.title')}</h1>
        <p className="mt-1 text-sm">{t(`embed.error.${reason}`)}</p>
      </div>
    </main>
  );
}
