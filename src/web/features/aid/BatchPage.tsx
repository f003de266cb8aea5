import { DownloadOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Input, Modal, Row, Space, Statistic, Table, Tooltip, Upload, type TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { PaymentStatus } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { aidKeys, cancelBatch, downloadBankFile, getBatch, listAwards, newIdempotencyKey, postPaymentResult, retryBatch, uploadResultsFile, type PaymentDto, type ResultsSummary } from './api';
import { BatchStatusTag, Money, PaymentStatusTag, useActionKey } from './labels';
import { sumFen } from './money';

/** Keys of per-row actions: one per (payment, result) until it succeeds, so a retried click is the same action. */
function useRowKeys() {
  const keys = useRef(new Map<string, string>());
  return {
    key: (k: string) => {
      let v = keys.current.get(k);
      if (!v) keys.current.set(k, (v = newIdempotencyKey()));
      return v;
    },
    done: (k: string) => keys.current.delete(k),
  };
}

export default function BatchPage() {
  const t = useT();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { can } = useAuth();
  const { id = '' } = useParams();
  const finance = can(Permission.AidDisburse);
  const q = useQuery({ queryKey: aidKeys.batch(id), queryFn: () => getBatch(id), meta: { quiet: true } });
  const [downloading, setDownloading] = useState<'xlsx' | 'csv' | null>(null);
  const [failing, setFailing] = useState<PaymentDto | null>(null);
  const [failReason, setFailReason] = useState('');
  const [summary, setSummary] = useState<ResultsSummary | null>(null);
  const uploadKey = useActionKey();
  const cancelKey = useActionKey();
  const retryKey = useActionKey();
  const rowKeys = useRowKeys();
  const refresh = () => void qc.invalidateQueries({ queryKey: aidKeys.all });

  const upload = useMutation({
    mutationFn: (file: File) => uploadResultsFile(id, file, uploadKey.key()),
    onSuccess: (r) => {
      uploadKey.done();
      setSummary(r);
      toast()?.success(t('aid.batch.uploaded', { paid: r.paid, failed: r.failed, unchanged: r.unchanged }));
      refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: () => cancelBatch(id, cancelKey.key()),
    onSuccess: () => {
      cancelKey.done();
      toast()?.success(t('aid.batch.cancelled'));
      refresh();
    },
  });
  const retry = useMutation({
    mutationFn: () => retryBatch(id, retryKey.key()),
    onSuccess: (b) => {
      retryKey.done();
      toast()?.success(t('aid.batch.retried', { no: b.batchNo }));
      refresh();
      navigate(`/aid/batches/${b.id}`);
    },
  });
  const result = useMutation({
    mutationFn: (v: { p: PaymentDto; result: 'paid' | 'failed'; reason?: string }) => postPaymentResult(v.p.id, { result: v.result, ...(v.reason ? { reason: v.reason } : {}) }, rowKeys.key(`${v.p.id}:${v.result}`)),
    onSuccess: (_r, v) => {
      rowKeys.done(`${v.p.id}:${v.result}`);
      toast()?.success(t('aid.batch.resultSaved'));
      setFailing(null);
      setFailReason('');
      refresh();
    },
  });

  // a failed transfer can be retried while its award is still 'failed' (not yet in a retry batch, not revoked)
  const failedOnes = q.data?.items.filter((i) => i.status === 'failed') ?? [];
  const stillFailed = useQuery({
    queryKey: [...aidKeys.awards({ programId: q.data?.programId, status: 'failed' }), 'first-page'],
    queryFn: () => listAwards({ programId: q.data!.programId, status: 'failed' }, null, 200),
    enabled: !!q.data && failedOnes.length > 0,
  });
  const retryable = failedOnes.filter((i) => stillFailed.data?.items.some((a) => a.id === i.awardId)).length;

  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  if (!b) return <Card loading />;
  const open = b.status === 'draft' || b.status === 'exported';
  const failedItems = b.items.filter((i) => i.status === 'failed');
  const pendingFen = sumFen(b.items.filter((i) => i.status === 'pending').map((i) => i.amountFen));
  const failedFen = sumFen(failedItems.map((i) => i.amountFen));

  const download = (format: 'xlsx' | 'csv') => {
    setDownloading(format);
    downloadBankFile(b, format)
      .then(() => refresh())
      .catch(showError)
      .finally(() => setDownloading(null));
  };

  const columns: TableColumnsType<PaymentDto> = [
    { title: t('aid.batch.line'), dataIndex: 'lineNo', width: 60 },
    { title: t('aid.batch.reference'), dataIndex: 'reference', width: 190, render: (v: string) => <Mono>{v}</Mono> },
    { title: t('aid.award.no'), dataIndex: 'awardNo', width: 170, render: (v: string, r) => <Link to={`/aid/awards/${r.awardId}`}><Mono>{v}</Mono></Link> },
    { title: t('aid.batch.payee'), dataIndex: 'payeeName', width: 90 },
    { title: t('aid.batch.bank'), dataIndex: 'bankName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { title: t('aid.batch.account'), dataIndex: 'account', width: 190, render: (v: string) => <Mono>{v}</Mono> },
    { title: t('aid.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <Money fen={v} /> },
    {
      title: t('aid.batch.result'),
      dataIndex: 'status',
      width: 200,
      render: (v: PaymentStatus, r) => (
        <Space orientation="vertical" size={0}>
          <PaymentStatusTag value={v} testId={`payment-status-${r.lineNo}`} />
          {r.failReason && <span style={{ color: '#cf1322', fontSize: 12 }}>{r.failReason}</span>}
          {r.resultAt && <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{formatDateTime(r.resultAt, { seconds: false })}</span>}
        </Space>
      ),
    },
    ...(finance && b.status === 'exported'
      ? [
          {
            title: t('common.actions'),
            key: 'a',
            width: 140,
            render: (_: unknown, r: PaymentDto) =>
              r.status === 'pending' ? (
                <Space size={4}>
                  <Button size="small" type="primary" ghost loading={result.isPending && result.variables?.p.id === r.id && result.variables.result === 'paid'} onClick={() => result.mutate({ p: r, result: 'paid' })} data-testid={`payment-paid-${r.lineNo}`}>
                    {t('aid.batch.markPaid')}
                  </Button>
                  <Button size="small" danger onClick={() => setFailing(r)} data-testid={`payment-failed-${r.lineNo}`}>
                    {t('aid.batch.markFailed')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/aid/batches">{t('aid.batches.title')}</Link> }, { title: b.batchNo }]} />
      <Card
        title={
          <Space wrap>
            <Mono>
              <span data-testid="batch-no">{b.batchNo}</span>
            </Mono>
            <Link to={`/aid/programs/${b.programId}`}>{b.programName}</Link>
            <BatchStatusTag value={b.status} />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} loading={q.isFetching} />
            {finance && open && (
              <Tooltip title={t('aid.batch.bankHint')}>
                <Space.Compact>
                  <Button icon={<DownloadOutlined />} loading={downloading === 'xlsx'} onClick={() => download('xlsx')} data-testid="batch-bank-xlsx">
                    {t('aid.batch.bankXlsx')}
                  </Button>
                  <Button loading={downloading === 'csv'} onClick={() => download('csv')} data-testid="batch-bank-csv">
                    csv
                  </Button>
                </Space.Compact>
              </Tooltip>
            )}
            {finance && b.status === 'exported' && (
              <Upload
                accept=".xlsx,.csv"
                showUploadList={false}
                beforeUpload={(f) => {
                  upload.mutate(f);
                  return Upload.LIST_IGNORE;
                }}
              >
                <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="batch-upload-results">
                  {t('aid.batch.upload')}
                </Button>
              </Upload>
            )}
            {finance && retryable > 0 && b.status === 'settled' && (
              <Button type="primary" loading={retry.isPending} onClick={() => retry.mutate()} data-testid="batch-retry">
                {t('aid.batch.retry')} ({retryable})
              </Button>
            )}
            {finance && b.status === 'draft' && (
              <Button danger loading={cancel.isPending} onClick={() => modal.confirm({ title: t('aid.batch.cancel'), content: t('aid.batch.cancelConfirm'), okButtonProps: { danger: true }, onOk: () => cancel.mutateAsync() })} data-testid="batch-cancel">
                {t('aid.batch.cancel')}
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.batch.items')} value={b.itemCount} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.total')} value={formatFen(b.totalFen)} data-testid="batch-total" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.batch.paid')} value={`${b.paidCount} · ${formatFen(b.paidFen)}`} styles={{ content: { color: '#389e0d' } }} data-testid="batch-paid" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.batch.failed')} value={`${b.failedCount} · ${formatFen(failedFen)}`} styles={{ content: { color: b.failedCount ? '#cf1322' : undefined } }} data-testid="batch-failed" />
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('aid.batch.createdBy')}>
            {b.createdByName} · {formatDateTime(b.createdAt, { seconds: false })}
          </Descriptions.Item>
          <Descriptions.Item label={t('aid.batch.exported')}>{b.exportedAt ? `${formatDateTime(b.exportedAt, { seconds: false })} · ${t('aid.batch.exportedN', { n: b.exportCount })}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('aid.money.pending')}>{formatFen(pendingFen)}</Descriptions.Item>
          {b.retryOf && (
            <Descriptions.Item label={t('aid.batch.retryOf')}>
              <Link to={`/aid/batches/${b.retryOf}`}>{t('aid.batch.retryOf')}</Link>
            </Descriptions.Item>
          )}
          {b.settledAt && <Descriptions.Item label={t('aid.batch.result')}>{formatDateTime(b.settledAt, { seconds: false })}</Descriptions.Item>}
        </Descriptions>
        {summary && <Alert type="success" showIcon closable onClose={() => setSummary(null)} style={{ marginTop: 12 }} title={t('aid.batch.uploaded', { paid: summary.paid, failed: summary.failed, unchanged: summary.unchanged })} data-testid="batch-upload-summary" />}
        {!finance && open && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('aid.batch.financeOnly')} />}
      </Card>
      <Card title={t('aid.batch.items')}>
        <Table<PaymentDto> rowKey="id" size="small" columns={columns} dataSource={b.items} pagination={{ pageSize: 100, hideOnSinglePage: true }} scroll={{ x: 1200 }} data-testid="batch-items" onRow={(r) => ({ 'data-testid': `payment-row-${r.lineNo}` }) as object} />
      </Card>
      {failing && (
        <Modal
          open
          title={`${t('aid.batch.failTitle')} · ${failing.payeeName} ${formatFen(failing.amountFen)}`}
          onCancel={() => setFailing(null)}
          onOk={() => result.mutate({ p: failing, result: 'failed', reason: failReason.trim() })}
          okButtonProps={{ danger: true, disabled: !failReason.trim(), 'data-testid': 'payment-failed-submit' }}
          confirmLoading={result.isPending}
          destroyOnHidden
        >
          <Input placeholder={t('aid.batch.failReason')} value={failReason} maxLength={200} onChange={(e) => setFailReason(e.target.value)} data-testid="payment-fail-reason" />
        </Modal>
      )}
    </Space>
  );
}
