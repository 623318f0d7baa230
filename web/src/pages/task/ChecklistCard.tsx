import { CheckCircleTwoTone, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, Card, Checkbox, Progress, Space, Tag, Typography } from 'antd';
import { evaluateChecklist } from '../../../../src/engine/checklist.ts';
import type { Checklist } from '../../api/types.ts';
import { LText, pickText, useI18n } from '../../i18n/index.ts';

export interface ChecklistCardProps {
  readonly checklist: Checklist;
  readonly checked: Readonly<Record<string, boolean>>;
  onChange(id: string, on: boolean): void;
  /** Show what is missing (after a first attempt to complete). */
  readonly showMissing: boolean;
  readonly disabled?: boolean;
}

/**
 * The step's service standards as a checklist, scored live by the engine's own rule
 * (`evaluateChecklist`), so "35 of 78" reads the same here as on the server.
 */
export function ChecklistCard({ checklist, checked, onChange, showMissing, disabled }: ChecklistCardProps) {
  const { t, locale } = useI18n();
  const outcome = evaluateChecklist(checklist, checked);
  const total = checklist.items.length;
  const rule = [
    checklist.pass.minOptional ? t('task.passRuleOptional', { n: checklist.pass.minOptional }) : t('task.passRule'),
    checklist.pass.minScore !== undefined ? t('task.passRuleScore', { n: checklist.pass.minScore }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const missing = outcome.missingRequired.map((id) => pickText(checklist.items.find((i) => i.id === id)?.text, locale, id).text);
  const optionalShort = Math.max(0, (checklist.pass.minOptional ?? 0) - outcome.optionalChecked);
  return (
    <Card
      size="small"
      title={t('task.checklist')}
      extra={
        outcome.passed ? (
          <Tag color="green" icon={<CheckCircleTwoTone twoToneColor="#237804" aria-hidden />}>
            {t('task.checklistPassed')}
          </Tag>
        ) : null
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{rule}</Typography.Text>
        <Progress percent={Math.round((outcome.checked.length / Math.max(1, total)) * 100)} format={() => t('task.progress', { done: outcome.checked.length, total })} aria-label={t('task.progress', { done: outcome.checked.length, total })} />
        <fieldset style={{ border: 'none', margin: 0, padding: 0 }}>
          <legend className="sf-sr-only">{t('task.checklist')}</legend>
          {checklist.items.map((item) => {
            const miss = showMissing && item.required && checked[item.id] !== true;
            return (
              <div key={item.id} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Checkbox checked={checked[item.id] === true} disabled={disabled} onChange={(e) => onChange(item.id, e.target.checked)} aria-invalid={miss || undefined}>
                  <span style={miss ? { color: '#c41d1f' } : undefined}>
                    <LText value={item.text} />
                  </span>{' '}
                  <Tag color={item.required ? 'blue' : 'default'} style={{ marginInlineStart: 4 }}>
                    {item.required ? t('task.required') : t('task.optional')}
                  </Tag>
                </Checkbox>
              </div>
            );
          })}
        </fieldset>
        {showMissing && !outcome.passed && (
          <Alert
            type={checklist.onFail === 'record' ? 'warning' : 'error'}
            showIcon
            icon={<ExclamationCircleOutlined aria-hidden />}
            role="alert"
            title={
              missing.length > 0 ? t('task.checklistFailing', { missing: missing.join(locale === 'zh-CN' ? '、' : ', ') }) : t('task.checklistOptionalShort', { n: optionalShort })
            }
            description={checklist.onFail === 'record' ? t('task.checklistRecordOnly') : undefined}
          />
        )}
      </Space>
    </Card>
  );
}
