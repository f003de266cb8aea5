import type { EChartsOption, ECharts } from 'echarts';
import { useEffect, useRef } from 'react';

/**
 * An Apache ECharts chart that follows its container's size. echarts is loaded on first use,
 * so pages without charts do not carry it.
 */
export function EChart({ option, height = 300, testId }: { option: EChartsOption; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | null = null;
    void import('echarts').then((ec) => {
      if (disposed || !el.current) return;
      chart.current = ec.init(el.current);
      chart.current.setOption(latest.current);
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
