import { ApartmentOutlined, AuditOutlined, BarChartOutlined, CalculatorOutlined, FundOutlined, MoneyCollectOutlined, RightOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { Permission } from '../../../contracts/auth';
import type { OrgDto, OrgKind } from '../../../contracts/orgs';
import { fetchAll } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT, type MsgKey } from '../../app/i18n';
import { MODULES } from '../../app/layout';
import { EChart } from '../../ui/EChart';
import { formatDateTime } from '../../ui/format';
import { Mono, OrgKindTag, RoleTags, orgKindLabel } from '../../ui/tags';
import { Worklist } from './Worklist';

const KIND_HEX: Record<OrgKind, string> = {
  province: '#cf1322',
  city: '#d4380d',
  county: '#d46b08',
  grassroots: '#1f5aa6',
  industry: '#531dab',
  third_party: '#08979c',
};

function SubOrgChart({ orgId }: { orgId: string }) {
  const t = useT();
  const q = useQuery({
    queryKey: ['orgs', 'children', orgId],
    queryFn: () => fetchAll<OrgDto>('/api/v1/orgs', { parentId: orgId, limit: 500 }),
  });
  const option = useMemo<EChartsOption | null>(() => {
    const items = q.data ?? [];
    if (!items.length) return null;
    const kinds = [...new Set(items.map((o) => o.kind))];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 70 },
      xAxis: { type: 'category', data: items.map((o) => o.name), axisLabel: { rotate: items.length > 6 ? 35 : 0, interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', name: t('org.children'), minInterval: 1 },
      series: kinds.map((k) => ({
        name: orgKindLabel(t, k),
        type: 'bar',
        stack: 'all',
        barMaxWidth: 36,
        itemStyle: { color: KIND_HEX[k] },
        data: items.map((o) => (o.kind === k ? o.childCount : null)),
      })),
    };
  }, [q.data, t]);
  return (
    <Card title={t('home.subOrgs')} loading={q.isPending}>
      {option ? <EChart option={option} height={300} testId="suborg-chart" /> : <Empty description={t('home.subOrgsEmpty')} />}
    </Card>
  );
}

export default function DashboardPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me, can } = useAuth();

  const scopeText = t.lang === 'en' ? `${me.org.name} and its sub-organisations${me.scope.regionCode ? `, and every record within division ${me.scope.regionCode}` : ''}` : me.scope.description;
  const shortcuts = [
    { path: '/registry', key: 'menu.registry.list' as MsgKey, icon: <SolutionOutlined />, perm: Permission.RegistryRead },
    { path: '/registry/assess', key: 'menu.registry.assess' as MsgKey, icon: <CalculatorOutlined />, perm: Permission.RegistryRead },
    { path: '/registry/stats', key: 'stats.title' as MsgKey, icon: <BarChartOutlined />, perm: Permission.RegistryRead },
    { path: '/aid', key: 'menu.aid.programs' as MsgKey, icon: <MoneyCollectOutlined />, perm: Permission.AidRead },
    { path: '/aid/reports', key: 'menu.aid.reports' as MsgKey, icon: <FundOutlined />, perm: Permission.AidRead },
    { path: '/orgs', key: 'menu.orgs' as MsgKey, icon: <ApartmentOutlined />, perm: Permission.OrgRead },
    { path: '/users', key: 'menu.users' as MsgKey, icon: <TeamOutlined />, perm: Permission.UserRead },
    { path: '/audit', key: 'menu.audit' as MsgKey, icon: <AuditOutlined />, perm: Permission.AuditRead },
  ].filter((s) => can(s.perm));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Worklist />
      <Card data-testid="welcome-card" style={{ background: 'linear-gradient(100deg, #ffffff 55%, #fdf1f1 100%)' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.hello', { name: me.user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { width: 150 } }}>
          <Descriptions.Item label={t('home.org')}>
            <Space wrap size={6}>
              <strong>{me.org.name}</strong>
              <OrgKindTag kind={me.org.kind} />
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.orgCode')}>
            <Mono>{me.org.code}</Mono>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            <RoleTags roles={me.user.roles} />
          </Descriptions.Item>
          <Descriptions.Item label={t('home.session')}>{formatDateTime(me.sessionExpiresAt, { seconds: false })}</Descriptions.Item>
          <Descriptions.Item label={t('home.scope')} span={2}>
            <span data-testid="scope-description">{scopeText}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('home.permissions')} span={2}>
            <Space wrap size={4}>
              {me.permissions.map((p) => (
                <Tag key={p}>{t.maybe(`perm.${p}`, p)}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={16}>
        <Col span={can(Permission.OrgRead) ? 14 : 24}>
          <Card title={t('home.shortcuts')} style={{ marginBottom: 16 }}>
            <Row gutter={[12, 12]}>
              {shortcuts.map((s) => (
                <Col span={8} key={s.path}>
                  <Card hoverable size="small" onClick={() => navigate(s.path)}>
                    <Space>
                      <span style={{ fontSize: 22, color: '#1f5aa6' }}>{s.icon}</span>
                      <span style={{ fontSize: 15 }}>{t(s.key)}</span>
                      <RightOutlined style={{ color: '#bbb' }} />
                    </Space>
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
          <Card title={t('home.modules')}>
            <Row gutter={[12, 12]}>
              {MODULES.filter((m) => m.soon).map((m) => (
                <Col span={12} key={m.path}>
                  <Card size="small" hoverable onClick={() => navigate(m.path)} style={{ height: '100%' }}>
                    <Space align="start">
                      <span style={{ fontSize: 20, color: '#8c8c8c' }}>{m.icon}</span>
                      <div>
                        <div style={{ fontWeight: 600 }}>
                          {t(m.key)}{' '}
                          <Tag color="gold" style={{ marginInlineStart: 4 }}>
                            {t('common.comingSoon')}
                          </Tag>
                        </div>
                        {m.desc && (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t(m.desc)}
                          </Typography.Text>
                        )}
                      </div>
                    </Space>
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        {can(Permission.OrgRead) && (
          <Col span={10}>
            <SubOrgChart orgId={me.org.id} />
          </Col>
        )}
      </Row>
    </Space>
  );
}
