import { Alert, Button, Card, Empty, Input, InputNumber, Progress, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { simulationApi, type SimEstimate, type SimRow, type SimRun } from '../../api/simulation.ts';
import { EChart } from '../../charts/EChart.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { pickText, useI18n } from '../../i18n/index.ts';
import { metricLabel } from './metric-label.ts';

type Group = SimRow['group'];
const POLL_MS = 500;
const VERDICT_COLOR = { better: 'green', worse: 'red', same: 'default', changed: 'blue' } as const;

/**
 * What-if simulation of an SOP before publishing a change: pick a process, edit its study (the
 * baseline parameters and the scenarios — the shipped example where there is one), run it on the
 * server and read the scenarios side by side, each difference from the baseline with its
 * confidence interval and a verdict.
 */
export default function SimulationPage() {
  const { t, locale, number, percent } = useI18n();
  const defs = useLoad(() => api.definitions(), []);
  const published = (defs.data?.items ?? []).filter((d) => d.publishedVersion != null);
  const [process, setProcess] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [noExample, setNoExample] = useState(false);
  const [replications, setReplications] = useState(5);
  const [cases, setCases] = useState(500);
  const [run, setRun] = useState<SimRun | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [group, setGroup] = useState<Group>('case');
  const [chartKey, setChartKey] = useState('cycleTime.mean');
  const poll = useRef<ReturnType<typeof setTimeout> | null>(null);
  const summary = published.find((d) => d.key === process);
  const view = useLoad(async () => (summary ? api.definition(summary.key, summary.publishedVersion!) : undefined), [summary?.key, summary?.publishedVersion]);

  useEffect(() => () => void (poll.current && clearTimeout(poll.current)), []);
  useEffect(() => {
    if (process === undefined) return;
    let live = true;
    setRun(null);
    setFailure(null);
    simulationApi.example(process).then(
      (e) => live && (setText(e.scenarios), setNoExample(false)),
      () => live && (setText(''), setNoExample(true)),
    );
    return () => {
      live = false;
    };
  }, [process]);

  const nameOf = useMemo(() => {
    const v = view.data;
    const names = new Map<string, string>();
    for (const n of v?.nodes ?? []) names.set(n.id, pickText(n.name, locale, n.id).text);
    for (const r of v?.roles ?? []) names.set(r.id, pickText(r.name, locale, r.id).text);
    return (id: string) => names.get(id) ?? id;
  }, [view.data, locale]);

  const follow = (id: string) => {
    poll.current = setTimeout(async () => {
      try {
        const r = await simulationApi.run(id);
        setRun(r);
        if (r.status === 'running') follow(id);
      } catch (e) {
        setFailure((e as Error).message);
      }
    }, POLL_MS);
  };
  const start = async () => {
    if (!process) return;
    setFailure(null);
    try {
      const r = await simulationApi.start({ process, scenarios: text, replications, cases });
      setRun(r);
      follow(r.id);
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : String(e));
    }
  };

  const c = run?.status === 'done' ? run.comparison : null;
  const format = (row: SimRow, v: number | null | undefined): string => {
    if (v === null || v === undefined) return '—';
    if (row.unit === 'fraction') return percent(v);
    if (row.unit === 'min') return `${number(v, { maximumFractionDigits: v < 10 ? 1 : 0 })} ${t('sim.unit.min')}`;
    return number(v, { maximumFractionDigits: row.unit === 'cases/h' ? 2 : 1 });
  };
  const cell = (row: SimRow, e: SimEstimate | null) => (e === null ? '—' : e.halfWidth === null ? format(row, e.mean) : `${format(row, e.mean)} ± ${format(row, e.halfWidth)}`);
  const rows = c ? c.rows.filter((r) => r.group === group) : [];
  const chartRow = c?.rows.find((r) => r.key === chartKey);
  const option = useMemo(() => {
    if (!c || !chartRow) return null;
    const label = metricLabel(chartRow, t, nameOf);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 24, bottom: 24, containLabel: true },
      xAxis: { type: 'category', data: c.scenarios.map((s) => s.name), axisLabel: { interval: 0, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'value', name: label },
      series: [
        {
          name: label,
          type: 'bar',
          data: chartRow.values.map((v, i) => ({ value: v?.mean ?? null, itemStyle: { color: i === 0 ? '#8c8c8c' : chartRow.deltas[i]?.verdict === 'better' ? '#237804' : chartRow.deltas[i]?.verdict === 'worse' ? '#a8071a' : '#1554ad' } })),
          label: { show: true, position: 'top', formatter: (p: { value: number | null }) => format(chartRow, p.value) },
        },
      ],
    };
  }, [c, chartRow, t, nameOf]);

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('sim.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('sim.intro')}</Typography.Text>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap style={{ marginBottom: 8 }}>
          <Select
            aria-label={t('sim.process')}
            placeholder={t('sim.pickProcess')}
            style={{ minWidth: 280 }}
            value={process}
            onChange={setProcess}
            options={published.map((d) => {
              const name = pickText(d.name, locale, d.key);
              return { value: d.key, label: <span lang={name.lang}>{name.text}</span> };
            })}
          />
          <span>
            <label htmlFor="sim-reps">{t('sim.replications')} </label>
            <InputNumber id="sim-reps" controls={false} min={1} max={20} value={replications} onChange={(v) => setReplications(v ?? 5)} />
          </span>
          <span>
            <label htmlFor="sim-cases">{t('sim.cases')} </label>
            <InputNumber id="sim-cases" controls={false} min={10} max={5000} step={100} value={cases} onChange={(v) => setCases(v ?? 500)} />
          </span>
          <Button type="primary" disabled={!process || text.trim() === '' || run?.status === 'running'} onClick={start}>
            {t('sim.run')}
          </Button>
        </Space>
        {noExample && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('sim.noExample')} />}
        {process && (
          <Input.TextArea
            aria-label={t('sim.study')}
            className="sf-sim-study"
            translate="no"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 8, maxRows: 24 }}
            spellCheck={false}
            style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }}
          />
        )}
        {run?.status === 'running' && (
          <Progress aria-label={t('sim.progress')} percent={run.progress.total > 0 ? Math.floor((100 * run.progress.done) / run.progress.total) : 0} style={{ marginTop: 8 }} />
        )}
        {(failure || run?.status === 'failed') && <Alert type="error" showIcon style={{ marginTop: 8 }} title={t('sim.failed')} description={failure ?? run?.error?.message} />}
      </Card>
      {!c ? (
        !process && <Empty description={t('sim.pickProcess')} />
      ) : (
        <>
          <Card
            size="small"
            title={t('sim.sideBySide', { reps: c.replications, cases: number(c.cases) })}
            style={{ marginBottom: 12 }}
            extra={
              <Select
                aria-label={t('sim.chartMetric')}
                style={{ width: 260 }}
                value={chartKey}
                onChange={setChartKey}
                options={c.rows.filter((r) => r.group !== 'step' || r.key.endsWith('.wait')).map((r) => ({ value: r.key, label: metricLabel(r, t, nameOf) }))}
              />
            }
          >
            {/* Scenario names are the author's words, in whatever language the study was written. */}
            <div translate="no">{option && <EChart locale={locale === 'zh-CN' ? 'ZH' : 'EN'} label={chartRow ? metricLabel(chartRow, t, nameOf) : ''} option={option} />}</div>
            <ul className="sf-sim-scenarios">
              {c.scenarios.slice(1).map((s) => (
                <li key={s.name}>
                  <strong translate="no">{s.name}</strong>
                  {s.description && (
                    <span translate="no">
                      {' — '}
                      {s.description}
                    </span>
                  )}
                  {s.changes.length > 0 && (
                    <Typography.Text type="secondary" translate="no">
                      {' '}
                      ({s.changes.join('; ')})
                    </Typography.Text>
                  )}
                </li>
              ))}
            </ul>
          </Card>
          <Card size="small" title={t('sim.metrics')}>
            <Segmented<Group>
              aria-label={t('sim.group')}
              value={group}
              onChange={setGroup}
              style={{ marginBottom: 8 }}
              options={[
                { value: 'case', label: t('sim.group.case') },
                { value: 'step', label: t('sim.group.step') },
                { value: 'role', label: t('sim.group.role') },
              ]}
            />
            <Table<SimRow>
              className="sf-sim-table"
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 200 + 180 * c.scenarios.length }}
              dataSource={rows as SimRow[]}
              columns={[
                { key: 'm', title: t('sim.metric'), fixed: 'left', width: 220, render: (_, r) => metricLabel(r, t, nameOf) },
                ...c.scenarios.map((s, i) => ({
                  key: `s${i}`,
                  title: <span translate="no">{s.name}</span>,
                  align: 'right' as const,
                  render: (_: unknown, r: SimRow) => {
                    const d = r.deltas[i];
                    return (
                      <>
                        <div>{cell(r, r.values[i] ?? null)}</div>
                        {d && d.significant && d.relative !== null && (
                          <Tag color={VERDICT_COLOR[d.verdict]} style={{ marginInlineEnd: 0 }}>
                            {d.relative > 0 ? '+' : ''}
                            {percent(d.relative)}
                          </Tag>
                        )}
                      </>
                    );
                  },
                })),
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('sim.legend', { confidence: percent(c.confidence) })}
            </Typography.Paragraph>
          </Card>
        </>
      )}
    </>
  );
}
