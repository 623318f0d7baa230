import type { LocalizedText } from '../../../src/model/types.ts';
import { useI18n } from './I18nProvider.tsx';
import { pickText } from './locale.ts';

/**
 * Shows a text an SOP author wrote (step names, scripts, checklist items) in the reader's
 * language, or in the language the author used, marked with `lang` (see `pickText`).
 */
export function LText({ value, fallback }: { value: LocalizedText | string | undefined | null; fallback?: string }) {
  const { locale } = useI18n();
  const p = pickText(value, locale, fallback);
  if (p.lang === undefined || p.lang === locale) return <>{p.text}</>;
  return <span lang={p.lang}>{p.text}</span>;
}
