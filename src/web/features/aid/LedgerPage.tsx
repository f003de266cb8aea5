import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Input, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { ACCOUNT_KIND_LABELS, SIDE_LABELS } from '../../../contracts/ledger';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { exportXlsx } from '../../ui/excel';
import { showError } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { useCursorList } from '../../ui/useCursorList';
import { enumLabel } from '../registry/labels';
import { currentYear, todayShanghai } from '../registry/numbers';
import { aidKeys, getStatement, listAccounts, verifyLedger, type AccountDto, type StatementDto } from './api';
import { Money } from './labels';

type Line = StatementDto['items'][number];

function Statement({ account }: { account: AccountDto }) {
  const t = useT();
  const [from, setFrom] = useState(`${currentYear()}-01-01`);
  const [to, setTo] = useState(todayShanghai());
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const q = useInfiniteQuery({
    queryKey: aidKeys.statement(account.id, from, to),
    queryFn: ({ pageParam }) => getStatement(account.id, from, to, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: valid,
  });
  const first = q.data?.pages[0];
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  const name = t.lang === 'en' ? account.nameEn : account.nameZh;
  const columns: TableColumnsType<Line> = [
    { title: t('aid.ledger.date'), dataIndex: 'businessDate', width: 110 },
    { title: t('aid.ledger.entryNo'), dataIndex: 'entryNo', width: 170, render: (v: string) => <Mono>{v}</Mono> },
    { title: t('aid.ledger.memo'), dataIndex: 'memo' },
    { title: t('aid.ledger.side'), dataIndex: 'side', width: 70, render: (v: 'debit' | 'credit') => t.label(SIDE_LABELS[v]) },
    { title: t('aid.ledger.delta'), dataIndex: 'deltaFen', width: 140, align: 'right', render: (v: number) => <Money fen={v} type={v < 0 ? 'danger' : undefined} /> },
    { title: t('aid.ledger.running'), dataIndex: 'runningBalanceFen', width: 150, align: 'right', render: (v: number) => <Money fen={v} strong /> },
  ];
  // an account code has a colon ("bank:520302"): Excel refuses it in a sheet name and systems in a file name
  const safeCode = account.code.replace(/[*?:\\/[\]]/g, '_');
  const exportIt = () =>
    exportXlsx<Line>({
      fileName: `${safeCode}_${from}_${to}`,
      sheetName: safeCode,
      title: `${account.code} ${name} ${from} ~ ${to} · ${t('aid.ledger.opening')} ${formatFen(first?.openingBalanceFen)} · ${t('aid.ledger.closing')} ${formatFen(first?.closingBalanceFen)}`,
      rows,
      columns: [
        { header: t('aid.ledger.date'), value: (r) => r.businessDate },
        { header: t('aid.ledger.entryNo'), value: (r) => r.entryNo },
        { header: t('aid.ledger.memo'), value: (r) => r.memo },
        { header: t('aid.ledger.side'), value: (r) => t.label(SIDE_LABELS[r.side]) },
        { header: `${t('aid.ledger.delta')}（${t('aid.yuan')}）`, value: (r) => formatFen(r.deltaFen, { symbol: false }) },
        { header: `${t('aid.ledger.running')}（${t('aid.yuan')}）`, value: (r) => formatFen(r.runningBalanceFen, { symbol: false }) },
      ],
    }).catch(showError);
  return (
    <Card
      title={`${t('aid.ledger.statement')} · ${account.code} ${name}`}
      extra={
        <Button icon={<DownloadOutlined />} disabled={!rows.length} onClick={() => void exportIt()} data-testid="ledger-statement-export">
          {t('aid.ledger.exportStatement')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {t('aid.period')}
        <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 160 }} data-testid="ledger-from" />
        ~
        <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 160 }} data-testid="ledger-to" />
      </Space>
      {q.isError ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          {first && (
            <Descriptions size="small" column={2} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('aid.ledger.opening')}>
                <Money fen={first.openingBalanceFen} strong testId="ledger-opening" />
              </Descriptions.Item>
              <Descriptions.Item label={t('aid.ledger.closing')}>
                <Money fen={first.closingBalanceFen} strong testId="ledger-closing" />
              </Descriptions.Item>
            </Descriptions>
          )}
          <Table<Line> rowKey={(r) => `${r.entryId}:${r.side}:${r.runningBalanceFen}`} size="small" columns={columns} dataSource={rows} loading={q.isLoading} pagination={false} scroll={{ x: 800 }} data-testid="ledger-statement" />
          {q.hasNextPage && (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

/** 台账: accounts with balances, the statement of one account for a period, and the ledger check (finance, auditor). */
export default function LedgerPage() {
  const t = useT();
  const { me } = useAuth();
  const canVerify = me.user.roles.some((r) => r === 'finance' || r === 'auditor');
  const q = useCursorList(aidKeys.accounts(), (c) => listAccounts(c));
  const [selected, setSelected] = useState<AccountDto | null>(null);
  const verify = useMutation({ mutationFn: verifyLedger });
  const columns: TableColumnsType<AccountDto> = [
    { title: t('aid.ledger.code'), dataIndex: 'code', width: 200, render: (v: string) => <Mono>{v}</Mono> },
    { title: t('aid.ledger.name'), key: 'name', render: (_, r) => (t.lang === 'en' ? r.nameEn : r.nameZh) },
    { title: t('aid.ledger.kind'), dataIndex: 'kind', width: 120, render: (v: string) => enumLabel(t, ACCOUNT_KIND_LABELS, v) },
    { title: t('aid.ledger.balance'), dataIndex: 'balanceFen', width: 160, align: 'right', render: (v: number) => <Money fen={v} strong /> },
    { title: t('aid.ledger.floor'), dataIndex: 'floorFen', width: 120, align: 'right', render: (v: number | null) => (v === null ? '—' : <Money fen={v} type="secondary" />) },
  ];
  const v = verify.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('aid.ledger.accounts')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} />
            {canVerify && (
              <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="ledger-verify">
                {t('aid.ledger.verify')}
              </Button>
            )}
          </Space>
        }
      >
        {v && (
          <Alert
            type={v.ok ? 'success' : 'error'}
            showIcon
            closable
            onClose={() => verify.reset()}
            style={{ marginBottom: 12 }}
            title={v.ok ? t('aid.ledger.verifyOk', { entries: v.entriesChecked, accounts: v.accountsChecked }) : t('aid.ledger.verifyBad', { message: v.message })}
            data-testid="ledger-verify-result"
          />
        )}
        {q.isError ? (
          <LoadError error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<AccountDto>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={q.rows}
            loading={q.isLoading}
            pagination={false}
            scroll={{ x: 800, y: 420 }}
            rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected.id] : [], onChange: (_k, rows) => setSelected(rows[0] ?? null) }}
            onRow={(r) => ({ onClick: () => setSelected(r), style: { cursor: 'pointer' }, 'data-testid': `ledger-account-${r.code}` }) as object}
            data-testid="ledger-accounts"
          />
        )}
        {q.hasNextPage && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
      {selected ? (
        <Statement key={selected.id} account={selected} />
      ) : (
        <Card>
          <Empty description={<Typography.Text type="secondary">{t('aid.ledger.pickAccount')}</Typography.Text>} />
        </Card>
      )}
    </Space>
  );
}
