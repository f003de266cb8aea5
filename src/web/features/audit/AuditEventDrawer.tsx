import { Collapse, Descriptions, Drawer, Empty, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useT } from '../../app/i18n';
import { formatDateTime } from '../../ui/format';
import { Mono } from '../../ui/tags';
import type { AuditEvent } from './api';

interface Row {
  field: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Field-by-field comparison of an event's before and after images. */
function diffRows(before: unknown, after: unknown): Row[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (before === undefined && after === undefined) return [];
    if ((before === null || before === undefined) && (after === null || after === undefined)) return [];
    return [{ field: '(value)', before, after, changed: JSON.stringify(before) !== JSON.stringify(after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((k) => ({ field: k, before: b[k], after: a[k], changed: JSON.stringify(b[k]) !== JSON.stringify(a[k]) }));
}

export function AuditEventDrawer({ event, onClose }: { event: AuditEvent | null; onClose: () => void }) {
  const t = useT();
  const rows = useMemo(() => (event ? diffRows(event.before, event.after) : []), [event]);
  const onlyOneSide = event && (event.before == null || event.after == null);

  return (
    <Drawer open={!!event} onClose={onClose} size={760} title={event ? t('audit.eventTitle', { seq: event.seq }) : ''} destroyOnHidden data-testid="audit-drawer">
      {event && (
        <>
          <Descriptions bordered size="small" column={2} styles={{ label: { width: 110 } }}>
            <Descriptions.Item label={t('audit.time')}>{formatDateTime(event.at)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.seq')}>{event.seq}</Descriptions.Item>
            <Descriptions.Item label={t('audit.actor')}>{event.actorUsername ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>}</Descriptions.Item>
            <Descriptions.Item label={t('audit.action')}>
              <Tag>{t.maybe(`action.${event.action}`, event.action)}</Tag>
              <Mono>{event.action}</Mono>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.entityType')}>{t.maybe(`entity.${event.entityType}`, event.entityType)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.entityId')}>{event.entityId ? <Typography.Text copyable style={{ fontSize: 12 }}><Mono>{event.entityId}</Mono></Typography.Text> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('audit.ip')}>{event.ip ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="ID">
              <Typography.Text style={{ fontSize: 12 }}>
                <Mono>{event.id}</Mono>
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.userAgent')} span={2}>
              <Typography.Text style={{ fontSize: 12 }}>{event.userAgent ?? '—'}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.hash')} span={2}>
              <Typography.Text style={{ fontSize: 12, wordBreak: 'break-all' }}>
                <Mono>{event.hash}</Mono>
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('audit.changes')}
          </Typography.Title>
          {rows.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noChanges')} />
          ) : (
            <Table<Row>
              size="small"
              rowKey="field"
              pagination={false}
              dataSource={rows}
              data-testid="audit-diff"
              rowClassName={(r) => (r.changed && !onlyOneSide ? 'audit-changed' : '')}
              onRow={(r) => ({ style: r.changed && !onlyOneSide ? { background: '#fffbe6' } : undefined })}
              columns={[
                { title: t('audit.field'), dataIndex: 'field', width: 150, render: (v: string) => <Mono>{v}</Mono> },
                { title: t('audit.before'), dataIndex: 'before', render: (v: unknown) => <Cell v={v} /> },
                { title: t('audit.after'), dataIndex: 'after', render: (v: unknown) => <Cell v={v} /> },
              ]}
            />
          )}

          <Collapse
            style={{ marginTop: 16 }}
            size="small"
            items={[
              {
                key: 'raw',
                label: t('audit.raw'),
                children: (
                  <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12 }}>
                    {(['before', 'after'] as const).map((side) => (
                      <div key={side}>
                        <Typography.Text strong>{t(side === 'before' ? 'audit.before' : 'audit.after')}</Typography.Text>
                        <pre data-testid={`audit-json-${side}`} style={{ background: '#f6f8fa', padding: 10, borderRadius: 6, fontSize: 12, maxHeight: 360, overflow: 'auto', margin: '6px 0 0' }}>
                          {event[side] === undefined || event[side] === null ? 'null' : JSON.stringify(event[side], null, 2)}
                        </pre>
                      </div>
                    ))}
                  </div>
                ),
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}

function Cell({ v }: { v: unknown }) {
  if (v === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  if (v === null) return <Typography.Text type="secondary">null</Typography.Text>;
  const s = show(v);
  return <span style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12, wordBreak: 'break-all' }}>{s}</span>;
}
