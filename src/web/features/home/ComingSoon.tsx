import { ClockCircleOutlined } from '@ant-design/icons';
import { Button, Card, Result, Tag } from 'antd';
import { useNavigate } from 'react-router';
import type { ModuleDef } from '../../app/layout';
import { useT } from '../../app/i18n';

/** Placeholder of a module that is planned but not built yet (即将上线). */
export function ComingSoon({ module }: { module: ModuleDef }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Card>
      <Result
        icon={<ClockCircleOutlined style={{ color: '#faad14' }} />}
        title={
          <span data-testid="coming-soon">
            {t(module.key)} <Tag color="gold">{t('common.comingSoon')}</Tag>
          </span>
        }
        subTitle={
          <div style={{ maxWidth: 560, margin: '0 auto' }}>
            {module.desc && <p style={{ fontSize: 15 }}>{t(module.desc)}</p>}
            <p>{t('module.comingSoon.sub')}</p>
          </div>
        }
        extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      />
    </Card>
  );
}
