import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useT } from '../../app/i18n';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import type { HouseholdListItem } from '../registry/api';
import { CategoryTag } from '../registry/labels';
import { listAwaitingApproval, verificationKeys } from './api';
import { useCursorList } from '../../ui/useCursorList';

/** 待审核建档: files verified by a signed visit, oldest first. */
export default function ReviewListPage() {
  const t = useT();
  const q = useCursorList(verificationKeys.reviews(), (c) => listAwaitingApproval(c));
  const rows = q.rows;
  const columns: TableColumnsType<HouseholdListItem> = [
    {
      title: t('vf.col.worker'),
      dataIndex: 'workerName',
      render: (v: string, r) => (
        <Link to={`/verification/review/${r.id}`} data-testid={`vf-review-link-${r.id}`}>
          {v}
        </Link>
      ),
    },
    { title: t('vf.col.household'), dataIndex: 'archiveNo', render: (v: string | null) => (v ? <Mono>{v}</Mono> : '—') },
    { title: t('vf.col.org'), dataIndex: 'orgName' },
    { title: t('vf.rec.category'), dataIndex: 'category', render: (v) => <CategoryTag value={v} /> },
    { title: t('vf.check.income'), dataIndex: 'annualIncomeFen', align: 'right', render: (v: number) => formatFen(v) },
    { title: t('vf.col.verifiedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, { seconds: false }) },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Card title={t('vf.reviews.title')} extra={<Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} />}>
      <Table rowKey="id" columns={columns} dataSource={rows} loading={q.isLoading} pagination={false} scroll={{ x: 'max-content' }} data-testid="vf-reviews-table" />
      {q.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
