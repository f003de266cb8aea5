import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Form, Input, Modal, Radio, Row, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { REVOKE_CAUSE_LABELS, type RecoveryDto } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT, type MsgKey } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { enumLabel } from '../registry/labels';
import { yuanTextToFen } from '../registry/numbers';
import { addInstallment, aidKeys, decideWriteOff, getRecovery, requestWriteOff } from './api';
import { Money, RecoveryStatusTag, useActionKey } from './labels';

type EventRow = RecoveryDto['events'][number];
type Kind = 'installment' | 'writeOff';

/** 登记收回 / 申请核销: an amount in yuan (at most what is outstanding) and a note. */
function AmountModal({ r, kind, onClose }: { r: RecoveryDto; kind: Kind; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const action = useActionKey();
  const [form] = Form.useForm<{ yuan: string; note?: string }>();
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { yuan: string; note?: string }) => {
      const amountFen = yuanTextToFen(v.yuan)!;
      const note = v.note?.trim();
      return kind === 'installment' ? addInstallment(r.id, { amountFen, ...(note ? { note } : {}) }, action.key()) : requestWriteOff(r.id, { amountFen, note: note ?? '' }, action.key());
    },
    onSuccess: (_x, v) => {
      action.done();
      toast()?.success(kind === 'installment' ? t('aid.rec.installmentSaved', { amount: formatFen(yuanTextToFen(v.yuan)) }) : t('aid.rec.writeOffSaved'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['note']),
  });
  return (
    <Modal
      open
      title={kind === 'installment' ? t('aid.rec.installment') : t('aid.rec.writeOff')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': kind === 'installment' ? 'installment-submit' : 'write-off-submit' }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('aid.rec.outstanding')}{t('aid.colon')}<Money fen={r.outstandingFen} strong />
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ yuan: '' }} onFinish={(v) => save.mutate(v)} data-testid={kind === 'installment' ? 'installment-form' : 'write-off-form'}>
        <Form.Item
          name="yuan"
          label={t('aid.amountYuan')}
          rules={[
            {
              validator: (_r, v: string) => {
                const fen = yuanTextToFen(v);
                if (!v?.trim() || fen === null || fen <= 0) return Promise.reject(new Error(t('aid.invalidYuan')));
                if (fen > r.outstandingFen) return Promise.reject(new Error(t('aid.rec.tooMuch', { amount: formatFen(r.outstandingFen) })));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input inputMode="decimal" suffix={t('aid.yuan')} data-testid={kind === 'installment' ? 'installment-amount' : 'write-off-amount'} />
        </Form.Item>
        <Form.Item name="note" label={t('aid.note')} rules={kind === 'writeOff' ? [{ required: true, whitespace: true, min: 2, max: 500, message: t('common.required', { field: t('aid.note') }) }] : [{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={kind === 'writeOff' ? 500 : 200} data-testid={kind === 'installment' ? 'installment-note' : 'write-off-note'} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DecisionModal({ r, onClose }: { r: RecoveryDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const action = useActionKey();
  const [approve, setApprove] = useState(true);
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => decideWriteOff(r.id, { approve, ...(note.trim() ? { note: note.trim() } : {}) }, action.key()),
    onSuccess: () => {
      action.done();
      toast()?.success(t('aid.rec.decided'));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
    },
  });
  return (
    <Modal open title={`${t('aid.rec.decide')} · ${formatFen(r.pendingWriteOffFen)}`} onCancel={onClose} onOk={() => save.mutate()} confirmLoading={save.isPending} okButtonProps={{ danger: !approve, 'data-testid': 'write-off-decision-submit' }} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={approve}
          onChange={(e) => setApprove(e.target.value as boolean)}
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: true, label: t('aid.rec.approve') },
            { value: false, label: t('aid.rec.rejectWriteOff') },
          ]}
          data-testid="write-off-decision"
        />
        <Input.TextArea rows={2} maxLength={500} placeholder={t('aid.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="write-off-decision-note" />
      </Space>
    </Modal>
  );
}

export default function RecoveryPage() {
  const t = useT();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const [open, setOpen] = useState<Kind | 'decide' | null>(null);
  const q = useQuery({ queryKey: aidKeys.recovery(id), queryFn: () => getRecovery(id), meta: { quiet: true } });
  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  if (!r) return <Card loading />;
  const isOpen = r.status === 'open';
  const columns: TableColumnsType<EventRow> = [
    { title: t('aid.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v, { seconds: false }) },
    { title: t('aid.status'), dataIndex: 'kind', width: 130, render: (v: EventRow['kind']) => t(`aid.rec.event.${v}` as MsgKey) },
    { title: t('aid.amount'), dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => <Money fen={v} /> },
    { title: t('aid.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    { title: t('aid.by'), dataIndex: 'byName', width: 110 },
    { title: t('aid.entry'), dataIndex: 'entryId', width: 110, render: (v: string | null) => (v ? <Mono>{v.slice(0, 8)}</Mono> : '—') },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/aid/recoveries">{t('aid.recoveries.title')}</Link> }, { title: r.recoveryNo }]} />
      <Card
        title={
          <Space wrap>
            <Mono>
              <span data-testid="recovery-no">{r.recoveryNo}</span>
            </Mono>
            <span>{r.workerName}</span>
            <RecoveryStatusTag value={r.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} loading={q.isFetching} />
            {can(Permission.AidDisburse) && isOpen && (
              <>
                <Button type="primary" onClick={() => setOpen('installment')} data-testid="recovery-installment">
                  {t('aid.rec.installment')}
                </Button>
                <Button disabled={r.pendingWriteOffFen !== null} onClick={() => setOpen('writeOff')} data-testid="recovery-write-off">
                  {t('aid.rec.writeOff')}
                </Button>
              </>
            )}
            {can(Permission.AidReview) && isOpen && r.pendingWriteOffFen !== null && (
              <Button type="primary" danger onClick={() => setOpen('decide')} data-testid="recovery-write-off-decide">
                {t('aid.rec.decide')}
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.rec.due')} value={formatFen(r.amountDueFen)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.rec.received')} value={formatFen(r.receivedFen)} styles={{ content: { color: '#389e0d' } }} data-testid="recovery-received" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.rec.writtenOff')} value={formatFen(r.writtenOffFen)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.rec.outstanding')} value={formatFen(r.outstandingFen)} styles={{ content: { color: r.outstandingFen > 0 ? '#cf1322' : undefined } }} data-testid="recovery-outstanding-one" />
          </Col>
        </Row>
        {r.pendingWriteOffFen !== null && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={`${t('aid.rec.pendingWriteOff')}${t('aid.colon')}${formatFen(r.pendingWriteOffFen)}`} data-testid="recovery-pending-write-off" />}
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('aid.program')}>
            <Link to={`/aid/programs/${r.programId}`}>{r.programName}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.award.no')}>
            <Link to={`/aid/awards/${r.awardId}`}>
              <Mono>{r.awardNo}</Mono>
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.household')}>
            <Link to={`/registry/households/${r.householdId}`}>{r.workerName}</Link> · {r.orgName}
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.rec.cause')}>{enumLabel(t, REVOKE_CAUSE_LABELS, r.causeType)}</Descriptions.Item>
          <Descriptions.Item label={t('aid.reason')}>{r.reason}</Descriptions.Item>
          <Descriptions.Item label={t('aid.rec.openedBy')}>
            {r.openedByName} · {formatDateTime(r.openedAt, { seconds: false })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('aid.rec.events')}>
        <Table<EventRow> rowKey="id" size="small" columns={columns} dataSource={r.events} pagination={false} data-testid="recovery-events" />
      </Card>
      {(open === 'installment' || open === 'writeOff') && <AmountModal r={r} kind={open} onClose={() => setOpen(null)} />}
      {open === 'decide' && <DecisionModal r={r} onClose={() => setOpen(null)} />}
    </Space>
  );
}
