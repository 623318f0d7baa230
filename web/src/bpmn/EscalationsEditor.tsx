import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { pickText, textKey, useI18n, type MessageKey } from '../i18n/index.ts';
import { ACTION_KINDS, addAction, addEscalation, escalationsOf, removeAction, removeEscalation, setActionKind, setActionMessage, setEscalationAfter, type ActionKind } from './edit.ts';
import { textOf, type Bo, type Moddle } from './ext.ts';

export interface EscalationsEditorProps {
  /** The step's servflow:node (created on first write by `write`). */
  readonly node: Bo;
  readonly moddle: Moddle;
  /** Element id, to give the inputs stable ids. */
  readonly stepId: string;
  readonly roleOptions: readonly { value: string; label: string }[];
  /** Runs a change on the step's servflow:node and tells the editor. */
  write(fn: (n: Bo) => void): void;
}

/**
 * A step's escalations: for each, how long after the missed time limit it fires and what it
 * does — notify a role (with a notice text), reassign the task to a role, or raise its priority.
 * Needs a time limit (escalations belong to it).
 */
export function EscalationsEditor({ node, moddle, stepId, roleOptions, write }: EscalationsEditorProps) {
  const { t, locale } = useI18n();
  const lang = textKey(locale);
  const escalations = escalationsOf(node);
  const firstRole = roleOptions[0]?.value;
  if (!node?.sla) return <Typography.Text type="secondary">{t('bpmn.needsSla')}</Typography.Text>;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('bpmn.escalationsHint')}</Typography.Text>
      {escalations.map((esc, i) => {
        const actions = (esc.actions ?? []) as Bo[];
        const id = `sf-esc-${stepId}-${i}`;
        return (
          <fieldset key={`${id}-${escalations.length}`} className="sf-escalation" style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: '4px 8px 8px', margin: 0 }}>
            <legend style={{ fontSize: 13, width: 'auto', padding: '0 4px', margin: 0, border: 'none' }}>{t('bpmn.escalation', { n: i + 1 })}</legend>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <label htmlFor={`${id}-after`}>{t('bpmn.escalationAfter')}</label>
              <Input id={`${id}-after`} defaultValue={esc.after as string | undefined} onChange={(e) => write(() => setEscalationAfter(esc, e.target.value))} />
              {actions.map((a, j) => (
                <Space key={`${id}-a${j}-${actions.length}`} align="start" wrap className="sf-escalation-action">
                  <Select<ActionKind>
                    aria-label={t('bpmn.actionKind')}
                    style={{ width: 120 }}
                    value={a.kind as ActionKind}
                    options={ACTION_KINDS.map((k) => ({ value: k, label: t(`bpmn.action.${k}` as MessageKey) }))}
                    onChange={(k) => write(() => setActionKind(a, k, firstRole))}
                  />
                  {a.kind === 'raisePriority' ? (
                    <InputNumber aria-label={t('bpmn.actionBy')} min={1} max={10} precision={0} style={{ width: 90 }} value={(a.by as number | undefined) ?? 1} onChange={(v) => write(() => (a.by = v ?? 1))} />
                  ) : (
                    <Select aria-label={t('bpmn.actionRole')} style={{ width: 140 }} value={a.role as string | undefined} options={roleOptions as { value: string; label: string }[]} onChange={(v: string) => write(() => (a.role = v))} />
                  )}
                  {a.kind === 'notify' && (
                    <Input aria-label={t('bpmn.actionMessage')} placeholder={t('bpmn.actionMessage')} defaultValue={pickText(textOf(a.message), locale).text} onChange={(e) => write(() => setActionMessage(a, moddle, lang, e.target.value))} />
                  )}
                  <Button aria-label={t('bpmn.remove')} icon={<DeleteOutlined aria-hidden />} onClick={() => write(() => removeAction(esc, a))} />
                </Space>
              ))}
              <Space wrap>
                <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => write(() => addAction(esc, moddle, firstRole))}>
                  {t('bpmn.addAction')}
                </Button>
                <Button size="small" danger icon={<DeleteOutlined aria-hidden />} onClick={() => write((n) => removeEscalation(n, esc))}>
                  {t('bpmn.removeEscalation')}
                </Button>
              </Space>
            </Space>
          </fieldset>
        );
      })}
      <Button icon={<PlusOutlined aria-hidden />} onClick={() => write((n) => addEscalation(n, moddle, firstRole))}>
        {t('bpmn.addEscalation')}
      </Button>
    </Space>
  );
}
