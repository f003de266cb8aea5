import { ClockCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import type { WorklistDto, WorklistSection } from '../../../contracts/worklist';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';

function SectionCard({ s }: { s: WorklistSection }) {
  const t = useT();
  const navigate = useNavigate();
  const title = t.lang === 'en' ? s.titleEn : s.titleZh;
  return (
    <Card
      size="small"
      data-testid={`worklist-${s.key}`}
      title={
        <Space>
          <span>{title}</span>
          <Badge count={s.total} showZero overflowCount={99999} color={s.total ? '#1f5aa6' : '#bfbfbf'} />
          {s.overdue > 0 && (
            <Tag color="red" icon={<ClockCircleOutlined />}>
              {t('worklist.overdue', { n: String(s.overdue) })}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Typography.Link onClick={() => navigate(s.href)}>
          {t('worklist.all')} <RightOutlined />
        </Typography.Link>
      }
    >
      {s.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('worklist.nothing')} />
      ) : (
        <List
          size="small"
          dataSource={s.items}
          renderItem={(i) => (
            <List.Item key={i.kind + i.id} style={{ cursor: 'pointer' }} onClick={() => navigate(i.href)} extra={i.dueDate ? <Typography.Text type={i.overdue ? 'danger' : 'secondary'}>{i.dueDate}</Typography.Text> : null}>
              <List.Item.Meta title={i.title} description={i.subtitle} />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 我的待办: the actor's queues from every module, most urgent first. */
export function Worklist() {
  const t = useT();
  const q = useQuery({ queryKey: ['worklist'], queryFn: () => api<WorklistDto>('/api/v1/worklist') });
  const sections = q.data?.sections ?? [];
  if (!q.isPending && sections.length === 0) return null;
  return (
    <Card title={t('worklist.title')} loading={q.isPending} data-testid="worklist">
      <Row gutter={[12, 12]}>
        {sections.map((s) => (
          <Col key={s.key} xs={24} lg={12}>
            <SectionCard s={s} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
