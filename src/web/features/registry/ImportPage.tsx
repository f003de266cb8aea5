import { CloudUploadOutlined } from '@ant-design/icons';
import { Card, Result, Steps, Tag } from 'antd';
import { useT } from '../../app/i18n';

/**
 * PLACEHOLDER — 导入 Import (摸底上报 by Excel). The template download and the import endpoint with
 * progress are not on the server yet; this page shows what the wizard will do until they exist.
 */
export default function ImportPage() {
  const t = useT();
  return (
    <Card title={t('menu.registry.import')} data-testid="registry-import-placeholder">
      <Result
        icon={<CloudUploadOutlined style={{ color: '#faad14' }} />}
        title={
          <span>
            {t('import.title')} <Tag color="gold">{t('common.comingSoon')}</Tag>
          </span>
        }
        subTitle={t('import.sub')}
      />
      <Steps
        style={{ maxWidth: 860, margin: '0 auto' }}
        current={-1}
        items={[
          { title: t('import.step1'), content: t('import.step1.desc') },
          { title: t('import.step2'), content: t('import.step2.desc') },
          { title: t('import.step3'), content: t('import.step3.desc') },
          { title: t('import.step4'), content: t('import.step4.desc') },
        ]}
      />
    </Card>
  );
}
