import { Form, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n/index.ts';
import { setWait, waitOf, type WaitSettings } from './edit.ts';
import type { Bo, Moddle } from './ext.ts';

export interface TimerSettingsProps {
  /** The timer's business object (bpmn:IntermediateCatchEvent with a timer definition). */
  readonly bo: Bo;
  readonly moddle: Moddle;
  readonly onChange: () => void;
}

/** A timer step's wait: a length of time ("3 working days"), or until a date from case data with an offset. */
export function TimerSettings({ bo, moddle, onChange }: TimerSettingsProps) {
  const { t } = useI18n();
  const [wait, setState] = useState<WaitSettings>(() => waitOf(bo));
  const update = (patch: Partial<WaitSettings>) => {
    const next = { ...wait, ...patch };
    setState(next);
    setWait(bo, moddle, next);
    onChange();
  };
  const id = `sf-wait-${bo.id as string}`;
  return (
    <Form layout="vertical" size="small" key={bo.id as string} onSubmitCapture={(e) => e.preventDefault()}>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        <span translate="no">{bo.name ?? bo.id}</span>
      </Typography.Title>
      <Form.Item label={t('bpmn.waitKind')}>
        <Radio.Group
          aria-label={t('bpmn.waitKind')}
          value={wait.kind}
          onChange={(e) => update({ kind: e.target.value as WaitSettings['kind'] })}
          options={[
            { value: 'duration', label: t('bpmn.wait.duration') },
            { value: 'until', label: t('bpmn.wait.until') },
          ]}
        />
      </Form.Item>
      {wait.kind === 'duration' ? (
        <Form.Item label={t('bpmn.waitDuration')} htmlFor={`${id}-duration`} extra={t('bpmn.slaHint')}>
          <Input id={`${id}-duration`} value={wait.duration ?? ''} onChange={(e) => update({ duration: e.target.value })} />
        </Form.Item>
      ) : (
        <>
          <Form.Item label={t('bpmn.waitUntil')} htmlFor={`${id}-until`}>
            <Input id={`${id}-until`} value={wait.until ?? ''} onChange={(e) => update({ until: e.target.value })} />
          </Form.Item>
          <Form.Item label={t('bpmn.waitOffset')} htmlFor={`${id}-offset`}>
            <Input id={`${id}-offset`} value={wait.offset ?? ''} onChange={(e) => update({ offset: e.target.value })} />
          </Form.Item>
        </>
      )}
      <Form.Item label={t('bpmn.calendar')} htmlFor={`${id}-calendar`}>
        <Input id={`${id}-calendar`} value={wait.calendar ?? ''} onChange={(e) => update({ calendar: e.target.value })} />
      </Form.Item>
    </Form>
  );
}
