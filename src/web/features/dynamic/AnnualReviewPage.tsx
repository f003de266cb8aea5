import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Progress, Radio, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Permission } from '../../../contracts/auth';
import { REVIEW_OUTCOME_LABELS, REVIEW_OUTCOMES, type ReviewOutcome } from '../../../contracts/dynamic';
import { CANCEL_REASON_LABELS, CANCEL_REASONS, type CancelReason } from '../../../contracts/registry';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { YuanInput, yuanRule } from '../registry/inputs';
import { currentYear, yuanTextToFen } from '../registry/numbers';
import { dynamicKeys, getProgress, listCampaigns, listReviewItems, recordReview, startReview, type ReviewItemDto } from './api';
import { FileCell, LoadMore, useCursorList, useLabel } from './shared';

function StartCard({ onStarted }: { onStarted: (id: string) => void }) {
  const t = useT();
  const { me } = useAuth();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ orgId: string; year: number; dueDate?: Dayjs }>();
  const start = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { orgId: string; year: number; dueDate?: Dayjs }) => startReview({ orgId: v.orgId, year: v.year, dueDate: v.dueDate?.format('YYYY-MM-DD') }),
    onSuccess: (c) => {
      toast()?.success(t('dyn.review.started', { n: c.scheduled ?? 0 }));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
      onStarted(c.id);
    },
    onError: (e) => applyFormError(form, e, ['orgId', 'year', 'dueDate']),
  });
  return (
    <Card title={t('dyn.review.start')} size="small">
      <Typography.Paragraph type="secondary">{t('dyn.review.startHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" initialValues={{ orgId: me.org.id, year: currentYear() }} onFinish={(v) => start.mutate(v)} data-testid="review-start-form">
        <Form.Item name="orgId" label={t('dyn.review.org')} rules={[{ required: true }]}>
          <OrgTreeSelect style={{ width: 280 }} data-testid="review-org" />
        </Form.Item>
        <Form.Item name="year" label={t('dyn.review.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} data-testid="review-year" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('dyn.review.dueDate')}>
          <DatePicker data-testid="review-due" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={start.isPending} data-testid="review-start">
          {t('dyn.review.start')}
        </Button>
      </Form>
    </Card>
  );
}

interface RecordValues {
  outcome: ReviewOutcome;
  income?: string;
  cancelReason?: CancelReason;
  notes?: string;
}

function RecordModal({ item, onClose }: { item: ReviewItemDto; onClose: () => void }) {
  const t = useT();
  const label = useLabel();
  const qc = useQueryClient();
  const [form] = Form.useForm<RecordValues>();
  const outcome = Form.useWatch('outcome', form);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: RecordValues) =>
      recordReview(item.id, {
        outcome: v.outcome,
        perCapitaIncomeFen: v.income ? (yuanTextToFen(v.income) ?? undefined) : undefined,
        cancelReason: v.outcome === 'propose_cancel' ? v.cancelReason : undefined,
        notes: v.notes || undefined,
      }),
    onSuccess: () => {
      toast()?.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: dynamicKeys.all });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['outcome', 'income', 'cancelReason', 'notes']),
  });
  return (
    <Modal open title={t('dyn.review.recordTitle', { name: item.workerName })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'review-record-submit' }} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ outcome: 'continue' }} onFinish={(v) => save.mutate(v)} data-testid="review-record-form">
        <Form.Item name="outcome" label={t('dyn.review.outcome')} rules={[{ required: true }]}>
          <Radio.Group data-testid="review-outcome">
            {REVIEW_OUTCOMES.map((o) => (
              <Radio.Button key={o} value={o} data-testid={`review-outcome-${o}`}>
                {label(REVIEW_OUTCOME_LABELS, o)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="income" label={t('dyn.review.income')} extra={t('dyn.review.incomeHint')} rules={[yuanRule(t, { required: outcome === 'continue', field: t('dyn.review.income') })]}>
          <YuanInput data-testid="review-income" />
        </Form.Item>
        {outcome === 'propose_cancel' && (
          <Form.Item name="cancelReason" label={t('dyn.review.cancelReason')} rules={[{ required: true, message: t('common.selectRequired', { field: t('dyn.review.cancelReason') }) }]}>
            <Select data-testid="review-cancel-reason" options={CANCEL_REASONS.map((r) => ({ value: r, label: label(CANCEL_REASON_LABELS, r) }))} />
          </Form.Item>
        )}
        <Form.Item name="notes" label={t('dyn.review.notes')}>
          <Input.TextArea maxLength={1000} rows={3} data-testid="review-notes" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function AnnualReviewPage() {
  const t = useT();
  const label = useLabel();
  const { can } = useAuth();
  const campaigns = useQuery({ queryKey: dynamicKeys.campaigns(), queryFn: listCampaigns });
  const [campaignId, setCampaignId] = useState<string | undefined>();
  const [status, setStatus] = useState<'pending' | 'done' | undefined>('pending');
  const [mine, setMine] = useState(false);
  const [recording, setRecording] = useState<ReviewItemDto | null>(null);
  useEffect(() => {
    if (!campaignId && campaigns.data?.items.length) setCampaignId(campaigns.data.items[0].id);
  }, [campaignId, campaigns.data]);
  const progress = useQuery({ queryKey: dynamicKeys.progress(campaignId ?? ''), queryFn: () => getProgress(campaignId!), enabled: !!campaignId });
  const q = { campaignId, status, mine: mine ? 'true' : undefined };
  const items = useCursorList(dynamicKeys.items(q), (cursor) => listReviewItems(q, cursor), !!campaignId);
  if (campaigns.error) return <LoadError error={campaigns.error} onRetry={() => void campaigns.refetch()} />;

  const columns: TableColumnsType<ReviewItemDto> = [
    { title: t('dyn.col.file'), key: 'file', render: (_, i) => <FileCell id={i.householdId} archiveNo={i.archiveNo} workerName={i.workerName} /> },
    { title: t('dyn.col.org'), dataIndex: 'orgName' },
    { title: t('dyn.review.responsible'), key: 'resp', render: (_, i) => i.responsible?.name ?? '—' },
    { title: t('dyn.col.due'), dataIndex: 'dueDate', render: (v: string, i) => (i.overdue ? <Tag color="red">{v}</Tag> : v) },
    {
      title: t('dyn.review.outcome'),
      key: 'outcome',
      render: (_, i) =>
        i.outcome ? (
          <Space direction="vertical" size={0}>
            <span>{label(REVIEW_OUTCOME_LABELS, i.outcome)}</span>
            {i.perCapitaIncomeFen !== null && <Typography.Text type="secondary">{formatFen(i.perCapitaIncomeFen)}</Typography.Text>}
            {i.resolution && <Tag>{t(`dyn.review.resolution.${i.resolution}`)}</Tag>}
          </Space>
        ) : (
          <Tag>{t('dyn.review.pending')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'act',
      render: (_, i) =>
        i.status === 'pending' && can(Permission.RegistryWrite) ? (
          <Button size="small" type="primary" onClick={() => setRecording(i)} data-testid={`review-record-${i.householdId}`}>
            {t('dyn.review.record')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="annual-review-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('dyn.review.title')}
      </Typography.Title>
      {can(Permission.RegistryWrite) && <StartCard onStarted={setCampaignId} />}
      <Card size="small" title={t('dyn.review.campaigns')}>
        {campaigns.data?.items.length ? (
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Select
                style={{ width: '100%' }}
                value={campaignId}
                onChange={setCampaignId}
                data-testid="review-campaign"
                options={campaigns.data.items.map((c) => ({ value: c.id, label: `${c.year} · ${c.orgName} · ${c.done}/${c.total}` }))}
              />
            </Col>
            <Col xs={24} md={16}>
              <Table
                size="small"
                rowKey="orgId"
                loading={progress.isLoading}
                pagination={false}
                dataSource={progress.data?.items ?? []}
                data-testid="review-progress"
                columns={[
                  { title: t('dyn.col.org'), dataIndex: 'orgName' },
                  { title: t('dyn.review.total'), dataIndex: 'total', width: 70 },
                  { title: t('dyn.review.done'), dataIndex: 'done', width: 70 },
                  { title: t('dyn.review.overdue'), dataIndex: 'overdue', width: 70, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
                  { title: t('dyn.review.progress'), key: 'p', render: (_, r) => <Progress percent={r.total ? Math.round((r.done / r.total) * 100) : 0} size="small" /> },
                ]}
              />
            </Col>
          </Row>
        ) : (
          <Typography.Text type="secondary">{t('dyn.review.noCampaign')}</Typography.Text>
        )}
      </Card>
      {campaignId && (
        <Card
          size="small"
          title={t('dyn.review.items')}
          extra={
            <Space>
              <Select
                size="small"
                style={{ width: 120 }}
                value={status ?? 'all'}
                onChange={(v) => setStatus(v === 'all' ? undefined : (v as 'pending' | 'done'))}
                data-testid="review-status"
                options={[
                  { value: 'pending', label: t('dyn.review.pending') },
                  { value: 'done', label: t('dyn.review.done') },
                  { value: 'all', label: t('common.all') },
                ]}
              />
              <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)} data-testid="review-mine">
                {t('dyn.review.mine')}
              </Checkbox>
            </Space>
          }
        >
          {items.error ? <LoadError error={items.error} onRetry={() => void items.refetch()} /> : null}
          <Table rowKey="id" size="small" loading={items.isLoading} dataSource={items.rows} columns={columns} pagination={false} data-testid="review-items" scroll={{ x: 800 }} />
          <LoadMore list={items} testId="review-more" />
        </Card>
      )}
      {recording && <RecordModal item={recording} onClose={() => setRecording(null)} />}
    </Space>
  );
}

