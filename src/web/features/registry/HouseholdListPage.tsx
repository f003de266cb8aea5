import { DownloadOutlined, PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Drawer, Input, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CAUSES,
  CAUSE_LABELS,
  FLAGS,
  FLAG_LABELS,
  HOUSEHOLD_STATUSES,
  LEVELS,
  LEVEL_LABELS,
  MEASURE_TYPE_LABELS,
  STATUS_LABELS,
  listedByRelevance,
} from '../../../contracts/registry';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { fileStamp, formatDate, formatDateTime, formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { exportHouseholds, listHouseholds, listOverdue, registryKeys, type HouseholdFilters, type HouseholdListItem, type OverdueMeasure } from './api';
import { RegionSelect } from './inputs';
import { CategoryTag, enumLabel, enumOptions, LevelTag, SmallTag, StatusTag } from './labels';
import { useCursorList } from '../../ui/useCursorList';

const FILTER_KEYS = ['q', 'orgId', 'regionCode', 'status', 'category', 'level', 'cause', 'flag', 'hasStudents', 'seriousIllness', 'sort', 'order'] as const;

function oneOf<T extends string>(v: string | null, values: readonly T[]): T | undefined {
  return v && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

function filtersFrom(p: URLSearchParams): HouseholdFilters {
  const bool = (k: string) => oneOf(p.get(k), ['true', 'false'] as const);
  return {
    q: p.get('q') || undefined,
    orgId: p.get('orgId') || undefined,
    regionCode: /^\d{2,6}$/.test(p.get('regionCode') ?? '') ? p.get('regionCode')! : undefined,
    status: oneOf(p.get('status'), HOUSEHOLD_STATUSES),
    category: oneOf(p.get('category'), CATEGORIES),
    level: oneOf(p.get('level'), LEVELS),
    cause: oneOf(p.get('cause'), CAUSES),
    flag: oneOf(p.get('flag'), FLAGS),
    hasStudents: bool('hasStudents'),
    seriousIllness: bool('seriousIllness'),
    sort: oneOf(p.get('sort'), ['relevance', 'archiveNo', 'updatedAt', 'workerName'] as const),
    order: oneOf(p.get('order'), ['asc', 'desc'] as const),
  };
}

/** Measures past their due date in the actor's scope, one click from the list. */
function OverdueButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const q = useQuery({ queryKey: registryKeys.overdue(), queryFn: listOverdue, meta: { quiet: true }, retry: false });
  const items = q.data?.items ?? [];
  if (q.isError) return null;
  return (
    <>
      <Badge count={items.length} size="small" offset={[-4, 4]}>
        <Button icon={<WarningOutlined />} onClick={() => setOpen(true)} danger={items.length > 0} data-testid="registry-overdue">
          {t('plan.overdueMeasures')}
        </Button>
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('plan.overdueMeasures')} size={720} destroyOnHidden>
        <Table<OverdueMeasure>
          rowKey="id"
          size="small"
          dataSource={items}
          loading={q.isPending}
          pagination={false}
          data-testid="overdue-table"
          columns={[
            {
              title: t('hh.archiveNo'),
              key: 'h',
              render: (_, m) => (
                <Link to={`/registry/households/${m.householdId}?tab=plan`} onClick={() => setOpen(false)}>
                  {m.archiveNo ?? t('hh.noArchiveNo')} · {m.workerName}
                </Link>
              ),
            },
            { title: t('plan.type'), dataIndex: 'type', width: 100, render: (v: string) => enumLabel(t, MEASURE_TYPE_LABELS, v) },
            { title: t('plan.description'), dataIndex: 'description', ellipsis: true },
            { title: t('plan.responsible'), key: 'r', width: 90, render: (_, m) => m.responsible.name },
            { title: t('plan.dueDate'), dataIndex: 'dueDate', width: 110, render: (v: string) => <Typography.Text type="danger">{formatDate(v)}</Typography.Text> },
          ]}
        />
      </Drawer>
    </>
  );
}

export default function HouseholdListPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me, can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const [text, setText] = useState(filters.q ?? '');
  const [exporting, setExporting] = useState(false);

  const setFilter = (patch: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const list = useCursorList(registryKeys.list(filters), (c) => listHouseholds(filters, c));
  const rows = list.rows;
  const active = FILTER_KEYS.filter((k) => k !== 'sort' && k !== 'order' && filters[k] !== undefined).length;

  const doExport = async () => {
    setExporting(true);
    const key = 'registry-export';
    toast()?.loading({ content: t('common.exporting'), key, duration: 0 });
    try {
      const { sort: _s, order: _o, ...f } = filters;
      await exportHouseholds(f, `${t('hh.exportName')}_${fileStamp()}.xlsx`);
      toast()?.success({ content: t('hh.exported'), key });
    } catch (e) {
      toast()?.destroy(key);
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  // a name or pinyin search without a chosen order is listed by relevance: no column shows as sorted then
  const byRelevance = listedByRelevance(filters.q) && (filters.sort === undefined || filters.sort === 'relevance');
  const sortOrder = (col: 'archiveNo' | 'updatedAt' | 'workerName') => {
    if (byRelevance) return null;
    const sort = filters.sort ?? 'updatedAt';
    const order = filters.order ?? 'desc';
    return sort === col ? (order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null;
  };

  const columns: TableColumnsType<HouseholdListItem> = [
    {
      title: t('hh.archiveNo'),
      dataIndex: 'archiveNo',
      key: 'archiveNo',
      width: 168,
      sorter: true,
      sortOrder: sortOrder('archiveNo'),
      render: (v: string | null, h) => (
        <Link to={`/registry/households/${h.id}`} onClick={(e) => e.stopPropagation()} data-testid={`hh-link-${h.id}`}>
          {v ? <Mono>{v}</Mono> : <Typography.Text type="secondary">{t('hh.noArchiveNo')}</Typography.Text>}
        </Link>
      ),
    },
    { title: t('hh.workerName'), dataIndex: 'workerName', key: 'workerName', width: 100, sorter: true, sortOrder: sortOrder('workerName') },
    { title: t('hh.status'), dataIndex: 'status', width: 96, render: (v: HouseholdListItem['status']) => <StatusTag value={v} /> },
    {
      title: t('hh.categoryLevel'),
      key: 'cat',
      width: 168,
      render: (_, h) => (
        <Space size={4} wrap>
          <CategoryTag value={h.category} />
          <LevelTag value={h.level} />
        </Space>
      ),
    },
    {
      title: t('hh.org'),
      dataIndex: 'orgName',
      ellipsis: { showTitle: false },
      render: (v: string, h) => (
        <Tooltip title={`${v} · ${h.regionName ?? h.regionCode}`}>
          <div style={{ lineHeight: 1.5 }}>
            <div style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{v}</div>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{h.regionName ?? h.regionCode}</div>
          </div>
        </Tooltip>
      ),
    },
    { title: t('hh.size'), dataIndex: 'size', width: 60, align: 'right' },
    { title: t('hh.annualIncome'), dataIndex: 'annualIncomeFen', width: 120, align: 'right', render: (v: number) => formatFen(v) },
    {
      title: t('hh.causes'),
      key: 'cause',
      width: 150,
      render: (_, h) => (
        <Space size={4} wrap>
          <SmallTag color="volcano">{enumLabel(t, CAUSE_LABELS, h.primaryCause)}</SmallTag>
          {h.flags.map((f) => (
            <SmallTag key={f}>{enumLabel(t, FLAG_LABELS, f)}</SmallTag>
          ))}
          {h.students > 0 && <SmallTag color="blue">{t('hh.studentsN', { count: h.students })}</SmallTag>}
          {h.seriousIllness && <SmallTag color="red">{t('hh.seriousIllness')}</SmallTag>}
        </Space>
      ),
    },
    {
      title: t('hh.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      width: 110,
      sorter: true,
      sortOrder: sortOrder('updatedAt'),
      render: (v: string) => {
        const [d, tm] = formatDateTime(v, { seconds: false }).split(' ');
        return (
          <div style={{ lineHeight: 1.5, whiteSpace: 'nowrap' }}>
            <div>{d}</div>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{tm}</div>
          </div>
        );
      },
    },
  ];

  const boolOptions = [
    { value: 'true', label: t('common.yes') },
    { value: 'false', label: t('common.no') },
  ];

  return (
    <Card
      title={t('hh.list')}
      extra={
        <Space>
          <OverdueButton />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
          {can(Permission.RegistryExport) && (
            <Tooltip title={t('hh.exportHint')}>
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="registry-export">
                {t('common.export')}
              </Button>
            </Tooltip>
          )}
          {can(Permission.RegistryWrite) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/registry/new')} data-testid="registry-create">
              {t('hh.create')}
            </Button>
          )}
        </Space>
      }
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 10, alignItems: 'center', marginBottom: 16 }} data-testid="registry-filters">
        <Input.Search
          allowClear
          placeholder={t('hh.searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) setFilter({ q: undefined });
          }}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ width: 300 }}
          maxLength={50}
          data-testid="registry-filter-q"
        />
        <OrgTreeSelect value={filters.orgId} onChange={(id) => setFilter({ orgId: id })} allowClear withinPath={me.scope.orgPath} placeholder={t('hh.org')} style={{ width: 220 }} data-testid="registry-filter-org" />
        <RegionSelect value={filters.regionCode} onChange={(v) => setFilter({ regionCode: v })} placeholder={t('hh.region')} style={{ width: 180 }} data-testid="registry-filter-region" />
        <Select allowClear placeholder={t('hh.status')} value={filters.status} onChange={(v) => setFilter({ status: v })} options={enumOptions(t, HOUSEHOLD_STATUSES, STATUS_LABELS)} style={{ width: 120 }} data-testid="registry-filter-status" />
        <Select allowClear placeholder={t('hh.category')} value={filters.category} onChange={(v) => setFilter({ category: v })} options={enumOptions(t, CATEGORIES, CATEGORY_LABELS)} style={{ width: 140 }} data-testid="registry-filter-category" />
        <Select allowClear placeholder={t('hh.level')} value={filters.level} onChange={(v) => setFilter({ level: v })} options={enumOptions(t, LEVELS, LEVEL_LABELS)} style={{ width: 120 }} data-testid="registry-filter-level" />
        <Select allowClear placeholder={t('hh.cause')} value={filters.cause} onChange={(v) => setFilter({ cause: v })} options={enumOptions(t, CAUSES, CAUSE_LABELS)} style={{ width: 130 }} data-testid="registry-filter-cause" />
        <Select allowClear placeholder={t('hh.flag')} value={filters.flag} onChange={(v) => setFilter({ flag: v })} options={enumOptions(t, FLAGS, FLAG_LABELS)} style={{ width: 120 }} data-testid="registry-filter-flag" />
        <Select allowClear placeholder={t('hh.hasStudents')} value={filters.hasStudents} onChange={(v) => setFilter({ hasStudents: v })} options={boolOptions} style={{ width: 120 }} data-testid="registry-filter-students" />
        <Select allowClear placeholder={t('hh.seriousIllness')} value={filters.seriousIllness} onChange={(v) => setFilter({ seriousIllness: v })} options={boolOptions} style={{ width: 120 }} data-testid="registry-filter-illness" />
        {active > 0 && (
          <Button
            type="link"
            onClick={() => {
              setText('');
              setParams(new URLSearchParams(), { replace: true });
            }}
            data-testid="registry-filter-reset"
          >
            {t('hh.clearFilters', { count: active })}
          </Button>
        )}
      </div>

      {list.isError && !rows.length ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<HouseholdListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 1120 }}
          showSorterTooltip={false}
          onRow={(h) => ({ onClick: () => navigate(`/registry/households/${h.id}`), style: { cursor: 'pointer' } })}
          onChange={(_p, _f, sorter) => {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<HouseholdListItem>;
            const key = s?.columnKey as string | undefined;
            if (!s?.order || !key) setFilter({ sort: undefined, order: undefined });
            else {
              // latest update first is the default order, except for a name or pinyin search (relevance): keep it explicit then
              const isDefault = key === 'updatedAt' && s.order === 'descend' && !listedByRelevance(filters.q);
              setFilter({ sort: isDefault ? undefined : key, order: isDefault ? undefined : s.order === 'ascend' ? 'asc' : 'desc' });
            }
          }}
          data-testid="registry-table"
          footer={() => (
            <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography.Text type="secondary">
                {t('common.loaded', { count: rows.length })}
                {byRelevance && <span data-testid="registry-relevance"> · {t('hh.byRelevance')}</span>}
              </Typography.Text>
              {list.hasNextPage ? (
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="registry-load-more">
                  {t('common.loadMore')}
                </Button>
              ) : (
                rows.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
              )}
            </div>
          )}
        />
      )}
    </Card>
  );
}
