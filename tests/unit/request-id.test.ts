import { describe, expect, it } from 'vitest';
import { REQUEST_ID_COOKIE, isPageRequest, requestIdFromCookies } from '@/lib/domain/request-id';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('isPageRequest', () => {
  it.each([
    ['a page load', '/customers', { 'sec-fetch-dest': 'document' }, true],
    ['a page in a frame', '/embed/dashboard', { 'sec-fetch-dest': 'iframe' }, true],
    ['a page load without Sec-Fetch headers', '/customers', { accept: 'text/html' }, true],
    ['a navigation inside the app', '/customers/1', { rsc: '1', 'sec-fetch-dest': 'empty' }, true],
    ['a server action', '/notices/new', { 'next-action': '7f3a', 'sec-fetch-dest': 'empty' }, true],
    ['a prefetch', '/customers', { rsc: '1', 'next-router-prefetch': '1' }, false],
    ['an image', '/icon.svg', { 'sec-fetch-dest': 'image' }, false],
    ['a script', '/_next/static/chunks/x.js', { 'sec-fetch-dest': 'script' }, false],
    ['an API call', '/api/v1/notices', { accept: 'text/html' }, false],
    ['a CSV download by fetch', '/customers/export.csv', { 'sec-fetch-dest': 'empty' }, false],
  ] as const)('%s: %s', (_, path, values, expected) => {
    expect(isPageRequest(path, headers(values))).toBe(expected);
  });
});

describe('requestIdFromCookies', () => {
  it('reads the id among other cookies, and only a well-formed one', () => {
    const id = '4cfb4ce2-b776-4c20-ac60-39cefe9c2c5a';
    expect(requestIdFromCookies(`portal-locale=en; ${REQUEST_ID_COOKIE}=${id}; other=1`)).toBe(id);
    expect(requestIdFromCookies(`${REQUEST_ID_COOKIE}=${id}`)).toBe(id);
    expect(requestIdFromCookies('portal-locale=en')).toBeNull();
    expect(requestIdFromCookies('')).toBeNull();
    expect(requestIdFromCookies(`${REQUEST_ID_COOKIE}=<script>`)).toBeNull();
    expect(requestIdFromCookies(`x${REQUEST_ID_COOKIE}=${id}`)).toBeNull();
  });
});
