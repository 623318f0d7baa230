import type { LocalizedText } from '../../../src/model/types.ts';

/** The languages of the app: Chinese (the default) and English. */
export type Locale = 'zh-CN' | 'en-US';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** The key of a `LocalizedText` (SOP names, scripts, checklist items) for a locale. */
export function textKey(locale: Locale): 'zh' | 'en' {
  return locale === 'zh-CN' ? 'zh' : 'en';
}

/** The locale from a stored choice or the browser's languages (Chinese unless English is asked for). */
export function initialLocale(stored: string | null, browser: readonly string[]): Locale {
  if (stored === 'zh-CN' || stored === 'en-US') return stored;
  const first = browser[0]?.toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : DEFAULT_LOCALE;
}

export interface PickedText {
  readonly text: string;
  /** Set when the text is in the other language (the SOP author wrote only that one). */
  readonly lang?: 'zh-CN' | 'en-US';
}

/**
 * The text of an SOP string for the reader. When the author wrote only the other language, that
 * text is shown and marked with its language (so screen readers pronounce it right and the
 * "no mixed language" check can tell authored content from the app's own words).
 */
export function pickText(t: LocalizedText | string | undefined | null, locale: Locale, fallback = ''): PickedText {
  if (t === undefined || t === null) return { text: fallback };
  if (typeof t === 'string') return { text: t, lang: /[\u3400-\u9fff]/.test(t) ? 'zh-CN' : 'en-US' };
  const k = textKey(locale);
  const own = t[k];
  if (own !== undefined && own !== '') return { text: own };
  const other = k === 'zh' ? t.en : t.zh;
  if (other !== undefined && other !== '') return { text: other, lang: k === 'zh' ? 'en-US' : 'zh-CN' };
  return { text: fallback };
}
