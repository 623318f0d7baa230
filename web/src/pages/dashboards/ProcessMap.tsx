import { Card, Drawer, Empty, List, Segmented, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { miningApi, type MapArc } from '../../api/mining.ts';
import { EChart } from '../../charts/EChart.tsx';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { pickText, useI18n } from '../../i18n/index.ts';
import { layoutMap } from './map-layout.ts';

type Mode = 'frequency' | 'time';

// Arcs from slow to fast: the time view colours each arc by its mean time against the slowest.
const SLOW = [183, 28, 28];
const FAST = [143, 179, 232];
function tint(share: number): string {
  const c = FAST.map((f, i) => Math.round(f + (SLOW[i]! - f) * share));
  return `rgb(${c.join(',')})`;
}

/**
 * The process map of one process's cases (the directly-follows graph mined in SQL from the event
 * log): nodes sized by completions, arcs by frequency or coloured by mean time; filter by
 * variant; a click on an arc lists the cases behind it.
 */
export function ProcessMap({ process, store, from, to }: { process: string; store?: string | undefined; from: string; to: string }) {
  const { t, locale, number, duration } = useI18n();
  const [mode, setMode] = useState<Mode>('frequency');
  const [variant, setVariant] = useState<string | undefined>();
  const base = useMemo(() => ({ process, store, from, to }), [process, store, from, to]);
  const variants = useLoad(() => miningApi.variants(base), [base]);
  const map = useLoad(() => miningApi.processMap({ ...base, variant }), [base, variant]);
  const [arc, setArc] = useState<MapArc | null>(null);
  const m = map.data;
  const name = (id: string | null) => (id === null ? '' : pickText(m?.nodes.find((n) => n.id === id)?.name, locale, id).text);

  const inner = useMemo(() => (m ? m.arcs.filter((a) => a.from !== null && a.to !== null) : []), [m]);
  const option = useMemo(() => {
    if (!m || m.nodes.length === 0) return null;
    const places = layoutMap(m.nodes, m.arcs);
    const maxNode = Math.max(1, ...m.nodes.map((n) => n.count));
    const maxArc = Math.max(1, ...inner.map((a) => a.count));
    const maxTime = Math.max(1, ...inner.map((a) => a.meanMs ?? 0));
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: true,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 8,
          label: { show: true, position: 'bottom', fontSize: 12 },
          data: m.nodes.map((n, i) => ({
            name: n.id,
            x: places[i]!.layer * 180,
            y: places[i]!.row * 110,
            symbolSize: 18 + 30 * Math.sqrt(n.count / maxNode),
            itemStyle: { color: '#1554ad' },
            label: { formatter: `${name(n.id)}\n${number(n.count)}` },
            tooltip: { formatter: `${name(n.id)}: ${t('map.completions', { n: number(n.count) })}` },
          })),
          links: inner.map((a) => ({
            source: a.from!,
            target: a.to!,
            lineStyle:
              mode === 'frequency'
                ? { width: 1 + 7 * (a.count / maxArc), color: '#8c8c8c', curveness: a.from === a.to ? 0.6 : 0.15 }
                : { width: 3, color: tint((a.meanMs ?? 0) / maxTime), curveness: a.from === a.to ? 0.6 : 0.15 },
            label: { show: true, formatter: mode === 'frequency' ? number(a.count) : a.meanMs === null ? '' : duration(a.meanMs), fontSize: 11 },
            tooltip: { formatter: `${name(a.from)} → ${name(a.to)}: ${t('map.arcTip', { n: number(a.count), cases: number(a.cases), mean: a.meanMs === null ? '—' : duration(a.meanMs) })}` },
          })),
        },
      ],
    };
  }, [m, inner, mode, locale, t, number, duration]);

  if (map.error && !m) return <PageError error={map.error} onRetry={map.reload} />;
  return (
    <Card size="small" title={t('map.title')} style={{ marginBottom: 12 }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented<Mode>
          aria-label={t('map.mode')}
          value={mode}
          onChange={setMode}
          options={[
            { value: 'frequency', label: t('map.frequency') },
            { value: 'time', label: t('map.time') },
          ]}
        />
        <Select
          aria-label={t('map.variant')}
          style={{ minWidth: 260 }}
          value={variant ?? ''}
          onChange={(v) => setVariant(v || undefined)}
          options={[
            { value: '', label: t('map.allVariants') },
            ...(variants.data?.items ?? []).map((v, i) => ({ value: v.id, label: t('map.variantLabel', { i: i + 1, n: number(v.cases), steps: v.steps.length }) })),
          ]}
        />
        {m && <Typography.Text type="secondary">{t('map.cases', { n: number(m.cases) })}</Typography.Text>}
      </Space>
      {option ? (
        <EChart
          locale={locale === 'zh-CN' ? 'ZH' : 'EN'}
          label={t('map.title')}
          height={Math.max(260, (Math.max(...layoutMap(m!.nodes, m!.arcs).map((p) => p.row)) + 1) * 110 + 60)}
          option={option}
          onClick={(p) => {
            if (p.dataType === 'edge') setArc(inner[p.dataIndex] ?? null);
          }}
        />
      ) : (
        <Empty description={t('dash.noData')} />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('map.hint')}
      </Typography.Paragraph>
      {/* The same arcs as a table: readable without the chart, by keyboard and screen reader. */}
      <Table<MapArc>
        className="sf-map-arcs"
        rowKey={(a) => `${a.from}>${a.to}`}
        size="small"
        pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
        dataSource={[...inner].sort((a, b) => b.count - a.count)}
        locale={{ emptyText: t('dash.noData') }}
        columns={[
          {
            key: 'arc',
            title: t('map.arc'),
            render: (_, a) => (
              <button type="button" className="sf-link-button" onClick={() => setArc(a)}>
                {name(a.from)} → {name(a.to)}
              </button>
            ),
          },
          { key: 'n', title: t('map.frequency'), align: 'right', render: (_, a) => number(a.count) },
          { key: 'c', title: t('map.caseCount'), align: 'right', render: (_, a) => number(a.cases) },
          { key: 'm', title: t('map.meanTime'), align: 'right', render: (_, a) => (a.meanMs === null ? '—' : duration(a.meanMs)) },
        ]}
      />
      <Drawer open={arc !== null} onClose={() => setArc(null)} title={arc ? `${name(arc.from)} → ${name(arc.to)}` : ''} size={480} destroyOnHidden>
        {arc && (
          <>
            <Typography.Paragraph>{t('map.arcTip', { n: number(arc.count), cases: number(arc.cases), mean: arc.meanMs === null ? '—' : duration(arc.meanMs) })}</Typography.Paragraph>
            <List
              size="small"
              dataSource={[...arc.caseIds]}
              renderItem={(id) => (
                <List.Item>
                  <Link to={`/cases/${encodeURIComponent(id)}`}>
                    <span translate="no">{id}</span>
                  </Link>
                </List.Item>
              )}
            />
            {arc.cases > arc.caseIds.length && <Typography.Text type="secondary">{t('map.more', { n: number(arc.cases - arc.caseIds.length) })}</Typography.Text>}
          </>
        )}
      </Drawer>
    </Card>
  );
}
