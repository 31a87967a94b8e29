// A connector error code in words: what happened, and what to do about it (both languages).
import { CONNECTOR_ERROR_CODES, type ConnectorErrorCode } from '@/lib/domain/connector-errors';
import type { Translate } from '@/lib/i18n/translate';

function known(code: string): ConnectorErrorCode {
  return (CONNECTOR_ERROR_CODES as readonly string[]).includes(code) ? (code as ConnectorErrorCode) : 'UNKNOWN';
}

/** What happened, e.g. "Consent missing". */
export function connectorErrorTitle(t: Translate, code: string): string {
  return t(`microsoftConnector.errors.${known(code)}.title`);
}

/** What to do about it. */
export function connectorErrorAction(t: Translate, code: string): string {
  return t(`microsoftConnector.errors.${known(code)}.action`);
}
