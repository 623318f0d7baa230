import { Card, Form } from 'antd';
import type { FormField } from '../../api/types.ts';
import { pickText, useI18n } from '../../i18n/index.ts';
import { FieldInput } from './FieldInput.tsx';
import type { FieldMessage } from './formRules.ts';

export interface TaskFormProps {
  readonly fields: readonly FormField[];
  readonly taskId: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Problems to show now (touched fields, or all after a first attempt). */
  readonly problems: ReadonlyMap<string, FieldMessage>;
  readonly disabled: boolean;
  onChange(id: string, v: unknown): void;
}

/** The id of a field's input, also the anchor the "fix the errors" focus jumps to. */
export function fieldDomId(fieldId: string): string {
  return `field-${fieldId.replace(/[^\w-]/g, '_')}`;
}

/** The step's form: one labelled input per field, its problem under it in the reader's language. */
export function TaskForm({ fields, taskId, values, problems, disabled, onChange }: TaskFormProps) {
  const { t, locale } = useI18n();
  return (
    <Card size="small" title={t('task.form')}>
      <Form layout="vertical" component="div">
        {fields.map((f) => {
          const id = fieldDomId(f.id);
          const label = pickText(f.label, locale, f.id);
          const problem = problems.get(f.id);
          const groupish = f.type === 'boolean' || f.type === 'multiSelect' || f.type === 'signature';
          return (
            <Form.Item
              key={f.id}
              label={<span lang={label.lang}>{label.text}</span>}
              htmlFor={groupish ? undefined : id}
              required={f.required}
              validateStatus={problem ? 'error' : undefined}
              help={problem ? <span id={`${id}-help`} role="alert">{t(problem.key, problem.params)}</span> : <span id={`${id}-help`} />}
            >
              <FieldInput field={f} id={id} label={label.text} taskId={taskId} value={values[f.id]} invalid={problem !== undefined} disabled={disabled} onChange={(v) => onChange(f.id, v)} />
            </Form.Item>
          );
        })}
      </Form>
    </Card>
  );
}
