import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FINDING_CAUSE_LABELS, OUTCOME_LABELS, STRATIFY_LABELS } from '../../../contracts/oversight';
import { STATUS_LABELS, type HouseholdStatus } from '../../../contracts/registry';
import { useT } from '../../app/i18n';
import { EChart } from '../../ui/EChart';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { getSpotCheck, oversightKeys, type SpotCheckDto } from './api';
import { OutcomeModal } from './OutcomeModal';

type Item = SpotCheckDto['items'][number];

export default function SpotCheckPage() {
  const t = useT();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: oversightKeys.check(id), queryFn: () => getSpotCheck(id) });
  const [recording, setRecording] = useState<Item | null>(null);
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const w = c?.rule.weights ?? {};
  const weights = [
    w.perEdit ? `${t('ov.draw.perEdit')} ${w.perEdit}` : null,
    w.investigatorUserId ? `${t('ov.draw.investigatorFactor')} ×${w.investigatorFactor ?? 1}` : null,
    w.largeAidThresholdFen ? `${t('ov.draw.largeAid')} ${formatFen(w.largeAidThresholdFen)} ×${w.largeAidFactor ?? 1}` : null,
  ].filter(Boolean);
  // the largest strata (a province-wide draw by union has hundreds)
  const strata = Object.entries(c?.perStratum ?? {})
    .sort((a, b) => b[1].population - a[1].population)
    .slice(0, 20);

  const columns: TableColumnsType<Item> = [
    { title: '#', dataIndex: 'position', width: 50, render: (v: number) => v + 1 },
    { title: t('ov.col.archiveNo'), dataIndex: 'archiveNo', render: (v: string | null, r) => <Link to={`/registry/households/${r.householdId}`}>{v ?? '—'}</Link> },
    { title: t('ov.col.worker'), dataIndex: 'workerName' },
    { title: t('ov.col.org'), dataIndex: 'orgName' },
    { title: t('ov.col.status'), dataIndex: 'householdStatus', render: (v: string) => (STATUS_LABELS[v as HouseholdStatus] ? t.label(STATUS_LABELS[v as HouseholdStatus]) : v) },
    { title: t('ov.col.weight'), dataIndex: 'weight', align: 'right', render: (v: number) => (v === 1 ? '1' : v.toFixed(2)) },
    {
      title: t('ov.col.outcome'),
      dataIndex: 'outcome',
      render: (v: Item['outcome'], r) =>
        v ? (
          <Space direction="vertical" size={0}>
            <Tag color={v === 'conforms' ? 'success' : 'error'} data-testid={`item-outcome-${r.id}`}>
              {t.label(OUTCOME_LABELS[v])}
            </Tag>
            {r.cause && <Typography.Text type="secondary">{t.label(FINDING_CAUSE_LABELS[r.cause])}</Typography.Text>}
          </Space>
        ) : (
          <Tag>{t('ov.item.pending')}</Tag>
        ),
    },
    { title: t('ov.col.recorded'), dataIndex: 'recordedAt', render: (v: string | null, r) => (v ? `${r.recordedByName ?? ''} · ${formatDateTime(v)}` : '—') },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, r) => (
        <Space>
          {!r.outcome && (
            <Button size="small" type="primary" onClick={() => setRecording(r)} data-testid={`item-record-${r.position}`}>
              {t('ov.item.record')}
            </Button>
          )}
          <Button size="small" onClick={() => navigate(`/oversight/findings/${r.id}`)} data-testid={`item-finding-${r.position}`}>
            {t('ov.item.finding')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={c?.title ?? t('app.loading')} loading={q.isLoading} extra={<Link to="/oversight">{t('common.back')}</Link>}>
        {c && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="spot-check-rule">
            <Descriptions.Item label={t('ov.col.scope')}>{c.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('ov.col.seed')}>
              <Mono>
                <span data-testid="spot-check-seed">{c.seed}</span>
              </Mono>
            </Descriptions.Item>
            <Descriptions.Item label={t('ov.draw.statuses')}>{c.statuses.map((s) => (STATUS_LABELS[s as HouseholdStatus] ? t.label(STATUS_LABELS[s as HouseholdStatus]) : s)).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('ov.draw.size')}>
              {[c.rule.percentBp !== null ? t('ov.check.percent', { value: (c.rule.percentBp / 100).toFixed(2) }) : null, c.rule.count !== null ? `${c.rule.count}` : null].filter(Boolean).join(' / ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('ov.draw.stratify')}>
              {t.label(STRATIFY_LABELS[c.rule.stratifyBy])}
              {c.rule.minPerStratum ? ` · ${t('ov.draw.minPerStratum')}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('ov.check.weights')}>{weights.length ? weights.join('；') : t('ov.check.noWeights')}</Descriptions.Item>
            <Descriptions.Item label={t('ov.col.population')}>{c.populationCount}</Descriptions.Item>
            <Descriptions.Item label={t('ov.col.sample')}>
              <span data-testid="spot-check-sample-count">{c.sampleCount}</span>（{t('ov.check.target')} {c.targetCount}）
            </Descriptions.Item>
            <Descriptions.Item label={t('ov.col.drawnBy')}>
              {c.drawnByName} · {formatDateTime(c.drawnAt)}
            </Descriptions.Item>
            {c.signedBy.length > 0 && <Descriptions.Item label={t('ov.draw.signedBy')}>{c.signedBy.length}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      {c && strata.length > 1 && (
        <Card title={t('ov.check.strata')} size="small">
          <EChart
            height={60 + strata.length * 26}
            testId="spot-check-strata-chart"
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0, data: [t('ov.col.population'), t('ov.col.sample')] },
              grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', data: strata.map(([, s]) => s.name), inverse: true },
              series: [
                { name: t('ov.col.population'), type: 'bar', data: strata.map(([, s]) => s.population) },
                { name: t('ov.col.sample'), type: 'bar', data: strata.map(([, s]) => s.sampled) },
              ],
            }}
          />
        </Card>
      )}
      <Card title={t('ov.check.items')}>
        <Table<Item> rowKey="id" size="middle" columns={columns} dataSource={c?.items ?? []} loading={q.isLoading} pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="spot-check-items" scroll={{ x: 1000 }} />
      </Card>
      {recording && (
        <OutcomeModal
          item={recording}
          onClose={() => setRecording(null)}
          onDone={(itemId, outcome) => {
            setRecording(null);
            if (outcome === 'nonconforming') navigate(`/oversight/findings/${itemId}`);
          }}
        />
      )}
    </Space>
  );
}
