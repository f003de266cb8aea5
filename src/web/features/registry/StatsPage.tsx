import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Empty, Row, Select, Space, Statistic, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { STATS_STATUS_FILTERS, type RegistryStatsResponse, type StatsBucket, type StatsStatusFilter } from '../../../contracts/registry-stats';
import { STATUS_LABELS, type Category, type HouseholdStatus, type Level } from '../../../contracts/registry';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT, type Bilingual, type MsgKey } from '../../app/i18n';
import { ChartCard, EChart } from '../../ui/EChart';
import { exportXlsx } from '../../ui/excel';
import { toast } from '../../ui/feedback';
import { formatDateTime, formatPercent } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { useBusyAction } from '../../ui/useBusyAction';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { registryKeys } from './api';
import { useActorRegion, useRegionNames } from './inputs';
import { CATEGORY_HEX, enumLabel, LEVEL_HEX, STATUS_HEX } from './labels';

type Dim = 'byCategory' | 'byLevel' | 'byCause' | 'byStatus' | 'byRegion' | 'byOrg';
const DIMS: Array<{ key: Dim; label: MsgKey }> = [
  { key: 'byCategory', label: 'stats.byCategory' },
  { key: 'byLevel', label: 'stats.byLevel' },
  { key: 'byCause', label: 'stats.byCause' },
  { key: 'byStatus', label: 'stats.byStatus' },
  { key: 'byRegion', label: 'stats.byRegion' },
  { key: 'byOrg', label: 'stats.byOrg' },
];


function fetchStats(orgId: string | undefined, regionCode: string | undefined, status: StatsStatusFilter) {
  return api<RegistryStatsResponse>('/api/v1/registry/stats', { query: { orgId, regionCode, status } });
}

function barOption(items: StatsBucket[], label: (b: StatsBucket) => string, color: (b: StatsBucket) => string, opts: { horizontal?: boolean; unit: string } ): EChartsOption {
  const names = items.map(label);
  const data = items.map((b) => ({ value: b.count, itemStyle: { color: color(b) }, percent: b.percent }));
  const cat = { type: 'category' as const, data: names, triggerEvent: true, axisLabel: { interval: 0, fontSize: 11, rotate: !opts.horizontal && items.length > 6 ? 30 : 0 } };
  const val = { type: 'value' as const, minInterval: 1, name: opts.unit };
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: unknown) => {
        const p = (Array.isArray(ps) ? ps[0] : ps) as { name: string; value: number; data: { percent: number } };
        return `${p.name}<br/><b>${p.value}</b> ${opts.unit} · ${formatPercent(p.data.percent)}`;
      },
    },
    grid: opts.horizontal ? { left: 110, right: 60, top: 10, bottom: 20 } : { left: 50, right: 16, top: 30, bottom: items.length > 6 ? 70 : 30 },
    xAxis: opts.horizontal ? val : cat,
    yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
    series: [
      {
        type: 'bar',
        barMaxWidth: 40,
        data,
        label: { show: true, position: opts.horizontal ? 'right' : 'top', fontSize: 11, formatter: (p: { data: { percent: number } }) => formatPercent(p.data.percent) } as object,
      },
    ],
  };
}

export default function StatsPage() {
  const t = useT();
  const { me } = useAuth();
  const home = useActorRegion();
  const names = useRegionNames();
  const [params, setParams] = useSearchParams();
  const regionCode = /^\d{2}(\d{2}){0,2}$/.test(params.get('region') ?? '') ? params.get('region')! : undefined;
  const orgId = params.get('orgId') || undefined;
  const statusParam = params.get('status') as StatsStatusFilter | null;
  const status: StatsStatusFilter = statusParam && (STATS_STATUS_FILTERS as readonly string[]).includes(statusParam) ? statusParam : 'open';
  const [exporting, runExport] = useBusyAction();

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const q = useQuery({
    queryKey: [...registryKeys.stats(orgId, regionCode), status],
    queryFn: () => fetchStats(orgId, regionCode, status),
    placeholderData: (prev) => prev,
  });
  const s = q.data;
  const label = (b: StatsBucket) => t.label(b);
  const regionOf = (code: string) => names.get(code) ?? code;

  // the drill-down path: from the actor's division to the region shown
  const crumbs = useMemo(() => {
    const out: string[] = [];
    const target = regionCode ?? home;
    for (let n = home.length; n <= target.length; n += 2) out.push(target.slice(0, n));
    return out;
  }, [regionCode, home]);

  const canDrill = (code: string) => /^\d{4}$|^\d{6}$/.test(code) && (regionCode ?? home).length < 6;
  const drillTo = (code: string) => {
    if (canDrill(code)) set({ region: code === home ? undefined : code });
  };

  const options = useMemo(() => {
    if (!s) return null;
    const unit = t('unit.households');
    return {
      category: {
        tooltip: {
          trigger: 'item',
          formatter: (x: unknown) => {
            const p = x as { name: string; value: number; data: { pct: number } };
            return `${p.name}<br/><b>${p.value}</b> ${unit} · ${formatPercent(p.data.pct)}`;
          },
        },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['34%', '58%'],
            center: ['50%', '44%'],
            labelLine: { length: 8, length2: 6 },
            label: {
              width: 76,
              overflow: 'break',
              formatter: (x: unknown) => {
                const p = x as { name: string; data: { pct: number } };
                return `${p.name}\n${formatPercent(p.data.pct)}`;
              },
            },
            data: s.byCategory.map((b) => ({ name: label(b), value: b.count, pct: b.percent, itemStyle: { color: CATEGORY_HEX[b.key as Category] ?? '#8c8c8c' } })),
          },
        ],
      } as unknown as EChartsOption,
      level: barOption(s.byLevel, label, (b) => LEVEL_HEX[b.key as Level] ?? '#8c8c8c', { unit }),
      cause: barOption(s.byCause, label, () => '#d4380d', { horizontal: true, unit }),
      status: barOption(s.byStatus, (b) => (STATUS_LABELS[b.key as HouseholdStatus] ? enumLabel(t, STATUS_LABELS, b.key) : label(b)), (b) => STATUS_HEX[b.key as HouseholdStatus] ?? '#8c8c8c', { unit }),
      region: s.byRegion.length ? barOption(s.byRegion, label, () => '#1f5aa6', { unit }) : s.byOrg.length ? barOption(s.byOrg, label, () => '#531dab', { horizontal: true, unit }) : null,
    };
  }, [s, t]);

  const rows = useMemo(() => {
    if (!s) return [];
    const out: Array<StatsBucket & { dim: Dim; first: boolean; span: number }> = [];
    for (const d of DIMS) {
      const items = s[d.key];
      items.forEach((b, i) => out.push({ ...b, dim: d.key, first: i === 0, span: items.length }));
    }
    return out;
  }, [s]);

  const doExport = async () => {
    if (!s) return;
    await runExport(async () => {
      const scope = [s.filter.orgName, s.filter.regionName ?? (regionCode ? regionOf(regionCode) : null), t.maybe(`stats.status.${s.filter.status}`, s.filter.status)].filter(Boolean).join(' · ');
      await exportXlsx({
        fileName: t('stats.title'),
        sheetName: t('stats.title'),
        title: `${t('stats.title')} · ${scope} · ${t('stats.households')} ${s.households} · ${formatDateTime(new Date())}`,
        rows,
        columns: [
          { header: t('stats.dimension'), value: (r) => t(DIMS.find((d) => d.key === r.dim)!.label) },
          { header: t('stats.group'), value: (r) => label(r) },
          { header: t('stats.code'), value: (r) => r.key },
          { header: t('stats.count'), value: (r) => r.count },
          { header: t('stats.percent'), value: (r) => Number(r.percent.toFixed(2)) },
        ],
      });
      toast()?.success(t('common.exported', { count: rows.length }));
    });
  };

  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: t('stats.dimension'), dataIndex: 'dim', width: 150, onCell: (r) => ({ rowSpan: r.first ? r.span : 0 }), render: (v: Dim) => <strong>{t(DIMS.find((d) => d.key === v)!.label)}</strong> },
    {
      title: t('stats.group'),
      key: 'group',
      render: (_, r) =>
        r.dim === 'byRegion' && canDrill(r.key) ? (
          <Typography.Link onClick={() => drillTo(r.key)}>{label(r)}</Typography.Link>
        ) : r.dim === 'byStatus' ? (
          enumLabel(t, STATUS_LABELS, r.key)
        ) : (
          label(r)
        ),
    },
    { title: t('stats.count'), dataIndex: 'count', width: 140, align: 'right', render: (v: number) => v.toLocaleString('en-US') },
    { title: t('stats.percent'), dataIndex: 'percent', width: 140, align: 'right', render: (v: number) => formatPercent(v) },
  ];

  const chartCard = (title: MsgKey, option: EChartsOption | null | undefined, testId: string, height = 280, extra?: ReactNode) => (
    <ChartCard title={t(title)} extra={extra} loading={!s} option={s && s.households > 0 ? option : undefined} height={height} empty={t('stats.empty')} testId={testId} />
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="registry-stats">
      <Card
        title={t('stats.title')}
        extra={
          <Space wrap>
            <OrgTreeSelect value={orgId} onChange={(id) => set({ orgId: id })} allowClear withinPath={me.scope.orgPath} placeholder={t('stats.allOrgs')} style={{ width: 220 }} data-testid="stats-org" />
            <Select<StatsStatusFilter>
              value={status}
              onChange={(v) => set({ status: v === 'open' ? undefined : v })}
              options={STATS_STATUS_FILTERS.map((f) => ({ value: f, label: t.maybe(`stats.status.${f}`, enumLabel(t, STATUS_LABELS as Record<string, Bilingual>, f)) }))}
              style={{ width: 180 }}
              data-testid="stats-status"
            />
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching} aria-label={t('common.refresh')} />
            </Tooltip>
            <Button icon={<DownloadOutlined />} onClick={() => void doExport()} loading={exporting} disabled={!s} data-testid="stats-export">
              {t('common.export')}
            </Button>
          </Space>
        }
      >
        <Breadcrumb
          data-testid="stats-breadcrumb"
          items={crumbs.map((c, i) => ({
            key: c,
            title: i === crumbs.length - 1 ? <strong>{regionOf(c)}</strong> : <Typography.Link onClick={() => set({ region: c === home ? undefined : c })}>{regionOf(c)}</Typography.Link>,
          }))}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('stats.drillHint')}
        </Typography.Text>
        {q.isError && !s ? (
          <LoadError error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={12} md={6} xl={4}>
              <Statistic title={t('stats.households')} value={s?.households ?? 0} suffix={t('unit.households')} loading={!s} />
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Statistic title={t('stats.members')} value={s?.members ?? 0} suffix={t('unit.people')} loading={!s} />
            </Col>
            <Col xs={12} md={6} xl={5}>
              <div data-testid="stats-students">
                <Statistic title={t('stats.studentHouseholds')} value={s?.students.households ?? 0} suffix={<span style={{ fontSize: 13 }}>{t('unit.households')} · {formatPercent(s?.students.percent ?? 0)}</span>} loading={!s} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('stats.studentsN', { count: s?.students.students ?? 0 })}
                </Typography.Text>
              </div>
            </Col>
            <Col xs={12} md={6} xl={5}>
              <div data-testid="stats-illness">
                <Statistic
                  title={t('stats.seriousIllness')}
                  value={s?.seriousIllness.count ?? 0}
                  suffix={<span style={{ fontSize: 13 }}>{t('unit.households')} · {formatPercent(s?.seriousIllness.percent ?? 0)}</span>}
                  styles={{ content: { color: '#cf1322' } }}
                  loading={!s}
                />
              </div>
            </Col>
            <Col xs={12} md={6} xl={6}>
              <Statistic
                title={t('stats.extremeHardship')}
                value={s?.extremeHardship.count ?? 0}
                suffix={<span style={{ fontSize: 13 }}>{t('unit.households')} · {formatPercent(s?.extremeHardship.percent ?? 0)}</span>}
                loading={!s}
              />
            </Col>
          </Row>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          {chartCard('stats.byCategory', options?.category, 'stats-chart-category', 300)}
        </Col>
        <Col xs={24} lg={8}>
          {chartCard('stats.byLevel', options?.level, 'stats-chart-level', 300)}
        </Col>
        <Col xs={24} lg={8}>
          {chartCard('stats.byStatus', options?.status, 'stats-chart-status', 300)}
        </Col>
        <Col xs={24} lg={10}>
          {chartCard('stats.byCause', options?.cause, 'stats-chart-cause', 340)}
        </Col>
        <Col xs={24} lg={14}>
          <RegionChart s={s} option={options?.region ?? null} onPick={(code) => drillTo(code)} canDrill={canDrill} />
        </Col>
      </Row>

      <Card title={t('stats.table')} size="small">
        <Table rowKey={(r) => `${r.dim}:${r.key}`} size="small" columns={columns} dataSource={rows} pagination={false} loading={q.isFetching && !s} bordered data-testid="stats-table" />
      </Card>
    </Space>
  );
}

/** Households by region (children of the division shown; click a bar to open it) or, in a county, by union. */
function RegionChart({ s, option, onPick, canDrill }: { s: RegistryStatsResponse | undefined; option: EChartsOption | null; onPick: (code: string) => void; canDrill: (code: string) => boolean }) {
  const t = useT();
  const byRegion = !!s?.byRegion.length;
  const items = byRegion ? s!.byRegion : (s?.byOrg ?? []);
  const clickable = useMemo<EChartsOption | null>(() => {
    if (!option) return null;
    return { ...option, series: (option.series as object[]).map((x) => ({ ...x, cursor: byRegion ? 'pointer' : 'default' })) } as EChartsOption;
  }, [option, byRegion]);
  return (
    <Card size="small" title={t(byRegion ? 'stats.byRegion' : 'stats.byOrg')} extra={byRegion && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('stats.clickToDrill')}</Typography.Text>} loading={!s}>
      {clickable && s && s.households > 0 ? (
        <EChart
          option={clickable}
          height={340}
          testId="stats-chart-region"
          onClick={(p) => {
            const b = p.dataIndex >= 0 ? items[p.dataIndex] : items.find((x) => t.label(x) === p.name);
            if (byRegion && b && canDrill(b.key)) onPick(b.key);
          }}
        />
      ) : (
        <Empty description={t('stats.empty')} style={{ height: 300 }} />
      )}
    </Card>
  );
}
