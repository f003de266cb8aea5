import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { FINDING_CAUSE_LABELS, OBLIGATION_KIND_LABELS, OUTCOME_LABELS, SIGNER_ROLE_LABELS, type SignedFileDto } from '../../../contracts/oversight';
import { STATUS_LABELS, type HouseholdStatus } from '../../../contracts/registry';
import { useT } from '../../app/i18n';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { AccountabilityTable } from './AccountabilityPage';
import { getFinding, oversightKeys } from './api';

const statusText = (t: ReturnType<typeof useT>, s: string) => (STATUS_LABELS[s as HouseholdStatus] ? t.label(STATUS_LABELS[s as HouseholdStatus]) : s);

/** 倒查: the sampled file's signers, its signed lifecycle, the accountability opened and the other files those people signed. */
export default function FindingPage() {
  const t = useT();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: oversightKeys.finding(id), queryFn: () => getFinding(id) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const f = q.data;
  const implicated = [...new Set((f?.accountability ?? []).map((a) => a.subjectUserId))];
  const otherColumns: TableColumnsType<SignedFileDto> = [
    { title: t('ov.col.archiveNo'), dataIndex: 'archiveNo', render: (v: string | null, r) => <Link to={`/registry/households/${r.householdId}`}>{v ?? '—'}</Link> },
    { title: t('ov.col.worker'), dataIndex: 'workerName' },
    { title: t('ov.col.org'), dataIndex: 'orgName' },
    { title: t('ov.col.status'), dataIndex: 'status', render: (v: string) => statusText(t, v) },
    { title: t('ov.acc.role'), dataIndex: 'roles', render: (v: SignedFileDto['roles']) => v.map((r) => <Tag key={r}>{t.label(SIGNER_ROLE_LABELS[r])}</Tag>) },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        loading={q.isLoading}
        title={f ? t('ov.finding.title', { worker: f.item.workerName }) : t('app.loading')}
        extra={f && <Link to={`/oversight/spot-checks/${f.item.spotCheckId}`}>{f.spotCheckTitle}</Link>}
      >
        {f && (
          <>
            {f.householdCancelled && f.item.outcome === 'nonconforming' && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('ov.finding.cancelled')} data-testid="finding-cancelled" />}
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('ov.finding.file')}>
                <Link to={`/registry/households/${f.item.householdId}`} data-testid="finding-household-link">
                  {f.item.archiveNo ?? '—'} · {f.item.workerName}
                </Link>
                <Typography.Text type="secondary"> · {statusText(t, f.item.householdStatus)}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('ov.col.org')}>{f.item.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('ov.col.outcome')}>
                {f.item.outcome ? (
                  <Tag color={f.item.outcome === 'conforms' ? 'success' : 'error'} data-testid="finding-outcome">
                    {t.label(OUTCOME_LABELS[f.item.outcome])}
                  </Tag>
                ) : (
                  <Tag>{t('ov.item.pending')}</Tag>
                )}
                {f.item.cause && t.label(FINDING_CAUSE_LABELS[f.item.cause])}
              </Descriptions.Item>
              <Descriptions.Item label={t('ov.col.recorded')}>{f.item.recordedAt ? `${f.item.recordedByName} · ${formatDateTime(f.item.recordedAt)} · ${f.item.recheckedOn}` : '—'}</Descriptions.Item>
              {f.item.notes && (
                <Descriptions.Item label={t('ov.outcome.notes')} span={2}>
                  {f.item.notes}
                </Descriptions.Item>
              )}
              {f.item.signatureHash && (
                <Descriptions.Item label={t('ov.finding.signature')} span={2}>
                  <Mono>{f.item.signatureHash}</Mono>
                </Descriptions.Item>
              )}
            </Descriptions>
          </>
        )}
      </Card>
      {f && (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card title={t('ov.finding.signers')} size="small" data-testid="finding-signers">
              <List
                dataSource={f.signers}
                locale={{ emptyText: t('ov.finding.none') }}
                renderItem={(s) => (
                  <List.Item data-testid={`finding-signer-${s.role}`}>
                    <Space>
                      <Tag color="blue">{t.label(SIGNER_ROLE_LABELS[s.role])}</Tag>
                      <Typography.Text strong>{s.name}</Typography.Text>
                      <Typography.Text type="secondary">{s.at ? formatDateTime(s.at) : ''}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('ov.finding.chain')} size="small">
              <Timeline
                items={f.chain.map((e) => ({
                  color: e.toStatus === 'cancelled' ? 'red' : 'blue',
                  content: (
                    <span>
                      {statusText(t, e.toStatus)} · {e.actorName} <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                    </span>
                  ),
                }))}
              />
            </Card>
          </Col>
        </Row>
      )}
      {f && f.item.outcome === 'nonconforming' && (
        <>
          <Card title={t('ov.finding.accountability')} size="small">
            <AccountabilityTable rows={f.accountability} onChanged={() => void q.refetch()} compact />
          </Card>
          <Card title={t('ov.finding.obligations')} size="small">
            {f.obligations.length === 0 ? (
              <Empty />
            ) : (
              <List
                dataSource={f.obligations}
                renderItem={(o) => (
                  <List.Item data-testid={`finding-obligation-${o.kind}`}>
                    <Space>
                      <Tag color="orange">{t.label(OBLIGATION_KIND_LABELS[o.kind])}</Tag>
                      <span>{o.amountFen === null ? t('ov.finding.amountUnknown') : formatFen(o.amountFen)}</span>
                      <Typography.Text type="secondary">{o.status}</Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card
            title={t('ov.finding.otherFiles', { count: f.otherFiles.length })}
            size="small"
            extra={
              implicated.length > 0 &&
              f.otherFiles.length > 0 && (
                <Button type="primary" onClick={() => navigate(`/oversight/new?signedBy=${implicated.join(',')}&followUp=${f.item.id}`)} data-testid="finding-follow-up">
                  {t('ov.finding.followUp')}
                </Button>
              )
            }
          >
            <Table<SignedFileDto> rowKey="householdId" size="small" columns={otherColumns} dataSource={f.otherFiles} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="finding-other-files" />
          </Card>
        </>
      )}
    </Space>
  );
}
