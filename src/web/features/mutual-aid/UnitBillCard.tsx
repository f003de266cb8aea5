import { CalculatorOutlined, DollarOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Modal, Popconfirm, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Permission } from '../../../contracts/auth';
import { CONTRIBUTION_BASIS_LABELS, MEMBER_STATUS_LABELS, PAYER_LABELS, type Payer } from '../../../contracts/mutual-aid';
import { BILL_STATUS_LABELS, type BillLineDto, type BillStatus, type PayerShareDto, type PaymentDto } from '../../../contracts/mutual-aid-enrolment';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, showError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen, parseYuanToFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { fenToYuanText } from '../registry/numbers';
import { type BillDetailDto, enrolmentKeys, getUnitBill, issueBill, newPaymentKey, recordPayment, type UnitDto } from './enrolment.api';

export function BillStatusTag({ value }: { value: BillStatus }) {
  const t = useT();
  return <Tag color={value === 'paid' ? 'green' : 'red'}>{t.label(BILL_STATUS_LABELS[value])}</Tag>;
}

export function BillLines({ lines }: { lines: BillLineDto[] }) {
  const t = useT();
  const columns: TableColumnsType<BillLineDto> = [
    { title: t('ma.bill.payer'), dataIndex: 'payer', render: (v: Payer) => t.label(PAYER_LABELS[v]) },
    { title: t('ma.bill.memberStatus'), dataIndex: 'memberStatus', render: (v: 'any' | 'ordinary' | 'hardship') => t.label(MEMBER_STATUS_LABELS[v]) },
    { title: t('ma.bill.basis'), dataIndex: 'basis', render: (v: BillLineDto['basis']) => t.label(CONTRIBUTION_BASIS_LABELS[v]) },
    { title: t('ma.bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
    { title: t('ma.bill.quantity'), dataIndex: 'quantity', align: 'right' },
    { title: t('ma.bill.subtotal'), dataIndex: 'subtotalFen', align: 'right', render: (v: number) => <Typography.Text strong>{formatFen(v)}</Typography.Text> },
  ];
  return <Table<BillLineDto> rowKey={(l) => `${l.payer}-${l.memberStatus}-${l.basis}-${l.amountFen}`} size="small" columns={columns} dataSource={lines} pagination={false} data-testid="bill-lines" />;
}

function ByPayer({ shares }: { shares: PayerShareDto[] }) {
  const t = useT();
  const columns: TableColumnsType<PayerShareDto> = [
    { title: t('ma.bill.payer'), dataIndex: 'payer', render: (v: Payer) => t.label(PAYER_LABELS[v]) },
    { title: t('ma.bill.due'), dataIndex: 'dueFen', align: 'right', render: (v: number) => formatFen(v) },
    { title: t('ma.bill.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => formatFen(v) },
    { title: t('ma.bill.arrears'), dataIndex: 'arrearsFen', align: 'right', render: (v: number) => <Typography.Text type={v > 0 ? 'danger' : undefined}>{formatFen(v)}</Typography.Text> },
  ];
  return <Table<PayerShareDto> rowKey="payer" size="small" columns={columns} dataSource={shares} pagination={false} data-testid="bill-by-payer" />;
}

interface PayValues {
  payer: Payer;
  amount: string;
  paidOn: Dayjs;
  reference: string;
}

/** Records money received from one payer (at most what it still owes); one Idempotency-Key per opened form. */
function PaymentModal({ bill, onClose }: { bill: BillDetailDto; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [key] = useState(newPaymentKey);
  const [form] = Form.useForm<PayValues>();
  const owing = bill.byPayer.filter((s) => s.arrearsFen > 0);
  const payer = Form.useWatch('payer', form);
  const max = Math.min(bill.byPayer.find((s) => s.payer === payer)?.arrearsFen ?? bill.arrearsFen, bill.arrearsFen);
  const m = useMutation({
    meta: { quiet: true },
    mutationFn: (v: PayValues) => recordPayment(bill.id, { payer: v.payer, amountFen: parseYuanToFen(v.amount)!, paidOn: v.paidOn.format('YYYY-MM-DD'), reference: v.reference.trim() }, key),
    onSuccess: (b) => {
      void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
      toast()?.success(b.status === 'paid' ? t('ma.bill.settled') : t('ma.bill.paymentRecorded'));
      onClose();
    },
    onError: (e) => applyFormError(form, e, ['payer', 'amountFen', 'paidOn', 'reference']),
  });
  return (
    <Modal open title={t('ma.bill.recordPayment')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={m.isPending} okButtonProps={{ 'data-testid': 'payment-ok' }} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ payer: owing[0]?.payer, paidOn: dayjs(), amount: owing[0] ? fenToYuanText(Math.min(owing[0].arrearsFen, bill.arrearsFen), true) : '' }}
        onFinish={(v) => m.mutate(v)}
        data-testid="payment-form"
      >
        <Form.Item name="payer" label={t('ma.bill.payer')} rules={[{ required: true }]}>
          <Select options={owing.map((s) => ({ value: s.payer, label: `${t.label(PAYER_LABELS[s.payer])} — ${t('ma.bill.owes', { amount: formatFen(s.arrearsFen) })}` }))} data-testid="payment-payer" />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('ma.bill.amountYuan')}
          extra={t('ma.bill.atMost', { amount: formatFen(max) })}
          rules={[
            { required: true, message: t('common.required', { field: t('ma.bill.amountYuan') }) },
            {
              validator: async (_, v?: string) => {
                const fen = parseYuanToFen(v ?? '');
                if (fen === null || fen <= 0) throw new Error(t('ma.bill.amountInvalid'));
                if (fen > max) throw new Error(t('ma.bill.overArrears', { amount: formatFen(max) }));
              },
            },
          ]}
        >
          <Input prefix="¥" data-testid="payment-amount" />
        </Form.Item>
        <Form.Item name="paidOn" label={t('ma.bill.paidOn')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="payment-date" />
        </Form.Item>
        <Form.Item name="reference" label={t('ma.bill.reference')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('ma.bill.reference') }) }, { max: 100 }]}>
          <Input maxLength={100} data-testid="payment-reference" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function PaymentsTable({ payments }: { payments: PaymentDto[] }) {
  const t = useT();
  const columns: TableColumnsType<PaymentDto> = [
    { title: t('ma.bill.paidOn'), dataIndex: 'paidOn', width: 110 },
    { title: t('ma.bill.payer'), dataIndex: 'payer', render: (v: Payer) => t.label(PAYER_LABELS[v]) },
    { title: t('ma.bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
    { title: t('ma.bill.reference'), dataIndex: 'reference', render: (v: string) => <Mono>{v}</Mono> },
    { title: t('ma.bill.recordedBy'), key: 'by', render: (_, p) => `${p.createdByName} · ${formatDateTime(p.createdAt)}` },
  ];
  return <Table<PaymentDto> rowKey="id" size="small" columns={columns} dataSource={payments} pagination={false} locale={{ emptyText: t('ma.bill.noPayments') }} data-testid="bill-payments" />;
}

/** The unit's bill of a period: split by payer, lines, payments; what it would be now; issue/recompute and record a payment (finance). */
export function UnitBillCard({ unit, period }: { unit: UnitDto; period: number }) {
  const t = useT();
  const qc = useQueryClient();
  const { can } = useAuth();
  const finance = can(Permission.MutualAidFinance);
  const [paying, setPaying] = useState(false);
  const q = useQuery({ queryKey: enrolmentKeys.unitBill(unit.id, period), queryFn: () => getUnitBill(unit.id, period) });
  const issue = useMutation({
    meta: { quiet: true },
    mutationFn: () => issueBill(unit.id, period),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: enrolmentKeys.all });
      toast()?.success(t('ma.bill.issued'));
    },
    onError: showError,
  });
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Card loading />;
  const { bill, preview, problem } = q.data;
  const changed = !!bill && !!preview && (preview.totalFen !== bill.totalFen || preview.enrolmentCount !== bill.enrolmentCount);

  return (
    <div data-testid="unit-bill">
      {problem && <Alert type="warning" showIcon title={t.label(problem)} style={{ marginBottom: 16 }} />}
      {bill ? (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title={t('ma.bill.total')} value={formatFen(bill.totalFen)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('ma.bill.paid')} value={formatFen(bill.paidFen)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('ma.bill.arrears')} value={formatFen(bill.arrearsFen)} styles={{ content: { color: bill.arrearsFen > 0 ? '#cf1322' : '#389e0d' } }} data-testid="bill-arrears" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('ma.bill.status')} valueRender={() => <BillStatusTag value={bill.status} />} value={bill.status} />
            </Col>
          </Row>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('ma.bill.period')}>{`${bill.period}（${bill.validFrom} ~ ${bill.validTo}）`}</Descriptions.Item>
            <Descriptions.Item label={t('ma.bill.version')}>{t('ma.schemes.versionN', { v: bill.schemeVersion })}</Descriptions.Item>
            <Descriptions.Item label={t('ma.bill.counts')}>{t('ma.bill.countsText', { members: bill.memberCount, optIns: bill.enrolmentCount })}</Descriptions.Item>
            <Descriptions.Item label={t('ma.bill.issuedAt')}>{formatDateTime(bill.issuedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('ma.bill.updatedAt')}>{formatDateTime(bill.updatedAt)}</Descriptions.Item>
          </Descriptions>
          {changed && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('ma.bill.changed', { amount: formatFen(preview!.totalFen) })} />}
          {bill.status === 'open' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('ma.bill.notCovered')} />}
          <Space style={{ marginBottom: 16 }}>
            {finance && bill.status === 'open' && (
              <Button type="primary" icon={<DollarOutlined />} onClick={() => setPaying(true)} data-testid="payment-open">
                {t('ma.bill.recordPayment')}
              </Button>
            )}
            {finance && (
              <Popconfirm title={t('ma.bill.recomputeConfirm')} onConfirm={() => issue.mutate()}>
                <Button icon={<CalculatorOutlined />} loading={issue.isPending} data-testid="bill-recompute">
                  {t('ma.bill.recompute')}
                </Button>
              </Popconfirm>
            )}
          </Space>
          <Row gutter={24}>
            <Col xs={24} lg={10}>
              <Typography.Title level={5}>{t('ma.bill.byPayer')}</Typography.Title>
              <ByPayer shares={bill.byPayer} />
            </Col>
            <Col xs={24} lg={14}>
              <Typography.Title level={5}>{t('ma.bill.lines')}</Typography.Title>
              <BillLines lines={bill.lines} />
            </Col>
          </Row>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('ma.bill.payments')}
          </Typography.Title>
          <PaymentsTable payments={bill.payments} />
          {paying && <PaymentModal bill={bill} onClose={() => setPaying(false)} />}
        </>
      ) : preview ? (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('ma.bill.notIssued', { period })} description={t('ma.bill.previewText', { amount: formatFen(preview.totalFen), members: preview.memberCount, optIns: preview.enrolmentCount })} />
          {preview.enrolmentCount > 0 && (
            <>
              <Typography.Title level={5}>{t('ma.bill.preview')}</Typography.Title>
              <BillLines lines={preview.lines} />
            </>
          )}
          {finance && (
            <Button type="primary" icon={<CalculatorOutlined />} style={{ marginTop: 16 }} disabled={preview.enrolmentCount === 0} loading={issue.isPending} onClick={() => issue.mutate()} data-testid="bill-issue">
              {t('ma.bill.issue')}
            </Button>
          )}
        </>
      ) : (
        <Empty />
      )}
    </div>
  );
}
