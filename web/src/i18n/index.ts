/** The i18n folder's door: languages, catalogues, the provider and the formatters. */
export { I18nProvider, useI18n, type I18n } from './I18nProvider.tsx';
export { translate, isMessageKey, CATALOGUES, type Params } from './messages.ts';
export { pickText, textKey, LOCALES, DEFAULT_LOCALE, type Locale, type PickedText } from './locale.ts';
export type { MessageKey, Messages } from './zh.ts';
export { LText } from './LText.tsx';
