import { Card, Col, Empty, Row, Segmented, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, type KpiQuery } from '../../api/endpoints.ts';
import type { Drill, Kpis } from '../../api/types.ts';
import { EChart } from '../../charts/EChart.tsx';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { pickText, useI18n } from '../../i18n/index.ts';
import { DrillDrawer } from './DrillDrawer.tsx';
import { ProcessMap } from './ProcessMap.tsx';

type Period = 7 | 30 | 90;
type StaffRow = Kpis['staff'][number];

function periodQuery(days: Period, now: number): { from: string; to: string } {
  // Whole days up to now; the server buckets them in the organisation's (or store's) time zone.
  return { from: new Date(now - days * 86400_000).toISOString(), to: new Date(now).toISOString() };
}

/** KPIs by store and period: SLA compliance, cycle and waiting times, throughput, CSAT, staff — each number drills down to its cases. */
export default function DashboardPage() {
  const { t, locale, percent, duration, number } = useI18n();
  const [days, setDays] = useState<Period>(30);
  const [store, setStore] = useState<string | undefined>();
  const [process, setProcess] = useState<string | undefined>();
  const [now] = useState(() => Date.now());
  const query: KpiQuery = useMemo(() => ({ ...periodQuery(days, now), store, process }), [days, now, store, process]);
  const kpis = useLoad(() => api.kpis(query), [query]);
  const stores = useLoad(() => api.stores(), []);
  const defs = useLoad(() => api.definitions(), []);
  const [drill, setDrill] = useState<{ d: Drill; title: string } | null>(null);
  const k = kpis.data;
  const chartLocale = locale === 'zh-CN' ? 'ZH' : 'EN';
  const open = (d: Drill, metric: string, value: string) => setDrill({ d, title: t('dash.drillTitle', { metric, value }) });

  const sla = k && k.summary.slaTotal > 0 ? k.summary.slaOnTime / k.summary.slaTotal : null;
  const stat = (title: string, value: string, onClick?: () => void) => (
    <Card size="small" className="sf-kpi" hoverable={!!onClick}>
      {onClick ? (
        <button type="button" className="sf-kpi-button" onClick={onClick}>
          <Statistic title={title} value={value} />
        </button>
      ) : (
        <Statistic title={title} value={value} />
      )}
    </Card>
  );

  const dailyOption = useMemo(() => {
    if (!k) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('dash.started'), t('dash.completed')], top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category', data: k.daily.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dash.started'), type: 'bar', data: k.daily.map((d) => d.started), itemStyle: { color: '#8fb3e8' } },
        { name: t('dash.completed'), type: 'bar', data: k.daily.map((d) => d.completed), itemStyle: { color: '#1554ad' } },
      ],
    };
  }, [k, t]);

  const slaOption = useMemo(() => {
    if (!k) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => (v === null ? '' : `${v}%`) },
      grid: { left: 44, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: k.daily.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{ name: t('dash.slaCompliance'), type: 'line', smooth: true, connectNulls: true, symbolSize: 8, data: k.daily.map((d) => (d.slaTotal > 0 ? Math.round((d.slaOnTime / d.slaTotal) * 1000) / 10 : null)), itemStyle: { color: '#237804' } }],
    };
  }, [k, t]);

  const steps = useMemo(() => (k ? [...k.steps].sort((a, b) => b.handlingAvgMs + b.waitingAvgMs - (a.handlingAvgMs + a.waitingAvgMs)).slice(0, 12).reverse() : []), [k]);
  const stepOption = useMemo(() => {
    if (!k) return null;
    const mins = (ms: number) => Math.round((ms / 60000) * 10) / 10;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v} ${t('dash.minutes')}` },
      legend: { data: [t('dash.waiting'), t('dash.handling')], top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
      xAxis: { type: 'value', name: t('dash.minutes') },
      yAxis: { type: 'category', data: steps.map((s) => pickText(s.name, locale, s.node).text), axisLabel: { width: 140, overflow: 'truncate' } },
      series: [
        { name: t('dash.waiting'), type: 'bar', stack: 'x', data: steps.map((s) => mins(s.waitingAvgMs)), itemStyle: { color: '#d48806' } },
        { name: t('dash.handling'), type: 'bar', stack: 'x', data: steps.map((s) => mins(s.handlingAvgMs)), itemStyle: { color: '#1554ad' } },
      ],
    };
  }, [k, steps, t, locale]);

  if (kpis.error && !k) return <PageError error={kpis.error} onRetry={kpis.reload} />;
  const empty = k && k.summary.started === 0 && k.summary.completed === 0 && k.summary.active === 0;

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('dash.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dash.drillHint')}</Typography.Text>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Period>
          aria-label={t('dash.period')}
          value={days}
          onChange={setDays}
          options={[
            { value: 7, label: t('dash.last7') },
            { value: 30, label: t('dash.last30') },
            { value: 90, label: t('dash.last90') },
          ]}
        />
        <Select aria-label={t('dash.store')} style={{ width: 180 }} value={store ?? ''} onChange={(v) => setStore(v || undefined)} options={[{ value: '', label: t('dash.allStores') }, ...(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]} />
        <Select
          aria-label={t('dash.process')}
          style={{ width: 240 }}
          value={process ?? ''}
          onChange={(v) => setProcess(v || undefined)}
          options={[{ value: '', label: t('dash.allProcesses') }, ...(defs.data?.items ?? []).map((d) => ({ value: d.key, label: pickText(d.name, locale, d.key).text }))]}
        />
      </Space>
      {!k ? null : empty ? (
        <Empty description={t('dash.noData')} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={8} xl={4}>
              {stat(t('dash.slaCompliance'), sla === null ? '—' : percent(sla), () => open({ metric: 'breached' }, t('dash.breached'), number(k.summary.slaTotal - k.summary.slaOnTime)))}
            </Col>
            <Col xs={12} md={8} xl={5}>
              {stat(t('dash.cycleTime'), k.summary.cycleAvgMs === null ? '—' : duration(k.summary.cycleAvgMs), () => open({ metric: 'completed' }, t('dash.cycleTime'), k.summary.cycleAvgMs === null ? '—' : duration(k.summary.cycleAvgMs)))}
            </Col>
            <Col xs={12} md={8} xl={5}>
              {stat(t('dash.throughput'), number(k.summary.completed), () => open({ metric: 'completed' }, t('dash.throughput'), number(k.summary.completed)))}
            </Col>
            <Col xs={12} md={8} xl={5}>
              {stat(t('dash.csat'), k.summary.csatAvg === null ? '—' : `${number(k.summary.csatAvg, { maximumFractionDigits: 2 })} / 5`, k.summary.csatCount > 0 ? () => open({ metric: 'csatLow' }, t('dash.csat'), t('dash.responses', { n: k.summary.csatCount })) : undefined)}
            </Col>
            <Col xs={12} md={8} xl={5}>
              {stat(t('dash.openCases'), number(k.summary.active), () => open({ metric: 'active' }, t('dash.openCases'), number(k.summary.active)))}
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('dash.throughputTrend')}>
                {dailyOption && (
                  <EChart
                    locale={chartLocale}
                    label={t('dash.throughputTrend')}
                    option={dailyOption}
                    onClick={(p) => {
                      const d = k.daily[p.dataIndex];
                      if (d) open({ metric: p.seriesIndex === 0 ? 'started' : 'completed', day: d.day }, `${p.seriesIndex === 0 ? t('dash.started') : t('dash.completed')} ${d.day}`, number(p.seriesIndex === 0 ? d.started : d.completed));
                    }}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('dash.slaTrend')}>
                {slaOption && (
                  <EChart
                    locale={chartLocale}
                    label={t('dash.slaTrend')}
                    option={slaOption}
                    onClick={(p) => {
                      const d = k.daily[p.dataIndex];
                      if (d) open({ metric: 'breached', day: d.day }, `${t('dash.breached')} ${d.day}`, number(d.slaTotal - d.slaOnTime));
                    }}
                  />
                )}
              </Card>
            </Col>
          </Row>
          {process ? (
            <ProcessMap process={process} store={store} from={query.from} to={query.to} />
          ) : (
            <Typography.Paragraph type="secondary">{t('map.pickProcess')}</Typography.Paragraph>
          )}
          <Card size="small" title={t('dash.perStep')} style={{ marginBottom: 12 }}>
            {stepOption && steps.length > 0 ? (
              <EChart
                locale={chartLocale}
                label={t('dash.perStep')}
                height={Math.max(220, steps.length * 30 + 60)}
                option={stepOption}
                onClick={(p) => {
                  const s = steps[p.dataIndex];
                  if (s) open({ metric: 'step', processKey: s.processKey, node: s.node }, pickText(s.name, locale, s.node).text, duration(s.handlingAvgMs + s.waitingAvgMs));
                }}
              />
            ) : (
              <Empty description={t('dash.noData')} />
            )}
          </Card>
          <Card size="small" title={t('dash.scorecards')}>
            <Table<StaffRow>
              rowKey="staffId"
              size="small"
              pagination={false}
              scroll={{ x: 640 }}
              dataSource={k.staff as StaffRow[]}
              locale={{ emptyText: t('dash.noData') }}
              onRow={(r) => ({ onClick: () => open({ metric: 'staff', staffId: r.staffId }, r.name, number(r.tasksDone)), className: 'sf-clickable' })}
              columns={[
                {
                  key: 'n',
                  title: t('dash.staff'),
                  render: (_, r) => (
                    <button type="button" className="sf-link-button" onClick={(e) => (e.stopPropagation(), open({ metric: 'staff', staffId: r.staffId }, r.name, number(r.tasksDone)))}>
                      <span translate="no">{r.name}</span>
                    </button>
                  ),
                },
                { key: 'd', title: t('dash.tasksDone'), align: 'right', sorter: (a, b) => a.tasksDone - b.tasksDone, render: (_, r) => number(r.tasksDone) },
                { key: 'o', title: t('dash.onTime'), align: 'right', sorter: (a, b) => a.slaOnTime / Math.max(1, a.slaTotal) - b.slaOnTime / Math.max(1, b.slaTotal), render: (_, r) => (r.slaTotal > 0 ? percent(r.slaOnTime / r.slaTotal) : '—') },
                { key: 'h', title: t('dash.avgHandle'), align: 'right', render: (_, r) => duration(r.handlingAvgMs) },
                { key: 'c', title: t('dash.checklistPass'), align: 'right', render: (_, r) => (r.checklistTotal > 0 ? percent(r.checklistPassed / r.checklistTotal) : '—') },
              ]}
            />
          </Card>
        </>
      )}
      <DrillDrawer query={query} drill={drill?.d ?? null} title={drill?.title ?? ''} onClose={() => setDrill(null)} />
    </>
  );
}
