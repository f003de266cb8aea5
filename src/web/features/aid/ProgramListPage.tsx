import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, InputNumber, Progress, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PROGRAM_STATUSES, PROGRAM_STATUS_LABELS, PROGRAM_TYPES, PROGRAM_TYPE_LABELS, type ProgramStatus, type ProgramType } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { useCursorList } from '../../ui/useCursorList';
import { enumOptions } from '../registry/labels';
import { aidKeys, listPrograms, type ProgramDto, type ProgramFilters } from './api';
import { Money, ProgramStatusTag, programTypeText } from './labels';
import { sharePct } from './money';

function oneOf<T extends string>(v: string | null, values: readonly T[]): T | undefined {
  return v && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** Budget used (committed) against the whole, with what is left. */
export function BudgetBar({ p }: { p: Pick<ProgramDto, 'budgetFen' | 'committedFen' | 'paidFen' | 'availableFen'> }) {
  return (
    <div style={{ minWidth: 140 }}>
      <Progress percent={sharePct(p.committedFen, p.budgetFen)} success={{ percent: sharePct(p.paidFen, p.budgetFen) }} size="small" showInfo={false} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <Money fen={p.committedFen} type="secondary" /> / <Money fen={p.budgetFen} type="secondary" />
      </Typography.Text>
    </div>
  );
}

export default function ProgramListPage() {
  const t = useT();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = useMemo<ProgramFilters>(
    () => ({
      year: /^\d{4}$/.test(params.get('year') ?? '') ? Number(params.get('year')) : undefined,
      type: oneOf(params.get('type'), PROGRAM_TYPES),
      status: oneOf(params.get('status'), PROGRAM_STATUSES),
    }),
    [params],
  );
  const setFilter = (k: keyof ProgramFilters, v: string | number | undefined | null) => {
    const next = new URLSearchParams(params);
    if (v === undefined || v === null || v === '') next.delete(k);
    else next.set(k, String(v));
    setParams(next, { replace: true });
  };
  const q = useCursorList(aidKeys.programs(filters), (c) => listPrograms(filters, c));

  const columns: TableColumnsType<ProgramDto> = [
    { title: t('aid.prog.code'), dataIndex: 'code', width: 150, render: (v: string) => <Mono>{v}</Mono> },
    {
      title: t('aid.prog.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Link to={`/aid/programs/${r.id}`} data-testid={`program-link-${r.code}`}>
          {v}
        </Link>
      ),
    },
    { title: t('aid.programs.type'), dataIndex: 'type', width: 110, render: (v: ProgramType, r) => programTypeText(t, v, r.customType) },
    { title: t('aid.prog.fundingOrg'), dataIndex: 'fundingOrgName', ellipsis: true },
    { title: t('aid.programs.year'), dataIndex: 'year', width: 70 },
    { title: t('aid.prog.used'), key: 'budget', width: 220, render: (_, r) => <BudgetBar p={r} /> },
    { title: t('aid.prog.available'), dataIndex: 'availableFen', width: 130, align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.prog.window'), key: 'window', width: 200, render: (_, r) => `${r.windowStart} ~ ${r.windowEnd}` },
    { title: t('aid.status'), dataIndex: 'status', width: 90, render: (v: ProgramStatus) => <ProgramStatusTag value={v} /> },
  ];

  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Card
      title={t('aid.programs.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} />
          {can(Permission.AidApply) && (
            <Button onClick={() => navigate('/aid/apply')} data-testid="aid-apply-open">
              {t('aid.apply.title')}
            </Button>
          )}
          {can(Permission.AidReview) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/aid/programs/new')} data-testid="program-new">
              {t('aid.programs.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('aid.programs.hint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }} data-testid="program-filters">
        <InputNumber placeholder={t('aid.programs.year')} value={filters.year ?? null} min={2000} max={2100} onChange={(v) => setFilter('year', v)} style={{ width: 110 }} data-testid="program-filter-year" />
        <Select allowClear placeholder={t('aid.programs.type')} value={filters.type} onChange={(v) => setFilter('type', v)} options={enumOptions(t, PROGRAM_TYPES, PROGRAM_TYPE_LABELS)} style={{ width: 140 }} data-testid="program-filter-type" />
        <Select allowClear placeholder={t('aid.status')} value={filters.status} onChange={(v) => setFilter('status', v)} options={enumOptions(t, PROGRAM_STATUSES, PROGRAM_STATUS_LABELS)} style={{ width: 120 }} data-testid="program-filter-status" />
      </Space>
      <Table<ProgramDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={q.rows}
        loading={q.isLoading}
        pagination={false}
        scroll={{ x: 1300 }}
        data-testid="program-table"
        onRow={(r) => ({ 'data-testid': `program-row-${r.code}` }) as object}
      />
      {q.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
