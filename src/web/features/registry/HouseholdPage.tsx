import { ArrowLeftOutlined, EditOutlined, MoneyCollectOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Skeleton, Space, Tabs, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { formatDateTime } from '../../ui/format';
import { LoadError, NotFound } from '../../ui/results';
import { Mono } from '../../ui/tags';
import { getHousehold, registryKeys, type HouseholdDto } from './api';
import { BasicTab } from './tabs/BasicTab';
import { FourLooksTab } from './tabs/FourLooksTab';
import { HistoryTab } from './tabs/HistoryTab';
import { MembersTab } from './tabs/MembersTab';
import { PlanTab } from './tabs/PlanTab';
import { CategoryTag, LevelTag, StatusTag } from './labels';
import { blockedBy, EDITABLE, transitionsFor, type TransitionDef } from './lifecycle';
import { TransitionModal } from './TransitionModal';
import { ChainCard } from '../verification/ChainCard';
import { HouseholdMoneyCard } from '../aid/HouseholdMoneyCard';

const TABS = ['basic', 'members', 'four-looks', 'plan', 'history'] as const;
type TabKey = (typeof TABS)[number];

function Actions({ h, onMove }: { h: HouseholdDto; onMove: (d: TransitionDef) => void }) {
  const t = useT();
  const navigate = useNavigate();
  const { me, can } = useAuth();
  const ctx = {
    from: h.status,
    canWrite: can(Permission.RegistryWrite),
    canReview: can(Permission.RegistryReview),
    userId: me.user.id,
    registeredBy: h.signers.registeredBy?.userId,
    investigatedBy: h.signers.investigatedBy?.userId,
    category: h.category,
  };
  const moves = transitionsFor(ctx);
  return (
    <Space wrap data-testid="hh-actions">
      {can(Permission.AidApply) && h.status === 'approved' && (
        <Button icon={<MoneyCollectOutlined />} onClick={() => navigate(`/aid/apply?householdId=${h.id}`)} data-testid="hh-apply-aid">
          {t('aid.apply.forHousehold')}
        </Button>
      )}
      {can(Permission.RegistryWrite) && EDITABLE.includes(h.status) && (
        <Button icon={<EditOutlined />} onClick={() => navigate(`/registry/households/${h.id}/edit`)} data-testid="hh-edit">
          {t('common.edit')}
        </Button>
      )}
      {moves.map((d) => {
        // the server says which moves this user may make; the page explains the others
        const allowed = h.allowedTransitions.includes(d.to);
        const why = blockedBy(d, ctx) ?? (allowed ? null : 'hh.tr.notAllowed');
        return (
          <Tooltip key={d.to} title={why ? t(why) : t(d.hint)}>
            <Button type={d.primary ? 'primary' : 'default'} danger={d.danger} disabled={!!why} onClick={() => onMove(d)} data-testid={`transition-${d.to}`}>
              {t(d.label)}
            </Button>
          </Tooltip>
        );
      })}
    </Space>
  );
}

export default function HouseholdPage() {
  const t = useT();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'basic';
  const { can } = useAuth();
  const [move, setMove] = useState<TransitionDef | null>(null);
  const q = useQuery({ queryKey: registryKeys.one(id), queryFn: () => getHousehold(id), meta: { quiet: true } });
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [id]);

  if (q.isError && isApiError(q.error) && (q.error.status === 404 || q.error.status === 400)) return <NotFound />;
  if (q.isError && !q.data) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const h = q.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card data-testid="hh-header">
        {!h ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start', justifyContent: 'space-between' }}>
            <div style={{ minWidth: 0 }}>
              <Space size={10} align="center" wrap>
                <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/registry')} aria-label={t('common.back')} />
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="hh-archive-no">
                  {h.archiveNo ? <Mono>{h.archiveNo}</Mono> : <Typography.Text type="secondary">{t('hh.noArchiveNo')}</Typography.Text>}
                </Typography.Title>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {h.workerName}
                </Typography.Title>
                <StatusTag value={h.status} />
                <CategoryTag value={h.category} />
                <LevelTag value={h.level} />
              </Space>
              <div style={{ marginTop: 6, marginInlineStart: 42, color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>
                {h.orgName} · {h.regionName ?? h.regionCode} · {t('hh.sizeN', { count: h.size })} · {t('hh.updatedAt')} {formatDateTime(h.updatedAt, { seconds: false })}
              </div>
            </div>
            <Space>
              <Tooltip title={t('common.refresh')}>
                <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} aria-label={t('common.refresh')} loading={q.isFetching} />
              </Tooltip>
              <Actions h={h} onMove={setMove} />
            </Space>
          </div>
        )}
      </Card>
      <Card styles={{ body: { paddingTop: 4 } }}>
        {!h ? (
          <Skeleton active />
        ) : (
          <Tabs
            activeKey={tab}
            onChange={(k) => setParams(k === 'basic' ? {} : { tab: k }, { replace: true })}
            data-testid="hh-tabs"
            items={[
              { key: 'basic', label: <span data-testid="tab-basic">{t('hh.tab.basic')}</span>, children: <BasicTab h={h} /> },
              { key: 'members', label: <span data-testid="tab-members">{t('hh.tab.members', { count: h.members.length })}</span>, children: <MembersTab h={h} /> },
              { key: 'four-looks', label: <span data-testid="tab-four-looks">{t('hh.tab.fourLooks')}</span>, children: <FourLooksTab h={h} /> },
              { key: 'plan', label: <span data-testid="tab-plan">{t('hh.tab.plan')}</span>, children: <PlanTab h={h} /> },
              { key: 'history', label: <span data-testid="tab-history">{t('hh.tab.history')}</span>, children: (
                  <>
                    <ChainCard householdId={h.id} />
                    <HistoryTab h={h} />
                  </>
                ),
              },
            ]}
          />
        )}
      </Card>
      {h && can(Permission.AidRead) && <HouseholdMoneyCard householdId={h.id} />}
      {h && move && <TransitionModal household={h} def={move} onClose={() => setMove(null)} />}
    </Space>
  );
}
