import type { EChartsOption, ECharts } from 'echarts';
import { Card, Empty } from 'antd';
import { type ReactNode, useEffect, useRef } from 'react';

/** What a click on a data item tells (series index, index in the series, its name). */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
  name: string;
}

/**
 * An Apache ECharts chart that follows its container's size. echarts is loaded on first use,
 * so pages without charts do not carry it. `onClick` receives clicks on data items (drill-down).
 */
export function EChart({ option, height = 300, testId, onClick }: { option: EChartsOption; height?: number; testId?: string; onClick?: (p: ChartClick) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | null = null;
    void import('echarts').then((ec) => {
      if (disposed || !el.current) return;
      chart.current = ec.init(el.current);
      chart.current.setOption(latest.current);
      chart.current.on('click', (p) => {
        const e = p as { componentType?: string; seriesIndex?: number; dataIndex?: number; name?: string; value?: unknown };
        if (e.componentType === 'series' && typeof e.dataIndex === 'number') click.current?.({ seriesIndex: e.seriesIndex ?? 0, dataIndex: e.dataIndex, name: e.name ?? '' });
        // a category label of an axis with `triggerEvent: true`: its index is not given, only its text
        else if (e.componentType === 'xAxis' || e.componentType === 'yAxis') click.current?.({ seriesIndex: -1, dataIndex: -1, name: String(e.value ?? '') });
      });
      ro = new ResizeObserver(() => chart.current?.resize());
      ro.observe(el.current);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}

/**
 * A small card holding a chart, or — when there is no option (nothing to draw) — an "empty" note as tall as the chart
 * would be; the card shows a skeleton while `loading`.
 */
export function ChartCard(props: { title: ReactNode; extra?: ReactNode; loading: boolean; option: EChartsOption | null | undefined; height?: number; empty: ReactNode; testId: string; onClick?: (p: ChartClick) => void }) {
  const { title, extra, loading, option, height = 300, empty, testId, onClick } = props;
  return (
    <Card size="small" title={title} extra={extra} loading={loading}>
      {option ? <EChart option={option} height={height} testId={testId} onClick={onClick} /> : <Empty description={empty} style={{ height: height - 40 }} />}
    </Card>
  );
}
