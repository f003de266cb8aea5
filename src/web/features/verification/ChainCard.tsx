import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, List, Skeleton, Typography } from 'antd';
import { Link } from 'react-router';
import { useT, type MsgKey } from '../../app/i18n';
import { formatDate, formatDateTime } from '../../ui/format';
import { Mono } from '../../ui/tags';
import { getChain, verificationKeys, type ChainDto } from './api';

const ROWS: Array<{ key: 'investigated' | 'registered' | 'reviewed' | 'responsible'; label: MsgKey }> = [
  { key: 'investigated', label: 'vf.chain.investigated' },
  { key: 'registered', label: 'vf.chain.registered' },
  { key: 'reviewed', label: 'vf.chain.reviewed' },
  { key: 'responsible', label: 'vf.chain.responsible' },
];

/** 谁调查、谁登记、谁审核、谁负责: the signers of a file with names and times, linked to the signed visit. */
export function ChainCard({ householdId }: { householdId: string }) {
  const t = useT();
  const q = useQuery({ queryKey: verificationKeys.chain(householdId), queryFn: () => getChain(householdId), meta: { quiet: true } });
  const c: ChainDto | undefined = q.data;
  return (
    <Card size="small" title={t('vf.chain.title')} style={{ marginBottom: 16 }} data-testid="vf-chain">
      {!c ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            {ROWS.map((r) => {
              const s = c[r.key];
              return (
                <Descriptions.Item key={r.key} label={t(r.label)}>
                  {s ? (
                    <span data-testid={`vf-chain-${r.key}`}>
                      <strong>{s.name}</strong>{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(s.at, { seconds: false })}
                      </Typography.Text>
                      {r.key === 'investigated' && c.investigated?.visitId && (
                        <>
                          {' · '}
                          <Link to={`/verification/visits/${c.investigated.visitId}`} data-testid="vf-chain-visit">
                            {t('vf.chain.visit')}
                          </Link>{' '}
                          {c.investigated.hashValid ? <CheckCircleFilled style={{ color: '#52c41a' }} title={t('vf.sig.valid')} /> : <CloseCircleFilled style={{ color: '#cf1322' }} title={t('vf.sig.invalid')} />}
                        </>
                      )}
                    </span>
                  ) : (
                    <Typography.Text type="secondary">{t('vf.chain.pending')}</Typography.Text>
                  )}
                </Descriptions.Item>
              );
            })}
          </Descriptions>
          {c.visits.length > 0 && (
            <List
              size="small"
              header={<Typography.Text type="secondary">{t('vf.chain.visits')}</Typography.Text>}
              dataSource={c.visits}
              renderItem={(v) => (
                <List.Item>
                  <Link to={`/verification/visits/${v.id}`}>{t('vf.visit.title', { n: v.round })}</Link>
                  <span>
                    {v.investigatorName} · {formatDate(v.visitDate)} · <Mono>{v.contentHash.slice(0, 16)}…</Mono>
                  </span>
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}
