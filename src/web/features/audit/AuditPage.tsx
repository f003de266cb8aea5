import { DownloadOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, AutoComplete, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { GetProps } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { exportXlsx } from '../../ui/excel';
import { showError, toast } from '../../ui/feedback';
import { formatDateTime, shanghaiIso } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { ACTION_GROUPS, ENTITY_TYPES, KNOWN_ACTIONS, auditKeys, listAudit, verifyAudit, type AuditEvent, type AuditFilters } from './api';
import { AuditEventDrawer } from './AuditEventDrawer';
import { useCursorList } from '../../ui/useCursorList';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

interface FilterForm {
  actorUsername?: string;
  entityType?: string;
  action?: string;
  range?: RangeValue;
}

const ACTION_COLORS: Record<string, string> = { auth: 'blue', user: 'geekblue', org: 'purple', pii: 'red', registry: 'green', demo: 'default' };

export default function AuditPage() {
  const t = useT();
  const { modal } = App.useApp();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const [exporting, setExporting] = useState(false);

  const list = useCursorList(auditKeys.list(filters), (c) => listAudit(filters, c));
  const rows = list.rows;

  const verify = useMutation({
    mutationFn: verifyAudit,
    onSuccess: (r) => {
      const body = (
        <Descriptions column={1} size="small" style={{ marginTop: 12 }} data-testid="audit-verify-result">
          <Descriptions.Item label={t('audit.checked')}>{r.checked}</Descriptions.Item>
          <Descriptions.Item label={t('audit.headSeq')}>{r.headSeq}</Descriptions.Item>
          <Descriptions.Item label={t('common.details')}>{r.message}</Descriptions.Item>
          {r.problem != null && (
            <Descriptions.Item label={t('audit.problem')}>
              <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{JSON.stringify(r.problem, null, 2)}</pre>
            </Descriptions.Item>
          )}
        </Descriptions>
      );
      if (r.ok) modal.success({ title: t('audit.verifyOk'), content: body, width: 520, okText: t('common.ok') });
      else modal.error({ title: t('audit.verifyBad'), content: body, width: 560, okText: t('common.ok') });
    },
  });

  const apply = (v: FilterForm) => {
    const [from, to] = v.range ?? [];
    setFilters({
      actorUsername: v.actorUsername?.trim() || undefined,
      entityType: v.entityType || undefined,
      action: v.action?.trim() || undefined,
      from: from ? shanghaiIso(from.format('YYYY-MM-DD'), '00:00:00') : undefined,
      to: to ? shanghaiIso(to.format('YYYY-MM-DD'), '23:59:59.999') : undefined,
    });
  };

  const actionLabel = (a: string) => t.maybe(`action.${a}`, a);

  const doExport = async () => {
    if (!rows.length) {
      toast()?.info(t('common.nothingToExport'));
      return;
    }
    setExporting(true);
    try {
      await exportXlsx<AuditEvent>({
        fileName: t('menu.audit'),
        sheetName: t('audit.exportSheet'),
        title: `${t('menu.audit')} · ${formatDateTime(new Date())}`,
        rows,
        columns: [
          { header: t('audit.seq'), value: (e) => e.seq },
          { header: t('audit.time'), value: (e) => formatDateTime(e.at) },
          { header: t('audit.actor'), value: (e) => e.actorUsername ?? t('audit.system') },
          { header: t('audit.action'), value: (e) => e.action },
          { header: t('audit.action') + ' *', value: (e) => actionLabel(e.action) },
          { header: t('audit.entityType'), value: (e) => e.entityType },
          { header: t('audit.entityId'), value: (e) => e.entityId ?? '' },
          { header: t('audit.ip'), value: (e) => e.ip ?? '' },
          { header: t('audit.userAgent'), value: (e) => e.userAgent ?? '', width: 40 },
          { header: t('audit.before'), value: (e) => (e.before == null ? '' : JSON.stringify(e.before)), width: 60 },
          { header: t('audit.after'), value: (e) => (e.after == null ? '' : JSON.stringify(e.after)), width: 60 },
          { header: t('audit.hash'), value: (e) => e.hash, width: 30 },
        ],
      });
      toast()?.success(t('common.exported', { count: rows.length }));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
    { title: t('audit.time'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('audit.actor'), dataIndex: 'actorUsername', width: 160, render: (v: string | null) => (v ? <Mono>{v}</Mono> : <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>) },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 200,
      render: (v: string) => (
        <Tooltip title={v}>
          <Tag color={ACTION_COLORS[v.split('.')[0]] ?? 'default'}>{actionLabel(v)}</Tag>
        </Tooltip>
      ),
    },
    { title: t('audit.entityType'), dataIndex: 'entityType', width: 110, render: (v: string) => t.maybe(`entity.${v}`, v) },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      ellipsis: { showTitle: false },
      render: (v: string | null) =>
        v ? (
          <Tooltip title={v}>
            <Mono>{v}</Mono>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: '',
      key: 'open',
      width: 80,
      render: (_, e) => (
        <Button type="link" size="small" onClick={() => setOpen(e)}>
          {t('common.details')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={
        <span>
          {t('audit.list')}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', marginInlineStart: 8 }}>
            {t('audit.chainHint')}
          </Typography.Text>
        </span>
      }
      extra={
        <Space>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
            {t('audit.verify')}
          </Button>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="audit-export">
            {t('common.export')}
          </Button>
        </Space>
      }
    >
      <Form<FilterForm> form={form} layout="inline" onFinish={apply} style={{ rowGap: 12, marginBottom: 16 }} data-testid="audit-filters">
        <Form.Item name="actorUsername">
          <Input placeholder={t('audit.actorPlaceholder')} allowClear style={{ width: 140 }} maxLength={64} id="audit-actor" />
        </Form.Item>
        <Form.Item name="entityType">
          <Select
            allowClear
            placeholder={t('audit.entityType')}
            style={{ width: 116 }}
            options={ENTITY_TYPES.map((e) => ({ value: e, label: t.maybe(`entity.${e}`, e) }))}
            id="audit-entity"
          />
        </Form.Item>
        <Form.Item name="action">
          <AutoComplete
            allowClear
            placeholder={t('audit.actionPlaceholder')}
            style={{ width: 200 }}
            options={[
              ...ACTION_GROUPS.map((g) => ({ value: g, label: `${g} — ${t.maybe(`action.group.${g}`, g)}` })),
              ...KNOWN_ACTIONS.map((a) => ({ value: a, label: `${a} — ${actionLabel(a)}` })),
            ]}
            showSearch={{ filterOption: (input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }}
            id="audit-action"
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker style={{ width: 240 }} id="audit-range" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('common.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <Button
            onClick={() => {
              form.resetFields();
              setFilters({});
            }}
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>

      {list.isError && !rows.length ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<AuditEvent>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 1100 }}
          onRow={(e) => ({ onClick: () => setOpen(e), style: { cursor: 'pointer' } })}
          data-testid="audit-table"
          footer={() => (
            <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography.Text type="secondary">
                {t('common.loaded', { count: rows.length })} · {t('audit.newestFirst')}
              </Typography.Text>
              {list.hasNextPage ? (
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="audit-load-more">
                  {t('common.loadMore')}
                </Button>
              ) : (
                rows.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
              )}
            </div>
          )}
        />
      )}
      <AuditEventDrawer event={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
