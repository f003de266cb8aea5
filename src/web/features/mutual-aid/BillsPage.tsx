import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Col, Input, InputNumber, Row, Select, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PAYER_LABELS } from '../../../contracts/mutual-aid';
import { BILL_STATUSES, BILL_STATUS_LABELS, type BillStatus } from '../../../contracts/mutual-aid-enrolment';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { fileStamp, formatFen } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { LoadError } from '../../ui/results';
import { useBusyAction } from '../../ui/useBusyAction';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { useSchemes } from './api';
import { type BillDto, type BillFilters, enrolmentKeys, exportBills, listBills } from './enrolment.api';
import { BillStatusTag } from './UnitBillCard';

/**
 * 缴费与欠费: the bills of the units in the user's scope — what each owes for a period (total, paid, arrears, and per
 * payer) — filtered by scheme, union, period, status and unit name, with totals over everything the filters select
 * and an .xlsx download. Outstanding bills are shown first by default.
 */
export default function BillsPage() {
  const t = useT();
  const { me } = useAuth();
  const schemes = useSchemes();
  const [params, setParams] = useSearchParams();
  const [exporting, runExport] = useBusyAction();
  const [q, setQ] = useState(params.get('q') ?? '');
  const filters = useMemo<BillFilters>(() => {
    const status = params.get('status') ?? 'open';
    const period = Number(params.get('period'));
    return {
      schemeCode: params.get('schemeCode') || undefined,
      orgId: params.get('orgId') || undefined,
      period: Number.isInteger(period) && period >= 2000 && period <= 2100 ? period : undefined,
      status: (BILL_STATUSES as readonly string[]).includes(status) ? (status as BillStatus) : undefined,
      q: params.get('q') || undefined,
    };
  }, [params]);
  const setFilter = (k: string, v: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === null || v === '') {
      if (k === 'status') next.set('status', 'all');
      else next.delete(k);
    } else next.set(k, String(v));
    setParams(next, { replace: true });
  };
  const list = useInfiniteQuery({
    queryKey: enrolmentKeys.bills(filters),
    queryFn: ({ pageParam }) => listBills(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const totals = list.data?.pages[0]?.totals;

  const columns: TableColumnsType<BillDto> = [
    {
      title: t('ma.bills.unit'),
      dataIndex: 'unitName',
      render: (v: string, r) => (
        <Link to={`/mutual-aid/units/${r.unitId}?tab=bill&period=${r.period}`} data-testid={`bill-unit-${r.id}`}>
          {v}
        </Link>
      ),
    },
    { title: t('ma.bills.org'), dataIndex: 'orgName', ellipsis: true, width: 180 },
    { title: t('ma.bills.scheme'), dataIndex: 'schemeCode', width: 80 },
    { title: t('ma.bill.period'), dataIndex: 'period', width: 80 },
    { title: t('ma.bills.members'), dataIndex: 'memberCount', width: 80, align: 'right' },
    { title: t('ma.bill.total'), dataIndex: 'totalFen', width: 120, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('ma.bill.paid'), dataIndex: 'paidFen', width: 120, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('ma.bill.arrears'), dataIndex: 'arrearsFen', width: 120, align: 'right', render: (v: number) => <Typography.Text type={v > 0 ? 'danger' : undefined}>{formatFen(v)}</Typography.Text> },
    {
      title: t('ma.bills.payerArrears'),
      key: 'byPayer',
      render: (_, r) =>
        r.byPayer
          .filter((s) => s.arrearsFen > 0)
          .map((s) => `${t.label(PAYER_LABELS[s.payer])} ${formatFen(s.arrearsFen)}`)
          .join('；') || '—',
    },
    { title: t('ma.bill.status'), dataIndex: 'status', width: 90, render: (v: BillStatus) => <BillStatusTag value={v} /> },
  ];

  const doExport = () => runExport(() => exportBills(filters, `${t('ma.bills.fileName')}-${fileStamp()}.xlsx`));

  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Card
      title={t('ma.bills.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="bills-export">
            {t('common.export')}
          </Button>
        </Space>
      }
      data-testid="bills-page"
    >
      <Typography.Paragraph type="secondary">{t('ma.bills.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }} data-testid="bill-filters">
        <Select
          allowClear
          placeholder={t('ma.bills.scheme')}
          value={filters.schemeCode}
          onChange={(v) => setFilter('schemeCode', v)}
          options={(schemes.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.code} · ${t.label(s.name)}` }))}
          style={{ width: 240 }}
          data-testid="bill-filter-scheme"
        />
        <OrgTreeSelect allowClear placeholder={t('ma.bills.org')} value={filters.orgId ?? null} onChange={(id) => setFilter('orgId', id)} withinPath={me.scope.orgPath} style={{ width: 240 }} data-testid="bill-filter-org" />
        <InputNumber placeholder={t('ma.bill.period')} min={2000} max={2100} value={filters.period ?? null} onChange={(v) => setFilter('period', v)} style={{ width: 110 }} data-testid="bill-filter-period" />
        <Select
          allowClear
          placeholder={t('ma.bill.status')}
          value={filters.status}
          onChange={(v) => setFilter('status', v)}
          options={BILL_STATUSES.map((s) => ({ value: s, label: t.label(BILL_STATUS_LABELS[s]) }))}
          style={{ width: 120 }}
          data-testid="bill-filter-status"
        />
        <Input.Search allowClear placeholder={t('ma.bills.searchUnit')} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setFilter('q', v.trim())} style={{ width: 220 }} data-testid="bill-filter-q" />
      </Space>
      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="bill-totals">
        <Col xs={12} md={6}>
          <Statistic title={t('ma.bills.count')} value={totals?.bills ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('ma.bill.total')} value={formatFen(totals?.totalFen ?? 0)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('ma.bill.paid')} value={formatFen(totals?.paidFen ?? 0)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('ma.bill.arrears')} value={formatFen(totals?.arrearsFen ?? 0)} styles={{ content: { color: (totals?.arrearsFen ?? 0) > 0 ? '#cf1322' : undefined } }} />
        </Col>
      </Row>
      <Table<BillDto> rowKey="id" size="middle" columns={columns} dataSource={rows} loading={list.isLoading} pagination={false} scroll={{ x: 1300 }} data-testid="bill-table" />
      <LoadMore q={list} />
    </Card>
  );
}
