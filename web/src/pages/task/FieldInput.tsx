import { Checkbox, DatePicker, Input, InputNumber, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import type { FormField } from '../../api/types.ts';
import { pickText, useI18n } from '../../i18n/index.ts';
import { PhotoField } from './PhotoField.tsx';
import { SignaturePad } from './SignaturePad.tsx';

export interface FieldInputProps {
  readonly field: FormField;
  readonly id: string;
  readonly label: string;
  readonly taskId: string;
  readonly value: unknown;
  readonly invalid: boolean;
  readonly disabled?: boolean;
  onChange(v: unknown): void;
}

/**
 * The input for one form field, producing the value type the engine checks: numbers as numbers,
 * dates as `YYYY-MM-DD`, date-times as ISO strings, yes/no as booleans (a radio pair with no
 * default, so a required yes/no is a real answer and not a switch left untouched).
 */
export function FieldInput({ field: f, id, label, taskId, value, invalid, disabled, onChange }: FieldInputProps) {
  const { t, locale } = useI18n();
  const status = invalid ? ('error' as const) : undefined;
  const aria = { 'aria-invalid': invalid || undefined, 'aria-describedby': `${id}-help` };
  switch (f.type) {
    case 'longText':
      return <Input.TextArea id={id} {...aria} status={status} disabled={disabled} autoSize={{ minRows: 2, maxRows: 8 }} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
    case 'integer':
    case 'money':
      return (
        <InputNumber
          id={id}
          {...aria}
          status={status}
          disabled={disabled}
          style={{ width: '100%', maxWidth: 260 }}
          value={typeof value === 'number' ? value : null}
          prefix={f.type === 'money' ? '¥' : undefined}
          inputMode={f.type === 'integer' ? 'numeric' : 'decimal'}
          // The spin buttons are tiny on phones and antd labels them in English only.
          controls={false}
          onChange={(v) => onChange(v === null ? undefined : v)}
        />
      );
    case 'boolean':
      return (
        <Radio.Group id={id} {...aria} aria-label={label} disabled={disabled} value={value} onChange={(e) => onChange(e.target.value)}>
          <Radio value={true}>{t('common.yes')}</Radio>
          <Radio value={false}>{t('common.no')}</Radio>
        </Radio.Group>
      );
    case 'date':
      return (
        <DatePicker
          id={id}
          {...aria}
          status={status}
          disabled={disabled}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
        />
      );
    case 'datetime':
      return (
        <DatePicker
          id={id}
          {...aria}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          status={status}
          disabled={disabled}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.toISOString() : undefined)}
        />
      );
    case 'select':
      return (
        <Select
          id={id}
          {...aria}
          status={status}
          disabled={disabled}
          style={{ width: '100%', maxWidth: 320 }}
          placeholder={t('form.select')}
          value={(value as string) ?? undefined}
          onChange={(v) => onChange(v)}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: pickText(o.label, locale, o.value).text }))}
        />
      );
    case 'multiSelect':
      return (
        <Checkbox.Group
          {...aria}
          disabled={disabled}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(v) => onChange(v)}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: pickText(o.label, locale, o.value).text }))}
        />
      );
    case 'phone':
      return <Input id={id} {...aria} type="tel" inputMode="tel" autoComplete="off" status={status} disabled={disabled} style={{ maxWidth: 260 }} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
    case 'signature':
      return <SignaturePad id={id} label={label} value={value as string | undefined} onChange={onChange} invalid={invalid} />;
    case 'photo':
      return <PhotoField id={id} label={label} taskId={taskId} value={value as string | undefined} onChange={onChange} invalid={invalid} />;
    default:
      return <Input id={id} {...aria} status={status} disabled={disabled} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />;
  }
}
