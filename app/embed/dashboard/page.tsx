import type { Metadata } from 'next';
import { cache } from 'react';
import { EmbedDashboard } from '@/components/embed/embed-dashboard';
import { EmbedError } from '@/components/embed/embed-error';
import { ResizeReporter } from '@/components/embed/resize-reporter';
import { getDashboardCounts } from '@/lib/server/data/dashboard';
import { openEmbedDashboard } from '@/lib/server/data/embed-tokens';
import { getTranslator } from '@/lib/server/locale';
import { createTranslator } from '@/lib/i18n/translate';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The read-only dashboard a host page frames (/embed/dashboard?token=…): the token in the URL is
// its only key, checked here on every request (proxy.ts has set the response's frame-ancestors to
// the token's host origin; docs/decisions/0027-embedded-dashboard.md). Nothing here can change
// anything: no form, no server action.

/** The token once per request (the metadata and the page both ask); its last use is recorded once. */
const open = cache((secret: string | null) => openEmbedDashboard(secret));

async function opening(props: Props) {
  const token = (await props.searchParams).token;
  return open(typeof token === 'string' ? token : null);
}

/** The token's language; for no token, the request's own (cookie, browser). */
async function translatorFor(result: Awaited<ReturnType<typeof opening>>) {
  return result.state === 'INVALID' ? (await getTranslator()).t : createTranslator(result.locale);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const result = await opening(props);
  const t = await translatorFor(result);
  return { title: t(result.state === 'ACTIVE' ? 'embed.title' : 'embed.error.title'), robots: { index: false, follow: false } };
}

export default async function EmbedDashboardPage(props: Props) {
  const result = await opening(props);
  const t = await translatorFor(result);
  if (result.state !== 'ACTIVE') {
    return (
      <ResizeReporter hostOrigin={result.state === 'INVALID' ? null : result.allowedOrigin}>
        <EmbedError reason={result.state} t={t} />
      </ResizeReporter>
    );
  }
  const counts = await getDashboardCounts(result.scope);
  return (
    <ResizeReporter hostOrigin={result.allowedOrigin}>
      <EmbedDashboard partnerName={result.partnerName} counts={counts} locale={result.locale} t={t} />
    </ResizeReporter>
  );
}
