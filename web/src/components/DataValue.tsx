import { Image } from 'antd';
import { attachmentUrl, ATTACHMENT_PREFIX } from '../api/attachments.ts';
import { useI18n } from '../i18n/index.ts';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value from case data or a form: yes/no, numbers and instants in the reader's format, pictures as pictures. */
export function DataValue({ value, timeZone, label }: { value: unknown; timeZone?: string | undefined; label?: string }) {
  const { t, number, dateTime } = useI18n();
  if (value === true) return <>{t('common.yes')}</>;
  if (value === false) return <>{t('common.no')}</>;
  if (typeof value === 'number') return <>{number(value)}</>;
  if (typeof value === 'string') {
    // A signature (data URL) is shown as it is; a photo opens larger on click.
    if (value.startsWith('data:image/')) return <Image src={value} alt={label ?? t('sig.signed')} width={120} preview={false} />;
    if (value.startsWith(ATTACHMENT_PREFIX)) return <Image src={attachmentUrl(value)} alt={t('photo.alt', { label: label ?? '' })} width={120} />;
    if (ISO_INSTANT.test(value)) return <>{dateTime(value, timeZone)}</>;
    return <span translate="no">{value}</span>;
  }
  if (Array.isArray(value)) return <span translate="no">{value.map(String).join(', ')}</span>;
  return null;
}
