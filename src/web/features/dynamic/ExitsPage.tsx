import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../contracts/auth';
import { REVIEW_OUTCOME_LABELS } from '../../../contracts/dynamic';
import { CANCEL_REASON_LABELS, CANCEL_REASONS, CATEGORY_LABELS, type CancelReason } from '../../../contracts/registry';
import { useAuth } from '../../app/auth';
import { useLang, useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { cancelFile, declineProposal, dynamicKeys, listCandidates, listReviewItems, signOffExit, type ExitCandidateDto, type ReviewItemDto } from './api';
import { FileCell, LoadMore, useCursorList, useLabel } from './shared';

type Target = { kind: 'exit' | 'cancel'; householdId: string; name: string; version: number; cancelReason?: CancelReason | null };

function SignOffModal({ target, onClose }: { target: Target; onClose: () => void }) {
  const t = useT();
  const label = useLabel();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string; cancelReason?: CancelReason }>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { reason: string; cancelReason?: CancelReason }) =>
      target.kind === 'exit' ? signOffExit(target.householdId, { version: target.version, reason: v.reason }) : cancelFile(target.householdId, { version: target.version, reason: v.reason, cancelReason: v.cancelReason! }),
    onSuccess: () => {
      toast()?.success(t(target.kind === 'exit' ? 'dyn.exit.done' : 'dyn.exit.cancelled'));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
      void qc.invalidateQueries({ queryKey: ['registry'] });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['reason', 'cancelReason']),
  });
  return (
    <Modal
      open
      title={t(target.kind === 'exit' ? 'dyn.exit.signOffTitle' : 'dyn.exit.cancelTitle', { name: target.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'signoff-submit', danger: target.kind === 'cancel' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ cancelReason: target.cancelReason ?? undefined }} onFinish={(v) => save.mutate(v)} data-testid="signoff-form">
        {target.kind === 'cancel' && (
          <Form.Item name="cancelReason" label={t('dyn.review.cancelReason')} rules={[{ required: true, message: t('common.selectRequired', { field: t('dyn.review.cancelReason') }) }]}>
            <Select data-testid="signoff-cancel-reason" options={CANCEL_REASONS.map((r) => ({ value: r, label: label(CANCEL_REASON_LABELS, r) }))} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('dyn.exit.reason')} rules={[{ required: true, min: 2, max: 500, message: t('common.required', { field: t('dyn.exit.reason') }) }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="signoff-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ExitsPage() {
  const t = useT();
  const lang = useLang();
  const label = useLabel();
  const qc = useQueryClient();
  const { can } = useAuth();
  const canReview = can(Permission.RegistryReview);
  const [target, setTarget] = useState<Target | null>(null);
  const candidates = useCursorList(dynamicKeys.candidates(), (c) => listCandidates(c));
  const proposals = useCursorList(dynamicKeys.proposals(), (c) => listReviewItems({ resolution: 'open' }, c));
  const decline = useMutation({
    mutationFn: (id: string) => declineProposal(id, '经审核，继续帮扶 / kept after review'),
    onSuccess: () => {
      toast()?.success(t('dyn.exit.declined'));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
    },
    onError: showError,
  });

  const cColumns: TableColumnsType<ExitCandidateDto> = [
    { title: t('dyn.col.file'), key: 'file', render: (_, c) => <FileCell id={c.householdId} archiveNo={c.archiveNo} workerName={c.workerName} /> },
    { title: t('dyn.col.org'), dataIndex: 'orgName' },
    { title: t('dyn.col.category'), dataIndex: 'category', render: (v: keyof typeof CATEGORY_LABELS | null) => label(CATEGORY_LABELS, v) },
    { title: t('dyn.col.income'), key: 'inc', render: (_, c) => (c.assessment.latestIncomeFen === null ? '—' : formatFen(c.assessment.latestIncomeFen)) },
    {
      title: t('dyn.col.reasons'),
      key: 'reasons',
      render: (_, c) => (
        <Space direction="vertical" size={2}>
          {c.proposed && <Tag color="blue">{t('dyn.exit.proposed')}</Tag>}
          {c.assessment.reasons.map((r) => (
            <Typography.Text key={r.code} type={r.code === 'candidate' ? 'success' : 'secondary'} data-testid={`reason-${c.householdId}-${r.code}`}>
              {lang === 'en' ? r.en : r.zh}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'act',
      render: (_, c) =>
        canReview ? (
          <Button size="small" type="primary" onClick={() => setTarget({ kind: 'exit', householdId: c.householdId, name: c.workerName, version: c.version })} data-testid={`exit-signoff-${c.householdId}`}>
            {t('dyn.exit.signOff')}
          </Button>
        ) : null,
    },
  ];

  const pColumns: TableColumnsType<ReviewItemDto> = [
    { title: t('dyn.col.file'), key: 'file', render: (_, i) => <FileCell id={i.householdId} archiveNo={i.archiveNo} workerName={i.workerName} /> },
    { title: t('dyn.col.org'), dataIndex: 'orgName' },
    {
      title: t('dyn.review.outcome'),
      key: 'o',
      render: (_, i) => (
        <Space direction="vertical" size={0}>
          <span>{label(REVIEW_OUTCOME_LABELS, i.outcome)}</span>
          {i.cancelReason && <Typography.Text type="secondary">{label(CANCEL_REASON_LABELS, i.cancelReason)}</Typography.Text>}
          {i.notes && <Typography.Text type="secondary">{i.notes}</Typography.Text>}
          <Typography.Text type="secondary">{i.reviewedByName}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'act',
      render: (_, i) =>
        canReview ? (
          <Space wrap>
            <Button
              size="small"
              type="primary"
              danger={i.outcome === 'propose_cancel'}
              data-testid={`proposal-signoff-${i.householdId}`}
              onClick={() => setTarget({ kind: i.outcome === 'propose_cancel' ? 'cancel' : 'exit', householdId: i.householdId, name: i.workerName, version: i.householdVersion, cancelReason: i.cancelReason })}
            >
              {t(i.outcome === 'propose_cancel' ? 'dyn.exit.cancel' : 'dyn.exit.signOff')}
            </Button>
            <Button size="small" onClick={() => decline.mutate(i.id)} loading={decline.isPending && decline.variables === i.id} data-testid={`proposal-decline-${i.householdId}`}>
              {t('dyn.exit.decline')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="exits-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('dyn.exit.title')}
      </Typography.Title>
      <Card size="small" title={t('dyn.exit.proposals')}>
        {proposals.error ? <LoadError error={proposals.error} onRetry={() => void proposals.refetch()} /> : null}
        <Table rowKey="id" size="small" loading={proposals.isLoading} dataSource={proposals.rows} columns={pColumns} pagination={false} data-testid="exit-proposals" />
        <LoadMore list={proposals} testId="proposals-more" />
      </Card>
      <Card size="small" title={t('dyn.exit.candidates')}>
        <Alert type="info" showIcon message={t('dyn.exit.candidatesHint')} style={{ marginBottom: 12 }} />
        {candidates.error ? <LoadError error={candidates.error} onRetry={() => void candidates.refetch()} /> : null}
        <Table rowKey="householdId" size="small" loading={candidates.isLoading} dataSource={candidates.rows} columns={cColumns} pagination={false} locale={{ emptyText: t('dyn.exit.none') }} data-testid="exit-candidates" />
        <LoadMore list={candidates} testId="candidates-more" />
      </Card>
      {target && <SignOffModal target={target} onClose={() => setTarget(null)} />}
    </Space>
  );
}
