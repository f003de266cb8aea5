import { Card, Descriptions, Typography } from 'antd';
import { useT, type MsgKey } from '../../../app/i18n';
import { formatDateTime } from '../../../ui/format';
import type { HouseholdDto } from '../api';

const ROWS: Array<{ key: keyof HouseholdDto['signers']; label: MsgKey }> = [
  { key: 'investigatedBy', label: 'hh.signer.investigated' },
  { key: 'registeredBy', label: 'hh.signer.registered' },
  { key: 'reviewedBy', label: 'hh.signer.reviewed' },
  { key: 'responsible', label: 'hh.signer.responsible' },
];

/** 谁调查、谁登记、谁审核、谁负责: the four signers of a file. */
export function SignersCard({ h }: { h: HouseholdDto }) {
  const t = useT();
  return (
    <Card size="small" title={t('hh.signers')} data-testid="hh-signers">
      <Descriptions column={1} size="small" styles={{ label: { width: t.lang === 'en' ? 130 : 80 } }}>
        {ROWS.map((r) => {
          const s = h.signers[r.key];
          return (
            <Descriptions.Item key={r.key} label={t(r.label)}>
              {s ? (
                <span>
                  <strong>{s.name}</strong>{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(s.at, { seconds: false })}
                  </Typography.Text>
                </span>
              ) : (
                <Typography.Text type="secondary">{t('hh.signer.pending')}</Typography.Text>
              )}
            </Descriptions.Item>
          );
        })}
      </Descriptions>
    </Card>
  );
}
