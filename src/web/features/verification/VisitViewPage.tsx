import { useQuery } from '@tanstack/react-query';
import { Card, Skeleton, Space } from 'antd';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../app/api';
import { useT } from '../../app/i18n';
import { LoadError, NotFound } from '../../ui/results';
import { getVisit, verificationKeys } from './api';
import { VisitCard } from './VisitCard';

/** One signed visit with its signature (the hash is re-checked by the server on every read). */
export default function VisitViewPage() {
  const t = useT();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: verificationKeys.visit(id), queryFn: () => getVisit(id), meta: { quiet: true } });
  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Card><Skeleton active /></Card>;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 960 }}>
      <VisitCard v={q.data} />
      <Link to={`/registry/households/${q.data.householdId}?tab=history`}>{t('vf.openHousehold')}</Link>
    </Space>
  );
}
