import { CheckCircleOutlined, CloudUploadOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import type { SopProblem } from '../../api/types.ts';
import { PageError, PageLoading } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { bpmnApi } from '../../bpmn/api.ts';
import { BpmnEditor } from '../../bpmn/BpmnEditor.tsx';
import { YamlEditor, type YamlEditorHandle } from './YamlEditor.tsx';

/** Line and column of a problem: given as fields, or as `12:3 …` at the start of its path. */
export function problemPlace(p: SopProblem): { line: number; column: number } | undefined {
  if (p.line !== undefined) return { line: p.line, column: p.column ?? 1 };
  const m = /^(\d+):(\d+)/.exec(p.path ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}

/**
 * The source with its top-level `version:` set to the version about to be made: an SOP file
 * declares its own version, and a published one can never be overwritten.
 */
export function withVersion(source: string, version: number): string {
  return /^version:[^\S\n]*\d+[^\S\n]*$/m.test(source) ? source.replace(/^version:[^\S\n]*\d+[^\S\n]*$/m, `version: ${version}`) : `version: ${version}\n${source}`;
}

/** Edits an SOP's YAML: validated as you type (debounced), problems shown in place; publish a new version. */
export default function SopEditPage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const from = Number(params.get('from') ?? '0') || undefined;
  const versions = useLoad(() => api.versions(key), [key]);
  const base = from ?? versions.data?.items.reduce((m, v) => Math.max(m, v.version), 0);
  const src = useLoad(async () => {
    if (!base) return undefined;
    const s = await api.source(key, base);
    // A version drawn in the BPMN designer is edited here as its YAML equivalent.
    return s.format === 'bpmn' ? { source: await bpmnApi.yaml(key, base), format: 'yaml' } : s;
  }, [key, base]);
  if (versions.error || src.error) return <PageError error={versions.error ?? src.error} onRetry={() => (versions.reload(), src.reload())} />;
  if (!versions.data) return <PageLoading />;
  const next = versions.data.items.reduce((m, v) => Math.max(m, v.version), 0) + 1;
  if (params.get('mode') === 'bpmn' && base) return <DesignPage sopKey={key} baseVersion={base} nextVersion={next} />;
  if (!src.data) return <PageLoading />;
  return <Editor sopKey={key} initial={withVersion(src.data.source, next)} nextVersion={next} />;
}

/** The BPMN designer: the bpmn-js modeler and servflow's settings panel (loaded on demand). */
function DesignPage({ sopKey, baseVersion, nextVersion }: { sopKey: string; baseVersion: number; nextVersion: number }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('bpmn.design')} · <span translate="no">{sopKey}</span>
        </Typography.Title>
        <Space style={{ marginInlineStart: 'auto' }}>
          <Button onClick={() => navigate(`/library/${encodeURIComponent(sopKey)}/edit?from=${baseVersion}`)}>{t('bpmn.editYaml')}</Button>
          <Button onClick={() => navigate(`/library/${encodeURIComponent(sopKey)}`)}>{t('common.cancel')}</Button>
        </Space>
      </div>
      <BpmnEditor sopKey={sopKey} baseVersion={baseVersion} nextVersion={nextVersion} />
    </>
  );
}

function Editor({ sopKey, initial, nextVersion }: { sopKey: string; initial: string; nextVersion: number }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const editor = useRef<YamlEditorHandle>(null);
  const [text, setText] = useState(initial);
  const [problems, setProblems] = useState<readonly SopProblem[] | null>(null);
  const [declared, setDeclared] = useState<{ key?: string; version?: number }>({});
  const [checking, setChecking] = useState(false);
  const [publishing, setPublishing] = useState(false);

  // Validate a moment after typing stops; a newer text makes older answers irrelevant.
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    const timer = setTimeout(async () => {
      setChecking(true);
      try {
        const r = await api.validate(text);
        if (n === seq.current) {
          setProblems(r.problems);
          setDeclared({ ...(r.key ? { key: r.key } : {}), ...(r.version ? { version: r.version } : {}) });
        }
      } catch (e) {
        if (n === seq.current) setProblems(e instanceof ApiError ? e.issues.map((i) => ({ path: i.field, message: i.message })) : []);
      } finally {
        if (n === seq.current) setChecking(false);
      }
    }, 600);
    return () => clearTimeout(timer);
  }, [text]);

  const placed = (problems ?? []).flatMap((p) => {
    const at = problemPlace(p);
    return at ? [{ ...at, message: p.message }] : [];
  });

  const publish = () => {
    modal.confirm({
      title: t('lib.publish'),
      content: t('lib.publishConfirm', { v: declared.version ?? nextVersion }),
      okText: t('lib.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setPublishing(true);
        try {
          const v = await api.publish(declared.key ?? sopKey, declared.version ?? nextVersion, text);
          message.success(t('lib.published', { v: v.version }));
          navigate(`/library/${encodeURIComponent(declared.key ?? sopKey)}?version=${v.version}`);
        } catch (e) {
          if (e instanceof ApiError && e.issues.length > 0) setProblems(e.issues.map((i) => ({ path: i.field, message: i.message })));
          message.error(t(e instanceof ApiError && e.status === 403 ? 'lib.adminsOnly' : e instanceof ApiError && e.status === 409 ? 'lib.versionTaken' : 'common.error'));
        } finally {
          setPublishing(false);
        }
      },
    });
  };

  const ok = problems !== null && problems.length === 0;
  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('lib.edit')} · <span translate="no">{sopKey}</span>
        </Typography.Title>
        <Space style={{ marginInlineStart: 'auto' }}>
          <Button onClick={() => navigate(`/library/${encodeURIComponent(sopKey)}`)}>{t('common.cancel')}</Button>
          <Button type="primary" icon={<CloudUploadOutlined aria-hidden />} disabled={!ok || checking} loading={publishing} onClick={publish}>
            {t('lib.publish')}
          </Button>
        </Space>
      </div>
      <div aria-live="polite" style={{ marginBottom: 8 }}>
        {problems === null || checking ? (
          <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
        ) : ok ? (
          <Alert type="success" showIcon icon={<CheckCircleOutlined aria-hidden />} title={t('lib.valid')} />
        ) : (
          <Alert type="error" showIcon icon={<ExclamationCircleOutlined aria-hidden />} title={t('lib.problems', { n: problems.length })} />
        )}
      </div>
      <YamlEditor ref={editor} initial={initial} label={t('lib.editorLabel')} problems={placed} onChange={setText} />
      {problems && problems.length > 0 && (
        <Card size="small" style={{ marginTop: 12 }} title={t('lib.problems', { n: problems.length })}>
          <List
            size="small"
            dataSource={problems as SopProblem[]}
            renderItem={(p, i) => {
              const at = problemPlace(p);
              return (
                <List.Item key={i}>
                  {at ? (
                    <Button type="link" style={{ padding: 0, height: 'auto' }} onClick={() => editor.current?.goTo(at.line, at.column)}>
                      {t('lib.problemAt', { line: at.line, col: at.column })}
                    </Button>
                  ) : null}{' '}
                  <span lang="en">{p.message}</span>
                </List.Item>
              );
            }}
          />
        </Card>
      )}
    </>
  );
}
