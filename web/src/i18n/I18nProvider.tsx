import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { translate, type Params } from './messages.ts';
import { initialLocale, type Locale } from './locale.ts';
import { formatDate, formatDateTime, formatDuration, formatNumber, formatPercent } from './format.ts';
import type { MessageKey } from './zh.ts';

export interface I18n {
  readonly locale: Locale;
  setLocale(l: Locale): void;
  /** A message of the catalogue. */
  t(key: MessageKey, params?: Params): string;
  /** Date and time of an instant in a store's time zone. */
  dateTime(at: number | string | undefined | null, timeZone?: string): string;
  date(at: number | string | undefined | null, timeZone?: string): string;
  number(n: number, opts?: Intl.NumberFormatOptions): string;
  percent(share: number): string;
  duration(ms: number): string;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = 'servflow.locale';

function storedLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // private mode or storage disabled: the default language then
  }
}

/** Provides the language, the catalogue and the formatters to the app. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(storedLocale(), navigator.languages ?? []));
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translate(locale, 'app.name') === 'servflow' ? 'servflow' : `${translate(locale, 'app.name')} · servflow`;
  }, [locale]);
  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* not persisted: the choice still holds for this visit */
    }
    setLocaleState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const units = { d: translate(locale, 'dur.d'), h: translate(locale, 'dur.h'), m: translate(locale, 'dur.m'), s: translate(locale, 'dur.s') };
    return {
      locale,
      setLocale,
      t: (key, params) => translate(locale, key, params),
      dateTime: (at, tz) => formatDateTime(at, locale, tz),
      date: (at, tz) => formatDate(at, locale, tz),
      number: (n, opts) => formatNumber(n, locale, opts),
      percent: (s) => formatPercent(s, locale),
      duration: (ms) => formatDuration(ms, units),
    };
  }, [locale, setLocale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The language and formatters of the surrounding `I18nProvider`. */
export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (v === null) throw new Error('useI18n outside I18nProvider');
  return v;
}
