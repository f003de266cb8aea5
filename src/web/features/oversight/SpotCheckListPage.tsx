import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { listSpotChecks, oversightKeys, type SpotCheckListItem } from './api';
import { useCursorList } from '../../ui/useCursorList';

export default function SpotCheckListPage() {
  const t = useT();
  const navigate = useNavigate();
  const q = useCursorList(oversightKeys.checks(), (c) => listSpotChecks(c));
  const rows = q.rows;
  const columns: TableColumnsType<SpotCheckListItem> = [
    { title: t('ov.col.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/oversight/spot-checks/${r.id}`} data-testid={`spot-check-link-${r.id}`}>{v}</Link> },
    { title: t('ov.col.scope'), dataIndex: 'orgName' },
    { title: t('ov.col.seed'), dataIndex: 'seed', render: (v: string) => <Mono>{v}</Mono> },
    { title: t('ov.col.population'), dataIndex: 'populationCount', align: 'right' },
    { title: t('ov.col.sample'), dataIndex: 'sampleCount', align: 'right' },
    { title: t('ov.col.open'), dataIndex: 'openCount', align: 'right', render: (v: number) => (v > 0 ? <Tag color="processing">{v}</Tag> : v) },
    { title: t('ov.col.bad'), dataIndex: 'nonconformingCount', align: 'right', render: (v: number) => (v > 0 ? <Tag color="error">{v}</Tag> : v) },
    { title: t('ov.col.drawnBy'), dataIndex: 'drawnByName' },
    { title: t('ov.col.drawnAt'), dataIndex: 'drawnAt', render: (v: string) => formatDateTime(v) },
  ];
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Card
      title={t('ov.checks.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>
            {t('common.refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/oversight/new')} data-testid="spot-check-new">
            {t('ov.checks.new')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('ov.checks.hint')}</Typography.Paragraph>
      <Table<SpotCheckListItem> rowKey="id" size="middle" columns={columns} dataSource={rows} loading={q.isLoading} pagination={false} data-testid="spot-check-table" scroll={{ x: 900 }} />
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
