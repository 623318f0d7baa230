import { en } from './en.ts';
import { zh, type MessageKey, type Messages } from './zh.ts';
import type { Locale } from './locale.ts';

/** The catalogue of each language. */
export const CATALOGUES: Readonly<Record<Locale, Messages>> = { 'zh-CN': zh, 'en-US': en };

export type Params = Readonly<Record<string, string | number>>;

/**
 * A message with its `{name}` placeholders filled. An unknown key cannot be written (the type
 * says so); should one arrive at run time (a key built from server data), the key itself is shown
 * so the "no missing key" browser check catches it.
 */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template: string = CATALOGUES[locale][key] ?? key;
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

/** Whether a string built at run time is a key of the catalogue. */
export function isMessageKey(k: string): k is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, k);
}
