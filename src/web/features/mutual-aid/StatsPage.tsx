import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Col, Empty, Row, Segmented, Select, Space, Statistic, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { STATS_GROUPS, type StatsGroup } from '../../../contracts/mutual-aid-stats';
import { useT, type MsgKey } from '../../app/i18n';
import { ChartCard } from '../../ui/EChart';
import { toast } from '../../ui/feedback';
import { formatFen, formatPercent } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { useBusyAction } from '../../ui/useBusyAction';
import { exportMutualAidStats, type StatsFilter, type StatsRowDto, useMutualAidStats } from './stats.api';

/** Chart axes only: fen → yuan as a number; labels, tooltips and the table show exact formatFen text. */
const axisYuan = (fen: number) => fen / 100;
const STATUS_HEX: Record<string, string> = { received: '#8c8c8c', adjudicated: '#1677ff', approved: '#722ed1', paid: '#389e0d', rejected: '#d4380d', reversed: '#faad14' };
const RAISED = '#1f5aa6';
const PAID = '#c4161c';

function fenTooltip(p: unknown): string {
  const list = (Array.isArray(p) ? p : [p]) as Array<{ name: string; seriesName: string; marker: string; data: { fen?: number; count?: number } | number }>;
  if (!list.length) return '';
  const v = (x: (typeof list)[number]) => (typeof x.data === 'object' && x.data ? (x.data.fen !== undefined ? formatFen(x.data.fen) : String(x.data.count ?? '')) : String(x.data));
  return [list[0]!.name, ...list.map((x) => `${x.marker}${x.seriesName} ${v(x)}`)].join('<br/>');
}

/** 互助统计: filters, summary, charts (raised vs paid by region, claims by status, by year), the table, .xlsx. */
export default function StatsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const yearParam = Number(params.get('year'));
  const byParam = params.get('by') as StatsGroup | null;
  const filter: StatsFilter = {
    year: Number.isInteger(yearParam) && yearParam >= 2000 ? yearParam : undefined,
    schemeCode: params.get('scheme') || undefined,
    orgId: params.get('orgId') || undefined,
    groupBy: byParam && (STATS_GROUPS as readonly string[]).includes(byParam) ? byParam : 'org',
  };
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const q = useMutualAidStats(filter);
  const s = q.data;
  const [exporting, runExport] = useBusyAction();
  const home = s?.breadcrumb[0]?.orgId;
  const drill = (r: StatsRowDto) => {
    if (filter.groupBy === 'org' && r.drillable) set({ orgId: r.key });
  };

  const options = useMemo(() => {
    if (!s) return null;
    const names = s.rows.map((r) => t.label(r));
    const raisedPaid: EChartsOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: fenTooltip },
      legend: { top: 0 },
      grid: { left: 70, right: 16, top: 36, bottom: s.rows.length > 5 ? 70 : 30 },
      xAxis: { type: 'category', data: names, triggerEvent: true, axisLabel: { interval: 0, fontSize: 11, rotate: s.rows.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', name: t('mas.chart.yuan') },
      series: [
        { name: t('mas.raised'), type: 'bar', barMaxWidth: 32, itemStyle: { color: RAISED }, cursor: filter.groupBy === 'org' ? 'pointer' : 'default', data: s.rows.map((r) => ({ value: axisYuan(r.raisedFen), fen: r.raisedFen })) },
        { name: t('mas.paid'), type: 'bar', barMaxWidth: 32, itemStyle: { color: PAID }, cursor: filter.groupBy === 'org' ? 'pointer' : 'default', data: s.rows.map((r) => ({ value: axisYuan(r.paidFen), fen: r.paidFen })) },
      ],
    };
    const status: EChartsOption = {
      tooltip: { trigger: 'item', formatter: (x: unknown) => {
        const p = x as { name: string; value: number; data: { pct: number } };
        return `${p.name}<br/><b>${p.value}</b> · ${formatPercent(p.data.pct)}`;
      } },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['34%', '58%'],
          center: ['50%', '44%'],
          label: { formatter: (x: unknown) => {
            const p = x as { name: string; data: { pct: number } };
            return `${p.name}\n${formatPercent(p.data.pct)}`;
          } },
          data: s.claimsByStatus.filter((c) => c.count > 0).map((c) => ({ name: t(`mas.status.${c.status}` as MsgKey), value: c.count, pct: c.percent, itemStyle: { color: STATUS_HEX[c.status] } })),
        },
      ],
    } as unknown as EChartsOption;
    const years: EChartsOption = {
      tooltip: { trigger: 'axis', formatter: fenTooltip },
      legend: { top: 0 },
      grid: { left: 70, right: 50, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: s.byYear.map((y) => String(y.year)) },
      yAxis: [
        { type: 'value', name: t('mas.chart.yuan') },
        { type: 'value', name: t('mas.claims'), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        { name: t('mas.raised'), type: 'line', itemStyle: { color: RAISED }, data: s.byYear.map((y) => ({ value: axisYuan(y.raisedFen), fen: y.raisedFen })) },
        { name: t('mas.paid'), type: 'line', itemStyle: { color: PAID }, data: s.byYear.map((y) => ({ value: axisYuan(y.paidFen), fen: y.paidFen })) },
        { name: t('mas.claims'), type: 'bar', yAxisIndex: 1, barMaxWidth: 24, itemStyle: { color: '#d9d9d9' }, data: s.byYear.map((y) => ({ value: y.claimsTotal, count: y.claimsTotal })) },
      ],
    };
    return { raisedPaid, status, years };
  }, [s, t, filter.groupBy]);

  const doExport = () =>
    runExport(async () => {
      await exportMutualAidStats(filter);
      toast()?.success(t('mas.exported'));
    });

  const money = (fen: number) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatFen(fen)}</span>;
  const columns: TableColumnsType<StatsRowDto> = [
    {
      title: t(`mas.group.${filter.groupBy}` as MsgKey),
      key: 'name',
      fixed: 'left',
      render: (_x, r) => (filter.groupBy === 'org' && r.drillable ? <Typography.Link onClick={() => drill(r)}>{t.label(r)}</Typography.Link> : t.label(r)),
    },
    { title: t('mas.units'), dataIndex: 'units', align: 'right' },
    { title: t('mas.members'), dataIndex: 'members', align: 'right' },
    { title: t('mas.covered'), key: 'covered', align: 'right', render: (_x, r) => `${r.membersCovered} · ${formatPercent(r.coveredPercent)}` },
    { title: t('mas.raised'), dataIndex: 'raisedFen', align: 'right', render: money },
    { title: t('mas.raisedShare'), dataIndex: 'raisedPercent', align: 'right', render: formatPercent },
    { title: t('mas.arrears'), dataIndex: 'arrearsFen', align: 'right', render: money },
    { title: t('mas.collected'), dataIndex: 'collectedPercent', align: 'right', render: formatPercent },
    { title: t('mas.claims'), dataIndex: 'claimsTotal', align: 'right' },
    { title: t('mas.paidCount'), dataIndex: 'paidCount', align: 'right' },
    { title: t('mas.paid'), dataIndex: 'paidFen', align: 'right', render: money },
    { title: t('mas.payoutPercent'), dataIndex: 'payoutPercent', align: 'right', render: formatPercent },
  ];

  const hasData = !!s && (s.totals.members > 0 || s.totals.raisedFen > 0 || s.totals.claimsTotal > 0 || s.totals.billedFen > 0);
  const chart = (title: MsgKey, option: EChartsOption | undefined, testId: string, onClick?: (i: number) => void, extra?: string) => (
    <ChartCard
      title={t(title)}
      loading={!s}
      extra={extra && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{extra}</Typography.Text>}
      option={hasData ? option : undefined}
      height={300}
      empty={t('mas.empty')}
      testId={testId}
      onClick={onClick ? (p) => onClick(p.dataIndex) : undefined}
    />
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="ma-stats">
      <Card
        title={t('mas.title')}
        extra={
          <Space wrap>
            <Select<number | 'all'>
              value={filter.year ?? 'all'}
              onChange={(v) => set({ year: v === 'all' ? undefined : String(v) })}
              options={[{ value: 'all' as const, label: t('mas.allYears') }, ...(s?.years ?? []).map((y) => ({ value: y, label: String(y) }))]}
              style={{ width: 120 }}
              aria-label={t('mas.year')}
              data-testid="ma-stats-year"
            />
            <Select<string>
              value={filter.schemeCode ?? ''}
              onChange={(v) => set({ scheme: v || undefined })}
              options={[{ value: '', label: t('mas.allSchemes') }, ...(s?.schemes ?? []).map((x) => ({ value: x.code, label: `${t.label(x)}（${x.code}）` }))]}
              style={{ width: 220 }}
              aria-label={t('mas.scheme')}
              data-testid="ma-stats-scheme"
            />
            <Segmented<StatsGroup>
              value={filter.groupBy}
              onChange={(v) => set({ by: v === 'org' ? undefined : v })}
              options={[
                { value: 'org', label: t('mas.byOrg') },
                { value: 'scheme', label: t('mas.byScheme') },
              ]}
              data-testid="ma-stats-group"
            />
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching} aria-label={t('common.refresh')} />
            </Tooltip>
            <Button icon={<DownloadOutlined />} onClick={() => void doExport()} loading={exporting} disabled={!s} data-testid="ma-stats-export">
              {t('common.export')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('mas.intro')}</Typography.Paragraph>
        {s && (
          <Breadcrumb
            data-testid="ma-stats-breadcrumb"
            items={s.breadcrumb.map((b, i) => ({
              key: b.orgId,
              title: i === s.breadcrumb.length - 1 ? <strong>{b.name}</strong> : <Typography.Link onClick={() => set({ orgId: b.orgId === home ? undefined : b.orgId })}>{b.name}</Typography.Link>,
            }))}
          />
        )}
        {q.isError && !s ? (
          <LoadError error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Row gutter={[16, 16]} style={{ marginTop: 16 }} data-testid="ma-stats-summary">
            <Col xs={12} md={8} xl={4}>
              <Statistic title={t('mas.units')} value={s?.totals.units ?? 0} loading={!s} />
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Statistic title={t('mas.members')} value={s?.totals.members ?? 0} loading={!s} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('mas.coveredN', { n: s?.totals.membersCovered ?? 0, pct: formatPercent(s?.totals.coveredPercent ?? 0) })}
              </Typography.Text>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Statistic title={t('mas.raised')} value={formatFen(s?.totals.raisedFen ?? 0)} loading={!s} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('mas.arrears')} {formatFen(s?.totals.arrearsFen ?? 0)} · {t('mas.collected')} {formatPercent(s?.totals.collectedPercent ?? 0)}
              </Typography.Text>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Statistic title={t('mas.paid')} value={formatFen(s?.totals.paidFen ?? 0)} styles={{ content: { color: PAID } }} loading={!s} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('mas.paidN', { n: s?.totals.paidCount ?? 0 })} · {t('mas.payoutPercent')} {formatPercent(s?.totals.payoutPercent ?? 0)}
              </Typography.Text>
            </Col>
            <Col xs={12} md={8} xl={5}>
              <Statistic title={t('mas.claims')} value={s?.totals.claimsTotal ?? 0} loading={!s} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('mas.claimsStatus', { paid: s?.totals.claims.paid ?? 0, rejected: s?.totals.claims.rejected ?? 0, reversed: s?.totals.claims.reversed ?? 0 })}
              </Typography.Text>
            </Col>
          </Row>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          {chart(
            'mas.chart.raisedPaid',
            options?.raisedPaid,
            'ma-stats-chart-region',
            (i) => {
              const r = s?.rows[i];
              if (r) drill(r);
            },
            filter.groupBy === 'org' ? t('mas.clickToDrill') : undefined,
          )}
        </Col>
        <Col xs={24} lg={10}>
          {chart('mas.chart.status', options?.status, 'ma-stats-chart-status')}
        </Col>
        <Col xs={24}>{chart('mas.chart.years', options?.years, 'ma-stats-chart-years')}</Col>
      </Row>

      <Card title={t('mas.table')} size="small">
        <Table<StatsRowDto>
          rowKey="key"
          size="small"
          bordered
          scroll={{ x: 1100 }}
          columns={columns}
          dataSource={s?.rows ?? []}
          loading={q.isFetching && !s}
          pagination={false}
          data-testid="ma-stats-table"
          locale={{ emptyText: <Empty description={t('mas.empty')} /> }}
          summary={() =>
            s && s.rows.length > 0 ? (
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                <Table.Summary.Cell index={0}>{t('mas.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{s.totals.units}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{s.totals.members}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{`${s.totals.membersCovered} · ${formatPercent(s.totals.coveredPercent)}`}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{money(s.totals.raisedFen)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">{formatPercent(s.totals.raisedPercent)}</Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">{money(s.totals.arrearsFen)}</Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">{formatPercent(s.totals.collectedPercent)}</Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">{s.totals.claimsTotal}</Table.Summary.Cell>
                <Table.Summary.Cell index={9} align="right">{s.totals.paidCount}</Table.Summary.Cell>
                <Table.Summary.Cell index={10} align="right">{money(s.totals.paidFen)}</Table.Summary.Cell>
                <Table.Summary.Cell index={11} align="right">{formatPercent(s.totals.payoutPercent)}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
    </Space>
  );
}
