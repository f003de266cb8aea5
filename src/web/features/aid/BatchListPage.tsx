import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { BATCH_STATUSES, BATCH_STATUS_LABELS, type BatchStatus } from '../../../contracts/aid';
import { Permission } from '../../../contracts/auth';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { enumOptions } from '../registry/labels';
import { BatchCreateModal } from './BatchCreateModal';
import { BatchTable } from './parts';

/** 发放: every disbursement batch in scope; finance creates new ones from confirmed awards. */
export default function BatchListPage() {
  const t = useT();
  const qc = useQueryClient();
  const { can } = useAuth();
  const [status, setStatus] = useState<BatchStatus | undefined>();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={t('aid.batches.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void qc.invalidateQueries({ queryKey: ['aid', 'batches'] })} aria-label={t('common.refresh')} />
          {can(Permission.AidDisburse) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="batch-new">
              {t('aid.batch.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('aid.batches.hint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('aid.status')} value={status} onChange={setStatus} options={enumOptions(t, BATCH_STATUSES, BATCH_STATUS_LABELS)} style={{ width: 160 }} data-testid="batch-filter-status" />
      </Space>
      <BatchTable status={status} />
      {creating && <BatchCreateModal onClose={() => setCreating(false)} />}
    </Card>
  );
}
