import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Row, Statistic, Table, Tabs, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { AWARD_STATUS_LABELS, RECOVERY_STATUS_LABELS } from '../../../contracts/aid';
import { useT, type MsgKey } from '../../app/i18n';
import { formatDate, formatFen } from '../../ui/format';
import { errorText } from '../../ui/feedback';
import { Mono } from '../../ui/tags';
import { enumLabel } from '../registry/labels';
import { aidKeys, getHouseholdMoney, type HouseholdMoneyDto } from './api';
import { Money } from './labels';
import { sumFen } from './money';

type Year = HouseholdMoneyDto['years'][number];
type Item = Year['items'][number];
type Line = Item & { key: string };

/** A recovery, its installments and write-offs carry the recovery's status; an award and its payment, the award's. */
const RECOVERY_KINDS: ReadonlySet<Item['kind']> = new Set(['recovery', 'installment', 'write_off']);
const statusLabels = (kind: Item['kind']) => (RECOVERY_KINDS.has(kind) ? RECOVERY_STATUS_LABELS : AWARD_STATUS_LABELS) as Record<string, { zh: string; en: string }>;

/** 帮扶资金 of one household, year by year: received, pending, owed, and each movement with its journal entry. */
export function HouseholdMoneyCard({ householdId }: { householdId: string }) {
  const t = useT();
  const q = useQuery({ queryKey: aidKeys.money(householdId), queryFn: () => getHouseholdMoney(householdId), meta: { quiet: true }, retry: false });
  const years = [...(q.data?.years ?? [])].sort((a, b) => b.year - a.year);
  const columns: TableColumnsType<Line> = [
    { title: t('aid.ledger.date'), dataIndex: 'businessDate', width: 110, render: (v: string) => formatDate(v) },
    { title: t('aid.ledger.kind'), dataIndex: 'kind', width: 80, render: (v: Item['kind']) => t(`aid.money.kind.${v}` as MsgKey) },
    { title: t('aid.program'), dataIndex: 'programName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('aid.award.no'), dataIndex: 'awardNo', width: 170, render: (v: string | null, r) => (v && r.awardId ? <Link to={`/aid/awards/${r.awardId}`}><Mono>{v}</Mono></Link> : '—') },
    { title: t('aid.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <Money fen={v} type={v < 0 ? 'danger' : undefined} /> },
    { title: t('aid.status'), dataIndex: 'status', width: 120, render: (v: string, r) => enumLabel(t, statusLabels(r.kind), v) },
    { title: t('aid.ledger.entryNo'), dataIndex: 'entryNo', width: 160, render: (v: string | null) => (v ? <Mono>{v}</Mono> : '—') },
    { title: t('aid.ledger.memo'), dataIndex: 'memo', ellipsis: true },
  ];
  const total = (pick: (y: Year) => number) => formatFen(sumFen(years.map(pick)));
  return (
    <Card title={t('aid.money.title')} size="small" loading={q.isPending} data-testid="hh-money">
      {q.isError ? (
        <Alert type="warning" showIcon title={errorText(q.error)} action={<Button size="small" onClick={() => void q.refetch()}>{t('common.retry')}</Button>} />
      ) : years.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('aid.money.none')} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 8 }}>
            <Col xs={8}>
              <Statistic title={t('aid.money.received')} value={total((y) => y.receivedFen)} styles={{ content: { color: '#389e0d', fontSize: 18 } }} data-testid="hh-money-received" />
            </Col>
            <Col xs={8}>
              <Statistic title={t('aid.money.pending')} value={total((y) => y.pendingFen)} styles={{ content: { fontSize: 18 } }} data-testid="hh-money-pending" />
            </Col>
            <Col xs={8}>
              <Statistic title={t('aid.money.owed')} value={total((y) => y.owedFen)} styles={{ content: { color: sumFen(years.map((y) => y.owedFen)) > 0 ? '#cf1322' : undefined, fontSize: 18 } }} data-testid="hh-money-owed" />
            </Col>
          </Row>
          <Tabs
            size="small"
            items={years.map((y) => ({
              key: String(y.year),
              label: `${t('aid.money.yearN', { year: y.year })} · ${formatFen(y.receivedFen)}`,
              children: <Table<Line> rowKey="key" size="small" columns={columns} dataSource={y.items.map((r, i) => ({ ...r, key: `${r.kind}:${r.entryId ?? r.awardId ?? ''}:${i}` }))} pagination={false} scroll={{ x: 1000 }} data-testid={`hh-money-${y.year}`} />,
            }))}
          />
        </>
      )}
    </Card>
  );
}
