import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Radio, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { OBJECTION_STATUS_LABELS } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { aidKeys, listObjections, raiseObjection, resolveObjection, type ObjectionDto } from './api';
import { ObjectionStatusTag } from './labels';

/** 登记异议: what someone objected to during the notice (the award is paused until it is resolved). */
export function RaiseObjectionModal({ awardId, awardNo, onClose }: { awardId: string; awardNo: string; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ raisedBy?: string; text: string }>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { raisedBy?: string; text: string }) => raiseObjection(awardId, { text: v.text.trim(), ...(v.raisedBy?.trim() ? { raisedBy: v.raisedBy.trim() } : {}) }),
    onSuccess: () => {
      toast()?.success(t('aid.notice.objectionSaved'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['raisedBy', 'text']),
  });
  return (
    <Modal open title={t('aid.notice.objectionTitle', { no: awardNo })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'objection-submit' }} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="objection-form">
        <Form.Item name="raisedBy" label={t('aid.notice.raisedBy')} rules={[{ max: 60 }]}>
          <Input maxLength={60} data-testid="objection-raised-by" />
        </Form.Item>
        <Form.Item name="text" label={t('aid.notice.text')} rules={[{ required: true, whitespace: true, min: 2, max: 1000, message: t('common.required', { field: t('aid.notice.text') }) }]}>
          <Input.TextArea rows={4} maxLength={1000} data-testid="objection-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 处理异议: upheld (the award may then be revoked) or dismissed (it goes on). */
export function ResolveObjectionModal({ objection, onClose }: { objection: ObjectionDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; resolution: string }>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { outcome: 'upheld' | 'dismissed'; resolution: string }) => resolveObjection(objection.id, { outcome: v.outcome, resolution: v.resolution.trim() }),
    onSuccess: () => {
      toast()?.success(t('aid.notice.resolved'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['outcome', 'resolution']),
  });
  return (
    <Modal open title={t('aid.notice.resolveTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'resolve-submit' }} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {objection.awardNo} · {objection.raisedBy ?? t('aid.objection.anonymous')}{t('aid.colon')}{objection.text}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ outcome: 'dismissed' }} onFinish={(v) => save.mutate(v)} data-testid="resolve-form">
        <Form.Item name="outcome" label={t('aid.notice.outcome')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'dismissed', label: t.label(OBJECTION_STATUS_LABELS.dismissed) },
              { value: 'upheld', label: t.label(OBJECTION_STATUS_LABELS.upheld) },
            ]}
            data-testid="resolve-outcome"
          />
        </Form.Item>
        <Form.Item name="resolution" label={t('aid.notice.resolution')} rules={[{ required: true, whitespace: true, min: 2, max: 1000, message: t('common.required', { field: t('aid.notice.resolution') }) }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="resolve-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The objections of one award, with resolve for reviewers. */
export function ObjectionList({ awardId }: { awardId: string }) {
  const t = useT();
  const { can } = useAuth();
  const [resolving, setResolving] = useState<ObjectionDto | null>(null);
  const q = useQuery({ queryKey: aidKeys.objections(awardId), queryFn: () => listObjections(awardId) });
  const columns: TableColumnsType<ObjectionDto> = [
    { title: t('aid.notice.raisedBy'), dataIndex: 'raisedBy', width: 120, render: (v: string | null) => v ?? t('aid.objection.anonymous') },
    { title: t('aid.notice.text'), dataIndex: 'text' },
    { title: t('aid.objection.receivedBy'), key: 'rcv', width: 190, render: (_, r) => `${r.receivedByName} · ${formatDateTime(r.receivedAt, { seconds: false })}` },
    { title: t('aid.status'), dataIndex: 'status', width: 110, render: (v: ObjectionDto['status']) => <ObjectionStatusTag value={v} /> },
    {
      title: t('aid.notice.resolution'),
      key: 'res',
      render: (_, r) =>
        r.status === 'open' ? (
          can(Permission.AidReview) ? (
            <Button size="small" type="primary" onClick={() => setResolving(r)} data-testid={`objection-resolve-${r.id}`}>
              {t('aid.notice.resolve')}
            </Button>
          ) : (
            '—'
          )
        ) : (
          <Space orientation="vertical" size={0}>
            <span>{r.resolution}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.resolvedByName} · {formatDateTime(r.resolvedAt, { seconds: false })}
            </Typography.Text>
          </Space>
        ),
    },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <>
      <Table<ObjectionDto> rowKey="id" size="small" columns={columns} dataSource={q.data ?? []} loading={q.isPending} pagination={false} data-testid="objection-table" />
      {resolving && <ResolveObjectionModal objection={resolving} onClose={() => setResolving(null)} />}
    </>
  );
}
