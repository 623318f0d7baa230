import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Empty, Form, Input, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { pickText, textKey, useI18n, type MessageKey } from '../i18n/index.ts';
import { isTimer, setSlaDue } from './edit.ts';
import { EscalationsEditor } from './EscalationsEditor.tsx';
import { ext, HUMAN_TYPES, rolesOf, textOf, withText, type Bo, type Moddle } from './ext.ts';
import { TimerSettings } from './TimerSettings.tsx';

export interface SettingsPanelProps {
  /** The selected diagram element (bpmn-js shape), if any. */
  readonly element: Bo;
  /** The process business object (for the declared roles). */
  readonly process: Bo;
  readonly moddle: Moddle;
  /** Called after every change (the panel writes into the business objects directly). */
  readonly onChange: () => void;
}

const ASSIGNMENTS = ['queue', 'rotation', 'leastLoaded', 'sameAs', 'customerOwner'] as const;
const FIELD_TYPES = ['text', 'longText', 'number', 'integer', 'boolean', 'date', 'datetime', 'select', 'multiSelect', 'phone', 'money', 'signature', 'photo'] as const;

/**
 * servflow's settings of the selected step, read from and written to its `servflow:node`
 * extension element: for a human step role, assignment, time limit and calendar, escalations,
 * checklist, script, form; for a timer its wait. Texts are edited in the page's language; the
 * other language is kept.
 */
export function SettingsPanel(props: SettingsPanelProps) {
  const { t } = useI18n();
  const bo = props.element?.businessObject;
  if (bo && HUMAN_TYPES.has(bo.$type as string)) return <HumanStepSettings {...props} />;
  if (isTimer(bo)) return <TimerSettings key={bo.id as string} bo={bo} moddle={props.moddle} onChange={props.onChange} />;
  return <Empty description={t('bpmn.selectStep')} />;
}

function HumanStepSettings({ element, process, moddle, onChange }: SettingsPanelProps) {
  const { t, locale } = useI18n();
  const lang = textKey(locale);
  const bo = element.businessObject;
  const node = ext(bo, 'servflow:Node') ?? {};
  const write = (fn: (n: Bo) => void) => {
    fn(ext(bo, 'servflow:Node', moddle));
    onChange();
  };
  const sla = node.sla;
  const checklist = node.checklist;
  const items = (checklist?.items ?? []) as Bo[];
  const script = (node.script ?? []) as Bo[];
  const fields = (node.fields ?? []) as Bo[];
  const roles = rolesOf(process);
  const role = node.role as string | undefined;
  const roleOptions = [...roles.map((r) => ({ value: r.id, label: pickText(r.name, locale, r.id).text })), ...(role && !roles.some((r) => r.id === role) ? [{ value: role, label: role }] : [])];
  const local = (x: Bo) => pickText(textOf(x), locale).text;
  const section = (title: MessageKey, children: ReactNode) => (
    <section aria-label={t(title)} style={{ marginBottom: 12 }}>
      <Typography.Text strong>{t(title)}</Typography.Text>
      <div style={{ marginTop: 6 }}>{children}</div>
    </section>
  );

  return (
    <Form layout="vertical" size="small" key={bo.id as string} onSubmitCapture={(e) => e.preventDefault()}>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        <span translate="no">{bo.name ?? bo.id}</span>
      </Typography.Title>
      <Form.Item label={t('bpmn.role')} htmlFor="sf-role">
        <Select id="sf-role" value={role} options={roleOptions} onChange={(v: string) => write((n) => (n.role = v))} />
      </Form.Item>
      <Form.Item label={t('bpmn.assignment')} htmlFor="sf-assignment">
        <Select
          id="sf-assignment"
          value={(node.assignment as string | undefined) ?? 'queue'}
          options={ASSIGNMENTS.map((a) => ({ value: a, label: t(`bpmn.assign.${a}` as MessageKey) }))}
          onChange={(v: string) => write((n) => (n.assignment = v))}
        />
      </Form.Item>
      {node.assignment === 'sameAs' && (
        <Form.Item label={t('bpmn.sameAs')} htmlFor="sf-same-as">
          <Input id="sf-same-as" defaultValue={node.sameAs as string | undefined} onChange={(e) => write((n) => (n.sameAs = e.target.value))} />
        </Form.Item>
      )}
      <Form.Item label={t('bpmn.slaDue')} htmlFor="sf-sla-due" extra={t('bpmn.slaHint')}>
        <Input
          id="sf-sla-due"
          defaultValue={sla?.due as string | undefined}
          onChange={(e) => write((n) => setSlaDue(n, moddle, e.target.value, (element.attachers ?? []) as Bo[]))}
        />
      </Form.Item>
      <Form.Item label={t('bpmn.calendar')} htmlFor="sf-sla-calendar">
        <Input
          id="sf-sla-calendar"
          disabled={!sla}
          defaultValue={sla?.calendar as string | undefined}
          onChange={(e) =>
            write((n) => {
              if (n.sla) n.sla.calendar = e.target.value.trim() || undefined;
            })
          }
        />
      </Form.Item>
      {section('bpmn.escalations', <EscalationsEditor node={node} moddle={moddle} stepId={bo.id as string} roleOptions={roleOptions} write={write} />)}
      {section(
        'bpmn.checklist',
        <Space orientation="vertical" style={{ width: '100%' }}>
          {items.map((item, i) => (
            <Space key={`${bo.id}-c${i}-${items.length}`} align="start" wrap>
              <Input aria-label={t('bpmn.itemId')} style={{ width: 90 }} defaultValue={item.itemId as string} onChange={(e) => write(() => (item.itemId = e.target.value))} />
              <Input aria-label={t('bpmn.itemText')} defaultValue={local(item.text)} onChange={(e) => write(() => (item.text = withText(moddle, 'servflow:Label', item.text, lang, e.target.value)))} />
              <Checkbox defaultChecked={item.required === true} onChange={(e) => write(() => (item.required = e.target.checked))}>
                {t('bpmn.required')}
              </Checkbox>
              <Button aria-label={t('bpmn.remove')} icon={<DeleteOutlined aria-hidden />} onClick={() => write((n) => (n.checklist.items = items.filter((x) => x !== item)))} />
            </Space>
          ))}
          <Button
            icon={<PlusOutlined aria-hidden />}
            onClick={() =>
              write((n) => {
                n.checklist ??= moddle.create('servflow:Checklist', { allRequired: true, items: [] });
                n.checklist.items = [...(n.checklist.items ?? []), moddle.create('servflow:Item', { itemId: `item${(n.checklist.items ?? []).length + 1}`, required: true, text: moddle.create('servflow:Label', { [lang]: t('bpmn.newItem') }) })];
              })
            }
          >
            {t('bpmn.addItem')}
          </Button>
        </Space>,
      )}
      {section(
        'bpmn.script',
        <Input.TextArea
          aria-label={t('bpmn.script')}
          autoSize={{ minRows: 2, maxRows: 8 }}
          defaultValue={script.map((l) => local(l.say)).join('\n')}
          onChange={(e) =>
            write((n) => {
              const lines = e.target.value.split('\n').filter((l) => l.trim() !== '');
              n.script = lines.map((say, i) => moddle.create('servflow:ScriptLine', { ...(script[i]?.when ? { when: script[i].when } : {}), say: withText(moddle, 'servflow:Say', script[i]?.say, lang, say) }));
            })
          }
        />,
      )}
      {section(
        'bpmn.form',
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((f, i) => (
            <Space key={`${bo.id}-f${i}-${fields.length}`} align="start" wrap>
              <Input aria-label={t('bpmn.fieldId')} style={{ width: 90 }} defaultValue={f.fieldId as string} onChange={(e) => write(() => (f.fieldId = e.target.value))} />
              <Input aria-label={t('bpmn.fieldLabel')} defaultValue={local(f.label)} onChange={(e) => write(() => (f.label = withText(moddle, 'servflow:Label', f.label, lang, e.target.value)))} />
              <Select aria-label={t('bpmn.fieldType')} style={{ width: 120 }} defaultValue={f.type as string} options={FIELD_TYPES.map((ft) => ({ value: ft, label: t(`bpmn.type.${ft}` as MessageKey) }))} onChange={(v: string) => write(() => (f.type = v))} />
              <Checkbox defaultChecked={f.required === true} onChange={(e) => write(() => (f.required = e.target.checked))}>
                {t('bpmn.required')}
              </Checkbox>
              <Button aria-label={t('bpmn.remove')} icon={<DeleteOutlined aria-hidden />} onClick={() => write((n) => (n.fields = fields.filter((x) => x !== f)))} />
            </Space>
          ))}
          <Button
            icon={<PlusOutlined aria-hidden />}
            onClick={() => write((n) => (n.fields = [...fields, moddle.create('servflow:Field', { fieldId: `field${fields.length + 1}`, type: 'text', required: false, label: moddle.create('servflow:Label', { [lang]: t('bpmn.newField') }) })]))}
          >
            {t('bpmn.addField')}
          </Button>
        </Space>,
      )}
    </Form>
  );
}
