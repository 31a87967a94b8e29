import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

// The check every zh-TW journey makes: no English interface string on the page. The strings are
// the English messages that are worded differently in zh-TW, cut at their first placeholder and
// 10 characters or longer (shorter ones are ambiguous: product names, "Microsoft 365"…).

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

export type E2eLocale = 'en' | 'zh-TW';
type Messages = typeof import('../../messages/en.json');

/** The interface's messages in each language, as the specs look for them on the page. */
export const MESSAGES: Record<E2eLocale, Messages> = {
  en: JSON.parse(readFileSync('messages/en.json', 'utf8')) as Messages,
  'zh-TW': JSON.parse(readFileSync('messages/zh-TW.json', 'utf8')) as Messages,
};

/** A message with its `{name}` placeholders filled in. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));

const english = flatten(MESSAGES.en as unknown as Tree);
const chinese = flatten(MESSAGES['zh-TW'] as unknown as Tree);

export const ENGLISH_ONLY: readonly string[] = Object.entries(english)
  .filter(([key, value]) => value !== chinese[key])
  .map(([, value]) => value.split(/\{\w+\}/)[0]!.trim())
  .filter((value) => value.length >= 10);

/**
 * No English interface string in the page's text. `data` are values shown as they are in every
 * language (company and partner names, Microsoft's titles…): removed first, longest first.
 */
export async function expectNoEnglish(page: Page, data: readonly (string | null | undefined)[] = []): Promise<void> {
  let text = await page.locator('body').innerText();
  const values = data.filter((value): value is string => Boolean(value)).sort((a, b) => b.length - a.length);
  for (const value of values) text = text.replaceAll(value, '');
  expect(
    ENGLISH_ONLY.filter((value) => text.includes(value)),
    `English strings on a zh-TW page ${page.url()}`,
  ).toEqual([]);
}
