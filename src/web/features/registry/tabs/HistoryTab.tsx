import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useT } from '../../../app/i18n';
import { formatDateTime } from '../../../ui/format';
import { LoadError } from '../../../ui/results';
import { Mono } from '../../../ui/tags';
import { getHistory, registryKeys, type HistoryAudit, type HouseholdDto } from '../api';
import { STATUS_HEX, StatusTag } from '../labels';
import { SIGNER_ROLE_KEYS } from '../lifecycle';

/** Top-level fields whose values differ between before and after (nested values compared as JSON). */
export function changedFields(before: unknown, after: unknown): string[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  return [...keys].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !['updatedAt', 'version'].includes(k));
}

function Json({ v }: { v: unknown }) {
  if (v === null || v === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 320, overflow: 'auto' }}>{JSON.stringify(v, null, 2)}</pre>;
}

export function HistoryTab({ h }: { h: HouseholdDto }) {
  const t = useT();
  const q = useQuery({ queryKey: registryKeys.history(h.id), queryFn: () => getHistory(h.id) });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const events = q.data?.items ?? [];
  const audit = q.data?.audit ?? [];

  const columns: TableColumnsType<HistoryAudit> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 72, render: (v: number) => <Mono>#{v}</Mono> },
    {
      title: t('audit.time'),
      dataIndex: 'at',
      width: 150,
      render: (v: string, e) => (
        <div style={{ lineHeight: 1.5 }}>
          <div>{formatDateTime(v, { seconds: false })}</div>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{e.actorUsername ? <Mono>{e.actorUsername}</Mono> : t('audit.system')}</div>
        </div>
      ),
    },
    { title: t('audit.action'), dataIndex: 'action', width: 130, render: (v: string) => <Tag style={{ marginInlineEnd: 0 }}>{t.maybe(`action.${v}`, v)}</Tag> },
    {
      title: t('audit.changes'),
      key: 'changes',
      render: (_, e) => {
        if (e.action.endsWith('.create') && (e.before === null || e.before === undefined) && e.after && typeof e.after === 'object') {
          return <Typography.Text type="secondary">{t('hh.audit.newRecord', { count: Object.keys(e.after as object).length })}</Typography.Text>;
        }
        const f = changedFields(e.before, e.after);
        return f.length ? (
          <Space size={4} wrap>
            {f.slice(0, 6).map((k) => (
              <Tag key={k} style={{ fontFamily: 'monospace', fontSize: 11 }}>
                {k}
              </Tag>
            ))}
            {f.length > 6 && <Typography.Text type="secondary">+{f.length - 6}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        );
      },
    },
  ];

  return (
    <Row gutter={[16, 16]} data-testid="hh-history">
      <Col xs={24} xl={8}>
        <Card size="small" title={t('hh.lifecycle')} loading={q.isPending}>
          {events.length ? (
            <Timeline
              data-testid="history-timeline"
              items={events.map((e, i) => ({
                key: i,
                color: STATUS_HEX[e.toStatus],
                content: (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 2 }}>
                      {formatDateTime(e.at, { seconds: false })}
                    </Typography.Text>
                    <Space size={6} wrap>
                      {e.fromStatus && <StatusTag value={e.fromStatus} />}
                      {e.fromStatus && <span>→</span>}
                      <StatusTag value={e.toStatus} />
                    </Space>
                    <div style={{ marginTop: 4 }}>
                      <Tag color="gold">{t.maybe(SIGNER_ROLE_KEYS[e.signerRole] ?? '', e.signerRole)}</Tag>
                      <strong>{e.actorName}</strong>
                    </div>
                    {e.reason && (
                      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
                        {e.reason}
                      </Typography.Paragraph>
                    )}
                  </div>
                ),
              }))}
            />
          ) : (
            <Empty description={t('hh.noEvents')} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card size="small" title={t('hh.auditTrail')}>
          <Table<HistoryAudit>
            rowKey="seq"
            size="small"
            columns={columns}
            dataSource={audit}
            loading={q.isPending}
            pagination={audit.length > 20 ? { pageSize: 20, size: 'small' } : false}
            expandable={{
              expandedRowRender: (e) => (
                <Row gutter={12}>
                  <Col span={12}>
                    <Typography.Text strong>{t('audit.before')}</Typography.Text>
                    <Json v={e.before} />
                  </Col>
                  <Col span={12}>
                    <Typography.Text strong>{t('audit.after')}</Typography.Text>
                    <Json v={e.after} />
                  </Col>
                </Row>
              ),
            }}
            data-testid="history-audit"
          />
        </Card>
      </Col>
    </Row>
  );
}
