import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Input, Row, Segmented, Space, Switch, Table, Typography, type TableColumnsType } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, useState } from 'react';
import { useT, type MsgKey } from '../../app/i18n';
import { EChart } from '../../ui/EChart';
import { showError } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { CATEGORY_LABELS } from '../../../contracts/registry';
import { enumLabel } from '../registry/labels';
import { currentYear, todayShanghai } from '../registry/numbers';
import { aidKeys, exportReport, getBudgetReport, getFundFlow, getPaidReport, getRecoveryReport, type BudgetReportDto, type RecoveriesReportDto, type PaidReportDto, type ReportGroup, type ReportKind } from './api';
import { Money } from './labels';
import { shapeFundFlow } from './money';

const GROUPS: ReportGroup[] = ['program', 'org', 'category', 'month'];
/** Chart axes only: fen → yuan as a number (the labels and tables show exact formatFen text). */
const axisYuan = (fen: number) => fen / 100;
const tooltipFen = (p: unknown) => {
  const list = (Array.isArray(p) ? p : [p]) as Array<{ name: string; seriesName: string; data: { fen?: number } | number; marker: string }>;
  if (!list.length) return '';
  return [list[0].name, ...list.map((x) => `${x.marker}${x.seriesName} ${formatFen(typeof x.data === 'object' && x.data ? (x.data.fen ?? 0) : 0)}`)].join('<br/>');
};

function ExportButton({ kind, from, to, groupBy }: { kind: ReportKind; from: string; to: string; groupBy?: ReportGroup }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={() => {
        setBusy(true);
        exportReport(kind, from, to, groupBy)
          .catch(showError)
          .finally(() => setBusy(false));
      }}
      data-testid={`report-export-${kind}`}
    >
      {t('aid.reports.export')}
    </Button>
  );
}

function PaidSection({ from, to }: { from: string; to: string }) {
  const t = useT();
  const [groupBy, setGroupBy] = useState<ReportGroup>('program');
  const q = useQuery({ queryKey: aidKeys.paidReport(from, to, groupBy), queryFn: () => getPaidReport(from, to, groupBy) });
  const r = q.data;
  type Row = PaidReportDto['rows'][number];
  // the server labels a category in both languages ("低保户 / Dibao household"): show the reader's
  const rowLabel = (x: Row) => (groupBy === 'category' ? (x.key === 'none' ? t('aid.reports.noCategory') : enumLabel(t, CATEGORY_LABELS, x.key)) : x.label);
  const option = useMemo<EChartsOption | null>(() => {
    if (!r?.rows.length) return null;
    const horizontal = groupBy !== 'month' && r.rows.length > 6;
    const cat = { type: 'category' as const, data: r.rows.map(rowLabel), axisLabel: { interval: 0, fontSize: 11 } };
    const val = { type: 'value' as const, name: t('aid.reports.amountYuan') };
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltipFen },
      grid: horizontal ? { left: 140, right: 40, top: 30, bottom: 20 } : { left: 60, right: 16, top: 40, bottom: 50 },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? { ...cat, inverse: true } : val,
      series: [{ name: t('aid.prog.paid'), type: 'bar', barMaxWidth: 40, itemStyle: { color: '#c4161c' }, data: r.rows.map((x) => ({ value: axisYuan(x.paidFen), fen: x.paidFen })) }],
    };
  }, [r, groupBy, t]);
  const columns: TableColumnsType<Row> = [
    { title: t(`aid.reports.group.${groupBy}` as MsgKey), dataIndex: 'label', render: (_: string, x) => rowLabel(x) },
    { title: t('aid.count'), dataIndex: 'count', width: 100, align: 'right' },
    { title: t('aid.prog.paid'), dataIndex: 'paidFen', width: 160, align: 'right', render: (v: number) => <Money fen={v} /> },
  ];
  return (
    <Card
      title={t('aid.reports.paid')}
      extra={
        <Space wrap>
          <Segmented<ReportGroup> value={groupBy} onChange={setGroupBy} options={GROUPS.map((g) => ({ value: g, label: t(`aid.reports.group.${g}` as MsgKey) }))} data-testid="report-group-by" />
          <ExportButton kind="paid" from={from} to={to} groupBy={groupBy} />
        </Space>
      }
      loading={q.isPending}
    >
      {q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : r && r.rows.length ? (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <EChart option={option!} height={Math.max(280, r.rows.length > 6 && groupBy !== 'month' ? 40 + r.rows.length * 26 : 280)} testId="report-paid-chart" />
          </Col>
          <Col xs={24} lg={10}>
            <Typography.Paragraph strong data-testid="report-paid-total">
              {t('aid.reports.paidTotal', { count: r.totalCount, amount: formatFen(r.totalFen) })}
            </Typography.Paragraph>
            <Table<Row> rowKey="key" size="small" columns={columns} dataSource={r.rows} pagination={{ pageSize: 12, hideOnSinglePage: true }} data-testid="report-paid-table" />
          </Col>
        </Row>
      ) : (
        <Empty description={t('aid.reports.empty')} />
      )}
    </Card>
  );
}

function BudgetSection({ from, to }: { from: string; to: string }) {
  const t = useT();
  const q = useQuery({ queryKey: aidKeys.budgetReport(), queryFn: getBudgetReport });
  type Row = BudgetReportDto['rows'][number];
  const rows = q.data?.rows ?? [];
  const option = useMemo<EChartsOption | null>(() => {
    if (!rows.length) return null;
    const s = (name: string, color: string, fen: (r: Row) => number) => ({ name, type: 'bar' as const, stack: 'b', barMaxWidth: 28, itemStyle: { color }, data: rows.map((r) => ({ value: axisYuan(fen(r)), fen: fen(r) })) });
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltipFen },
      legend: { top: 0 },
      grid: { left: 150, right: 30, top: 36, bottom: 20 },
      xAxis: { type: 'value', name: t('aid.reports.amountYuan') },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => `${r.year} ${r.name}`), axisLabel: { fontSize: 11, width: 140, overflow: 'truncate' } },
      series: [
        s(t('aid.prog.paid'), '#389e0d', (r) => r.paidFen),
        s(t('aid.prog.committed'), '#d48806', (r) => Math.max(0, r.committedFen - r.paidFen)),
        s(t('aid.prog.available'), '#8fb3e0', (r) => Math.max(0, r.availableFen)),
      ],
    };
  }, [rows, t]);
  const columns: TableColumnsType<Row> = [
    { title: t('aid.prog.name'), key: 'n', render: (_, r) => `${r.year} ${r.name}` },
    { title: t('aid.prog.budget'), dataIndex: 'budgetFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.prog.committed'), dataIndex: 'committedFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.prog.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.prog.available'), dataIndex: 'availableFen', align: 'right', render: (v: number) => <Money fen={v} /> },
  ];
  return (
    <Card title={t('aid.reports.budget')} extra={<ExportButton kind="budget" from={from} to={to} />} loading={q.isPending}>
      {q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : option ? (
        <>
          <EChart option={option} height={Math.max(220, 60 + rows.length * 34)} testId="report-budget-chart" />
          <Table<Row> rowKey="programId" size="small" columns={columns} dataSource={rows} pagination={{ pageSize: 10, hideOnSinglePage: true }} data-testid="report-budget-table" />
        </>
      ) : (
        <Empty description={t('aid.reports.empty')} />
      )}
    </Card>
  );
}

function RecoverySection({ from, to }: { from: string; to: string }) {
  const t = useT();
  const q = useQuery({ queryKey: aidKeys.recoveryReport(), queryFn: getRecoveryReport });
  const r = q.data;
  type Row = RecoveriesReportDto['rows'][number];
  const option = useMemo<EChartsOption | null>(() => {
    if (!r?.rows.length) return null;
    const s = (name: string, color: string, fen: (x: Row) => number) => ({ name, type: 'bar' as const, stack: 'r', barMaxWidth: 26, itemStyle: { color }, data: r.rows.map((x) => ({ value: axisYuan(fen(x)), fen: fen(x) })) });
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: tooltipFen },
      legend: { top: 0 },
      grid: { left: 140, right: 30, top: 36, bottom: 20 },
      xAxis: { type: 'value', name: t('aid.reports.amountYuan') },
      yAxis: { type: 'category', inverse: true, data: r.rows.map((x) => x.name), axisLabel: { fontSize: 11, width: 130, overflow: 'truncate' } },
      series: [s(t('aid.rec.received'), '#389e0d', (x) => x.receivedFen), s(t('aid.rec.writtenOff'), '#8c8c8c', (x) => x.writtenOffFen), s(t('aid.rec.outstanding'), '#cf1322', (x) => x.outstandingFen)],
    };
  }, [r, t]);
  return (
    <Card title={t('aid.reports.recoveries')} extra={<ExportButton kind="recoveries" from={from} to={to} />} loading={q.isPending}>
      {q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Typography.Paragraph data-testid="report-recovery-total">
            {t('aid.rec.due')} <Money fen={r?.totals.amountDueFen ?? 0} /> · {t('aid.rec.received')} <Money fen={r?.totals.receivedFen ?? 0} type="success" /> · {t('aid.rec.writtenOff')}{' '}
            <Money fen={r?.totals.writtenOffFen ?? 0} /> · {t('aid.rec.outstanding')} <Money fen={r?.totals.outstandingFen ?? 0} strong type="danger" /> · {t('aid.recoveries.openCount')} {r?.totals.openCount ?? 0}
          </Typography.Paragraph>
          {option ? <EChart option={option} height={Math.max(200, 60 + (r?.rows.length ?? 0) * 32)} testId="report-recovery-chart" /> : <Empty description={t('aid.reports.empty')} />}
        </>
      )}
    </Card>
  );
}

function FundFlowSection({ from, to }: { from: string; to: string }) {
  const t = useT();
  const [households, setHouseholds] = useState(false);
  const q = useQuery({ queryKey: aidKeys.fundFlow(from, to), queryFn: () => getFundFlow(from, to) });
  const data = useMemo(() => (q.data ? shapeFundFlow(q.data, { households, maxHouseholds: 30, othersLabel: t('aid.reports.others') }) : null), [q.data, households, t]);
  const option = useMemo<EChartsOption | null>(() => {
    if (!data?.links.length) return null;
    const label = new Map(data.nodes.map((n) => [n.name, n.label]));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: unknown) => {
          const x = p as { dataType: string; name: string; data: { source?: string; target?: string; value: number; count?: number } };
          if (x.dataType === 'edge') return `${label.get(x.data.source!) ?? ''} → ${label.get(x.data.target!) ?? ''}<br/>${formatFen(x.data.value)} · ${x.data.count ?? 0}`;
          return `${label.get(x.name) ?? x.name}<br/>${formatFen(x.data.value ?? 0)}`;
        },
      },
      series: [
        {
          type: 'sankey',
          left: 10,
          right: 140,
          top: 10,
          bottom: 10,
          nodeAlign: 'left',
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.35 },
          label: { fontSize: 11, formatter: (p: { name: string }) => label.get(p.name) ?? p.name },
          data: data.nodes.map((n) => ({ name: n.name, depth: n.depth })),
          links: data.links.map((l) => ({ source: l.source, target: l.target, value: l.value, count: l.count })),
        },
      ],
    } as EChartsOption;
  }, [data]);
  return (
    <Card
      title={t('aid.reports.fundFlow')}
      extra={
        <Space>
          <Switch checked={households} onChange={setHouseholds} size="small" data-testid="report-flow-households" />
          <span>{t('aid.reports.withHouseholds')}</span>
          <ExportButton kind="fund-flow" from={from} to={to} />
        </Space>
      }
      loading={q.isPending}
    >
      {q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : option ? (
        <>
          <Typography.Paragraph data-testid="report-flow-total">
            {t('aid.total')}{t('aid.colon')}<Money fen={q.data?.totalFen ?? 0} strong />
          </Typography.Paragraph>
          <EChart option={option} height={households ? 640 : 420} testId="report-flow-chart" />
        </>
      ) : (
        <Empty description={t('aid.reports.empty')} />
      )}
    </Card>
  );
}

/** 报表: paid (by program, union, category or month), budget used vs left, recoveries, the fund-flow sankey; .xlsx of each. */
export default function ReportsPage() {
  const t = useT();
  const [from, setFrom] = useState(`${currentYear()}-01-01`);
  const [to, setTo] = useState(todayShanghai());
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="aid-reports">
      <Card title={t('aid.reports.title')} size="small">
        <Space wrap>
          {t('aid.period')}
          <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 160 }} data-testid="report-from" />
          ~
          <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 160 }} data-testid="report-to" />
          {!valid && <Typography.Text type="danger">{t('aid.prog.windowOrder')}</Typography.Text>}
        </Space>
      </Card>
      {valid && (
        <>
          <PaidSection from={from} to={to} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <BudgetSection from={from} to={to} />
            </Col>
            <Col xs={24} xl={10}>
              <RecoverySection from={from} to={to} />
            </Col>
          </Row>
          <FundFlowSection from={from} to={to} />
        </>
      )}
    </Space>
  );
}
