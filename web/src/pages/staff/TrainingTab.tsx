import { Alert, Button, Card, Empty, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { LText, useI18n } from '../../i18n/index.ts';
import { staffApi, type QuizScore, type StudyGuide } from './api.ts';
import { QuestionsCard } from './QuestionsCard.tsx';
import { RetrainCard } from './RetrainCard.tsx';
import { SignoffCard } from './SignoffCard.tsx';

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/**
 * Pick an SOP and a role (or arrive with `?process=&role=`, as the inbox's "study now" link does):
 * the study page built from the SOP, then its quiz; managers also record practical sign-offs and
 * write questions of their own.
 */
export function TrainingTab() {
  const { t, duration, locale } = useI18n();
  const { me } = useAuth();
  const [params] = useSearchParams();
  const manages = (me?.access ?? []).some((a) => a.level === 'manager' || a.level === 'admin');
  const sops = useLoad(() => api.definitions(), []);
  const [key, setKey] = useState<string | undefined>(params.get('process') ?? undefined);
  const [role, setRole] = useState<string | undefined>(params.get('role') ?? undefined);
  // Bumped when a manager changes the questions, so an open quiz shows them.
  const [questionsSeen, setQuestionsSeen] = useState(0);
  const published = (sops.data?.items ?? []).filter((s) => s.publishedVersion != null);
  const sop = published.find((s) => s.key === key);
  const def = useLoad(async () => (sop ? await api.definition(sop.key, sop.publishedVersion!) : undefined), [sop?.key]);
  const guide = useLoad(async () => (sop && role ? await staffApi.study(sop.key, role) : undefined), [sop?.key, role]);
  const [quizOn, setQuizOn] = useState(false);

  // "30 minutes" in the reader's language; an expression (FEEL) is shown as written, marked as not words of the app.
  const limitText = (s: StudyGuide['steps'][number]) =>
    s.due === null ? (
      <span translate="no">{s.timeLimit}</span>
    ) : (
      t(s.due.basis === 'working' ? 'staff.training.timeLimitWorking' : 'staff.training.timeLimit', { limit: duration(s.due.amount * UNIT_MS[s.due.unit]) })
    );

  if (sops.error) return <PageError error={sops.error} onRetry={sops.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Select
          aria-label={t('staff.training.process')}
          placeholder={t('staff.training.process')}
          value={key}
          onChange={(v) => (setKey(v), setRole(undefined), setQuizOn(false))}
          options={published.map((s) => ({ value: s.key, label: <LText value={s.name} /> }))}
          style={{ minWidth: 260 }}
          showSearch
          optionFilterProp="value"
        />
        <Select
          aria-label={t('staff.training.role')}
          placeholder={t('staff.training.role')}
          value={role}
          disabled={!def.data}
          onChange={(v) => (setRole(v), setQuizOn(false))}
          options={(def.data?.roles ?? []).map((r) => ({ value: r.id, label: <LText value={r.name} /> }))}
          style={{ minWidth: 200 }}
        />
      </Space>
      {sop && (sop.publishedVersion ?? 0) > 1 && <RetrainCard process={sop.key} version={sop.publishedVersion!} />}
      {guide.error !== undefined && <PageError error={guide.error} onRetry={guide.reload} />}
      {!guide.data && !guide.error && <Empty description={t('staff.training.pick')} />}
      {guide.data && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t('staff.training.studyOf', { version: guide.data.version })} <LText value={guide.data.roleName} />
          </Typography.Title>
          {guide.data.steps.length === 0 && <Empty description={t('staff.training.noSteps')} />}
          {guide.data.steps.map((s, i) => (
            <Card key={s.id} size="small" title={<span>{i + 1}. <LText value={s.name} /></span>} extra={<Space>{s.timeLimit && <Tag>{limitText(s)}</Tag>}{s.certificate && <Tag color="gold">{t('staff.training.certificate', { cert: s.certificate })}</Tag>}</Space>}>
              {s.description && <Typography.Paragraph><LText value={s.description} /></Typography.Paragraph>}
              {s.standards.length > 0 && (
                <>
                  <Typography.Text strong>{t('staff.training.standards')}</Typography.Text>
                  <ul>
                    {s.standards.map((x) => (
                      <li key={x.id}>
                        <LText value={x.text} /> {!x.required && <Tag>{t('staff.training.optional')}</Tag>}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {s.script.length > 0 && (
                <>
                  <Typography.Text strong>{t('staff.training.script')}</Typography.Text>
                  <ul>
                    {s.script.map((l, j) => (
                      <li key={j}>
                        {l.when && <Typography.Text type="secondary">(<LText value={l.when} />) </Typography.Text>}
                        “<LText value={l.say} />”
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {s.form.length > 0 && (
                <Typography.Paragraph type="secondary">
                  {t('staff.training.form')}: {s.form.map((f, j) => <span key={f.id}>{j > 0 && (locale === 'zh-CN' ? '、' : ', ')}<LText value={f.label} /></span>)}
                </Typography.Paragraph>
              )}
            </Card>
          ))}
          {!quizOn && <Button type="primary" onClick={() => setQuizOn(true)}>{t('staff.quiz.start')}</Button>}
          {quizOn && <QuizCard key={questionsSeen} process={guide.data.processKey} role={guide.data.role} />}
          {manages && <SignoffCard guide={guide.data} />}
          {manages && <QuestionsCard process={guide.data.processKey} role={guide.data.role} onChange={() => setQuestionsSeen((n) => n + 1)} />}
        </>
      )}
    </Space>
  );
}

function QuizCard({ process, role }: { process: string; role: string }) {
  const { t } = useI18n();
  const quiz = useLoad(() => staffApi.quiz(process, role), [process, role]);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [result, setResult] = useState<QuizScore | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (quiz.error) return <PageError error={quiz.error} onRetry={quiz.reload} />;
  if (!quiz.data) return null;
  const q = quiz.data;
  if (q.questions.length === 0) return <Empty description={t('staff.quiz.none')} />;
  async function submit() {
    setError(undefined);
    try {
      setResult(await staffApi.submit(process, role, q.version, answers));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : t('common.error'));
    }
  }
  return (
    <Card title={t('staff.quiz.title', { n: q.questions.length, pass: Math.round(q.passMark * 100) })}>
      <List
        dataSource={[...q.questions]}
        renderItem={(x, i) => (
          <List.Item data-question={x.id} style={{ display: 'block' }}>
            <Typography.Paragraph strong>
              {i + 1}. <LText value={x.prompt} /> {result && (result.wrong.includes(x.id) ? <Tag color="red">{t('staff.quiz.wrong')}</Tag> : <Tag color="green">{t('staff.quiz.right')}</Tag>)}
            </Typography.Paragraph>
            <Radio.Group value={answers[x.id]} onChange={(e) => setAnswers({ ...answers, [x.id]: e.target.value as number })} disabled={result !== undefined}>
              <Space direction="vertical">
                {x.options.map((o, j) => (
                  <Radio key={j} value={j}>
                    <LText value={o} />
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </List.Item>
        )}
      />
      {error && <Alert type="error" message={error} showIcon />}
      {result ? (
        <Alert
          data-quiz-result
          type={result.passed ? 'success' : 'warning'}
          showIcon
          message={t(result.passed ? 'staff.quiz.passed' : 'staff.quiz.failed', { score: result.score, total: result.total })}
          action={<Button onClick={() => (setResult(undefined), setAnswers({}))}>{t('staff.quiz.again')}</Button>}
        />
      ) : (
        <Button type="primary" onClick={() => void submit()}>
          {t('staff.quiz.submit')}
        </Button>
      )}
    </Card>
  );
}
