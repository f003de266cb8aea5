import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  ACCOUNTABILITY_ACTIONS,
  ACCOUNTABILITY_ACTION_LABELS,
  ACCOUNTABILITY_STATUSES,
  ACCOUNTABILITY_STATUS_LABELS,
  FINDING_CAUSES,
  FINDING_CAUSE_LABELS,
  SIGNER_ROLE_LABELS,
  type AccountabilityAction,
  type AccountabilityStatus,
  type FindingCause,
} from '../../../contracts/oversight';
import { useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { LoadMore } from '../../ui/LoadMore';
import { LoadError } from '../../ui/results';
import { useDebounced } from '../../ui/useDebounced';
import { type AccountabilityDto, type AccountabilityFilters, closeAccountability, downloadAccountability, listAccountability, oversightKeys } from './api';
import { useCursorList } from '../../ui/useCursorList';

function CloseModal({ record, onClose, onDone }: { record: AccountabilityDto; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ closingNote: string }>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { closingNote: string }) => closeAccountability(record.id, v.closingNote),
    onSuccess: () => {
      toast()?.success(t('ov.acc.closed'));
      void qc.invalidateQueries({ queryKey: oversightKeys.all });
      onDone();
    },
    onError: (e) => applyFormError(form, e, ['closingNote']),
  });
  return (
    <Modal open title={t('ov.acc.closeTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'acc-close-submit' }} destroyOnHidden>
      <p>
        {record.subjectName} · {t.label(ACCOUNTABILITY_ACTION_LABELS[record.action])} · {record.deadline}
      </p>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="closingNote" label={t('ov.acc.closingNote')} rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('common.required', { field: t('ov.acc.closingNote') }) }]}>
          <Input.TextArea id="acc-closing-note" data-testid="acc-closing-note" rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The accountability records of one finding or of the whole list, with closing. */
export function AccountabilityTable({ rows, loading, onChanged, compact }: { rows: AccountabilityDto[]; loading?: boolean; onChanged?: () => void; compact?: boolean }) {
  const t = useT();
  const [closing, setClosing] = useState<AccountabilityDto | null>(null);
  const columns: TableColumnsType<AccountabilityDto> = [
    ...(compact
      ? []
      : [
          { title: t('ov.col.archiveNo'), dataIndex: 'archiveNo', render: (v: string | null, r: AccountabilityDto) => <Link to={`/oversight/findings/${r.itemId}`}>{v ?? '—'}</Link> },
          { title: t('ov.col.worker'), dataIndex: 'workerName' },
        ]),
    { title: t('ov.acc.subject'), dataIndex: 'subjectName', render: (v: string) => <strong>{v}</strong> },
    { title: t('ov.acc.role'), dataIndex: 'signerRole', render: (v: AccountabilityDto['signerRole']) => t.label(SIGNER_ROLE_LABELS[v]) },
    { title: t('ov.col.cause'), dataIndex: 'cause', render: (v: FindingCause) => t.label(FINDING_CAUSE_LABELS[v]) },
    { title: t('ov.acc.action'), dataIndex: 'action', render: (v: AccountabilityAction) => <Tag color="volcano">{t.label(ACCOUNTABILITY_ACTION_LABELS[v])}</Tag> },
    { title: t('ov.acc.deadline'), dataIndex: 'deadline', render: (v: string, r) => (r.overdue ? <Tag color="error">{`${v} · ${t('ov.acc.overdue')}`}</Tag> : v) },
    {
      title: t('ov.acc.status'),
      dataIndex: 'status',
      render: (v: AccountabilityStatus, r) => (
        <span title={r.closingNote ?? undefined}>
          <Tag color={v === 'open' ? 'processing' : 'default'}>{t.label(ACCOUNTABILITY_STATUS_LABELS[v])}</Tag>
          {r.closedAt ? `${r.closedByName ?? ''} ${formatDateTime(r.closedAt)}` : ''}
        </span>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, r) =>
        r.status === 'open' ? (
          <Button size="small" onClick={() => setClosing(r)} data-testid={`acc-close-${r.id}`}>
            {t('ov.acc.close')}
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Table<AccountabilityDto> rowKey="id" size="small" columns={columns} dataSource={rows} loading={loading} pagination={false} data-testid="accountability-table" scroll={{ x: 900 }} />
      {closing && (
        <CloseModal
          record={closing}
          onClose={() => setClosing(null)}
          onDone={() => {
            setClosing(null);
            onChanged?.();
          }}
        />
      )}
    </>
  );
}

export default function AccountabilityPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounced(search.trim(), 300);
  const filters: AccountabilityFilters = {
    status: (params.get('status') as AccountabilityStatus | null) ?? undefined,
    action: (params.get('action') as AccountabilityAction | null) ?? undefined,
    cause: (params.get('cause') as FindingCause | null) ?? undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    q: q || undefined,
  };
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const list = useCursorList(oversightKeys.accountability(filters), (c) => listAccountability(filters, c));
  const exp = useMutation({ meta: { quiet: true }, mutationFn: () => downloadAccountability(filters), onError: showError });
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  const rows = list.rows;
  return (
    <Card
      title={t('ov.acc.title')}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => exp.mutate()} loading={exp.isPending} data-testid="acc-export">
          {exp.isPending ? t('common.exporting') : t('common.export')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }} data-testid="acc-filters">
        <Input.Search allowClear placeholder={t('ov.acc.searchPh')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 200 }} data-testid="acc-search" />
        <Select allowClear placeholder={t('ov.acc.status')} style={{ width: 130 }} value={filters.status} onChange={(v) => set('status', v)} options={ACCOUNTABILITY_STATUSES.map((s) => ({ value: s, label: t.label(ACCOUNTABILITY_STATUS_LABELS[s]) }))} data-testid="acc-status" />
        <Select allowClear placeholder={t('ov.acc.action')} style={{ width: 150 }} value={filters.action} onChange={(v) => set('action', v)} options={ACCOUNTABILITY_ACTIONS.map((a) => ({ value: a, label: t.label(ACCOUNTABILITY_ACTION_LABELS[a]) }))} data-testid="acc-action" />
        <Select allowClear placeholder={t('ov.col.cause')} style={{ width: 160 }} value={filters.cause} onChange={(v) => set('cause', v)} options={FINDING_CAUSES.map((c) => ({ value: c, label: t.label(FINDING_CAUSE_LABELS[c]) }))} data-testid="acc-cause" />
        <Checkbox checked={filters.overdue === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : undefined)} data-testid="acc-overdue">
          {t('ov.acc.overdueOnly')}
        </Checkbox>
      </Space>
      <AccountabilityTable rows={rows} loading={list.isLoading} onChanged={() => void list.refetch()} />
      <LoadMore q={list} />
    </Card>
  );
}
