import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../contracts/auth';
import { FOLLOW_UP_OUTCOME_LABELS, FOLLOW_UP_OUTCOMES, type FollowUpOutcome } from '../../../contracts/dynamic';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { YuanInput, yuanRule } from '../registry/inputs';
import { yuanTextToFen } from '../registry/numbers';
import { dynamicKeys, listCalls, listDue, recordCall, reopenFromCall, type FollowUpCallDto, type FollowUpDueDto } from './api';
import { FileCell, LoadMore, useCursorList, useLabel } from './shared';

interface CallValues {
  callDate: Dayjs;
  outcome: FollowUpOutcome;
  income?: string;
  notes?: string;
  reopenNow?: boolean;
}

function CallModal({ due, onClose }: { due: FollowUpDueDto; onClose: () => void }) {
  const t = useT();
  const label = useLabel();
  const qc = useQueryClient();
  const { can } = useAuth();
  const [form] = Form.useForm<CallValues>();
  const outcome = Form.useWatch('outcome', form);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: CallValues) =>
      recordCall({
        householdId: due.householdId,
        milestone: due.milestone as 3 | 12,
        callDate: v.callDate.format('YYYY-MM-DD'),
        outcome: v.outcome,
        notes: v.notes || undefined,
        perCapitaIncomeFen: v.income ? (yuanTextToFen(v.income) ?? undefined) : undefined,
        reopenNow: v.outcome === 'relapsed' && v.reopenNow ? true : undefined,
        version: v.outcome === 'relapsed' && v.reopenNow ? due.householdVersion : undefined,
      }),
    onSuccess: () => {
      toast()?.success(t('dyn.follow.saved'));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['callDate', 'outcome', 'income', 'notes', 'reopenNow']),
  });
  return (
    <Modal open title={t('dyn.follow.recordTitle', { name: due.workerName })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'call-submit' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ callDate: dayjs(), outcome: 'stable' }} onFinish={(v) => save.mutate(v)} data-testid="call-form">
        <Typography.Paragraph type="secondary">
          {t('dyn.follow.months', { n: due.milestone })} · {t('dyn.follow.exitedOn')} {due.exitedOn}
        </Typography.Paragraph>
        <Form.Item name="callDate" label={t('dyn.follow.callDate')} rules={[{ required: true }]}>
          <DatePicker data-testid="call-date" />
        </Form.Item>
        <Form.Item name="outcome" label={t('dyn.follow.outcome')} rules={[{ required: true }]}>
          <Radio.Group>
            {FOLLOW_UP_OUTCOMES.map((o) => (
              <Radio.Button key={o} value={o} data-testid={`call-outcome-${o}`}>
                {label(FOLLOW_UP_OUTCOME_LABELS, o)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="income" label={t('dyn.follow.income')} rules={[yuanRule(t)]}>
          <YuanInput data-testid="call-income" />
        </Form.Item>
        <Form.Item name="notes" label={t('dyn.review.notes')}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="call-notes" />
        </Form.Item>
        {outcome === 'relapsed' && can(Permission.RegistryReview) && (
          <Form.Item name="reopenNow" valuePropName="checked">
            <Checkbox data-testid="call-reopen-now">{t('dyn.follow.reopenNow')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export default function FollowUpsPage() {
  const t = useT();
  const label = useLabel();
  const qc = useQueryClient();
  const { can } = useAuth();
  const [within, setWithin] = useState(30);
  const [reopenStatus, setReopenStatus] = useState<string | undefined>();
  const [calling, setCalling] = useState<FollowUpDueDto | null>(null);
  const due = useCursorList([...dynamicKeys.due(), within], (c) => listDue(within, c));
  const calls = useCursorList(dynamicKeys.calls({ reopenStatus }), (c) => listCalls({ reopenStatus }, c));
  const reopen = useMutation({
    mutationFn: (c: FollowUpCallDto) => reopenFromCall(c.id, { version: c.householdVersion, reason: `回访发现返困，重新纳入帮扶 / relapse at the ${c.milestone}-month call` }),
    onSuccess: () => {
      toast()?.success(t('dyn.follow.reopened'));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
    },
    onError: showError,
  });

  const dueColumns: TableColumnsType<FollowUpDueDto> = [
    { title: t('dyn.col.file'), key: 'file', render: (_, d) => <FileCell id={d.householdId} archiveNo={d.archiveNo} workerName={d.workerName} /> },
    { title: t('dyn.col.org'), dataIndex: 'orgName' },
    { title: t('dyn.follow.exitedOn'), dataIndex: 'exitedOn', width: 110 },
    { title: t('dyn.follow.milestone'), dataIndex: 'milestone', width: 130, render: (n: number) => t('dyn.follow.months', { n }) },
    { title: t('dyn.col.due'), dataIndex: 'dueDate', width: 110, render: (v: string, d) => (d.overdue ? <Tag color="red">{v}</Tag> : v) },
    {
      title: t('common.actions'),
      key: 'act',
      render: (_, d) =>
        can(Permission.RegistryWrite) ? (
          <Button size="small" type="primary" onClick={() => setCalling(d)} data-testid={`call-record-${d.householdId}-${d.milestone}`}>
            {t('dyn.follow.record')}
          </Button>
        ) : null,
    },
  ];
  const callColumns: TableColumnsType<FollowUpCallDto> = [
    { title: t('dyn.col.file'), key: 'file', render: (_, c) => <FileCell id={c.householdId} archiveNo={c.archiveNo} workerName={c.workerName} /> },
    { title: t('dyn.follow.milestone'), dataIndex: 'milestone', width: 130, render: (n: number) => t('dyn.follow.months', { n }) },
    { title: t('dyn.follow.callDate'), dataIndex: 'callDate', width: 110 },
    { title: t('dyn.follow.calledBy'), dataIndex: 'calledByName' },
    {
      title: t('dyn.follow.outcome'),
      key: 'o',
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <Tag color={c.outcome === 'relapsed' ? 'red' : 'green'}>{label(FOLLOW_UP_OUTCOME_LABELS, c.outcome)}</Tag>
          {c.perCapitaIncomeFen !== null && <Typography.Text type="secondary">{formatFen(c.perCapitaIncomeFen)}</Typography.Text>}
          {c.notes && <Typography.Text type="secondary">{c.notes}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('dyn.col.status'), dataIndex: 'reopenStatus', render: (v: FollowUpCallDto['reopenStatus']) => t(`dyn.follow.reopenStatus.${v}`) },
    {
      title: t('common.actions'),
      key: 'act',
      render: (_, c) =>
        c.reopenStatus === 'requested' && can(Permission.RegistryReview) ? (
          <Button size="small" danger onClick={() => Modal.confirm({ title: t('dyn.follow.reopen'), onOk: () => reopen.mutateAsync(c) })} data-testid={`call-reopen-${c.id}`}>
            {t('dyn.follow.reopen')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="follow-ups-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('dyn.follow.title')}
      </Typography.Title>
      <Card
        size="small"
        title={t('dyn.follow.due')}
        extra={
          <Space>
            {t('dyn.follow.within')}
            <InputNumber size="small" min={0} max={400} value={within} onChange={(v) => setWithin(v ?? 0)} data-testid="due-within" />
          </Space>
        }
      >
        {due.error ? <LoadError error={due.error} onRetry={() => void due.refetch()} /> : null}
        <Table rowKey={(d) => `${d.householdId}:${d.milestone}`} size="small" loading={due.isLoading} dataSource={due.rows} columns={dueColumns} pagination={false} data-testid="follow-ups-due" />
        <LoadMore list={due} testId="due-more" />
      </Card>
      <Card
        size="small"
        title={t('dyn.follow.recorded')}
        extra={
          <Select
            size="small"
            allowClear
            style={{ width: 160 }}
            placeholder={t('dyn.col.status')}
            value={reopenStatus}
            onChange={setReopenStatus}
            data-testid="calls-reopen-status"
            options={(['requested', 'reopened'] as const).map((s) => ({ value: s, label: t(`dyn.follow.reopenStatus.${s}`) }))}
          />
        }
      >
        {calls.error ? <LoadError error={calls.error} onRetry={() => void calls.refetch()} /> : null}
        <Table rowKey="id" size="small" loading={calls.isLoading} dataSource={calls.rows} columns={callColumns} pagination={false} data-testid="follow-up-calls" />
        <LoadMore list={calls} testId="calls-more" />
      </Card>
      {calling && <CallModal due={calling} onClose={() => setCalling(null)} />}
    </Space>
  );
}
