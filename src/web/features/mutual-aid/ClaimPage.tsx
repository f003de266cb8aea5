import { CheckOutlined, CloseOutlined, EditOutlined, PayCircleOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Result, Row, Select, Skeleton, Space, Statistic, Table, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { CLAIM_DOCUMENT_KINDS, CLAIM_DOCUMENT_KIND_LABELS, type ClaimDocumentKind } from '../../../contracts/mutual-aid-claims';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { showError } from '../../ui/feedback';
import { formatDateTime, formatFen, parseYuanToFen } from '../../ui/format';
import { useSchemes } from './api';
import { ClaimReasonTag, ClaimStatusTag } from './ClaimTags';
import { EngineTrace } from './EngineTrace';
import {
  type ClaimDetailDto,
  approveClaim,
  claimKeys,
  documentUrl,
  newClaimActionKey,
  overrideClaim,
  payClaim,
  rejectClaim,
  reverseClaim,
  uploadDocument,
  useAccumulators,
  useClaim,
} from './claims.api';

const MAX_BYTES = 10 * 1024 * 1024;
type ReasonAction = 'override' | 'reject' | 'reverse';

/** 申请详情: the facts, the engine's result with every step, the documents, the review and payment actions, the member's accumulators. */
export default function ClaimPage() {
  const t = useT();
  const { id = '' } = useParams();
  const claim = useClaim(id);
  if (claim.isPending) return <Skeleton active />;
  if (claim.isError) return <Result status={isApiError(claim.error) && claim.error.status === 404 ? '404' : 'error'} title={isApiError(claim.error) ? claim.error.message : t('error.network')} />;
  return <ClaimView c={claim.data} />;
}

function ClaimView({ c }: { c: ClaimDetailDto }) {
  const t = useT();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ amount?: string; reason: string }>();
  const [reasonAction, setReasonAction] = useState<ReasonAction | null>(null);
  const [docKind, setDocKind] = useState<ClaimDocumentKind>('invoice');
  // one Idempotency-Key per money-moving action, kept while that action is retried
  const keys = useRef<Record<string, string>>({});
  const keyFor = (action: string) => (keys.current[action] ??= newClaimActionKey());

  const done = (next: ClaimDetailDto) => {
    qc.setQueryData(claimKeys.one(c.id), next);
    void qc.invalidateQueries({ queryKey: claimKeys.all });
    void message.success(t('mac.action.done'));
    keys.current = {};
  };
  const act = useMutation({ mutationFn: (run: () => Promise<ClaimDetailDto>) => run(), onSuccess: done, onError: showError });
  const upload = useMutation({
    mutationFn: (file: File) => uploadDocument(c.id, docKind, file),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: claimKeys.one(c.id) });
      void message.success(t('mac.doc.uploaded'));
    },
    onError: showError,
  });

  const review = can(Permission.MutualAidReview);
  const open = ['received', 'adjudicated', 'approved'].includes(c.status);
  const submitReason = async () => {
    const v = await form.validateFields();
    const reason = v.reason.trim();
    if (reasonAction === 'override') await act.mutateAsync(() => overrideClaim(c.id, parseYuanToFen(v.amount ?? '')!, reason, keyFor(`override:${v.amount}:${reason}`)));
    if (reasonAction === 'reject') await act.mutateAsync(() => rejectClaim(c.id, reason));
    if (reasonAction === 'reverse') await act.mutateAsync(() => reverseClaim(c.id, reason, keyFor('reverse')));
    setReasonAction(null);
    form.resetFields();
  };

  const money = (v: number | null) => formatFen(v);
  const statusLabel = c.memberStatus === 'hardship' ? t('mac.claim.hardship') : c.memberStatus === 'ordinary' ? t('mac.claim.ordinary') : '—';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>{c.claimNo}</span>
            <ClaimStatusTag status={c.status} />
          </Space>
        }
        extra={
          <Space wrap>
            {review && c.status === 'adjudicated' && (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                loading={act.isPending}
                data-testid="claim-approve"
                onClick={() => modal.confirm({ title: t('mac.action.approve'), content: t('mac.action.approveConfirm', { amount: formatFen(c.enginePayoutFen, { symbol: false }) }), onOk: () => act.mutateAsync(() => approveClaim(c.id, keyFor('approve'))).catch(() => undefined) })}
              >
                {t('mac.action.approve')}
              </Button>
            )}
            {review && c.status === 'adjudicated' && (
              <Button icon={<EditOutlined />} data-testid="claim-override" onClick={() => setReasonAction('override')}>
                {t('mac.action.override')}
              </Button>
            )}
            {review && (c.status === 'received' || c.status === 'adjudicated') && (
              <Button danger icon={<CloseOutlined />} data-testid="claim-reject" onClick={() => setReasonAction('reject')}>
                {t('mac.action.reject')}
              </Button>
            )}
            {can(Permission.MutualAidFinance) && c.status === 'approved' && (c.payoutFen ?? 0) > 0 && (
              <Button
                type="primary"
                icon={<PayCircleOutlined />}
                loading={act.isPending}
                data-testid="claim-pay"
                onClick={() => modal.confirm({ title: t('mac.action.pay'), content: t('mac.action.payConfirm', { amount: formatFen(c.payoutFen, { symbol: false }) }), onOk: () => act.mutateAsync(() => payClaim(c.id, keyFor('pay'))).catch(() => undefined) })}
              >
                {t('mac.action.pay')}
              </Button>
            )}
            {review && (c.status === 'approved' || c.status === 'paid') && (
              <Button danger icon={<RollbackOutlined />} data-testid="claim-reverse" onClick={() => setReasonAction('reverse')}>
                {t('mac.action.reverse')}
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Statistic title={t('mac.claim.enginePayout')} value={money(c.enginePayoutFen)} data-testid="claim-engine-payout" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('mac.claim.payout')} value={money(c.payoutFen)} styles={{ content: { color: (c.payoutFen ?? 0) > 0 ? '#389e0d' : undefined } }} data-testid="claim-payout" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('mac.claim.finalBurden')} value={money(c.finalBurdenFen)} data-testid="claim-final-burden" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('mac.claim.memberStatus')} value={statusLabel} />
          </Col>
        </Row>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} title={t('mac.claim.facts')}>
          <Descriptions.Item label={t('mac.col.member')}>
            {c.memberName} <Typography.Text type="secondary">{c.memberIdNumber}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('mac.col.unit')}>{c.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('mac.col.plan')}>{`${c.schemeCode} · ${t.label(c.planName, c.planCode)}`}</Descriptions.Item>
          <Descriptions.Item label={t('mac.claim.scheme')}>{c.schemeVersion ? `${c.schemeCode} v${c.schemeVersion}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mac.col.eventDate')}>{c.eventDate}</Descriptions.Item>
          <Descriptions.Item label={t('mac.intake.hospital')}>{c.hospital ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={`${t('mac.intake.admission')} / ${t('mac.intake.discharge')}`}>{`${c.admissionDate ?? '—'} ~ ${c.dischargeDate ?? '—'}`}</Descriptions.Item>
          <Descriptions.Item label={t('mac.intake.days')}>{c.hospitalDays ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mac.intake.diagnosis')}>{[c.diagnosis, c.diagnosisIcd10].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mac.col.total')}>{money(c.totalCostFen)}</Descriptions.Item>
          <Descriptions.Item label={t('mac.claim.insurance')}>{money(c.insurancePaidFen)}</Descriptions.Item>
          <Descriptions.Item label={t('mac.claim.oop')}>{money(c.outOfPocketFen)}</Descriptions.Item>
          <Descriptions.Item label={t('mac.intake.bill')}>{c.billNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mac.col.reason')}>{c.reason ? <ClaimReasonTag reason={c.reason} /> : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('mac.claim.createdBy')}>{`${c.createdByName} · ${formatDateTime(c.createdAt)}`}</Descriptions.Item>
          {c.reviewedByName && <Descriptions.Item label={t('mac.claim.reviewedBy')}>{`${c.reviewedByName} · ${formatDateTime(c.reviewedAt)}`}</Descriptions.Item>}
          {c.paidAt && <Descriptions.Item label={t('mac.claim.paidAt')}>{formatDateTime(c.paidAt)}</Descriptions.Item>}
          {c.overrideReason && <Descriptions.Item label={t('mac.claim.overrideReason')}>{c.overrideReason}</Descriptions.Item>}
          {c.rejectReason && <Descriptions.Item label={t('mac.claim.rejectReason')}>{c.rejectReason}</Descriptions.Item>}
          {c.reversalReason && <Descriptions.Item label={t('mac.claim.reversalReason')}>{c.reversalReason}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={t('mac.claim.trace')} data-testid="claim-trace">
            {c.trace.length === 0 ? <Empty /> : <EngineTrace trace={c.trace} stopped={!!c.reason} />}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('mac.claim.documents')} data-testid="claim-documents">
              {open && can(Permission.MutualAidEnrol) && (
                <Space wrap style={{ marginBottom: 12 }}>
                  <Select value={docKind} onChange={setDocKind} options={CLAIM_DOCUMENT_KINDS.map((k) => ({ value: k, label: t.label(CLAIM_DOCUMENT_KIND_LABELS[k], k) }))} style={{ width: 160 }} aria-label={t('mac.doc.kind')} />
                  <Upload
                    accept=".jpg,.jpeg,.png,.webp,.pdf"
                    showUploadList={false}
                    beforeUpload={(f) => {
                      if (f.size > MAX_BYTES) showError(new Error(t('mac.doc.tooLarge')));
                      else upload.mutate(f);
                      return Upload.LIST_IGNORE;
                    }}
                  >
                    <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="claim-upload">
                      {t('mac.doc.upload')}
                    </Button>
                  </Upload>
                  <Typography.Text type="secondary">{t('mac.doc.uploadHint')}</Typography.Text>
                </Space>
              )}
              {c.documents.length === 0 ? (
                <Typography.Text type="secondary">{t('mac.doc.none')}</Typography.Text>
              ) : (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={c.documents}
                  columns={[
                    { title: t('mac.doc.kind'), dataIndex: 'kind', width: 130, render: (k: ClaimDocumentKind) => t.label(CLAIM_DOCUMENT_KIND_LABELS[k], k) },
                    {
                      title: t('common.details'),
                      dataIndex: 'name',
                      render: (name: string, d) => (
                        <a href={documentUrl(c.id, d.id)} target="_blank" rel="noreferrer">
                          {name}
                        </a>
                      ),
                    },
                    { title: '', dataIndex: 'uploadedAt', width: 170, render: (v: string) => formatDateTime(v) },
                  ]}
                />
              )}
            </Card>
            <MemberAccumulators memberId={c.memberId} />
          </Space>
        </Col>
      </Row>

      <Modal
        open={reasonAction !== null}
        title={reasonAction ? t(`mac.action.${reasonAction}`) : ''}
        okButtonProps={{ loading: act.isPending, danger: reasonAction !== 'override' }}
        onOk={() => void submitReason().catch(() => undefined)}
        onCancel={() => {
          setReasonAction(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {reasonAction === 'override' && (
            <Form.Item
              name="amount"
              label={t('mac.action.overrideAmount')}
              initialValue={c.enginePayoutFen !== null ? formatFen(c.enginePayoutFen, { symbol: false }).replace(/,/g, '') : undefined}
              rules={[{ required: true, message: t('common.required', { field: t('mac.action.overrideAmount') }) }, { validator: (_, v?: string) => (v && parseYuanToFen(v) !== null && parseYuanToFen(v)! >= 0 ? Promise.resolve() : Promise.reject(new Error(t('mac.intake.amountBad')))) }]}
            >
              <Input inputMode="decimal" data-testid="claim-override-amount" />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('mac.action.reason')} rules={[{ validator: (_, v?: string) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('mac.action.reasonRequired')))) }]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="claim-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function MemberAccumulators({ memberId }: { memberId: string }) {
  const t = useT();
  const acc = useAccumulators(memberId);
  const schemes = useSchemes();
  const planName = (scheme: string, plan: string) => schemes.data?.items.find((s) => s.code === scheme)?.plans.find((p) => p.code === plan)?.name;
  return (
    <Card title={t('mac.claim.accumulators')} loading={acc.isPending} data-testid="claim-accumulators">
      {acc.data && acc.data.plans.length === 0 && <Typography.Text type="secondary">{t('mac.acc.none')}</Typography.Text>}
      {acc.data?.plans.map((p) => (
        <div key={`${p.schemeCode}-${p.planCode}`} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{`${p.schemeCode} · ${t.label(planName(p.schemeCode, p.planCode), p.planCode)}`}</Typography.Text>
          <Table
            rowKey="period"
            size="small"
            pagination={false}
            dataSource={p.periods}
            columns={[
              { title: t('mac.acc.period'), dataIndex: 'period', width: 80 },
              { title: t('mac.acc.base'), dataIndex: 'baseFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: t('mac.acc.counted'), dataIndex: 'countedFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: t('mac.acc.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: t('mac.acc.days'), dataIndex: 'paidDays', align: 'right', width: 80 },
              { title: t('mac.acc.claims'), dataIndex: 'claims', align: 'right', width: 80 },
            ]}
          />
          <Typography.Text type="secondary">
            {t('mac.acc.lifetime', { paid: formatFen(p.lifetime.paidFen, { symbol: false }), claims: p.lifetime.claims, days: p.lifetime.paidDays })}
            {p.diagnosed.length > 0 && ` · ${t('mac.acc.diagnosed', { codes: p.diagnosed.join(', ') })}`}
          </Typography.Text>
        </div>
      ))}
    </Card>
  );
}
