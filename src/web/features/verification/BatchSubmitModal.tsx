import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { CategoryTag } from '../registry/labels';
import { listDrafts, submitBatch, verificationKeys } from './api';

/** 摸底上报 in one go: the drafts of a grassroots report are submitted together (all or nothing), each opening a task. */
export function BatchSubmitModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [form] = Form.useForm<{ reason: string }>();
  const drafts = useQuery({ queryKey: ['verification', 'drafts'], queryFn: listDrafts });
  const rows = drafts.data?.items ?? [];
  const m = useMutation({
    mutationFn: (v: { reason: string }) => submitBatch({ reason: v.reason, items: rows.filter((r) => selected.includes(r.id)).map((r) => ({ householdId: r.id, version: r.version })) }),
    onSuccess: (r) => {
      toast()?.success(t('vf.batch.done', { count: r.items.length }));
      void qc.invalidateQueries({ queryKey: verificationKeys.all });
      onClose();
    },
    onError: (e) => {
      showError(e);
      void drafts.refetch();
    },
  });
  return (
    <Modal
      open
      width={820}
      title={t('vf.batch.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('vf.batch.ok', { count: selected.length })}
      okButtonProps={{ disabled: selected.length === 0, 'data-testid': 'vf-batch-ok' }}
      confirmLoading={m.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('vf.batch.hint')}</Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        loading={drafts.isLoading}
        dataSource={rows}
        pagination={false}
        scroll={{ y: 320, x: 'max-content' }}
        rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]) }}
        columns={[
          { title: t('vf.col.worker'), dataIndex: 'workerName' },
          { title: t('vf.col.org'), dataIndex: 'orgName' },
          { title: t('vf.rec.category'), dataIndex: 'category', render: (v) => <CategoryTag value={v} /> },
          { title: t('vf.check.income'), dataIndex: 'annualIncomeFen', align: 'right', render: (v: number) => formatFen(v) },
          { title: t('vf.col.updated'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, { seconds: false }) },
        ]}
      />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }} initialValues={{ reason: '基层摸底上报' }} onFinish={(v) => m.mutate(v)}>
        <Form.Item name="reason" label={t('vf.decision.reason')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
