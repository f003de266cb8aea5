import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Typography } from 'antd';
import { useT } from '../../app/i18n';
import { aidKeys } from './api';
import { NoticeTable } from './parts';

/** Every public notice in the actor's scope. */
export default function NoticeListPage() {
  const t = useT();
  const qc = useQueryClient();
  return (
    <Card title={t('aid.notices.title')} extra={<Button icon={<ReloadOutlined />} onClick={() => void qc.invalidateQueries({ queryKey: aidKeys.notices() })} aria-label={t('common.refresh')} />}>
      <Typography.Paragraph type="secondary">{t('aid.notices.hint')}</Typography.Paragraph>
      <NoticeTable />
    </Card>
  );
}
