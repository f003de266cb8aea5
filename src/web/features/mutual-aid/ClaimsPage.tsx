import { CalculatorOutlined, DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, InputNumber, Progress, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { CLAIM_STATUSES, CLAIM_STATUS_LABELS } from '../../../contracts/mutual-aid-claims';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { showError } from '../../ui/feedback';
import { fileStamp, formatFen } from '../../ui/format';
import { useCursorList } from '../../ui/useCursorList';
import { useDebounced } from '../../ui/useDebounced';
import { useSchemes } from './api';
import { ClaimReasonTag, ClaimStatusTag } from './ClaimTags';
import { type ClaimDto, type ClaimFilters, adjudicateAll, claimKeys, exportClaims, listClaims, useClaimUnits } from './claims.api';

/** 互助申请: the claims in scope with filters, status tags, the Excel export, batch adjudication and the way to a new claim. */
export default function ClaimsPage() {
  const t = useT();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const schemes = useSchemes();
  const [filters, setFilters] = useState<Omit<ClaimFilters, 'q'>>({});
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 300);
  const [unitQ, setUnitQ] = useState('');
  const units = useClaimUnits(useDebounced(unitQ.trim(), 300));
  const f: ClaimFilters = { ...filters, ...(dq ? { q: dq } : {}) };
  const list = useCursorList(claimKeys.list(f), (cursor) => listClaims(f, cursor));
  const [exporting, setExporting] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const batch = useMutation({
    mutationFn: () => adjudicateAll((done, total) => setProgress({ done, total })),
    onSettled: () => setProgress(null),
    onSuccess: (r) => {
      void message.success(t('mac.list.batchDone', { count: r.adjudicated, paid: r.withPayout, total: formatFen(r.totalPayoutFen, { symbol: false }), skipped: r.skipped }), 8);
      void qc.invalidateQueries({ queryKey: claimKeys.all });
    },
    onError: showError,
  });

  const columns: TableColumnsType<ClaimDto> = [
    {
      title: t('mac.col.claimNo'),
      dataIndex: 'claimNo',
      width: 140,
      render: (v: string, r) => (
        <Link to={`/mutual-aid/claims/${r.id}`} data-testid={`claim-link-${v}`}>
          {v}
        </Link>
      ),
    },
    { title: t('mac.col.member'), dataIndex: 'memberName', width: 110, render: (v: string, r) => <span title={r.memberIdNumber ?? ''}>{v}</span> },
    { title: t('mac.col.unit'), dataIndex: 'unitName', ellipsis: true },
    { title: t('mac.col.plan'), dataIndex: 'planCode', render: (_: string, r) => `${r.schemeCode} · ${t.label(r.planName, r.planCode)}` },
    { title: t('mac.col.eventDate'), dataIndex: 'eventDate', width: 110 },
    { title: t('mac.col.total'), dataIndex: 'totalCostFen', width: 130, align: 'right', render: (v: number | null) => formatFen(v) },
    { title: t('mac.col.payout'), dataIndex: 'payoutFen', width: 130, align: 'right', render: (v: number | null) => <Typography.Text strong={(v ?? 0) > 0}>{formatFen(v)}</Typography.Text> },
    { title: t('mac.col.status'), dataIndex: 'status', width: 100, render: (_: string, r) => <ClaimStatusTag status={r.status} /> },
    { title: t('mac.col.reason'), dataIndex: 'reason', width: 140, render: (_: string, r) => <ClaimReasonTag reason={r.reason} /> },
  ];

  return (
    <Card
      title={t('mac.list.title')}
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void qc.invalidateQueries({ queryKey: claimKeys.all })} />
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            data-testid="claims-export"
            onClick={() => {
              setExporting(true);
              exportClaims(f, `mutual-aid-claims_${fileStamp()}`)
                .catch(showError)
                .finally(() => setExporting(false));
            }}
          >
            {t('common.export')}
          </Button>
          {can(Permission.MutualAidReview) && (
            <Button
              icon={<CalculatorOutlined />}
              loading={batch.isPending}
              data-testid="claims-batch"
              onClick={() => modal.confirm({ title: t('mac.list.batch'), content: t('mac.list.batchConfirm'), onOk: () => batch.mutateAsync().catch(() => undefined) })}
            >
              {t('mac.list.batch')}
            </Button>
          )}
          {can(Permission.MutualAidEnrol) && (
            <Link to="/mutual-aid/claims/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="claims-new">
                {t('mac.list.new')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('mac.list.hint')}</Typography.Paragraph>
      {batch.isPending && (
        <Progress percent={progress && progress.total > 0 ? Math.floor((progress.done * 100) / progress.total) : 0} status="active" format={() => (progress ? `${progress.done} / ${progress.total}` : '…')} style={{ marginBottom: 12 }} data-testid="claims-batch-progress" />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('mac.filter.q')} value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} data-testid="claims-q" />
        <Select
          allowClear
          placeholder={t('mac.filter.status')}
          value={filters.status}
          onChange={(status) => setFilters((x) => ({ ...x, status }))}
          options={CLAIM_STATUSES.map((s) => ({ value: s, label: t.label(CLAIM_STATUS_LABELS[s], s) }))}
          style={{ width: 130 }}
          data-testid="claims-status"
        />
        <Select
          allowClear
          placeholder={t('mac.filter.scheme')}
          value={filters.schemeCode}
          onChange={(schemeCode) => setFilters((x) => ({ ...x, schemeCode, planCode: undefined }))}
          options={(schemes.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.code} ${t.label(s.name)}` }))}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('mac.filter.plan')}
          value={filters.planCode}
          onChange={(planCode) => setFilters((x) => ({ ...x, planCode }))}
          options={(schemes.data?.items.find((s) => s.code === filters.schemeCode)?.plans ?? []).map((p) => ({ value: p.code, label: t.label(p.name, p.code) }))}
          disabled={!filters.schemeCode}
          style={{ width: 200 }}
        />
        <Select
          allowClear
          placeholder={t('mac.col.unit')}
          value={filters.unitId}
          onChange={(unitId) => setFilters((x) => ({ ...x, unitId }))}
          showSearch={{ filterOption: false, onSearch: setUnitQ }}
          options={(units.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.schemeCode}）` }))}
          style={{ width: 220 }}
          data-testid="claims-unit"
        />
        <InputNumber placeholder={t('mac.filter.period')} min={2000} max={2100} value={filters.period ?? null} onChange={(v) => setFilters((x) => ({ ...x, period: v ?? undefined }))} style={{ width: 110 }} />
      </Space>
      <Table<ClaimDto> rowKey="id" size="small" columns={columns} dataSource={list.rows} loading={list.isPending} pagination={false} scroll={{ x: 1100 }} data-testid="claims-table" />
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.rows.length > 0 && <Typography.Text type="secondary">{t('common.loaded', { count: list.rows.length })}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
