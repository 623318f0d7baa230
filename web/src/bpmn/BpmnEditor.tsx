import { CheckCircleOutlined, CloudUploadOutlined, ExclamationCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Space, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import type { SopProblem } from '../api/types.ts';
import { useI18n } from '../i18n/index.ts';
import { bpmnApi } from './api.ts';
import { markWatermark } from './BpmnDiagram.tsx';
import { ext, moddleExtensions, type Bo } from './ext.ts';
import { SettingsPanel } from './SettingsPanel.tsx';

export interface BpmnEditorProps {
  readonly sopKey: string;
  /** The version the drawing starts from. */
  readonly baseVersion: number;
  /** The version a save makes (one above the highest existing). */
  readonly nextVersion: number;
}

/**
 * The SOP in the bpmn-js Modeler with servflow's settings panel beside it. Validate, save a
 * draft or publish go through the definitions API as BPMN; the version is set on the way.
 */
export function BpmnEditor({ sopKey, baseVersion, nextVersion }: BpmnEditorProps) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const host = useRef<HTMLDivElement>(null);
  const modeler = useRef<Bo>(null);
  const [selected, setSelected] = useState<Bo>(undefined);
  const [, setRev] = useState(0);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [problems, setProblems] = useState<readonly SopProblem[] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let gone = false;
    let m: Bo;
    void (async () => {
      try {
        const [{ Modeler }, xml] = await Promise.all([import('./modeler-entry.ts'), bpmnApi.xml(sopKey, baseVersion)]);
        if (gone || !host.current) return;
        m = new Modeler({ container: host.current, moddleExtensions });
        modeler.current = m;
        m.on('selection.changed', (e: Bo) => setSelected(e.newSelection?.[0]));
        m.on('commandStack.changed', () => {
          setProblems(null);
          setRev((r) => r + 1);
        });
        await m.importXML(xml);
        if (gone) return;
        m.get('canvas').zoom('fit-viewport');
        markWatermark(host.current);
        setState('ready');
      } catch {
        if (!gone) setState('error');
      }
    })();
    return () => {
      gone = true;
      m?.destroy();
    };
  }, [sopKey, baseVersion]);

  const processBo = (): Bo => modeler.current?.get('canvas').getRootElement().businessObject;

  /** The drawing as XML, declaring the key and the version a save makes. */
  const currentXml = async (): Promise<string> => {
    const m = modeler.current;
    const p = ext(processBo(), 'servflow:Process', m.get('moddle'));
    p.key ??= sopKey;
    p.version = nextVersion;
    const { xml } = await m.saveXML({ format: true });
    return xml as string;
  };

  const validate = async (): Promise<boolean> => {
    try {
      const r = await bpmnApi.validate(await currentXml());
      setProblems(r.problems);
      return r.ok;
    } catch (e) {
      setProblems(e instanceof ApiError ? e.issues.map((i) => ({ path: i.field, message: i.message })) : [{ message: (e as Error).message }]);
      return false;
    }
  };

  const save = async (publish: boolean) => {
    setBusy(true);
    try {
      if (!(await validate())) return;
      const xml = await currentXml();
      const draft = await bpmnApi.saveDraft(xml);
      if (!publish) {
        message.success(t('bpmn.draftSaved', { v: draft.version }));
        return;
      }
      const v = await bpmnApi.publish(draft.key, draft.version);
      message.success(t('lib.published', { v: v.version }));
      navigate(`/library/${encodeURIComponent(v.key)}?version=${v.version}`);
    } catch (e) {
      if (e instanceof ApiError && e.issues.length > 0) setProblems(e.issues.map((i) => ({ path: i.field, message: i.message })));
      message.error(t(e instanceof ApiError && e.status === 403 ? 'lib.adminsOnly' : e instanceof ApiError && e.status === 409 ? 'lib.versionTaken' : 'common.error'));
    } finally {
      setBusy(false);
    }
  };

  const select = (id: string | undefined) => {
    const m = modeler.current;
    const el = id ? m?.get('elementRegistry').get(id) : undefined;
    if (el) m.get('selection').select(el);
  };

  const ok = problems !== null && problems.length === 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<CheckCircleOutlined aria-hidden />} disabled={state !== 'ready' || busy} onClick={() => void validate()}>
          {t('lib.validate')}
        </Button>
        <Button icon={<SaveOutlined aria-hidden />} disabled={state !== 'ready'} loading={busy} onClick={() => void save(false)}>
          {t('bpmn.saveDraft')}
        </Button>
        <Button
          type="primary"
          icon={<CloudUploadOutlined aria-hidden />}
          disabled={state !== 'ready'}
          loading={busy}
          onClick={() =>
            modal.confirm({
              title: t('lib.publish'),
              content: t('lib.publishConfirm', { v: nextVersion }),
              okText: t('lib.publish'),
              cancelText: t('common.cancel'),
              onOk: () => save(true),
            })
          }
        >
          {t('lib.publish')}
        </Button>
      </Space>
      <div aria-live="polite">
        {problems === null ? null : ok ? (
          <Alert type="success" showIcon icon={<CheckCircleOutlined aria-hidden />} title={t('lib.valid')} />
        ) : (
          <Alert
            type="error"
            showIcon
            icon={<ExclamationCircleOutlined aria-hidden />}
            title={t('lib.problems', { n: problems.length })}
            description={
              <List
                size="small"
                dataSource={problems as SopProblem[]}
                renderItem={(p, i) => (
                  <List.Item key={i}>
                    {p.path ? (
                      <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => select(p.path?.split('.')[0])}>
                        <span translate="no">{p.path}</span>
                      </Button>
                    ) : null}{' '}
                    <span lang="en">{p.message}</span>
                  </List.Item>
                )}
              />
            }
          />
        )}
      </div>
      {state === 'error' && <Alert type="error" showIcon title={t('bpmn.loadFailed')} />}
      <div style={{ display: 'flex', gap: 12, alignItems: 'stretch', flexWrap: 'wrap' }}>
        <div style={{ flex: '3 1 480px', position: 'relative' }}>
          {state === 'loading' && <Spin style={{ position: 'absolute', inset: 0, margin: 'auto' }} />}
          <div ref={host} className="sf-bpmn" tabIndex={0} aria-label={t('bpmn.modelerLabel')} style={{ height: 560, border: '1px solid #e5e7eb', borderRadius: 6, background: '#fff' }} />
        </div>
        <Card size="small" className="sf-bpmn-settings" title={t('bpmn.settings')} style={{ flex: '1 1 300px', maxHeight: 560, overflow: 'auto' }}>
          {state === 'ready' && modeler.current ? (
            <SettingsPanel element={selected} process={processBo()} moddle={modeler.current.get('moddle')} onChange={() => setRev((r) => r + 1)} />
          ) : null}
        </Card>
      </div>
    </Space>
  );
}
