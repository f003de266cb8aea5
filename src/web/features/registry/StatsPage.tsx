import { BarChartOutlined } from '@ant-design/icons';
import { Card, Result } from 'antd';
import { useT } from '../../app/i18n';

/** Registry statistics: waits for GET /api/v1/registry/stats. */
export default function StatsPage() {
  const t = useT();
  return (
    <Card title={t('menu.registry.stats')}>
      <Result icon={<BarChartOutlined style={{ color: '#faad14' }} />} title={t('common.comingSoon')} />
    </Card>
  );
}
