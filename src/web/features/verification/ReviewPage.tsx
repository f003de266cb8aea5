import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { CANCEL_REASONS, CANCEL_REASON_LABELS, CATEGORY_LABELS, EMPLOYMENT_LABELS, HOUSING_LABELS, LEVEL_LABELS, type CancelReason } from '../../../contracts/registry';
import { WORK_SITUATION_LABELS, type DiffRow } from '../../../contracts/verification';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT, type MsgKey } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { registryKeys } from '../registry/api';
import { CategoryTag, LevelTag, StatusTag, enumLabel } from '../registry/labels';
import { decide, getReview, verificationKeys } from './api';
import { TaskStatusTag } from './TasksPage';
import { VisitCard } from './VisitCard';

type Decision = 'approve' | 'reject' | 'second_visit';
const DECISION_LABEL: Record<Decision, MsgKey> = { approve: 'vf.approve', reject: 'vf.reject', second_visit: 'vf.secondVisit' };
const DEFAULT_REASON: Record<Decision, string> = { approve: '入户核查属实，审核建档', reject: '', second_visit: '' };

function DiffValue({ row, v }: { row: DiffRow; v: unknown }) {
  const t = useT();
  if (v === null || v === undefined) return <>—</>;
  switch (row.field) {
    case 'annualIncomeFen':
      return <>{formatFen(v as number)}</>;
    case 'housing':
      return <>{enumLabel(t, HOUSING_LABELS, String(v))}</>;
    case 'category':
      return <>{enumLabel(t, CATEGORY_LABELS, String(v))}</>;
    case 'level':
      return <>{enumLabel(t, LEVEL_LABELS, String(v))}</>;
    case 'illness':
      return <>{v ? t('common.yes') : t('common.no')}</>;
    case 'work':
      return <>{enumLabel(t, { ...EMPLOYMENT_LABELS, ...WORK_SITUATION_LABELS }, String(v))}</>;
    default:
      return <>{String(v)}</>;
  }
}

/** 审核: the reported file against the signed visit, field by field; approve, reject or send back for a second visit. */
export default function ReviewPage() {
  const t = useT();
  const qc = useQueryClient();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [form] = Form.useForm<{ reason: string; cancelReason?: CancelReason }>();
  const q = useQuery({ queryKey: verificationKeys.review(id), queryFn: () => getReview(id), meta: { quiet: true } });
  const m = useMutation({
    mutationFn: (v: { reason: string; cancelReason?: CancelReason }) => decide(id, { decision: decision!, reason: v.reason, cancelReason: v.cancelReason, version: q.data!.household.version }),
    onSuccess: (r) => {
      qc.setQueryData(verificationKeys.review(id), r);
      void qc.invalidateQueries({ queryKey: verificationKeys.all });
      void qc.invalidateQueries({ queryKey: registryKeys.one(id) });
      toast()?.success(t('vf.decided'));
      setDecision(null);
    },
    onError: (e) => {
      showError(e);
      if (isApiError(e) && e.status === 409) void q.refetch();
    },
  });
  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Card><Skeleton active /></Card>;
  const { household: h, visit, diff, stale, tasks } = q.data;
  const canDecide = can(Permission.RegistryReview) && h.status === 'verified';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card data-testid="vf-review-header">
        <Space wrap size={10} align="center">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="vf-review-archive-no">
            {h.archiveNo ? <Mono>{h.archiveNo}</Mono> : <Typography.Text type="secondary">{t('hh.noArchiveNo')}</Typography.Text>}
          </Typography.Title>
          <Typography.Title level={4} style={{ margin: 0 }}>
            <Link to={`/registry/households/${h.id}`}>{h.workerName}</Link>
          </Typography.Title>
          <span data-testid="vf-review-status">
            <StatusTag value={h.status} />
          </span>
          <CategoryTag value={h.category} />
          <LevelTag value={h.level} />
        </Space>
        <div style={{ marginTop: 6, color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>
          {h.orgName} · {h.regionName ?? h.regionCode} · {h.address}
        </div>
        {canDecide && (
          <Space wrap style={{ marginTop: 12 }}>
            <Button type="primary" onClick={() => setDecision('approve')} disabled={stale} data-testid="vf-approve">
              {t('vf.approve')}
            </Button>
            <Button onClick={() => setDecision('second_visit')} data-testid="vf-second-visit">
              {t('vf.secondVisit')}
            </Button>
            <Button danger onClick={() => setDecision('reject')} data-testid="vf-reject">
              {t('vf.reject')}
            </Button>
          </Space>
        )}
      </Card>
      {stale && <Alert type="warning" showIcon title={t('vf.stale')} data-testid="vf-stale" />}
      {!visit && <Alert type="info" showIcon title={t('vf.noVisit')} />}
      {visit && (
        <Card size="small" title={t('vf.diff.title')} data-testid="vf-diff">
          <Table
            rowKey="field"
            size="small"
            pagination={false}
            dataSource={diff}
            rowClassName={(r) => (r.differs ? 'vf-differs' : '')}
            onRow={(r) => ({ 'data-testid': `vf-diff-${r.field}`, style: r.differs ? { background: '#fff7e6' } : undefined }) as object}
            columns={[
              { title: t('vf.diff.field'), key: 'f', render: (_: unknown, r: DiffRow) => (t.lang === 'en' ? r.en : r.zh) },
              { title: t('vf.diff.reported'), key: 'r', render: (_: unknown, r: DiffRow) => <DiffValue row={r} v={r.reported} /> },
              { title: t('vf.diff.found'), key: 'v', render: (_: unknown, r: DiffRow) => <DiffValue row={r} v={r.found} /> },
              { title: '', key: 'd', width: 90, render: (_: unknown, r: DiffRow) => (r.differs ? <Tag color="orange">{t('vf.diff.differs')}</Tag> : <Tag color="green">{t('vf.diff.same')}</Tag>) },
            ]}
          />
        </Card>
      )}
      {visit && <VisitCard v={visit} />}
      <Card size="small" title={t('vf.tasks.history')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={tasks}
          columns={[
            { title: t('vf.col.round'), dataIndex: 'round' },
            { title: t('vf.col.status'), dataIndex: 'status', render: (v) => <TaskStatusTag value={v} /> },
            { title: t('vf.investigator'), key: 'i', render: (_: unknown, r) => r.investigator?.name ?? '—' },
            { title: '', key: 'v', render: (_: unknown, r) => (r.visitId ? <Link to={`/verification/visits/${r.visitId}`}>{t('vf.viewVisit')}</Link> : null) },
          ]}
        />
      </Card>
      {decision && (
        <Modal
          open
          title={t(DECISION_LABEL[decision])}
          onCancel={() => setDecision(null)}
          onOk={() => form.submit()}
          confirmLoading={m.isPending}
          okButtonProps={{ danger: decision === 'reject', 'data-testid': 'vf-decision-ok' }}
          destroyOnHidden
        >
          <Form form={form} layout="vertical" initialValues={{ reason: DEFAULT_REASON[decision], cancelReason: 'ineligible' }} onFinish={(v) => m.mutate(v)}>
            <Form.Item name="reason" label={t('vf.decision.reason')} rules={[{ required: true, min: 2, message: t('common.required', { field: t('vf.decision.reason') }) }]}>
              <Input.TextArea rows={3} maxLength={500} data-testid="vf-decision-reason" />
            </Form.Item>
            {decision === 'reject' && (
              <Form.Item name="cancelReason" label={t('vf.decision.cancelReason')} rules={[{ required: true }]}>
                <Select options={CANCEL_REASONS.map((c) => ({ value: c, label: t.label(CANCEL_REASON_LABELS[c], c) }))} />
              </Form.Item>
            )}
          </Form>
        </Modal>
      )}
    </Space>
  );
}
