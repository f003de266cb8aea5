import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { AWARD_STATUS_LABELS, REVOKE_CAUSES, REVOKE_CAUSE_LABELS, type AwardStatus } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { CATEGORY_LABELS, LEVEL_LABELS, SCHOOLING_LABELS } from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { enumLabel, enumOptions } from '../registry/labels';
import { aidKeys, approveAward, confirmAward, getAward, listRecoveries, rejectAward, revokeAward, withdrawAward, type AwardDto } from './api';
import { AwardStatusTag, CheckLines, Money, RecoveryStatusTag, useActionKey } from './labels';
import { ObjectionList, RaiseObjectionModal } from './ObjectionModals';

const REVOCABLE: AwardStatus[] = ['approved', 'in_notice', 'objected', 'confirmed', 'failed', 'paid'];
const STEP_OF: Record<AwardStatus, number> = { submitted: 0, rejected: 1, withdrawn: 0, approved: 1, in_notice: 2, objected: 2, confirmed: 3, batched: 4, failed: 4, paid: 5, revoked: 5 };

function ApproveModal({ a, onClose }: { a: AwardDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const action = useActionKey();
  const [note, setNote] = useState('');
  const [exhausted, setExhausted] = useState<string | null>(null);
  const approve = useMutation({
    meta: { quiet: true },
    mutationFn: () => approveAward(a.id, a.version, note.trim() || undefined, action.key()),
    onSuccess: () => {
      action.done();
      toast()?.success(t('aid.award.approved'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'BUDGET_EXHAUSTED') return setExhausted(e.message);
      if (isApiError(e) && e.status === 409) {
        action.done();
        void qc.invalidateQueries({ queryKey: aidKeys.award(a.id) });
        onClose();
        return showError(new Error(t('aid.conflict')));
      }
      showError(e);
    },
  });
  return (
    <Modal open title={t('aid.award.approveTitle', { amount: formatFen(a.amountFen) })} onCancel={onClose} onOk={() => approve.mutate()} confirmLoading={approve.isPending} okButtonProps={{ 'data-testid': 'award-approve-submit', disabled: !!exhausted }} destroyOnHidden>
      {exhausted && <Alert type="error" showIcon title={t('aid.award.budgetExhausted', { message: exhausted })} style={{ marginBottom: 12 }} data-testid="award-budget-exhausted" />}
      <Typography.Text>{t('aid.award.reviewNote')}</Typography.Text>
      <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="award-approve-note" style={{ marginTop: 6 }} />
    </Modal>
  );
}

function RejectModal({ a, onClose }: { a: AwardDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { reason: string }) => rejectAward(a.id, a.version, v.reason.trim()),
    onSuccess: () => {
      toast()?.success(t('aid.award.rejected'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['reason']),
  });
  return (
    <Modal open title={t('aid.award.reject')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={reject.isPending} okButtonProps={{ danger: true, 'data-testid': 'award-reject-submit' }} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v)}>
        <Form.Item name="reason" label={t('aid.award.rejectReason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('common.required', { field: t('aid.award.rejectReason') }) }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="award-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RevokeValues {
  reason: string;
  causeType: (typeof REVOKE_CAUSES)[number];
  causeId?: string;
}

/** The recovery opened when a paid award was revoked: its number, outstanding amount and a link. */
function AwardRecovery({ a }: { a: AwardDto }) {
  const q = useQuery({ queryKey: [...aidKeys.recoveries({ householdId: a.householdId }), 'of-award', a.id], queryFn: () => listRecoveries({ householdId: a.householdId }), meta: { quiet: true } });
  const r = q.data?.items.find((x) => x.awardId === a.id);
  if (!r) return <>—</>;
  return (
    <Space size={8}>
      <Link to={`/aid/recoveries/${r.id}`} data-testid="award-recovery-link">
        <Mono>{r.recoveryNo}</Mono>
      </Link>
      <RecoveryStatusTag value={r.status} />
      <Money fen={r.outstandingFen} type={r.outstandingFen > 0 ? 'danger' : undefined} />
    </Space>
  );
}

function RevokeModal({ a, onClose }: { a: AwardDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const action = useActionKey();
  const [form] = Form.useForm<RevokeValues>();
  const cause = Form.useWatch('causeType', form);
  const revoke = useMutation({
    meta: { quiet: true },
    mutationFn: (v: RevokeValues) => revokeAward(a.id, { reason: v.reason.trim(), causeType: v.causeType, ...(v.causeId?.trim() ? { causeId: v.causeId.trim() } : {}) }, action.key()),
    onSuccess: (r) => {
      action.done();
      toast()?.success(r.recovery ? t('aid.award.revokedRecovery', { amount: formatFen(r.recovery.amountDueFen), no: r.recovery.recoveryNo }) : t('aid.award.revoked'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['reason', 'causeType', 'causeId']),
  });
  return (
    <Modal open title={t('aid.award.revokeTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={revoke.isPending} okButtonProps={{ danger: true, 'data-testid': 'award-revoke-submit' }} destroyOnHidden>
      <Alert type="warning" showIcon title={t('aid.award.revokeHint')} style={{ marginBottom: 12 }} />
      <Form<RevokeValues> form={form} layout="vertical" initialValues={{ causeType: 'manual' }} onFinish={(v) => revoke.mutate(v)} data-testid="award-revoke-form">
        <Form.Item name="causeType" label={t('aid.award.revokeCause')} rules={[{ required: true }]}>
          <Select options={enumOptions(t, REVOKE_CAUSES, REVOKE_CAUSE_LABELS)} data-testid="award-revoke-cause" />
        </Form.Item>
        {cause && cause !== 'manual' && (
          <Form.Item name="causeId" label={t('aid.award.revokeCauseId')} rules={[{ pattern: /^[0-9a-f-]{36}$/i, message: 'UUID' }]}>
            <Input data-testid="award-revoke-cause-id" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('aid.reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('common.required', { field: t('aid.reason') }) }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="award-revoke-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function AwardPage() {
  const t = useT();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const [open, setOpen] = useState<'approve' | 'reject' | 'revoke' | 'objection' | null>(null);
  const q = useQuery({ queryKey: aidKeys.award(id), queryFn: () => getAward(id), meta: { quiet: true } });
  const after = (msg: string) => () => {
    toast()?.success(msg);
    void qc.invalidateQueries({ queryKey: aidKeys.all });
  };
  const withdraw = useMutation({ mutationFn: () => withdrawAward(id), onSuccess: after(t('aid.award.withdrawn')) });
  const confirm = useMutation({ mutationFn: () => confirmAward(id), onSuccess: after(t('aid.award.confirmed')) });

  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  if (!a) return <Card loading />;
  const rejected = a.status === 'rejected' || a.status === 'withdrawn' || a.status === 'revoked';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/aid">{t('aid.programs.title')}</Link> }, { title: <Link to={`/aid/programs/${a.programId}`}>{a.programName}</Link> }, { title: a.awardNo }]} />
      <Card
        title={
          <Space wrap>
            <Mono>
              <span data-testid="award-no">{a.awardNo}</span>
            </Mono>
            <span>{a.workerName}</span>
            <AwardStatusTag value={a.status} testId="award-status" />
            <Money fen={a.amountFen} strong testId="award-amount" />
          </Space>
        }
        extra={
          <Space wrap data-testid="award-actions">
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} loading={q.isFetching} />
            {can(Permission.AidReview) && a.status === 'submitted' && (
              <>
                <Button type="primary" onClick={() => setOpen('approve')} data-testid="award-approve">
                  {t('aid.award.approve')}
                </Button>
                <Button danger onClick={() => setOpen('reject')} data-testid="award-reject">
                  {t('aid.award.reject')}
                </Button>
              </>
            )}
            {can(Permission.AidApply) && a.status === 'submitted' && (
              <Button onClick={() => modal.confirm({ title: t('aid.award.withdraw'), content: t('aid.award.withdrawConfirm'), onOk: () => withdraw.mutateAsync() })} loading={withdraw.isPending} data-testid="award-withdraw">
                {t('aid.award.withdraw')}
              </Button>
            )}
            {can(Permission.AidApply) && (a.status === 'in_notice' || a.status === 'objected') && (
              <Button onClick={() => setOpen('objection')} data-testid="award-objection">
                {t('aid.notice.objection')}
              </Button>
            )}
            {can(Permission.AidReview) && a.status === 'in_notice' && a.openObjections === 0 && (
              <Button type="primary" onClick={() => confirm.mutate()} loading={confirm.isPending} data-testid="award-confirm">
                {t('aid.award.confirm')}
              </Button>
            )}
            {can(Permission.AidReview) && REVOCABLE.includes(a.status) && (
              <Button danger onClick={() => setOpen('revoke')} data-testid="award-revoke">
                {t('aid.award.revoke')}
              </Button>
            )}
          </Space>
        }
      >
        <Steps
          size="small"
          current={STEP_OF[a.status]}
          status={rejected || a.status === 'failed' ? 'error' : a.status === 'paid' ? 'finish' : 'process'}
          style={{ marginBottom: 16 }}
          items={[
            { title: t('aid.award.step.applied'), content: formatDateTime(a.appliedAt, { seconds: false }) },
            { title: a.status === 'rejected' ? t('aid.award.rejected') : t('aid.award.step.reviewed'), content: a.reviewedAt ? formatDateTime(a.reviewedAt, { seconds: false }) : undefined },
            { title: a.status === 'objected' ? enumLabel(t, AWARD_STATUS_LABELS, 'objected') : t('aid.award.step.notice') },
            { title: t('aid.award.step.confirmed'), content: a.confirmedAt ? formatDateTime(a.confirmedAt, { seconds: false }) : undefined },
            { title: a.status === 'failed' ? enumLabel(t, AWARD_STATUS_LABELS, 'failed') : t('aid.award.step.batched') },
            { title: a.status === 'revoked' ? t('aid.award.revoked') : t('aid.award.step.paid'), content: (a.paidAt ?? a.revokedAt) ? formatDateTime(a.revokedAt ?? a.paidAt, { seconds: false }) : undefined },
          ]}
        />
        <Descriptions size="small" column={{ xs: 1, md: 3 }} data-testid="award-details">
          <Descriptions.Item label={t('aid.program')}>
            <Link to={`/aid/programs/${a.programId}`}>{a.programName}</Link> · {t('aid.prog.versionN', { n: a.programVersion })}
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.archiveNo')}>
            <Link to={`/registry/households/${a.householdId}`}>
              <Mono>{a.archiveNo ?? '—'}</Mono>
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.org')}>{a.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('aid.award.category')}>
            {enumLabel(t, CATEGORY_LABELS, a.category)} · {enumLabel(t, LEVEL_LABELS, a.level)}
          </Descriptions.Item>
          {a.studentName && (
            <Descriptions.Item label={t('aid.award.student')}>
              {a.studentName} · {enumLabel(t, SCHOOLING_LABELS, a.studentStage)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('aid.award.payee')}>
            {a.payeeName} {a.payeeBankName ?? ''} <Mono>{a.payeeAccount ?? '—'}</Mono>
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.award.appliedBy')}>
            {a.appliedByName} · {formatDateTime(a.appliedAt, { seconds: false })}
          </Descriptions.Item>
          {a.reviewedByName && (
            <Descriptions.Item label={t('aid.award.reviewedBy')}>
              {a.reviewedByName} · {formatDateTime(a.reviewedAt, { seconds: false })}
            </Descriptions.Item>
          )}
          {a.reviewNote && <Descriptions.Item label={t('aid.award.reviewNote')}>{a.reviewNote}</Descriptions.Item>}
          {a.noticeId && (
            <Descriptions.Item label={t('aid.award.notice')}>
              <Link to={`/aid/notices/${a.noticeId}`} data-testid="award-notice-link">
                {t('aid.notices.title')}
              </Link>
            </Descriptions.Item>
          )}
          {a.revokedAt && (
            <Descriptions.Item label={t('aid.award.revoked')}>
              {a.revokeCauseType ? enumLabel(t, REVOKE_CAUSE_LABELS, a.revokeCauseType) : ''} · {a.revokeReason}
            </Descriptions.Item>
          )}
          {a.revokedAt && a.paidAt && (
            <Descriptions.Item label={t('aid.award.openRecovery')}>
              <AwardRecovery a={a} />
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t('aid.award.explanation')} size="small">
        <CheckLines checks={a.explanation.checks} />
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
          {t('aid.apply.amount')} <Money fen={a.amountFen} strong /> <Typography.Text type="secondary">{t.label(a.explanation.amountExplain)}</Typography.Text>
        </Typography.Paragraph>
      </Card>
      {(a.noticeId || a.openObjections > 0) && (
        <Card title={t('aid.award.objections')} size="small">
          <ObjectionList awardId={a.id} />
        </Card>
      )}
      {open === 'approve' && <ApproveModal a={a} onClose={() => setOpen(null)} />}
      {open === 'reject' && <RejectModal a={a} onClose={() => setOpen(null)} />}
      {open === 'revoke' && <RevokeModal a={a} onClose={() => setOpen(null)} />}
      {open === 'objection' && <RaiseObjectionModal awardId={a.id} awardNo={a.awardNo} onClose={() => setOpen(null)} />}
    </Space>
  );
}
