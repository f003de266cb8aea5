import { CheckCircleOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Descriptions, Space, Typography } from 'antd';
import type { Category, Level } from '../../../contracts/registry';
import { useT } from '../../app/i18n';
import { formatFen } from '../../ui/format';
import { CategoryTag, LevelTag } from './labels';
import { bpToMultiplier } from './numbers';

export interface IdentificationView {
  category: Category | null;
  level: Level | null;
  perCapitaMonthlyIncomeFen: number;
  dibaoLineFen: number;
  nearDibaoMultiplierBp?: number;
  lineRegionCode: string;
  year?: number;
  reasons: Array<{ code: string; zh: string; en: string }>;
}

/** Category and level with the figures and reasons that produced them, in the current language. */
export function IdentificationResult({ r, regionName, compact }: { r: IdentificationView; regionName?: string | null; compact?: boolean }) {
  const t = useT();
  return (
    <div data-testid="identification-result">
      <Space size={8} wrap style={{ marginBottom: 12 }}>
        <CategoryTag value={r.category} big={!compact} />
        <LevelTag value={r.level} big={!compact} />
      </Space>
      <Descriptions column={compact ? 1 : { xs: 1, md: 2 }} size="small" bordered styles={{ label: { width: compact ? 110 : 150 } }}>
        <Descriptions.Item label={t('assess.perCapita')}>
          <span data-testid="per-capita">{formatFen(r.perCapitaMonthlyIncomeFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('assess.line')}>
          <span data-testid="line-used">
            {formatFen(r.dibaoLineFen)} {t('unit.perPersonMonth')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('assess.lineRegion')}>
          {regionName ? `${regionName}（${r.lineRegionCode}）` : r.lineRegionCode}
          {r.year ? ` · ${r.year}` : ''}
        </Descriptions.Item>
        {r.nearDibaoMultiplierBp !== undefined && (
          <Descriptions.Item label={t('assess.k')}>
            {bpToMultiplier(r.nearDibaoMultiplierBp)} × → {formatFen(Math.round((r.dibaoLineFen * r.nearDibaoMultiplierBp) / 10000))}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        <InfoCircleOutlined /> {t('assess.reasons')}
      </Typography.Title>
      <ol style={{ paddingInlineStart: 0, listStyle: 'none', margin: 0 }} data-testid="identification-reasons">
        {r.reasons.map((x) => (
          <li key={x.code} style={{ display: 'flex', gap: 8, padding: '4px 0' }}>
            <CheckCircleOutlined style={{ color: '#1f5aa6', marginTop: 4 }} />
            <span>{t.label(x)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
