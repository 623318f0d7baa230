import { Alert, App, Button, Col, Row, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { evaluateChecklist } from '../../../../src/engine/checklist.ts';
import { ApiError } from '../../api/client.ts';
import { CertificateRequired, certificateNeed } from '../staff/CertificateRequired.tsx';
import { api } from '../../api/endpoints.ts';
import type { TaskDetail } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { PageError, PageLoading } from '../../components/PageState.tsx';
import { Sla } from '../../components/Sla.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { LText, pickText, useI18n } from '../../i18n/index.ts';
import { ChecklistCard } from './ChecklistCard.tsx';
import { CustomerCard } from './CustomerCard.tsx';
import { checkForm, checkField, type FieldMessage } from './formRules.ts';
import { ScriptCard } from './ScriptCard.tsx';
import { fieldDomId, TaskForm } from './TaskForm.tsx';
import { CaseDataCard } from './CaseDataCard.tsx';

/** The field id a server issue points at (`form.mileage`, `body.form.mileage` or `mileage`). */
function issueField(path: string): string {
  const m = /(?:^|\.)form\.(.+)$/.exec(path);
  return m?.[1] ?? path;
}

/** The task page: script, checklist, form, customer; claim and complete. */
export default function TaskPage() {
  const { id = '' } = useParams();
  const task = useLoad(() => api.task(id), [id]);
  if (task.error && !task.data) return <PageError error={task.error} onRetry={task.reload} />;
  if (!task.data) return <PageLoading />;
  return <TaskView key={task.data.id + task.data.status + (task.data.assignee ?? '')} task={task.data} reload={task.reload} />;
}

function TaskView({ task, reload }: { task: TaskDetail; reload(): void }) {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fields = task.step.form ?? [];
  const [values, setValues] = useState<Record<string, unknown>>(() => {
    const v: Record<string, unknown> = {};
    for (const f of fields) {
      const prior = task.result?.form?.[f.id] ?? task.caseData[f.variable ?? f.id];
      if (prior !== undefined && prior !== null) v[f.id] = prior;
    }
    return v;
  });
  const [checked, setChecked] = useState<Record<string, boolean>>(() => Object.fromEntries((task.result?.checklist?.checked ?? []).map((i) => [i, true])));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [serverIssues, setServerIssues] = useState<ReadonlyMap<string, FieldMessage>>(new Map());
  const [busy, setBusy] = useState(false);

  const label = (fid: string) => pickText(fields.find((f) => f.id === fid)?.label, locale, fid).text;
  const problems = useMemo(() => {
    const all = checkForm(fields, values, (f) => pickText(f.label, locale, f.id).text);
    const shown = new Map<string, FieldMessage>();
    for (const [k, m] of all) if (attempted || touched.has(k)) shown.set(k, m);
    for (const [k, m] of serverIssues) if (!shown.has(k)) shown.set(k, m);
    return shown;
  }, [fields, values, attempted, touched, serverIssues, locale]);

  const open = task.status === 'open' || task.status === 'claimed';
  const mineNow = open && task.assignee === me?.id;
  const queued = open && !task.assignee;
  const byOther = open && !!task.assignee && task.assignee !== me?.id;
  const editable = mineNow;

  useEffect(() => {
    document.getElementById('main')?.scrollTo?.(0, 0);
  }, []);

  const claim = async () => {
    setBusy(true);
    try {
      await api.claim(task.id);
      message.success(t('inbox.claimed'));
    } catch (e) {
      const need = certificateNeed(e);
      if (need) message.error({ content: <CertificateRequired need={need} onStudy={navigate} />, duration: 10 });
      else message.error(e instanceof ApiError && e.conflict ? t('common.conflict') : t('common.error'));
    } finally {
      setBusy(false);
      reload();
    }
  };

  const complete = async () => {
    setAttempted(true);
    const formProblems = checkForm(fields, values, (f) => pickText(f.label, locale, f.id).text);
    const list = task.step.checklist;
    const blockByChecklist = list !== undefined && list.onFail !== 'record' && !evaluateChecklist(list, checked).passed;
    if (formProblems.size > 0 || blockByChecklist) {
      message.error(t('task.fixErrors'));
      const first = fields.find((f) => formProblems.has(f.id));
      if (first) document.getElementById(fieldDomId(first.id))?.focus();
      return;
    }
    setBusy(true);
    try {
      const form: Record<string, unknown> = {};
      for (const f of fields) if (values[f.id] !== undefined && values[f.id] !== '') form[f.id] = values[f.id];
      await api.complete(task.id, { form, checklist: checked });
      message.success(t('task.completed', { step: pickText(task.step.name, locale, task.node).text }));
      navigate('/inbox');
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && e.issues.length > 0) {
        // The server disagreed: show its findings on the fields, in the reader's language.
        const m = new Map<string, FieldMessage>();
        for (const i of e.issues) {
          const fid = issueField(i.field);
          const f = fields.find((x) => x.id === fid);
          if (!f) continue;
          m.set(fid, checkField(f, values[fid], label(fid)) ?? { key: 'form.pattern', params: { label: label(fid) } });
        }
        setServerIssues(m);
        message.error(t('task.fixErrors'));
      } else if (e instanceof ApiError && e.conflict) {
        message.warning(t('common.conflict'));
        reload();
      } else if (certificateNeed(e)) message.error({ content: <CertificateRequired need={certificateNeed(e)!} onStudy={navigate} />, duration: 10 });
      else message.error(t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  const main = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {task.step.description && (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <LText value={task.step.description} />
        </Typography.Paragraph>
      )}
      {task.step.script && task.step.script.length > 0 && <ScriptCard lines={task.step.script} />}
      {task.step.checklist && (
        <ChecklistCard checklist={task.step.checklist} checked={checked} disabled={!editable} showMissing={attempted} onChange={(item, on) => setChecked((c) => ({ ...c, [item]: on }))} />
      )}
      {fields.length > 0 && (
        <TaskForm
          fields={fields}
          taskId={task.id}
          values={values}
          problems={problems}
          disabled={!editable}
          onChange={(fid, v) => {
            setValues((x) => ({ ...x, [fid]: v }));
            setTouched((s) => new Set(s).add(fid));
            setServerIssues((m) => {
              if (!m.has(fid)) return m;
              const n = new Map(m);
              n.delete(fid);
              return n;
            });
          }}
        />
      )}
      {editable && (
        <div className="sf-complete-bar">
          <Button type="primary" size="large" loading={busy} onClick={() => void complete()} block>
            {busy ? t('task.completing') : t('task.complete')}
          </Button>
        </div>
      )}
    </Space>
  );

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          <LText value={task.step.name} fallback={task.node} />
        </Typography.Title>
        <Sla state={task.slaState} dueAt={task.dueAt} warnAt={task.warnAt} paused={task.waitingForCustomer} timeZone={task.timeZone} />
      </div>
      <Typography.Paragraph type="secondary">
        <LText value={task.processName} fallback={task.processKey} />
        {task.storeName ? <> · <span translate="no">{task.storeName}</span></> : null} ·{' '}
        <Link to={`/cases/${encodeURIComponent(task.caseId)}`}>{t('task.openCase')}</Link>
      </Typography.Paragraph>
      {queued && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('task.claimFirst')}
          action={
            <Button type="primary" loading={busy} onClick={() => void claim()}>
              {t('inbox.claim')}
            </Button>
          }
        />
      )}
      {byOther && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('task.notYours', { name: task.assigneeName ?? task.assignee ?? '' })} />}
      {!open && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('task.closed')} />}
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
          {main}
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <CustomerCard customer={task.customer} />
            <CaseDataCard data={task.caseData} variables={task.variables ?? []} timeZone={task.timeZone ?? undefined} />
          </Space>
        </Col>
      </Row>
    </>
  );
}

