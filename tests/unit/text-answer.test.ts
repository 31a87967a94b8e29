// The API's answers made from their text (lib/server/api/text-answer.ts): a Response to whoever
// holds one, written over HTTP from its text without building the underlying Response.
import { describe, expect, it } from 'vitest';
import { TextAnswer, textAnswer } from '../../lib/server/api/text-answer';

const make = () => textAnswer('{"a":1}', 201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });

describe('TextAnswer', () => {
  it('is a Response: status, ok, headers, body, every reading method', async () => {
    const answer = make();
    expect(answer).toBeInstanceOf(Response);
    expect(answer.status).toBe(201);
    expect(answer.ok).toBe(true);
    expect(answer.statusText).toBe('');
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.bodyUsed).toBe(false);
    expect(await answer.clone().json()).toEqual({ a: 1 });
    expect(await answer.clone().text()).toBe('{"a":1}');
    expect(new TextDecoder().decode(await answer.clone().arrayBuffer())).toBe('{"a":1}');
    expect(await (await answer.clone().blob()).text()).toBe('{"a":1}');
    expect(answer.body).toBeInstanceOf(ReadableStream);
    expect(await answer.json()).toEqual({ a: 1 });
    expect(answer.bodyUsed).toBe(true);
    await expect(answer.text()).rejects.toThrow();
    expect(textAnswer('', 404, {}).ok).toBe(false);
  });

  it('is written from its text, with header names in lower case, added headers never replacing its own', () => {
    const answer = make() as unknown as TextAnswer;
    answer.addMissingHeaders({ 'cache-control': 'public', 'RateLimit-Limit': '600' });
    expect(answer.written()).toEqual({
      status: 201,
      fields: { 'content-type': 'application/json', 'cache-control': 'no-store', 'ratelimit-limit': '600' },
      text: '{"a":1}',
    });
    // Nothing was built to write it.
    expect(answer.headers.get('ratelimit-limit')).toBe('600');
  });

  it('keeps header changes made through its Headers, before and after the Response is built', async () => {
    const answer = make() as unknown as TextAnswer;
    const asResponse = answer as unknown as Response;
    asResponse.headers.set('ETag', '"3"');
    answer.addMissingHeaders({ ETag: '"9"', Location: '/x' });
    expect(answer.written()?.fields).toMatchObject({ etag: '"3"', location: '/x' });
    const built = answer.response();
    expect(built.headers.get('etag')).toBe('"3"');
    answer.addMissingHeaders({ 'X-After': 'yes' });
    expect(asResponse.headers.get('x-after')).toBe('yes');
    expect(answer.written()?.fields).toMatchObject({ etag: '"3"', 'x-after': 'yes' });
    expect(await asResponse.text()).toBe('{"a":1}');
    // Once its body was read, there is nothing left to write from it.
    expect(answer.written()).toBeUndefined();
  });

  it('builds one Response only, and only when asked', () => {
    const answer = make() as unknown as TextAnswer;
    const first = answer.response();
    expect(answer.response()).toBe(first);
    expect((answer as unknown as Response).headers).toBe(first.headers);
  });
});
