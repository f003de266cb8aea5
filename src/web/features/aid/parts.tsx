import { useQuery } from '@tanstack/react-query';
import { Descriptions, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { AMOUNT_MODE_LABELS, AWARD_STATUSES, AWARD_STATUS_LABELS, type AmountRule, type AwardStatus, type BatchStatus, type EligibilityRules, type RecoveryStatus } from '../../../contracts/aid';
import { CATEGORY_LABELS, CAUSE_LABELS, LEVEL_LABELS, SCHOOLING_LABELS } from '../../../contracts/registry';
import { useT, type Translator } from '../../app/i18n';
import { formatDate, formatDateTime, formatFen } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { useCursorList } from '../../ui/useCursorList';
import { useDebounced } from '../../ui/useDebounced';
import { enumLabel, enumOptions } from '../registry/labels';
import { aidKeys, listAwards, listBatches, listNotices, listRecoveries, type AwardDto, type AwardFilters, type BatchDto, type NoticeDto, type RecoveryDto } from './api';
import { AwardStatusTag, BatchStatusTag, Money, RecoveryStatusTag } from './labels';
import { daysLeft } from './money';
import { todayShanghai } from '../registry/numbers';

const list = (t: Translator, values: readonly string[], labels: Record<string, { zh: string; en: string }>) => (values.length ? values.map((v) => enumLabel(t, labels, v)).join(t.lang === 'en' ? ', ' : '、') : t('aid.form.any'));

/** The amount rule in words, amounts in yuan. */
export function amountRuleText(t: Translator, a: AmountRule): string {
  const en = t.lang === 'en';
  const mode = t.label(AMOUNT_MODE_LABELS[a.mode]) + t('aid.colon');
  switch (a.mode) {
    case 'fixed':
      return `${mode}${formatFen(a.amountFen)}`;
    case 'per_member':
      return `${mode}${formatFen(a.perMemberFen)} / ${t('aid.perPerson')}${a.maxFen !== null ? `${en ? ', ' : '，'}≤ ${formatFen(a.maxFen)}` : ''}`;
    default: {
      const labels = a.mode === 'by_category' ? CATEGORY_LABELS : a.mode === 'by_level' ? LEVEL_LABELS : SCHOOLING_LABELS;
      const parts = Object.entries(a.amounts as Record<string, number | undefined>)
        .filter(([, v]) => typeof v === 'number')
        .map(([k, v]) => `${enumLabel(t, labels as Record<string, { zh: string; en: string }>, k)} ${formatFen(v)}`);
      return `${mode}${parts.join(en ? '; ' : '；')}`;
    }
  }
}

/** Eligibility and amount of one rules version (compact: one line per condition that is not "any"). */
export function RulesView({ eligibility, amount, testId = 'program-rules', compact = false }: { eligibility: EligibilityRules; amount: AmountRule; testId?: string; compact?: boolean }) {
  const t = useT();
  if (compact) {
    const lines: Array<[string, string]> = [
      [t('aid.form.categories'), eligibility.categories.length ? list(t, eligibility.categories, CATEGORY_LABELS) : ''],
      [t('aid.form.levels'), eligibility.levels.length ? list(t, eligibility.levels, LEVEL_LABELS) : ''],
      [t('aid.form.causes'), eligibility.causes.length ? list(t, eligibility.causes, CAUSE_LABELS) : ''],
      [t('aid.form.stages'), eligibility.studentStages.length ? list(t, eligibility.studentStages, SCHOOLING_LABELS) : ''],
      [t('aid.form.unionOnly'), eligibility.unionMembersOnly ? t('common.yes') : ''],
    ];
    return (
      <div data-testid={testId}>
        <div data-testid={`${testId}-amount`}>
          <Typography.Text strong>{amountRuleText(t, amount)}</Typography.Text>
        </div>
        {lines
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <Typography.Text type="secondary">
                {k}
                {t('aid.colon')}
              </Typography.Text>
              {v}
            </div>
          ))}
      </div>
    );
  }
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid={testId}>
      <Descriptions.Item label={t('aid.form.categories')}>{list(t, eligibility.categories, CATEGORY_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t('aid.form.levels')}>{list(t, eligibility.levels, LEVEL_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t('aid.form.causes')}>{list(t, eligibility.causes, CAUSE_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t('aid.form.stages')}>{list(t, eligibility.studentStages, SCHOOLING_LABELS)}</Descriptions.Item>
      <Descriptions.Item label={t('aid.form.unionOnly')}>{eligibility.unionMembersOnly ? t('common.yes') : t('common.no')}</Descriptions.Item>
      <Descriptions.Item label={t('aid.form.amount')}>
        <span data-testid={`${testId}-amount`}>{amountRuleText(t, amount)}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** Applications (awards) with a status filter and a search box. */
export function AwardTable({ base, showProgram = false }: { base: Omit<AwardFilters, 'status' | 'q'>; showProgram?: boolean }) {
  const t = useT();
  const [status, setStatus] = useState<AwardStatus | undefined>();
  const [text, setText] = useState('');
  const qText = useDebounced(text.trim(), 300);
  const filters: AwardFilters = { ...base, status, q: qText || undefined };
  const q = useCursorList(aidKeys.awards(filters), (c) => listAwards(filters, c));
  const columns: TableColumnsType<AwardDto> = [
    {
      title: t('aid.award.no'),
      dataIndex: 'awardNo',
      width: 170,
      render: (v: string, r) => (
        <Link to={`/aid/awards/${r.id}`} data-testid={`award-link-${r.awardNo}`}>
          <Mono>{v}</Mono>
        </Link>
      ),
    },
    ...(showProgram ? [{ title: t('aid.program'), dataIndex: 'programName', ellipsis: true }] : []),
    { title: t('aid.worker'), dataIndex: 'workerName', width: 90 },
    { title: t('aid.archiveNo'), dataIndex: 'archiveNo', width: 180, render: (v: string | null, r) => (v ? <Link to={`/registry/households/${r.householdId}`}><Mono>{v}</Mono></Link> : '—') },
    { title: t('aid.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('aid.award.student'), dataIndex: 'studentName', width: 90, render: (v: string | null, r) => (v ? `${v}${r.studentStage ? ` · ${enumLabel(t, SCHOOLING_LABELS, r.studentStage)}` : ''}` : '—') },
    { title: t('aid.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('aid.status'),
      dataIndex: 'status',
      width: 150,
      render: (v: AwardStatus, r) => (
        <Space size={4}>
          <AwardStatusTag value={v} testId={`award-status-${r.awardNo}`} />
          {r.openObjections > 0 && <Tag color="warning">{t('aid.award.openObjections', { n: r.openObjections })}</Tag>}
        </Space>
      ),
    },
    { title: t('aid.award.appliedAt'), dataIndex: 'appliedAt', width: 160, render: (v: string) => formatDateTime(v, { seconds: false }) },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('aid.status')} value={status} onChange={setStatus} options={enumOptions(t, AWARD_STATUSES, AWARD_STATUS_LABELS)} style={{ width: 160 }} data-testid="award-filter-status" />
        <Input.Search allowClear placeholder={t('aid.apply.searchPh')} value={text} onChange={(e) => setText(e.target.value)} style={{ width: 320 }} data-testid="award-filter-q" />
      </Space>
      <Table<AwardDto>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={q.rows}
        loading={q.isLoading}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="award-table"
        onRow={(r) => ({ 'data-testid': `award-row-${r.awardNo}` }) as object}
      />
      <LoadMore q={q} />
    </>
  );
}

/** Notices (of one program, or all in scope). */
export function NoticeTable({ programId }: { programId?: string }) {
  const t = useT();
  const q = useQuery({ queryKey: aidKeys.notices(programId), queryFn: () => listNotices(programId) });
  const today = todayShanghai();
  const columns: TableColumnsType<NoticeDto> = [
    {
      title: t('aid.notice.no'),
      dataIndex: 'noticeNo',
      width: 170,
      render: (v: string, r) => (
        <Link to={`/aid/notices/${r.id}`} data-testid={`notice-link-${r.noticeNo}`}>
          <Mono>{v}</Mono>
        </Link>
      ),
    },
    ...(programId ? [] : [{ title: t('aid.program'), dataIndex: 'programName', ellipsis: true }]),
    { title: t('aid.notice.period'), key: 'period', width: 210, render: (_: unknown, r: NoticeDto) => `${formatDate(r.startsOn)} ~ ${formatDate(r.endsOn)}` },
    {
      title: t('aid.notice.daysLeft'),
      key: 'left',
      width: 110,
      render: (_: unknown, r: NoticeDto) => (r.ended ? <Tag>{t('aid.notice.ended')}</Tag> : <Tag color="blue">{t('aid.notice.daysLeftN', { n: daysLeft(r.endsOn, today) })}</Tag>),
    },
    { title: t('aid.count'), key: 'count', width: 80, align: 'right', render: (_: unknown, r: NoticeDto) => r.items.length },
    { title: t('aid.total'), dataIndex: 'totalFen', width: 130, align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.notice.publishedBy'), key: 'by', width: 200, render: (_: unknown, r: NoticeDto) => `${r.publishedByName} · ${formatDateTime(r.publishedAt, { seconds: false })}` },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return <Table<NoticeDto> rowKey="id" size="small" columns={columns} dataSource={q.data ?? []} loading={q.isPending} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 900 }} data-testid="notice-table" />;
}

/** Disbursement batches (of one program, or all in scope). */
export function BatchTable({ programId, status }: { programId?: string; status?: BatchStatus }) {
  const t = useT();
  const f = { programId, status };
  const q = useCursorList(aidKeys.batches(f), (c) => listBatches(f, c));
  const columns: TableColumnsType<BatchDto> = [
    {
      title: t('aid.batch.no'),
      dataIndex: 'batchNo',
      width: 170,
      render: (v: string, r) => (
        <Link to={`/aid/batches/${r.id}`} data-testid={`batch-link-${r.batchNo}`}>
          <Mono>{v}</Mono>
        </Link>
      ),
    },
    ...(programId ? [] : [{ title: t('aid.program'), dataIndex: 'programName', ellipsis: true }]),
    { title: t('aid.status'), dataIndex: 'status', width: 110, render: (v: BatchStatus) => <BatchStatusTag value={v} /> },
    { title: t('aid.batch.items'), dataIndex: 'itemCount', width: 70, align: 'right' },
    { title: t('aid.total'), dataIndex: 'totalFen', width: 130, align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.batch.paid'), key: 'paid', width: 160, align: 'right', render: (_: unknown, r: BatchDto) => <span>{r.paidCount} · <Money fen={r.paidFen} type="success" /></span> },
    { title: t('aid.batch.failed'), dataIndex: 'failedCount', width: 70, align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
    { title: t('aid.batch.createdBy'), key: 'by', width: 200, render: (_: unknown, r: BatchDto) => `${r.createdByName} · ${formatDateTime(r.createdAt, { seconds: false })}` },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <Table<BatchDto> rowKey="id" size="small" columns={columns} dataSource={q.rows} loading={q.isLoading} pagination={false} scroll={{ x: 1000 }} data-testid="batch-table" onRow={(r) => ({ 'data-testid': `batch-row-${r.batchNo}` }) as object} />
      <LoadMore q={q} />
    </>
  );
}

/** Recoveries (of one program or household, or all in scope). */
export function RecoveryTable({ programId, householdId, status }: { programId?: string; householdId?: string; status?: RecoveryStatus }) {
  const t = useT();
  const f = { programId, householdId, status };
  const q = useCursorList(aidKeys.recoveries(f), (c) => listRecoveries(f, c));
  const columns: TableColumnsType<RecoveryDto> = [
    {
      title: t('aid.rec.no'),
      dataIndex: 'recoveryNo',
      width: 170,
      render: (v: string, r) => (
        <Link to={`/aid/recoveries/${r.id}`} data-testid={`recovery-link-${r.recoveryNo}`}>
          <Mono>{v}</Mono>
        </Link>
      ),
    },
    ...(programId ? [] : [{ title: t('aid.program'), dataIndex: 'programName', ellipsis: true }]),
    { title: t('aid.worker'), dataIndex: 'workerName', width: 90 },
    { title: t('aid.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('aid.rec.due'), dataIndex: 'amountDueFen', width: 120, align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.rec.received'), dataIndex: 'receivedFen', width: 120, align: 'right', render: (v: number) => <Money fen={v} type="success" /> },
    { title: t('aid.rec.outstanding'), dataIndex: 'outstandingFen', width: 120, align: 'right', render: (v: number) => <Money fen={v} strong={v > 0} type={v > 0 ? 'danger' : undefined} /> },
    { title: t('aid.status'), dataIndex: 'status', width: 110, render: (v: RecoveryStatus, r) => (
        <Space size={4}>
          <RecoveryStatusTag value={v} />
          {r.pendingWriteOffFen !== null && <Tag color="orange">{t('aid.rec.pendingWriteOff')}</Tag>}
        </Space>
      ) },
    { title: t('aid.rec.openedBy'), key: 'by', width: 190, render: (_: unknown, r: RecoveryDto) => `${r.openedByName} · ${formatDate(r.openedAt)}` },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <Table<RecoveryDto> rowKey="id" size="small" columns={columns} dataSource={q.rows} loading={q.isLoading} pagination={false} scroll={{ x: 1100 }} data-testid="recovery-table" onRow={(r) => ({ 'data-testid': `recovery-row-${r.recoveryNo}` }) as object} />
      <LoadMore q={q} />
    </>
  );
}
