'use client';
import { useSyncExternalStore } from 'react';
import { requestIdFromCookies } from '@/lib/domain/request-id';
import type { Translate } from '@/lib/i18n/translate';

const unchanging = () => () => undefined;

/**
 * The reference an error page gives: the id of the request that failed, which its log line
 * carries (the portal's HTTP server sets it in a cookie on every page request: see
 * lib/domain/request-id.ts), else the error's digest, which the line carries too. Read after
 * hydration: the server's render of the page cannot know it.
 */
export function ErrorReference({ digest, t, className }: { digest?: string; t: Translate; className?: string }) {
  const requestId = useSyncExternalStore(
    unchanging,
    () => requestIdFromCookies(document.cookie),
    () => null,
  );
  const reference = requestId ?? digest;
  return reference ? <p className={className}>{t('errors.reference', { reference })}</p> : null;
}
