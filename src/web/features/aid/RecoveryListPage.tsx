import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Row, Select, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { RECOVERY_STATUSES, RECOVERY_STATUS_LABELS, type RecoveryStatus } from '../../../contracts/aid';
import { useT } from '../../app/i18n';
import { showError } from '../../ui/feedback';
import { fileStamp, formatFen } from '../../ui/format';
import { enumOptions } from '../registry/labels';
import { aidKeys, exportRecoveries, getRecoverySummary, type RecoverySummaryDto } from './api';
import { Money } from './labels';
import { RecoveryTable } from './parts';

type OrgRow = RecoverySummaryDto['byOrg'][number];

/** 追回: outstanding totals per union, the list, and its .xlsx. */
export default function RecoveryListPage() {
  const t = useT();
  const qc = useQueryClient();
  const [status, setStatus] = useState<RecoveryStatus | undefined>('open');
  const [exporting, setExporting] = useState(false);
  const summary = useQuery({ queryKey: aidKeys.recoverySummary(), queryFn: getRecoverySummary });
  const s = summary.data;
  const columns: TableColumnsType<OrgRow> = [
    { title: t('aid.org'), dataIndex: 'orgName' },
    { title: t('aid.recoveries.openCount'), dataIndex: 'openCount', width: 100, align: 'right' },
    { title: t('aid.rec.outstanding'), dataIndex: 'outstandingFen', width: 150, align: 'right', render: (v: number) => <Money fen={v} strong={v > 0} /> },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('aid.recoveries.title')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void qc.invalidateQueries({ queryKey: ['aid', 'recoveries'] })} aria-label={t('common.refresh')} />
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => {
                setExporting(true);
                exportRecoveries({ status }, `recoveries_${fileStamp()}`)
                  .catch(showError)
                  .finally(() => setExporting(false));
              }}
              data-testid="recovery-export"
            >
              {t('common.export')}
            </Button>
          </Space>
        }
        loading={summary.isPending}
      >
        <Typography.Paragraph type="secondary">{t('aid.recoveries.hint')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.recoveries.outstanding')} value={formatFen(s?.totalOutstandingFen ?? 0)} styles={{ content: { color: (s?.totalOutstandingFen ?? 0) > 0 ? '#cf1322' : undefined } }} data-testid="recovery-outstanding" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('aid.recoveries.openCount')} value={s?.openCount ?? 0} data-testid="recovery-open-count" />
          </Col>
        </Row>
        {s && s.byOrg.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('aid.recoveries.byOrg')}
            </Typography.Title>
            <Table<OrgRow> rowKey="orgId" size="small" columns={columns} dataSource={s.byOrg} pagination={{ pageSize: 10, hideOnSinglePage: true }} data-testid="recovery-by-org" />
          </>
        )}
      </Card>
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <Select allowClear placeholder={t('aid.status')} value={status} onChange={setStatus} options={enumOptions(t, RECOVERY_STATUSES, RECOVERY_STATUS_LABELS)} style={{ width: 160 }} data-testid="recovery-filter-status" />
        </Space>
        <RecoveryTable status={status} />
      </Card>
    </Space>
  );
}
