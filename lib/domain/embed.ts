// The embedded dashboard's rules, pure: which host origins an embed token may name, what a form
// asking for a token may hold, whether a token still works, and which origins may frame the page
// it opens (docs/decisions/0027-embedded-dashboard.md).
import { addDays } from './dates';
import { isIsoDay, nextIsoDay, startOfDayIn } from './zoned-day';
import { isLocale, type Locale } from '../i18n/locales';

export const EMBED_NAME_MAX = 100;
export const EMBED_ORIGIN_MAX = 200;
/** An expiry is a calendar day at most this far ahead. */
export const EMBED_EXPIRY_MAX_DAYS = 5 * 365;
/** The dashboard's path: proxy.ts gives it the frame-ancestors of its token. */
export const EMBED_DASHBOARD_PATH = '/embed/dashboard';
/** The request header in which proxy.ts hands the token's language to the root layout (getLocale). */
export const EMBED_LOCALE_HEADER = 'x-portal-embed-locale';
/** A token's last use is written at most this often (a busy host page would write on every view). */
export const EMBED_LAST_USE_RESOLUTION_MS = 60_000;

export type EmbedOriginError =
  'originRequired' | 'originTooLong' | 'originInvalid' | 'originScheme' | 'originCredentials' | 'originPath' | 'originNotHttps';

export type EmbedOriginCheck = { ok: true; origin: string } | { ok: false; code: EmbedOriginError };

// A DNS name in ASCII (an internationalised name arrives here in its xn-- form): labels of
// letters, digits and inner hyphens; or an IPv4 address. Nothing else may reach a
// Content-Security-Policy header: a `*` would be a wildcard there, `;` or `,` would start another
// directive or policy, and its host grammar has no IPv6 literals.
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DNS_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/** Hosts that a browser treats as this machine: `http://` is allowed for them outside production. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);
/** http(s)://authority, optionally one trailing slash: no path, query or fragment. */
const ORIGIN_SHAPE = /^https?:\/\/([^/?#\\]*)\/?$/i;

/**
 * The host origin an embed token may be framed by, written as scheme://host[:port]. `https`
 * everywhere; `http` only for localhost (or 127.0.0.1) and only where `allowHttpLocalhost`
 * (a portal that is not in production). Letter case, a default port and one trailing slash are
 * normalised away ("HTTPS://Intranet.Example.com:443/" is https://intranet.example.com); a path,
 * query, fragment, user name or password, a wildcard or any character a host cannot have is
 * refused, never dropped.
 */
export function parseEmbedOrigin(input: string, options: { allowHttpLocalhost: boolean }): EmbedOriginCheck {
  const text = input.trim();
  if (text === '') return { ok: false, code: 'originRequired' };
  if (text.length > EMBED_ORIGIN_MAX) return { ok: false, code: 'originTooLong' };
  // The URL parser drops tabs and newlines inside a URL: refuse them rather than read another host.
  if (/[\s\u0000-\u001f\u007f]/.test(text)) return { ok: false, code: 'originInvalid' };
  const scheme = /^(https?):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (!scheme) return { ok: false, code: 'originScheme' };
  const authority = ORIGIN_SHAPE.exec(text)?.[1];
  if (authority === undefined) return { ok: false, code: /^https?:\/\/[^/?#\\]*[/?#]/i.test(text) ? 'originPath' : 'originInvalid' };
  if (authority.includes('@')) return { ok: false, code: 'originCredentials' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, code: 'originInvalid' };
  }
  const host = url.hostname;
  const isName = DNS_NAME.test(host) && !/^[\d.]+$/.test(host);
  if (!isName && !IPV4.test(host)) return { ok: false, code: 'originInvalid' };
  if (url.port === '0') return { ok: false, code: 'originInvalid' };
  if (scheme === 'http' && !(options.allowHttpLocalhost && LOOPBACK_HOSTS.has(host))) return { ok: false, code: 'originNotHttps' };
  return { ok: true, origin: url.origin };
}

/** A stored origin that may go into a frame-ancestors directive as it is: exactly what parseEmbedOrigin makes. */
export function isCanonicalEmbedOrigin(value: string): boolean {
  const check = parseEmbedOrigin(value, { allowHttpLocalhost: true });
  return check.ok && check.origin === value;
}

// ---------------------------------------------------------------------------------------------
// A new token

export type EmbedTokenFieldError =
  EmbedOriginError | 'nameRequired' | 'nameTooLong' | 'languageInvalid' | 'expiryInvalid' | 'expiryPast' | 'expiryTooFar';
export type EmbedTokenField = 'name' | 'allowedOrigin' | 'language' | 'expiresOn';

export type EmbedTokenForm = { name: string; allowedOrigin: string; language: string; expiresOn: string };
export type EmbedTokenInput = { name: string; allowedOrigin: string; language: Locale; expiresAt: Date | null };

export type EmbedTokenCheck =
  { ok: true; value: EmbedTokenInput } | { ok: false; fieldErrors: Partial<Record<EmbedTokenField, EmbedTokenFieldError>> };

/**
 * A partner admin's request for a token. `expiresOn` is a calendar day in the admin's time zone
 * (empty: the token never expires): the token works until that day ends there.
 */
export function checkEmbedTokenForm(
  form: EmbedTokenForm,
  context: { now: Date; timeZone: string; allowHttpLocalhost: boolean },
): EmbedTokenCheck {
  const fieldErrors: Partial<Record<EmbedTokenField, EmbedTokenFieldError>> = {};
  const name = form.name.trim().replace(/\s+/g, ' ');
  if (name === '') fieldErrors.name = 'nameRequired';
  else if (name.length > EMBED_NAME_MAX) fieldErrors.name = 'nameTooLong';
  const origin = parseEmbedOrigin(form.allowedOrigin, { allowHttpLocalhost: context.allowHttpLocalhost });
  if (!origin.ok) fieldErrors.allowedOrigin = origin.code;
  if (!isLocale(form.language)) fieldErrors.language = 'languageInvalid';
  const expiry = expiryOf(form.expiresOn.trim(), context);
  if (!expiry.ok) fieldErrors.expiresOn = expiry.code;
  if (!origin.ok || !expiry.ok || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return { ok: true, value: { name, allowedOrigin: origin.origin, language: form.language as Locale, expiresAt: expiry.expiresAt } };
}

function expiryOf(
  day: string,
  context: { now: Date; timeZone: string },
): { ok: true; expiresAt: Date | null } | { ok: false; code: 'expiryInvalid' | 'expiryPast' | 'expiryTooFar' } {
  if (day === '') return { ok: true, expiresAt: null };
  if (!isIsoDay(day)) return { ok: false, code: 'expiryInvalid' };
  const expiresAt = startOfDayIn(nextIsoDay(day), context.timeZone);
  if (expiresAt.getTime() <= context.now.getTime()) return { ok: false, code: 'expiryPast' };
  if (expiresAt.getTime() > addDays(context.now, EMBED_EXPIRY_MAX_DAYS + 1).getTime()) return { ok: false, code: 'expiryTooFar' };
  return { ok: true, expiresAt };
}

// ---------------------------------------------------------------------------------------------
// Using a token

export type EmbedTokenState = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

/** Revoked wins over expired: it is what someone did. */
export function embedTokenState(token: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): EmbedTokenState {
  if (token.revokedAt !== null) return 'REVOKED';
  if (token.expiresAt !== null && now.getTime() >= token.expiresAt.getTime()) return 'EXPIRED';
  return 'ACTIVE';
}

/** What can be a secret of an embed token at all (`cpe_` and URL-safe characters): anything else is not looked up. */
export function isEmbedSecretShape(value: unknown): value is string {
  return typeof value === 'string' && /^cpe_[A-Za-z0-9_-]{8,100}$/.test(value);
}

/**
 * Who may frame the page a token opens: its host origin, while the token works and also once it
 * has expired or been revoked (the host then shows the error page, which holds no data); nobody
 * for a secret that is no token, or an origin that is not canonical.
 */
export function embedFrameAncestors(token: { allowedOrigin: string } | null): string[] {
  return token && isCanonicalEmbedOrigin(token.allowedOrigin) ? [token.allowedOrigin] : [];
}

export function isLastUseDue(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= EMBED_LAST_USE_RESOLUTION_MS;
}
