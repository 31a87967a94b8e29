import 'server-only';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isOutsideProduction, readConfig } from '../runtime/config';
import { checkAddresses, isIpAddress, type AddressCategory } from '../domain/network-address';
import { checkWebhookUrl, webhookErrorOf, type WebhookAttemptResult, type WebhookUrlCheck } from '../domain/webhooks';

// Where a webhook may go, and the one way it is sent. The host of an endpoint is resolved and
// every address it gives is checked (lib/domain/network-address.ts) when the endpoint is saved AND
// on every connection: the address checked is the address connected to (the request's own DNS
// lookup does the check, so a name that changes to a private address between the check and the
// connection is refused). Redirects are never followed: a 3xx is a failed attempt. Private
// networks are reachable only with WEBHOOKS_ALLOW_PRIVATE=true (tests).

export type WebhookNetworkSettings = {
  /** WEBHOOKS_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  /** http://localhost URLs: outside production, i.e. when the portal itself is not served over https. */
  allowHttpLocalhost: boolean;
};

export function webhookNetworkSettings(): WebhookNetworkSettings {
  const config = readConfig();
  return { allowPrivate: config.webhooksAllowPrivate, allowHttpLocalhost: isOutsideProduction(config) };
}

export type DestinationCheck =
  | { ok: true; url: string }
  | { ok: false; code: Exclude<WebhookUrlCheck, { ok: true }>['code'] | 'HOST_UNRESOLVED' | 'ADDRESS_REFUSED'; category?: AddressCategory };

class AddressRefusedError extends Error {
  readonly code = 'ADDRESS_REFUSED';
  constructor(readonly category: AddressCategory) {
    super(`The webhook's host resolves to an address that is not allowed (${category}).`);
  }
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/** The URL's rule and, for its host, every address it resolves to (an endpoint being saved). */
export async function checkWebhookDestination(text: string, settings = webhookNetworkSettings()): Promise<DestinationCheck> {
  const url = checkWebhookUrl(text, settings);
  if (!url.ok) return url;
  let addresses: string[];
  if (isIpAddress(url.host)) addresses = [url.host];
  else {
    try {
      addresses = (await resolveAll(url.host)).map((entry) => entry.address);
    } catch {
      return { ok: false, code: 'HOST_UNRESOLVED' };
    }
  }
  const check = checkAddresses(addresses, settings);
  if (!check.ok) return { ok: false, code: 'ADDRESS_REFUSED', category: check.category };
  return { ok: true, url: url.url };
}

/** A DNS lookup for the request itself: every address checked, the connection made to a checked one. */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      const check = checkAddresses(
        list.map((entry) => entry.address),
        { allowPrivate },
      );
      if (!check.ok) return callback(new AddressRefusedError(check.category) as unknown as NodeJS.ErrnoException, '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error('No address'), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

// Connections are kept open between webhooks to the same receiver (a backlog goes out quickly).
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }),
};

/** Answers kept from a receiver: only its status matters; its body is read and dropped, at most this much. */
const RESPONSE_READ_MAX = 64 * 1024;

export type WebhookPost = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
};

export type WebhookPostResult = WebhookAttemptResult & { detail?: string };

/** POSTs one webhook. Never throws: the answer's status, or why there was none. */
export function postWebhook(request: WebhookPost): Promise<WebhookPostResult> {
  return new Promise((resolve) => {
    let settled = false;
    // Set once the request is made; a URL refused before that has no timer to clear.
    const timeout: { timer?: ReturnType<typeof setTimeout> } = {};
    const finish = (result: WebhookPostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout.timer);
      resolve(result);
    };
    const fail = (error: unknown) => {
      const e = error as { code?: unknown; message?: unknown };
      finish({ kind: 'error', code: webhookErrorOf(e?.code), detail: typeof e?.message === 'string' ? e.message : String(error) });
    };
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (error) {
      return fail(error);
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    // A literal address is connected to without a lookup: checked here.
    if (isIpAddress(host)) {
      const check = checkAddresses([host], { allowPrivate: request.allowPrivate });
      if (!check.ok) return fail(new AddressRefusedError(check.category));
    }
    const secure = url.protocol === 'https:';
    const body = Buffer.from(request.body, 'utf8');
    const outgoing = (secure ? https : http).request(url, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      lookup: checkedLookup(request.allowPrivate),
      headers: { ...request.headers, 'Content-Length': String(body.length) },
    });
    timeout.timer = setTimeout(() => {
      outgoing.destroy(Object.assign(new Error(`No answer within ${request.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, request.timeoutMs);
    outgoing.on('error', fail);
    outgoing.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > RESPONSE_READ_MAX) {
          response.destroy();
          finish({ kind: 'response', status });
        }
      });
      response.on('end', () => finish({ kind: 'response', status }));
      response.on('error', () => finish({ kind: 'response', status }));
    });
    outgoing.end(body);
  });
}
