import { BarChart, GraphChart, LineChart } from 'echarts/charts';
import { AriaComponent, DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GraphChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, AriaComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export interface EChartProps {
  readonly option: ChartOption;
  /** What the chart shows, for screen readers (the chart's own ARIA description is added too). */
  readonly label: string;
  readonly height?: number;
  /** A click on a bar or point: its series and data index (drill-down). */
  readonly onClick?: (p: { seriesIndex: number; dataIndex: number; name: string; dataType?: string }) => void;
  readonly locale: 'ZH' | 'EN';
}

/**
 * A thin React wrapper around ECharts: only the chart kinds the dashboards use are registered
 * (tree-shaken: ~1/3 of the full bundle), drawn as SVG (sharp on any screen, and text stays
 * text). Rejected: echarts-for-react (one more dependency for 40 lines, and it imports all of
 * ECharts).
 */
export function EChart({ option, label, height = 280, onClick, locale }: EChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!host.current) return;
    const c = echarts.init(host.current, undefined, { renderer: 'svg', locale });
    chart.current = c;
    c.on('click', (p) => {
      const e = p as unknown as { seriesIndex: number; dataIndex: number; name: string; dataType?: string };
      click.current?.({ seriesIndex: e.seriesIndex, dataIndex: e.dataIndex, name: e.name, dataType: e.dataType });
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(host.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    // ECharts' generated description reads raw series data ("NaN" for gaps) and ignores the
    // page language; the container's label says what the chart shows instead.
    chart.current?.setOption({ aria: { enabled: false }, ...option }, true);
  }, [option, locale]);

  return <div ref={host} role="img" aria-label={label} style={{ width: '100%', height }} className={onClick ? 'sf-clickable' : undefined} />;
}
